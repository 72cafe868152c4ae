# oom_group - a memory.oom.group kill of 100 tasks in one memcg: one
# out_of_memory() call, so ONE record whose victims are every task of the
# group the kernel killed (its "Memory cgroup out of memory: Killed process"
# lines: pids and rss), the one it chose first.  Then a single-victim kill
# in another memcg, to compare the capture_ns of the two (one walk each).
# vm-mem: 384
run insmod insmod /oomsnap.ko
run memcg sh -c 'echo +memory >/sys/fs/cgroup/cgroup.subtree_control &&
	mkdir -p /sys/fs/cgroup/test &&
	echo +memory >/sys/fs/cgroup/test/cgroup.subtree_control &&
	mkdir -p /sys/fs/cgroup/test/grp /sys/fs/cgroup/test/sub &&
	echo 64M >/sys/fs/cgroup/test/grp/memory.max &&
	echo 1 >/sys/fs/cgroup/test/grp/memory.oom.group &&
	echo 16M >/sys/fs/cgroup/test/sub/memory.max'
# 104 sleepers in the group (every 25th, 5 of them, at oom_score_adj -1000:
# the kernel spares those), then a hog in it: the kill takes the hog and the
# 99 others, 100 tasks
run spawn sh -c 'echo $$ >/sys/fs/cgroup/test/grp/cgroup.procs && exec /bin/hog -n 104 -r 0:0'
run members cat /sys/fs/cgroup/test/grp/cgroup.procs
run hog sh -c 'echo $$ >/sys/fs/cgroup/test/grp/cgroup.procs && exec /bin/hog -q'
run left cat /sys/fs/cgroup/test/grp/cgroup.procs
run vmstat0 grep '^oom_kill ' /proc/vmstat
run single hog_in_memcg
run vmstat1 grep '^oom_kill ' /proc/vmstat
run list oomsnap list --json
run show1 oomsnap show --json 1
run show2 oomsnap show --json 2
run status oomsnap status --json
run rmmod rmmod oomsnap
emit_dmesg
