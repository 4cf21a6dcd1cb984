#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build each patch of the exported series on its own: check out every
# commit that rig/series.sh made with "git am" on the pristine base, and
# build the directories that commit touches, and those of the sources
# that include a header it changes, with the one kernel's .config (rig/guest.sh)
# (what the commit's Kconfig does not know is dropped by olddefconfig).
# A series whose middle does not build cannot be bisected or merged in
# part.
#
# A patch whose inputs all match a build that passed here before (its
# tree, its parent's tree, the .config, the compiler and this script) is
# not built again: the same inputs give the same result. Its stamp is in
# $OUT/each/ok/.

. "$(dirname "$0")/common.sh"

AM=$CMA_CACHE/am-check
EACH=$OUT/each
[ -f "$OUT/guest/.config" ] || die "no kernel .config: run rig/kunit.sh first"
git -C "$AM" rev-parse -q --verify HEAD >/dev/null ||
	die "no git am checkout: run rig/series.sh first"

mapfile -t commits < <(git -C "$AM" rev-list --reverse base..HEAD)
[ ${#commits[@]} -gt 0 ] || die "the series is empty"
head=$(git -C "$AM" rev-parse HEAD)
mkdir -p "$EACH"

# The directory to build for a changed file: the nearest one with a
# Makefile (or Kbuild), but not the top level, include/ or Documentation/.
build_dir() {
	local d
	d=$(dirname "$1")
	while [ "$d" != . ]; do
		case $d in include|include/*|Documentation|Documentation/*|tools|tools/*) return ;; esac
		if [ -f "$AM/$d/Makefile" ] || [ -f "$AM/$d/Kbuild" ]; then
			echo "$d/"
			return
		fi
		d=$(dirname "$d")
	done
}

# For a changed header under include/: the directories of the sources that
# include it, unless it is so common that only a full build would do.
header_users() {
	local h=${1#include/} users
	mapfile -t users < <(git -C "$AM" grep -l -F "#include <$h>" -- '*.c' |
		grep -v '^tools/' | while read -r f; do build_dir "$f"; done |
		sort -u)
	[ ${#users[@]} -le 12 ] && printf '%s\n' "${users[@]}"
}

mkdir -p "$EACH/ok"
inputs=$( { cat "$OUT/guest/.config" "$0"; gcc --version | head -n 1; } | sha256sum | cut -c1-16)

n=0
for c in "${commits[@]}"; do
	n=$((n + 1))
	subject=$(git -C "$AM" log -1 --format=%s "$c")
	stamp=$EACH/ok/$(git -C "$AM" rev-parse "$c~1^{tree}")-$(git -C "$AM" rev-parse "$c^{tree}")-$inputs
	if [ -f "$stamp" ]; then
		say "patch $n builds: $subject (built here before from the same tree and .config)"
		continue
	fi
	git -C "$AM" checkout -q --detach "$c"
	mapfile -t dirs < <(git -C "$AM" diff --name-only "$c~1" "$c" |
		while read -r f; do
			build_dir "$f"
			case $f in include/*.h) header_users "$f" ;; esac
		done | sed '/^$/d' | sort -u)
	cp "$OUT/guest/.config" "$EACH/.config"
	log=$EACH/build-$n.log
	if ! make -s -C "$AM" O="$EACH" ARCH=x86_64 CC="ccache gcc" \
		olddefconfig >"$log" 2>&1 ||
	   { [ ${#dirs[@]} -gt 0 ] &&
	     ! make -s -C "$AM" O="$EACH" ARCH=x86_64 CC="ccache gcc" \
		-j"$JOBS" "${dirs[@]}" >>"$log" 2>&1; }; then
		git -C "$AM" checkout -q --detach "$head"
		tail -n 30 "$log" >&2
		die "patch $n ($subject) does not build on its own"
	fi
	say "patch $n builds: $subject (${dirs[*]:-nothing to build})"
	touch "$stamp"
done
git -C "$AM" checkout -q --detach "$head"
