# facts - what the kernel exports to no module (SwapTotal, huge pages,
# vm.overcommit_memory, vm.panic_on_oom, the boot id) comes from
# userspace, never from the module reading /proc: a region without
# boot_id= is refused; a kill before any hand-in has none of those facts
# (null, not 0); 'oomsnap facts' hands them in, and the next kill's record
# has /proc's values of that moment, with their age; the status shows it.
# The sysctls are set away from their defaults first (overcommit 1, two
# huge pages), so that a stale or default value cannot pass.  Then
# oomsnapd hands them in by itself, at start and periodically.
# vm-append: memmap=16M$0x0e000000
# shellcheck disable=SC2046 # $(region_mem), $(boot_id_param): parameters
run insmod_noid insmod /oomsnap.ko $(region_mem)
run boot_id cat /proc/sys/kernel/random/boot_id
run insmod insmod /oomsnap.ko $(boot_id_param)
run status0 oomsnap status --json
run memcg make_memcg 32M
run hog1 hog_in_memcg
run show1 oomsnap show --json 1
echo 1 >/proc/sys/vm/overcommit_memory
echo 2 >/proc/sys/vm/nr_hugepages
run facts oomsnap facts --json
run status1 oomsnap status --json
run status1_text oomsnap status
run hog hog_in_memcg
run meminfo cat /proc/meminfo
run overcommit cat /proc/sys/vm/overcommit_memory
run panic cat /proc/sys/vm/panic_on_oom
run show2 oomsnap show --json 2
# oomsnapd hands them in by itself at start (3 huge pages: not what
# 'oomsnap facts' handed in), and again after a change (4), periodically
echo 3 >/proc/sys/vm/nr_hugepages
daemon_start
daemon_wait ready 60000 state=ready records_acked=2
run status_d1 oomsnap status --json
echo 4 >/proc/sys/vm/nr_hugepages
# bounded wait for the next periodic hand-in; the host checks the result
_i=0
while [ $_i -lt 120 ]; do
	oomsnap status --json 2>/dev/null | grep -q '"hugepages_total": 4' && break
	sleep 0.5
	_i=$((_i + 1))
done
run status_d2 oomsnap status --json
run hog3 hog_in_memcg
run meminfo3 cat /proc/meminfo
daemon_wait acked 20000 state=ready records_acked=3
run show3 oomsnap show --json 3
daemon_stop
run rmmod1 rmmod oomsnap
# without boot_id= and without a region: loads, and its records name no
# boot (rather than a made-up one)
run insmod_vol insmod /oomsnap.ko
run status_vol oomsnap status --json
run hog_vol hog_in_memcg
run show_vol oomsnap_kernel show --json 1
run rmmod rmmod oomsnap
emit_dmesg
