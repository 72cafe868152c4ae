# memcg_deep - a memcg OOM whose limit is 3 levels down and whose victim
# sits 8 levels down, in cgroups with long names (237 characters in all):
# oomsnap walks those paths without kernfs_rename_lock (kmod/cgroup_path.c),
# and what it recorded must equal the kernel's oom_memcg= and task_memcg=.
run insmod insmod /oomsnap.ko
run memcg make_deep_memcg
# shellcheck disable=SC2154 # deep_leaf: init.sh's
run spawn /bin/hog -n 4 -r -1000:0 -c "/sys/fs/cgroup$deep_leaf"
run hog deep_hog
run list oomsnap list --json
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
