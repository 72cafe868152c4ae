# dump_tasks_off - a global OOM kill with vm.oom_dump_tasks=0 (the kernel
# prints no task dump) and 50 sleepers: the host checks oomsnap's task
# table against the process list read from /proc just before the OOM.
run insmod insmod /oomsnap.ko
run dumpoff sh -c 'echo 0 >/proc/sys/vm/oom_dump_tasks'
run spawn /bin/hog -n 50 -r -1000:0
run meminfo cat /proc/meminfo
run procs /bin/hog -P
run hog /bin/hog -q
run list oomsnap list --json
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
