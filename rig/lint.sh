#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Lint gates; each must report nothing:
#   checkpatch --strict   on every patch of the exported series
#   sparse (C=1)          on our objects (sparse from rig/fetch-sparse.sh)
#   W=1                   on our objects
#   kernel-doc -none      on our headers and sources
#   YNL                   generated netlink code matches its spec
#
# "Ours" is every kernel .c/.h file the series adds or changes. Sparse and
# W=1 messages are counted only when they point into those files, so a
# warning in untouched upstream code does not fail the gate.
# Run after rig/kunit.sh (the one kernel's .config is the starting point) and
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
mapfile -t patches < <(ls "$SERIES"/[0-9][0-9][0-9][0-9]-*.patch 2>/dev/null |
	grep -v '/0000-cover-letter\.patch$')
[ ${#patches[@]} -gt 0 ] || die "no exported series in $SERIES: run rig/series.sh"
for p in "${patches[@]}"; do
	# Debian's python3 first: checkpatch's SPDX check needs its ply.
	out=$(cd "$TREE" && PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict \
		--show-types "$p" 2>&1) || true
	if ! grep -q 'total: 0 errors, 0 warnings, 0 checks' <<< "$out" ||
	   grep -q 'Traceback' <<< "$out"; then
		printf '%s\n' "$out" >&2
		warn "checkpatch: $(basename "$p") is not clean"
		fail=1
	fi
done

# --- sparse and W=1 --------------------------------------------------------
say "lint: sparse (C=1) and W=1 on our objects"
SPARSE=$CMA_CACHE/sparse/bin/sparse
[ -x "$SPARSE" ] || die "no sparse: run rig/fetch-sparse.sh"
mkdir -p "$LINT"
[ -f "$OUT/guest/.config" ] || die "no kernel .config: run rig/kunit.sh first"
if ! cmp -s "$OUT/guest/.config" "$LINT/.config.guest"; then
	cp "$OUT/guest/.config" "$LINT/.config"
	cp "$OUT/guest/.config" "$LINT/.config.guest"
fi
# Each of our objects, and only those, compiled again on every run, so
# that W=1 and sparse (C=1 checks what gets compiled) see each of them;
# the rest of their directories is upstream code, whose warnings would
# not count anyway.
targets=()
for f in "${ours[@]}"; do
	case $f in *.c)
		rm -f "$LINT/${f%.c}.o"
		targets+=("${f%.c}.o")
	esac
done
log=$LINT/build.log
if ! make -s -C "$TREE" O="$LINT" ARCH=x86_64 CC="ccache gcc" \
	-j"$JOBS" olddefconfig >/dev/null 2>"$log" ||
   ! make -C "$TREE" O="$LINT" ARCH=x86_64 CC="ccache gcc" -j"$JOBS" \
	C=1 CHECK="$SPARSE" W=1 "${targets[@]}" >>"$log" 2>&1; then
	cat "$log" >&2
	warn "lint build failed"
	fail=1
fi
if grep -q 'is not available or not up to date' "$log"; then
	warn "kbuild refused $SPARSE as the checker"
	fail=1
fi
for f in "${ours[@]}"; do
	case $f in *.c)
		grep -qE "^  CHECK +$f\$" "$log" || { warn "sparse did not check $f"; fail=1; }
	esac
done
# In an upstream file the series changes, only messages on the lines the
# series adds count: the file's own old warnings are not ours to fix.
added_lines() {
	git -C "$TREE" diff -U0 base cma -- "$1" |
		sed -n 's/^@@ -[0-9,]* +\([0-9]*\)\(,\([0-9]*\)\)\{0,1\} @@.*/\1 \3/p' |
		while read -r start count; do
			seq "$start" $((start + ${count:-1} - 1))
		done
}
msgs=$LINT/messages
: > "$msgs"
for f in "${ours[@]}"; do
	q=$(printf '%s' "$f" | sed 's/[.[\*^$]/\\&/g')
	grep -E "(^|/)$q:[0-9]+(:[0-9]+)?: (warning|error|note)" "$log" > "$msgs.f" || continue
	if git -C "$TREE" cat-file -e "base:$f" 2>/dev/null; then
		added=" $(added_lines "$f" | tr '\n' ' ')"
		while IFS= read -r m; do
			n=$(printf '%s' "$m" | sed -E "s#.*$q:([0-9]+).*#\1#")
			[[ "$added" == *" $n "* ]] && printf '%s\n' "$m" >> "$msgs"
		done < "$msgs.f"
	else
		cat "$msgs.f" >> "$msgs"
	fi
done
if [ -s "$msgs" ]; then
	cat "$msgs" >&2
	warn "sparse or W=1 reported the lines above"
	fail=1
fi

# --- kernel-doc ------------------------------------------------------------
say "lint: kernel-doc on our headers and sources"
# In an upstream file the series changes, only warnings that the base
# version of the file does not have count (line numbers aside).
kdoc() { ./scripts/kernel-doc -none -Wall "$@" 2>&1 | sed -E 's/:[0-9]+ / /'; }
old=$LINT/kdoc-base
rm -rf "$old" && mkdir -p "$old"
for f in "${ours[@]}"; do
	if git -C "$TREE" cat-file -e "base:$f" 2>/dev/null; then
		mkdir -p "$old/$(dirname "$f")"
		git -C "$TREE" show "base:$f" > "$old/$f"
	fi
done
out=$(cd "$TREE" && kdoc "${ours[@]}" | sort -u) || true
known=$( (cd "$old" && find . -type f -printf '%P\n' | sort |
	xargs -r "$TREE/scripts/kernel-doc" -none -Wall 2>&1) |
	sed -E 's/:[0-9]+ / /' | sort -u) || true
out=$(comm -23 <(printf '%s\n' "$out") <(printf '%s\n' "$known") | sed '/^$/d')
if [ -n "$out" ]; then
	printf '%s\n' "$out" >&2
	warn "kernel-doc reported the lines above"
	fail=1
fi

# --- YNL: generated netlink code is what its spec gives ------------------
# Each file the series adds with a "YNL-GEN <mode> <kind>" marker is
# generated again from the spec it names, as tools/net/ynl/ynl-regen.sh
# would, and must come out the same.
say "lint: YNL-generated files against their specs"
gen=$LINT/ynl
nynl=0
rm -rf "$gen" && mkdir -p "$gen"
for f in $(git -C "$TREE" diff --name-only --diff-filter=A base cma); do
	marker=$(sed -n 's|^/\* YNL-GEN \([a-z]*\) \([a-z]*\) \*/$|\1 \2|p' "$TREE/$f")
	[ -n "$marker" ] || continue
	read -r mode kind <<< "$marker"
	spec=$(sed -n '/auto-generated from:/{n;s|^/\*[[:space:]]*\(.*\) \*/$|\1|p;q}' "$TREE/$f")
	[ -f "$TREE/$spec" ] || { warn "$f: its spec $spec is not in the tree"; fail=1; continue; }
	if ! (cd "$TREE" && timeout 120 python3 tools/net/ynl/pyynl/ynl_gen_c.py --mode "$mode" \
		"--$kind" --spec "$spec" -o "$gen/$(basename "$f")") >"$gen/log" 2>&1; then
		cat "$gen/log" >&2
		warn "YNL: cannot generate $f from $spec"
		fail=1
	elif ! diff -u "$TREE/$f" "$gen/$(basename "$f")" >&2; then
		warn "YNL: $f differs from what $spec gives: run tools/net/ynl/ynl-regen.sh"
		fail=1
	fi
	nynl=$((nynl + 1))
done

[ $fail = 0 ] || die "lint failed"
say "lint: clean (checkpatch ${#patches[@]} patches, sparse + W=1 + kernel-doc on ${#ours[@]} files, $nynl YNL files)"
