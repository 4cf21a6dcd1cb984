#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the base kernel (Debian's linux-source-7.3 from trixie-backports)
# and turn it into a git repository whose single commit, tagged "base",
# holds the pristine source. Nothing is installed into the system: apt
# runs with its own sources, lists and cache (see papt_update).
#
# The version and sha256 are pinned in rig/base-version. If the mirror no
# longer has the pinned version, the newest 7.3.x is used with a warning.
# A run interrupted half-way is detected (no stamp) and redone.

. "$(dirname "$0")/common.sh"

read -r PIN_VERSION PIN_SHA256 < "$BASE_VERSION_FILE" ||
	die "cannot read $BASE_VERSION_FILE"

STAMP=$TREE/.git/cma-base-stamp

if [ -f "$STAMP" ]; then
	say "base tree ready: $(cat "$STAMP")"
	exit 0
fi

mkdir -p "$BASE_DIR"
deb=$(ls "$BASE_DIR"/"${BASE_PKG}"_*.deb 2>/dev/null | head -n 1 || true)
if [ -n "$deb" ] && [ "$(sha256sum < "$deb" | cut -d' ' -f1)" != "$PIN_SHA256" ] &&
   [ ! -f "$deb.fallback" ]; then
	warn "cached $(basename "$deb") does not match the pin; fetching again"
	rm -f "$deb"
	deb=
fi

if [ -z "$deb" ]; then
	papt_update
	avail=$(papt_versions "$BASE_PKG")
	[ -n "$avail" ] ||
		die "the mirror's $BASE_SUITE does not offer $BASE_PKG"
	fallback=0
	if grep -qxF "$PIN_VERSION" <<< "$avail"; then
		version=$PIN_VERSION
	else
		version=$(head -n 1 <<< "$avail")
		fallback=1
		warn "pinned $BASE_PKG $PIN_VERSION is gone from the mirror;"
		warn "falling back to the newest offered, $version. Update rig/base-version."
	fi
	rm -f "$BASE_DIR"/*.deb*
	say "downloading $BASE_PKG $version"
	(cd "$BASE_DIR" && papt -qq download "$BASE_PKG=$version") ||
		die "download of $BASE_PKG $version failed"
	deb=$(ls "$BASE_DIR"/"${BASE_PKG}"_*.deb | head -n 1)
	sum=$(sha256sum < "$deb" | cut -d' ' -f1)
	if [ "$fallback" = 0 ] && [ "$sum" != "$PIN_SHA256" ]; then
		rm -f "$deb"
		die "sha256 of $BASE_PKG $version is $sum, pinned $PIN_SHA256: refusing it"
	fi
	[ "$fallback" = 1 ] && echo "$version $sum" > "$deb.fallback"
fi

say "unpacking $(basename "$deb")"
rm -rf "$TREE" "$TREE.tmp"
mkdir -p "$TREE.tmp/deb"
dpkg-deb -x "$deb" "$TREE.tmp/deb" || die "dpkg-deb could not unpack $deb"
tarball=$(ls "$TREE.tmp"/deb/usr/src/linux-source-*.tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || die "$deb holds no source tarball"
mkdir -p "$TREE.tmp/src"
tar -xf "$tarball" -C "$TREE.tmp/src" --strip-components=1 ||
	die "could not unpack $(basename "$tarball")"
rm -rf "$TREE.tmp/deb"
[ -f "$TREE.tmp/src/Makefile" ] && [ -d "$TREE.tmp/src/drivers/pci" ] ||
	die "$(basename "$tarball") does not look like a kernel tree"

say "committing the pristine tree as the base commit"
(
	cd "$TREE.tmp/src"
	git init -q -b base-tree .
	git config user.name "cma-spdm rig"
	git config user.email "rig@localhost"
	git config core.autocrlf false
	git config gc.auto 0
	git add -A -f .
	git commit -q -m "Linux $(make -s kernelversion 2>/dev/null) (Debian $BASE_PKG $(basename "$deb" .deb | cut -d_ -f2))"
	git tag -f base
) || die "could not create the base git repository"
mv "$TREE.tmp/src" "$TREE"
rm -rf "$TREE.tmp"
echo "$(basename "$deb") $(git -C "$TREE" rev-parse base)" > "$STAMP"
say "base tree ready: $(cat "$STAMP")"
