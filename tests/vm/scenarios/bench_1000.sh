# bench_1000 - for `make bench`: a global OOM kill with 1000 sleepers; the
# host reads capture_ns from the record and the kernel's own dump time from
# dmesg.  Not part of `make check`: timings are never pass/fail.
run insmod insmod /oomsnap.ko
run spawn /bin/hog -n 1000 -r -500:500
run hog /bin/hog -q
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
