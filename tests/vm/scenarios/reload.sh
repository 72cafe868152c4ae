# reload - load, unload and load the module again with the CLI idle, then a
# memcg OOM must still be recorded (exactly one record, seq 1), then unload.
run insmod1 insmod /oomsnap.ko
run rmmod1 rmmod oomsnap
run insmod2 insmod /oomsnap.ko
run memcg make_memcg 32M
run hog hog_in_memcg
run list oomsnap list --json
run show oomsnap show --json
run rmmod2 rmmod oomsnap
emit_dmesg
