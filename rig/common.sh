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

BASE_DIR=$CMA_CACHE/base          # the downloaded .deb
APT_DIR=$CMA_CACHE/apt            # private apt state (sources, lists, cache)
TREE=$CMA_CACHE/tree              # overlaid kernel tree (git, our commits)
OUT=$CMA_CACHE/out                # build output directories (O=)
QEMU_ROOT=$CMA_CACHE/qemu-trixie  # debootstrapped trixie with qemu-system-x86

export CCACHE_DIR=${CCACHE_DIR:-$CMA_CACHE/ccache}
export CCACHE_BASEDIR=$CMA_CACHE
export CCACHE_DEPEND=1
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}

JOBS=${JOBS:-$(nproc)}

# Reports in a kernel log that fail a run even when every test passed:
# lockdep, WARN(), BUG(), KASAN, UBSAN, RCU, hung tasks, panics.
KERNEL_SPLAT='(WARNING|BUG|UBSAN|KASAN|Oops):|possible (circular|recursive) locking'
KERNEL_SPLAT+='|inconsistent lock state|suspicious RCU usage|blocked for more than'
KERNEL_SPLAT+='|Call Trace|Kernel panic'

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

# apt with its own sources, lists and cache, so that the rig can read
# other Debian suites (trixie-backports, sid) and download from them
# without touching, or installing anything into, the system.
PAPT_OPTS=(
	-o "Dir::Etc::sourcelist=$APT_DIR/sources.list"
	-o "Dir::Etc::sourceparts=-"
	-o "Dir::Etc::preferencesparts=$APT_DIR/preferences.d"
	-o "Dir::State::Lists=$APT_DIR/lists"
	-o "Dir::Cache=$APT_DIR/cache"
	-o "Dir::State::status=/dev/null"
	-o "APT::Get::List-Cleanup=0"
	-o "Debug::NoLocking=1"
	-o "Acquire::Retries=3"
	-o "APT::Sandbox::User=$(id -un)"
)

papt() { apt-get "${PAPT_OPTS[@]}" "$@"; }
papt_cache() { apt-cache "${PAPT_OPTS[@]}" "$@"; }

# Write the private sources from the system's mirror and read the lists.
papt_update() {
	local mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	[ -f "$keyring" ] || die "$keyring missing: install debian-archive-keyring"
	mirror=$(debian_mirror)
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" \
		"$APT_DIR/preferences.d"
	cat > "$APT_DIR/sources.list" <<-SRC
	deb [signed-by=$keyring] $mirror trixie-backports main
	deb-src [signed-by=$keyring] $mirror sid main
	SRC
	say "reading package lists of trixie-backports and sid (private apt state in $APT_DIR)"
	papt -qq update ||
		die "apt-get update from $mirror failed (mirror unreachable?)"
}

# Versions of a binary (or, with -s, source) package offered, newest first.
papt_versions() {
	if [ "$1" = -s ]; then
		papt_cache showsrc "$2" 2>/dev/null | sed -n 's/^Version: //p' |
			sort -V -r
	else
		papt_cache madison "$1" 2>/dev/null |
			awk -F'|' '{ gsub(/ /, "", $2); print $2 }'
	fi
}
