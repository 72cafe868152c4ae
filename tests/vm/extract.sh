#!/bin/bash
# extract.sh <serial-log> <dir> - split a test VM's serial log into files:
# every "@@BEGIN <name>" ... "@@END <name>" block becomes <dir>/<name>, every
# "@@RESULT <name> exit=N" line becomes "<name> N" in <dir>/results.
# Carriage returns from the serial console are dropped.
set -euo pipefail

if [ $# -ne 2 ]; then
	echo "usage: $0 <serial-log> <dir>" >&2
	exit 64
fi
log=$1 dir=$2
[ -f "$log" ] || { echo "extract.sh: serial log $log not found" >&2; exit 1; }
mkdir -p "$dir"
: >"$dir/results"
tr -d '\r' <"$log" | awk -v d="$dir" '
	/^@@BEGIN [A-Za-z0-9_.-]+$/ { f = d "/" $2; printf "" > f; next }
	/^@@END / { if (f != "") close(f); f = ""; next }
	/^@@RESULT / { sub(/^exit=/, "", $3); print $2, $3 >> (d "/results"); next }
	f != "" { print > f }
'
