#!/bin/bash
# boot.sh <ver> <initramfs> <test-name> <serial-log> [mem-MiB] - boot the
# unpacked Debian kernel <ver> (tests/vm/fetch-kernel.sh) in QEMU (TCG, no
# KVM needed) with the test initramfs, running scenario <test-name>; the
# guest's console goes to <serial-log>.  The guest powers itself off; a guest
# that hangs is killed after BOOT_TIMEOUT seconds (default 240) and boot.sh
# exits non-zero (five times that for the debug kernels, 6.12-debug ...).
# Guest RAM: mem-MiB, else 256 MiB (512 on the debug kernels).
# Environment (the reboot and persistence tests):
#   VM_APPEND="..."   more kernel command-line arguments (e.g. a region
#                     "memmap=16M$0x0e000000", passed on literally, and
#                     "panic=1": the last panic= wins)
#   VM_BOOTS=N        allow N boots in one QEMU process: QEMU runs without
#                     -no-reboot, so "reboot -f" or a panic (panic=1)
#                     resets the machine without clearing its RAM and the
#                     guest boots the same kernel, initramfs and command line
#                     again; the guest ends the test with "poweroff -f".
#                     A guest that boots more than N times ("@@BOOTED" lines
#                     in the serial log: a reboot loop) is killed and boot.sh
#                     exits 125.  Default 1: -no-reboot, as before.
#   VM_MEM_FILE=FILE  back the guest RAM with FILE (memory-backend-file,
#                     share=on; FILE is created <mem-MiB> MiB large if
#                     missing): what is in FILE at offset X before the boot
#                     is at guest physical address X (below 3 GiB on pc),
#                     and FILE holds the guest's RAM after QEMU exits.
set -euo pipefail

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
	echo "usage: $0 <kernel-version> <initramfs> <test-name> <serial-log> [mem-MiB]" >&2
	exit 64
fi
ver=$1 initrd=$2 test=$3 log=$4 mem=${5:-}
root=$(cd "$(dirname "$0")/../.." && pwd)
vmlinuz=$root/build/vm/$ver/image/boot/vmlinuz-$ver
timeout_s=${BOOT_TIMEOUT:-240}
# a debug kernel (lockdep, KASAN) runs several times slower under TCG
# a debug kernel (KASAN, lockdep) runs about five times slower
case $ver in *-debug | *-debug-rt) timeout_s=$((timeout_s * 5)) ;; esac
# and needs more RAM for the same room in user space: KASAN's shadow takes
# an eighth of it, lockdep's tables and the larger image more.  At 256 MiB
# global_many's hog could not outgrow the sleepers' oom_score_adj bonus
# before the OOM, and the kernel killed a sleeper.  A vm-mem header wins.
if [ -z "$mem" ]; then
	mem=256
	case $ver in *-debug | *-debug-rt) mem=512 ;; esac
fi

command -v qemu-system-x86_64 >/dev/null || {
	echo "boot.sh: qemu-system-x86_64 not found; apt-get install qemu-system-x86 (or tests/install-deps.sh)" >&2
	exit 2
}
[ -f "$vmlinuz" ] || { echo "boot.sh: $vmlinuz not found; run tests/vm/fetch-kernel.sh $ver" >&2; exit 2; }
[ -f "$initrd" ] || { echo "boot.sh: initramfs $initrd not found; run tests/vm/mkinitramfs.sh" >&2; exit 2; }

# TCG by default: it works everywhere (a /dev/kvm node may exist without
# working KVM, and then the guest spins forever).  VM_ACCEL=kvm to opt in.
accel=${VM_ACCEL:-tcg}
boots=${VM_BOOTS:-1}
case $boots in
'' | *[!0-9]* | 0) echo "boot.sh: VM_BOOTS=$boots is not a positive number" >&2; exit 64 ;;
esac
reboot_opt=(-no-reboot)
[ "$boots" -gt 1 ] && reboot_opt=()
mem_opt=(-m "$mem")
if [ -n "${VM_MEM_FILE:-}" ]; then
	if [ ! -f "$VM_MEM_FILE" ]; then
		truncate -s "${mem}M" "$VM_MEM_FILE" || exit 2
	fi
	[ "$(stat -c %s "$VM_MEM_FILE")" -eq $((mem << 20)) ] ||
		{ echo "boot.sh: $VM_MEM_FILE is not $mem MiB" >&2; exit 2; }
	mem_opt=(-m "$mem" -object "memory-backend-file,id=ram0,size=${mem}M,mem-path=$VM_MEM_FILE,share=on"
		-machine "pc,memory-backend=ram0")
fi
cpu=max
[ "$accel" = kvm ] && cpu=host

mkdir -p "$(dirname "$log")"
rm -f "$log"
# no_timer_check: under TCG on a loaded host the IO-APIC timer check can miss
# its ticks and panic at boot ("IO-APIC + timer doesn't work!", seen on
# 6.12-cloud with the machine's 2 cores shared by 4 QEMUs and a kernel build).
# Stall detectors scaled to emulation: under TCG the guest runs many times
# slower than hardware, and in the OOM storms of the scenarios the single
# vCPU can go 21 s (the defaults) without running the RCU grace-period
# kthread or the watchdog thread, in the page allocator of a memory hog:
# "rcu_preempt kthread starved ... All QSes seen" (6.1 storm_readers, alone
# on the machine) and "soft lockup ... [hog]" in clear_page (cloud).  No
# oomsnap frame was in those reports.  60 s still fails a real stall (an
# RCU reader or a loop that never yields stays stuck) while not failing a
# slow emulator.  KVM keeps the defaults.
stall_opts=""
[ "$accel" = tcg ] && stall_opts=" rcupdate.rcu_cpu_stall_timeout=60 watchdog_thresh=30"
set +e
timeout --kill-after=10 "$timeout_s" \
	qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -smp 1 "${mem_opt[@]}" \
	-kernel "$vmlinuz" -initrd "$initrd" \
	-append "console=ttyS0 loglevel=1 panic=-1 no_timer_check$stall_opts oomsnap.test=$test${VM_APPEND:+ $VM_APPEND}" \
	-display none -vga none -serial "file:$log" \
	"${reboot_opt[@]}" -monitor none -nic none </dev/null &
qpid=$!
looped=0
if [ "$boots" -gt 1 ]; then
	# reboot-loop guard: count the boots while QEMU runs
	while kill -0 "$qpid" 2>/dev/null; do
		if [ -f "$log" ] && [ "$(tr -d '\r' <"$log" | grep -c '@@BOOTED ')" -gt "$boots" ]; then
			looped=1
			# the timeout process: it passes the signal on to QEMU
			kill "$qpid" 2>/dev/null
			break
		fi
		sleep 0.5
	done
fi
wait "$qpid"
rc=$?
set -e
if [ "$looped" -eq 1 ]; then
	echo "boot.sh: $ver/$test: the guest booted more than $boots times (reboot loop?); killed; serial log: $log" >&2
	exit 125
fi
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "boot.sh: $ver/$test: guest did not power off within ${timeout_s}s (killed); serial log: $log" >&2
	exit 124
fi
if [ "$rc" -ne 0 ]; then
	echo "boot.sh: $ver/$test: qemu-system-x86_64 exited with $rc; serial log: $log" >&2
	exit "$rc"
fi
