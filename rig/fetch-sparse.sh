#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the sparse that the lint gate uses, from Debian's sparse source
# package, into $CMA_CACHE/sparse/bin/sparse.
#
# Linux 7.3 uses __typeof_unqual__, which bookworm's sparse 0.6.4 does not
# know: the kernel then silently skips C=1 ("sparse is not available or
# not up to date"). Debian's 0.6.5 source (sid) knows it, and builds in
# seconds with nothing but gcc and make. The version and the sha256 of its
# upstream tarball are pinned in rig/sparse-version; if the pin is gone,
# the newest 0.6.5 or later is used with a warning.

. "$(dirname "$0")/common.sh"

read -r PIN_VERSION PIN_SHA256 < "$RIG_DIR/sparse-version" ||
	die "cannot read rig/sparse-version"
SP=$CMA_CACHE/sparse
BIN=$SP/bin/sparse

valid() {
	[ -x "$BIN" ] &&
		[ "$("$TREE/scripts/checker-valid.sh" "$BIN" -m64 2>/dev/null)" = 1 ]
}
valid && exit 0

papt_update
avail=$(papt_versions -s sparse)
if grep -qxF "$PIN_VERSION" <<< "$avail"; then
	version=$PIN_VERSION
else
	version=$(head -n 1 <<< "$avail")
	[ -n "$version" ] && dpkg --compare-versions "$version" ge 0.6.5~ ||
		die "the mirror offers no sparse source >= 0.6.5 (has: ${avail:-none})"
	warn "pinned sparse $PIN_VERSION is gone; using $version. Update rig/sparse-version."
	PIN_SHA256=
fi

say "building sparse $version from Debian's source package"
rm -rf "$SP"
mkdir -p "$SP/src" "$SP/bin"
(cd "$SP/src" && papt -qq source --download-only "sparse=$version") ||
	die "download of the sparse $version source failed"
orig=$(ls "$SP"/src/sparse_*.orig.tar.* | head -n 1)
if [ -n "$PIN_SHA256" ] && [ "$(sha256sum < "$orig" | cut -d' ' -f1)" != "$PIN_SHA256" ]; then
	die "sha256 of $(basename "$orig") does not match rig/sparse-version"
fi
tar -xf "$orig" -C "$SP/src" || die "cannot unpack $(basename "$orig")"
dir=$(find "$SP/src" -mindepth 1 -maxdepth 1 -type d | head -n 1)
make -s -C "$dir" -j"$JOBS" sparse >"$SP/build.log" 2>&1 ||
	{ tail -n 20 "$SP/build.log" >&2; die "sparse build failed"; }
cp "$dir/sparse" "$BIN"
valid || die "the sparse just built does not pass scripts/checker-valid.sh"
say "sparse $version ready: $BIN"
