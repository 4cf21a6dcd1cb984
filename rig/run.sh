#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the guest kernel from the overlaid tree, pack a busybox
# initramfs, and boot it under QEMU (q35, TCG). With "shell" as $1 the
# guest gives an interactive shell on the console instead of powering off.
#
# Prints the guest's report and PASS or FAIL; the whole console log is
# kept in $CMA_CACHE/out/guest/console.log.

. "$(dirname "$0")/common.sh"

mode=${1:-run}

. "$RIG_DIR/guest.sh"
guest_kernel
guest_initramfs "$RIG_DIR/guest/init" "$G/initramfs.cpio.gz"

# --- boot ------------------------------------------------------------------
append="console=ttyS0 panic=-1 quiet loglevel=4 kunit.filter_glob=spdm_core"
qemu=(qemu-system-x86_64 -machine q35 -accel tcg -cpu max -m 512 -smp 2
      -no-reboot -kernel "$G/arch/x86/boot/bzImage"
      -initrd "$G/initramfs.cpio.gz")
if [ "$mode" = shell ]; then
	exec "${qemu[@]}" -nographic -append "$append cma.shell=1"
fi
say "guest: booting under QEMU (TCG)"
timeout 300 "${qemu[@]}" -append "$append" -serial "file:$G/console.log" \
	-monitor none -display none </dev/null >/dev/null 2>&1 || true
sed -n 's/^GUEST: /  /p' "$G/console.log"
if grep -q '^GUEST: done' "$G/console.log" &&
   grep -q '^GUEST: in-kernel KUnit: .*ok spdm_core' "$G/console.log" &&
   ! grep -q '^GUEST: in-kernel KUnit: .*not ok' "$G/console.log"; then
	echo "PASS: guest booted the overlaid kernel and its SPDM suite passed"
else
	tail -n 40 "$G/console.log" >&2
	echo "FAIL: see $G/console.log"
	exit 1
fi
