# memcg_oom - an OOM kill inside cgroup /test/sub (memory.max 32M), with a
# few sleepers inside it and more outside (the kernel's task dump lists only
# the memcg's); prints what oomsnap recorded and the kernel's own report.
run insmod insmod /oomsnap.ko
run memcg make_memcg 32M
run spawn /bin/hog -n 12 -r -1000:0 -c /sys/fs/cgroup/test/sub
run hog hog_in_memcg
run list oomsnap list --json
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
