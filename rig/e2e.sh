#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# End-to-end: boot the guest kernel under Debian trixie's QEMU (TCG) with
# an NVMe device whose DOE mailbox QEMU forwards to our SPDM responder
# (tools/testing/spdm-responder) on 127.0.0.1, and let the guest connect,
# accept and disconnect through sysfs (rig/guest/e2e-init). One boot per
# case of the matrix: SPDM 1.0 to 1.3 x ECDSA P-256/SHA-256,
# P-384/SHA-384, RSASSA-3072/SHA-384 and RSAPSS-3072/SHA-384, and a
# responder whose signatures are corrupt. A case passes if the guest authenticated with the version
# the responder offered, the guest finished, and its console log has no
# WARN, BUG, lockdep report or panic (the guest kernel has WARN/BUG and
# lockdep; KASAN and UBSAN run in the KUnit suites, not in this guest).
#
# Usage: e2e.sh   (root: QEMU runs in a chroot)

. "$(dirname "$0")/common.sh"
. "$RIG_DIR/guest.sh"

E=$OUT/e2e
RUN=$QEMU_ROOT/cma-e2e		# seen as /cma-e2e inside the chroot

"$RIG_DIR/fetch-qemu.sh"
mkdir -p "$E" "$RUN"
command -v openssl >/dev/null || die "no openssl: run rig/host-deps.sh run"
make -s -C "$PROJ_DIR/tools/testing/spdm-responder" O="$E" >"$E/build.log" 2>&1 ||
	{ cat "$E/build.log" >&2; die "building the SPDM responder failed"; }

guest_kernel
guest_initramfs "$RIG_DIR/guest/e2e-init" "$RUN/initramfs.cpio.gz"
cp "$G/arch/x86/boot/bzImage" "$RUN/bzImage"

rsp_pid=
stop_responder() {
	if [ -n "$rsp_pid" ]; then
		kill "$rsp_pid" 2>/dev/null || true
		wait "$rsp_pid" 2>/dev/null || true
		rsp_pid=
	fi
}
trap stop_responder EXIT

# start_responder LOG ARGS...: on a free port; sets $port and $rsp_pid
start_responder() {
	local log=$1
	shift
	for port in $(seq $((20000 + $$ % 20000)) $((20019 + $$ % 20000))); do
		"$E/spdm-responder" -p "$port" "$@" >"$log" 2>&1 &
		rsp_pid=$!
		for _ in $(seq 50); do	# up to 5 s on a loaded machine
			grep -q 'on 127.0.0.1' "$log" && return
			kill -0 "$rsp_pid" 2>/dev/null || break
			sleep 0.1
		done
		stop_responder
		grep -q 'cannot listen' "$log" || { cat "$log" >&2; die "the SPDM responder did not start"; }
	done
	die "no free port for the SPDM responder"
}


# boot_case NAME VERSION KEY [RESPONDER ARGS...]: one boot; sets $log, $rc
boot_case() {
	local name=$1 version=$2 key=$3
	shift 3
	log=$RUN/console-$name.log
	start_responder "$E/responder-$name.log" -v "$version" \
		-k "$E/certs/$key/leaf.key" -c "$E/certs/$key/chain.der" "$@"
	rm -f "$log"
	rc=0
	timeout --foreground -k 10 180 chroot "$QEMU_ROOT" qemu-system-x86_64 -machine q35 \
		-accel tcg -cpu max -m 512 -no-reboot -display none \
		-monitor none -serial "file:/cma-e2e/console-$name.log" \
		-kernel /cma-e2e/bzImage -initrd /cma-e2e/initramfs.cpio.gz \
		-append "console=ttyS0 panic=-1 loglevel=6 kunit.enable=0 ${guest_args:-}" \
		-device pcie-root-port,id=rp0,bus=pcie.0,chassis=1 \
		-device "nvme,serial=cma-e2e,bus=rp0,spdm_port=$port" \
		</dev/null >"$E/qemu-$name.log" 2>&1 || rc=$?
	stop_responder
	touch "$log"
	cp -f "$log" "$E/"
}

# verdict NAME: FAIL (and why) for QEMU failures and kernel warnings
early_verdict() {
	if ! grep -q '^E2E: done' "$log"; then
		echo "the guest did not finish (QEMU $rc): $(tail -n 1 "$E/qemu-$1.log")"
	elif grep -Eq "$KERNEL_SPLAT" "$log"; then
		echo "kernel warning in the guest log"
	fi
}

# make bench: per connect, the DOE exchanges and SPDM bytes each way (as
# the responder saw them) and the wall time in the guest, median of
# $BENCH_RUNS connects in one boot.
if [ "${1:-}" = bench ]; then
	runs=${BENCH_RUNS:-10}
	[ "$runs" -gt 0 ] 2>/dev/null || die "BENCH_RUNS must be a positive number"
	printf '%-8s %-22s %9s %10s %10s %12s\n' version algorithms exchanges "bytes out" "bytes in" "median ms"
	for c in "1.2 p256 ECDSA~P-256~SHA-256" "1.2 p384 ECDSA~P-384~SHA-384" \
		 "1.2 rsa3072 RSASSA-3072~SHA-384" "1.3 p384 ECDSA~P-384~SHA-384"; do
		set -- $c
		guest_args="cma.bench=$runs"
		boot_case "bench-$1-$2" "$1" "$2" -d
		guest_args=
		why=$(early_verdict "bench-$1-$2")
		[ -z "$why" ] || die "bench $1 $2: $why (log: $log)"
		n=$(grep -c '^E2E: bench connect [0-9]* us' "$log" || true)
		[ "$n" = "$runs" ] || die "bench $1 $2: $n of $runs connects timed (log: $log)"
		median=$(sed -n 's/^E2E: bench connect \([0-9]*\) us.*/\1/p' "$log" | sort -n |
			awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }')
		read -r ex out in < <(awk -v runs="$runs" '
			/spdm-responder: 0x.. [0-9]+ bytes -> / { ex++; out += $3; inb += $7 }
			END { printf "%.1f %.0f %.0f\n", ex / runs, out / runs, inb / runs }' \
			"$E/responder-bench-$1-$2.log")
		printf '%-8s %-22s %9s %10s %10s %12s\n' "$1" "${3//\~/ }" "$ex" "$out" "$in" "$median"
	done
	exit 0
fi

fail=0
report() {
	[ "$3" = ok ] || fail=1
	printf '%-8s %-22s %-8s %s\n' "$1" "$2" "$3" "$4"
}

printf '%-8s %-22s %-8s %s\n' version algorithms result detail
for version in 1.0 1.1 1.2 1.3; do
	for alg in p256 p384 rsa3072 rsa3072-pss; do
		name=$version-$alg
		case $alg in
		p256) algs="ECDSA P-256 SHA-256"; args=(p256) ;;
		p384) algs="ECDSA P-384 SHA-384"; args=(p384) ;;
		rsa3072) algs="RSASSA-3072 SHA-384"; args=(rsa3072) ;;
		rsa3072-pss) algs="RSAPSS-3072 SHA-384"; args=(rsa3072 -s) ;;
		esac
		boot_case "$name" "$version" "${args[@]}"
		got=$(sed -n 's/^E2E: spdm slot [0-9]* version \([0-9.]*\).*/\1/p' "$log" | tr -d '\r' || true)
		why=$(early_verdict "$name")
		if [ -n "$why" ]; then
			report "$version" "$algs" FAIL "$why"
		elif [ "$got" != "$version" ] || ! grep -q '^E2E: accept ok' "$log" ||
		     ! grep -q '^E2E: after disconnect \[\]' "$log"; then
			report "$version" "$algs" FAIL "$(grep -a '^E2E: \(log\|connect\)' "$log" | head -n 2 | tr -d '\r' | tr '\n' ' ')"
		else
			report "$version" "$algs" ok "connect, accept, disconnect"
		fi
	done
done

# Faults: the connect fails with the expected errno (as the guest's shell
# words it), the SPDM step is logged, and the device is left
# unauthenticated. In the table, "~" stands for a space.
while read -r fault errno words logged; do
	name=fault-$fault
	boot_case "$name" 1.2 p256 -f "$fault"
	why=$(early_verdict "$name")
	if [ -n "$why" ]; then
		report 1.2 "$fault" FAIL "$why"
	elif grep -q "^E2E: connect error.*${words//\~/ }" "$log" &&
	     grep -q '^E2E: authenticated \[\]' "$log" &&
	     grep -q "^E2E: log SPDM ${logged//\~/ }" "$log"; then
		report 1.2 "$fault" ok "connect refused ($errno), not authenticated"
	else
		report 1.2 "$fault" FAIL "$(grep -a '^E2E: \(log\|connect\|auth\)' "$log" | head -n 3 | tr -d '\r' | tr '\n' ' ')"
	fi
done <<'FAULTS'
bad-signature -EKEYREJECTED Key~was~rejected CHALLENGE:~signature~does~not~verify
truncate -EMSGSIZE Message~too~long CHALLENGE:~malformed~response
wrong-code -EPROTO Protocol~error CHALLENGE:~malformed~response
chain-length -EBADMSG Bad~message GET_CERTIFICATE:~chain~header~says
FAULTS

[ $fail = 0 ] || die "end-to-end: some cases failed (logs in $E)"
say "e2e: every case passed (logs in $E)"
