# daemon_reboot - a record of an earlier boot, and oomsnapd.  Phase 1: a
# memcg OOM kill with no daemon running, kept in a memmap= region; warm
# reboot.  Phase 2: plain "oomsnap show --json" shows that record (the
# newest of any boot); oomsnapd archives it, then one more kill of this
# boot; "oomsnap list --json" shows each record once, with its source.
# (The rootfs does not survive the reboot: the archive exists in phase 2
# only.)
# vm-boots: 2
# vm-append: memmap=16M$0x0e000000
# shellcheck disable=SC2046 # $(region): several parameters
run_quiet insmod insmod /oomsnap.ko $(region)
if [ "$(earlier_records)" -gt 0 ] 2>/dev/null; then
	phase 2
	report insmod
	run boot_id cat /proc/sys/kernel/random/boot_id
	run show oomsnap show --json
	run memcg make_memcg 32M
	daemon_start
	daemon_wait ready 60000 state=ready records_acked=1
	run kill dtool archwait /var/lib/oomsnap/records 5000 sh -c "$memcg_hog"
	daemon_wait acked 10000 state=ready records_acked=2
	run list oomsnap list --json
	# what the kernel holds (no archive)
	run klist oomsnap list --json --state-dir /nonexistent
	run status oomsnap status --json
	emit_archive arch /var/lib/oomsnap/records
	daemon_stop
	run rmmod rmmod oomsnap
	emit_dmesg
else
	phase 1
	report insmod
	run boot_id cat /proc/sys/kernel/random/boot_id
	run memcg make_memcg 32M
	run hog hog_in_memcg
	run list oomsnap list --json
	emit_dmesg
	warm_reboot
fi
