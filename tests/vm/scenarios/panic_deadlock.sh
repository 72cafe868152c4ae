# panic_deadlock - a global OOM that finds no killable process panics with
# "System is deadlocked on memory" even with vm.panic_on_oom=0.  Userspace
# handed panic_on_oom=0 in ('oomsnap facts'), so the OOM notifier writes
# no provisional record; the panic notifier writes the snapshot instead
# (kmod/capture.c, 2b).  Every process is oom_score_adj -1000, the hog too.
# panic=1 reboots warm; phase 2 finds the record (panic, no victim).
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
	run rmmod rmmod oomsnap
	emit_dmesg
else
	phase 1
	report insmod
	run boot_id cat /proc/sys/kernel/random/boot_id
	run panic_on_oom cat /proc/sys/vm/panic_on_oom
	run facts oomsnap facts --json
	run spawn /bin/hog -n 6 -r -1000:-1000
	echo -1000 >/proc/self/oom_score_adj
	emit_dmesg
	# the hog's pid is the shell's: it execs the hog
	sh -c 'echo -1000 >/proc/self/oom_score_adj && echo "@@HOGPID $$" && exec /bin/hog -q'
	echo "@@ERROR the kernel did not panic (hog exit $?)"
fi
