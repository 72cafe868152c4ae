#!/bin/bash
# bench.sh - `make bench`: how long oomsnap's kill-time capture takes, next to
# how long the kernel's own task dump takes, for the same OOM kill with 1000
# processes, on each test kernel.  QEMU runs in software emulation here, so
# the absolute numbers are slow; the ratio is what carries over.  Reports
# numbers, never a verdict.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/vm

die() { echo "bench.sh: $*" >&2; exit 1; }

"$here/build-tools.sh" >/dev/null || die "building the test helpers failed"
make -C "$root/userspace" >/dev/null || die "building the CLI failed: run make -C userspace"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for ver in ${VM_KERNELS:-$("$here/kernels.sh")}; do
	"$here/fetch-kernel.sh" "$ver" >/dev/null || die "fetching kernel $ver failed"
	"$here/build-module.sh" "$ver" >"$tmp/module.log" 2>&1 ||
		{ tail -n 20 "$tmp/module.log" >&2; die "building the module for $ver failed"; }
	"$here/mkinitramfs.sh" "$ver" "$tmp/initramfs.cpio.gz" >/dev/null ||
		die "building the initramfs failed"
	log=$tmp/serial-$ver.log
	"$here/boot.sh" "$ver" "$tmp/initramfs.cpio.gz" bench_1000 "$log" 1024 ||
		die "the VM failed on $ver (serial log: $log)"
	"$here/extract.sh" "$log" "$tmp/$ver"
	json=$tmp/$ver/show.out
	[ -s "$json" ] || die "no record on $ver"
	ns=$(grep -o '"capture_ns": *[0-9]*' "$json" | grep -o '[0-9]*$')
	rows=$(grep -c '"start_time"' "$json" || true)
	# the kernel's dump: from "Tasks state" to the "oom-kill:" line
	dump=$(awk -F'[][]' '/Tasks state/ { s = $2 } /oom-kill:constraint/ && s { print int(($2 - s) * 1e9); exit }' \
		"$tmp/$ver/dmesg")
	awk -v v="$ver" -v r="$rows" -v c="$ns" -v d="${dump:-0}" 'BEGIN {
		printf "%-22s %5s rows  oomsnap capture %9.3f ms   kernel task dump (quiet console) %9.3f ms\n",
			v, r, c / 1e6, d / 1e6 }'
done
