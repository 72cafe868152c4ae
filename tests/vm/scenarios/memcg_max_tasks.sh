# memcg_max_tasks - a memcg OOM kill in /test/sub (memory.max 32M) with the
# module loaded with max_tasks=64: 40 sleepers and the hog inside the memcg,
# 300 processes outside it (295 sleepers with oom_score_adj up to 200, and
# 5 processes of 4 MiB each, bigger than anything in the memcg but the hog).
# The record must keep every in-scope row (the kernel's memcg task dump
# lists exactly those), give no points to a row outside the memcg, and count
# what it left out (against the process list read from /proc before the OOM).

# big_outside <n>: n hogs of 4 MiB outside the memcg, each holding its memory;
# returns once every one has it.
big_outside() {
	_i=0
	while [ $_i -lt "$1" ]; do
		/bin/hog -m 4 -s >/tmp/big$_i.out 2>&1 &
		_i=$((_i + 1))
	done
	_i=0
	while [ $_i -lt "$1" ]; do
		until grep -q 'reached 4 MiB' /tmp/big$_i.out; do sleep 0.1; done
		_i=$((_i + 1))
	done
	echo "$1 hogs of 4 MiB outside the memcg"
}

run insmod insmod /oomsnap.ko max_tasks=64
run memcg make_memcg 32M
# sleeper i joins the memcg when i % 3 == 0: 40 inside, 80 outside
run spawn_in /bin/hog -n 120 -r -1000:0 -c /sys/fs/cgroup/test/sub
run spawn_out /bin/hog -n 215 -r 0:200
run big big_outside 5
run procs /bin/hog -P
run hog hog_in_memcg
run list oomsnap list --json
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
