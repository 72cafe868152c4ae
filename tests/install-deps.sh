#!/bin/bash
# install-deps.sh - install (as root, with apt-get) whatever is missing to
# build oomsnap and run its unit and VM tests.  Idempotent: installs nothing
# and changes nothing when everything is present.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

pkgs=(build-essential gcc make pkg-config libnl-3-dev libnl-genl-3-dev
      libjson-c-dev libsystemd-dev libcmocka-dev zlib1g-dev clang libclang-rt-14-dev qemu-system-x86 busybox-static cpio kmod)

updated=0
apt_update() {
	if [ "$updated" -eq 0 ]; then
		apt-get update -qq
		updated=1
	fi
}

# The test kernels' headers; kernels.sh needs apt metadata (it runs
# apt-get update itself as root when the lists are empty).
if ! kvers=$("$here/vm/kernels.sh"); then
	echo "install-deps.sh: cannot determine the test kernel versions (see above)" >&2
	exit 2
fi
for v in $kvers; do
	pkgs+=("linux-headers-$v")
done

installed() {	# installed <pkg>: true when dpkg says "install ok installed"
	[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
	echo "install-deps.sh: all build and test dependencies are installed"
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
