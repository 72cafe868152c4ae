#!/bin/bash
# fetch-kernel.sh <ver> - download Debian's linux-image-<ver> package and
# unpack it (no installation, no initramfs) so QEMU can boot
# build/vm/<ver>/image/boot/vmlinuz-<ver>.  Does nothing when already there.
# A debug kernel (6.12-debug, 6.12-debug-rt: tests/vm/debug/build-kernel.sh)
# is built (once, cached outside the checkout) instead: vmlinuz-<ver> is then
# a link to its bzImage and build/vm/<ver>/kdir one to its build tree, which
# build-module.sh uses instead of /usr/src/linux-headers-<ver>.
# shellcheck disable=SC2012  # .deb names have no odd characters
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 <kernel-version>   e.g. $0 6.1.0-56-amd64" >&2
	exit 64
fi
ver=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/build/vm/$ver/image
vmlinuz=$out/boot/vmlinuz-$ver
debs=$root/build/vm/debs

case $ver in
*-debug | *-debug-rt)
	b=$("$root/tests/vm/debug/build-kernel.sh" "$ver" | tail -n 1) || exit 1
	mkdir -p "$out/boot"
	ln -sfn "$b/arch/x86/boot/bzImage" "$vmlinuz"
	ln -sfn "$b" "$root/build/vm/$ver/kdir"
	echo "$vmlinuz"
	exit 0
	;;
esac

if [ -f "$vmlinuz" ]; then
	echo "$vmlinuz"
	exit 0
fi

for tool in apt-get dpkg-deb; do
	command -v "$tool" >/dev/null || { echo "fetch-kernel.sh: $tool not found (this needs a Debian host)" >&2; exit 2; }
done

mkdir -p "$debs"
deb=$(ls "$debs"/linux-image-"$ver"_*.deb 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$deb" ]; then
	# apt-get download drops privileges to _apt, which must be able to write
	# the current directory: download in a private temp dir, then move.
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	chmod 0777 "$tmp"
	if ! (cd "$tmp" && apt-get download -q "linux-image-$ver" 2>&1 | { grep -v -i 'unsandboxed' >&2 || true; }; exit "${PIPESTATUS[0]}"); then
		echo "fetch-kernel.sh: 'apt-get download linux-image-$ver' failed;" >&2
		echo "  run 'apt-get update' (as root) and check that $ver exists: apt-cache policy linux-image-$ver" >&2
		exit 1
	fi
	mv "$tmp"/linux-image-"$ver"_*.deb "$debs"/
	deb=$(ls "$debs"/linux-image-"$ver"_*.deb | sort -V | tail -n 1)
fi

rm -rf "$out.tmp"
mkdir -p "$out.tmp"
dpkg-deb -x "$deb" "$out.tmp"
if [ ! -f "$out.tmp/boot/vmlinuz-$ver" ]; then
	echo "fetch-kernel.sh: $deb has no boot/vmlinuz-$ver" >&2
	rm -rf "$out.tmp"
	exit 1
fi
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$vmlinuz"
