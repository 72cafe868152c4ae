# daemon_storm - 38 memcg OOM kills while dtool respawn SIGKILLs oomsnapd
# at random moments (0..300 ms after each start) and starts it again, at
# least 100 times and until the kills are done; 2 more kills with no
# daemon; then "oomsnapd --once" drains what is left.  The host checks: one archive file per kill (seqs
# 1..40, no duplicate, no gap), each the kernel's victim in dmesg order,
# nothing lost or unacknowledged in the module, no temporary file left.
# log_buf_len: all 40 "Killed process" lines must stay in the kernel log.
# vm-append: log_buf_len=4M
# shellcheck disable=SC2046 # $(boot_id_param): one word
run insmod insmod /oomsnap.ko $(boot_id_param)
run boot_id cat /proc/sys/kernel/random/boot_id
run memcg make_memcg 16M
run vmstat0 grep '^oom_kill ' /proc/vmstat
dtool respawn -n 100 -m 300 -f /tmp/storm.done -o /tmp/oomsnapd.log \
	/usr/sbin/oomsnapd --retry-interval 1s >/tmp/respawn.out 2>/tmp/respawn.err &
rpid=$!
run storm memcg_kills 38
touch /tmp/storm.done
wait $rpid
echo $? >/tmp/respawn.rc
report respawn
# two more with no daemon: left for --once
run after memcg_kills 2
run vmstat1 grep '^oom_kill ' /proc/vmstat
run status0 oomsnap status --json
run once time timeout 120 /usr/sbin/oomsnapd --once
run status oomsnap status --json
emit_archive arch /var/lib/oomsnap/records
emit oomsnapd.log /tmp/oomsnapd.log
run rmmod rmmod oomsnap
emit_dmesg
