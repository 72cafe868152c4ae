# record_body - a record is labelled by the module that wrote it, not by the
# one that reads it: its vmstat names (and page size) are served from the
# record.  A kill is recorded in a region; after a reload in the same boot
# the record is this boot's; then, module unloaded, one vmstat name in the
# stored record is changed in place (dtool regpatch, CRC fixed: what
# another build of the module, with another counter table, would have
# written), and the module is loaded as in another boot (another boot id):
# the record is of an earlier boot, the writer's, and shows the changed
# name with the original value (oom_kill: 1, the kernel's one kill).
# vm-append: memmap=16M$0x0e000000
# shellcheck disable=SC2046 # $(region), $(region_mem): several parameters
run insmod1 insmod /oomsnap.ko $(region)
run boot_id cat /proc/sys/kernel/random/boot_id
run memcg make_memcg 32M
run hog hog_in_memcg
run show1a oomsnap show --json 1
run rmmod1 rmmod oomsnap
run insmod2 insmod /oomsnap.ko $(region)
run list2 oomsnap list --json
run rmmod2 rmmod oomsnap
run patch dtool regpatch /dev/mem 0x0e000000 16777216 oom_kill oom_kilX
run insmod3 insmod /oomsnap.ko $(region_mem) boot_id=00000000-1111-4222-8333-444444444444
run list3 oomsnap list --json
run show1c oomsnap show --json "$(cat /tmp/boot_id.out):1"
run rmmod rmmod oomsnap
emit_dmesg
