#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the lib/spdm fuzz harness (tools/testing/spdm-fuzz, from the
# overlaid tree) with clang, libFuzzer, ASan and UBSan, and run it.
#
# Usage: fuzz.sh smoke   every seed and regression input once, then each
#                        target for FUZZ_SMOKE_TIME seconds (default 5)
#        fuzz.sh run     each target for FUZZ_TIME seconds (default 60),
#                        FUZZ_JOBS at a time (default 1); prints
#                        executions, executions per second and edges
#
# The corpus grows in $OUT/spdm-fuzz/corpus across runs; crashes land in
# $OUT/spdm-fuzz/crashes/TARGET/ (see the harness's README).

. "$(dirname "$0")/common.sh"

F=$OUT/spdm-fuzz
src=$TREE/tools/testing/spdm-fuzz
[ -d "$src" ] || die "no $src: run 'make tree' first"
mkdir -p "$F"

say "fuzz: building tools/testing/spdm-fuzz (clang, libFuzzer, ASan, UBSan)"
make -s -C "$src" O="$F" PCAPS="$(echo "$RIG_DIR"/spdm-vectors/*.pcap)" all \
	> "$F/build.log" 2>&1 || { tail -n 20 "$F/build.log" >&2; die "the fuzz harness does not build ($F/build.log)"; }
grep -h '^seedgen:' "$F/build.log" || true

case ${1:-smoke} in
smoke)
	make -s -C "$src" O="$F" smoke SMOKE_TIME="${FUZZ_SMOKE_TIME:-5}" ||
		die "a seed, a regression input or a fuzzed input fails (above)"
	;;
run)
	make -s -C "$src" O="$F" fuzz FUZZ_TIME="${FUZZ_TIME:-60}" ||
		die "fuzzing found a failing input (above)"
	;;
*)
	die "usage: fuzz.sh smoke|run"
	;;
esac
