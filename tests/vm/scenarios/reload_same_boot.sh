# reload_same_boot - unload and load the module again in the same boot with
# the same region: the record is still there, of this boot
# (earlier_boot false, JSON unchanged), and the next kill gets seq 2, the
# only record the reloaded module announces (dtool events: the raw
# notifications; the recovered record 1 must not be announced again).
# vm-append: memmap=16M$0x0e000000
# shellcheck disable=SC2046 # $(region): several parameters
run insmod1 insmod /oomsnap.ko $(region)
run memcg make_memcg 32M
run hog1 hog_in_memcg
run show1a oomsnap show --json 1
run rmmod1 rmmod oomsnap
run insmod2 insmod /oomsnap.ko $(region)
run status oomsnap status --json
run list1 oomsnap list --json
run show1b oomsnap show --json 1
dtool events 8000 >/tmp/events.out 2>/tmp/events.err &
epid=$!
# let it subscribe (TCG is slow)
sleep 2
run hog2 hog_in_memcg
wait $epid
echo $? >/tmp/events.rc
report events
run list2 oomsnap list --json
run show2 oomsnap show --json 2
run rmmod rmmod oomsnap
emit_dmesg
