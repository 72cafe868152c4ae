#!/bin/bash
# boot.sh <ver> <initramfs> <test-name> <serial-log> [mem-MiB] - boot the
# unpacked Debian kernel <ver> (tests/vm/fetch-kernel.sh) in QEMU (TCG, no
# KVM needed) with the test initramfs, running scenario <test-name>; the
# guest's console goes to <serial-log>.  The guest powers itself off; a guest
# that hangs is killed after BOOT_TIMEOUT seconds (default 240) and boot.sh
# exits non-zero.
set -euo pipefail

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
	echo "usage: $0 <kernel-version> <initramfs> <test-name> <serial-log> [mem-MiB]" >&2
	exit 64
fi
ver=$1 initrd=$2 test=$3 log=$4 mem=${5:-256}
root=$(cd "$(dirname "$0")/../.." && pwd)
vmlinuz=$root/build/vm/$ver/image/boot/vmlinuz-$ver
timeout_s=${BOOT_TIMEOUT:-240}

command -v qemu-system-x86_64 >/dev/null || {
	echo "boot.sh: qemu-system-x86_64 not found; apt-get install qemu-system-x86 (or tests/install-deps.sh)" >&2
	exit 2
}
[ -f "$vmlinuz" ] || { echo "boot.sh: $vmlinuz not found; run tests/vm/fetch-kernel.sh $ver" >&2; exit 2; }
[ -f "$initrd" ] || { echo "boot.sh: initramfs $initrd not found; run tests/vm/mkinitramfs.sh" >&2; exit 2; }

# TCG by default: it works everywhere (a /dev/kvm node may exist without
# working KVM, and then the guest spins forever).  VM_ACCEL=kvm to opt in.
accel=${VM_ACCEL:-tcg}
cpu=max
[ "$accel" = kvm ] && cpu=host

mkdir -p "$(dirname "$log")"
rm -f "$log"
set +e
timeout --kill-after=10 "$timeout_s" \
	qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp 1 -m "$mem" \
	-kernel "$vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=1 panic=-1 oomsnap.test=$test" \
	-display none -vga none -serial "file:$log" \
	-no-reboot -monitor none -nic none </dev/null
rc=$?
set -e
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "boot.sh: $ver/$test: guest did not power off within ${timeout_s}s (killed); serial log: $log" >&2
	exit 124
fi
if [ "$rc" -ne 0 ]; then
	echo "boot.sh: $ver/$test: qemu-system-x86_64 exited with $rc; serial log: $log" >&2
	exit "$rc"
fi
