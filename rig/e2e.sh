#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# End-to-end: boot the guest kernel under Debian trixie's QEMU (TCG) with
# NVMe functions whose DOE mailboxes QEMU forwards to our SPDM responder
# (tools/testing/spdm-responder) on 127.0.0.1, and let the guest run the
# user's flow through sysfs (rig/guest/e2e-init): autoprobe off, connect,
# accept the evidence generation, bind nvme, I/O to the namespace, unbind,
# disconnect.
#
# One boot carries several cases: each case is one NVMe function behind
# its own pcie-root-port, with its own disk image and its own responder
# process (its own version, key, fault mode or identity swap). The guest
# runs the cases one after another, each against its own function, and
# tags its report lines with the case's name; the verdict stays per case.
# A case that needs a whole-machine event (S3) gets a boot of its own. A
# boot that fails as a whole (no "E2E: done", a kernel report, a leak)
# fails every case in it, by name.
#
# Usage: e2e.sh [matrix|run|bench|shell]   (root: QEMU runs in a chroot)
#   matrix  (make e2e) SPDM 1.0 to 1.3 x ECDSA P-256/SHA-256,
#           P-384/SHA-384, RSASSA-3072/SHA-384 and RSAPSS-3072/SHA-384,
#           small certificate portions, every fault mode of the
#           responder, the same-device check across events, TDISP and
#           races. A good case passes if the guest authenticated with the
#           version offered, accepted, bound nvme, read the block the host
#           wrote and wrote one the host then finds in the disk image. A
#           fault case passes if connect failed with the expected errno,
#           the SPDM step was logged, accept was refused and no driver
#           bound. Every case fails on a KASAN, UBSAN, lockdep, WARN or
#           BUG report in its boot's log, or on a leak kmemleak finds at
#           the end of the boot.
#   run     (make run) one boot of the scenario, reported step by step
#   bench   (make bench) connect timing, exchanges and bytes
#   shell   (make shell) the guest with the device and a shell
#   plan    the matrix's boots and their cases, without running them
#
#   E2E_ONLY=REGEX  only the matrix cases whose name matches
#   E2E_FUNCS=N     at most N functions (cases) per boot (default 10)
#   E2E_JOBS=N      at most N guests at once (default 2)
#   BENCH_ONLY=REGEX  (bench) only the parts whose name matches: connect
#                   (connects and the re-check), s3 (S3 resume with N
#                   functions); BENCH_S3_RUNS=N resumes each (default 3)

. "$(dirname "$0")/common.sh"
. "$RIG_DIR/guest.sh"

mode=${1:-matrix}
case $mode in matrix|run|bench|shell|plan) ;; *) die "usage: e2e.sh [matrix|run|bench|shell|plan]" ;; esac

E=$OUT/e2e
RUN=$QEMU_ROOT/cma-e2e		# seen as /cma-e2e inside the chroot
FUNCS=${E2E_FUNCS:-10}
JOBS_E2E=${E2E_JOBS:-2}
[ "$FUNCS" -ge 1 ] && [ "$FUNCS" -le 12 ] 2>/dev/null || die "E2E_FUNCS must be 1 to 12"
[ "$JOBS_E2E" -ge 1 ] 2>/dev/null || die "E2E_JOBS must be a positive number"

# QEMU, the responder and its test PKI, the kernel, the verifier and
# the initramfs
setup() {
	"$RIG_DIR/fetch-qemu.sh"
	mkdir -p "$E" "$RUN"
	command -v openssl >/dev/null || die "no openssl: run rig/host-deps.sh run"
	make -s -C "$PROJ_DIR/tools/testing/spdm-responder" O="$E" >"$E/build.log" 2>&1 ||
		{ cat "$E/build.log" >&2; die "building the SPDM responder failed"; }
	guest_kernel
	"$RIG_DIR/verifier.sh" build
	guest_initramfs "$RIG_DIR/guest/e2e-init" "$RUN/initramfs.cpio.gz"
	cp "$G/arch/x86/boot/bzImage" "$RUN/bzImage"
}
[ "$mode" = plan ] || setup

# --- the cases ---------------------------------------------------------------
# add NAME KIND VERSION KEY FLAGS LABEL DATA [RESPONDER ARGS...]
#   KIND   which verdict holds it (verdict_KIND below)
#   FLAGS  the guest's flags for the case, joined with "+" (e2e-init)
#   LABEL  the report's "case" column
#   DATA   what the verdict needs besides ("~" for a space)
# In responder arguments, "@OFFSET" in an -R range stands for the
# function's BAR 0 plus OFFSET.
CASES=()
declare -A KIND VER KEY FLAGS LABEL DATA ARGS RARGS BOOT SLOT BDF BAR0 TOKEN
add() {
	local n=$1
	CASES+=("$n")
	KIND[$n]=$2 VER[$n]=$3 KEY[$n]=$4 FLAGS[$n]=$5 LABEL[$n]=$6 DATA[$n]=$7
	shift 7
	local IFS=$'\x1f'
	ARGS[$n]="$*"
}
ALT=(-K "$E/certs/p256-alt/leaf.key" -C "$E/certs/p256-alt/chain.der")
RUNID=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
TDISP_RANGES=(-R @0:0x2000:0:0 -R @0x2000:0x1000:1:1 -R @0x3000:0x1000:2:2)

matrix_cases() {
	local v a algs args flags ev c what logged kinds

	# Good cases: the whole flow, per version and algorithm. One also
	# reads the evidence with the YNL CLI and proves that stale evidence
	# is refused at accept.
	for v in 1.0 1.1 1.2 1.3; do
		for a in p256 p384 rsa3072 rsa3072-pss; do
			case $a in
			p256) algs="ECDSA P-256 SHA-256"; args=() ;;
			p384) algs="ECDSA P-384 SHA-384"; args=() ;;
			rsa3072) algs="RSASSA-3072 SHA-384"; args=() ;;
			rsa3072-pss) algs="RSAPSS-3072 SHA-384"; args=(-s) ;;
			esac
			flags=
			[ $v-$a = 1.2-p384 ] && flags=ynl+stale
			add "$v-$a" flow $v "${a%-pss}" "$flags" "$algs" - "${args[@]}"
		done
	done
	for v in 1.0 1.3; do
		add "$v-p384-portions" flow $v p384 "" "P-384, 200-byte portions" - -P 200
	done

	# The same-device check, with the driver bound, after each EVENT:
	# sysfs reset and AER recovery, each with the same device, which
	# stays accepted and keeps its driver and I/O (the block written
	# before reads back, a new one reaches the disk), and with a device
	# that changed at the event (its identity or its measurements), which
	# loses its driver, bus mastering and connection while the kernel
	# logs why, and accept is refused until it is verified again. Every
	# other function of the boot comes through untouched. S3 resume
	# needs rig/guest/q35-ecam: SeaBIOS does not map ECAM again after the
	# wake, and without it the DOE mailbox (extended config space) reads
	# all ones, so that every check after S3 timed out.
	#
	# The DMA window (guest flag dmawin): the responder stalls the check's
	# CHALLENGE for 3 s (-n 3000: ResponseNotReady, then RESPOND_IF_READY
	# until then), and QEMU traces every config write (pci_cfg_write);
	# from the trace, dma_window below holds bus mastering (Command bit 2)
	# off from the reset to the verdict, and off for good after a
	# rejection. The guest itself cannot watch: the PCI core blocks user
	# config accesses (sysfs config, setpci) for the whole reset, check
	# included, and S3 and S4 freeze it. "s4" hibernates to a virtio disk
	# and a second QEMU resumes it with the device changed (RARGS: the
	# second responder's arguments; -r counts its first connection as the
	# check's).
	for ev in reset aer s3 s4; do
		case $ev in
		reset) kinds="same swap-identity swap-measurements" ;;
		aer) kinds="same swap-identity swap-measurements" ;;
		s3) kinds="same swap-identity" ;;
		s4) kinds="swap-identity" ;;
		esac
		for c in $kinds; do
			flags="event=$ev" dw=()
			case $ev-$c in
			reset-same|reset-swap-identity|aer-swap-identity|s3-swap-identity|s4-swap-identity)
				flags+=+dmawin dw=(-n 3000) ;;
			esac
			if [ $c = same ] || [ $c = no-answer ]; then
				add "$ev-$c" event 1.2 p384 "$flags" "$ev-$c" "$ev~$c" "${dw[@]}"
			elif [ $ev = s4 ]; then
				add "$ev-$c" event 1.2 p256 "$flags" "$ev-$c" "$ev~$c"
				RARGS[$ev-$c]=$(IFS=$'\x1f'; echo "-r${IFS}${ALT[*]}${IFS}-f${IFS}$c${IFS}${dw[*]}")
			else
				add "$ev-$c" event 1.2 p256 "$flags" "$ev-$c" "$ev~$c" "${ALT[@]}" -f "$c" "${dw[@]}"
			fi
		done
	done

	# A device that chunks the way libspdm does: by its own small
	# DataTransferSize (256 bytes), although the kernel would take every
	# response whole. KEY_EXCHANGE_RSP comes in chunks in the clear and
	# the signed measurements in chunks inside the session; the whole
	# flow and the same-device check across a reset must work
	# (chunks_verdict holds the chunking to it). The responder records
	# the DOE exchanges, and the verifier must verify that recording of
	# the kernel's traffic offline: the connect's CHALLENGE_AUTH and
	# KEY_EXCHANGE_RSP (in chunks), and the check's CHALLENGE_AUTH with
	# the chain read at the connect.
	for v in 1.2 1.3; do
		add "chunks-$v" event $v p384 event=reset "chunks-$v (libspdm-like)" "reset~same" \
			-d -T 256 -L -w "$E/doe-chunks-$v.pcap"
	done

	# A device that changes at a reset (here: between two connects) is
	# served by a responder that really changed: the groundwork of the
	# same-device check. The second connect must authenticate what the
	# device now is.
	for c in identity measurements; do
		add "swap-$c" swap 1.2 p256 reconnect "swap-$c" - "${ALT[@]}" -f "swap-$c"
	done

	# TDISP end to end (guest flag tdisp, with rig/guest/devcap-tee
	# standing in for QEMU's missing DEVCAP TEE-IO): connect with a
	# session, tsm/lock (LOCK_INTERFACE, the report read in portions,
	# state CONFIG_LOCKED); the verifier checks the report in the
	# evidence against reference values and accepts, which starts the
	# interface (RUN); bind and I/O; lock under the bound driver refused;
	# unbind, unlock (STOP_INTERFACE), disconnect (END_SESSION). "reset"
	# puts the running interface through the same-device check (STOP,
	# LOCK, the report's digest compared, START); "aer" does the same
	# through AER recovery (a fatal error injected at the root port);
	# "swap-report" is a device whose report changed at a reset, which is
	# rejected. "range-moved" serves other MMIO ranges than the reference
	# values (still inside BAR 0, so the kernel locks), and the verifier
	# refuses to accept.
	add tdisp-good tdisp 1.2 p384 tdisp tdisp-good good -d "${TDISP_RANGES[@]}"
	add tdisp-reset tdisp 1.2 p384 tdisp+event=reset tdisp-reset reset -d "${TDISP_RANGES[@]}"
	add tdisp-aer tdisp 1.2 p384 tdisp+event=aer tdisp-aer aer -d "${TDISP_RANGES[@]}"
	add tdisp-swap-report tdisp 1.2 p384 tdisp+event=reset tdisp-swap-report swap-report \
		-d "${TDISP_RANGES[@]}" -f swap-report
	add tdisp-range-moved tdisp 1.2 p384 tdisp tdisp-range-moved range-moved \
		-d -R @0:0x2000:0:0 -R @0x2000:0x2000:3:1

	# TDISP faults: the connect (with its session) succeeds; then the
	# step named fails with the errno given (as the guest's shell words
	# it) and the kernel logs the TDISP step; nothing is accepted and no
	# driver binds. After a "lock" fault the evidence has no report,
	# which the verifier (holding the report to reference values)
	# rejects; after an "accept" fault (START_INTERFACE refused) the
	# verifier has verified, but tsm/accept fails and the interface stays
	# locked, not running. "range-outside-bar" is a report whose first
	# MMIO range runs past the end of the function's BAR 0 (QEMU's NVMe,
	# 16 KiB). In DATA, "BAR0" and "END" stand for the range's bounds.
	while read -r fault step words logged; do
		case $fault in
		range-outside-bar) args=(-R @0:0x5000:0:0 -R @0x2000:0x1000:1:1) ;;
		*) args=("${TDISP_RANGES[@]}" -f "$fault") ;;
		esac
		add "tdisp-fault-$fault" tdispfault 1.2 p384 tdisp "tdisp-fault-$fault" \
			"$step $words $logged" -d "${args[@]}"
	done <<-'FAULTS'
	report-range-lie lock Protocol~error GET_DEVICE_INTERFACE_REPORT:~malformed
	range-outside-bar lock Protocol~error GET_DEVICE_INTERFACE_REPORT:~MMIO~range~0~.BAR0-END.~is~not~inside~a~memory~BAR
	tdisp-iid lock Protocol~error GET_TDISP_VERSION:
	tdisp-nonce accept Input/output~error START_INTERFACE:~device~returned~TDISP_ERROR~0x0102
	FAULTS

	# Races on QEMU's DOE mailbox: a connect that waits out the DOE
	# timeout (the responder never answers CHALLENGE) against a removal
	# of the function (sysfs remove, then rescan) and against a
	# disconnect. Nothing hangs, leaks or trips lockdep/KASAN; the
	# connect fails; the function ends unauthenticated, without a driver.
	for c in remove disconnect; do
		add "race-$c" race 1.2 p256 "race=$c" "race-$c" "$c" -f silent
	done

	# Faults: the connect fails with the expected errno (as the guest's
	# shell words it), the SPDM step is logged, accept is refused and no
	# driver is bound. In the table, "~" stands for a space.
	while read -r v fault errno words logged; do
		add "fault-$v-$fault" fault "$v" p256 "" "$fault" "$errno $words $logged" -f "$fault"
	done <<-'FAULTS'
	1.2 bad-signature -EKEYREJECTED Key~was~rejected CHALLENGE:~signature~does~not~verify
	1.2 truncate -EMSGSIZE Message~too~long CHALLENGE:~malformed~response
	1.2 wrong-code -EPROTO Protocol~error CHALLENGE:~malformed~response
	1.2 chain-length -EBADMSG Bad~message GET_CERTIFICATE:~chain~header~says
	1.2 oversize -EPROTO Protocol~error GET_CERTIFICATE:~slot~0~offset~0:~asked
	1.2 meas-length -EMSGSIZE Message~too~long GET_MEASUREMENTS:~MeasurementRecordLength
	1.2 not-ready -ETIMEDOUT Connection~timed~out CHALLENGE:~device~not~ready
	1.2 busy -EBUSY busy CHALLENGE:~device~returned~ERROR~Busy
	1.2 silent -ETIMEDOUT Connection~timed~out CHALLENGE:~transport~failed~(-ETIMEDOUT)
	1.0 bad-signature -EKEYREJECTED Key~was~rejected CHALLENGE:~signature~does~not~verify
	1.0 truncate -EMSGSIZE Message~too~long CHALLENGE:~malformed~response
	1.3 bad-signature -EKEYREJECTED Key~was~rejected CHALLENGE:~signature~does~not~verify
	1.3 meas-length -EMSGSIZE Message~too~long GET_MEASUREMENTS:~MeasurementRecordLength
	1.2 bad-kex-signature -EKEYREJECTED Key~was~rejected KEY_EXCHANGE:~signature~does~not~verify
	1.2 bad-hmac -EKEYREJECTED Key~was~rejected KEY_EXCHANGE:~ResponderVerifyData~does~not~match
	1.2 bad-point -EPROTO Protocol~error KEY_EXCHANGE:~ExchangeData~is~not~a~point
	1.2 wrong-session -EPROTO Protocol~error FINISH:~secured~response~for~session
	1.3 short-tag -EMSGSIZE Message~too~long FINISH:~secured~response~of~20~bytes
	FAULTS

	# A device whose only DHE group is P-521, which the kernel cannot
	# compute, and which refuses NEGOTIATE_ALGORITHMS for it as libspdm
	# does: the connect fails, saying what the kernel offered. There is
	# no second try without KEY_EX_CAP (an interposer could forge the
	# refusal to strip the session).
	add fault-1.2-no-dhe-error fault 1.2 p256 "" no-dhe-error \
		"-EINVAL Invalid~argument NEGOTIATE_ALGORITHMS:~refused;~we~offered~DHE~groups" \
		-D p521 -f no-dhe-error
}

# --- boots -------------------------------------------------------------------
# Root port i of a boot sits at 00:(0x10 + i).0 and gets bus i + 1, so
# its function is 0000:(i + 1):00.0; the guest reports the port it found
# above each function and the verdict holds it to this.
slot_bdf() { printf '0000:%02x:00.0' $(($1 + 1)); }
slot_port() { printf '0000:00:%02x.0' $((0x10 + $1)); }
# Where the firmware (QEMU's SeaBIOS) puts BAR 0 of slot i's NVMe
# function: one 2 MiB bridge window per root port, from the top of the
# 32-bit window down. The TDISP cases' responders serve their MMIO ranges
# there; the guest builds its reference values from the BAR it really
# finds, and a layout other than this fails those cases at lock.
slot_bar0() { printf '%#x' $((0xfe800000 - $1 * 0x200000)); }

NBOOTS=0
NEIGHBOURS=()
declare -A BOOT_CASES
# plan CASE...: spread the cases over boots of at most $FUNCS functions;
# a case with a whole-machine event gets a boot of its own. Cases go
# round-robin, so that every boot starts with good flows, and the first
# good flow of a boot with an event case holds its driver to the end as
# the neighbour the events must leave untouched. S3 and S4 are whole-machine
# events. A boot with an event
# case but no good flow (E2E_ONLY) gets one of its own, neighbour-B.
plan() {
	local rest=() n nb k i b
	for n in "$@"; do
		if [[ "+${FLAGS[$n]}+" == *+event=s[34]+* ]]; then
			BOOT_CASES[$NBOOTS]=$n
			NBOOTS=$((NBOOTS + 1))
		else
			rest+=("$n")
		fi
	done
	nb=$(( (${#rest[@]} + FUNCS - 1) / FUNCS ))
	for ((k = 0; k < ${#rest[@]}; k++)); do
		b=$((NBOOTS + k % nb))
		BOOT_CASES[$b]="${BOOT_CASES[$b]:-} ${rest[$k]}"
	done
	NBOOTS=$((NBOOTS + nb))
	for ((b = 0; b < NBOOTS; b++)); do
		i=0
		local events= held= flows=
		for n in ${BOOT_CASES[$b]}; do
			[[ "+${FLAGS[$n]}+" == *+event=* ]] && [[ "+${FLAGS[$n]}+" != *+event=s[34]+* ]] && events=1
			[ "${KIND[$n]}" = flow ] && flows=1
		done
		if [ -n "$events" ] && [ -z "$flows" ]; then
			add "neighbour-$b" flow 1.2 p384 "" "neighbour-$b" -
			NEIGHBOURS+=("neighbour-$b")
			BOOT_CASES[$b]="neighbour-$b ${BOOT_CASES[$b]}"
		fi
		for n in ${BOOT_CASES[$b]}; do
			BOOT[$n]=$b SLOT[$n]=$i BDF[$n]=$(slot_bdf $i) BAR0[$n]=$(slot_bar0 $i)
			TOKEN[$n]="CMA-E2E host $(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
			if [ -n "$events" ] && [ -z "$held" ] && [ "${KIND[$n]}" = flow ]; then
				FLAGS[$n]="${FLAGS[$n]:+${FLAGS[$n]}+}hold"
				held=$n
			fi
			i=$((i + 1))
		done
	done
}

# start_responder LOG ARGS...: on a free port; sets $port and appends to
# $RSP_PIDS. A busy port is skipped; a responder that fails otherwise stops
# the rig.
start_responder() {
	local log=$1 first=$((20000 + (BASHPID * 37) % 20000)) pid
	shift
	for port in $(seq $first $((first + 199))); do
		"$E/spdm-responder" -p "$port" "$@" >"$log" 2>&1 &
		pid=$!
		RSP_PIDS+=("$pid")
		for _ in $(seq 50); do	# up to 5 s on a loaded machine
			if grep -q 'blocks, on 127.0.0.1:' "$log"; then
				return
			fi
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
		grep -q 'cannot listen' "$log" ||
			die "the SPDM responder did not start: $(tail -n 1 "$log")"
	done
	die "no free port for the SPDM responder in $first-$((first + 199)) (all busy)"
}

# run_boot B [EXTRA]: boot B with a function per case; its console log
# is split into one log per case (the case's "E2E:" lines, untagged, and
# the kernel's lines that name its function). EXTRA goes on the kernel
# command line.
run_boot() {
	local b=$1 extra=${2:-} n i a s3=() s4=() trace=() waker= rc=0 round
	local blog=$RUN/console-boot-$b.log timeout ncases hib=
	read -ra names <<< "${BOOT_CASES[$b]}"
	ncases=${#names[@]}
	# Nothing of an earlier run may be judged as this one's
	rm -f "$blog" "$E/console-boot-$b.log" "$E/qemu-boot-$b.log" "$E/qemu-boot-$b.rc" \
		"$E/boot-$b.done" "$RUN"/trace-boot-$b*.log "$RUN/console-boot-$b-resume.log"
	for n in "${names[@]}"; do
		rm -f "$E/console-$n.log" "$E/responder-$n.log" "$E/responder-$n-resume.log"
	done
	RSP_PIDS=()
	trap 'kill "${RSP_PIDS[@]}" 2>/dev/null || true' EXIT
	for n in "${names[@]}"; do
		disk=$RUN/disk-$n.img
		truncate -s 0 "$disk"
		truncate -s 1M "$disk"
		printf '%s\n' "${TOKEN[$n]}" | dd of="$disk" bs=512 seek=8 conv=notrunc status=none
		# Suspend to RAM: S3 on, and QMP for rig/qmp-wake.py to wake it
		if [[ "+${FLAGS[$n]}+" == *+event=s3+* || "+${FLAGS[$n]}+" == *+bench_s3=* ]] &&
		   [ ${#s3[@]} = 0 ]; then
			rm -f "$RUN/qmp-$b.sock"
			s3=(-global ICH9-LPC.disable_s3=0 -qmp "unix:/cma-e2e/qmp-$b.sock,server=on,wait=off")
			"$RIG_DIR/qmp-wake.py" "$RUN/qmp-$b.sock" >"$E/qmp-wake-$b.log" 2>&1 &
			waker=$!
			extra+=" no_console_suspend"
		fi
		# Hibernation: a virtio disk for swap, and the image read from it
		# when QEMU starts again
		if [[ "+${FLAGS[$n]}+" == *+event=s4+* ]] && [ ${#s4[@]} = 0 ]; then
			truncate -s 0 "$RUN/swap-$b.img"
			truncate -s 512M "$RUN/swap-$b.img"
			s4=(-drive "file=/cma-e2e/swap-$b.img,if=virtio,format=raw")
			extra+=" no_console_suspend resume=/dev/vda"
		fi
		# The DMA window: every config write QEMU sees, with the time
		[[ "+${FLAGS[$n]}+" == *+dmawin+* ]] && trace=(-msg timestamp=on -trace enable=pci_cfg_write)
	done
	# Round 2 only after a hibernation: QEMU again, resuming the image,
	# with a responder of each function that serves RARGS if given
	for round in 1 2; do
		local devs=() cmdline= log=console-boot-$b.log rlog
		if [ $round = 2 ]; then
			log=console-boot-$b-resume.log
			hib=
			for n in "${names[@]}"; do
				grep -q "^E2E: $n: s4 hibernating" "$blog" && hib=1
			done
			[ -n "$hib" ] && ! grep -q '^E2E: done' "$blog" || break
			for a in "${RSP_PIDS[@]}"; do
				kill "$a" 2>/dev/null || true
				wait "$a" 2>/dev/null || true
			done
			RSP_PIDS=()
		fi
		for n in "${names[@]}"; do
			i=${SLOT[$n]}
			# @OFFSET in a range: this function's BAR 0 plus OFFSET
			local rargs=() all=() bar off
			if [ $round = 2 ] && [ -n "${RARGS[$n]:-}" ]; then
				IFS=$'\x1f' read -ra all <<< "${RARGS[$n]}"
			else
				IFS=$'\x1f' read -ra all <<< "${ARGS[$n]}"
			fi
			for a in "${all[@]}"; do
				if [[ $a == @* ]]; then
					off=${a%%:*}
					bar=$(printf '%#x' $(( ${BAR0[$n]} + ${off#@} )))
					a=$bar:${a#*:}
				fi
				rargs+=("$a")
			done
			rlog=$E/responder-$n.log
			[ $round = 1 ] || rlog=$E/responder-$n-resume.log
			# The TDI's FUNCTION_ID is the function's requester ID; -d logs
			# every exchange, which the verdicts count
			start_responder "$rlog" -d -v "${VER[$n]}" -I "$(printf '%#x' $(( (i + 1) << 8 )))" \
				-k "$E/certs/${KEY[$n]}/leaf.key" -c "$E/certs/${KEY[$n]}/chain.der" "${rargs[@]}"
			devs+=(-drive "file=/cma-e2e/disk-$n.img,if=none,id=d$i,format=raw"
			       -device "pcie-root-port,id=rp$i,bus=pcie.0,chassis=$((i + 1)),addr=$(printf '%#x' $((0x10 + i))),x-speed=5"
			       -device "nvme,serial=cma-e2e-$i,drive=d$i,bus=rp$i,spdm_port=$port")
			cmdline+=" cma.case=$n,${BDF[$n]},${FLAGS[$n]:--}"
		done
		local qemu=(chroot "$QEMU_ROOT" qemu-system-x86_64
			-machine q35 -accel tcg -cpu max -m 1G -no-reboot -display none
			-kernel /cma-e2e/bzImage -initrd /cma-e2e/initramfs.cpio.gz
			-append "console=ttyS0 panic=-1 loglevel=6 cma.run=$RUNID${extra:+ $extra}$cmdline"
			"${devs[@]}" "${s4[@]}"
			-virtfs local,path=/,mount_tag=trixie,security_model=none,readonly=on
			"${s3[@]}")
		[ ${#trace[@]} = 0 ] ||
			qemu+=("${trace[@]}" -D "/cma-e2e/trace-boot-$b$([ $round = 1 ] || echo -resume).log")
		if [ "$mode" = shell ]; then
			"${qemu[@]}" -monitor none -serial mon:stdio || rc=$?
		else
			timeout=$((150 + ${E2E_CASE_TIMEOUT:-60} * ncases))
			timeout --foreground -k 10 "$timeout" "${qemu[@]}" -monitor none \
				-serial "file:/cma-e2e/$log" \
				</dev/null >>"$E/qemu-boot-$b.log" 2>&1 || rc=$?
		fi
		touch "$blog"
	done
	echo "$rc" > "$E/qemu-boot-$b.rc"
	for a in "${RSP_PIDS[@]}"; do
		kill "$a" 2>/dev/null || true
		wait "$a" 2>/dev/null || true
	done
	RSP_PIDS=()
	if [ -n "$waker" ]; then
		kill "$waker" 2>/dev/null || true
		wait "$waker" 2>/dev/null || true
	fi
	# After a hibernation, the resumed machine's console and responder
	# logs follow the first ones
	if [ -n "$hib" ]; then
		cat "$RUN/console-boot-$b-resume.log" >> "$blog" 2>/dev/null || true
		for n in "${names[@]}"; do
			cat "$E/responder-$n-resume.log" >> "$E/responder-$n.log" 2>/dev/null || true
		done
	fi
	cp -f "$blog" "$E/"
	for n in "${names[@]}"; do
		{
			grep -a "^E2E: $n: " "$blog" | sed "s/^E2E: $n: /E2E: /" || true
			grep -aF " ${BDF[$n]}: " "$blog" | grep -av '^E2E: ' || true
			if [[ "+${FLAGS[$n]}+" == *+dmawin+* ]]; then
				dma_window "$n" "$b" "$hib"
			fi
		} | tr -d '\r' > "$E/console-$n.log"
	done
	touch "$E/boot-$b.done"
}

# dma_window NAME BOOT [RESUMED]: whether case NAME's function kept bus
# mastering off from its reset to the same-device check's verdict, and
# what it had after, from QEMU's trace of config writes (pci_cfg_write,
# with the host's time) and the times the responder logged for the
# check's stalled CHALLENGE. The reset is the last one before the stall:
# an FLR (Initiate Function Level Reset in Device Control, at 0x88 of
# QEMU's NVMe function), a secondary bus reset by the root port above it
# (Bridge Control), the wake from S3 (qmp-wake.py's time), or the start of
# the QEMU that resumed a hibernated guest (RESUMED: its trace's first
# line). Every write of the Command register from the reset until the
# CHALLENGE_AUTH went out must leave Bus Master Enable clear; after it, a
# device that passed must get it back, one that failed never. Prints one
# "E2E: dma-window EVENT ..." line, "ok: bus master off from reset to
# verdict" when all that holds.
dma_window() {
	local n=$1 b=$2 resumed=${3:-} ev tr=$RUN/trace-boot-$2.log
	ev=$(echo "+${FLAGS[$n]}+" | sed -n 's/.*+event=\([^+]*\)+.*/\1/p')
	[ -z "$resumed" ] || tr=$RUN/trace-boot-$b-resume.log
	python3 - "$tr" "$E/responder-$n.log" "$E/qmp-wake-$b.log" "$ev" "${DATA[$n]#*~}" \
		"$(printf '%02x:00.0' $((SLOT[$n] + 1)))" "$(slot_port "${SLOT[$n]}" | cut -c6-)" \
		"$resumed" <<-'PY'
	import re, sys
	trace, rlog, wlog, ev, kind, dev, port, resumed = sys.argv[1:]
	def out(s):
	    print(f"E2E: dma-window {ev} {s}")
	    sys.exit(0)
	stall = answered = None
	polls = 0
	for line in open(rlog, errors="replace"):
	    m = re.search(r"CHALLENGE stalled for \d+ ms, from ([0-9.]+)$", line)
	    if m and stall is None:
	        stall = float(m.group(1))
	    m = re.search(r"answered after the stall, (\d+) RESPOND_IF_READY not ready, at ([0-9.]+)$", line)
	    if m and answered is None:
	        polls, answered = int(m.group(1)), float(m.group(2))
	if stall is None or answered is None:
	    out("FAIL: the responder saw no stalled CHALLENGE of a check")
	try:
	    lines = open(trace, errors="replace").read().splitlines()
	except OSError:
	    out(f"FAIL: no QEMU trace {trace}")
	pat = re.compile(r"^\d+@([0-9.]+):pci_cfg_write \S+ ([0-9a-f:.]+) @0x([0-9a-f]+) <- 0x([0-9a-f]+)")
	writes, resets, during = [], [], 0
	first = None
	for line in lines:
	    m = pat.match(line)
	    if not m:
	        continue
	    t, bdf, off, val = float(m.group(1)), m.group(2), int(m.group(3), 16), int(m.group(4), 16)
	    first = t if first is None else first
	    if bdf == dev:
	        if stall <= t <= answered:
	            during += 1
	        if off == 4:
	            writes.append((t, val & 4))
	        elif off == 0x88 and val & 0x8000:
	            resets.append((t, "FLR"))
	    elif bdf == port and off == 0x3e and val & 0x40:
	        resets.append((t, "secondary bus reset"))
	# After a hibernation the machine powered on: the firmware (SeaBIOS
	# sets bus master on NVMe functions it probes) and the boot kernel run
	# before the image's kernel. The kernel's part starts where the
	# image's kernel holds the function: the last Command write before
	# the check, which must clear Bus Master Enable. What came before is
	# reported, not judged.
	firmware = ""
	if resumed and first is not None:
	    before = [(t, bme) for t, bme in writes if t < stall]
	    if not before:
	        out("FAIL: no write of the Command register before the check")
	    if before[-1][1]:
	        out(f"FAIL: bus master on when the check began (set {stall - before[-1][0]:.3f} s before it)")
	    on_fw = [t for t, bme in before if bme]
	    if on_fw:
	        firmware = (f"; before the kernel held it, bus master was on from {on_fw[0] - first:.3f} s "
	                    f"after power-on (firmware) for {before[-1][0] - on_fw[0]:.3f} s")
	    resets.append((before[-1][0], "restore's hold (resume from hibernation)"))
	if ev == "s3":
	    for line in open(wlog, errors="replace"):
	        m = re.search(r"woke it at ([0-9.]+)", line)
	        if m:
	            resets.append((float(m.group(1)), "wake from S3"))
	resets = sorted(r for r in resets if r[0] < stall)
	if not resets:
	    out("FAIL: no reset of the function in QEMU's trace before the check")
	reset, how = resets[-1]
	on = [t for t, bme in writes if t >= reset and bme]
	early = [t for t in on if t <= answered]
	if early:
	    out(f"FAIL: bus master set {early[0] - reset:.3f} s after the {how}, before the verdict "
	        f"(the check's CHALLENGE stalled from {stall - reset:.3f} s to {answered - reset:.3f} s)")
	if during < 2 or polls < 2:
	    out(f"FAIL: the stall was not seen: {during} config writes, {polls} RESPOND_IF_READY in it")
	if kind == "same" and not on:
	    out("FAIL: bus master never set again after the check passed")
	if kind != "same" and on:
	    out(f"FAIL: bus master set {on[0] - answered:.3f} s after the rejection")
	nw = sum(1 for t, _ in writes if reset <= t <= answered)
	print(f"E2E: dma-window {ev} detail {how}, then {nw} Command writes without bus master, "
	      f"check stalled {answered - stall:.1f} s ({polls} RESPOND_IF_READY, {during} config writes), "
	      + (f"bus master back {on[0] - answered:.3f} s after" if on else "never set again") + firmware)
	out("ok: bus master off from reset to verdict")
	PY
}

# run_boots: every planned boot, up to $JOBS_E2E at once
run_boots() {
	local b running=0
	for ((b = 0; b < NBOOTS; b++)); do
		if [ $running -ge "$JOBS_E2E" ]; then
			wait -n || true
			running=$((running - 1))
		fi
		say "e2e: boot $b: ${BOOT_CASES[$b]# }"
		run_boot "$b" &
		running=$((running + 1))
	done
	wait || true
}

# --- verdicts ----------------------------------------------------------------
# Set for the case under judgement: $cur, $log, $disk, $host_token.
has_flag() { [[ "+${FLAGS[$cur]}+" == *"+$1+"* ]]; }
has_flag_like() { [[ "+${FLAGS[$cur]}+" == *"+$1"* ]]; }

# e2e_line WORDS: the rest of the case's "E2E: WORDS..." line
e2e_line() {
	grep -a "^E2E: $1" "$log" | head -n 1 | tr -d '\r' | sed "s/^E2E: $1 *//"
}

# boot_verdict B: why boot B failed as a whole, if it did
boot_verdict() {
	local blog=$E/console-boot-$1.log
	if [ ! -f "$E/boot-$1.done" ]; then
		echo "boot $1 did not run to its end on the host (the rig stopped it; see its output above)"
	elif ! grep -q "^E2E: run $RUNID" "$blog"; then
		echo "boot $1's log is not this run's (no E2E: run $RUNID)"
	elif ! grep -q '^E2E: done' "$blog"; then
		echo "boot $1 did not finish (QEMU $(cat "$E/qemu-boot-$1.rc" 2>/dev/null)): $(tail -n 1 "$E/qemu-boot-$1.log")"
	elif grep -Eq "$KERNEL_SPLAT" "$blog"; then
		echo "kernel report in boot $1's log: $(grep -Ea "$KERNEL_SPLAT" "$blog" | head -n 1 | tr -d '\r')"
	elif ! grep -q '^E2E: kmemleak 0 leaks' "$blog"; then
		echo "kmemleak in boot $1: $(grep -a '^E2E: kmemleak' "$blog" | head -n 1 | tr -d '\r') $(grep -a '^E2E: kmemleak: ' "$blog" | sed -n '/backtrace/{n;n;p}' | head -n 1 | tr -d '\r')"
	fi
}

# early_verdict: why the case failed with its boot, or did not finish,
# or ran on another function than planned
early_verdict() {
	local why
	why=$(boot_verdict "${BOOT[$cur]}")
	if [ -n "$why" ]; then
		echo "$why; the case's last line: $(grep -a '^E2E: ' "$log" 2>/dev/null | tail -n 1)"
	elif ! grep -q '^E2E: end$' "$log"; then
		echo "the case did not finish: $(grep -a '^E2E: ' "$log" | tail -n 1)"
	elif has_flag hold && ! grep -q '^E2E: end held$' "$log"; then
		echo "the held function's teardown did not finish: $(grep -a '^E2E: ' "$log" | tail -n 1)"
	elif ! grep -q "^E2E: device ${BDF[$cur]} 0x1b36:0x0010 port $(slot_port "${SLOT[$cur]}") " "$log"; then
		echo "not the planned function $(slot_bdf "${SLOT[$cur]}") under $(slot_port "${SLOT[$cur]}"): $(e2e_line device)"
	fi
}

# flow_verdict VERSION [rejected]: why the full flow failed, if it did
flow_verdict() {
	local guest_token
	guest_token=$(e2e_line 'io wrote' | sed -n 's/^\[\(.*\)\]$/\1/p')
	if [ "$(e2e_line 'spdm slot 0 version' | cut -d' ' -f1)" != "$1" ]; then
		echo "not authenticated with SPDM $1: $(e2e_line connect) $(e2e_line log)"
	elif [ "$1" != 1.0 ] && [[ "$(e2e_line session)" != "secure session 0x"* ]]; then
		echo "no secure session: $(e2e_line session) $(e2e_line log)"
	elif [ -n "$(e2e_line 'driver before connect' | tr -d '[]')" ]; then
		echo "a driver bound before accept"
	elif ! has_flag tdisp &&
	     ! grep -q '^E2E: lock refused.*Operation not supported.*DEVCAP TEE clear' "$log"; then
		echo "tsm/lock on a function without TEE-IO: $(e2e_line lock)"
	elif has_flag tdisp &&
	     ! grep -q '^E2E: tdisp TDISP interface locked, report of [0-9]* bytes with 3 MMIO ranges' "$log"; then
		echo "TDISP lock: $(e2e_line lock) $(e2e_line tdisp) $(e2e_line 'log TDISP')"
	elif has_flag tdisp &&
	     ! grep -q '^E2E: verifier tdisp report .* 3 MMIO ranges of 16 KiB' "$log"; then
		echo "the verifier's TDISP report: $(e2e_line 'verifier tdisp')"
	elif [ "$(e2e_line 'verifier verdict')" != VERIFIED ]; then
		echo "the verifier: $(e2e_line 'verifier verdict') $(e2e_line 'verifier stderr')"
	elif ! grep -q '^E2E: accept ok generation [0-9]' "$log"; then
		echo "accept: $(e2e_line accept)"
	elif has_flag tdisp && ! grep -q '^E2E: tdisp TDISP interface in RUN' "$log"; then
		echo "accept did not start the TDISP interface: $(e2e_line accept)"
	elif [ "$(e2e_line 'bind ok driver')" != "[nvme]" ]; then
		echo "bind: $(e2e_line bind)"
	elif has_flag tdisp &&
	     ! grep -q '^E2E: tdisp lock while bound refused.*busy' "$log"; then
		echo "tsm/lock under a bound driver: $(e2e_line 'tdisp lock while')"
	elif [ "$(e2e_line 'io read')" != "[$host_token]" ]; then
		echo "the guest did not read the host's block: $(e2e_line io)"
	elif [ -z "$guest_token" ] ||
	     [ "$(dd if="$disk" bs=512 skip=16 count=1 status=none | head -n 1)" != "$guest_token" ]; then
		echo "the guest's write did not reach the disk image: $(e2e_line 'io wr')"
	elif has_flag hold &&
	     [ "$(e2e_line 'io held')" != "[$guest_token] driver [nvme] authenticated [$(e2e_line device | awk '{ print $6 }')] busmaster [on]" ]; then
		echo "the held function after the other cases: $(e2e_line 'io held')"
	elif [ "${2:-}" != rejected ] &&
	     { ! grep -q '^E2E: unbind ok' "$log" || ! grep -q '^E2E: after disconnect \[\]' "$log"; }; then
		echo "unbind/disconnect: $(e2e_line unbind) $(e2e_line 'after disconnect')"
	elif has_flag tdisp && ! has_flag_like event= &&
	     ! grep -q '^E2E: tdisp TDISP interface stopped' "$log"; then
		echo "TDISP unlock: $(e2e_line 'tdisp unlock')"
	elif has_flag ynl && ! grep -q '^E2E: ynl ok' "$log"; then
		echo "the YNL CLI: $(e2e_line ynl)"
	elif has_flag stale &&
	     ! grep -q '^E2E: stale accept exit 1: REJECTED: accept: tsm/accept refused' "$log"; then
		echo "stale evidence: $(e2e_line stale)"
	fi
}

# neighbours_verdict: why an event touched another function, if it did
neighbours_verdict() {
	local held=0 n
	for n in ${BOOT_CASES[${BOOT[$cur]}]}; do
		[ "$n" != "$cur" ] && [[ "+${FLAGS[$n]}+" == *+hold+* ]] && held=$((held + 1))
	done
	if [ "$held" = 0 ]; then
		echo "no held neighbour in boot ${BOOT[$cur]}"
	elif ! grep -q '^E2E: neighbours untouched' "$log"; then
		echo "the event touched another function: $(e2e_line neighbours)"
	elif [ "$(e2e_line 'neighbours untouched' | cut -d' ' -f2)" != "$held" ]; then
		echo "held neighbours checked: $(e2e_line 'neighbours untouched' | cut -d' ' -f2) of $held"
	fi
}

verdict_flow() {
	local want=1
	# One connect, two more for the stale evidence: a held function
	# that an event elsewhere reset would have a check (a new
	# connection) too many
	has_flag stale && want=3
	why=$(flow_verdict "${VER[$cur]}")
	if [ -z "$why" ] && [ "$(connects)" != $want ]; then
		why="$(connects) connections to the responder, not $want"
	fi
	detail="connect, verifier, accept, bind, I/O, disconnect"
	has_flag ynl && detail+=", YNL CLI"
	has_flag stale && detail+=", stale evidence refused"
	has_flag hold && detail+=", held through the boot's events"
	return 0
}

verdict_event() {
	local ev c what logged after late
	read -r ev c <<< "${DATA[$cur]//\~/ }"
	case $ev in
	reset) what="sysfs reset"; logged=reset ;;
	aer) what="AER recovery"; logged='\(error recovery\|bus reset\)' ;;
	s3) what="S3 resume"; logged=resume ;;
	s4) what="S4 resume"; logged='\(resume\|restore\|thaw\)' ;;
	esac
	why=$(flow_verdict "${VER[$cur]}" "$([ $c = same ] || echo rejected)")
	after=$(e2e_line 'after event')
	if [ -z "$why" ] && ! grep -q "^E2E: event $ev ok" "$log"; then
		why="$what: $(e2e_line "event $ev")"
	elif [ -z "$why" ] && [ $ev = aer ] && [ $c = same ] &&
	     ! grep -q '^E2E: log AER: device recovery successful' "$log"; then
		why="AER recovery did not report success: $(e2e_line 'log AER')"
	elif [ -z "$why" ] && [ $ev = aer ] && [ $c != same ] &&
	     ! grep -q '^E2E: log AER: device recovery failed' "$log"; then
		# The only function below the root port was rejected: nothing
		# recovered, and recovery must say so
		why="AER recovery reported success with its only function rejected: $(e2e_line 'log AER')"
	elif [ -z "$why" ] && [ $c = same ] && [ "$(connects)" -lt 2 ]; then
		why="the same-device check did not reach the device ($(connects) connections)"
	elif [ -z "$why" ] && has_flag dmawin &&
	     ! grep -qx "E2E: dma-window $ev ok: bus master off from reset to verdict" "$log"; then
		why="DMA window: $(e2e_line "dma-window $ev" || true)"
	elif [ -z "$why" ] && [ $ev = aer ] && [ $c = same ] &&
	     [ "$(e2e_line 'aer handlers')" != "slot_reset [1] resume [1]" ]; then
		why="nvme's error handlers: $(e2e_line 'aer handlers' || true)"
	elif [ -z "$why" ] && [ $ev = aer ] && [ $c != same ] &&
	     [ "$(e2e_line 'aer handlers')" != "slot_reset [0] resume [0]" ]; then
		why="nvme's error handlers of the rejected function: $(e2e_line 'aer handlers' || true)"
	elif [ -z "$why" ] && [ $ev = aer ] && [ $c != same ] &&
	     ! grep -q '^E2E: uevent .*ERROR_EVENT=FAILED_RECOVERY' "$log"; then
		why="no uevent ERROR_EVENT=FAILED_RECOVERY: $(grep '^E2E: uevent' "$log" | tr '\n' ' ' || true)"
	elif [ -z "$why" ] && [ $ev != s3 ] && [ $ev != s4 ]; then
		why=$(neighbours_verdict)
	fi
	if [ -z "$why" ] && [ $c = same ]; then
		late=$(e2e_line 'io wrote after event' | tr -d '[]')
		if [ "$after" != "driver [nvme] authenticated [$(e2e_line device | awk '{ print $6 }')] busmaster [on]" ]; then
			why="after the $what: $after"
		elif [ "$(e2e_line 'io after event')" != "[$(e2e_line 'io wrote' | tr -d '[]')]" ]; then
			why="I/O after the $what: $(e2e_line 'io after event')"
		elif [ -z "$late" ] ||
		     [ "$(dd if="$disk" bs=512 skip=24 count=1 status=none | head -n 1)" != "$late" ]; then
			why="the write after the $what did not reach the disk: $(e2e_line 'io wr')"
		elif grep -qa 'not the device accepted' "$log"; then
			why="rejected: $(grep -a 'not the device accepted' "$log" | head -n 1)"
		fi
	elif [ -z "$why" ]; then
		if [ "$after" != "driver [] authenticated [] busmaster [off]" ]; then
			why="after the $what: $after"
		elif ! grep -q '^E2E: accept after event refused' "$log"; then
			why="accept after the $what: $(e2e_line 'accept after event')"
		elif ! grep -qa "$logged: not the device accepted" "$log"; then
			why="no log line for the rejection"
		elif [ $c = no-answer ] && ! grep -qa "$logged: not the device accepted .*(-ETIMEDOUT)" "$log"; then
			why="rejected, but not for a timeout: $(grep -a 'not the device accepted' "$log" | head -n 1)"
		fi
	fi
	if [ $c = same ]; then
		detail="$what: still accepted, driver and I/O kept"
	else
		detail="$what: rejected ($(grep -ao 'SPDM [A-Z_]*: .*' "$log" | tail -n 1 | tr -d '\r')), driver gone, DMA off"
	fi
	[ $ev = s3 ] || [ $ev = s4 ] || detail+="; neighbours untouched"
	[ $ev != aer ] || detail+="; nvme's slot_reset and resume $([ $c = same ] && echo ran || echo kept away)"
	! has_flag dmawin || detail+="; $(e2e_line "dma-window $ev ok:" || true)"
}

verdict_swap() {
	why=$(flow_verdict 1.2)
	if [ -z "$why" ] && ! grep -q '^E2E: reconnect ok generation [0-9]' "$log"; then
		why="reconnect: $(e2e_line reconnect)"
	elif [ -z "$why" ] && ! grep -q 'connection 2: \(serving the second\|measurements changed\)' \
			"$E/responder-$cur.log"; then
		why="the responder did not change"
	fi
	detail="flow, then reconnect to the changed device"
}

# tdisp_seq: the TDISP requests the case's responder answered, in order,
# a repeated request named once
tdisp_seq() {
	{ sed -n 's/^spdm-responder: TDISP \([A-Z_]*\) -> \(ok\|TDISP_ERROR [0-9a-fx]*\), .*/\1 \2/p' \
		"$E/responder-$cur.log" 2>/dev/null || true; } | sed 's/ ok$//' | uniq | tr '\n' ' ' | sed 's/ $//'
}

# connects: how many connections (GET_VERSION) the case's responder saw
connects() {
	grep -c '^spdm-responder: 0x84 [0-9]* bytes -> ' "$E/responder-$cur.log" 2>/dev/null || true
}
lock_seq="GET_TDISP_VERSION GET_TDISP_CAPABILITIES LOCK_INTERFACE GET_DEVICE_INTERFACE_REPORT GET_DEVICE_INTERFACE_STATE"
start_seq="START_INTERFACE GET_DEVICE_INTERFACE_STATE"

# The guest saw BAR 0 where the responder was told it is
bar_verdict() {
	local b
	b=$(e2e_line 'tdisp bar 0' | cut -d- -f1)
	[ "$b" = "${BAR0[$cur]}" ] ||
		echo "BAR 0 of $(slot_bdf "${SLOT[$cur]}") is at ${b:-?}, not ${BAR0[$cur]} (slot_bar0 in rig/e2e.sh)"
}

verdict_tdisp() {
	local c=${DATA[$cur]} seq
	seq=$(tdisp_seq)
	why=$(bar_verdict)
	if [ -z "$why" ] && [ $c = range-moved ]; then
		if ! grep -q '^E2E: lock ok' "$log"; then
			why="lock: $(e2e_line lock) $(e2e_line 'log TDISP')"
		elif ! grep -q '^E2E: verifier verdict *REJECTED: reference values: report range' "$log" ||
		     ! grep -q '^E2E: accept error verifier exit 1' "$log"; then
			why="the verifier: $(e2e_line 'verifier verdict')"
		elif [ "$seq" != "$lock_seq" ]; then
			why="TDISP requests: $seq"
		fi
	elif [ -z "$why" ]; then
		why=$(flow_verdict 1.2 "$([ $c = swap-report ] && echo rejected)")
	fi
	if [ -z "$why" ]; then
		case $c in
		good)
			if [ "$seq" != "$lock_seq $start_seq STOP_INTERFACE" ]; then
				why="TDISP requests: $seq"
			fi ;;
		reset|aer)
			if ! grep -q "^E2E: event $c ok" "$log"; then
				why="the $c: $(e2e_line "event $c")"
			elif [ "$(e2e_line 'after event')" != "driver [nvme] authenticated [$(e2e_line device | awk '{ print $6 }')] busmaster [on]" ]; then
				why="after the $c: $(e2e_line 'after event')"
			elif [ "$(e2e_line 'io after event')" != "[$(e2e_line 'io wrote' | tr -d '[]')]" ]; then
				why="I/O after the $c: $(e2e_line 'io after event')"
			elif [ "$seq" != "$lock_seq $start_seq STOP_INTERFACE $lock_seq $start_seq STOP_INTERFACE" ]; then
				why="TDISP requests: $seq"
			else
				why=$(neighbours_verdict)
			fi ;;
		swap-report)
			if [ "$(e2e_line 'after event')" != "driver [] authenticated [] busmaster [off]" ]; then
				why="after the reset: $(e2e_line 'after event')"
			elif ! grep -qa 'CMA: TDISP interface report differs from the one accepted' "$log" ||
			     ! grep -qa 'reset: not the device accepted at generation [0-9]* (-EKEYREJECTED)' "$log"; then
				why="no rejection for the report: $(grep -a 'not the device' "$log" | head -n 1)"
			elif ! grep -q '^E2E: accept after event refused' "$log"; then
				why="accept after the reset: $(e2e_line 'accept after event')"
			else
				why=$(neighbours_verdict)
			fi ;;
		esac
	fi
	# Either way the disconnect ends the session, after the STOP
	if [ -z "$why" ] && { [ $c = good ] || [ $c = reset ] || [ $c = aer ]; } &&
	   ! tail -n 1 "$E/responder-$cur.log" | grep -q '0xec [0-9]* bytes -> 0x6c'; then
		why="no END_SESSION last: $(tail -n 1 "$E/responder-$cur.log")"
	fi
	case $c in
	good) detail="lock, report verified, accept (RUN), bind, I/O, unlock, disconnect" ;;
	reset) detail="reset: STOP, LOCK, report digest, START; driver and I/O kept" ;;
	aer) detail="AER recovery: STOP, LOCK, report digest, START; driver and I/O kept" ;;
	swap-report) detail="reset: changed report rejected, driver gone, DMA off" ;;
	range-moved) detail="report outside the reference values: not accepted" ;;
	esac
}

verdict_tdispfault() {
	local step words logged end
	read -r step words logged <<< "${DATA[$cur]}"
	end=$(printf '%#x' $(( ${BAR0[$cur]} + 0x4fff )))
	logged=${logged//BAR0/${BAR0[$cur]}}
	logged=${logged//END/$end}
	why=$(bar_verdict)
	if [ -z "$why" ] && ! grep -q '^E2E: connect ok' "$log"; then
		why="connect: $(e2e_line connect) $(e2e_line log)"
	elif [ -z "$why" ] && [ "$step" = lock ] &&
	     ! grep -q "^E2E: lock refused.*${words//\~/ }" "$log"; then
		why="lock: $(e2e_line lock)"
	elif [ -z "$why" ] && [ "$step" = accept ] &&
	     { ! grep -q '^E2E: lock ok' "$log" ||
	       ! grep -q "^E2E: verifier stderr .*/tsm/accept: ${words//\~/ }" "$log"; }; then
		why="lock $(e2e_line lock), then accept: $(e2e_line 'verifier stderr')"
	elif [ -z "$why" ] && ! grep -qa "CMA: TDISP ${logged//\~/ }" "$log"; then
		why="no log line for the TDISP step: $(grep -ao 'CMA: TDISP .*' "$log" | head -n 1 | tr -d '\r')"
	elif [ -z "$why" ] && { ! grep -q '^E2E: accept error verifier exit [12]' "$log" ||
				grep -q '^E2E: bind' "$log"; }; then
		why="accepted or bound: $(e2e_line accept) $(e2e_line bind)"
	fi
	detail="$step refused, $(grep -ao 'CMA: TDISP [A-Z_]*' "$log" | head -n 1 | cut -d' ' -f3); not accepted, no driver"
}

verdict_bench() {
	why=
	detail=
}

verdict_race() {
	local race=${DATA[$cur]}
	why=
	if ! grep -q '^E2E: race connect exit [1-9]' "$log"; then
		why="connect: $(e2e_line 'race connect')"
	elif ! grep -q "^E2E: race $race \(ok\|refused.*No such device\)" "$log"; then
		why="$race: $(e2e_line "race $race")"
	elif ! grep -q '^E2E: race after authenticated \[\] driver \[\]' "$log"; then
		why="after: $(e2e_line 'race after')"
	fi
	detail="$race: $(e2e_line "race $race" | cut -c1-40); connect: $(e2e_line 'race connect' | cut -c1-40)"
}

verdict_fault() {
	local errno words logged
	read -r errno words logged <<< "${DATA[$cur]}"
	why=
	if ! grep -q "^E2E: connect error.*${words//\~/ }" "$log" ||
	   ! grep -q '^E2E: authenticated \[\]' "$log" ||
	   ! grep -q "^E2E: log SPDM ${logged//\~/ }" "$log" ||
	   ! grep -q '^E2E: accept refused' "$log" ||
	   ! grep -q '^E2E: driver after failure \[\]' "$log"; then
		why="$(grep -a '^E2E: \(log\|connect\|auth\|accept\|driver after\)' "$log" | head -n 4 | tr -d '\r' | tr '\n' ' ')"
	fi
	detail="refused ($errno), not authenticated, no driver"
}

# chunks_verdict: a responder that chunks like libspdm (-L) really sent
# KEY_EXCHANGE_RSP in chunks, and chunks inside the session; the
# verifier checks the recording of the exchanges offline (three
# signatures at least: the connect's two, the check's one)
chunks_verdict() {
	local r=$E/responder-$cur.log rep
	rep=$("$OUT/cma-verify/dynamic/cma-verify" -q --json - --pcap "$E/doe-$cur.pcap" \
		--trust-chain-root 2>/dev/null | tr -d '\n')
	if ! grep -q '^spdm-responder: 0xe4: [0-9]* byte response in chunks' "$r"; then
		echo "KEY_EXCHANGE_RSP did not come in chunks"
	elif ! grep -q '^spdm-responder: 0xe0: [0-9]* byte response in chunks' "$r"; then
		echo "MEASUREMENTS did not come in chunks"
	elif ! grep -q '^spdm-responder: 0x86 [0-9]* bytes -> 0x06 [0-9]* bytes (session' "$r"; then
		echo "no CHUNK_GET inside the session"
	elif ! python3 -c 'import json, sys
r = json.loads(sys.argv[1])
sys.exit(not (r["verdict"] == "verified" and r["signatures_verified"] >= 3 and not r["not_checked"]))' "$rep" 2>/dev/null; then
		echo "the verifier on the recording: ${rep:0:300}"
	fi
}

# judge NAME: sets $why (empty: passed) and $detail for one case
judge() {
	cur=$1
	log=$E/console-$cur.log
	disk=$RUN/disk-$cur.img
	host_token=${TOKEN[$cur]}
	why=$(early_verdict)
	detail=
	if [ -z "$why" ]; then
		"verdict_${KIND[$cur]}"
	fi
	if [ -z "$why" ] && [[ $'\x1f'"${ARGS[$cur]}"$'\x1f' == *$'\x1f-L\x1f'* ]]; then
		why=$(chunks_verdict)
		detail+=", in chunks (libspdm-like)"
	fi
}

# --- make bench --------------------------------------------------------------
# Per connect, the DOE exchanges and SPDM bytes each way (as the
# responder saw them) and the wall time in the guest, median of
# $BENCH_RUNS connects in one boot.
one_boot() {	# one_boot NAME KIND VERSION KEY FLAGS [RESPONDER ARGS...]: plan, run, judge
	local n=$1 k=$2 v=$3 key=$4 f=$5
	shift 5
	add "$n" "$k" "$v" "$key" "$f" "$n" - "$@"
	plan "$n"
	run_boot $((NBOOTS - 1)) "${EXTRA:-}"
	judge "$n"
}
median_us() {
	sort -n | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.1f", m / 1000 }'
}
if [ "$mode" = bench ]; then
	runs=${BENCH_RUNS:-10}
	[ "$runs" -gt 0 ] 2>/dev/null || die "BENCH_RUNS must be a positive number"
	# BENCH_ONLY=REGEX: only the parts whose name matches (connect: the
	# connects and the re-check after reset; s3: the S3 resume row)
	bench_part() { [ -z "${BENCH_ONLY:-}" ] || [[ $1 =~ $BENCH_ONLY ]]; }
	bench_part connect && printf '%-8s %-22s %9s %10s %10s %12s\n' version algorithms exchanges "bytes out" "bytes in" "median ms"
	bench_part connect &&
	for c in "1.2 p256 ECDSA~P-256~SHA-256" "1.2 p384 ECDSA~P-384~SHA-384" \
		 "1.2 rsa3072 RSASSA-3072~SHA-384" "1.3 p384 ECDSA~P-384~SHA-384"; do
		set -- $c
		one_boot "bench-$1-$2" bench "$1" "$2" "bench=$runs" -d
		why=$(early_verdict)
		[ -z "$why" ] || die "bench $1 $2: $why (log: $log)"
		n=$(grep -c '^E2E: bench connect [0-9]* us' "$log" || true)
		[ "$n" = "$runs" ] || die "bench $1 $2: $n of $runs connects timed (log: $log)"
		median=$(sed -n 's/^E2E: bench connect \([0-9]*\) us.*/\1/p' "$log" | median_us)
		read -r ex out in < <(awk -v runs="$runs" '
			/spdm-responder: 0x.. [0-9]+ bytes -> / { ex++; out += $3; inb += $7 }
			END { printf "%.1f %.0f %.0f\n", ex / runs, out / runs, inb / runs }' \
			"$E/responder-bench-$1-$2.log")
		printf '%-8s %-22s %9s %10s %10s %12s\n' "$1" "${3//\~/ }" "$ex" "$out" "$in" "$median"
		[ "$1-$2" = 1.2-p384 ] && p384=("$ex" "$out" "$in")
	done

	if bench_part connect; then
		# The same-device check: after one connect, $runs resets before
		# accept (nothing to check) and $runs after it (each checked). The
		# check's time is the difference of the two medians; its exchanges and
		# bytes are what the responder saw beyond the one connect.
		one_boot bench-recheck bench 1.2 p384 "bench_reset=$runs" -d
		why=$(early_verdict)
		[ -z "$why" ] || die "bench re-check: $why (log: $log)"
		grep -q '^E2E: bench after resets authenticated \[tsm' "$log" ||
			die "bench re-check: the device did not stay accepted (log: $log)"
		for k in plain checked; do
			n=$(grep -c "^E2E: bench reset-$k [0-9]* us" "$log" || true)
			[ "$n" = "$runs" ] || die "bench re-check: $n of $runs $k resets timed (log: $log)"
		done
		plain=$(sed -n "s/^E2E: bench reset-plain \([0-9]*\) us.*/\1/p" "$log" | median_us)
		checked=$(sed -n "s/^E2E: bench reset-checked \([0-9]*\) us.*/\1/p" "$log" | median_us)
		read -r ex out in < <(awk -v runs="$runs" -v ex0="${p384[0]}" -v out0="${p384[1]}" -v in0="${p384[2]}" '
			/spdm-responder: 0x.. [0-9]+ bytes -> / { ex++; out += $3; inb += $7 }
			END { printf "%.1f %.0f %.0f\n", (ex - ex0) / runs, (out - out0) / runs, (inb - in0) / runs }' \
			"$E/responder-bench-recheck.log")
		printf '%-8s %-22s %9s %10s %10s %12s\n' 1.2 "re-check after reset" "$ex" "$out" "$in" \
			"$(awk -v a="$checked" -v b="$plain" 'BEGIN { printf "%.1f", a - b }')"
		echo "(re-check: median reset with the check $checked ms, without $plain ms)"
	fi
	bench_part s3 || exit 0

	# S3 resume with N accepted functions, each behind a responder that
	# takes 300 ms per signature (-t 300), as slow firmware would: one
	# boot of four functions, S3 resume-to-usable (from the kernel's wake
	# to a block read back from every namespace, in the kernel's clock)
	# with the first function accepted and bound, then with all four;
	# the median of BENCH_S3_RUNS (3) each. Checks that run one after
	# another make the second about four times the first; at the same
	# time, about the same, but for what each check computes (the chain
	# parsed, the signature verified, under KASAN), which the guest's one
	# vCPU does one after another whatever the kernel does. (Two vCPUs:
	# S3 resume took over two minutes under TCG here.)
	s3runs=${BENCH_S3_RUNS:-3}
	[ "$s3runs" -gt 0 ] 2>/dev/null || die "BENCH_S3_RUNS must be a positive number"
	add bench-s3 bench 1.2 p384 "bench_s3=$s3runs" bench-s3 - -t 300
	for i in 1 2 3; do
		add "bench-s3-idle-$i" bench 1.2 p384 bench_idle "bench-s3-idle-$i" - -t 300
	done
	plan bench-s3 bench-s3-idle-1 bench-s3-idle-2 bench-s3-idle-3
	run_boot $((NBOOTS - 1))
	judge bench-s3
	declare -A s3ms
	for k in 1 4; do
		n=$(grep -c "^E2E: bench s3 functions $k resume-to-usable [0-9.]* ms authenticated $k\$" "$log" || true)
		[ "$n" = "$s3runs" ] ||
			die "bench S3: $n of $s3runs resumes with $k functions usable and still accepted (log: $log)"
		s3ms[$k]=$(sed -n "s/^E2E: bench s3 functions $k resume-to-usable \([0-9.]*\) ms.*/\1/p" "$log" |
			awk '{ printf "%.0f\n", $1 * 1000 }' | median_us)
	done
	echo
	echo "S3 resume with N accepted functions, 300 ms per signature (median of $s3runs resumes):"
	printf '%-10s %22s\n' functions "resume-to-usable ms"
	printf '%-10s %22s\n' 1 "${s3ms[1]}" 4 "${s3ms[4]}"
	echo "ratio 4/1: $(awk -v a="${s3ms[4]}" -v b="${s3ms[1]}" 'BEGIN { printf "%.2f", a / b }')"
	# The figures stand only if the boot was clean
	[ -z "$why" ] || die "bench S3: $why (log: $log)"
	exit 0
fi

if [ "$mode" = shell ]; then
	say "guest with the NVMe/SPDM device; the scenario runs first, then a shell ('poweroff -f' to leave)"
	EXTRA=cma.shell=1 one_boot shell flow 1.3 p384 ""
	exit 0
fi

# make run: the scenario once, readably
if [ "$mode" = run ]; then
	one_boot run flow 1.3 p384 stale+ynl+tdisp -d "${TDISP_RANGES[@]}"
	[ -n "$why" ] || why=$(bar_verdict)
	read -r _ _ version _ rest <<<"$(e2e_line 'spdm slot')"
	algs=${rest% measurements *}
	read -r nr_meas _ gen <<<"${rest##* measurements }"
	read -r bdf ids _ _ _ tsm _ owner <<<"$(e2e_line device)"
	cat <<EOF

CMA-SPDM end to end: QEMU $(cat "$QEMU_ROOT/.cma-qemu-ready") NVMe function, DOE mailbox -> tools/testing/spdm-responder
  device         ${bdf:-?} (${ids:-?}), offered by ${tsm:-?} of ${owner:-?}
  autoprobe      off; driver before connect: $(e2e_line 'driver before connect' | sed 's/^\[\]$/none/')
  connect        $(e2e_line connect)
  SPDM version   ${version:-?}
  algorithms     ${algs:-?}
  session        $(e2e_line session) (DOE secured CMA 0001h:02h)
  TDISP lock     $(e2e_line lock): $(e2e_line 'tdisp TDISP interface locked' | sed 's/^, //')
  TDISP report   $(e2e_line 'verifier tdisp report' | sed 's/, [0-9]* bytes of device-specific info.*//') (the verifier's reading)
  certificate    $(e2e_line 'verifier certificate' | sed 's/^slot /slot /') (the verifier's reading)
  measurements   ${nr_meas:-?} signed blocks in the evidence
  YNL CLI        $(e2e_line ynl)
  verifier       $(e2e_line 'verifier verdict'); $(e2e_line 'verifier checks')
  stale evidence $(e2e_line 'stale accept')
  accept         $(e2e_line accept), interface $(e2e_line 'tdisp TDISP interface in' | sed 's/^/in /')
  bind           $(e2e_line bind)
  I/O            read [$(e2e_line 'io read' | tr -d '[]')], wrote [$(e2e_line 'io wrote' | tr -d '[]')]
  teardown       unbind $(e2e_line unbind), unlock $(e2e_line 'tdisp unlock'), disconnect $(e2e_line disconnect)
  guest log      $E/console-boot-0.log

EOF
	if [ -n "$why" ]; then
		echo "FAIL: $why"
		exit 1
	fi
	echo "PASS: connect, TDISP lock, verifier, accept (RUN), bind and I/O on an authenticated NVMe function"
	exit 0
fi

# --- make e2e ----------------------------------------------------------------
matrix_cases
selected=()
for n in "${CASES[@]}"; do
	[ -z "${E2E_ONLY:-}" ] || [[ $n =~ $E2E_ONLY ]] && selected+=("$n")
done
[ ${#selected[@]} -gt 0 ] || die "E2E_ONLY='${E2E_ONLY:-}' matches no case"
plan "${selected[@]}"
say "e2e: ${#selected[@]} cases in $NBOOTS boots, up to $JOBS_E2E at once"
if [ "$mode" = plan ]; then
	for ((b = 0; b < NBOOTS; b++)); do
		for n in ${BOOT_CASES[$b]}; do
			printf 'boot %-3s %s %-28s %s\n' "$b" "${BDF[$n]}" "$n" "${FLAGS[$n]:--}"
		done
	done
	exit 0
fi
t0=$(date +%s)
run_boots
say "e2e: boots done in $(( $(date +%s) - t0 )) s"

fail=0
printf '%-8s %-29s %-6s %-4s %s\n' version case result boot detail
for n in "${selected[@]}" "${NEIGHBOURS[@]}"; do
	judge "$n"
	if [ -n "$why" ]; then
		fail=1
		printf '%-8s %-29s %-6s %-4s %s\n' "${VER[$n]}" "${LABEL[$n]}" FAIL "${BOOT[$n]}" "$why"
	else
		printf '%-8s %-29s %-6s %-4s %s\n' "${VER[$n]}" "${LABEL[$n]}" ok "${BOOT[$n]}" "$detail"
	fi
done
for ((b = 0; b < NBOOTS; b++)); do
	why=$(boot_verdict $b)
	[ -z "$why" ] || printf 'boot %s failed as a whole, and with it:%s\n' "$b" "${BOOT_CASES[$b]}"
done

[ $fail = 0 ] || die "end-to-end: some cases failed (logs in $E)"
say "e2e: every case passed (logs in $E)"
