#!/bin/bash
# extract.sh <serial-log> <dir> - split a test VM's serial log into files:
# every "@@BEGIN <name>" ... "@@END <name>" block becomes <dir>/<name>, every
# "@@RESULT <name> exit=N" line becomes "<name> N" in <dir>/results.
# Carriage returns from the serial console are dropped.
# A scenario that runs over several boots (a warm reboot in one QEMU
# process) prints "@@PHASE <n>" once it knows which phase it is in: from
# there to the next "@@BOOTED" line every name is prefixed with "p<n>."
# (p1.show.out, "p2.list 0" in results), so the phases' artefacts stay
# apart.  Every "@@PHASE <n>" line is also appended to <dir>/phases.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 <serial-log> <dir>" >&2
	exit 64
fi
log=$1 dir=$2
[ -f "$log" ] || { echo "extract.sh: serial log $log not found" >&2; exit 1; }
mkdir -p "$dir"
: >"$dir/results"
: >"$dir/phases"
tr -d '\r' <"$log" | awk -v d="$dir" '
	/@@BOOTED [^ ]+ test=/ { if (f != "") close(f); f = ""; p = ""; next }
	/^@@PHASE [0-9]+$/ { p = "p" $2 "."; print $2 >> (d "/phases"); next }
	/^@@BEGIN [A-Za-z0-9_.-]+$/ { f = d "/" p $2; printf "" > f; next }
	/^@@END / { if (f != "") close(f); f = ""; next }
	/^@@RESULT / { sub(/^exit=/, "", $3); print p $2, $3 >> (d "/results"); next }
	f != "" { print > f }
'
