#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Lint gates; each must report nothing:
#   checkpatch --strict   on every patch of the exported series
#   sparse (C=2)          on our objects
#   W=1                   on our objects
#   kernel-doc -none      on our headers and sources
#
# "Ours" is every kernel .c/.h file the series adds or changes. Sparse and
# W=1 messages are counted only when they point into those files, so a
# warning in untouched upstream code does not fail the gate.
# Run after rig/kunit.sh (its .config is the starting point) and
# rig/series.sh (its output is what checkpatch reads).

. "$(dirname "$0")/common.sh"

LINT=$OUT/lint
SERIES=${SERIES:-$OUT/series}
fail=0

mapfile -t ours < <(git -C "$TREE" diff --name-only base cma -- '*.c' '*.h' |
	grep -v '^tools/')
[ ${#ours[@]} -gt 0 ] || die "the series changes no kernel C files?"

# --- checkpatch --strict -------------------------------------------------
say "lint: checkpatch --strict on the series"
patches=("$SERIES"/[0-9][0-9][0-9][1-9]-*.patch)
[ -f "${patches[0]}" ] || die "no exported series in $SERIES: run rig/series.sh"
for p in "${patches[@]}"; do
	out=$(cd "$TREE" && perl scripts/checkpatch.pl --strict --terse \
		--show-types "$p" 2>&1) || true
	if ! grep -q 'total: 0 errors, 0 warnings, 0 checks' <<< "$out"; then
		printf '%s\n' "$out" >&2
		warn "checkpatch: $(basename "$p") is not clean"
		fail=1
	fi
done

# --- sparse and W=1 --------------------------------------------------------
say "lint: sparse (C=2) and W=1 on our objects"
mkdir -p "$LINT"
[ -f "$OUT/kunit/.config" ] || die "no KUnit .config: run rig/kunit.sh first"
if ! cmp -s "$OUT/kunit/.config" "$LINT/.config.kunit"; then
	cp "$OUT/kunit/.config" "$LINT/.config"
	cp "$OUT/kunit/.config" "$LINT/.config.kunit"
fi
mapfile -t dirs < <(printf '%s\n' "${ours[@]}" | grep '\.c$' | xargs -n1 dirname | sort -u)
# Make every one of our objects compile again, so W=1 sees it each run.
for d in "${dirs[@]}"; do
	find "$LINT/$d" -maxdepth 1 -name '*.o' -delete 2>/dev/null || true
done
targets=()
for d in "${dirs[@]}"; do targets+=("$d/"); done
log=$LINT/build.log
if ! make -s -C "$TREE" O="$LINT" ARCH=x86_64 CC="ccache gcc" \
	-j"$JOBS" olddefconfig >/dev/null 2>"$log" ||
   ! make -C "$TREE" O="$LINT" ARCH=x86_64 CC="ccache gcc" -j"$JOBS" \
	C=2 W=1 "${targets[@]}" >>"$log" 2>&1; then
	cat "$log" >&2
	warn "lint build failed"
	fail=1
fi
pattern=$(printf '%s\n' "${ours[@]}" | sed 's/[.[\*^$]/\\&/g' | paste -sd'|' -)
if grep -E "(^|/)($pattern):[0-9]+(:[0-9]+)?: (warning|error|note)" "$log" >&2; then
	warn "sparse or W=1 reported the lines above"
	fail=1
fi

# --- kernel-doc ------------------------------------------------------------
say "lint: kernel-doc on our headers and sources"
out=$(cd "$TREE" && ./scripts/kernel-doc -none -Wall "${ours[@]}" 2>&1) || true
if [ -n "$out" ]; then
	printf '%s\n' "$out" >&2
	warn "kernel-doc reported the lines above"
	fail=1
fi

[ $fail = 0 ] || die "lint failed"
say "lint: clean (checkpatch ${#patches[@]} patches, sparse + W=1 + kernel-doc on ${#ours[@]} files)"
