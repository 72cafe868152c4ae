# daemon_full - the archive cannot be written: oomsnapd keeps the record in
# the kernel (unacknowledged), says "failing" with the errno, retries every
# second without logging each failure, and archives the record once the
# file system works again.  The archive folder (state dir /mnt/state, its
# records/) is a 256 KiB tmpfs of its own (the daemon's lock file, open for
# writing, would keep a remount read-only from working).  First it is full
# (a filler file: ENOSPC), then the filler is removed; then it is read-only
# (EROFS), then read-write again.  One memcg OOM kill in each case.
# shellcheck disable=SC2046 # $(boot_id_param): one word
run insmod insmod /oomsnap.ko $(boot_id_param)
run memcg make_memcg 32M
run mnt sh -c 'mkdir -p /mnt/state/records && mount -t tmpfs -o size=256k,mode=0700 tmpfs /mnt/state/records'
daemon_start --state-dir /mnt/state --retry-interval 1s
daemon_wait ready 60000 state=ready
# ENOSPC
run fill sh -c 'dd if=/dev/zero of=/mnt/state/records/filler bs=4k 2>&1; df -k /mnt/state/records'
run kill1 hog_in_memcg
daemon_wait failing1 10000 state=failing archive_error.errno=28
# a few retry intervals
sleep 4
run rstat1 cat /run/oomsnap/oomsnapd.json
run status1 oomsnap status --json --state-dir /mnt/state
run status1_text oomsnap status --state-dir /mnt/state
emit_archive full /mnt/state/records
run recover1 dtool archwait /mnt/state/records 10000 rm /mnt/state/records/filler
daemon_wait ready1 10000 state=ready records_acked=1 archive_error=null
run status2 oomsnap status --json --state-dir /mnt/state
# EROFS
run ro mount -o remount,ro /mnt/state/records
run kill2 hog_in_memcg
daemon_wait failing2 10000 state=failing archive_error.errno=30
sleep 4
run rstat3 cat /run/oomsnap/oomsnapd.json
run status3 oomsnap status --json --state-dir /mnt/state
run status3_text oomsnap status --state-dir /mnt/state
emit_archive ro /mnt/state/records
run recover2 dtool archwait /mnt/state/records 10000 mount -o remount,rw /mnt/state/records
daemon_wait ready2 10000 state=ready records_acked=2 archive_error=null
run status4 oomsnap status --json --state-dir /mnt/state
emit_archive arch /mnt/state/records
daemon_stop
run rmmod rmmod oomsnap
emit_dmesg
