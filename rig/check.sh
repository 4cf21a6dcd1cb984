#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test and lint gate, each timed. Stops at the first
# stage that fails. At the end (also after a failure) prints one line per
# stage with its wall seconds, and the total; the KUnit totals line comes
# last.
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
#
# The KUnit boot is one TCG thread, so it runs beside series, lint,
# build-each, verifier and fuzz-smoke (whose output it does not mix
# with: its own is shown when it ends), which leave the second core idle
# most of the time; e2e, which keeps both cores busy, starts after it.

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
	series) "$RIG_DIR/series.sh" ;;
	lint) "$RIG_DIR/lint.sh" ;;
	build-each) "$RIG_DIR/build-each.sh" ;;
	verifier) "$RIG_DIR/verifier.sh" ;;
	fuzz-smoke) "$RIG_DIR/fuzz.sh" smoke ;;
	e2e) "$RIG_DIR/e2e.sh" ;;
	esac
}

table() {
	local s total
	total=$(( $(date +%s) - start ))
	echo
	printf '%-12s %8s\n' stage seconds
	for s in "${ran[@]}"; do
		printf '%-12s %8s%s%s\n' "$s" "${secs[$s]}" \
			"$([ "$s" = kunit ] && echo '  (beside series .. fuzz-smoke)')" \
			"$([ "$s" = "$failed" ] && echo '  FAILED')"
	done
	printf '%-12s %8s  (%dm%02ds wall)\n' total "$total" $((total / 60)) $((total % 60))
}

start=$(date +%s)
# run_stage NAME: run and time one stage; on failure, the table and out
run_stage() {
	local t0 rc=0
	say "check: $1"
	t0=$(date +%s)
	stage "$1" || rc=$?
	secs[$1]=$(( $(date +%s) - t0 ))
	ran+=("$1")
	if [ $rc != 0 ]; then
		failed=$1
		finish_kunit
		table
		die "check: $1 failed"
	fi
}

# KUnit in the background, into its own log
kpid=
klog=$OUT/check-kunit.log
start_kunit() {
	mkdir -p "$OUT"
	say "check: kunit (in the background, beside the next stages; log $klog)"
	( t0=$(date +%s); rc=0; KUNIT_PREBUILT=1 "$RIG_DIR/kunit.sh" > "$klog" 2>&1 || rc=$?
	  echo "$(( $(date +%s) - t0 )) $rc" > "$klog.rc" ) &
	kpid=$!
}
finish_kunit() {
	local t rc
	[ -n "$kpid" ] || return 0
	wait "$kpid" || true
	kpid=
	read -r t rc < "$klog.rc" || { t=0; rc=1; }
	secs[kunit]=$t
	ran+=(kunit)
	say "check: kunit (ended)"
	tail -n 40 "$klog"
	[ "$rc" = 0 ] || { failed=${failed:-kunit}; return 1; }
}

for s in "${stages[@]}"; do
	case $s in
	kunit) start_kunit ;;
	e2e)
		if ! finish_kunit; then
			table
			die "check: kunit failed (log: $klog)"
		fi
		run_stage e2e ;;
	*) run_stage "$s" ;;
	esac
done
table
echo "check: KUnit, series (git am, each patch builds), lint, verifier, fuzz and e2e gates passed"
cat "$OUT/kunit/totals"
