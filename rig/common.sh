# SPDX-License-Identifier: GPL-2.0
# Shared settings for the rig scripts. Source it; do not run it.
#
# Everything large lives outside the clone, so that a second clone (CI)
# on the same machine reuses it: CMA_CACHE holds the downloaded base
# package, the unpacked pristine tree, the overlaid build tree, the build
# output and ccache.

set -euo pipefail

RIG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJ_DIR=$(dirname "$RIG_DIR")
CMA_CACHE=${CMA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/cma-spdm}

# Base kernel: Debian's linux-source-7.3 from trixie-backports, pinned.
BASE_PKG=linux-source-7.3
BASE_SUITE=trixie-backports
BASE_VERSION_FILE=$RIG_DIR/base-version

BASE_DIR=$CMA_CACHE/base          # apt state, .deb, pristine git repo
TREE=$CMA_CACHE/tree              # overlaid kernel tree (git, our commits)
OUT=$CMA_CACHE/out                # build output directories (O=)

export CCACHE_DIR=${CCACHE_DIR:-$CMA_CACHE/ccache}
export CCACHE_BASEDIR=$CMA_CACHE
export CCACHE_DEPEND=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}

JOBS=${JOBS:-$(nproc)}

say() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# The mirror the system's own apt configuration names for the Debian
# archive (not the security archive). Works with one-line and deb822
# sources; prints the URI or fails.
debian_mirror() {
	local parts list
	list=$(apt-config shell d Dir::Etc::sourcelist/f | sed -n "s/^d='\(.*\)'$/\1/p")
	parts=$(apt-config shell d Dir::Etc::sourceparts/d | sed -n "s/^d='\(.*\)'$/\1/p")
	{
		[ -f "$list" ] && cat "$list"
		for f in "$parts"/*.list "$parts"/*.sources; do
			[ -f "$f" ] && cat "$f"
		done
	} | awk '
		/^[ \t]*#/ { next }
		/^[ \t]*deb[ \t]/ {
			for (i = 2; i <= NF; i++)
				if ($i !~ /^\[/ && $i !~ /\]$/ && $i ~ /:\/\//) { print $i; break }
			next
		}
		/^URIs:/ { for (i = 2; i <= NF; i++) print $i }
	' | grep -v -e security -e '^$' | head -n 1 | grep . ||
		die "no Debian mirror found in the system's apt configuration"
}
