# panic_on_oom - vm.panic_on_oom=1: the kernel panics in a global OOM
# instead of killing; oomsnap's OOM notifier writes the snapshot (no victim)
# into the region first.  panic=1 reboots the VM warm after 1 s; phase 2
# finds the record (panic: true, victim: null).  The phase-1 dmesg dies
# with the panic: what the host needs (sleeper pids, boot id, the hog's
# pid) is printed before the OOM.
# vm-boots: 2
# vm-append: memmap=16M$0x0e000000 panic=1
# shellcheck disable=SC2046 # $(region): several parameters
run_quiet insmod insmod /oomsnap.ko $(region)
if [ "$(earlier_records)" -gt 0 ] 2>/dev/null; then
	phase 2
	report insmod
	run boot_id cat /proc/sys/kernel/random/boot_id
	run status oomsnap status --json
	run list oomsnap list --json
	awk '/^    "seq": / { gsub(/[^0-9]/, "", $2); s = $2 }
		/^    "boot_id": / { gsub(/[",]/, "", $2); b = $2 }
		/^    "earlier_boot": true/ { print b ":" s }' /tmp/list.out >/tmp/earlier
	run earlier cat /tmp/earlier
	ref=$(head -n 1 /tmp/earlier)
	run show oomsnap show --json "$ref"
	run show_text oomsnap show "$ref"
	run rmmod rmmod oomsnap
	emit_dmesg
else
	phase 1
	report insmod
	run boot_id cat /proc/sys/kernel/random/boot_id
	run spawn /bin/hog -n 6 -r -1000:0
	run panic_on_oom sh -c 'echo 1 >/proc/sys/vm/panic_on_oom'
	emit_dmesg
	# the hog's pid is the shell's: it execs the hog
	sh -c 'echo "@@HOGPID $$"; exec /bin/hog -q'
	echo "@@ERROR the kernel did not panic (hog exit $?)"
	# no reboot: the host sees one boot only and no phase 2
fi
