#!/bin/bash
# build-module.sh <ver> - build kmod/oomsnap.ko out of tree against
# /usr/src/linux-headers-<ver> with W=1, from a fresh copy of the sources in
# build/vm/<ver>/src.  Fails when the compiler prints any warning.
# A kernel build tree instead of the headers: a link build/vm/<ver>/kdir to
# it (fetch-kernel.sh makes one for the debug kernels, 6.12-debug ...).
# Result: build/vm/<ver>/src/kmod/oomsnap.ko (log: build/vm/<ver>/module-build.log).
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 <kernel-version>   e.g. $0 6.1.0-56-amd64" >&2
	exit 64
fi
ver=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
kdir=/usr/src/linux-headers-$ver
[ -e "$root/build/vm/$ver/kdir" ] && kdir=$(readlink -f "$root/build/vm/$ver/kdir")
src=$root/build/vm/$ver/src
log=$root/build/vm/$ver/module-build.log

if [ ! -f "$kdir/Makefile" ]; then
	[ -e "$root/build/vm/$ver/kdir" ] &&
		{ echo "build-module.sh: the kernel tree $kdir (build/vm/$ver/kdir) has no Makefile; run tests/vm/fetch-kernel.sh $ver" >&2; exit 2; }
	echo "build-module.sh: kernel headers $kdir not found; run: apt-get install linux-headers-$ver (or tests/install-deps.sh)" >&2
	exit 2
fi
for f in Kbuild VERSION kmod include; do
	if [ ! -e "$root/$f" ]; then
		echo "build-module.sh: $root/$f is missing; cannot build the module" >&2
		exit 1
	fi
done

rm -rf "$src"
mkdir -p "$src"
cp -a "$root/Kbuild" "$root/VERSION" "$root/kmod" "$root/include" "$src/"
# Drop build products that may sit in the working tree.
find "$src" \( -name '*.o' -o -name '*.ko' -o -name '*.mod' -o -name '*.mod.c' \
	-o -name '.*.cmd' -o -name 'modules.order' -o -name 'Module.symvers' \) -delete

set +e
make -C "$kdir" M="$src" W=1 modules 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

if [ "$rc" -ne 0 ]; then
	echo "build-module.sh: module build failed for $ver (make exit $rc); log: $log" >&2
	exit 1
fi
if grep -q 'warning:' "$log"; then
	echo "build-module.sh: module build for $ver has warnings (W=1 must be clean):" >&2
	grep -A3 'warning:' "$log" >&2
	exit 1
fi
if [ ! -f "$src/kmod/oomsnap.ko" ]; then
	echo "build-module.sh: make succeeded but $src/kmod/oomsnap.ko was not produced; log: $log" >&2
	exit 1
fi
echo "build-module.sh: built $src/kmod/oomsnap.ko"
