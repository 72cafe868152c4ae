# max_cgroups - a global OOM kill with the module loaded with max_cgroups=4,
# while the processes live in 17 cgroups: the root and /cg/c0 .. /cg/c15,
# each of those with 3 sleepers.  The record keeps 4 cgroup paths and must
# count the other cgroups, not the rows that refer to them: the host
# compares kept + cgroups_omitted with the distinct cgroups of the guest's
# processes, read from /proc just before the OOM.
run insmod insmod /oomsnap.ko max_cgroups=4
run cgroups make_cgroups cg cg/c0 cg/c1 cg/c2 cg/c3 cg/c4 cg/c5 cg/c6 cg/c7 cg/c8 cg/c9 cg/c10 cg/c11 cg/c12 cg/c13 cg/c14 cg/c15
# sleeper i joins /cg/c((i/3) % 16) when i % 3 == 0: 3 per cgroup
run spawn /bin/hog -n 144 -r -1000:200 $(for i in 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do echo "-c /sys/fs/cgroup/cg/c$i"; done)
run meminfo cat /proc/meminfo
run cgset sh -c 'cat /proc/[0-9]*/cgroup 2>/dev/null | sort -u'
run hog /bin/hog -q
run list oomsnap list --json
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
