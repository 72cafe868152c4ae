# global_oom - a global OOM kill (the VM has 256 MiB, hog allocates until
# killed); prints what oomsnap recorded and the kernel's own report.
run insmod insmod /oomsnap.ko
run meminfo cat /proc/meminfo
run hog /bin/hog -q
run list oomsnap list --json
run show oomsnap show --json
run show_text oomsnap show
run rmmod rmmod oomsnap
emit_dmesg
