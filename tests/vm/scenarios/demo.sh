# demo - the case oomsnap exists for: "cache-daemon", protected with
# oom_score_adj -900, has slowly grown to 100 MiB; a small "worker" then asks
# for memory and the kernel kills the worker, not the process that ate the
# memory.  Only the kill-time task table shows the difference.
# shellcheck disable=SC2046 # $(boot_id_param): one word
run insmod insmod /oomsnap.ko $(boot_id_param)
ln -s /bin/hog /tmp/cache-daemon
ln -s /bin/hog /tmp/worker
/tmp/cache-daemon -q -m 100 -s -a -900 &
daemon=$!
# wait until the daemon holds its 100 MiB (VmRSS in kB)
i=0
while [ $i -lt 120 ]; do
	rss=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' /proc/$daemon/status)
	[ "${rss:-0}" -ge 100000 ] && break
	sleep 0.5
	i=$((i + 1))
done
run worker /tmp/worker -q -a 0
run list oomsnap list --json
run show oomsnap show --json
run show_text oomsnap show
kill $daemon
run rmmod rmmod oomsnap
emit_dmesg
