# random_region - the reserved range holds random bytes (the host fills it
# in the guest's RAM file before the boot): the module must re-initialise
# it, say so, hold no records, and then record a kill normally.
# vm-append: memmap=16M$0x0e000000
# vm-ram: random-region
# shellcheck disable=SC2046 # $(region): several parameters
run insmod insmod /oomsnap.ko $(region)
run status oomsnap status --json
run list0 oomsnap list --json
run memcg make_memcg 32M
run hog hog_in_memcg
run list oomsnap list --json
run show oomsnap show --json
run status2 oomsnap status --json
run rmmod rmmod oomsnap
emit_dmesg
