#!/bin/bash
# demo.sh - show oomsnap working end to end: boot a throwaway QEMU VM with
# the first test kernel (Debian 6.1), load the module, let a memory hog be
# OOM-killed, and print the kernel's own "Killed process" line, what
# "oomsnap show" says about the same kill, and the oracle's verdict.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/vm

die() { echo "demo.sh: $*" >&2; exit 1; }

ver=$("$here/kernels.sh" | sed -n 1p) || die "cannot determine the kernel version (tests/vm/kernels.sh)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== Preparing a VM with Debian kernel $ver (QEMU, software emulation)"
"$here/build-tools.sh" || die "building the test helpers failed (see above)"
make -C "$root/userspace" >/dev/null ||
	die "building the CLI failed: run make -C userspace"
"$here/fetch-kernel.sh" "$ver" >/dev/null || die "fetching kernel $ver failed (see above)"
"$here/build-module.sh" "$ver" >"$tmp/module.log" 2>&1 ||
	{ tail -n 20 "$tmp/module.log" >&2; die "building the module for $ver failed"; }
"$here/mkinitramfs.sh" "$ver" "$tmp/initramfs.cpio.gz" >/dev/null || die "building the initramfs failed"

echo "== Booting; inside the VM a protected daemon holds most of the memory, then a small worker asks for more"
log=$tmp/serial.log
"$here/boot.sh" "$ver" "$tmp/initramfs.cpio.gz" demo "$log" || die "the VM failed (see above)"
"$here/extract.sh" "$log" "$tmp/a"
cp "$log" "$out/demo-serial.log"

killed=$(grep -h 'Killed process' "$tmp/a/dmesg" 2>/dev/null | tail -n 1 || true)
echo
echo "== The kernel's own report of the kill (from dmesg inside the VM):"
echo "${killed:-  (none: the kernel did not OOM-kill anything)}"
echo
echo "== What 'oomsnap show' printed inside the VM:"
if [ -s "$tmp/a/show_text.out" ]; then
	cat "$tmp/a/show_text.out"
else
	echo "  (nothing)"; cat "$tmp/a/show_text.err" 2>/dev/null || true
fi
echo
echo "== Does oomsnap's record match the kernel's report, field by field?"
verdict=0
"$out/oracle" "$tmp/a/dmesg" "$tmp/a/list.out" >"$tmp/oracle.txt" 2>&1 || verdict=$?
grep -E '^\[FAIL\]' "$tmp/oracle.txt" || true
tail -n 1 "$tmp/oracle.txt"
if [ -z "$killed" ] || [ ! -s "$tmp/a/show_text.out" ] || [ "$verdict" -ne 0 ]; then
	echo "demo.sh: the VM did not produce a matching record; serial log: $out/demo-serial.log" >&2
	exit 1
fi
echo "Yes: every field matches."
