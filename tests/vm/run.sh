#!/bin/bash
# run.sh [-k "<ver> ..."] [-t "<test> ..."] - the oomsnap VM tests: build the
# helpers, the CLI and the module (once per kernel), boot every test
# scenario on every kernel in QEMU, and check what oomsnap recorded against
# the kernel's own OOM report.  Prints "[ OK ] <ver> <test>" or
# "[FAIL] <ver> <test>: <why>" per case (then, indented, the case's notes:
# timings for the reader, never a verdict) and, last, "N passed, N failed".
# Exit 1 if any case failed.  Artefacts: build/vm/<ver>/<test>/.
# A case whose serial log has a kernel splat (lockdep, KASAN, BUG:, WARNING:,
# RCU: tests/vm/splats.sh) fails, whatever its check says.
#   -k  kernel ABI names (default: tests/vm/kernels.sh), or the debug kernels
#       6.12-debug, 6.12-debug-rt (tests/vm/debug/build-kernel.sh)
#   -t  tests (default: global_oom memcg_oom errors reload global_many sysrq
#       dump_tasks_off max_tasks memcg_max_tasks max_cgroups oom_group, and the
#       persistent-region tests persist_reboot panic_on_oom random_region
#       storm storm_overwrite watch reload_same_boot persist_reserve_mem
#       burst_no_kill, and the oomsnapd tests daemon_archive daemon_storm
#       daemon_full daemon_reboot, netlink_fuzz boundaries unload_races facts
#       record_body claim_refused storm_readers; also: smoke,
#       which only checks that the VM boots and runs a scenario)
#   A scenario over two boots (persist_reboot, panic_on_oom, daemon_reboot)
#   keeps each phase's artefacts apart: p1.<name>, p2.<name>.
#   CLI=<binary> in the environment: test that CLI instead of building
#       userspace/ (e.g. an older build).
# One case: tests/vm/run.sh -k 6.1.0-56-amd64 -t global_many
# check_* run indirectly ("check_$t"); $kernels is a word list on purpose.
# shellcheck disable=SC2317,SC2086
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/vm
all_tests="global_oom memcg_oom errors reload global_many sysrq dump_tasks_off max_tasks
	memcg_max_tasks max_cgroups oom_group
	persist_reboot panic_on_oom random_region storm storm_overwrite watch reload_same_boot
	persist_reserve_mem burst_no_kill daemon_archive daemon_storm daemon_full daemon_reboot
	netlink_fuzz boundaries unload_races facts record_body claim_refused
	storm_readers memcg_deep panic_deadlock"
kernels=""
tests=""

usage() {
	echo "usage: $0 [-k \"<kernel-version> ...\"] [-t \"<test> ...\"]   tests: $all_tests" >&2
	exit 64
}
while getopts "k:t:h" opt; do
	case $opt in
	k) kernels=$OPTARG ;;
	t) tests=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
tests=${tests:-$all_tests}
for t in $tests; do
	[ -f "$here/scenarios/$t.sh" ] || { echo "run.sh: unknown test '$t' (no tests/vm/scenarios/$t.sh)" >&2; usage; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

passed=0
failed=0
pass() { echo "[ OK ] $1 $2"; passed=$((passed + 1)); }
fail() {	# fail <ver> <test> <why> [serial-log]
	echo "[FAIL] $1 $2: $3"
	if [ -n "${4:-}" ] && [ -f "$4" ]; then
		echo "       serial log: $4 (last 30 lines:)"
		tail -n 30 "$4" | tr -d '\r' | sed 's/^/       | /'
	fi
	failed=$((failed + 1))
}
fail_all() {	# fail_all <why> <ver ...>: every requested case of these kernels
	local why=$1 v t
	shift
	for v in "$@"; do
		for t in $tests; do
			fail "$v" "$t" "$why"
		done
	done
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && exit 0
	exit 1
}

# ---- tools ---------------------------------------------------------------
missing=""
for tool in gcc make pkg-config qemu-system-x86_64 cpio gzip timeout ldd apt-get dpkg-deb awk; do
	command -v "$tool" >/dev/null || missing="$missing $tool"
done
[ -x /bin/busybox ] || missing="$missing /bin/busybox(busybox-static)"
[ -x /usr/bin/setpriv ] || missing="$missing /usr/bin/setpriv(util-linux)"
if [ -z "$kernels" ]; then
	if ! kernels=$("$here/kernels.sh" | tr '\n' ' '); then
		echo "run.sh: cannot determine the test kernels; pass -k \"<ver> ...\"" >&2
		fail_all "cannot determine the test kernels (tests/vm/kernels.sh failed)" default
		finish
	fi
fi
if [ -n "$missing" ]; then
	fail_all "missing tools:$missing; run tests/install-deps.sh (as root)" $kernels
	finish
fi

# ---- helpers and CLI (once) -----------------------------------------------
if ! "$here/build-tools.sh" >"$tmp/tools.log" 2>&1; then
	cat "$tmp/tools.log"
	fail_all "building hog/oracle failed (tests/vm/build-tools.sh, output above)" $kernels
	finish
fi
if [ -n "${CLI:-}" ]; then
	# CLI=<binary>: test that CLI (mkinitramfs.sh takes it from the environment).
	[ -x "$CLI" ] || { fail_all "CLI=$CLI is not an executable" $kernels; finish; }
	export CLI
elif ! make -C "$root/userspace" >"$tmp/cli.log" 2>&1 || [ ! -x "$root/userspace/oomsnap/oomsnap" ]; then
	tail -n 40 "$tmp/cli.log"
	fail_all "building the CLI failed (make -C userspace, output above)" $kernels
	finish
fi

# ---- checks --------------------------------------------------------------
# Each check prints why it failed and returns 1; $d is the case's artefact dir.

# result <name>: the exit status the guest recorded for command <name>.
result() { awk -v n="$1" '$1 == n { print $2 }' "$d/results"; }

expect_exit() {	# expect_exit <name> <status> <what>
	local got
	got=$(result "$1")
	if [ -z "$got" ]; then
		echo "'$1' ($3) did not run in the guest"
		return 1
	fi
	if [ "$got" != "$2" ]; then
		echo "'$1' ($3) exited $got, expected $2; stderr: $(head -c 300 "$d/$1.err" 2>/dev/null | tr '\n' ' ')"
		return 1
	fi
}

check_dmesg_clean() {	# check_dmesg_clean [name, default dmesg]
	local bad f=$d/${1:-dmesg}
	[ -s "$f" ] || { echo "no ${1:-dmesg} from the guest"; return 1; }
	# lockdep's reports, not its name: a lockdep kernel boots with "rcu: RCU
	# lockdep checking is enabled."
	bad=$(grep -E 'BUG:|WARNING:|Oops|general protection fault|lockdep is turned off|possible recursive locking|possible circular locking|inconsistent lock state|sleeping function called from invalid context|UBSAN:|KASAN:' "$f" | head -n 5 || true)
	if [ -n "$bad" ]; then
		echo "kernel complained in ${1:-dmesg}: $(echo "$bad" | tr '\n' '|')"
		return 1
	fi
}

check_killed() {	# the hog must have been SIGKILLed by the OOM killer
	expect_exit hog 137 "memory hog, must be OOM-killed" || return 1
	grep -q 'Killed process' "$d/dmesg" || { echo "no 'Killed process' line in the guest's dmesg"; return 1; }
}

check_oracle() {	# check_oracle <json-name> [oracle options...]; $dmesg: another log
	local j=$1
	shift
	if "$out/oracle" "$@" "$d/${dmesg:-dmesg}" "$d/$j" >"$d/oracle-$j.txt" 2>&1; then
		return 0
	fi
	echo "oracle: $j does not match the kernel's report: $(grep -E '^\[FAIL\]|^oracle:' "$d/oracle-$j.txt" | head -n 8 | tr '\n' '|') (full: $d/oracle-$j.txt)"
	return 1
}

# totalpages of a global OOM without swap: MemTotal in pages, from the
# guest's /proc/meminfo (oc->totalpages = totalram_pages() + total_swap_pages).
totalpages() {	# totalpages [meminfo-name, default meminfo.out]
	local m=${1:-meminfo.out}
	[ -s "$d/$m" ] || { echo "no /proc/meminfo from the guest ($m)" >&2; echo -1; return; }
	awk '$1 == "MemTotal:" { t = $2 } $1 == "SwapTotal:" { s = $2 }
		END { if (t) print (t + s) / 4 }' "$d/$m"
}

check_rmmod() {	# the module must unload at the end of every scenario
	expect_exit rmmod 0 "rmmod oomsnap at the end"
}

check_oom() {	# check_oom [oracle options for the full record...]
	expect_exit insmod 0 "insmod /oomsnap.ko" &&
	check_killed &&
	expect_exit list 0 "oomsnap list --json" &&
	expect_exit show 0 "oomsnap show --json" &&
	check_oracle list.out &&
	check_oracle show.out --full "$@" &&
	check_rmmod &&
	check_dmesg_clean
}

check_global() {	# the kill was a global one (not memcg)
	grep -q '^\[[ 0-9.]*\] Out of memory: Killed process' "$d/dmesg" ||
		{ echo "the kill was not a global OOM kill (see dmesg)"; return 1; }
}

check_global_oom() {
	check_oom --totalpages "$(totalpages)" || return 1
	check_global || return 1
	expect_exit show_text 0 "oomsnap show"
}

check_memcg_oom() {
	expect_exit memcg 0 "creating cgroup /test/sub" || return 1
	expect_exit spawn 0 "starting the sleepers" || return 1
	check_oom --memcg-max 32768 || return 1
	grep -q 'Memory cgroup out of memory: Killed process' "$d/dmesg" ||
		{ echo "the kill was not a memcg OOM kill (see dmesg)"; return 1; }
}

check_memcg_deep() {
	expect_exit memcg 0 "creating the 8-level cgroup" || return 1
	expect_exit spawn 0 "starting the sleepers in the leaf" || return 1
	grep -q 'oom_memcg=/oomsnap-deep-level-one.slice/oomsnap-deep-level-two.slice/oomsnap-limit-level-three.scope,task_memcg=/oomsnap-deep-level-one.slice/.*/level-eight-the-leaf,' "$d/dmesg" ||
		{ echo "the kernel's oom-kill line does not name the deep cgroups (see dmesg)"; return 1; }
	check_oom --memcg-max 32768
}

check_global_many() {
	expect_exit cgroups 0 "creating the sleepers' cgroups" || return 1
	expect_exit cgroups2 0 "enabling memory in /many" || return 1
	expect_exit spawn 0 "starting 320 sleepers" || return 1
	check_oom --totalpages "$(totalpages)" || return 1
	check_global
}

check_sysrq() {
	expect_exit spawn 0 "starting 20 sleepers" || return 1
	expect_exit hog 137 "the 24 MiB hog, which sysrq-f must kill" || return 1
	grep -q 'invoked oom-killer: .*order=-1' "$d/dmesg" ||
		{ echo "no sysrq-f (order=-1) OOM in dmesg"; return 1; }
	check_oom --totalpages "$(totalpages)"
}

check_dump_tasks_off() {
	expect_exit dumpoff 0 "sysctl vm.oom_dump_tasks=0" || return 1
	expect_exit spawn 0 "starting 50 sleepers" || return 1
	expect_exit procs 0 "listing /proc before the OOM" || return 1
	if grep -q 'Tasks state (memory values in pages)' "$d/dmesg"; then
		echo "the kernel printed a task dump although vm.oom_dump_tasks=0"
		return 1
	fi
	check_oom --totalpages "$(totalpages)" --procs "$d/procs.out" || return 1
	check_global
}

check_max_tasks() {
	local pid1
	expect_exit spawn 0 "starting 300 sleepers" || return 1
	# pid 1's RSS in pages during the OOM, read by the hog (hog -R)
	pid1=$(awk '$1 == "hog:" && $2 == "pid1" && $3 == "rss" { print $4 }' "$d/hog.out")
	[ -n "$pid1" ] || { echo "the hog did not report pid 1's RSS (hog -R; see hog.out)"; return 1; }
	# From 6.2 the RSS counters are per-CPU: the OOM killer (and oomsnap)
	# read their approximate total, /proc the exact sum; they differ by
	# less than the batch (32) per counter (anon, file, shmem) on 1 CPU.
	local slack=0 mm
	mm=$(echo "$ver" | awk -F'[.-]' '{ print $1 * 1000 + $2 }')
	[ "$mm" -ge 6002 ] && slack=$((3 * 31))
	check_oom --totalpages "$(totalpages)" --max-tasks 64 --pid1-rss "$pid1" --pid1-rss-slack "$slack" || return 1
	check_global
}

# procs_count <name>: the processes of a "hog -P" list but hog -P itself
procs_count() {
	awk '$1 == "self" { self = $2; next } NF >= 4 && $1 != self { n++ } END { print n + 0 }' "$d/$1"
}

check_memcg_max_tasks() {
	local n i scope points pids="" procs omitted
	expect_exit memcg 0 "creating cgroup /test/sub" || return 1
	expect_exit spawn_in 0 "starting the sleepers in and out of the memcg" || return 1
	expect_exit spawn_out 0 "starting 215 sleepers outside the memcg" || return 1
	expect_exit big 0 "starting 5 hogs of 4 MiB outside the memcg" || return 1
	expect_exit procs 0 "listing /proc before the OOM" || return 1
	# Without --max-tasks the oracle wants every row of the kernel's task
	# dump (for a memcg OOM: exactly the memcg's tasks) in "tasks", and the
	# in_scope rows to be exactly those.
	check_oom --memcg-max 32768 || return 1
	grep -q 'Memory cgroup out of memory: Killed process' "$d/dmesg" ||
		{ echo "the kill was not a memcg OOM kill (see dmesg)"; return 1; }
	n=$("$jtool" len "$d/show.out" tasks) || { echo "show.out has no tasks array"; return 1; }
	[ "$n" -eq 64 ] || { echo "tasks has $n rows, expected max_tasks=64 (more than 64 processes were running)"; return 1; }
	for ((i = 0; i < n; i++)); do
		scope=$(jget show.out "tasks.$i.in_scope")
		points=$(jget show.out "tasks.$i.points")
		[ "$scope" = true ] || [ "$points" = null ] ||
			pids="$pids $(jget show.out "tasks.$i.pid")($(jget show.out "tasks.$i.comm"):$points)"
	done
	[ -z "$pids" ] || { echo "rows outside the memcg carry points: pid(comm:points)$pids"; return 1; }
	# every user process at the OOM: those of hog -P, and the hog itself
	procs=$(( $(procs_count procs.out) + 1 ))
	omitted=$(jget show.out tasks_omitted.count)
	[ "$((n + omitted))" -eq "$procs" ] ||
		{ echo "tasks $n + tasks_omitted.count $omitted != $procs user processes (hog -P before the OOM, and the hog)"; return 1; }
	note "tasks: $n rows, $omitted omitted, of $procs processes"
}

check_max_cgroups() {
	local n i c real paths stored omitted
	expect_exit cgroups 0 "creating 16 cgroups" || return 1
	expect_exit spawn 0 "starting 144 sleepers over 16 cgroups" || return 1
	expect_exit cgset 0 "reading the cgroups of every process before the OOM" || return 1
	check_oom --totalpages "$(totalpages)" || return 1
	check_global || return 1
	# the distinct cgroups of the processes, as the guest saw them
	real=$(grep -c . "$d/cgset.out")
	n=$("$jtool" len "$d/show.out" tasks) || { echo "show.out has no tasks array"; return 1; }
	paths=$(for ((i = 0; i < n; i++)); do
		c=$(jget show.out "tasks.$i.cgroup")
		[ "$c" = null ] || echo "$c"
	done | sort -u)
	stored=$(echo "$paths" | grep -c . || true)
	omitted=$(jget show.out cgroups_omitted)
	[ "$stored" -eq 4 ] ||
		{ echo "$stored distinct cgroup paths in tasks, expected max_cgroups=4 ($real cgroups in the guest): $(echo $paths)"; return 1; }
	[ "$((stored + omitted))" -eq "$real" ] ||
		{ echo "cgroups_omitted is $omitted: with the $stored paths kept that is $((stored + omitted)) cgroups, the guest's processes were in $real ($(tr '\n' ' ' <"$d/cgset.out"))"; return 1; }
	note "cgroups: $stored kept, $omitted omitted, of $real"
}

check_errors() {
	local want="oomsnap: kernel module not loaded (generic netlink family 'oomsnap' not found); try: modprobe oomsnap"
	expect_exit nomod 2 "oomsnap list without the module" || return 1
	if [ "$(cat "$d/nomod.err")" != "$want" ]; then
		echo "oomsnap list without the module: stderr is '$(tr '\n' ' ' <"$d/nomod.err")', expected exactly '$want'"
		return 1
	fi
	expect_exit insmod 0 "insmod /oomsnap.ko" || return 1
	expect_exit unpriv 77 "oomsnap list as nobody" || return 1
	grep -q CAP_NET_ADMIN "$d/unpriv.err" ||
		{ echo "oomsnap list as nobody: stderr does not mention CAP_NET_ADMIN: '$(tr '\n' ' ' <"$d/unpriv.err")'"; return 1; }
	expect_exit empty 0 "oomsnap list with no records" || return 1
	expect_exit empty_json 0 "oomsnap list --json with no records" || return 1
	[ "$(tr -d ' \t\n' <"$d/empty_json.out")" = "[]" ] ||
		{ echo "oomsnap list --json with no records printed '$(head -c 200 "$d/empty_json.out")', expected an empty array"; return 1; }
	expect_exit unknown 1 "oomsnap show 999 (no such record)" || return 1
	expect_exit badarg 64 "oomsnap show abc (usage error)" || return 1
	check_rmmod &&
	check_dmesg_clean
}

check_reload() {
	local nseq
	expect_exit insmod1 0 "first insmod" &&
	expect_exit rmmod1 0 "rmmod with the CLI idle" &&
	expect_exit insmod2 0 "insmod after rmmod" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	check_killed &&
	expect_exit list 0 "oomsnap list --json after the reload" || return 1
	nseq=$(grep -o '"seq"[[:space:]]*:[[:space:]]*[0-9]*' "$d/list.out" | sed 's/.*://; s/[[:space:]]//g' | tr '\n' ' ')
	if [ "$nseq" != "1 " ]; then
		echo "after the reload list shows seq [${nseq% }], expected exactly one record with seq 1"
		return 1
	fi
	check_oracle list.out &&
	expect_exit show 0 "oomsnap show --json after the reload" &&
	check_oracle show.out --full --memcg-max 32768 &&
	expect_exit rmmod2 0 "final rmmod" &&
	check_dmesg_clean
}

# ---- persistent region tests -------------------------------------------------
jtool=$out/jtool
# jget <name> <path>: a value of a JSON artefact (see jtool.c), "" if absent
jget() { "$jtool" get "$d/$1" "$2" 2>/dev/null || true; }
# expect_json <name> <path> <value> <what>
expect_json() {
	local got
	got=$(jget "$1" "$2")
	[ "$got" = "$3" ] && return 0
	echo "$1: $2 is '${got:-(absent)}', expected '$3' ($4)"
	return 1
}
# killed <dmesg-name>: the pids of the "Killed process" lines, in order
killed() { sed -n 's/.*: Killed process \([0-9][0-9]*\) .*/\1/p' "$d/$1"; }
# seqs <name>: the record-level seqs of a list --json artefact
seqs() {
	local n i
	n=$("$jtool" len "$d/$1" . 2>/dev/null) || return 0
	for ((i = 0; i < n; i++)); do jget "$1" "$i.seq"; done
}
# victims <name>: the victim pids of a list --json artefact
victims() {
	local n i
	n=$("$jtool" len "$d/$1" . 2>/dev/null) || return 0
	for ((i = 0; i < n; i++)); do jget "$1" "$i.victim.pid"; done
}
# same_json <a> <b> [--change KEY=FROM:TO]...: identical records
same_json() {
	local a=$1 b=$2
	shift 2
	"$jtool" cmp "$@" "$d/$a" "$d/$b" >"$d/cmp-$a-$b.txt" 2>&1 && return 0
	echo "$b differs from $a: $(grep -E '^\[FAIL\]|^jtool' "$d/cmp-$a-$b.txt" | head -n 6 | tr '\n' '|') (full: $d/cmp-$a-$b.txt)"
	return 1
}
# region_loaded <dmesg-name> <recovered> <earlier>: the load message
region_loaded() {
	local l
	l=$(grep -o 'oomsnap: persistent region at .*' "$d/$1" | tail -n 1)
	[ -n "$l" ] || { echo "$1: no 'oomsnap: persistent region at' line: the region was not used"; return 1; }
	case $l in
	*": $2 record(s) recovered, $3 from earlier boots, 0 corrupt or torn skipped"*) return 0 ;;
	esac
	echo "$1: load message '$l', expected $2 record(s) recovered, $3 from earlier boots, 0 corrupt"
	return 1
}

check_persist_reboot() {
	local b1 b2 n s ref
	[ "$(tr '\n' ' ' <"$d/phases")" = "1 2 " ] ||
		{ echo "phases run: '$(tr '\n' ' ' <"$d/phases")', expected 1 then 2"; return 1; }
	# phase 1: two kills, recorded as the kernel reported them
	expect_exit p1.insmod 0 "phase 1: insmod with the region" &&
	region_loaded p1.dmesg 0 0 &&
	expect_exit p1.memcg 0 "phase 1: creating cgroup /test/sub" &&
	expect_exit p1.hog 137 "phase 1: the memcg hog, must be OOM-killed" &&
	expect_exit p1.hog2 137 "phase 1: the global hog, must be OOM-killed" &&
	expect_exit p1.list 0 "phase 1: oomsnap list --json" &&
	expect_exit p1.show1 0 "phase 1: oomsnap show --json 1" &&
	expect_exit p1.show2 0 "phase 1: oomsnap show --json 2" || return 1
	dmesg=p1.dmesg check_oracle p1.list.out &&
	dmesg=p1.dmesg check_oracle p1.show1.out --some --full --memcg-max 32768 &&
	dmesg=p1.dmesg check_oracle p1.show2.out --some --full --totalpages "$(totalpages p1.meminfo.out)" &&
	check_dmesg_clean p1.dmesg || return 1
	b1=$(tr -d ' \n' <"$d/p1.boot_id.out")
	expect_json p1.show1.out kind memcg "the first kill" &&
	expect_json p1.show2.out kind global "the second kill" &&
	expect_json p1.show1.out earlier_boot false "a record of this boot" &&
	expect_json p1.show1.out boot_id "$b1" "phase 1's /proc/sys/kernel/random/boot_id" || return 1
	# phase 2: the same records, of an earlier boot
	expect_exit p2.insmod 0 "phase 2: insmod with the region" &&
	region_loaded p2.dmesg 2 2 &&
	expect_exit p2.status 0 "phase 2: oomsnap status --json" &&
	expect_exit p2.list 0 "phase 2: oomsnap list --json" || return 1
	b2=$(tr -d ' \n' <"$d/p2.boot_id.out")
	if [ -z "$b1" ] || [ -z "$b2" ] || [ "$b1" = "$b2" ]; then
		echo "boot ids: phase 1 '$b1', phase 2 '$b2': expected two different ones"
		return 1
	fi
	expect_json p2.status.out boot_id "$b2" "phase 2's boot id" &&
	expect_json p2.status.out records 2 "both records held" &&
	expect_json p2.status.out earlier_boot 2 "both from the earlier boot" &&
	expect_json p2.status.out unacked 2 "neither acknowledged" &&
	expect_json p2.status.out reinit null "the region was valid" &&
	expect_json p2.status.out corrupt 0 "nothing corrupt" &&
	expect_json p2.status.out persistent true "a region was given" || return 1
	n=$(grep -c . "$d/p2.earlier.out" || true)
	[ "$n" -eq 2 ] || { echo "phase 2 list shows $n record(s) of an earlier boot, expected 2: $(tr '\n' ' ' <"$d/p2.earlier.out")"; return 1; }
	same_json p1.list.out p2.list.out --change earlier_boot=false:true || return 1
	for s in 1 2; do
		ref=$(sed -n "s/:$s\$//p" "$d/p2.earlier.out")
		[ "$ref" = "$b1" ] || { echo "phase 2: record $s has boot '$ref', expected phase 1's $b1"; return 1; }
		expect_exit "p2.show$s" 0 "phase 2: oomsnap show --json $b1:$s" &&
		same_json "p1.show$s.out" "p2.show$s.out" --change earlier_boot=false:true &&
		expect_json "p2.show$s.out" boot_id "$b1" "the boot that wrote it" &&
		expect_json "p2.show$s.out" earlier_boot true "a record of an earlier boot" || return 1
	done
	expect_exit p2.show_text 0 "phase 2: oomsnap show BOOT:1" &&
	expect_exit p2.rmmod 0 "phase 2: rmmod" &&
	check_dmesg_clean p2.dmesg
}

check_panic_on_oom() {
	local b1 b2 hogpid sleepers p name
	[ "$(tr '\n' ' ' <"$d/phases")" = "1 2 " ] ||
		{ echo "phases run: '$(tr '\n' ' ' <"$d/phases")', expected 1 then 2"; return 1; }
	expect_exit p1.insmod 0 "phase 1: insmod with the region" &&
	region_loaded p1.dmesg 0 0 &&
	expect_exit p1.spawn 0 "phase 1: starting the sleepers" &&
	expect_exit p1.panic_on_oom 0 "phase 1: sysctl vm.panic_on_oom=1" &&
	check_dmesg_clean p1.dmesg || return 1
	hogpid=$(tr -d '\r' <"$d/serial.log" | sed -n 's/^@@HOGPID \([0-9]*\)$/\1/p' | head -n 1)
	[ -n "$hogpid" ] || { echo "phase 1 did not print the hog's pid (@@HOGPID)"; return 1; }
	tr -d '\r' <"$d/serial.log" | grep 'Kernel panic - not syncing: Out of memory' >/dev/null ||
		{ echo "no 'Kernel panic - not syncing: Out of memory' on the console: the OOM did not panic"; return 1; }
	b1=$(tr -d ' \n' <"$d/p1.boot_id.out")
	b2=$(tr -d ' \n' <"$d/p2.boot_id.out")
	if [ -z "$b1" ] || [ -z "$b2" ] || [ "$b1" = "$b2" ]; then
		echo "boot ids: phase 1 '$b1', phase 2 '$b2': expected two different ones"
		return 1
	fi
	expect_exit p2.insmod 0 "phase 2: insmod with the region" &&
	region_loaded p2.dmesg 1 1 &&
	expect_exit p2.list 0 "phase 2: oomsnap list --json" &&
	expect_json p2.list.out 0.panic true "the record of the panic" || return 1
	[ "$(tr -d '\n' <"$d/p2.earlier.out")" = "$b1:1" ] ||
		{ echo "phase 2: records of earlier boots '$(tr '\n' ' ' <"$d/p2.earlier.out")', expected $b1:1"; return 1; }
	expect_exit p2.show 0 "phase 2: oomsnap show --json $b1:1" &&
	expect_json p2.show.out panic true "taken before the panic" &&
	expect_json p2.show.out victim null "no victim was chosen" &&
	expect_json p2.show.out earlier_boot true "of the panicked boot" &&
	expect_json p2.show.out boot_id "$b1" "the panicked boot's id" &&
	expect_json p2.show.out seq 1 "the first record of that boot" &&
	expect_json p2.show.out kind global "a global OOM" &&
	expect_json p2.show.out trigger.comm hog "the hog invoked the OOM killer" &&
	expect_json p2.show.out trigger.pid "$hogpid" "the hog's pid (@@HOGPID)" || return 1
	[ "$("$jtool" len "$d/p2.show.out" tasks 2>/dev/null || echo 0)" -gt 0 ] ||
		{ echo "p2.show.out: the task table is empty"; return 1; }
	"$jtool" find "$d/p2.show.out" tasks "pid=$hogpid" comm=hog >/dev/null ||
		{ echo "p2.show.out: no task row pid $hogpid comm hog (the hog)"; return 1; }
	sleepers=$(awk '$1 == "hog:" && $2 == "sleeper" { print $3 ":" $5 }' "$d/p1.spawn.out")
	[ "$(echo "$sleepers" | grep -c .)" -eq 6 ] || { echo "phase 1: expected 6 sleepers in p1.spawn.out"; return 1; }
	for p in $sleepers; do
		name=${p#*:}
		"$jtool" find "$d/p2.show.out" tasks "pid=${p%%:*}" "comm=$name" >/dev/null ||
			{ echo "p2.show.out: no task row for sleeper pid ${p%%:*} comm $name"; return 1; }
	done
	expect_exit p2.show_text 0 "phase 2: oomsnap show $b1:1" || return 1
	grep -q panicked "$d/p2.show_text.out" ||
		{ echo "oomsnap show $b1:1 (text) does not say 'panicked': $(head -n 5 "$d/p2.show_text.out" | tr '\n' '|')"; return 1; }
	# last: the status (a failure here says nothing about the record)
	expect_exit p2.status 0 "phase 2: oomsnap status --json" &&
	expect_json p2.status.out records 1 "the panic record" &&
	expect_json p2.status.out unacked 1 "the panic record" &&
	expect_json p2.status.out earlier_boot 1 "of the panicked boot" &&
	expect_exit p2.rmmod 0 "phase 2: rmmod" &&
	check_dmesg_clean p2.dmesg
}

magic() { od -An -tx1 -N4 "$d/$1" 2>/dev/null | tr -d ' \n'; }
check_random_region() {
	local magic
	[ -s "$d/region-before.bin" ] || { echo "the host did not fill the region (region-before.bin)"; return 1; }
	[ "$(magic region-before.bin)" != 4f534e52 ] || { echo "the random bytes happen to start with the magic; run again"; return 1; }
	expect_exit insmod 0 "insmod with a region of random bytes" || return 1
	grep -q 'oomsnap: region at .*re-initialised after keeping 0 valid record(s)' "$d/dmesg" ||
		{ echo "dmesg does not report the re-initialisation ('oomsnap: region at ...: re-initialised after keeping 0 valid record(s)')"; return 1; }
	region_loaded dmesg 0 0 &&
	expect_exit status 0 "oomsnap status --json" &&
	expect_json status.out records 0 "nothing valid in random bytes" &&
	expect_json status.out persistent true "a region was given" || return 1
	case $(jget status.out reinit) in
	"" | null) echo "status.out: reinit is '$(jget status.out reinit)', expected why the region was re-initialised"; return 1 ;;
	esac
	expect_exit list0 0 "oomsnap list --json before any kill" || return 1
	[ "$(tr -d ' \t\n' <"$d/list0.out")" = "[]" ] ||
		{ echo "list before any kill is not empty: $(head -c 200 "$d/list0.out")"; return 1; }
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	check_killed &&
	expect_exit list 0 "oomsnap list --json" &&
	check_oracle list.out &&
	expect_exit show 0 "oomsnap show --json" &&
	check_oracle show.out --full --memcg-max 32768 &&
	expect_json status2.out records 1 "the kill" &&
	expect_json status2.out corrupt 0 "a fresh region has nothing corrupt" || return 1
	# the guest wrote the header where the host put the random bytes
	magic=$(magic region-after.bin)
	[ "$magic" = 4f534e52 ] ||
		{ echo "after the run the region in the RAM file does not start with the header magic 'OSNR' (4f534e52; got '$magic'): guest address != file offset?"; return 1; }
	check_rmmod &&
	check_dmesg_clean
}

check_storm() {
	local v0 v1 v2 dd k last lastcomm stored lost new
	expect_exit insmod 0 "insmod max_records=10" &&
	region_loaded dmesg 0 0 &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit storm 0 "50 memcg hogs, each OOM-killed" &&
	expect_exit status 0 "oomsnap status --json" &&
	expect_exit list 0 "oomsnap list --json" || return 1
	v0=$(awk '{ print $2 }' "$d/vmstat0.out")
	v1=$(awk '{ print $2 }' "$d/vmstat1.out")
	v2=$(awk '{ print $2 }' "$d/vmstat2.out")
	dd=$((v1 - v0))
	k=$(killed dmesg | grep -c .)
	[ "$dd" -eq 50 ] || { echo "/proc/vmstat oom_kill grew by $dd, expected 50"; return 1; }
	[ "$k" -eq 51 ] || { echo "dmesg has $k 'Killed process' lines, expected 51 (kernel log overflowed?)"; return 1; }
	stored=$(jget status.out records)
	lost=$(jget status.out lost.count)
	[ "$((stored + lost))" -eq "$dd" ] ||
		{ echo "status: records $stored + lost.count $lost != $dd kills (/proc/vmstat oom_kill)"; return 1; }
	[ "$stored" -eq 10 ] || { echo "status: records $stored, expected 10 (max_records)"; return 1; }
	expect_json status.out lost.count $((dd - 10)) "kills beyond max_records" &&
	expect_json status.out unacked 10 "none acknowledged yet" &&
	expect_json status.out policy keep-oldest "the default" &&
	expect_json status.out capacity 10 "max_records=10" || return 1
	last=$(killed dmesg | sed -n 50p)
	lastcomm=$(sed -n "s/.*: Killed process $last (\([^)]*\)).*/\1/p" "$d/dmesg" | head -n 1)
	expect_json status.out lost.last_pid "$last" "the 50th kill's pid" &&
	expect_json status.out lost.last_comm "$lastcomm" "the 50th kill's comm" || return 1
	# the first 10 kills are the ones stored, seqs 1..10, as reported
	[ "$(seqs list.out | tr '\n' ' ')" = "1 2 3 4 5 6 7 8 9 10 " ] ||
		{ echo "list seqs '$(seqs list.out | tr '\n' ' ')', expected 1..10"; return 1; }
	[ "$(victims list.out | tr '\n' ' ')" = "$(killed dmesg | head -n 10 | tr '\n' ' ')" ] ||
		{ echo "list victims '$(victims list.out | tr '\n' ' ')', expected the first 10 kills '$(killed dmesg | head -n 10 | tr '\n' ' ')'"; return 1; }
	check_oracle list.out --some || return 1
	# ack --all frees them; the next kill is stored with lost_before 40
	expect_exit ack 0 "oomsnap ack --all" &&
	expect_json status_acked.out unacked 0 "all acknowledged" &&
	expect_exit hog 137 "the hog after ack --all, must be OOM-killed" || return 1
	[ "$((v2 - v1))" -eq 1 ] || { echo "/proc/vmstat oom_kill grew by $((v2 - v1)) for the last hog, expected 1"; return 1; }
	new=$(killed dmesg | sed -n 51p)
	expect_exit show 0 "oomsnap show --json (the newest)" &&
	expect_json show.out victim.pid "$new" "the kill after ack --all" &&
	expect_json show.out seq 11 "the 11th stored record" &&
	expect_json show.out lost_before $((dd - 10)) "kills lost since the 10th record" &&
	expect_json show.out acknowledged false "new" &&
	check_oracle show.out --some --full --memcg-max 16384 &&
	expect_json status2.out records 1 "only the new record is held" &&
	expect_json status2.out unacked 1 "the new record" &&
	expect_json status2.out lost.count $((dd - 10)) "since the region was created" || return 1
	[ "$(victims list2.out | tail -n 1)" = "$new" ] ||
		{ echo "list2: the newest record's victim is $(victims list2.out | tail -n 1), expected $new"; return 1; }
	check_rmmod &&
	check_dmesg_clean
}

check_storm_overwrite() {
	local v0 v1 dd n
	expect_exit insmod 0 "insmod max_records=10 overwrite=1" &&
	region_loaded dmesg 0 0 &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit storm 0 "20 memcg hogs, each OOM-killed" &&
	expect_exit status 0 "oomsnap status --json" &&
	expect_exit list 0 "oomsnap list --json" || return 1
	v0=$(awk '{ print $2 }' "$d/vmstat0.out")
	v1=$(awk '{ print $2 }' "$d/vmstat1.out")
	dd=$((v1 - v0))
	[ "$dd" -eq 20 ] || { echo "/proc/vmstat oom_kill grew by $dd, expected 20"; return 1; }
	n=$(killed dmesg | grep -c .)
	[ "$n" -eq 20 ] || { echo "dmesg has $n 'Killed process' lines, expected 20"; return 1; }
	expect_json status.out records 10 "max_records=10, the newest kept" &&
	expect_json status.out lost.count 0 "overwrite-oldest loses no kill" &&
	expect_json status.out policy overwrite-oldest "overwrite=1" || return 1
	[ "$(seqs list.out | tr '\n' ' ')" = "11 12 13 14 15 16 17 18 19 20 " ] ||
		{ echo "list seqs '$(seqs list.out | tr '\n' ' ')', expected 11..20 (the 10 newest)"; return 1; }
	[ "$(victims list.out | tr '\n' ' ')" = "$(killed dmesg | tail -n 10 | tr '\n' ' ')" ] ||
		{ echo "list victims '$(victims list.out | tr '\n' ' ')', expected the last 10 kills '$(killed dmesg | tail -n 10 | tr '\n' ' ')'"; return 1; }
	# The kernel prints at most 10 OOM reports per 5 s: the last 10 kills
	# have a "Killed process" line but no report of their own, so the
	# oracle compares their trigger with the last report printed (the
	# same hog, the same memcg) and their victim with their own line.
	check_oracle list.out --some &&
	check_rmmod &&
	check_dmesg_clean
}

# kill_lines <dmesg-name>: "pid anon file shmem total_vm" (kB) of each
# "Killed process" line, the first line of each pid only (the kernel may
# kill the task it chose once more while it walks an oom.group)
kill_lines() {
	sed -n 's/.*: Killed process \([0-9]*\) (.*) total-vm:\([0-9]*\)kB, anon-rss:\([0-9]*\)kB, file-rss:\([0-9]*\)kB, shmem-rss:\([0-9]*\)kB.*/\1 \3 \4 \5 \2/p' "$d/$1" |
		awk '!seen[$1]++'
}
# record_victims <json-name>: the same columns from a record's "victims"
record_victims() {
	local n i
	n=$("$jtool" len "$d/$1" victims 2>/dev/null) || return 0
	for ((i = 0; i < n; i++)); do
		echo "$(jget "$1" "victims.$i.pid") $(jget "$1" "victims.$i.anon_rss_kb") $(jget "$1" "victims.$i.file_rss_kb") $(jget "$1" "victims.$i.shmem_rss_kb") $(jget "$1" "victims.$i.total_vm_kb")"
	done
}

check_oom_group() {
	local all group single n c1 c2
	expect_exit insmod 0 "insmod" &&
	expect_exit memcg 0 "creating /test/grp (memory.oom.group=1) and /test/sub" &&
	expect_exit spawn 0 "starting 104 sleepers in /test/grp" &&
	expect_exit hog 137 "the hog in /test/grp, OOM-killed with its group" &&
	expect_exit single 137 "the hog in /test/sub, OOM-killed alone" &&
	expect_exit list 0 "oomsnap list --json" &&
	expect_exit show1 0 "oomsnap show --json 1" &&
	expect_exit show2 0 "oomsnap show --json 2" &&
	expect_exit status 0 "oomsnap status --json" || return 1
	[ ! -s "$d/left.out" ] && grep -q . "$d/members.out" || true
	all=$(kill_lines dmesg)
	n=$(echo "$all" | grep -c .)
	group=$(echo "$all" | head -n $((n - 1)))
	single=$(echo "$all" | tail -n 1)
	# 104 sleepers, 5 spared (oom_score_adj -1000), and the hog
	[ "$(echo "$group" | grep -c .)" -eq 100 ] ||
		{ echo "dmesg: $(echo "$group" | grep -c .) tasks killed in /test/grp, expected 100 (104 sleepers - 5 at -1000 + the hog)"; return 1; }
	grep -q 'are going to be killed due to memory.oom.group set' "$d/dmesg" ||
		{ echo "dmesg: no memory.oom.group kill"; return 1; }
	[ "$("$jtool" len "$d/list.out" .)" = 2 ] ||
		{ echo "list: $("$jtool" len "$d/list.out" .) records, expected 2: one per OOM (the group kill, the single kill)"; return 1; }
	expect_json show1.out victims_omitted 0 "128 victims fit a record" &&
	expect_json show1.out victim.pid "$(echo "$group" | awk 'NR == 1 { print $1 }')" "the task the kernel chose first" &&
	expect_json show1.out victims.0.pid "$(echo "$group" | awk 'NR == 1 { print $1 }')" "victims start with the victim" || return 1
	[ "$(record_victims show1.out)" = "$group" ] || {
		echo "record 1 victims (pid anon file shmem total_vm kB) differ from dmesg's Killed process lines:"
		diff <(echo "$group") <(record_victims show1.out) | head -n 8
		return 1
	}
	[ "$(record_victims show2.out)" = "$single" ] ||
		{ echo "record 2 victims '$(record_victims show2.out)', expected dmesg's '$single'"; return 1; }
	expect_json status.out dropped.victims_omitted 0 "none past the bound" &&
	expect_json status.out dropped.victims_unpaired 0 "every victim paired" || return 1
	check_oracle show1.out --some --full --memcg-max 65536 &&
	check_oracle show2.out --some --full --memcg-max 16384 || return 1
	c1=$(jget show1.out capture_ns)
	c2=$(jget show2.out capture_ns)
	note "capture_ns: oom.group kill of 100 tasks, one record: $c1 ns; single-victim kill: $c2 ns (one walk each)"
	check_rmmod &&
	check_dmesg_clean
}

check_burst_no_kill() {
	local k i1 i2 first
	expect_exit insmod 0 "insmod max_records=3 overwrite=1" &&
	region_loaded dmesg 0 0 &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit list0 0 "oomsnap list --json (3 kills)" &&
	expect_exit adj 0 "every process at oom_score_adj -1000" &&
	expect_exit burst1 0 "20 sysrq-f" &&
	expect_exit list1 0 "oomsnap list --json (after the burst)" &&
	expect_exit ack 0 "oomsnap ack 1" &&
	expect_exit burst2 0 "20 more sysrq-f" &&
	expect_exit list2 0 "oomsnap list --json (after the second burst)" || return 1
	k=$(killed dmesg | tr '\n' ' ')
	[ "$(killed dmesg | grep -c .)" -eq 3 ] ||
		{ echo "dmesg: $(killed dmesg | grep -c .) Killed process lines, expected 3 (the sysrq-f calls must kill nothing)"; return 1; }
	i1=$(awk '{ print $2 }' "$d/burst1.out")
	i2=$(awk '{ print $2 }' "$d/burst2.out")
	[ "$i1" -eq 20 ] && [ "$i2" -eq 40 ] ||
		{ echo "dmesg: 'OOM request ignored' $i1 then $i2 times, expected 20 then 40 (sysrq-f with nothing killable)"; return 1; }
	[ "$(grep -c 'invoked oom-killer: .*order=-1' "$d/dmesg")" -eq 40 ] ||
		{ echo "dmesg: $(grep -c 'invoked oom-killer: .*order=-1' "$d/dmesg") sysrq OOM reports, expected 40"; return 1; }
	[ "$(victims list0.out | tr '\n' ' ')" = "$k" ] ||
		{ echo "list0 victims '$(victims list0.out | tr '\n' ' ')', expected the 3 kills '$k'"; return 1; }
	# the burst evicted nothing: the same three records, untouched
	same_json list0.out list1.out || return 1
	expect_json status1.out records 3 "the held records survive the burst" &&
	expect_json status1.out dropped.overwritten 0 "no record overwritten" &&
	# sysrq-f never ends in a panic_on_oom panic: no provisional record
	expect_json status1.out dropped.provisional_unstored 0 "sysrq-f: no provisional record tried" &&
	expect_json status1.out dropped.provisional_discarded 0 "sysrq-f: no provisional record written" || return 1
	# a slot free: still no provisional record, and the held ones stay
	first=$(killed dmesg | sed -n 1p)
	[ "$(victims list2.out | tr '\n' ' ')" = "$(killed dmesg | sed -n '2,3p' | tr '\n' ' ')" ] ||
		{ echo "list2 victims '$(victims list2.out | tr '\n' ' ')', expected the kills after $first"; return 1; }
	[ "$(seqs list2.out | tr '\n' ' ')" = "2 3 " ] ||
		{ echo "list2 seqs '$(seqs list2.out | tr '\n' ' ')', expected 2 3"; return 1; }
	expect_json status2.out records 2 "the two held records" &&
	expect_json status2.out dropped.overwritten 0 "no record overwritten" &&
	expect_json status2.out dropped.provisional_discarded 0 "sysrq-f: no provisional record written" &&
	expect_json status2.out lost.count 0 "no kill lost" || return 1
	check_rmmod &&
	check_dmesg_clean
}

check_watch() {
	local n
	expect_exit insmod 0 "insmod /oomsnap.ko" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit hog1 137 "the first hog, must be OOM-killed" &&
	expect_exit hog2 137 "the second hog, must be OOM-killed" &&
	expect_exit watch 0 "oomsnap watch --json, stopped with SIGTERM" &&
	expect_exit list 0 "oomsnap list --json" || return 1
	if ! "$jtool" jsonl "$d/watch.out" >"$d/watch.json" 2>"$d/watch.jsonl.err"; then
		echo "watch --json output is not JSON Lines: $(cat "$d/watch.jsonl.err")"
		return 1
	fi
	n=$("$jtool" len "$d/watch.json" .)
	[ "$n" -eq 2 ] || { echo "watch --json printed $n records, expected 2 (see watch.out)"; return 1; }
	[ "$(seqs watch.json | tr '\n' ' ')" = "1 2 " ] ||
		{ echo "watch --json printed seqs '$(seqs watch.json | tr '\n' ' ')', expected 1 2"; return 1; }
	[ "$(seqs list.out | tr '\n' ' ')" = "1 2 " ] ||
		{ echo "list printed seqs '$(seqs list.out | tr '\n' ' ')', expected 1 2"; return 1; }
	"$jtool" get "$d/watch.json" 0 >"$d/watch1.json" &&
	"$jtool" get "$d/watch.json" 1 >"$d/watch2.json" &&
	same_json show1.out watch1.json &&
	same_json show2.out watch2.json &&
	check_oracle list.out &&
	check_oracle watch.json --full --memcg-max 32768 &&
	check_rmmod &&
	check_dmesg_clean
}

check_reload_same_boot() {
	expect_exit insmod1 0 "first insmod with the region" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit hog1 137 "the first hog, must be OOM-killed" &&
	expect_exit show1a 0 "oomsnap show --json 1 before the reload" &&
	expect_exit rmmod1 0 "rmmod with a record held" &&
	expect_exit insmod2 0 "insmod again, same boot, same region" || return 1
	# the second load message: 1 record recovered, 0 from earlier boots
	region_loaded dmesg 1 0 &&
	expect_json status.out records 1 "the record of before the reload" &&
	expect_json status.out earlier_boot 0 "the same boot" &&
	expect_json status.out reinit null "the region was valid" &&
	expect_exit list1 0 "oomsnap list --json after the reload" &&
	expect_json list1.out 0.earlier_boot false "the same boot" || return 1
	[ "$(seqs list1.out | tr '\n' ' ')" = "1 " ] ||
		{ echo "after the reload list shows seqs '$(seqs list1.out | tr '\n' ' ')', expected 1"; return 1; }
	expect_exit show1b 0 "oomsnap show --json 1 after the reload" &&
	same_json show1a.out show1b.out &&
	expect_exit hog2 137 "the second hog, must be OOM-killed" &&
	expect_exit events 0 "dtool events: the raw notifications after the reload" &&
	expect_exit list2 0 "oomsnap list --json after the second kill" || return 1
	# announced after the reload: the new record only, not the recovered 1
	[ "$(tr '\n' ' ' <"$d/events.out")" = "event seq 2 " ] ||
		{ echo "after the reload the module announced '$(tr '\n' ' ' <"$d/events.out")', expected 'event seq 2' only (recovered records announced again?)"; return 1; }
	[ "$(seqs list2.out | tr '\n' ' ')" = "1 2 " ] ||
		{ echo "after the second kill list shows seqs '$(seqs list2.out | tr '\n' ' ')', expected 1 2"; return 1; }
	check_oracle list2.out &&
	expect_exit show2 0 "oomsnap show --json 2" &&
	check_oracle show2.out --some --full --memcg-max 32768 &&
	check_rmmod &&
	check_dmesg_clean
}

check_unload_races() {
	local rec kills v k i=0 n
	expect_exit insmod 0 "insmod with the region" &&
	expect_exit spawn 0 "starting 300 sleepers" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit hog0 137 "the first hog, must be OOM-killed" || return 1
	expect_exit dumps 0 "50 unloads racing a held dump" || return 1
	grep -q '50 held a dump' "$d/dumps.out" ||
		{ echo "dumps: $(tail -n 1 "$d/dumps.out"): not every round held a dump open"; return 1; }
	if grep -v '^dump races:' "$d/dumps.out" | grep -q .; then
		echo "dumps: $(grep -v '^dump races:' "$d/dumps.out" | head -n 3 | tr '\n' '|')"
		return 1
	fi
	expect_exit captures 0 "50 unloads racing a capture" || return 1
	if grep -v '^capture races:' "$d/captures.out" | grep -q .; then
		echo "captures: $(grep -v '^capture races:' "$d/captures.out" | head -n 3 | tr '\n' '|')"
		return 1
	fi
	expect_exit hog 137 "the last hog, must be OOM-killed" &&
	expect_exit status 0 "oomsnap status --json" &&
	expect_exit list 0 "oomsnap list --json" &&
	expect_json status.out lost.count 0 "no kill failed to be stored" || return 1
	# every record is a distinct kill of dmesg, in the kernel's order:
	# the recorded victims are a subsequence of the "Killed process" pids
	rec=$(victims list.out | tr '\n' ' ')
	kills=$(killed dmesg | tr '\n' ' ')
	n=$(echo "$rec" | wc -w)
	[ "$n" -ge 2 ] || { echo "list holds $n records, expected at least the first and the last kill"; return 1; }
	[ "$(victims list.out | sort | uniq -d)" = "" ] ||
		{ echo "list: a victim recorded twice: $(victims list.out | sort | uniq -d | tr '\n' ' ')"; return 1; }
	set -- $kills
	for v in $rec; do
		while [ $# -gt 0 ] && [ "$1" != "$v" ]; do shift; done
		[ $# -gt 0 ] || { echo "list victim $v is not a 'Killed process' of dmesg after the previous one (records: $rec; kills: $kills)"; return 1; }
		shift
	done
	[ "$(victims list.out | head -n 1)" = "$(killed dmesg | head -n 1)" ] &&
	[ "$(victims list.out | tail -n 1)" = "$(killed dmesg | tail -n 1)" ] ||
		{ echo "list: the first and the last kill (module loaded, no race) must be recorded: records $rec; kills $kills"; return 1; }
	k=$(seqs list.out | tr '\n' ' ')
	[ "$(seqs list.out | sort -n | uniq | tr '\n' ' ')" = "$k" ] ||
		{ echo "list seqs '$k' not strictly increasing"; return 1; }
	note "$n of $(echo "$kills" | wc -w) kills recorded across 100 reloads (the rest happened while unloaded)"
	check_oracle list.out --some &&
	expect_exit show 0 "oomsnap show --json" &&
	check_oracle show.out --some --full --memcg-max 16384 &&
	check_rmmod &&
	check_dmesg_clean
}

check_claim_refused() {
	expect_exit iomem 0 "cat /proc/iomem" || return 1
	case $(result ram) in
	0|"") echo "insmod into System RAM (no memmap= for it): exit '$(result ram)', expected a refusal"; return 1 ;;
	esac
	grep -q 'oomsnap: \[0x0*1000000, +16777216) is System RAM the kernel uses, not a reserved range: boot with memmap=16384K\$0x0*1000000' "$d/dmesg" ||
		{ echo "no 'is System RAM' refusal naming the range and the memmap= for it in dmesg"; return 1; }
	case $(result beyond) in
	0|"") echo "insmod of 32 MiB over a 16 MiB memmap= range: exit '$(result beyond)', expected a refusal"; return 1 ;;
	esac
	grep -q 'oomsnap: \[0x0*e000000, +33554432) is System RAM the kernel uses' "$d/dmesg" ||
		{ echo "no 'is System RAM' refusal in dmesg for a mem_size past the memmap= range"; return 1; }
	case $(result hole) in
	0|"") echo "insmod of a range from the firmware's reserved memory into the PCI hole: exit '$(result hole)', expected a refusal"; return 1 ;;
	esac
	grep -q 'oomsnap: \[0x0*ffe0000, +1048576) is not wholly inside a reserved range' "$d/dmesg" ||
		{ echo "no 'not wholly inside a reserved range' refusal in dmesg"; return 1; }
	case $(result blank) in
	0|"") echo "insmod of the blank memmap= range without mem_init=1: exit '$(result blank)', expected a refusal"; return 1 ;;
	esac
	grep -q 'oomsnap: \[0x0*e000000, +16777216) holds no oomsnap header: not formatting memory .*add mem_init=1' "$d/dmesg" ||
		{ echo "no 'holds no oomsnap header ... mem_init=1' refusal in dmesg for the blank range"; return 1; }
	expect_exit good 0 "insmod with the memmap= range itself and mem_init=1" &&
	grep -q 'oomsnap: \[0x0*e000000, +16777216) holds no oomsnap header: formatting it (mem_init=1)' "$d/dmesg" ||
		{ echo "no 'formatting it (mem_init=1)' line in dmesg"; return 1; }
	expect_exit again 0 "insmod of the now formatted range without mem_init" &&
	expect_exit rmmod2 0 "rmmod after the second load" &&
	region_loaded dmesg 0 0 &&
	check_rmmod &&
	check_dmesg_clean
}

check_panic_deadlock() {
	local b1 hogpid
	[ "$(tr '\n' ' ' <"$d/phases")" = "1 2 " ] ||
		{ echo "phases run: '$(tr '\n' ' ' <"$d/phases")', expected 1 then 2 (no record of the panic: phase 2 looks like phase 1)"; return 1; }
	expect_exit p1.insmod 0 "phase 1: insmod with the region" &&
	region_loaded p1.dmesg 0 0 &&
	expect_exit p1.panic_on_oom 0 "phase 1: reading vm.panic_on_oom" || return 1
	[ "$(tr -d ' \n' <"$d/p1.panic_on_oom.out")" = 0 ] ||
		{ echo "phase 1: vm.panic_on_oom is '$(cat "$d/p1.panic_on_oom.out")', expected 0"; return 1; }
	expect_exit p1.facts 0 "phase 1: oomsnap facts (hands in panic_on_oom=0)" &&
	expect_exit p1.spawn 0 "phase 1: starting the unkillable sleepers" &&
	check_dmesg_clean p1.dmesg || return 1
	hogpid=$(tr -d '\r' <"$d/serial.log" | sed -n 's/^@@HOGPID \([0-9]*\)$/\1/p' | head -n 1)
	[ -n "$hogpid" ] || { echo "phase 1 did not print the hog's pid (@@HOGPID)"; return 1; }
	# not grep -q: it exits at the match, tr dies of SIGPIPE, pipefail fails
	tr -d '\r' <"$d/serial.log" | grep 'Kernel panic - not syncing: System is deadlocked on memory' >/dev/null ||
		{ echo "no 'Kernel panic - not syncing: System is deadlocked on memory' on the console"; return 1; }
	tr -d '\r' <"$d/serial.log" | grep 'oomsnap: panic inside an OOM call: its snapshot is in the region' >/dev/null ||
		{ echo "the panic notifier did not say it wrote the snapshot"; return 1; }
	b1=$(tr -d ' \n' <"$d/p1.boot_id.out")
	expect_exit p2.insmod 0 "phase 2: insmod with the region" &&
	region_loaded p2.dmesg 1 1 &&
	expect_exit p2.list 0 "phase 2: oomsnap list --json" || return 1
	[ "$(tr -d '\n' <"$d/p2.earlier.out")" = "$b1:1" ] ||
		{ echo "phase 2: records of earlier boots '$(tr '\n' ' ' <"$d/p2.earlier.out")', expected $b1:1"; return 1; }
	expect_exit p2.show 0 "phase 2: oomsnap show --json $b1:1" &&
	expect_json p2.show.out panic true "written at the panic" &&
	expect_json p2.show.out victim null "no process was killable" &&
	expect_json p2.show.out kind global "a global OOM" &&
	expect_json p2.show.out trigger.comm hog "the hog invoked the OOM killer" &&
	expect_json p2.show.out trigger.pid "$hogpid" "the hog's pid (@@HOGPID)" &&
	expect_json p2.show.out trigger.oom_score_adj -1000 "the hog was unkillable" || return 1
	"$jtool" find "$d/p2.show.out" tasks "pid=$hogpid" comm=hog oom_score_adj=-1000 >/dev/null ||
		{ echo "p2.show.out: no task row pid $hogpid comm hog oom_score_adj -1000"; return 1; }
	expect_exit p2.rmmod 0 "phase 2: rmmod" &&
	check_dmesg_clean p2.dmesg
}

check_storm_readers() {
	local kills rec n nrec group bad
	expect_exit insmod 0 "insmod" &&
	expect_exit memcg 0 "creating /test/grp (memory.oom.group=1) and /test/sub" &&
	expect_exit ready 0 "oomsnapd ready" &&
	expect_exit spawn 0 "starting 104 sleepers in /test/grp" &&
	expect_exit group 137 "the hog in /test/grp, OOM-killed with its group" &&
	expect_exit memcg_storm 0 "80 memcg hogs, each OOM-killed" &&
	expect_exit global_storm 0 "20 global hogs, each OOM-killed" || return 1
	note "$(head -n 2 "$d/loops.out" | tr '\n' ' ')"
	expect_exit loops 0 "every list and status call during the storm succeeded" &&
	expect_exit once 0 "oomsnapd --once after the storm" &&
	expect_exit status 0 "oomsnap status --json" &&
	expect_exit victims 0 "dtool victims of every archive file" || return 1
	# the kernel's kills, each pid once (a group kill may print the chosen
	# task twice), in order
	kills=$(kill_lines dmesg | awk '{ print $1 }')
	n=$(echo "$kills" | grep -c .)
	[ "$n" -eq 200 ] || { echo "dmesg: $n tasks killed, expected 200 (100 in the group, 80 memcg, 20 global)"; return 1; }
	# the archived records' victims, in seq order: the same 200, each once
	rec=$(awk '{ for (i = 2; i <= NF; i++) print $i }' "$d/victims.out")
	nrec=$(grep -c . "$d/victims.out")
	bad=$(echo "$rec" | sort | uniq -d | head -n 3 | tr '\n' ' ')
	[ -z "$bad" ] || { echo "archive: victims counted twice: $bad"; return 1; }
	if [ "$rec" != "$kills" ]; then
		echo "archived victims differ from dmesg's kills (< dmesg, > archive):"
		diff <(echo "$kills") <(echo "$rec") | head -n 6
		return 1
	fi
	[ "$nrec" -eq 101 ] || { echo "archive: $nrec records, expected 101 (the group kill one record, 100 single kills)"; return 1; }
	[ "$(awk '{ print $1 }' "$d/victims.out" | tr '\n' ' ')" = "$(seq -s ' ' 1 101) " ] ||
		{ echo "archive seqs '$(awk '{ print $1 }' "$d/victims.out" | tr '\n' ' ')', expected 1..101"; return 1; }
	group=$(awk 'NF > 2 { print NF - 1 }' "$d/victims.out")
	[ "$group" = 100 ] || { echo "archive: the group record has '$group' victims, expected one record of 100"; return 1; }
	expect_json status.out lost.count 0 "no kill failed to be stored" &&
	expect_json status.out unacked 0 "every record archived and acknowledged" &&
	expect_json status.out dropped.overwritten 0 "nothing overwritten" &&
	expect_json status.out dropped.records_unstored 0 "every record stored" &&
	expect_json status.out dropped.victims_unpaired 0 "every victim paired" &&
	expect_json status.out dropped.probe_missed 0 "no out_of_memory() call missed" &&
	expect_json status.out dropped.victims_omitted 0 "every victim listed" &&
	expect_json status.out dropped.rows_dropped 0 "every task table kept" &&
	expect_json status.out dropped.announce_failed 0 "every record announced" || return 1
	note "walks skipped (exiting-task marks past the rate limit): $(jget status.out dropped.walks_skipped)"
	check_rmmod &&
	check_dmesg_clean
}

check_persist_reserve_mem() {
	if ! grep -q OOMSNAP_HAVE_RESERVE_MEM "$out/$ver/src/kmod/.store.o.cmd"; then
		# no reserve_mem in this kernel: a clear refusal, nothing else
		[ "$(tr '\n' ' ' <"$d/phases")" = "1 " ] ||
			{ echo "phases run: '$(tr '\n' ' ' <"$d/phases")', expected 1 only"; return 1; }
		case $(result p1.insmod) in
		""|0) echo "insmod mem_name= on a kernel without reserve_mem: exit '$(result p1.insmod)', expected a failure"; return 1 ;;
		esac
		grep -q "oomsnap: no reserve_mem region named 'oomsnap'; boot with reserve_mem=SIZE:4096:oomsnap (kernel 6.11+), or use mem_address/mem_size with memmap=" "$d/p1.dmesg" ||
			{ echo "p1.dmesg: no message saying reserve_mem is missing and what to use instead"; return 1; }
		check_dmesg_clean p1.dmesg
		return
	fi
	[ "$(tr '\n' ' ' <"$d/phases")" = "1 2 " ] ||
		{ echo "phases run: '$(tr '\n' ' ' <"$d/phases")', expected 1 then 2"; return 1; }
	expect_exit p1.insmod 0 "phase 1: insmod mem_name=oomsnap" &&
	region_loaded p1.dmesg 0 0 &&
	expect_exit p1.iomem 0 "phase 1: an oomsnap range in /proc/iomem" &&
	expect_exit p1.hog 137 "phase 1: the memcg hog, must be OOM-killed" &&
	expect_exit p1.list 0 "phase 1: oomsnap list --json" || return 1
	dmesg=p1.dmesg check_oracle p1.list.out &&
	check_dmesg_clean p1.dmesg &&
	expect_exit p2.insmod 0 "phase 2: insmod mem_name=oomsnap" &&
	region_loaded p2.dmesg 1 1 &&
	expect_json p2.status.out persistent true "a reserve_mem region" &&
	expect_json p2.status.out mem_name oomsnap "found by name" &&
	expect_json p2.status.out earlier_boot 1 "the record of phase 1" &&
	same_json p1.list.out p2.list.out --change earlier_boot=false:true &&
	expect_exit p2.rmmod 0 "phase 2: rmmod oomsnap" &&
	expect_exit p2.iomem_after 0 "phase 2: no oomsnap range in /proc/iomem after rmmod" &&
	check_dmesg_clean p2.dmesg
}

# ---- facts handed in by userspace (kmod/facts.c) -----------------------------
# The module must read no file: no filp_open/kernel_read and kin among the
# kernel functions it links against (the .ko's undefined symbols).
check_reads_no_file() {
	local ko=$kd/src/kmod/oomsnap.ko bad
	[ -f "$ko" ] || { echo "no module at $ko"; return 1; }
	bad=$(nm -u "$ko" | awk '{ print $NF }' |
		grep -E '^(filp_open|file_open_name|file_open_root|kernel_read|kernel_read_file.*|vfs_read|kern_path|filp_close)$' | tr '\n' ' ' || true)
	[ -z "$bad" ] || { echo "the module links against file reading functions: $bad($ko)"; return 1; }
}

# meminfo_kb <meminfo-artefact> <key>: a /proc/meminfo value (kB or count)
meminfo_val() { awk -v k="$2:" '$1 == k { print $2 }' "$d/$1"; }

check_facts() {
	local boot key
	check_reads_no_file || return 1
	case $(result insmod_noid) in
	"") echo "insmod of a region without boot_id= did not run"; return 1 ;;
	0) echo "insmod of a region without boot_id= loaded; it must be refused (earlier-boot records cannot be told apart)"; return 1 ;;
	esac
	grep -q 'a persistent region needs boot_id=' "$d/dmesg" ||
		{ echo "no 'a persistent region needs boot_id=' message for the refused load"; return 1; }
	expect_exit insmod 0 "insmod boot_id=<this boot's>" &&
	expect_json status0.out facts null "no facts handed in yet" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit hog1 137 "the first hog, killed before any hand-in" &&
	expect_exit show1 0 "oomsnap show --json 1" || return 1
	for key in swap_total_kb hugepages_total hugepages_free overcommit_mode panic_on_oom; do
		expect_json show1.out "meminfo.$key" null "not handed in before the first kill: unknown, not 0" || return 1
	done
	expect_json show1.out facts_age_ns null "no facts, no age" &&
	expect_exit facts 0 "oomsnap facts" &&
	expect_exit status1 0 "oomsnap status --json after the hand-in" &&
	expect_exit status1_text 0 "oomsnap status after the hand-in" || return 1
	[ -n "$(jget status1.out facts.age_ns)" ] && [ "$(jget status1.out facts.age_ns)" != null ] ||
		{ echo "status1.out: facts.age_ns missing after 'oomsnap facts'"; return 1; }
	grep -q '^facts: *handed in [0-9]* s ago' "$d/status1_text.out" ||
		{ echo "oomsnap status does not show the facts' age: $(grep '^facts' "$d/status1_text.out")"; return 1; }
	check_killed &&
	expect_exit show2 0 "oomsnap show --json 2" || return 1
	# the kernel's own numbers at the kill, from /proc (set away from defaults)
	[ "$(tr -d '[:space:]' <"$d/overcommit.out")" = 1 ] ||
		{ echo "vm.overcommit_memory is '$(cat "$d/overcommit.out")' in the guest, the scenario set 1"; return 1; }
	[ "$(meminfo_val meminfo.out HugePages_Total)" = 2 ] ||
		{ echo "HugePages_Total is '$(meminfo_val meminfo.out HugePages_Total)', the scenario asked for 2"; return 1; }
	expect_json show2.out meminfo.swap_total_kb "$(meminfo_val meminfo.out SwapTotal)" "SwapTotal of /proc/meminfo" &&
	expect_json show2.out meminfo.hugepages_total "$(meminfo_val meminfo.out HugePages_Total)" "HugePages_Total of /proc/meminfo" &&
	expect_json show2.out meminfo.hugepages_free "$(meminfo_val meminfo.out HugePages_Free)" "HugePages_Free of /proc/meminfo" &&
	expect_json show2.out meminfo.overcommit_mode "$(tr -d '[:space:]' <"$d/overcommit.out")" "/proc/sys/vm/overcommit_memory" &&
	expect_json show2.out meminfo.panic_on_oom "$(tr -d '[:space:]' <"$d/panic.out")" "/proc/sys/vm/panic_on_oom" || return 1
	case $(jget show2.out facts_age_ns) in
	""|null|*[!0-9]*) echo "show2.out: facts_age_ns is '$(jget show2.out facts_age_ns)', expected the age in ns"; return 1 ;;
	esac
	boot=$(tr -d '[:space:]' <"$d/boot_id.out")
	expect_json show2.out system.boot_id "$boot" "/proc/sys/kernel/random/boot_id, given as boot_id=" &&
	expect_json status1.out boot_id "$boot" "the boot id given at load" &&
	# oomsnapd: its hand-in at start (3), then a periodic one (4)
	expect_exit ready 0 "oomsnapd ready, both records archived" &&
	expect_json status_d1.out facts.hugepages_total 3 "handed in by oomsnapd at its start" &&
	expect_json status_d2.out facts.hugepages_total 4 "handed in again by oomsnapd after the change" &&
	expect_exit hog3 137 "the third hog, with oomsnapd running" &&
	expect_exit acked 0 "oomsnapd archived and acknowledged the third record" &&
	expect_exit show3 0 "oomsnap show --json 3 (the archive's)" &&
	expect_json show3.out meminfo.hugepages_total "$(meminfo_val meminfo3.out HugePages_Total)" "HugePages_Total of /proc/meminfo at the third kill" &&
	expect_exit daemon_stop 0 "oomsnapd stops on SIGTERM" &&
	expect_exit rmmod1 0 "rmmod" &&
	expect_exit insmod_vol 0 "insmod without boot_id= and without a region (volatile)" || return 1
	[ "$(jget status_vol.out boot_id)" != "$boot" ] ||
		{ echo "a load without boot_id= claims this boot's id $boot: it must not have read it"; return 1; }
	expect_exit hog_vol 137 "a hog killed with the module loaded without boot_id=" &&
	expect_exit show_vol 0 "oomsnap show --json 1 of that load (the kernel's)" &&
	expect_json show_vol.out boot_id null "a load without boot_id= names no boot in its records" &&
	expect_json show_vol.out system.boot_id null "no boot id string either" &&
	expect_json show_vol.out earlier_boot false "this load's record" || return 1
	check_rmmod &&
	check_dmesg_clean
}

check_record_body() {
	local boot n v
	expect_exit insmod1 0 "insmod with the region" &&
	check_killed &&
	expect_exit show1a 0 "oomsnap show --json 1" || return 1
	boot=$(tr -d '[:space:]' <"$d/boot_id.out")
	# the counter changed below, against the kernel's count of its kills
	v=$(jget show1a.out vmstat.oom_kill)
	[ "$v" = "$(grep -c 'Killed process' "$d/dmesg")" ] ||
		{ echo "show1a.out: vmstat.oom_kill is '$v', the kernel killed $(grep -c 'Killed process' "$d/dmesg")"; return 1; }
	expect_exit rmmod1 0 "rmmod" &&
	expect_exit insmod2 0 "insmod again, same boot" &&
	expect_json list2.out 0.earlier_boot false "reloaded in the same boot: this boot's record" &&
	expect_json list2.out 0.boot_id "$boot" "the boot that wrote it" &&
	expect_exit rmmod2 0 "rmmod" &&
	expect_exit patch 0 "dtool regpatch: a vmstat name changed in the stored record" &&
	expect_exit insmod3 0 "insmod with another boot id" &&
	expect_json list3.out 0.earlier_boot true "loaded with another boot id: a record of an earlier boot" &&
	expect_json list3.out 0.boot_id "$boot" "the boot that wrote it, not the reader's" &&
	expect_exit show1c 0 "oomsnap show --json BOOT:1" || return 1
	# the name as stored in the record, the value the kill had
	expect_json show1c.out vmstat.oom_kilX "$v" "the record's own name for the counter" || return 1
	if jget show1c.out vmstat.oom_kill | grep -q .; then
		echo "show1c.out: vmstat has oom_kill, a name the record does not hold (served from the reading module's table)"
		return 1
	fi
	n=$("$jtool" len "$d/show1a.out" vmstat)
	[ "$("$jtool" len "$d/show1c.out" vmstat)" = "$n" ] ||
		{ echo "show1c.out has $("$jtool" len "$d/show1c.out" vmstat) vmstat counters, the record $n"; return 1; }
	expect_json show1c.out page_size "$(jget show1a.out page_size)" "the writer's page size" || return 1
	# everything else as written (vmstat compared above)
	"$jtool" array --drop vmstat "$d/show1a.out" >"$d/show1a-novm.json" &&
	"$jtool" array --drop vmstat "$d/show1c.out" >"$d/show1c-novm.json" &&
	same_json show1a-novm.json show1c-novm.json --change earlier_boot=false:true &&
	check_rmmod &&
	check_dmesg_clean
}

# ---- oomsnapd tests --------------------------------------------------------
# note <text>: a line for the reader, printed under the verdict (timings:
# never a verdict of their own).
note() { echo "$*" >>"$d/notes"; }

# An archive file name: <YYYYmmddTHHMMSS.nnnnnnnnnZ>_<boot id>_<seq>.json
arch_re='^([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})\.([0-9]{9})Z_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([1-9][0-9]*)\.json$'
# arch_parse <name>: set a_ns (the kill time, ns since the epoch), a_time
# (that time as the JSON "time": RFC 3339, microseconds), a_boot, a_seq;
# false when <name> is not an archive name.
arch_parse() {
	[[ $1 =~ $arch_re ]] || return 1
	local r=("${BASH_REMATCH[@]}") s
	s=$(date -u -d "${r[1]}-${r[2]}-${r[3]} ${r[4]}:${r[5]}:${r[6]}" +%s) || return 1
	a_ns=$((s * 1000000000 + 10#${r[7]}))
	a_time="${r[1]}-${r[2]}-${r[3]}T${r[4]}:${r[5]}:${r[6]}.${r[7]:0:6}Z"
	a_boot=${r[8]}
	a_seq=${r[9]}
}
# arch_names <prefix>: the archive files (*.json, no dot file) of an
# emit_archive listing; arch_tmps <prefix>: the temporary files (.tmp.*).
arch_names() { awk '$3 !~ /^\./ && $3 ~ /\.json$/ { print $3 }' "$d/$1.stat"; }
arch_tmps() { awk '$3 ~ /^\.tmp\./ { print $3 }' "$d/$1.stat"; }
arch_mode() { awk -v n="$2" '$3 == n { print $1 }' "$d/$1.stat"; }
# arch_file <prefix> <name>: check one archive file: it was emitted, is
# mode 0600, and its name says its record's time, boot id and seq.
arch_file() {
	local f=$1.$2 m
	[ -s "$d/$f" ] || { echo "archive file $2 listed but not emitted ($f)"; return 1; }
	arch_parse "$2" || { echo "archive file name '$2' is not <YYYYmmddTHHMMSS.nnnnnnnnnZ>_<boot id>_<seq>.json"; return 1; }
	m=$(arch_mode "$1" "$2")
	[ "$m" = 600 ] || { echo "archive file $2 has mode 0$m, expected 0600"; return 1; }
	expect_json "$f" time "$a_time" "the time of its name, to the microsecond" &&
	expect_json "$f" boot_id "$a_boot" "the boot id of its name" &&
	expect_json "$f" seq "$a_seq" "the seq of its name"
}
# aw <name> <key>: a value of dtool archwait's timing line
aw() { awk -v k="$2" '$1 == "archwait:" && $2 == "fork_ns" { for (i = 2; i < NF; i++) if ($i == k) print $(i + 1) }' "$d/$1.out"; }
aw_child() { awk '$1 == "archwait:" && $2 == "child" { print $5 }' "$d/$1.out"; }
# archived_in_time <archwait-name> <what>: the new file's record was
# killed while the hog ran (its time is between the hog's fork and its
# reaping, clocks of the guest), and the file appeared within 1 s of that
# kill time.  Sets aw_name.
archived_in_time() {
	local fork reap seen delay after
	expect_exit "$1" 0 "$2 (dtool archwait: a new archive file within 5 s of the reaping)" || return 1
	[ "$(aw_child "$1")" = 137 ] || { echo "$1: the hog exited $(aw_child "$1"), expected 137 (OOM-killed)"; return 1; }
	aw_name=$(aw "$1" file)
	fork=$(aw "$1" fork_ns) reap=$(aw "$1" reap_ns) seen=$(aw "$1" seen_ns)
	arch_parse "$aw_name" || { echo "$1: new file '$aw_name' is not an archive file name"; return 1; }
	[[ "$fork $reap $seen" =~ ^[0-9]+\ [0-9]+\ [0-9]+$ ]] ||
		{ echo "$1: archwait's times are not numbers: '$fork' '$reap' '$seen'"; return 1; }
	if [ "$a_ns" -lt "$fork" ] || [ "$a_ns" -gt "$reap" ]; then
		echo "$1: the kill time of $aw_name is not between the hog's fork ($fork) and its reaping ($reap)"
		return 1
	fi
	delay=$(((seen - a_ns) / 1000000)) after=$(((seen - reap) / 1000000))
	note "$1: archive file seen $delay ms after the kill (the record's time), $after ms after the hog was reaped"
	[ "$delay" -le 1000 ] || { echo "$1: the archive file appeared $delay ms after the kill, more than 1 s"; return 1; }
}

check_daemon_archive() {
	local b n f1 f2
	expect_exit insmod 0 "insmod /oomsnap.ko" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit hog1 137 "the first hog (no daemon yet), must be OOM-killed" &&
	expect_exit show1 0 "oomsnap show --json 1 with an empty --state-dir (the kernel's record)" &&
	expect_exit ready 0 "oomsnapd reaching state ready, the first record archived and acknowledged" || return 1
	archived_in_time kill "the second hog, with the daemon ready" || return 1
	n=$(grep -c 'Memory cgroup out of memory: Killed process' "$d/dmesg" || true)
	[ "$n" -eq 2 ] || { echo "dmesg has $n memcg OOM kills, expected 2"; return 1; }
	n=$(arch_names arch | grep -c . || true)
	[ "$n" -eq 2 ] || { echo "the archive holds $n files, expected 2: $(arch_names arch | tr '\n' ' ')"; return 1; }
	[ -z "$(arch_tmps arch)" ] || { echo "temporary files left in the archive: $(arch_tmps arch | tr '\n' ' ')"; return 1; }
	read -r f1 f2 <<<"$(arch_names arch | tr '\n' ' ')"
	[ "$f2" = "$aw_name" ] || { echo "the archive's newest file is $f2, archwait saw $aw_name"; return 1; }
	b=$(tr -d ' \n' <"$d/boot_id.out")
	arch_file arch "$f1" || return 1
	[ "$a_boot:$a_seq" = "$b:1" ] || { echo "archive file $f1 is record $a_boot:$a_seq, expected $b:1 (the guest's boot id)"; return 1; }
	arch_file arch "$f2" || return 1
	[ "$a_boot:$a_seq" = "$b:2" ] || { echo "archive file $f2 is record $a_boot:$a_seq, expected $b:2"; return 1; }
	# each file is its kill as the kernel reported it
	"$jtool" array "$d/arch.$f1" "$d/arch.$f2" >"$d/arch-all.json" || { echo "cannot read the archive files as JSON"; return 1; }
	check_oracle arch-all.json --full --memcg-max 32768 || return 1
	# the file of record 1 is the kernel's record, taken before the ACK
	same_json show1.out "arch.$f1" || return 1
	expect_exit acked 0 "oomsnapd's status: records_acked 2" &&
	expect_exit status 0 "oomsnap status --json" &&
	expect_json status.out unacked 0 "the daemon acknowledged both records" &&
	expect_json status.out lost.count 0 "nothing lost" &&
	expect_json status.out daemon.state ready "the daemon's runtime state, as status shows it" &&
	expect_json status.out archive.files 2 "the guest's listing of the folder" &&
	expect_json status.out archive.bytes "$(awk '$3 !~ /^\./ { s += $2 } END { print s }' "$d/arch.stat")" "the sizes in the guest's listing" || return 1
	note "oomsnapd: ready (with the backlog of 1 archived) after $(sed -n 's/^waitjson: matched after \([0-9]*\) ms$/\1/p' "$d/ready.out") ms; SIGTERM: exit $(result daemon_stop)"
	check_rmmod &&
	check_dmesg_clean
}

check_daemon_storm() {
	local v0 v1 dd k line cycles sigk exited b f want i pid got names=() paths=() bad
	expect_exit insmod 0 "insmod /oomsnap.ko" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit storm 0 "38 memcg hogs, each OOM-killed" &&
	expect_exit respawn 0 "dtool respawn: oomsnapd SIGKILLed and restarted until the storm was over" &&
	expect_exit after 0 "2 more memcg hogs with no daemon, each OOM-killed" &&
	expect_exit once 0 "oomsnapd --once after the storm" &&
	expect_exit status 0 "oomsnap status --json" || return 1
	v0=$(awk '{ print $2 }' "$d/vmstat0.out")
	v1=$(awk '{ print $2 }' "$d/vmstat1.out")
	dd=$((v1 - v0))
	k=$(killed dmesg | grep -c . || true)
	[ "$dd" -eq 40 ] || { echo "/proc/vmstat oom_kill grew by $dd, expected 40"; return 1; }
	[ "$k" -eq 40 ] || { echo "dmesg has $k 'Killed process' lines, expected 40"; return 1; }
	line=$(grep '^respawn: cycles ' "$d/respawn.out" || true)
	read -r _ _ cycles _ sigk _ exited _ <<<"$line"
	[ -n "$cycles" ] || { echo "respawn.out has no 'respawn: cycles' line"; return 1; }
	[ "$sigk" -ge 100 ] || { echo "oomsnapd was SIGKILLed $sigk times, expected at least 100 ($line)"; return 1; }
	[ "$exited" -eq 0 ] ||
		{ echo "oomsnapd exited by itself $exited times during the storm: $(grep 'exited by itself' "$d/respawn.out" | head -n 3 | tr '\n' '|')"; return 1; }
	# --once had the last two at least
	k=$(jget status0.out unacked)
	[[ $k =~ ^([2-9]|[1-9][0-9]+)$ ]] ||
		{ echo "status0.out: unacked '$k' before oomsnapd --once, expected at least the 2 kills with no daemon"; return 1; }
	note "$line; $k record(s) left for oomsnapd --once ($(grep '^real' "$d/once.err" | head -n 1 | tr '\t' ' '))"
	bad=$(sed -n 's/.*archived record \([^ ]*\) as .*/\1/p' "$d/oomsnapd.log" 2>/dev/null | sort | uniq -d | tr '\n' ' ')
	note "oomsnapd log: $(grep -c 'archived record ' "$d/oomsnapd.log" 2>/dev/null || echo 0) archive writes during the storm; records written twice (SIGKILL between the write and the ACK): ${bad:-none}"
	expect_json status.out lost.count 0 "40 kills fit in the store" &&
	expect_json status.out unacked 0 "every record archived and acknowledged" &&
	expect_json status.out archive.files 40 "one file per kill" || return 1
	[ -z "$(arch_tmps arch)" ] || { echo "temporary files left after the final oomsnapd --once: $(arch_tmps arch | tr '\n' ' ')"; return 1; }
	b=$(tr -d ' \n' <"$d/boot_id.out")
	# one file per seq, 1..40, each named for its content
	: >"$d/arch-seqs.txt"
	for f in $(arch_names arch); do
		arch_file arch "$f" || return 1
		[ "$a_boot" = "$b" ] || { echo "archive file $f: boot id $a_boot, the guest's is $b"; return 1; }
		echo "$a_seq $f" >>"$d/arch-seqs.txt"
	done
	bad=$(awk '{ print $1 }' "$d/arch-seqs.txt" | sort -n | uniq -d | tr '\n' ' ')
	[ -z "$bad" ] || { echo "more than one archive file for seq(s) $bad"; return 1; }
	got=$(awk '{ print $1 }' "$d/arch-seqs.txt" | sort -n | tr '\n' ' ')
	want=$(seq 1 40 | tr '\n' ' ')
	[ "$got" = "$want" ] || { echo "archive seqs '$got', expected 1..40"; return 1; }
	# in seq order, the victims are the kills in dmesg order
	mapfile -t names < <(sort -n "$d/arch-seqs.txt" | awk '{ print $2 }')
	i=0
	for pid in $(killed dmesg); do
		got=$(jget "arch.${names[i]}" victim.pid)
		[ "$got" = "$pid" ] || { echo "archive seq $((i + 1)) (${names[i]}): victim pid $got, dmesg's kill $((i + 1)) killed $pid"; return 1; }
		i=$((i + 1))
	done
	# the kernel prints 10 reports per 5 s: the others' task dumps are not
	# in the log, so the tables are left out; each victim is checked
	for f in "${names[@]}"; do paths+=("$d/arch.$f"); done
	"$jtool" array --drop tasks "${paths[@]}" >"$d/arch-all.json" ||
		{ echo "cannot read the archive files as JSON"; return 1; }
	check_oracle arch-all.json &&
	check_rmmod &&
	check_dmesg_clean
}

# errlines <pattern>: lines of the daemon's output matching an error
errlines() { cat "$d/oomsnapd.err" "$d/oomsnapd.out" 2>/dev/null | grep -ciE "$1" || true; }

check_daemon_full() {
	local avail n e28 e30 f1 f2
	expect_exit insmod 0 "insmod /oomsnap.ko" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit mnt 0 "a 256 KiB tmpfs on /mnt/state/records" &&
	expect_exit ready 0 "oomsnapd --state-dir /mnt/state reaching state ready" &&
	expect_exit fill 0 "filling /mnt/state/records" || return 1
	avail=$(awk '$NF == "/mnt/state/records" { print $4 }' "$d/fill.out")
	[ "$avail" = 0 ] || { echo "after the filler /mnt/state/records has '$avail' KiB available, expected 0: $(tr '\n' '|' <"$d/fill.out")"; return 1; }
	# ENOSPC
	expect_exit kill1 137 "the first hog, must be OOM-killed" &&
	expect_exit failing1 0 "oomsnapd's state: failing, archive_error.errno 28 (ENOSPC)" &&
	expect_json rstat1.out state failing "4 s after the first failure" &&
	expect_json rstat1.out archive_error.errno 28 "ENOSPC" &&
	expect_json rstat1.out records_acked 0 "nothing could be archived" &&
	expect_exit status1 0 "oomsnap status --json, disk full" &&
	expect_json status1.out unacked 1 "the record is kept in the kernel" &&
	expect_json status1.out daemon.state failing "the daemon's state, as status shows it" &&
	expect_json status1.out daemon.archive_error.errno 28 "ENOSPC, as status shows it" &&
	expect_exit status1_text 0 "oomsnap status, disk full" || return 1
	grep -qiE 'No space left on device|ENOSPC' "$d/status1_text.out" ||
		{ echo "oomsnap status (text) does not say 'No space left on device': $(head -n 30 "$d/status1_text.out" | tr '\n' '|')"; return 1; }
	n=$(arch_names full | grep -c . || true)
	[ "$n" -eq 0 ] || { echo "disk full, yet the archive holds $n file(s): $(arch_names full | tr '\n' ' ')"; return 1; }
	[ -z "$(arch_tmps full)" ] || note "disk full: temporary files in the archive: $(arch_tmps full | tr '\n' ' ')"
	expect_exit recover1 0 "removing the filler: a new archive file within 10 s" || return 1
	note "ENOSPC: archived $(sed -n 's/^archwait: file seen \(-*[0-9]*\) ms after.*/\1/p' "$d/recover1.out") ms after the filler was removed"
	expect_exit ready1 0 "oomsnapd's state: ready, records_acked 1, archive_error null" &&
	expect_json status2.out unacked 0 "acknowledged once archived" || return 1
	# EROFS
	expect_exit ro 0 "mount -o remount,ro /mnt/state/records" &&
	expect_exit kill2 137 "the second hog, must be OOM-killed" &&
	expect_exit failing2 0 "oomsnapd's state: failing, archive_error.errno 30 (EROFS)" &&
	expect_json rstat3.out state failing "4 s after the failure" &&
	expect_json rstat3.out archive_error.errno 30 "EROFS" &&
	expect_json rstat3.out records_acked 1 "only the first record" &&
	expect_json status3.out unacked 1 "the second record is kept in the kernel" &&
	expect_json status3.out daemon.archive_error.errno 30 "EROFS, as status shows it" &&
	expect_exit status3_text 0 "oomsnap status, read-only" || return 1
	grep -qiE 'Read-only file system|EROFS' "$d/status3_text.out" ||
		{ echo "oomsnap status (text) does not say 'Read-only file system': $(head -n 30 "$d/status3_text.out" | tr '\n' '|')"; return 1; }
	n=$(arch_names ro | grep -c . || true)
	[ "$n" -eq 1 ] || { echo "read-only, yet the archive holds $n file(s), expected the first one only: $(arch_names ro | tr '\n' ' ')"; return 1; }
	expect_exit recover2 0 "remount rw: a new archive file within 10 s" || return 1
	note "EROFS: archived $(sed -n 's/^archwait: file seen \(-*[0-9]*\) ms after.*/\1/p' "$d/recover2.out") ms after the remount rw"
	expect_exit ready2 0 "oomsnapd's state: ready, records_acked 2, archive_error null" &&
	expect_json status4.out unacked 0 "acknowledged once archived" || return 1
	# each record archived once, as the kernel reported it
	n=$(arch_names arch | grep -c . || true)
	[ "$n" -eq 2 ] || { echo "the archive holds $n files at the end, expected 2: $(arch_names arch | tr '\n' ' ')"; return 1; }
	[ -z "$(arch_tmps arch)" ] || { echo "temporary files left in the archive: $(arch_tmps arch | tr '\n' ' ')"; return 1; }
	read -r f1 f2 <<<"$(arch_names arch | tr '\n' ' ')"
	arch_file arch "$f1" || return 1
	[ "$a_seq" = 1 ] || { echo "first archive file $f1: seq $a_seq, expected 1"; return 1; }
	arch_file arch "$f2" || return 1
	[ "$a_seq" = 2 ] || { echo "second archive file $f2: seq $a_seq, expected 2"; return 1; }
	expect_json rstat1.out archive_error.record "$f1" "the file that could not be written" &&
	expect_json rstat3.out archive_error.record "$f2" "the file that could not be written" || return 1
	"$jtool" array "$d/arch.$f1" "$d/arch.$f2" >"$d/arch-all.json" || { echo "cannot read the archive files as JSON"; return 1; }
	check_oracle arch-all.json --full --memcg-max 32768 || return 1
	# the retries (every second, 4 s and more each time) are not logged each
	e28=$(errlines 'No space left on device|ENOSPC')
	e30=$(errlines 'Read-only file system|EROFS')
	note "oomsnapd log: $e28 line(s) about ENOSPC, $e30 about EROFS"
	[[ $e28 =~ ^[12]$ ]] ||
		{ echo "oomsnapd logged $e28 lines about ENOSPC in about 5 s of retries every second, expected 1 or 2"; return 1; }
	[[ $e30 =~ ^[12]$ ]] ||
		{ echo "oomsnapd logged $e30 lines about EROFS in about 5 s of retries every second, expected 1 or 2"; return 1; }
	check_rmmod &&
	check_dmesg_clean
}

# row_source <kernel-refs> <archive-refs> <ref>: the source a list row
# must have, from where the record is ("kernel", "archive", both)
row_source() {
	local k=0 a=0
	grep -qx "$3" <<<"$1" && k=1
	grep -qx "$3" <<<"$2" && a=1
	case $k$a in
	11) echo kernel+archive ;;
	10) echo kernel ;;
	01) echo archive ;;
	*) echo none ;;
	esac
}

# refs <list-name>: "boot_id:seq" of every row of a list --json artefact
refs() {
	local n i
	n=$("$jtool" len "$d/$1" . 2>/dev/null) || return 0
	for ((i = 0; i < n; i++)); do echo "$(jget "$1" "$i.boot_id"):$(jget "$1" "$i.seq")"; done
}
# arch_refs <prefix>: "boot:seq" of every archive file of a listing
arch_refs() {
	local f
	for f in $(arch_names "$1"); do
		arch_file "$1" "$f" >/dev/null && echo "$a_boot:$a_seq"
	done
}
sorted() { tr ' ' '\n' | grep . | sort | tr '\n' ' '; }
# list_sources <list> <kernel-list> <archive-prefix> <ref...>: the guest's
# "list --json" (<list>.out) shows each <ref> exactly once, nothing else,
# each with the source that says where it is: in the kernel (<kernel-list>:
# list --json with an empty archive), in the archive (the guest's listing of
# the folder), or both
list_sources() {
	local l=$1 kl=$2 ap=$3 kref aref ref want i n
	shift 3
	expect_exit "$l" 0 "oomsnap list --json" &&
	expect_exit "$kl" 0 "oomsnap list --json with an empty --state-dir (the kernel's records)" || return 1
	[ "$(refs "$l.out" | sorted)" = "$(echo "$@" | sorted)" ] ||
		{ echo "$l shows rows '$(refs "$l.out" | tr '\n' ' ')', expected '$*' once each"; return 1; }
	kref=$(refs "$kl.out")
	aref=$(arch_refs "$ap")
	n=$("$jtool" len "$d/$l.out" .)
	for ((i = 0; i < n; i++)); do
		ref=$(jget "$l.out" "$i.boot_id"):$(jget "$l.out" "$i.seq")
		want=$(row_source "$kref" "$aref" "$ref")
		expect_json "$l.out" "$i.source" "$want" "record $ref: the kernel holds '$(echo "$kref" | tr '\n' ' ')', the archive '$(echo "$aref" | tr '\n' ' ')'" || return 1
	done
}

check_daemon_reboot() {
	local b1 b2 p1 p2 n i ref f1
	[ "$(tr '\n' ' ' <"$d/phases")" = "1 2 " ] ||
		{ echo "phases run: '$(tr '\n' ' ' <"$d/phases")', expected 1 then 2"; return 1; }
	expect_exit p1.insmod 0 "phase 1: insmod with the region" &&
	region_loaded p1.dmesg 0 0 &&
	expect_exit p1.memcg 0 "phase 1: creating cgroup /test/sub" &&
	expect_exit p1.hog 137 "phase 1: the memcg hog, must be OOM-killed" &&
	expect_exit p1.list 0 "phase 1: oomsnap list --json" || return 1
	dmesg=p1.dmesg check_oracle p1.list.out &&
	check_dmesg_clean p1.dmesg || return 1
	b1=$(tr -d ' \n' <"$d/p1.boot_id.out")
	b2=$(tr -d ' \n' <"$d/p2.boot_id.out")
	if [ -z "$b1" ] || [ -z "$b2" ] || [ "$b1" = "$b2" ]; then
		echo "boot ids: phase 1 '$b1', phase 2 '$b2': expected two different ones"
		return 1
	fi
	p1=$(killed p1.dmesg)
	# phase 2, before the daemon: the newest record of any boot
	expect_exit p2.insmod 0 "phase 2: insmod with the region" &&
	region_loaded p2.dmesg 1 1 &&
	expect_exit p2.show 0 "phase 2: oomsnap show --json (no SEQ)" &&
	expect_json p2.show.out earlier_boot true "the record of phase 1" &&
	expect_json p2.show.out boot_id "$b1" "phase 1's boot id" &&
	expect_json p2.show.out seq 1 "phase 1's only record" &&
	expect_json p2.show.out victim.pid "$p1" "phase 1's kill" || return 1
	dmesg=p1.dmesg check_oracle p2.show.out --full --memcg-max 32768 || return 1
	expect_exit p2.list0 0 "phase 2: oomsnap list --json before the daemon" || return 1
	[ "$(refs p2.list0.out | tr '\n' ' ')" = "$b1:1 " ] ||
		{ echo "phase 2: list before the daemon shows '$(refs p2.list0.out | tr '\n' ' ')', expected phase 1's $b1:1"; return 1; }
	expect_json p2.list0.out 0.source kernel "not archived yet" &&
	expect_json p2.list0.out 0.victim.pid "$p1" "phase 1's kill" || return 1
	# the daemon stopped between the write and the ACK, then SIGKILLed
	expect_exit p2.stopped 0 "phase 2: oomsnapd with stopafter.so stopping after its first archive file" || return 1
	[ "$(arch_refs p2.arch1 | tr '\n' ' ')" = "$b1:1 " ] ||
		{ echo "phase 2: stopped after its first write, the archive holds '$(arch_refs p2.arch1 | tr '\n' ' ')', expected $b1:1"; return 1; }
	f1=$(arch_names p2.arch1)
	expect_json p2.status1.out unacked 1 "written, not acknowledged: the module keeps it" || return 1
	list_sources p2.list1 p2.klist1 p2.arch1 "$b1:1" || return 1
	expect_json p2.list1.out 0.source kernel+archive "archived, still held by the kernel" || return 1
	# the daemon again: the same file, then the ACK; the kill of this boot
	expect_exit p2.memcg 0 "phase 2: creating cgroup /test/sub" &&
	expect_exit p2.ready 0 "phase 2: oomsnapd ready, the earlier boot's record acknowledged" || return 1
	archived_in_time p2.kill "phase 2: one memcg hog" || return 1
	p2=$(killed p2.dmesg)
	[ "$(echo "$p2" | grep -c .)" -eq 1 ] || { echo "p2.dmesg: $(echo "$p2" | grep -c .) kills, expected 1"; return 1; }
	expect_exit p2.acked 0 "phase 2: oomsnapd's status: records_acked 2" || return 1
	[ -z "$(arch_tmps p2.arch)" ] || { echo "temporary files left in the archive: $(arch_tmps p2.arch | tr '\n' ' ')"; return 1; }
	[ "$(arch_refs p2.arch | sorted)" = "$(echo "$b1:1 $b2:1" | sorted)" ] ||
		{ echo "the archive holds '$(arch_refs p2.arch | tr '\n' ' ')' (files: $(arch_names p2.arch | tr '\n' ' ')), expected $b1:1 and $b2:1 once each"; return 1; }
	arch_names p2.arch | grep -x "$f1" >/dev/null ||
		{ echo "the record written before the SIGKILL was $f1; after the restart the archive has $(arch_names p2.arch | tr '\n' ' ')"; return 1; }
	same_json "p2.arch1.$f1" "p2.arch.$f1" || return 1
	list_sources p2.list p2.klist p2.arch "$b1:1" "$b2:1" || return 1
	n=$("$jtool" len "$d/p2.list.out" .)
	for ((i = 0; i < n; i++)); do
		ref=$(jget p2.list.out "$i.boot_id"):$(jget p2.list.out "$i.seq")
		"$jtool" get "$d/p2.list.out" "$i" >"$d/p2.list.$i.json"
		if [ "$ref" = "$b1:1" ]; then
			expect_json p2.list.out "$i.earlier_boot" true "phase 1's record" &&
			dmesg=p1.dmesg check_oracle "p2.list.$i.json" || return 1
		else
			expect_json p2.list.out "$i.earlier_boot" false "this boot's record" &&
			dmesg=p2.dmesg check_oracle "p2.list.$i.json" || return 1
		fi
	done
	note "phase 2: sources before the daemon: $(jget p2.list0.out 0.source); after a SIGKILL between the write and the ACK: $(jget p2.list1.out 0.source); at the end: $(jget p2.list.out 0.source), $(jget p2.list.out 1.source)"
	expect_exit p2.status 0 "phase 2: oomsnap status --json" &&
	expect_json p2.status.out unacked 0 "both acknowledged by the daemon" &&
	check_rmmod_p2 &&
	check_dmesg_clean p2.dmesg
}
check_rmmod_p2() { expect_exit p2.rmmod 0 "phase 2: rmmod oomsnap"; }

check_smoke() {	# infrastructure only: the VM boots and runs a command
	expect_exit uname 0 "uname -a in the guest" &&
	check_dmesg_clean
}

# ---- netlink: hostile input and who may read ------------------------------
# kills_list <first> <last>: the pids of "Killed process" lines first..last
kills_list() { killed dmesg | sed -n "$1,$2p" | tr '\n' ' '; }
# expect_records <name> <seqs> <pids> <what>: a list --json artefact holds
# exactly these records
expect_records() {
	local s v
	s=$(seqs "$1" | tr '\n' ' ')
	v=$(victims "$1" | tr '\n' ' ')
	[ "$s" = "$2" ] || { echo "$1 ($4): seqs '$s', expected '$2'"; return 1; }
	[ "$v" = "$3" ] || { echo "$1 ($4): victims '$v', expected '$3' (dmesg)"; return 1; }
}

check_netlink_fuzz() {
	local k sum left
	expect_exit insmod 0 "insmod /oomsnap.ko" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit kills 0 "100 memcg hogs, each OOM-killed" || return 1
	k=$(killed dmesg | grep -c .)
	[ "$k" -eq 100 ] || { echo "dmesg has $k 'Killed process' lines, expected 100"; return 1; }
	expect_exit list0 0 "oomsnap list --json after the kills" &&
	expect_records list0.out "$(seq -s ' ' 1 100) " "$(kills_list 1 100)" "before any ACK" &&
	check_oracle list0.out --some || return 1
	# the raw interrupted dump: nlfuzz acknowledges seq 100 half-way
	expect_exit dumpintr 0 "nlfuzz dumpintr (ACK of seq 100 during a LIST dump)" ||
		{ echo "$(grep -E '^\[FAIL\]|inconclusive' "$d/dumpintr.out" | head -n 3 | tr '\n' ' ')"; return 1; }
	grep -q 'dumpintr: ok' "$d/dumpintr.out" || { echo "nlfuzz dumpintr did not say ok"; return 1; }
	grep -q 'dumpintr: acknowledged seq 100 ' "$d/dumpintr.out" ||
		{ echo "nlfuzz dumpintr did not acknowledge seq 100: $(grep acknowledged "$d/dumpintr.out")"; return 1; }
	# the CLI's list, seqs 1 and 99 acknowledged while its dump was half-way:
	# what it prints is the list after both ACKs (a dump that mixed before
	# and after would still hold seq 1)
	expect_exit cli_intr 0 "oomsnap list --json with ACKs during its dump" || return 1
	grep -q "nlhook: after the first datagram of a dump, ran '.*': status 0" "$d/cli_intr.err" ||
		{ echo "the ACKs in the middle of the CLI's dump did not run or failed: $(tr '\n' ' ' <"$d/cli_intr.err")"; return 1; }
	left="$(seq -s ' ' 2 98) "
	expect_records cli_intr.out "$left" "$(kills_list 2 98)" "seq 100 acked before, 1 and 99 during the dump" &&
	expect_exit list_after_intr 0 "oomsnap list --json after it" &&
	expect_records list_after_intr.out "$left" "$(kills_list 2 98)" "after the ACKs" || return 1
	# the fuzzing
	sum=$(grep '^nlfuzz: seed' "$d/fuzz.out" | head -n 1)
	note "$sum"
	note "$(grep 'messages:.*failure' "$d/fuzz.out")"
	expect_exit fuzz 0 "nlfuzz fuzz ($sum)" ||
		{ echo "$(grep -A3 '^\[FAIL\]' "$d/fuzz.out" | head -n 12 | tr '\n' '|')"; return 1; }
	grep -q '^nlfuzz: 100000 messages: .* 0 failure(s)$' "$d/fuzz.out" ||
		{ echo "nlfuzz did not report 100000 messages without failure"; return 1; }
	expect_exit list 0 "oomsnap list --json after the fuzzing" &&
	expect_records list.out "$left" "$(kills_list 2 98)" "after the fuzzing" &&
	check_oracle list.out --some &&
	expect_exit status 0 "oomsnap status --json" &&
	expect_json status.out records 97 "100 kills, 3 acknowledged" &&
	check_rmmod &&
	check_dmesg_clean &&
	check_dmesg_clean serial.log
}

check_boundaries() {
	local n
	expect_exit insmod 0 "insmod /oomsnap.ko" &&
	expect_exit memcg 0 "creating cgroup /test/sub" &&
	expect_exit kills 0 "one memcg hog, OOM-killed" &&
	expect_exit root_list 0 "oomsnap list --json as root" &&
	expect_records root_list.out "1 " "$(kills_list 1 1)" "root reads the record" || return 1
	for n in unpriv_list unpriv_show unpriv_status userns_list userns_show userns_ack; do
		expect_exit $n 77 "$n: refused by the kernel, exit 77 (permission)" || return 1
		grep -q "permission denied: the kernel's OOM records need CAP_NET_ADMIN in the initial user namespace" "$d/$n.err" ||
			{ echo "$n: stderr does not explain the permission: '$(tr '\n' ' ' <"$d/$n.err")'"; return 1; }
		# status goes on with the daemon's and the archive's state
		[ $n = unpriv_status ] || [ ! -s "$d/$n.out" ] ||
			{ echo "$n printed on stdout: '$(head -c 200 "$d/$n.out")'"; return 1; }
	done
	expect_exit userns_id 0 "id -u in unshare -Ur" || return 1
	[ "$(cat "$d/userns_id.out")" = 0 ] || { echo "unshare -Ur: id -u is '$(cat "$d/userns_id.out")', expected 0 (root of the user namespace)"; return 1; }
	expect_exit userns_events 2 "joining the records group from unshare -Ur" &&
	grep -q 'joining the records group: Operation not permitted' "$d/userns_events.err" ||
		{ echo "userns_events: '$(tr '\n' ' ' <"$d/userns_events.err")', expected EPERM joining the group"; return 1; }
	for n in netns_list netns_status; do
		expect_exit $n 2 "$n: the family is not in a new network namespace" || return 1
		grep -q "not visible from this network namespace" "$d/$n.err" ||
			{ echo "$n: stderr does not say the family is invisible here: '$(tr '\n' ' ' <"$d/$n.err")'"; return 1; }
	done
	expect_exit root_list2 0 "oomsnap list --json as root at the end" &&
	expect_records root_list2.out "1 " "$(kills_list 1 1)" "nothing was acknowledged from outside" &&
	check_rmmod &&
	check_dmesg_clean
}

# ---- VM options of a scenario ----------------------------------------------
# A scenario may start with header lines that set up its VM:
#   # vm-mem: MiB           guest RAM (default 256; 512 on a debug kernel)
#   # vm-boots: N           warm reboots allowed: N boots in one QEMU process
#   # vm-timeout: S         seconds the guest may run (default 240; five
#                           times that on a debug kernel: boot.sh)
#   # vm-append: ARGS       more kernel command-line arguments (a region:
#                           memmap=16M$0x0e000000)
#   # vm-ram: random-region RAM backed by a file whose memmap= range is
#                           filled with random bytes before the boot
# vm_setup <scenario>: set vm_mem, vm_boots, vm_timeout, vm_append, vm_mem_file (and
# vm_region_addr, vm_region_size: the memmap= range, bytes) and prepare the
# RAM file.
hdr() { sed -n "s/^# $1: *//p" "$2" | head -n 1; }
vm_setup() {
	local f=$1 ram
	vm_mem=$(hdr vm-mem "$f")
	# a debug kernel needs more for the same room in user space (boot.sh)
	case $ver in
	*-debug | *-debug-rt) vm_mem=${vm_mem:-512} ;;
	*) vm_mem=${vm_mem:-256} ;;
	esac
	vm_boots=$(hdr vm-boots "$f")
	vm_boots=${vm_boots:-1}
	vm_append=$(hdr vm-append "$f")
	vm_timeout=$(hdr vm-timeout "$f")	# empty: boot.sh's default
	vm_mem_file=""
	vm_region_addr="" vm_region_size=""
	if [[ $vm_append =~ memmap=([0-9]+)M\$(0x[0-9a-fA-F]+) ]]; then
		vm_region_size=$((BASH_REMATCH[1] << 20))
		vm_region_addr=$((BASH_REMATCH[2]))
	fi
	ram=$(hdr vm-ram "$f")
	case $ram in
	"") ;;
	random-region)
		[ -n "$vm_region_addr" ] || { echo "vm-ram: random-region needs a memmap= in vm-append"; return 1; }
		vm_mem_file=$tmp/ram-$t.img
		rm -f "$vm_mem_file"
		# the random bytes, and a copy of their start (to tell what the
		# guest changed)
		if ! truncate -s "${vm_mem}M" "$vm_mem_file" ||
			! dd if=/dev/urandom of="$vm_mem_file" bs=1M seek=$((vm_region_addr >> 20)) \
				count=$((vm_region_size >> 20)) conv=notrunc status=none ||
			! dd if="$vm_mem_file" of="$d/region-before.bin" bs=64K skip=$((vm_region_addr >> 16)) \
				count=1 status=none; then
			echo "cannot prepare the guest RAM file $vm_mem_file"
			return 1
		fi
		;;
	*) echo "unknown vm-ram: $ram"; return 1 ;;
	esac
}

# vm_cleanup: keep the region's first 64 KiB of the RAM file as
# region-after.bin, delete the file.
vm_cleanup() {
	[ -n "$vm_mem_file" ] || return 0
	dd if="$vm_mem_file" of="$d/region-after.bin" bs=64K skip=$((vm_region_addr >> 16)) \
		count=1 status=none || true
	rm -f "$vm_mem_file"
}

# ---- per kernel ------------------------------------------------------------
for ver in $kernels; do
	t0=$SECONDS
	kd=$out/$ver
	mkdir -p "$kd"
	if ! "$here/fetch-kernel.sh" "$ver" >"$tmp/fetch.log" 2>&1; then
		cat "$tmp/fetch.log"
		fail_all "cannot fetch the kernel image (tests/vm/fetch-kernel.sh $ver, output above)" "$ver"
		continue
	fi
	if ! "$here/build-module.sh" "$ver" >"$tmp/module.log" 2>&1; then
		tail -n 40 "$tmp/module.log"
		fail_all "module build failed (tests/vm/build-module.sh $ver, output above; log $kd/module-build.log)" "$ver"
		continue
	fi
	if ! "$here/mkinitramfs.sh" "$ver" "$kd/initramfs.cpio.gz" >"$tmp/initramfs.log" 2>&1; then
		cat "$tmp/initramfs.log"
		fail_all "initramfs build failed (tests/vm/mkinitramfs.sh, output above)" "$ver"
		continue
	fi
	for t in $tests; do
		d=$kd/$t
		rm -rf "$d"
		mkdir -p "$d"
		log=$d/serial.log
		if ! vm_setup "$here/scenarios/$t.sh" >"$d/boot.txt" 2>&1; then
			fail "$ver" "$t" "VM setup failed: $(tr '\n' ' ' <"$d/boot.txt")"
			continue
		fi
		if ! VM_BOOTS=$vm_boots VM_APPEND=$vm_append VM_MEM_FILE=$vm_mem_file \
			BOOT_TIMEOUT=$vm_timeout "$here/boot.sh" "$ver" "$kd/initramfs.cpio.gz" "$t" "$log" $vm_mem >>"$d/boot.txt" 2>&1; then
			fail "$ver" "$t" "VM failed: $(tr '\n' ' ' <"$d/boot.txt")" "$log"
			vm_cleanup
			continue
		fi
		vm_cleanup
		"$here/extract.sh" "$log" "$d"
		if ! tr -d '\r' <"$log" | grep '^@@DONE$' >/dev/null; then
			fail "$ver" "$t" "the guest did not finish the scenario (no @@DONE)" "$log"
			continue
		fi
		# the kernel's complaints fail any case, on every kernel (splats.sh)
		splat=$("$here/splats.sh" "$log" "$d/splats.txt") || true
		if why=$("check_$t" 2>&1) && [ -z "$splat" ]; then
			pass "$ver" "$t"
			[ ! -s "$d/notes" ] || sed 's/^/       /' "$d/notes"
		else
			[ -z "$splat" ] || why="kernel splat in the serial log: $splat (report: $d/splats.txt)${why:+; check_$t: $why}"
			fail "$ver" "$t" "$why" "$log"
			[ ! -s "$d/notes" ] || sed 's/^/       note: /' "$d/notes"
		fi
	done
	echo "-- $ver: $((SECONDS - t0))s"
done
finish
