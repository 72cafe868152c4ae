# daemon_archive - oomsnapd (defaults: /var/lib/oomsnap, /run/oomsnap)
# archives a memcg OOM kill within 1 s: dtool archwait runs the hog and
# times the new archive file (inotify) against the fork and the reaping of
# the hog; the host checks the file against the kernel's report, against
# "show --json" from the kernel (before and after the ACK), its mode, and
# that the module holds nothing unacknowledged.
run insmod insmod /oomsnap.ko
run boot_id cat /proc/sys/kernel/random/boot_id
run memcg make_memcg 32M
daemon_start
daemon_wait ready 60000 state=ready
run kill dtool archwait /var/lib/oomsnap/records 5000 sh -c "$memcg_hog"
# the file is written before the ACK: wait for the ACK
daemon_wait acked 10000 state=ready records_acked=1
run status oomsnap status --json
run show oomsnap show --json --state-dir /nonexistent 1
emit_archive arch /var/lib/oomsnap/records
daemon_stop
run rmmod rmmod oomsnap
emit_dmesg
