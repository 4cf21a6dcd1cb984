#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test and lint gate, in order, each timed. Stops at
# the first stage that fails. At the end (also after a failure) prints
# one line per stage with its wall seconds, and the total; the KUnit
# totals line comes last.
#
#   setup       Debian packages, the base kernel, the overlaid tree,
#               trixie's QEMU (debootstrap) and sparse
#   kernel      the one debug kernel for KUnit and the e2e guest
#   kunit       the KUnit suites, booted in that kernel
#   series      git format-patch, git am reproduces the tree
#   lint        checkpatch, sparse, W=1, kernel-doc, YNL
#   build-each  every patch of the series builds
#   verifier    tools/pci/cma-verify and its tests on the recordings
#   fuzz-smoke  every seed and regression input, each target briefly
#   e2e         every end-to-end case

. "$(dirname "$0")/common.sh"
. "$RIG_DIR/guest.sh"

stages=(setup kernel kunit series lint build-each verifier fuzz-smoke e2e)
declare -A secs
ran=()
failed=

stage() {
	case $1 in
	setup)
		"$RIG_DIR/host-deps.sh" run &&
		"$RIG_DIR/fetch-base.sh" &&
		python3 "$RIG_DIR/overlay.py" "$PROJ_DIR" "$TREE" &&
		"$RIG_DIR/fetch-qemu.sh" &&
		"$RIG_DIR/fetch-sparse.sh" ;;
	kernel) (guest_kernel) ;;
	kunit) "$RIG_DIR/kunit.sh" ;;
	series) "$RIG_DIR/series.sh" ;;
	lint) "$RIG_DIR/lint.sh" ;;
	build-each) "$RIG_DIR/build-each.sh" ;;
	verifier) "$RIG_DIR/verifier.sh" ;;
	fuzz-smoke) "$RIG_DIR/fuzz.sh" smoke ;;
	e2e) "$RIG_DIR/e2e.sh" ;;
	esac
}

table() {
	local s total=0
	echo
	printf '%-12s %8s\n' stage seconds
	for s in "${ran[@]}"; do
		printf '%-12s %8s%s\n' "$s" "${secs[$s]}" "$([ "$s" = "$failed" ] && echo '  FAILED')"
		total=$((total + secs[$s]))
	done
	printf '%-12s %8s  (%dm%02ds)\n' total "$total" $((total / 60)) $((total % 60))
}

for s in "${stages[@]}"; do
	say "check: $s"
	t0=$(date +%s)
	rc=0
	stage "$s" || rc=$?
	secs[$s]=$(( $(date +%s) - t0 ))
	ran+=("$s")
	if [ $rc != 0 ]; then
		failed=$s
		table
		die "check: $s failed"
	fi
done
table
echo "check: KUnit, series (git am, each patch builds), lint, verifier, fuzz and e2e gates passed"
cat "$OUT/kunit/totals"
