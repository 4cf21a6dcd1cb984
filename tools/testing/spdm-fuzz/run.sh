#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the fuzz targets built in DIR (see Makefile).
#
#   run.sh replay DIR TARGET...        each seed and regression input once
#   run.sh fuzz DIR SECONDS TARGET...  each target for SECONDS, then a
#                                      table: executions, executions per
#                                      second, edges covered, corpus size
#
# FUZZ_JOBS=N runs N targets at a time (default 1). Exits non-zero if any
# input crashes, leaks or breaks the library's contract.

set -u
here=$(cd "$(dirname "$0")" && pwd)
mode=$1 dir=$(cd "$2" && pwd)
shift 2
[ "$mode" = fuzz ] && { secs=$1; shift; }

# Inputs larger than libFuzzer's default 4 KiB: chains, chunked exchanges
opts=(-max_len=262144 -timeout=20 -rss_limit_mb=4096)

# Regression inputs are kept as hex text (FILE.hex, '#' starts a comment)
regressions() {
	local t=$1 f out
	rm -rf "$dir/regressions/$t"
	[ -d "$here/regressions/$t" ] || return 0
	mkdir -p "$dir/regressions/$t"
	for f in "$here/regressions/$t"/*.hex; do
		out=$dir/regressions/$t/$(basename "$f" .hex)
		sed 's/#.*//' "$f" | tr -d ' \t\n' | perl -ne 'print pack("H*", $_)' > "$out"
	done
}

inputs() {
	local t=$1
	find "$dir/seeds/$t" "$dir/regressions/$t" -type f 2>/dev/null | sort
}

replay_one() {
	local t=$1 log=$dir/logs/replay-$1.log n
	regressions "$t"
	n=$(inputs "$t" | wc -l)
	if [ "$n" = 0 ]; then
		echo "replay $t: no inputs"
		return 1
	fi
	# One process per batch of files; each file runs once
	if ! inputs "$t" | xargs -r -n 200 "$dir/fuzz-$t" "${opts[@]}" >"$log" 2>&1; then
		echo "replay $t: FAILED on one of $n inputs; see $log"
		grep -m3 -E 'ERROR|runtime error|undocumented|Running:' "$log"
		return 1
	fi
	echo "replay $t: $n inputs, all passed"
}

fuzz_one() {
	local t=$1 log=$dir/logs/fuzz-$1.log corpus=$dir/corpus/$1 rc=0
	mkdir -p "$corpus" "$dir/crashes/$t"
	regressions "$t"
	"$dir/fuzz-$t" "${opts[@]}" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$dir/crashes/$t/" "$corpus" "$dir/seeds/$t" \
		$( [ -d "$dir/regressions/$t" ] && echo "$dir/regressions/$t") \
		>"$log" 2>&1 || rc=$?
	local execs rate cov total
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	total=$(sed -n 's/^INFO: Loaded 1 modules *(\([0-9]*\) inline.*/\1/p' "$log" | head -1)
	printf '%-15s %12s %10s %13s %8s %s\n' "$t" "${execs:-?}" "${rate:-?}" \
		"${cov:-?}/${total:-?}" "$(ls "$corpus" | wc -l)" \
		"$([ $rc = 0 ] && echo ok || echo "CRASH: see $log and $dir/crashes/$t/")"
	return $rc
}

mkdir -p "$dir/logs"
fail=0
case $mode in
replay)
	for t in "$@"; do
		replay_one "$t" || fail=1
	done
	;;
fuzz)
	printf '%-15s %12s %10s %13s %8s %s\n' target executions exec/s edges/all corpus result
	jobs=${FUZZ_JOBS:-1}
	pids=()
	for t in "$@"; do
		fuzz_one "$t" &
		pids+=($!)
		if [ ${#pids[@]} -ge "$jobs" ]; then
			wait "${pids[0]}" || fail=1
			pids=("${pids[@]:1}")
		fi
	done
	for p in "${pids[@]}"; do
		wait "$p" || fail=1
	done
	;;
*)
	echo "usage: run.sh replay|fuzz DIR [SECONDS] TARGET..." >&2
	exit 2
	;;
esac
exit $fail
