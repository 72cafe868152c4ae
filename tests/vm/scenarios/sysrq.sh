# sysrq - an OOM kill forced with sysrq-f (order -1, from a kworker) with 20
# small sleepers and one 24 MiB hog, which the kernel must choose.
run insmod insmod /oomsnap.ko
run spawn /bin/hog -n 20 -r -1000:0
run meminfo cat /proc/meminfo
/bin/hog -m 24 -s >/tmp/big.out 2>&1 &
big=$!
while ! grep -q reached /tmp/big.out; do sleep 0.2; done
run hog oom_by_sysrq "$big"
run list oomsnap list --json
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
