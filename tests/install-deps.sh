#!/bin/bash
# install-deps.sh [--fresh|--debug|--deb] - install (as root, with apt-get) whatever is
# missing to build oomsnap and run its unit and VM tests.  Idempotent:
# installs nothing and changes nothing when everything is present (each
# package is checked with dpkg-query).
#   --fresh   only what tests/check-fresh.sh needs on the host (debootstrap
#             and the tools it uses around the chroot), not the test set.
#   --debug   the test set and what make check-debug needs to build its
#             kernels (tests/vm/debug/build-kernel.sh): linux-source-6.12
#             and the kernel's build tools.
#   --deb     only what make deb needs: the packaging tools and
#             debian/control's Build-Depends (not the test set).
#
# Every program a host-side script or Makefile calls is listed below with its
# package (the guest runs busybox, from busybox-static).  Packages that a
# minimal Debian (debootstrap --variant=minbase) already has are listed
# anyway: the list is the contract, and dpkg-query makes them free.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

fresh=0
debug=0
deb=0
case ${1:-} in
"") ;;
--fresh) fresh=1 ;;
--debug) debug=1 ;;
--deb) deb=1 ;;
*) echo "usage: $0 [--fresh|--debug|--deb]" >&2; exit 64 ;;
esac

if [ "$deb" -eq 1 ]; then
	pkgs=(
		# make deb: dpkg-buildpackage (dpkg-dev), dh and dh_dkms, lintian
		# on the result, git ls-files of the tree, cp, sed, date
		dpkg-dev debhelper dh-dkms lintian git coreutils sed findutils
		# debian/control's Build-Depends (the unit tests run in the build)
		build-essential pkg-config libnl-3-dev libnl-genl-3-dev libjson-c-dev
		libsystemd-dev libgnutls28-dev librelp-dev libcmocka-dev zlib1g-dev
	)
elif [ "$fresh" -eq 1 ]; then
	pkgs=(
		debootstrap debian-archive-keyring	# debootstrap, its Release signatures
		ca-certificates				# an https mirror
		git					# git clone of the tree under test
		mount					# mount, umount
		util-linux				# setsid, findmnt
		coreutils tar				# chroot, timeout, tar (the minbase cache)
		grep sed mawk				# grep, sed, awk
	)
else
	pkgs=(
		# compilers and build tools: gcc, make, ar (binutils), readelf
		# (binutils: mkinitramfs.sh's static check), libc6-dev's
		# static libc (the guest's hog)
		build-essential gcc make binutils libc6-dev pkg-config
		# userspace/ and tests/unit/ (pkg-config names: libnl-3.0,
		# libnl-genl-3.0, json-c, libsystemd (oomsnapd), cmocka; -lz)
		libnl-3-dev libnl-genl-3-dev libjson-c-dev libsystemd-dev
		libcmocka-dev zlib1g-dev
		# oomsnapd's syslog targets: gnutls (tls://), relp (relp://)
		libgnutls28-dev librelp-dev
		# tests/forward: a real rsyslogd with imudp, imtcp, imrelp and the
		# gtls stream driver; gnutls-bin: certtool makes the test's
		# certificates, gnutls-cli proves the TLS input; promtool
		# (prometheus) parses the textfile; ss (iproute2) waits for rsyslog's ports; logger
		# (util-linux, below) proves the harness
		rsyslog rsyslog-relp rsyslog-gnutls gnutls-bin prometheus iproute2
		# tests/vm/sdimage.sh, sdinitramfs.sh: the Debian 12 systemd
		# image (debootstrap, its keyring, mke2fs -d from e2fsprogs,
		# depmod from kmod, xz to unpack the kernel's modules, sha256sum)
		debootstrap debian-archive-keyring e2fsprogs xz-utils
		# tests/fuzz: clang -fsanitize=fuzzer (libclang-rt-14-dev), and
		# llvm-symbolizer (llvm-14), which the sanitizers run to put
		# function names and lines in a crash's stack trace
		clang libclang-rt-14-dev llvm-14
		# tests/vm/boot.sh: qemu-system-x86_64 (TCG), timeout, truncate
		qemu-system-x86
		# tests/vm/mkinitramfs.sh: /bin/busybox (static), /usr/bin/setpriv,
		# cpio, gzip, ldd (libc-bin)
		busybox-static util-linux cpio gzip libc-bin
		# tests/vm/kernels.sh, fetch-kernel.sh: apt-get download, apt-cache,
		# dpkg-deb (xz and zstd are built into dpkg-deb)
		apt dpkg
		# every script: awk (mawk), grep, sed, find, and coreutils' od, dd,
		# truncate, timeout, stat, mktemp, install, tee, du, cut, ...
		mawk grep sed findutils coreutils
		# insmod, modinfo for the README's host use (no test calls them)
		kmod
	)
fi
if [ "$debug" -eq 1 ]; then
	pkgs+=(
		# tests/vm/debug/build-kernel.sh: the source tarball in /usr/src,
		# and what building it takes (flex, bison, bc, perl, libelf for
		# objtool, libssl for the certificate tools, xz for the tarball,
		# flock from util-linux)
		linux-source-6.12 flex bison bc perl libelf-dev libssl-dev xz-utils util-linux
	)
fi

updated=0
apt_update() {
	if [ "$updated" -eq 0 ]; then
		apt-get update -qq
		updated=1
	fi
}

# The test kernels' headers (the 6.12 flavours' too: make vm-flavours);
# kernels.sh needs apt metadata (it runs
# apt-get update itself as root when the lists are empty).
if [ "$fresh" -eq 0 ] && [ "$deb" -eq 0 ]; then
	if ! kvers=$("$here/vm/kernels.sh" --all); then
		echo "install-deps.sh: cannot determine the test kernel versions (see above)" >&2
		exit 2
	fi
	for v in $kvers; do
		pkgs+=("linux-headers-$v")
	done
fi

installed() {	# installed <pkg>: true when dpkg says "install ok installed"
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
	if [ "$deb" -eq 1 ]; then
		echo "install-deps.sh: all make deb dependencies are installed"
	elif [ "$debug" -eq 1 ]; then
		echo "install-deps.sh: all build, test and debug-kernel dependencies are installed"
	elif [ "$fresh" -eq 1 ]; then
		echo "install-deps.sh: all check-fresh dependencies are installed"
	else
		echo "install-deps.sh: all build and test dependencies are installed"
	fi
	exit 0
fi

echo "install-deps.sh: missing: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps.sh: not root; run:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 2
fi

apt_update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"

still=()
for p in "${missing[@]}"; do
	installed "$p" || still+=("$p")
done
if [ "${#still[@]}" -ne 0 ]; then
	echo "install-deps.sh: still missing after apt-get install: ${still[*]}" >&2
	exit 1
fi
echo "install-deps.sh: installed ${missing[*]}"
