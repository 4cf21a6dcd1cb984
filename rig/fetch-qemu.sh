#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install Debian trixie's QEMU into the cache, once: the end-to-end rig
# needs QEMU 9.1 or later, whose NVMe device forwards its DOE mailbox to
# an SPDM responder (-device nvme,spdm_port=N), and bookworm has 7.2.
# debootstrap puts a minimal trixie system with qemu-system-x86 (and
# python3 with yaml and jsonschema, which the guest borrows over
# virtio-9p for the kernel's YNL CLI) into
# $QEMU_ROOT, and the rig runs QEMU in it with chroot. Nothing from trixie
# is installed into the system. The mirror is the one the system's apt
# configuration names.
#
# Usage: fetch-qemu.sh   (root: debootstrap and chroot need it)

. "$(dirname "$0")/common.sh"

QEMU_MIN=9.1
stamp=$QEMU_ROOT/.cma-qemu-ready

qemu_version() {
	{ chroot "$1" qemu-system-x86_64 --version 2>/dev/null || true; } |
		sed -n '1s/.*version \([0-9][0-9.]*\).*/\1/p'
}

# The guest's YNL CLI runs on this root's python3 (shared over virtio-9p)
has_python() {
	chroot "$1" python3 -c 'import yaml, jsonschema' 2>/dev/null
}

if [ -f "$stamp" ] && [ -n "$(qemu_version "$QEMU_ROOT")" ] && has_python "$QEMU_ROOT"; then
	exit 0
fi

[ "$(id -u)" = 0 ] || die "installing trixie's QEMU needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || die "no debootstrap: run rig/host-deps.sh run"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || die "no $keyring: install debian-archive-keyring"
mirror=$(debian_mirror)

tmp=$QEMU_ROOT.partial
log=$CMA_CACHE/qemu-debootstrap.log
rm -rf "$tmp"
mkdir -p "$CMA_CACHE"
say "installing Debian trixie's qemu-system-x86 into $QEMU_ROOT (debootstrap, about a minute)"
if ! debootstrap --variant=minbase \
	--include=qemu-system-x86,python3,python3-yaml,python3-jsonschema \
	--keyring="$keyring" trixie "$tmp" "$mirror" >"$log" 2>&1; then
	tail -n 20 "$log" >&2
	die "debootstrap of trixie from $mirror failed (log: $log)"
fi
ver=$(qemu_version "$tmp")
[ -n "$ver" ] || die "trixie's qemu-system-x86_64 does not run in the chroot (log: $log)"
has_python "$tmp" || die "trixie's python3 with yaml and jsonschema does not run in the chroot (log: $log)"
if [ "$(printf '%s\n' "$QEMU_MIN" "$ver" | sort -V | head -n 1)" != "$QEMU_MIN" ]; then
	die "trixie's QEMU is $ver; the rig needs $QEMU_MIN or later"
fi
rm -rf "$QEMU_ROOT"
mv "$tmp" "$QEMU_ROOT"
echo "$ver" > "$stamp"
say "QEMU $ver ready in $QEMU_ROOT"
