# watch - "oomsnap watch --json" prints each new record as one JSON line:
# two memcg OOM kills, two lines, equal to "show --json" of seqs 1 and 2.
run insmod insmod /oomsnap.ko
run memcg make_memcg 32M
oomsnap watch --json >/tmp/watch.out 2>/tmp/watch.err &
wpid=$!
# let it subscribe (TCG is slow)
sleep 2
run hog1 hog_in_memcg
run hog2 hog_in_memcg
sleep 2
kill -TERM $wpid
wait $wpid
echo $? >/tmp/watch.rc
report watch
run list oomsnap list --json
run show1 oomsnap show --json 1
run show2 oomsnap show --json 2
run rmmod rmmod oomsnap
emit_dmesg
