# storm_readers - 200 OOM kills while readers run in loops: one
# memory.oom.group kill of 100 tasks, 80 memcg kills and 20 global ones,
# with oomsnapd archiving and acknowledging every record, a loop of
# "oomsnap list --json" and a loop of "oomsnap status --json" all the way
# through.  Afterwards the daemon is stopped and "oomsnapd --once" drains
# what is left.  The host checks: every kill of dmesg is a victim of exactly
# one archived record, in the kernel's order (the group kill one record);
# nothing lost, dropped or left unacknowledged in the module; every list and
# status call succeeded (a list interrupted by an ACK retries, exit 5 only
# if it never got a clean dump), or failed only because the kernel had no
# memory for its answer during a global OOM (said, exit 3, counted).
# log_buf_len: 200 "Killed process" lines and the OOM reports must stay.
# vm-mem: 384
# vm-timeout: 600
# vm-append: log_buf_len=8M
# shellcheck disable=SC2046 # $(boot_id_param): one word
run insmod insmod /oomsnap.ko $(boot_id_param)
run memcg sh -c 'echo +memory >/sys/fs/cgroup/cgroup.subtree_control &&
	mkdir -p /sys/fs/cgroup/test &&
	echo +memory >/sys/fs/cgroup/test/cgroup.subtree_control &&
	mkdir -p /sys/fs/cgroup/test/grp /sys/fs/cgroup/test/sub &&
	echo 64M >/sys/fs/cgroup/test/grp/memory.max &&
	echo 1 >/sys/fs/cgroup/test/grp/memory.oom.group &&
	echo 16M >/sys/fs/cgroup/test/sub/memory.max'
daemon_start --retry-interval 1s
daemon_wait ready 60000 state=ready

# loop <name> <command...>: run it until /tmp/storm.done, one exit status
# per line in /tmp/<name>.rcs
loop() {
	_ln=$1
	shift
	while [ ! -f /tmp/storm.done ]; do
		"$@" >/dev/null 2>>"/tmp/$_ln.err"
		echo $? >>"/tmp/$_ln.rcs"
	done
}
: >/tmp/list.rcs
: >/tmp/status.rcs
loop list oomsnap list --json &
lpid=$!
loop status oomsnap status --json &
spid=$!

# the group: 104 sleepers (every 25th, 5 of them, at -1000: spared) and a
# hog: 100 tasks killed
run spawn sh -c 'echo $$ >/sys/fs/cgroup/test/grp/cgroup.procs && exec /bin/hog -n 104 -r 0:0'
run group sh -c 'echo $$ >/sys/fs/cgroup/test/grp/cgroup.procs && exec /bin/hog -q'
run memcg_storm memcg_kills 80
# global_kills <n>: n hogs outside any limit, each OOM-killed
global_kills() {
	_k=0
	_i=0
	while [ $_i -lt "$1" ]; do
		/bin/hog -q
		[ $? -eq 137 ] && _k=$((_k + 1))
		_i=$((_i + 1))
	done
	echo "killed $_k of $1"
	[ $_k -eq "$1" ]
}
run global_storm global_kills 20
touch /tmp/storm.done
wait $lpid $spid
# report_loops: what the loops got.  A call that found the kernel itself
# out of memory for its answer (a global OOM in progress: "Cannot allocate
# memory", exit 3) is counted, not a failure; anything else is.
report_loops() {
	echo "list: $(grep -c . /tmp/list.rcs) runs: $(sort /tmp/list.rcs | uniq -c | tr '\n' ' ')"
	echo "status: $(grep -c . /tmp/status.rcs) runs: $(sort /tmp/status.rcs | uniq -c | tr '\n' ' ')"
	cat /tmp/list.err /tmp/status.err 2>/dev/null | grep -v 'no OOM kill records held' | sort | uniq -c | head -n 10
	! grep -vq '^[03]$' /tmp/list.rcs /tmp/status.rcs &&
	[ "$(grep -c '^3$' /tmp/list.rcs /tmp/status.rcs | awk -F: '{ s += $2 } END { print s }')" = \
	  "$(cat /tmp/list.err /tmp/status.err | grep -c 'Cannot allocate memory')" ]
}
run loops report_loops
daemon_stop
run once timeout 300 /usr/sbin/oomsnapd --once
run status oomsnap status --json
run victims sh -c 'dtool victims /var/lib/oomsnap/records/*.json | sort -n'
run rmmod rmmod oomsnap
emit_dmesg
