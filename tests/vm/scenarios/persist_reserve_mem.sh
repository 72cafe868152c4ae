# persist_reserve_mem - records in a range reserved with reserve_mem= and
# found by name (mem_name=), on kernels that have it (6.11+): phase 1
# records a memcg OOM kill and reboots warm; phase 2 finds it, of the
# earlier boot.  On a kernel without reserve_mem the module must refuse to
# load and say what to do instead (the host checks which case applies).
# reserve_mem= is best effort: with KASLR the next kernel may be placed on
# the previous reservation (kernel-parameters.txt says so), which the
# module then reports as a re-initialised region; nokaslr makes the test
# deterministic.  memmap= (persist_reboot) is the reliable way.  While
# loaded, the range is marked as oomsnap's in /proc/iomem; not after rmmod.
# vm-boots: 2
# vm-append: reserve_mem=16M:4096:oomsnap nokaslr
# shellcheck disable=SC2046 # $(boot_id_param): one word
run_quiet insmod insmod /oomsnap.ko mem_name=oomsnap mem_init=1 $(boot_id_param)
if [ "$(earlier_records)" -gt 0 ] 2>/dev/null; then
	phase 2
	report insmod
	run status oomsnap status --json
	run list oomsnap list --json
	run rmmod rmmod oomsnap
	run iomem_after sh -c '! grep -i oomsnap /proc/iomem'
	emit_dmesg
else
	phase 1
	if report insmod; then
		run iomem grep -i oomsnap /proc/iomem
		run memcg make_memcg 32M
		run hog hog_in_memcg
		run list oomsnap list --json
		emit_dmesg
		warm_reboot
	fi
	emit_dmesg
fi
