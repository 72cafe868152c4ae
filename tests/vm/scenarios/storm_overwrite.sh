# storm_overwrite - 20 memcg OOM kills into a store of max_records=10 with
# overwrite=1: the 10 newest are held, nothing is lost.
# vm-append: memmap=16M$0x0e000000 log_buf_len=4M
# shellcheck disable=SC2046 # $(region): several parameters
run insmod insmod /oomsnap.ko $(region) max_records=10 overwrite=1
run memcg make_memcg 16M
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
run storm kills 20
run vmstat1 grep '^oom_kill ' /proc/vmstat
run status oomsnap status --json
run list oomsnap list --json
run rmmod rmmod oomsnap
emit_dmesg
