# burst_no_kill - persistent region, overwrite=1, max_records=3 held by 3
# memcg kills; then every process is made unkillable (oom_score_adj -1000)
# and sysrq-f is sent 20 times: 20 global out_of_memory() calls that kill
# nothing ("OOM request ignored"), each with the OOM notifier, where oomsnap
# used to write a provisional (pre-panic) record that evicted held ones.  No
# held record may be lost, and none is written: sysrq-f never ends in a
# panic_on_oom panic.  Then one record is acknowledged (a free slot) and 20
# more: the two held ones stay.  (That a provisional record, when one is
# written, never evicts and gives its space back is tests/unit/kmod's
# test_provisional_never_evicts and test_discard_gives_space_back: the VM
# has no global OOM call that may panic yet kills nothing.)
# vm-append: memmap=16M$0x0e000000 log_buf_len=8M
# shellcheck disable=SC2046 # $(region): several parameters
run insmod insmod /oomsnap.ko $(region) max_records=3 overwrite=1
run memcg make_memcg 16M
kills() {
	_i=0
	while [ $_i -lt "$1" ]; do
		hog_in_memcg
		_i=$((_i + 1))
	done
}
ignored() { dmesg -s 8388608 | grep -c 'OOM request ignored'; }
# sysrq_burst N: N sysrq-f, each waited for (the work item coalesces)
sysrq_burst() {
	echo 1 >/proc/sys/kernel/sysrq || return 1
	_b=0
	while [ $_b -lt "$1" ]; do
		_n0=$(ignored)
		echo f >/proc/sysrq-trigger
		_w=0
		while [ "$(ignored)" -le "$_n0" ] && [ $_w -lt 200 ]; do
			sleep 0.05
			_w=$((_w + 1))
		done
		_b=$((_b + 1))
	done
	echo "ignored $(ignored)"
}
unkillable() {
	for _f in /proc/[0-9]*/oom_score_adj; do
		echo -1000 >"$_f" 2>/dev/null
	done
	return 0
}
run kills kills 3
run list0 oomsnap list --json
run status0 oomsnap status --json
run adj unkillable
run burst1 sysrq_burst 20
run list1 oomsnap list --json
run status1 oomsnap status --json
run ack oomsnap ack 1
run burst2 sysrq_burst 20
run list2 oomsnap list --json
run status2 oomsnap status --json
run rmmod rmmod oomsnap
emit_dmesg
