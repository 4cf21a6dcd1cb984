#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the reference verifier (tools/pci/cma-verify, from the overlaid
# tree, warnings as errors) and run its userspace tests against the
# recorded SPDM exchanges in rig/spdm-vectors (rig/verifier-test.py).
#
# Usage: verifier.sh [build]   (build: only build, also a static binary
#                               for the e2e guest's initramfs)

. "$(dirname "$0")/common.sh"

V=$OUT/cma-verify
src=$TREE/tools/pci/cma-verify
[ -d "$src" ] || die "no $src: run 'make tree' first"

build() {
	make -s -C "$src" OUTPUT="$1/" CFLAGS="-O2 -g -Werror" ${2:+STATIC=1} \
		> "$1.log" 2>&1 || { tail -n 20 "$1.log" >&2; die "cma-verify does not build ($1.log)"; }
}

mkdir -p "$V/dynamic" "$V/static"
say "verifier: building tools/pci/cma-verify"
build "$V/dynamic"
build "$V/static" static
[ "${1:-}" = build ] && exit 0

say "verifier: userspace tests against rig/spdm-vectors"
python3 "$RIG_DIR/verifier-test.py" "$V/dynamic/cma-verify" "$RIG_DIR/spdm-vectors" |
	tee "$V/test.log" | tail -n 1
grep -q ', 0 failed$' "$V/test.log" || die "verifier tests failed (see above, $V/test.log)"
