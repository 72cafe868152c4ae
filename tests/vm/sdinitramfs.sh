#!/bin/bash
# sdinitramfs.sh <ver> <out.cpio.gz> - the initramfs of the systemd VM lane
# (tests/vm/sd_forward.sh): busybox-static and the modules Debian's kernel
# <ver> needs to mount its root disk (virtio_blk, ext4 and what ext4
# depends on, in modules.dep order, decompressed), and an /init that loads
# them, mounts /dev/vda on /newroot and hands over to systemd with
# switch_root /newroot /sbin/init.  Debian's kernel package ships no initrd
# and has virtio_blk and ext4 as modules, hence this one.
# The kernel: build/vm/<ver>/image (tests/vm/fetch-kernel.sh).
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 <kernel-version> <out.cpio.gz>" >&2
	exit 64
fi
ver=$1
out=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
mods=$root/build/vm/$ver/image/lib/modules/$ver
busybox=/bin/busybox
# the root disk's drivers (a built-in one is skipped); their dependencies
# come from modules.dep
want="virtio_pci virtio_blk ext4 crc32c_generic"	# virtio_pci: a module on 6.1, built in on 6.12

fail() { echo "sdinitramfs.sh: $*" >&2; exit 1; }

[ -d "$mods/kernel" ] || fail "kernel modules $mods not found; run tests/vm/fetch-kernel.sh $ver"
[ -x "$busybox" ] || fail "$busybox not found; apt-get install busybox-static"
for t in cpio gzip depmod modprobe xz; do
	command -v "$t" >/dev/null || fail "$t not found; apt-get install cpio gzip kmod xz-utils"
done

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# modules.dep of the unpacked kernel, in a scratch tree (the package has
# none; depmod runs at installation)
dep=$stage/dep/lib/modules/$ver
mkdir -p "$dep"
cp "$mods"/modules.order "$mods"/modules.builtin "$mods"/modules.builtin.modinfo "$dep/"
ln -s "$mods/kernel" "$dep/kernel"
depmod -b "$stage/dep" "$ver" || fail "depmod -b $stage/dep $ver failed"
# shellcheck disable=SC2086 # a word list
order=$(modprobe -d "$stage/dep" -S "$ver" --show-depends -a $want |
	awk '$1 == "insmod" { print $2 }' | awk '!seen[$0]++') ||
	fail "modprobe --show-depends $want failed for $ver"
[ -n "$order" ] || fail "modprobe --show-depends found none of: $want"

r=$stage/root
mkdir -p "$r"/{bin,dev,proc,sys,newroot,modules}
cp "$busybox" "$r/bin/busybox"
ln -s busybox "$r/bin/sh"
: >"$r/modules/order"
for m in $order; do
	m=$(readlink -f "$m")
	n=$(basename "$m")
	case $n in
	*.ko.xz) xz -dc "$m" >"$r/modules/${n%.xz}" ;;
	*.ko.zst) zstd -qdc "$m" >"$r/modules/${n%.zst}" ;;
	*.ko.gz) gzip -dc "$m" >"$r/modules/${n%.gz}" ;;
	*.ko) cp "$m" "$r/modules/$n" ;;
	*) fail "unexpected module file $m" ;;
	esac
	echo "${n%.ko*}.ko" >>"$r/modules/order"
done

cat >"$r/init" <<'INIT'
#!/bin/sh
# /init of the systemd VM lane's initramfs: load the root disk's modules,
# mount /dev/vda, switch_root to systemd.
export PATH=/bin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules/order); do
	insmod "/modules/$m" || echo "initramfs: insmod $m failed"
done
i=0
while [ ! -b /dev/vda ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
if ! mount -t ext4 -o rw /dev/vda /newroot; then
	echo "initramfs: cannot mount /dev/vda; modules: $(cat /proc/modules | cut -d' ' -f1 | tr '\n' ' ')"
	echo "@@ERROR no root file system"
	poweroff -f
fi
echo "initramfs: /dev/vda mounted after $i polls; switch_root to /sbin/init"
umount /proc /sys
mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
INIT
chmod 0755 "$r/init"

mkdir -p "$(dirname "$out")"
(cd "$r" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 >"$out.tmp"
mv "$out.tmp" "$out"
echo "sdinitramfs.sh: wrote $out ($(du -k "$out" | cut -f1) KiB; modules: $(tr '\n' ' ' <"$r/modules/order"))"
