# SPDX-License-Identifier: GPL-2.0
#
# Native CMA-SPDM for Linux: build and test rig.
#
#   make run      build, boot a QEMU guest with an emulated CMA device, and
#                 connect / accept / bind / do I/O; report PASS/FAIL
#   make check    every test and lint gate; non-zero on any failure
#
# Both do their own setup (Debian packages, base kernel download) and
# reuse what an earlier run left in $(CMA_CACHE) (default ~/.cache/cma-spdm).
# See README.md.

RIG := rig
SHELL := /bin/bash

.NOTPARALLEL:
.PHONY: all run shell check deps base tree kunit lint series build-each verifier fuzz fuzz-smoke e2e bench clean help

all: help

help:
	@sed -n 's/^#   //p' Makefile
	@echo "Other targets: deps base tree kunit lint series build-each verifier fuzz fuzz-smoke e2e bench shell clean"

# Host packages (apt, bookworm only).
deps:
	@$(RIG)/host-deps.sh check

# Debian's linux-source-7.3, as a git repository with one base commit.
base: deps
	@$(RIG)/fetch-base.sh

# The base commit plus patches/series, as commits on branch "cma".
tree: base
	@python3 $(RIG)/overlay.py . "$$(. $(RIG)/common.sh; echo $$TREE)"

# KUnit under QEMU x86_64 (KASAN, UBSAN, lockdep), booted in the same
# kernel as the e2e guest. Pass a suite glob with KUNIT_FILTER='spdm_core*'.
kunit: tree
	@$(RIG)/kunit.sh $(KUNIT_FILTER)

# git format-patch series + cover letter, checked with git am.
series: tree
	@$(RIG)/series.sh

lint: kunit series
	@$(RIG)/fetch-sparse.sh
	@$(RIG)/lint.sh

# Each patch of the series builds on its own.
build-each: kunit series
	@$(RIG)/build-each.sh

# The reference verifier, tools/pci/cma-verify: built, and tested on
# recorded exchanges (every signature verifies, every flipped byte fails).
verifier: tree
	@$(RIG)/verifier.sh

# lib/spdm's parsers under libFuzzer with ASan and UBSan, in userspace
# (tools/testing/spdm-fuzz): each target for FUZZ_TIME seconds (60), then
# executions, executions per second and edges covered per target.
fuzz: tree
	@$(RIG)/fuzz.sh run

# Every seed and regression input once, and each target for a few seconds.
fuzz-smoke: tree
	@$(RIG)/fuzz.sh smoke

# The guest under trixie's QEMU, authenticating an NVMe device's DOE
# mailbox against our SPDM responder, for each version and algorithm.
e2e: tree
	@$(RIG)/host-deps.sh run
	@$(RIG)/e2e.sh

# Per connect and per same-device check: DOE exchanges, bytes each way,
# median wall time in the guest.
bench: tree
	@$(RIG)/host-deps.sh run
	@$(RIG)/e2e.sh bench

# Every gate in order, each timed (rig/check.sh): a table of the stages'
# wall seconds at the end, then the KUnit totals.
check:
	@$(RIG)/check.sh

# The user's flow once, step by step: connect, accept, bind, I/O.
run: tree
	@$(RIG)/host-deps.sh run
	@$(RIG)/e2e.sh run

# The same guest and device, then a shell on its console.
shell: tree
	@$(RIG)/host-deps.sh run
	@$(RIG)/e2e.sh shell

# Build outputs only; the download, the base tree and ccache stay.
clean:
	@. $(RIG)/common.sh; rm -rf "$$OUT"
