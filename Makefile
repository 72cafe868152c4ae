# SPDX-License-Identifier: GPL-2.0
# oomsnap top-level Makefile.
#
#   make              build kmod/oomsnap.ko for KDIR and userspace/ (oomsnap/oomsnap, oomsnapd/oomsnapd)
#   make check        install what is missing, build, run unit and VM tests (CI; VM: vm, vm-flavours, vm-systemd)
#   make demo         boot a throwaway VM, cause a real OOM kill, show the record
#   make module       the kernel module only (KDIR=... for another kernel)
#   make cli          userspace only (the CLI and oomsnapd)
#   make unit         cmocka unit tests only (T=test_x for one)
#   make kbuild-probes  the kernel feature probes of kmod/Kbuild against fake header trees, and the compiler's prototype check on the installed headers
#   make vm           VM tests only (VM_KERNELS="<ver> ..." VM_TESTS="<name> ...")
#   make forward      host-side forwarding test: a real rsyslogd (UDP, TCP, TLS, RELP), JSON Lines, textfile via promtool (no VM, no module)
#   make fuzz         fuzz region recovery and the userspace decoders, 10 million executions each (not in check; check runs fuzz-short)
#   make bench        time the kill-time capture in a VM with many processes
#   make install      install the CLI, oomsnapd, unit, man pages (DESTDIR=, PREFIX=/usr/local)
#   make dkms-install  the module's source in /usr/src/oomsnap-<version>/, then dkms add, build, install
#                     for the running kernel (KVER=<ver> for another; root; needs dkms)
#   make dkms-uninstall  dkms remove for every kernel, and the source folder
#   make dkms-src     only the source folder with its dkms.conf (DESTDIR=; what the package ships)
#   make deb          build/deb/oomsnap_<version>_<arch>.deb and oomsnap-dkms_<version>_all.deb from the
#                     tracked files (debhelper, dh-dkms), then lintian on them (root: installs what it needs)
#   make deps         install build and test dependencies (root, apt-get)
#   make check-fresh  make demo and make check in a fresh Debian 12 minbase chroot (root; long; not in check)
#   make vm-systemd   a Debian 12 VM with systemd as PID 1, per kernel: one kill followed to journald, rsyslog (RELP), textfile (root; VM_KERNELS=)
#   make vm-flavours  the VM suite on Debian's other 6.12 flavours too: rt (PREEMPT_RT) and cloud (VM_TESTS=)
#   make check-debug  the whole VM suite on two debug kernels built from linux-source-6.12 (lockdep, PROVE_RCU,
#                     DEBUG_ATOMIC_SLEEP, KASAN, DEBUG_LIST; and that + PREEMPT_RT), built once and cached in
#                     ${OOMSNAP_CACHE:-/var/cache/oomsnap} (root; first build ~22 min per kernel on 2 cores, then
#                     cached; not in check).  Every VM run (any kernel) fails a case on a kernel splat.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build

.PHONY: all module cli unit kbuild-probes vm fuzz fuzz-short bench deps check demo clean install uninstall

all: module cli

module:
	@if [ ! -d "$(KDIR)" ]; then \
		echo "oomsnap: kernel build directory $(KDIR) not found;" >&2; \
		echo "  install the headers (apt-get install linux-headers-$(KVER))" >&2; \
		echo "  or point KDIR at a kernel build tree: make KDIR=/usr/src/linux-headers-<ver>" >&2; \
		exit 2; \
	fi
	$(MAKE) -C "$(KDIR)" M="$(CURDIR)" modules

cli:
	$(MAKE) -C userspace

unit: cli
	$(MAKE) -C tests/unit run

kbuild-probes:
	tests/kbuild/run.sh

vm: cli
	tests/vm/run.sh $(if $(VM_KERNELS),-k "$(VM_KERNELS)") $(if $(VM_TESTS),-t "$(VM_TESTS)")

fuzz:
	$(MAKE) -C tests/fuzz fuzz

fuzz-short:
	$(MAKE) -C tests/fuzz fuzz-short

bench: cli
	tests/vm/bench.sh

.PHONY: forward
forward: cli
	tests/forward/run.sh

deps:
	tests/install-deps.sh

check: deps
	$(MAKE) cli
	$(MAKE) unit
	$(MAKE) kbuild-probes
	$(MAKE) fuzz-short
	$(MAKE) forward
	$(MAKE) vm
	$(MAKE) vm-flavours
	$(MAKE) vm-systemd

demo: deps
	$(MAKE) cli
	tests/vm/demo.sh

.PHONY: vm-systemd
vm-systemd:
	@vs="$(VM_KERNELS)"; [ -n "$$vs" ] || vs=$$(tests/vm/kernels.sh) || exit 1; \
	[ -n "$$vs" ] || { echo "vm-systemd: no kernel to test" >&2; exit 1; }; \
	rc=0; for v in $$vs; do tests/vm/sd_forward.sh -k "$$v" || rc=1; done; exit $$rc

.PHONY: vm-flavours
vm-flavours: cli
	@vs=$$(tests/vm/kernels.sh --flavours) || exit 1; \
	tests/vm/run.sh -k "$$(echo $$vs)" $(if $(VM_TESTS),-t "$(VM_TESTS)")

.PHONY: check-debug
check-debug:
	tests/install-deps.sh --debug
	$(MAKE) cli
	tests/vm/debug/check-debug.sh $(if $(VM_TESTS),-t "$(VM_TESTS)")

.PHONY: check-fresh
check-fresh:
	tests/check-fresh.sh $(CHECK_FRESH_ARGS)

install uninstall:
	$(MAKE) -C userspace $@

# ---- Debian packages ---------------------------------------------------------
# Built from a copy of the files git tracks (never from build products of
# this tree), with a changelog made from VERSION: the packages' version is
# the tree's.
DEB_DIR := build/deb
.PHONY: deb
deb:
	tests/install-deps.sh --deb
	@git rev-parse --git-dir >/dev/null 2>&1 || { echo "oomsnap: make deb packs the files git tracks: run it in a git checkout" >&2; exit 2; }
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/oomsnap-$(VERSION)
	git ls-files -z | xargs -0 cp --parents -t $(DEB_DIR)/oomsnap-$(VERSION)
	printf 'oomsnap (%s) unstable; urgency=medium\n\n  * Version %s of the tree (git %s).\n\n -- %s  %s\n' \
		"$(VERSION)" "$(VERSION)" "$$(git describe --always --dirty)" \
		"$$(sed -n 's/^Maintainer: //p' debian/control)" "$$(date -R)" \
		>$(DEB_DIR)/oomsnap-$(VERSION)/debian/changelog
	cd $(DEB_DIR)/oomsnap-$(VERSION) && dpkg-buildpackage -b -us -uc
	@echo "lintian $(DEB_DIR)/*.changes:"; lintian --info $(DEB_DIR)/*.changes
	@ls -l $(DEB_DIR)/*.deb

# ---- DKMS -----------------------------------------------------------------
VERSION := $(shell cat VERSION)
DKMS_SRC := /usr/src/oomsnap-$(VERSION)
# what the module's build reads: the top Kbuild, kmod/, the UAPI header, VERSION
DKMS_FILES := Kbuild VERSION include/oomsnap.h kmod/Kbuild $(wildcard kmod/*.c kmod/*.h)

.PHONY: dkms-src dkms-install dkms-uninstall
dkms-src:
	@for f in $(DKMS_FILES); do install -D -m 0644 "$$f" "$(DESTDIR)$(DKMS_SRC)/$$f" || exit 1; done
	sed 's|@VERSION@|$(VERSION)|g' dkms/dkms.conf.in >"$(DESTDIR)$(DKMS_SRC)/dkms.conf"

dkms-install:
	@command -v dkms >/dev/null || { echo "oomsnap: dkms not found: apt-get install dkms" >&2; exit 2; }
	@[ -d "$(KDIR)" ] || { echo "oomsnap: no kernel headers for $(KVER) ($(KDIR)): apt-get install linux-headers-$(KVER)" >&2; exit 2; }
	-dkms remove oomsnap/$(VERSION) --all >/dev/null 2>&1
	rm -rf "$(DKMS_SRC)"
	$(MAKE) dkms-src DESTDIR=
	dkms add oomsnap/$(VERSION)
	dkms build oomsnap/$(VERSION) -k $(KVER)
	dkms install oomsnap/$(VERSION) -k $(KVER)

dkms-uninstall:
	@command -v dkms >/dev/null || { echo "oomsnap: dkms not found: nothing was installed with it" >&2; exit 2; }
	-dkms remove oomsnap/$(VERSION) --all
	rm -rf "$(DKMS_SRC)"

clean:
	-[ -d "$(KDIR)" ] && $(MAKE) -C "$(KDIR)" M="$(CURDIR)" clean
	$(MAKE) -C userspace clean
	$(MAKE) -C tests/unit clean
	-$(MAKE) -C tests/fuzz clean
	rm -rf build
