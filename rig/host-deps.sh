#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the rig needs, if any is missing.
# Usage: host-deps.sh check|run
# Runs apt-get as root, or through sudo. Installs only from the system's
# own (bookworm) sources; nothing from trixie goes into the system.

. "$(dirname "$0")/common.sh"

pkgs=(git make gcc flex bison bc cpio kmod xz-utils libelf-dev libssl-dev
      python3 python3-ply python3-git perl sparse ccache qemu-system-x86 debian-archive-keyring
      pkg-config libnl-genl-3-dev clang libclang-rt-dev openssl)
case ${1:-check} in
check) ;;
run) pkgs+=(busybox-static debootstrap libc6-dev) ;;
*) die "usage: host-deps.sh check|run" ;;
esac

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

say "installing missing packages: ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
	sudo=()
elif command -v sudo >/dev/null; then
	sudo=(sudo)
else
	die "not root and no sudo: install ${missing[*]}"
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq || die "apt-get update failed"
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
	die "apt-get install ${missing[*]} failed"
