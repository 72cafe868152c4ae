# persist_reboot - records survive a warm reboot.  The module keeps its
# records in a range reserved with memmap=; phase 1 records a memcg and a
# global OOM kill, prints them (and the kernel's report) and reboots with
# "reboot -f" (QEMU keeps the RAM); phase 2 loads the module again and
# prints the records of the earlier boot, which the host compares with
# phase 1's, key by key (only earlier_boot may change, false -> true).
# vm-boots: 2
# vm-append: memmap=16M$0x0e000000
# shellcheck disable=SC2046 # $(region): several parameters
run_quiet insmod insmod /oomsnap.ko $(region)
if [ "$(earlier_records)" -gt 0 ] 2>/dev/null; then
	phase 2
	report insmod
	run boot_id cat /proc/sys/kernel/random/boot_id
	run status oomsnap status --json
	run list oomsnap list --json
	# every record of an earlier boot, by BOOT:SEQ (record-level keys of
	# the pretty-printed array are indented by 4)
	awk '/^    "seq": / { gsub(/[^0-9]/, "", $2); s = $2 }
		/^    "boot_id": / { gsub(/[",]/, "", $2); b = $2 }
		/^    "earlier_boot": true/ { print b ":" s }' /tmp/list.out >/tmp/earlier
	run earlier cat /tmp/earlier
	while read -r ref; do
		run "show${ref#*:}" oomsnap show --json "$ref"
	done </tmp/earlier
	run show_text oomsnap show "$(head -n 1 /tmp/earlier)"
	run rmmod rmmod oomsnap
	emit_dmesg
else
	phase 1
	report insmod
	run boot_id cat /proc/sys/kernel/random/boot_id
	run memcg make_memcg 32M
	run spawn /bin/hog -n 12 -r -1000:0 -c /sys/fs/cgroup/test/sub
	run hog hog_in_memcg
	run meminfo cat /proc/meminfo
	run hog2 /bin/hog -q
	run list oomsnap list --json
	run show1 oomsnap show --json 1
	run show2 oomsnap show --json 2
	emit_dmesg
	warm_reboot
fi
