#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the series as "git format-patch" files with a cover letter, then
# prove that it applies with "git am" on the pristine base and yields the
# same tree as the overlay.
#
# Output: $CMA_CACHE/out/series/ (or the directory given as $1).

. "$(dirname "$0")/common.sh"

DEST=${1:-$OUT/series}
AM=$CMA_CACHE/am-check

git -C "$TREE" rev-parse -q --verify cma >/dev/null ||
	die "no overlaid tree: run 'make tree' first"

rm -rf "$DEST"
mkdir -p "$DEST"
n=$(git -C "$TREE" rev-list --count base..cma)
# The cover letter is from the author of the first patch.
author=$(git -C "$TREE" log -1 --format='%an%x09%ae' "$(git -C "$TREE" rev-list --reverse base..cma | head -n 1)")
git -C "$TREE" -c user.name="${author%%$'\t'*}" -c user.email="${author#*$'\t'}" \
	format-patch -q --cover-letter --no-signature \
	-o "$DEST" base..cma || die "git format-patch failed"

# Fill in the cover letter from patches/cover-letter: first line is the
# subject, the rest is the text.
cover=$DEST/0000-cover-letter.patch
subject=$(head -n 1 "$PROJ_DIR/patches/cover-letter")
python3 - "$cover" "$PROJ_DIR/patches/cover-letter" "$subject" <<'PY'
import sys
cover, src, subject = sys.argv[1:]
body = open(src).read().split("\n", 1)[1].strip("\n")
text = open(cover).read()
text = text.replace("*** SUBJECT HERE ***", subject, 1)
text = text.replace("*** BLURB HERE ***", body, 1)
open(cover, "w").write(text)
PY

# git am on a pristine checkout of the base commit, kept between runs.
if ! git -C "$AM" rev-parse -q --verify base >/dev/null 2>&1; then
	say "creating a pristine checkout for the git am check (once)"
	rm -rf "$AM"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$AM" base ||
		die "could not create $AM"
fi
git -C "$AM" am --abort >/dev/null 2>&1 || true
git -C "$AM" checkout -q -f --detach base
git -C "$AM" clean -q -fdx
mapfile -t patches < <(ls "$DEST"/[0-9][0-9][0-9][0-9]-*.patch | grep -v '/0000-cover-letter\.patch$')
git -C "$AM" -c user.name=rig -c user.email=rig@localhost \
	am -q "${patches[@]}" 2>&1 |
	grep -v '^$' >&2 || true
got=$(git -C "$AM" rev-parse HEAD^{tree})
want=$(git -C "$TREE" rev-parse cma^{tree})
applied=$(git -C "$AM" rev-list --count base..HEAD)
if [ "$got" != "$want" ] || [ "$applied" != "$n" ]; then
	git -C "$AM" am --abort >/dev/null 2>&1 || true
	die "the series does not apply with git am on the pristine base ($applied of $n applied)"
fi
say "series: $n patches + cover letter in $DEST; git am on pristine base gives the same tree"
