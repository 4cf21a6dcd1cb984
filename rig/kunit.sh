#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the project's KUnit suites with kunit.py on x86_64 under QEMU,
# with KASAN, UBSAN and lockdep on, built with ccache.
#
# KUNIT_ACCEL chooses how QEMU runs:
#   auto (default)  KVM if it boots a kernel here, else TCG. A host whose
#                   /dev/kvm cannot boot a kernel is remembered, so later
#                   runs go straight to TCG.
#   kvm, tcg        force one.
# Extra arguments go to kunit.py (e.g. a suite filter glob: 'spdm_core*').

. "$(dirname "$0")/common.sh"

BUILD=$OUT/kunit
ACCEL=${KUNIT_ACCEL:-auto}
TIMEOUT=${KUNIT_TIMEOUT:-900}
KVM_BROKEN=$CMA_CACHE/kvm-cannot-boot

configs=(--kunitconfig="$RIG_DIR/kunit-debug.config")
while read -r f; do
	configs+=(--kunitconfig="$TREE/$f")
done < <(cd "$PROJ_DIR" && find lib drivers -name .kunitconfig 2>/dev/null | sort)
[ ${#configs[@]} -gt 1 ] || die "no .kunitconfig found in the overlay"

common=(--arch=x86_64 --build_dir="$BUILD")
kunit() { (cd "$TREE" && python3 tools/testing/kunit/kunit.py "$@"); }

mkdir -p "$BUILD"
say "KUnit: building ($JOBS jobs, ccache in $CCACHE_DIR)"
kunit build "${common[@]}" "${configs[@]}" --jobs="$JOBS" \
	--make_options "CC=ccache gcc" ||
	die "KUnit kernel build failed"

booted() { grep -q 'TAP version' "$BUILD/test.log" 2>/dev/null; }

# kunit.py exec, its output also kept for the totals.
kexec() {
	kunit exec "${common[@]}" "$@" 2>&1 | tee "$BUILD/kunit-output.txt"
}


# "N passed, N failed" from kunit.py's "Ran N tests: passed: P, ..." line;
# a run that never got that far counts as one failure.
totals() {
	python3 - "$BUILD/kunit-output.txt" <<'PY' | tee "$BUILD/totals"
import re, sys
c = {"passed": 0, "failed": 0, "crashed": 0, "skipped": 0, "errors": 0}
ran = False
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"Ran (\d+) tests:(.*)", line)
    if m:
        ran = True
        for k, v in re.findall(r"(\w+): (\d+)", m.group(2)):
            c[k] = int(v)
bad = c["failed"] + c["crashed"] + c["errors"] + (0 if ran else 1)
print(f"kunit: {c['passed']} passed, {bad} failed, {c['skipped']} skipped")
PY
}

if [ "$ACCEL" = auto ]; then
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ] || [ -f "$KVM_BROKEN" ]; then
		ACCEL=tcg
	fi
fi

# A host whose /dev/kvm cannot boot a kernel hangs silently. Boot once
# with no test selected to find out, and remember a failure.
if [ "$ACCEL" = auto ]; then
	say "KUnit: checking that KVM boots the kernel on this host"
	rm -f "$BUILD/test.log"
	kunit exec "${common[@]}" --timeout=60 'no-such-suite' \
		>/dev/null 2>&1 || true
	if booted; then
		ACCEL=kvm
	else
		warn "the kernel did not boot under KVM on this host; using TCG from now on"
		echo "$(date -u +%F) KVM could not boot the KUnit kernel" > "$KVM_BROKEN"
		ACCEL=tcg
	fi
fi

rc=0
case $ACCEL in
tcg)
	say "KUnit: running under QEMU TCG (rig/qemu-tcg drops -accel kvm)"
	PATH="$RIG_DIR/qemu-tcg:$PATH" kexec --timeout="$TIMEOUT" "$@" || rc=$?
	;;
kvm)
	say "KUnit: running under QEMU with KVM"
	kexec --timeout="$TIMEOUT" "$@" || rc=$?
	;;
*)
	die "KUNIT_ACCEL must be auto, kvm or tcg, not '$ACCEL'"
	;;
esac
totals
[ $rc -eq 0 ] || die "KUnit failed (kunit.py exit status $rc)"

# KASAN and UBSAN reports fail the test they happen in; lockdep and WARN()
# do not. Any of them in the kernel log fails the run.
if grep -Eq "$KERNEL_SPLAT" "$BUILD/test.log"; then
	grep -En -A12 "$KERNEL_SPLAT" "$BUILD/test.log" | head -60 >&2
	die "the kernel log of the KUnit run has warnings (above; log: $BUILD/test.log)"
fi
