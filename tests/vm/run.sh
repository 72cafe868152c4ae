#!/bin/bash
# run.sh [-k "<ver> ..."] [-t "<test> ..."] - the oomsnap VM tests: build the
# helpers, the CLI and the module (once per kernel), boot every test
# scenario on every kernel in QEMU, and check what oomsnap recorded against
# the kernel's own OOM report.  Prints "[ OK ] <ver> <test>" or
# "[FAIL] <ver> <test>: <why>" per case and, last, "N passed, N failed".
# Exit 1 if any case failed.  Artefacts: build/vm/<ver>/<test>/.
#   -k  kernel ABI names (default: tests/vm/kernels.sh)
#   -t  tests (default: global_oom memcg_oom errors reload global_many sysrq
#       dump_tasks_off max_tasks; also: smoke, which only checks that the VM
#       boots and runs a scenario)
#   CLI=<binary> in the environment: test that CLI instead of building
#       userspace/ (e.g. an older build).
# One case: tests/vm/run.sh -k 6.1.0-56-amd64 -t global_many
# check_* run indirectly ("check_$t"); $kernels is a word list on purpose.
# shellcheck disable=SC2317,SC2086
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/build/vm
all_tests="global_oom memcg_oom errors reload global_many sysrq dump_tasks_off max_tasks"
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
elif ! make -C "$root/userspace" >"$tmp/cli.log" 2>&1 || [ ! -x "$root/userspace/oomsnap" ]; then
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

check_dmesg_clean() {
	local bad
	[ -s "$d/dmesg" ] || { echo "no dmesg from the guest"; return 1; }
	bad=$(grep -E 'BUG:|WARNING:|Oops|general protection fault|lockdep|possible recursive locking|sleeping function called from invalid context|UBSAN:|KASAN:' "$d/dmesg" | head -n 5 || true)
	if [ -n "$bad" ]; then
		echo "kernel complained in dmesg: $(echo "$bad" | tr '\n' '|')"
		return 1
	fi
}

check_killed() {	# the hog must have been SIGKILLed by the OOM killer
	expect_exit hog 137 "memory hog, must be OOM-killed" || return 1
	grep -q 'Killed process' "$d/dmesg" || { echo "no 'Killed process' line in the guest's dmesg"; return 1; }
}

check_oracle() {	# check_oracle <json-name> [oracle options...]
	local j=$1
	shift
	if "$out/oracle" "$@" "$d/dmesg" "$d/$j" >"$d/oracle-$j.txt" 2>&1; then
		return 0
	fi
	echo "oracle: $j does not match the kernel's report: $(grep -E '^\[FAIL\]|^oracle:' "$d/oracle-$j.txt" | head -n 8 | tr '\n' '|') (full: $d/oracle-$j.txt)"
	return 1
}

# totalpages of a global OOM without swap: MemTotal in pages, from the
# guest's /proc/meminfo (oc->totalpages = totalram_pages() + total_swap_pages).
totalpages() {
	[ -s "$d/meminfo.out" ] || { echo "no /proc/meminfo from the guest (meminfo.out)" >&2; echo -1; return; }
	awk '$1 == "MemTotal:" { t = $2 } $1 == "SwapTotal:" { s = $2 }
		END { if (t) print (t + s) / 4 }' "$d/meminfo.out"
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

check_errors() {
	local want="oomsnap: kernel module not loaded (generic netlink family 'oomsnap' not found); try: modprobe oomsnap"
	expect_exit nomod 2 "oomsnap list without the module" || return 1
	if [ "$(cat "$d/nomod.err")" != "$want" ]; then
		echo "oomsnap list without the module: stderr is '$(tr '\n' ' ' <"$d/nomod.err")', expected exactly '$want'"
		return 1
	fi
	expect_exit insmod 0 "insmod /oomsnap.ko" || return 1
	expect_exit unpriv 2 "oomsnap list as nobody" || return 1
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

check_smoke() {	# infrastructure only: the VM boots and runs a command
	expect_exit uname 0 "uname -a in the guest" &&
	check_dmesg_clean
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
		if ! "$here/boot.sh" "$ver" "$kd/initramfs.cpio.gz" "$t" "$log" >"$d/boot.txt" 2>&1; then
			fail "$ver" "$t" "VM failed: $(tr '\n' ' ' <"$d/boot.txt")" "$log"
			continue
		fi
		"$here/extract.sh" "$log" "$d"
		if ! tr -d '\r' <"$log" | grep -q '^@@DONE$'; then
			fail "$ver" "$t" "the guest did not finish the scenario (no @@DONE)" "$log"
			continue
		fi
		if why=$("check_$t" 2>&1); then
			pass "$ver" "$t"
		else
			fail "$ver" "$t" "$why" "$log"
		fi
	done
	echo "-- $ver: $((SECONDS - t0))s"
done
finish
