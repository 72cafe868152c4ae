# memcg_oom - an OOM kill inside cgroup /test/sub (memory.max 32M); prints
# what oomsnap recorded and the kernel's own report.
run insmod insmod /oomsnap.ko
run memcg make_memcg 32M
run hog hog_in_memcg
run list oomsnap list --json
run show oomsnap show --json
emit_dmesg
