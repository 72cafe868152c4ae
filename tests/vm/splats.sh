#!/bin/bash
# splats.sh <serial-log> [<report>] - the kernel's complaints in a test VM's
# serial log: lockdep reports, KASAN, "BUG:", "WARNING:", sleeping in atomic
# context, RCU stalls and suspicious RCU usage, oopses, list corruption.
# run.sh fails every case, on every kernel, whose log has one.  The log holds
# the guest's emitted dmesg (each scenario's, and init.sh's dmesg-final after
# it) and what the kernel printed on the console (loglevel=1: emergencies).
# Prints the first three headline lines on one line, "|"-separated, and
# writes every hit with the 40 lines after it (the report: its stack, the
# locks held) to <report>; exit 1 when there is one, 0 when the log is clean.
# Not counted: the panics an OOM is documented to end in, which the
# panic_on_oom and panic_deadlock scenarios cause on purpose ("Kernel panic
# - not syncing: Out of memory: system-wide panic_on_oom is enabled", and
# "... System is deadlocked on memory" when no process is killable); their
# checks require them, and any other scenario that reaches one stops early
# and fails on its own checks.
# Nor an RCU stall whose report says "All QSes seen" (kernel/rcu/
# tree_stall.h, print_other_cpu_stall() with ndetected == 0): no CPU and no
# task held up the grace period, only the grace-period kthread did not get
# to run ("rcu_preempt kthread starved for N jiffies").  A read-side section
# or a preempt-disabled loop of oomsnap's would be a CPU or task the report
# names instead.  Under TCG it is the host not running the guest's vCPU
# (several emulated guests on 2 cores); the report still keeps it, marked
# "not counted".
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: $0 <serial-log> [<report>]" >&2
	exit 64
fi
log=$1
report=${2:-/dev/null}
[ -f "$log" ] || { echo "splats.sh: $log not found" >&2; exit 2; }

pat='BUG:|WARNING:|KASAN:|Oops|general protection fault|kernel BUG at|UBSAN:'
pat+='|possible recursive locking|possible circular locking|inconsistent lock state'
pat+='|DEBUG_LOCKS_WARN_ON|INFO: lockdep is turned off|turning off the locking correctness validator'
pat+='|sleeping function called from invalid context|scheduling while atomic'
pat+='|suspicious RCU usage|detected stalls? on CPU|self-detected stall|rcu_.*detected stall'
pat+='|list_(add|del) corruption|Kernel panic - not syncing'
allowed='Kernel panic - not syncing: (Out of memory: (system-wide|compulsory) panic_on_oom is enabled|System is deadlocked on memory)'

hits=$(tr -d '\r' <"$log" | grep -nE -- "$pat" | grep -vE -- "$allowed" || true)
# the stall reports with "All QSes seen" in their next 4 lines: not counted
starved=$(tr -d '\r' <"$log" | awk '
	/rcu_.*detected stall|detected stalls? on CPU/ { s[NR] = 1 }
	/All QSes seen/ { for (i = NR - 4; i < NR; i++) if (i in s) print i }
' | sort -un | tr '\n' ' ')
if [ -n "$starved" ] && [ -n "$hits" ]; then
	hits=$(echo "$hits" | awk -F: -v st="$starved" '
		BEGIN { n = split(st, a, " "); for (i = 1; i <= n; i++) skip[a[i]] = 1 }
		!($1 in skip)')
fi
if [ -z "$hits" ]; then
	if [ -n "$starved" ]; then
		tr -d '\r' <"$log" | awk -v lines="$starved" '
			BEGIN { n = split(lines, l, " "); for (i = 1; i <= n; i++) hit[l[i]] = 1 }
			hit[NR] { print "---- serial log line " NR " (not counted: All QSes seen, the grace-period kthread starved):"; until = NR + 12 }
			NR <= until { print }
		' >"$report"
	else
		: >"$report"
	fi
	exit 0
fi
tr -d '\r' <"$log" | awk -v lines="$(echo "$hits" | cut -d: -f1 | tr '\n' ' ')" '
	BEGIN { n = split(lines, l, " "); for (i = 1; i <= n; i++) hit[l[i]] = 1 }
	hit[NR] { if (until < NR) print "---- serial log line " NR ":"; until = NR + 40 }
	NR <= until { print }
' >"$report"
echo "$hits" | cut -d: -f2- | sed 's/^\[ *[0-9.]*\] //' | awk '!seen[$0]++' | head -n 3 | tr '\n' '|' | sed 's/|$//'
echo
exit 1
