#!/bin/bash
# sdimage.sh [-m URL] [-n] <ver> <out.raw> [overlay-dir] - the root disk of
# the systemd VM lane (tests/vm/sd_forward.sh): a Debian 12 userspace with
# systemd as PID 1, as a raw ext4 image built without loop mounts
# (mke2fs -d).  Run as root (debootstrap, file owners in the image).
#
# The slow part, `debootstrap --variant=minbase --include=<packages>
# bookworm`, is cached as build/sdimage/base-<key>.tar, <key> a hash of the
# package list and the mirror: a change of either debootstraps again.  Every
# run then unpacks the tarball into build/sdimage/root (a fresh copy),
# configures it (hostname, fstab, machine id, a volatile journal, no
# gettys or timers), adds
#   - the kernel's modules (build/vm/<ver>/image/lib/modules, then depmod),
#   - oomsnap.ko for <ver> (tests/vm/build-module.sh) as /root/oomsnap.ko,
#   - the userspace: make -C userspace install DESTDIR=<root> PREFIX=/usr,
#     built in build/sdimage/src from a copy of the working tree's
#     userspace/, include/ and VERSION (tracked and untracked files, not
#     ignored ones), so a build elsewhere in the tree does not race it,
#   - the static memory hog build/vm/hog as /usr/local/bin/hog,
#   - the files of [overlay-dir], copied over the tree (the test's units,
#     its configuration),
# and writes <out.raw> with mke2fs -t ext4 -d.  (The installed journal
# catalog is compiled at boot, by the test: journalctl --update-catalog.)
#   -m URL   Debian mirror (default: the host's apt sources, as
#            tests/check-fresh.sh picks it, else http://deb.debian.org/debian)
#   -n       no cache: debootstrap again
#   KO=...   another oomsnap.ko (default build/vm/<ver>/src/kmod/oomsnap.ko)
#   HOG=...  another hog (default build/vm/hog)
#   REF=...  build the userspace of this commit instead of the working tree
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$root/build/sdimage
mirror=""
cache=1

# What the image holds besides minbase.  Changing this list rebuilds the
# cached tree (it is part of the cache key).
packages="systemd systemd-sysv udev dbus kmod procps rsyslog rsyslog-relp
	libnl-3-200 libnl-genl-3-200 libjson-c5 libsystemd0 libgnutls30 librelp0"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 64; }
while getopts "m:nh" opt; do
	case $opt in
	m) mirror=$OPTARG ;;
	n) cache=0 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || [ $# -eq 3 ] || usage
ver=$1 out=$2 overlay=${3:-}

say() { echo "sdimage: $*"; }
die() { echo "sdimage: $*" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap; the image's files belong to root and other users)"
for t in debootstrap mke2fs tar sha256sum depmod make git; do
	command -v "$t" >/dev/null ||
		die "$t not found; apt-get install debootstrap e2fsprogs tar coreutils kmod make git (or tests/install-deps.sh)"
done
mods=$root/build/vm/$ver/image/lib/modules/$ver
ko=${KO:-$root/build/vm/$ver/src/kmod/oomsnap.ko}
hog=${HOG:-$root/build/vm/hog}
[ -d "$mods/kernel" ] || die "kernel modules $mods not found; run tests/vm/fetch-kernel.sh $ver"
[ -f "$ko" ] || die "module $ko not found; run tests/vm/build-module.sh $ver"
[ -x "$hog" ] || die "hog $hog not found; run tests/vm/build-tools.sh"
[ -z "$overlay" ] || [ -d "$overlay" ] || die "overlay $overlay is not a directory"

# ---- the mirror (as tests/check-fresh.sh picks it) ----------------------------
# shellcheck source=tests/apt-sources.sh
. "$root/tests/apt-sources.sh"
if [ -z "$mirror" ]; then
	mirror=$(pick '^(bookworm|stable)$')
	mirror=${mirror:-http://deb.debian.org/debian}
fi

# ---- the cached debootstrap tree --------------------------------------------
# shellcheck disable=SC2086 # a word list, one comma-separated line
include=$(echo $packages | tr ' ' ',')
key=$(printf '%s\n%s\n' "$include" "$mirror" | sha256sum | cut -c1-16)
tarball=$work/base-$key.tar
tree=$work/root
mkdir -p "$work"
case $tree in /*/build/sdimage/root) ;; *) die "refusing to use '$tree' as the image tree" ;; esac

if [ "$cache" -eq 0 ] || [ ! -s "$tarball" ]; then
	say "debootstrap --variant=minbase --include=$include bookworm $mirror (cache key $key)"
	rm -rf --one-file-system "$work/debootstrap"
	t0=$SECONDS
	if ! debootstrap --variant=minbase --include="$include" bookworm "$work/debootstrap" "$mirror" \
		>"$work/debootstrap.log" 2>&1; then
		tail -n 30 "$work/debootstrap.log" >&2
		die "debootstrap failed (log: $work/debootstrap.log); check the mirror ($mirror) and the network"
	fi
	say "debootstrap: $((SECONDS - t0))s"
	# the package caches are not needed in the image
	rm -rf "$work/debootstrap/var/cache/apt/archives/"*.deb "$work/debootstrap/var/lib/apt/lists/"*_Packages
	tar -C "$work/debootstrap" --numeric-owner -cpf "$tarball.tmp" .
	mv "$tarball.tmp" "$tarball"
	rm -rf --one-file-system "$work/debootstrap"
	# older keys' tarballs
	find "$work" -maxdepth 1 -name 'base-*.tar' ! -name "base-$key.tar" -delete
else
	say "base tree from the cache $tarball (-n to debootstrap again)"
fi

# ---- this run's tree ----------------------------------------------------------
t0=$SECONDS
rm -rf --one-file-system "$tree"
mkdir -p "$tree"
tar -C "$tree" --numeric-owner -xpf "$tarball"

echo oomsnap-sd >"$tree/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 oomsnap-sd\n' >"$tree/etc/hosts"
# the kernel mounts the root read-write (rw on its command line)
printf '/dev/vda / ext4 rw,errors=remount-ro 0 0\n' >"$tree/etc/fstab"
# a machine id of its own per image (systemd would otherwise make one up at
# every boot and warn); the journal is in memory anyway (below)
tr -d '-' </proc/sys/kernel/random/uuid >"$tree/etc/machine-id"
# nobody logs in: no getty on the serial console or the (absent) VTs
for u in serial-getty@ttyS0.service getty@tty1.service getty.target console-getty.service \
	systemd-timesyncd.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
	fstrim.timer man-db.timer systemd-tmpfiles-clean.timer; do
	ln -sf /dev/null "$tree/etc/systemd/system/$u"
done
# the journal in memory (/run/log/journal): one boot per image, and no
# journal flush to disk to wait for
mkdir -p "$tree/etc/systemd/journald.conf.d"
printf '[Journal]\nStorage=volatile\nForwardToConsole=no\n' >"$tree/etc/systemd/journald.conf.d/oomsnap-test.conf"

# the kernel's modules, indexed for this tree (modprobe, udev)
# (depmod's output depends on the kernel only: cached in depmod-<ver>/)
mkdir -p "$tree/lib/modules"
# hard links where possible: nothing writes to these files, mke2fs reads them
cp -al "$mods" "$tree/lib/modules/$ver" 2>/dev/null || cp -a "$mods" "$tree/lib/modules/$ver"
dcache=$work/depmod-$ver
if [ -s "$dcache/modules.dep" ] && [ "$(cat "$dcache/key" 2>/dev/null)" = "$(sha256sum <"$mods/modules.order")" ]; then
	cp -a "$dcache"/modules.* "$tree/lib/modules/$ver/"
else
	depmod -b "$tree" "$ver" || die "depmod -b $tree $ver failed"
	rm -rf "$dcache"
	mkdir -p "$dcache"
	for f in "$tree/lib/modules/$ver"/modules.*; do
		[ -e "$mods/${f##*/}" ] || cp -a "$f" "$dcache/"
	done
	sha256sum <"$mods/modules.order" >"$dcache/key"
fi

install -m 0644 "$ko" "$tree/root/oomsnap.ko"
install -D -m 0755 "$hog" "$tree/usr/local/bin/hog"
src=$work/src
rm -rf "$src"
mkdir -p "$src"
if [ -n "${REF:-}" ]; then
	git -C "$root" archive "$REF" userspace include VERSION | tar -C "$src" -xf - ||
		die "REF=$REF: cannot take userspace/ include/ VERSION from that commit (git archive)"
else
	# shellcheck disable=SC2016 # sh -c expands it
	git -C "$root" ls-files -z -c -o --exclude-standard -- userspace include VERSION |
		(cd "$root" && xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
		tar -C "$root" --null -T - -cf - | tar -C "$src" -xf -
fi
if ! make -s -C "$src/userspace" -j"$(nproc)" install DESTDIR="$tree" PREFIX=/usr >"$work/install.log" 2>&1; then
	cat "$work/install.log" >&2
	die "make -C userspace install DESTDIR=$tree failed (output above; sources: ${REF:-the working tree} copied to $src)"
fi
if [ -n "$overlay" ]; then
	cp -a "$overlay/." "$tree/"
fi

# ---- the disk image --------------------------------------------------------------
size_mb=$(( $(du -sm "$tree" | cut -f1) * 3 / 2 + 256 ))
mkdir -p "$(dirname "$out")"
rm -f "$out"
if ! mke2fs -q -F -t ext4 -L oomsnap-sd -E root_owner=0:0 -d "$tree" "$out" "${size_mb}M" >"$work/mke2fs.log" 2>&1; then
	cat "$work/mke2fs.log" >&2
	die "mke2fs -t ext4 -d $tree $out failed (output above)"
fi
say "wrote $out (${size_mb} MiB, $(du -sm "$out" | cut -f1) MiB used) in $((SECONDS - t0))s"
