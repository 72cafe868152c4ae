# global_many - a global OOM kill with 320 sleepers besides the hog: varied
# oom_score_adj (-1000..200), some as uid 65534, a third of them spread over
# three cgroups; the host checks oomsnap's whole task table row by row
# against the kernel's task dump, and the zones against its zone lines.
run insmod insmod /oomsnap.ko
run cgroups make_cgroups many many/a many/b many/c
run cgroups2 sh -c 'echo +memory >/sys/fs/cgroup/many/cgroup.subtree_control'
run spawn /bin/hog -n 320 -r -1000:200 -c /sys/fs/cgroup/many/a -c /sys/fs/cgroup/many/b -c /sys/fs/cgroup/many/c
run meminfo cat /proc/meminfo
run hog /bin/hog -q
run list oomsnap list --json
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
