#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the project's KUnit suites on x86_64 under QEMU, with KASAN, UBSAN
# and lockdep on. The kernel is the e2e guest's (rig/guest.sh), which
# has the suites built in but leaves them off unless the command line
# says kunit.enable=1: one debug kernel to build, not two. The console's
# KTAP output goes through kunit.py parse, as kunit.py run would do.
#
# Usage: kunit.sh [GLOB]   a suite filter glob, e.g. 'spdm_core*'
#   KUNIT_ACCEL   tcg (default) or kvm
#   KUNIT_TIMEOUT seconds for the whole boot (default 900)

. "$(dirname "$0")/common.sh"
. "$RIG_DIR/guest.sh"

BUILD=$OUT/kunit
ACCEL=${KUNIT_ACCEL:-tcg}
TIMEOUT=${KUNIT_TIMEOUT:-900}
glob=${1:-}

case $ACCEL in tcg|kvm) ;; *) die "KUNIT_ACCEL must be tcg or kvm, not '$ACCEL'" ;; esac
command -v qemu-system-x86_64 >/dev/null || die "no qemu-system-x86_64: run rig/host-deps.sh check"

# rig/check.sh has built the kernel already, and runs this beside lint
[ -n "${KUNIT_PREBUILT:-}" ] || guest_kernel
[ -f "$G/arch/x86/boot/bzImage" ] || die "no kernel in $G: run rig/kunit.sh without KUNIT_PREBUILT"
mkdir -p "$BUILD"
log=$BUILD/test.log
say "KUnit: booting the kernel with the suites on (QEMU ${ACCEL^^}${glob:+, filter $glob})"
rc=0
timeout -k 10 "$TIMEOUT" qemu-system-x86_64 -machine q35 -accel "$ACCEL" -cpu max -m 1G \
	-nodefaults -display none -no-reboot -serial stdio \
	-kernel "$G/arch/x86/boot/bzImage" \
	-append "console=ttyS0 panic=-1 kunit.enable=1 kunit_shutdown=reboot${glob:+ kunit.filter_glob=$glob}" \
	</dev/null >"$log" 2>&1 || rc=$?

# "N passed, N failed" from kunit.py's "Ran N tests: passed: P, ..." line;
# a run that never got that far counts as one failure.
prc=0
(cd "$TREE" && python3 tools/testing/kunit/kunit.py parse "$log") 2>&1 |
	tee "$BUILD/kunit-output.txt" || prc=$?
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
# Every suite of ours the glob selects must have reported: a suite whose
# Kconfig option stopped being built would otherwise just be missing
missing=()
while read -r suite; do
	[ -z "$glob" ] || [[ $suite == ${glob%%.*} ]] || continue
	grep -Eaq "\] ok [0-9]+ $suite([[:space:]]|\$)" "$log" || missing+=("$suite")
done < <(cd "$PROJ_DIR" && find lib drivers -path '*/tests/*.c' -exec awk '
	/struct kunit_suite [A-Za-z0-9_]+ = \{/ { s = 1 }
	s && /\.name = "/ { match($0, /"[^"]*"/); print substr($0, RSTART + 1, RLENGTH - 2); s = 0 }
	' {} + | sort -u)
[ ${#missing[@]} -eq 0 ] || die "KUnit: no passing result for suite(s) ${missing[*]} (log: $log)"
[ $rc -eq 0 ] || die "the KUnit boot did not end by itself (QEMU/timeout exit status $rc; log: $log)"
grep -q '^kunit: [0-9]* passed, 0 failed' "$BUILD/totals" && [ $prc -eq 0 ] ||
	die "KUnit failed (log: $log)"

# KASAN and UBSAN reports fail the test they happen in; lockdep and WARN()
# do not. Any of them in the kernel log fails the run.
if grep -Eq "$KERNEL_SPLAT" "$log"; then
	grep -En -A12 "$KERNEL_SPLAT" "$log" | head -60 >&2
	die "the kernel log of the KUnit run has warnings (above; log: $log)"
fi
