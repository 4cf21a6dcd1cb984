# SPDX-License-Identifier: GPL-2.0
#
# The guest of "make run" and "make e2e": its kernel (tinyconfig plus
# rig/guest/guest.config, from the overlaid tree) and busybox initramfs.
# Sourced after common.sh.

G=$OUT/guest

# One kernel serves KUnit and the e2e guest, so that a fresh machine
# builds one debug kernel, not two: tinyconfig plus the guest's fragment,
# the KUnit debug options and the suites' .kunitconfig files. The suites
# are built in but run only when the command line says kunit.enable=1
# (rig/kunit.sh); the e2e boots leave them alone.
guest_fragments() {
	printf '%s\n' "$RIG_DIR/guest/guest.config" "$RIG_DIR/kunit-debug.config"
	(cd "$PROJ_DIR" && find lib drivers -name .kunitconfig | sort | sed "s|^|$PROJ_DIR/|")
}

# Configure (when a fragment changed) and build the guest's bzImage.
guest_kernel() {
	local frags sum line

	mkdir -p "$G"
	mapfile -t frags < <(guest_fragments)
	sum=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)
	if [ ! -f "$G/.config" ] || [ "$(cat "$G/.fragments" 2>/dev/null)" != "$sum" ]; then
		say "guest: configuring (tinyconfig + rig/guest/guest.config + the KUnit fragments)"
		make -s -C "$TREE" O="$G" ARCH=x86_64 CC="ccache gcc" tinyconfig >/dev/null
		(cd "$TREE" && scripts/kconfig/merge_config.sh -m -O "$G" "$G/.config" "${frags[@]}") >/dev/null
		echo "$sum" > "$G/.fragments"
	fi
	# Every build, as the series' Kconfig may change under a fragment:
	# an option that no longer sticks (a test suite, a debug option)
	# must fail the run, not vanish from it
	make -s -C "$TREE" O="$G" ARCH=x86_64 CC="ccache gcc" olddefconfig >/dev/null
	while read -r line; do
		case $line in CONFIG_*=*|"# CONFIG_"*" is not set")
			grep -qxF "$line" "$G/.config" ||
				die "guest config: $line did not stick (missing dependency?)"
		esac
	done < <(cat "${frags[@]}")
	say "guest: building bzImage and modules ($JOBS jobs)"
	make -s -C "$TREE" O="$G" ARCH=x86_64 CC="ccache gcc" -j"$JOBS" bzImage modules \
		> "$G/build.log" 2>&1 || { tail -n 30 "$G/build.log" >&2; die "guest kernel build failed"; }
	# The TDISP cases' stand-in for DEVCAP TEE-IO (rig/guest/devcap-tee),
	# built out of tree against this kernel: not part of the series
	make -s -C "$TREE" O="$G" ARCH=x86_64 CC="ccache gcc" M="$RIG_DIR/guest/devcap-tee" \
		MO="$G/devcap-tee" modules >> "$G/build.log" 2>&1 ||
		{ tail -n 30 "$G/build.log" >&2; die "building rig/guest/devcap-tee failed"; }
	# The stand-in for firmware that maps ECAM again on S3 resume
	# (rig/guest/q35-ecam), likewise
	make -s -C "$TREE" O="$G" ARCH=x86_64 CC="ccache gcc" M="$RIG_DIR/guest/q35-ecam" \
		MO="$G/q35-ecam" modules >> "$G/build.log" 2>&1 ||
		{ tail -n 30 "$G/build.log" >&2; die "building rig/guest/q35-ecam failed"; }
}

# guest_initramfs INIT OUT: a busybox initramfs whose /init is INIT, with
# the guest's modules (NVMe) in /lib/modules.
guest_initramfs() {
	local dir=$G/initramfs

	dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' ||
		die "no static busybox: install busybox-static"
	rm -rf "$dir"
	mkdir -p "$dir"/{bin,dev,proc,sys,tmp,lib/modules}
	find "$G/drivers" -name '*.ko' -exec cp {} "$dir/lib/modules/" \;
	cp "$G/devcap-tee/devcap_tee.ko" "$G/q35-ecam/q35_ecam.ko" "$dir/lib/modules/"
	cp /bin/busybox "$dir/bin/busybox"
	ln -s busybox "$dir/bin/sh"
	cp "$1" "$dir/init"
	if [ ! -x "$G/monotonic" ] || [ "$RIG_DIR/guest/monotonic.c" -nt "$G/monotonic" ]; then
		gcc -static -O2 -o "$G/monotonic" "$RIG_DIR/guest/monotonic.c" ||
			die "cannot build the guest's monotonic clock helper (static libc?)"
	fi
	cp "$G/monotonic" "$dir/bin/monotonic"
	# The reference verifier, and the roots it trusts: the test CAs
	cp "$OUT/cma-verify/static/cma-verify" "$dir/bin/cma-verify" ||
		die "no static cma-verify: run rig/verifier.sh build"
	mkdir -p "$dir/etc/cma/roots" "$dir/ynl/tools/net/ynl" "$dir/ynl/Documentation/netlink/specs"
	# The kernel's YNL CLI and the specs it reads (python3 comes over 9p)
	cp -r "$TREE/tools/net/ynl/pyynl" "$dir/ynl/tools/net/ynl/"
	cp "$TREE"/Documentation/netlink/genetlink*.yaml "$dir/ynl/Documentation/netlink/"
	cp "$TREE/Documentation/netlink/specs/pci-cma.yaml" "$dir/ynl/Documentation/netlink/specs/"
	for root in "$OUT"/e2e/certs/*/root.pem; do
		cp "$root" "$dir/etc/cma/roots/$(basename "$(dirname "$root")").pem"
	done
	(cd "$dir" && find . | cpio -o -H newc --quiet | gzip -1) > "$2"
}
