# max_tasks - the module loaded with max_tasks=64, 300 sleepers with varied
# oom_score_adj, a global OOM kill: the record must keep the victim and the
# 63 highest-points processes and count the rest (and their RSS).  pid 1's
# RSS, which the kernel's dump omits, is read by the hog (-R) while pid 1
# waits for it (statm before and after are kept for diagnosis).
run insmod insmod /oomsnap.ko max_tasks=64
run spawn /bin/hog -n 300 -r -1000:200
run meminfo cat /proc/meminfo
run pid1_before cat /proc/1/statm
run hog /bin/hog -q -R
run pid1_after cat /proc/1/statm
run list oomsnap list --json
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
