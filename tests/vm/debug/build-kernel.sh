#!/bin/bash
# build-kernel.sh [--dir] <name> - the debug kernels of make check-debug,
# built once from Debian's linux-source-6.12 and cached outside the checkout.
#   <name>  6.12-debug     tinyconfig + tests/vm/debug/debug.config (lockdep,
#                          PROVE_RCU, DEBUG_ATOMIC_SLEEP, KASAN, DEBUG_LIST,
#                          and what the VM suite needs)
#           6.12-debug-rt  the same + tests/vm/debug/rt.config (PREEMPT_RT)
#   --dir   only print the build tree of <name>; exit 1 if it is not built
# Cache: ${OOMSNAP_CACHE:-/var/cache/oomsnap}/debug-kernel/
#   src-<linux-source version>/linux-source-6.12   the unpacked source (shared)
#   <name>-<key>/build    the O= build tree (KDIR for the module; bzImage at
#                         arch/x86/boot/bzImage), build.log, build-seconds
# <key>: sha256 of the fragment files, the linux-source-6.12 package version
# and the compiler's version line: edit a fragment (or upgrade either) and
# the next run builds again; otherwise it is a cache hit (seconds).
# Prints the build tree on the last line of stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
dir_only=0
if [ "${1:-}" = --dir ]; then
	dir_only=1
	shift
fi
[ $# -eq 1 ] || { echo "usage: $0 [--dir] 6.12-debug|6.12-debug-rt" >&2; exit 64; }
name=$1
case $name in
6.12-debug) frags="$here/debug.config" ;;
6.12-debug-rt) frags="$here/debug.config $here/rt.config" ;;
*) echo "build-kernel.sh: unknown debug kernel '$name' (6.12-debug or 6.12-debug-rt)" >&2; exit 64 ;;
esac
series=6.12
pkg=linux-source-$series
tarball=/usr/src/$pkg.tar.xz
cache=${OOMSNAP_CACHE:-/var/cache/oomsnap}/debug-kernel

srcver=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || true)
if [ -z "$srcver" ] || [ ! -f "$tarball" ]; then
	echo "build-kernel.sh: $tarball not found; apt-get install $pkg (or tests/install-deps.sh)" >&2
	exit 2
fi
# shellcheck disable=SC2086 # $frags: a word list
key=$( { cat $frags; echo "$pkg $srcver"; gcc --version | head -n 1; } | sha256sum | cut -c1-16)
kd=$cache/$name-$key
b=$kd/build

if [ "$dir_only" -eq 1 ]; then
	[ -f "$kd/done" ] || { echo "build-kernel.sh: $name is not built ($kd); run tests/vm/debug/build-kernel.sh $name" >&2; exit 1; }
	echo "$b"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/$name.lock"
flock 9	# one build of <name> at a time; the other kernel may build meanwhile

if [ -f "$kd/done" ]; then
	echo "build-kernel.sh: $name: cached ($kd, built in $(cat "$kd/build-seconds") s)" >&2
	echo "$b"
	exit 0
fi

for tool in gcc make flex bison bc perl xz; do
	command -v "$tool" >/dev/null || { echo "build-kernel.sh: $tool not found; run tests/install-deps.sh" >&2; exit 2; }
done
[ -f /usr/include/libelf.h ] || { echo "build-kernel.sh: libelf.h not found (objtool); apt-get install libelf-dev" >&2; exit 2; }

src=$cache/src-$srcver/$pkg
exec 8>"$cache/.src.lock"
flock 8	# one unpacking of the shared source
if [ ! -f "$src/Makefile" ]; then
	echo "build-kernel.sh: unpacking $tarball into $cache/src-$srcver" >&2
	rm -rf "$cache/src-$srcver.tmp"
	mkdir -p "$cache/src-$srcver.tmp"
	tar -xJf "$tarball" -C "$cache/src-$srcver.tmp"
	rm -rf "$cache/src-$srcver"
	mv "$cache/src-$srcver.tmp" "$cache/src-$srcver"
fi

exec 8>&-
rm -rf "$kd"
mkdir -p "$b"
log=$kd/build.log
t0=$(date +%s)
echo "build-kernel.sh: building $name in $b (log: $log); about 15-25 min on 2 cores" >&2
jobs=${JOBS:-$(nproc)}
mk() { make -C "$src" O="$b" ARCH=x86_64 "$@"; }
# shellcheck disable=SC2086 # $frags: a word list
{
	mk tinyconfig &&
	"$src/scripts/kconfig/merge_config.sh" -m -O "$b" "$b/.config" $frags &&
	mk olddefconfig
} >"$log" 2>&1 || { tail -n 30 "$log" >&2; echo "build-kernel.sh: configuring $name failed; log: $log" >&2; exit 1; }

# Every option of the fragments must have survived olddefconfig (a missing
# dependency silently drops one): compare them, the last value of each (a
# later fragment overrides), with the final .config.
missing=""
# shellcheck disable=SC2086
while IFS= read -r line; do
	opt=${line%%=*}
	val=${line#*=}
	if [ "$val" = n ]; then
		grep -qx "$opt=y" "$b/.config" && missing="$missing $line"
	else
		grep -qx "$opt=$val" "$b/.config" || missing="$missing $line(got:$(grep "^$opt=" "$b/.config" || echo unset))"
	fi
done < <(grep -h '^CONFIG_' $frags | awk -F= '{ v[$1] = $0; if (!($1 in o)) o[$1] = n++ }
	END { for (k in v) print o[k], v[k] }' | sort -n | cut -d' ' -f2-)
if [ -n "$missing" ]; then
	echo "build-kernel.sh: $name: these fragment options are not in the final .config (a dependency is missing):$missing" >&2
	exit 1
fi

if ! mk -j"$jobs" all >>"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "build-kernel.sh: building $name failed; log: $log" >&2
	exit 1
fi
if [ ! -f "$b/arch/x86/boot/bzImage" ] || [ ! -f "$b/Module.symvers" ]; then
	echo "build-kernel.sh: $name: no bzImage or Module.symvers after the build; log: $log" >&2
	exit 1
fi
echo $(($(date +%s) - t0)) >"$kd/build-seconds"
touch "$kd/done"
echo "build-kernel.sh: built $name in $(cat "$kd/build-seconds") s ($kd)" >&2
echo "$b"
