# storm - 50 memcg OOM kills into a store of max_records=10 (keep-oldest):
# the first 10 are stored, the other 40 counted as lost; after "ack --all"
# one more kill is stored, with lost_before 40.
# log_buf_len: the OOM reports and 51 "Killed process" lines must all stay
# in the kernel log.
# vm-append: memmap=16M$0x0e000000 log_buf_len=4M
# shellcheck disable=SC2046 # $(region): several parameters
run insmod insmod /oomsnap.ko $(region) max_records=10
run memcg make_memcg 16M
# kills <n>: n hogs in /test/sub, one after the other, each OOM-killed
kills() {
	_k=0
	_i=0
	while [ $_i -lt "$1" ]; do
		hog_in_memcg
		[ $? -eq 137 ] && _k=$((_k + 1))
		_i=$((_i + 1))
	done
	echo "killed $_k of $1"
	[ $_k -eq "$1" ]
}
run vmstat0 grep '^oom_kill ' /proc/vmstat
run storm kills 50
run vmstat1 grep '^oom_kill ' /proc/vmstat
run status oomsnap status --json
run list oomsnap list --json
run ack oomsnap ack --all
run status_acked oomsnap status --json
# the kernel prints at most 10 OOM reports per 5 s (oom_rs): wait, so that
# the report of this kill is in the log for the oracle
sleep 6
run hog hog_in_memcg
run vmstat2 grep '^oom_kill ' /proc/vmstat
run list2 oomsnap list --json
run show oomsnap show --json
run status2 oomsnap status --json
run rmmod rmmod oomsnap
emit_dmesg
