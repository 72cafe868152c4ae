#!/bin/bash
# mkinitramfs.sh <ver> <out.cpio.gz> - build the initramfs of the oomsnap test
# VM: busybox-static, /oomsnap.ko built for <ver>, the CLI /usr/bin/oomsnap
# and the daemon /usr/sbin/oomsnapd with their shared libraries, util-linux
# setpriv, /bin/hog, /bin/dtool, /bin/nlfuzz, /usr/lib/oomsnap-test/stopafter.so and nlhook.so,
# /etc/passwd and /etc/group (root, nobody), the scenarios under
# /scenarios, and /init.
# Inputs (override with environment variables):
#   KO=build/vm/<ver>/src/kmod/oomsnap.ko   CLI=userspace/oomsnap/oomsnap   HOG=build/vm/hog
#   DAEMON=userspace/oomsnapd/oomsnapd      DTOOL=build/vm/dtool
#   STOPAFTER=build/vm/stopafter.so   NLFUZZ=build/vm/nlfuzz
#   NLHOOK=build/vm/nlhook.so
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 <kernel-version> <out.cpio.gz>" >&2
	exit 64
fi
ver=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ko=${KO:-$root/build/vm/$ver/src/kmod/oomsnap.ko}
cli=${CLI:-$root/userspace/oomsnap/oomsnap}
hog=${HOG:-$root/build/vm/hog}
daemon=${DAEMON:-$root/userspace/oomsnapd/oomsnapd}
dtool=${DTOOL:-$root/build/vm/dtool}
stopafter=${STOPAFTER:-$root/build/vm/stopafter.so}
nlfuzz=${NLFUZZ:-$root/build/vm/nlfuzz}
nlhook=${NLHOOK:-$root/build/vm/nlhook.so}
busybox=/bin/busybox
setpriv=/usr/bin/setpriv

fail() { echo "mkinitramfs.sh: $*" >&2; exit 1; }

[ -f "$ko" ] || fail "module $ko not found; run tests/vm/build-module.sh $ver"
[ -x "$cli" ] || fail "CLI $cli not found; run make -C userspace"
[ -x "$hog" ] || fail "hog $hog not found; build it: gcc -static -O2 -Wall -Wextra -o build/vm/hog tests/vm/hog.c"
[ -x "$daemon" ] || fail "daemon $daemon not found; run make -C userspace"
[ -x "$dtool" ] || fail "dtool $dtool not found; run tests/vm/build-tools.sh"
[ -x "$nlfuzz" ] || fail "nlfuzz $nlfuzz not found; run tests/vm/build-tools.sh"
[ -f "$nlhook" ] || fail "$nlhook not found; run tests/vm/build-tools.sh"
[ -f "$stopafter" ] || fail "$stopafter not found; run tests/vm/build-tools.sh"
[ -x "$busybox" ] || fail "$busybox not found; apt-get install busybox-static"
# Static: no PT_INTERP program header (no dynamic loader to put in the
# initramfs; a static-pie has a DYNAMIC segment but no INTERP either).
# readelf is in binutils (build-essential; tests/install-deps.sh).
command -v readelf >/dev/null || fail "readelf not found; apt-get install binutils (or tests/install-deps.sh)"
phdrs=$(readelf -lW "$busybox" 2>&1) || fail "$busybox is not an ELF executable: $phdrs"
case $phdrs in
*"Program Headers:"*) ;;
*) fail "$busybox has no program headers (readelf -lW): $phdrs" ;;
esac
case $phdrs in
*INTERP*) fail "$busybox is not statically linked; apt-get install busybox-static" ;;
esac
[ -x "$setpriv" ] || fail "$setpriv not found; apt-get install util-linux"
for t in cpio gzip ldd; do
	command -v "$t" >/dev/null || fail "$t not found; apt-get install cpio gzip libc-bin"
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,tmp,run,var/lib,scenarios}
cp "$busybox" "$stage/bin/busybox"
ln -s busybox "$stage/bin/sh"
install -m 0755 "$here/init.sh" "$stage/init"
install -m 0644 "$ko" "$stage/oomsnap.ko"
install -m 0755 "$cli" "$stage/usr/bin/oomsnap"
install -m 0755 "$setpriv" "$stage/usr/bin/setpriv"
install -m 0755 "$hog" "$stage/bin/hog"
install -m 0755 "$dtool" "$stage/bin/dtool"
install -m 0755 "$nlfuzz" "$stage/bin/nlfuzz"
install -m 0755 "$daemon" "$stage/usr/sbin/oomsnapd"
install -D -m 0644 "$stopafter" "$stage/usr/lib/oomsnap-test/stopafter.so"
install -D -m 0644 "$nlhook" "$stage/usr/lib/oomsnap-test/nlhook.so"
install -m 0644 "$here"/scenarios/*.sh "$stage/scenarios/"

# Shared libraries of the dynamic binaries, at the paths ldd names
# (including the dynamic loader), dereferenced.
for bin in "$cli" "$daemon" "$setpriv"; do
	if ! libs=$(ldd "$bin" 2>&1); then
		# "not a dynamic executable" is fine for a static CLI.
		echo "$libs" | grep -q 'not a dynamic executable' || fail "ldd $bin failed: $libs"
		continue
	fi
	if echo "$libs" | grep -q 'not found'; then
		fail "$bin needs libraries that are missing: $(echo "$libs" | grep 'not found')"
	fi
	for lib in $(echo "$libs" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
done
[ -e "$stage/lib64/ld-linux-x86-64.so.2" ] || [ "$(ldd "$cli" 2>&1)" = "	not a dynamic executable" ] ||
	fail "dynamic loader /lib64/ld-linux-x86-64.so.2 not among the libraries of $cli"

cat >"$stage/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
PW
cat >"$stage/etc/group" <<'GR'
root:x:0:
nobody:x:65534:
GR

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs.sh: wrote $out ($(du -k "$out" | cut -f1) KiB)"
