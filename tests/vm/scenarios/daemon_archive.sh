# daemon_archive - oomsnapd (defaults: /var/lib/oomsnap, /run/oomsnap)
# archives every record as the kernel has it.  Kill 1 happens before the
# daemon runs: "show --json" of it from the kernel (the module drops a
# record once it is acknowledged), then the daemon archives it as backlog.
# Kill 2 happens with the daemon ready: dtool archwait runs the hog and
# times the new archive file (inotify) against the hog's fork and reaping.
# The host checks the files against the kernel's report and against the
# kernel's record, their mode, and that nothing is left unacknowledged.
# shellcheck disable=SC2046 # $(boot_id_param): one word
run insmod insmod /oomsnap.ko $(boot_id_param)
run boot_id cat /proc/sys/kernel/random/boot_id
run memcg make_memcg 32M
run hog1 hog_in_memcg
run show1 oomsnap_kernel show --json 1
daemon_start
daemon_wait ready 60000 state=ready records_acked=1
run kill dtool archwait /var/lib/oomsnap/records 5000 sh -c "$memcg_hog"
# the file is written before the ACK: wait for the ACK
daemon_wait acked 10000 state=ready records_acked=2
run status oomsnap status --json
emit_archive arch /var/lib/oomsnap/records
daemon_stop
run rmmod rmmod oomsnap
emit_dmesg
