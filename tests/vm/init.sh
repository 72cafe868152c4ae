#!/bin/sh
# init.sh - /init of the oomsnap test VM (busybox sh, PID 1).  Mounts the
# pseudo file systems, runs the scenario named by oomsnap.test=<name> on the
# kernel command line (/scenarios/<name>.sh, sourced so it can use the helpers
# below), prints "@@DONE" and powers the VM off.  Everything for the host goes
# to the console between "@@BEGIN <name>" and "@@END <name>" lines.

export PATH=/usr/bin:/bin:/usr/sbin:/sbin
/bin/busybox mkdir -p /proc /sys /dev /tmp /run /usr/sbin /sbin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup
mount -t tmpfs -o size=16m tmpfs /tmp
exec </dev/console >/dev/console 2>&1

# emit <name> <file>: print a file between markers (newline-terminated).
emit() {
	echo "@@BEGIN $1"
	[ -f "$2" ] && awk 1 "$2"
	echo "@@END $1"
}

# run <name> <command...>: run a command, print its stdout as <name>.out,
# its stderr as <name>.err and "@@RESULT <name> exit=N".
run() {
	run_quiet "$@"
	report "$1"
}

# run_quiet <name> <command...>: run it like run, print nothing yet (a
# multi-boot scenario runs insmod before it knows its phase); report
# <name> prints it later.
run_quiet() {
	_n=$1
	shift
	"$@" >"/tmp/$_n.out" 2>"/tmp/$_n.err"
	_rc=$?
	echo $_rc >"/tmp/$_n.rc"
	return "$_rc"
}

report() {
	_rc=$(cat "/tmp/$1.rc")
	emit "$1.out" "/tmp/$1.out"
	emit "$1.err" "/tmp/$1.err"
	echo "@@RESULT $1 exit=$_rc"
	return "$_rc"
}

# ---- persistent region, multi-boot scenarios ----
# boot_id_param: "boot_id=<this boot's id>", what the modprobe.d install
# line gives the module (a persistent region needs it).
boot_id_param() {
	echo "boot_id=$(cat /proc/sys/kernel/random/boot_id)"
}

# region: the module parameters of the region reserved on the kernel
# command line with memmap=<n>M$<addr> (boot.sh VM_APPEND) and this boot's
# id, e.g. "mem_address=0x0e000000 mem_size=16777216 mem_init=1
# boot_id=..."; nothing without a region.  mem_init=1: the range is the
# test's own, blank at the first boot (a later boot finds the header, and
# mem_init changes nothing).  region_mem: the range only.
region() {
	_m=$(region_mem) || return 1
	echo "$_m mem_init=1 $(boot_id_param)"
}

region_mem() {
	_r=$(sed -n 's/.*memmap=\([0-9][0-9]*\)M\$\(0x[0-9a-fA-F]*\).*/\1 \2/p' /proc/cmdline)
	[ -n "$_r" ] || return 1
	# shellcheck disable=SC2086 # two words: size, address
	set -- $_r
	echo "mem_address=$2 mem_size=$(($1 * 1048576))"
}

# earlier_records: records of earlier boots the module recovered at its
# (last) load, from its "persistent region at ..." line.
earlier_records() {
	dmesg -s 1048576 | sed -n 's/.* record(s) recovered, \([0-9][0-9]*\) from earlier boots.*/\1/p' | tail -n 1
}

# phase <n>: tell the host which phase of a multi-boot scenario this boot
# runs (extract.sh prefixes what follows with "p<n>.").
phase() {
	echo "@@PHASE $1"
}

# warm_reboot: end this phase with a warm reset (QEMU keeps the RAM; boot.sh
# VM_BOOTS must allow the next boot).
warm_reboot() {
	emit_final_dmesg
	echo "@@REBOOT"
	sync
	reboot -f
	sleep 5
	echo "@@ERROR reboot failed"
}

# emit_dmesg: the whole kernel log as "dmesg" (the host checks it).  The
# buffer size is explicit: a task dump of hundreds of rows is far longer
# than busybox's default read size.
emit_dmesg() {
	dmesg -s 1048576 >/tmp/dmesg.txt 2>&1
	emit dmesg /tmp/dmesg.txt
}

# emit_final_dmesg: the kernel log at the end of a boot as "dmesg-final",
# whatever the scenario emitted, so the host's splat check (splats.sh) sees
# what the kernel said after the scenario's last dmesg (rmmod, say).
emit_final_dmesg() {
	dmesg -s 1048576 >/tmp/dmesg-final.txt 2>&1
	emit dmesg-final /tmp/dmesg-final.txt
}

# make_memcg: cgroup v2 group /test/sub with memory.max=$1 (default 32M).
make_memcg() {
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control &&
	mkdir -p /sys/fs/cgroup/test &&
	echo +memory >/sys/fs/cgroup/test/cgroup.subtree_control &&
	mkdir -p /sys/fs/cgroup/test/sub &&
	echo "${1:-32M}" >/sys/fs/cgroup/test/sub/memory.max
}

# make_cgroups <dir>...: cgroup v2 groups /<dir> with the memory controller
# enabled and no limit (the sleepers of the big scenarios live in some).
make_cgroups() {
	echo +memory >/sys/fs/cgroup/cgroup.subtree_control || return 1
	for _g in "$@"; do
		mkdir -p "/sys/fs/cgroup/$_g" || return 1
	done
}

# oom_by_sysrq <pid>: force an OOM kill with sysrq-f and wait for <pid> (the
# biggest process, so the kernel's choice) to die; prints its exit status.
# A watchdog kills it (status 143) if sysrq-f killed something else.
# The watchdog starts, and is asleep, before the trigger: sysrq-f only
# queues the OOM on a kworker, and on a preemptible kernel (the debug
# kernels) a fork still faulting its pages in while the kworker dumps the
# tasks has another RSS in the kernel's dump than a moment later at
# mark_victim, where oomsnap reads it (seen: 720 kB vs 848 kB).
oom_by_sysrq() {
	echo 1 >/proc/sys/kernel/sysrq || return 1
	(sleep 60; kill "$1" 2>/dev/null) &
	_wd=$!
	_i=0
	while ! asleep "$_wd" && [ $_i -lt 1000 ]; do
		usleep 20000
		_i=$((_i + 1))
	done
	[ $_i -lt 1000 ] || echo "oom_by_sysrq: the watchdog $_wd never settled in its sleep" >&2
	echo f >/proc/sysrq-trigger || { kill "$_wd"; return 1; }
	wait "$1"
	_rc=$?
	kill "$_wd" 2>/dev/null
	return "$_rc"
}

# asleep <pid>: process <pid> is blocked in (clock_)nanosleep, or in wait4
# for a child that is (a subshell running /bin/sleep); from
# /proc/<pid>/syscall: 35 nanosleep, 230 clock_nanosleep, 61 wait4.
asleep() {
	read -r _sc _x <"/proc/$1/syscall" 2>/dev/null || return 1
	case $_sc in
	35 | 230) return 0 ;;
	61) ;;
	*) return 1 ;;
	esac
	for _s in /proc/[0-9]*/stat; do
		read -r _p _x _x _pp _x <"$_s" 2>/dev/null || continue
		[ "$_pp" = "$1" ] || continue
		read -r _sc _x <"/proc/$_p/syscall" 2>/dev/null || return 1
		case $_sc in 35 | 230) return 0 ;; esac
	done
	return 1
}

# hog_in_memcg: run /bin/hog inside /test/sub until it is killed.
hog_in_memcg() {
	sh -c 'echo $$ >/sys/fs/cgroup/test/sub/cgroup.procs && exec /bin/hog -q'
}

# The deep cgroup of memcg_deep: 8 levels under /sys/fs/cgroup, 237
# characters, the limit (32M) at level 3, the memory controller enabled all
# the way down so that the leaf is its own memcg (the kernel's task_memcg=).
deep_levels="oomsnap-deep-level-one.slice oomsnap-deep-level-two.slice
	oomsnap-limit-level-three.scope level-four-container-0123456789abcdef
	level-five-a-long-pod-name-part level-six-some-more-characters
	level-seven-nearly-there level-eight-the-leaf"
deep_leaf=""
for _dm_l in $deep_levels; do deep_leaf="$deep_leaf/$_dm_l"; done

# make_deep_memcg: the cgroups of deep_levels, memory.max 32M at level 3.
make_deep_memcg() {
	# _dm_*: run_quiet's _n and _rc are globals too
	_dm_p=/sys/fs/cgroup
	_dm_i=0
	for _dm_l in $deep_levels; do
		echo +memory >"$_dm_p/cgroup.subtree_control" || return 1
		_dm_p=$_dm_p/$_dm_l
		_dm_i=$((_dm_i + 1))
		mkdir -p "$_dm_p" || return 1
		[ $_dm_i -eq 3 ] && { echo 32M >"$_dm_p/memory.max" || return 1; }
	done
	echo "leaf: $deep_leaf (${#deep_leaf} characters)"
}

# deep_hog: /bin/hog in the leaf of make_deep_memcg until it is killed.
deep_hog() {
	# shellcheck disable=SC2016 # $$ and $1 are the child shell's
	sh -c 'echo $$ >"/sys/fs/cgroup$1/cgroup.procs" && exec /bin/hog -q' sh "$deep_leaf"
}

# memcg_hog: hog_in_memcg as one command line, for a wrapper
# (dtool archwait /dir 5000 sh -c "$memcg_hog").
# shellcheck disable=SC2016,SC2034 # for the scenarios, expanded by sh -c
memcg_hog='echo $$ >/sys/fs/cgroup/test/sub/cgroup.procs && exec /bin/hog -q'

# memcg_kills <n>: n hogs in /test/sub, one after the other, each
# OOM-killed; prints "killed K of N", true when all were.
memcg_kills() {
	_k=0
	_i=0
	while [ $_i -lt "$1" ]; do
		hog_in_memcg
		[ $? -eq 137 ] && _k=$((_k + 1))
		_i=$((_i + 1))
	done
	echo "killed $_k of $1"
	[ $_k -eq "$1" ]
}

# ---- oomsnapd scenarios ----
# daemon_start [oomsnapd options...]: start /usr/sbin/oomsnapd in the
# background (stdout, stderr appended to /tmp/oomsnapd.out, .err); its pid
# in $dpid.  $rundir: its runtime dir (default /run/oomsnap).
daemon_start() {
	/usr/sbin/oomsnapd "$@" >>/tmp/oomsnapd.out 2>>/tmp/oomsnapd.err &
	dpid=$!
}

# wait_stopped <pid> <timeout-s>: until process <pid> is stopped (state T)
wait_stopped() {
	_i=0
	while [ "$_i" -lt $(($2 * 20)) ]; do
		grep -q ') T ' "/proc/$1/stat" 2>/dev/null && return 0
		sleep 0.05
		_i=$((_i + 1))
	done
	echo "pid $1 did not stop within $2 s: $(cat "/proc/$1/stat" 2>&1)"
	return 1
}

# daemon_wait <name> <timeout-ms> [PATH=VALUE...]: run <name>: wait until
# the runtime status of the daemon $dpid (alive) has every PATH=VALUE.
daemon_wait() {
	_n=$1
	_t=$2
	shift 2
	run "$_n" dtool waitjson "${rundir:-/run/oomsnap}/oomsnapd.json" "$_t" "pid=$dpid" "$@"
}

# daemon_stop: SIGTERM the daemon $dpid, wait; its exit status as
# "daemon_stop", its stdout and stderr as oomsnapd.out, oomsnapd.err.
daemon_stop() {
	kill -TERM "$dpid"
	wait "$dpid"
	echo "$?" >/tmp/daemon_stop.rc
	: >/tmp/daemon_stop.out
	: >/tmp/daemon_stop.err
	report daemon_stop
	emit oomsnapd.out /tmp/oomsnapd.out
	emit oomsnapd.err /tmp/oomsnapd.err
}

# oomsnap_kernel <command> [args...]: oomsnap with an empty archive (an
# empty --state-dir): the kernel's records only.
oomsnap_kernel() {
	mkdir -p /tmp/kernel-only/records || return 1
	_c=$1
	shift
	oomsnap "$_c" --state-dir /tmp/kernel-only "$@"
}

# emit_archive <prefix> <dir>: "<mode> <size> <name>" of every entry of the
# archive folder <dir> (dot files too) as <prefix>.stat, every archive file
# (*.json, not a dot file) as <prefix>.<file name>.
emit_archive() {
	: >/tmp/emit_archive.stat
	for _f in "$2"/* "$2"/.[!.]*; do
		[ -e "$_f" ] && stat -c '%a %s %n' "$_f" | sed 's|^\([0-9]* [0-9]*\) .*/|\1 |' >>/tmp/emit_archive.stat
	done
	emit "$1.stat" /tmp/emit_archive.stat
	for _f in "$2"/*.json; do
		[ -f "$_f" ] && emit "$1.${_f##*/}" "$_f"
	done
}

test=$(sed -n 's/.*oomsnap\.test=\([^ ]*\).*/\1/p' /proc/cmdline)
echo "@@BOOTED $(uname -r) test=$test"
if [ -n "$test" ] && [ -f "/scenarios/$test.sh" ]; then
	# shellcheck source=/dev/null
	. "/scenarios/$test.sh"
	echo "@@SCENARIO $test exit=$?"
else
	echo "@@ERROR no scenario '$test' (cmdline: $(cat /proc/cmdline))"
	ls /scenarios
fi
emit_final_dmesg
echo "@@DONE"
sync
poweroff -f
sleep 5
echo "@@ERROR poweroff failed"
