# daemon_reboot - a record of an earlier boot, and oomsnapd.  Phase 1: a
# memcg OOM kill with no daemon running, kept in a memmap= region; warm
# reboot.  Phase 2: plain "oomsnap show --json" shows that record (the
# newest of any boot), "list --json" it alone, from the kernel.  oomsnapd
# with stopafter.so archives it and stops itself before the ACK; SIGKILLed
# there (a crash between the write and the ACK), "list --json" shows the
# record once, from the kernel and the archive.  oomsnapd again: it writes
# the same file again and ACKs (the module then drops the record); one more
# kill of this boot; "list --json" shows each record once, with its source.
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
	run list0 oomsnap list --json
	run memcg make_memcg 32M
	LD_PRELOAD=/usr/lib/oomsnap-test/stopafter.so /usr/sbin/oomsnapd >>/tmp/oomsnapd.out 2>>/tmp/oomsnapd.err &
	dpid=$!
	run stopped wait_stopped $dpid 60
	run list1 oomsnap list --json
	run klist1 oomsnap_kernel list --json
	run status1 oomsnap status --json
	emit_archive arch1 /var/lib/oomsnap/records
	kill -KILL $dpid
	wait $dpid
	daemon_start
	daemon_wait ready 60000 state=ready records_acked=1
	run kill dtool archwait /var/lib/oomsnap/records 5000 sh -c "$memcg_hog"
	daemon_wait acked 10000 state=ready records_acked=2
	run list oomsnap list --json
	# what the kernel holds
	run klist oomsnap_kernel list --json
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
