# netlink_fuzz - hostile netlink input after real OOM kills: 100 memcg kills
# (a LIST datagram holds about 37 summaries, the module asking for room for
# a summary with 128 victims: the dumps below must take more than two
# datagrams),
# then (1) nlfuzz dumpintr: the newest record acknowledged while a raw LIST
# dump is half-way must make the dump say NLM_F_DUMP_INTR; (2) the CLI's
# list with records acknowledged half-way through its dump (nlhook.so) must
# print the list as it is after the ACKs, not a mix; (3) 100,000 generated
# requests (nlfuzz fuzz, seed printed); (4) oomsnap list --json must still
# match the kernel's reports.  The host checks the serial log for splats.
# log_buf_len: the OOM reports and 100 "Killed process" lines must all stay
# in the kernel log.  vm-timeout: 100 kills and 100,000 requests take about
# 4 min on a stock kernel; on 6.12-debug-rt next to another guest the
# default (240 s, five times that on a debug kernel) ran out mid-fuzz.
# vm-append: log_buf_len=4M
# vm-timeout: 480
run insmod insmod /oomsnap.ko $(boot_id_param)
run memcg make_memcg 16M
run kills memcg_kills 100
run list0 oomsnap list --json
run dumpintr nlfuzz dumpintr
# seqs 1..99 are left: acknowledge 1 (already in the first datagram) and
# 99 (not yet sent) while the CLI's dump is half-way
run cli_intr env LD_PRELOAD=/usr/lib/oomsnap-test/nlhook.so \
	OSN_HOOK_CMD='oomsnap ack 1 >&2 && oomsnap ack 99 >&2' oomsnap list --json
run list_after_intr oomsnap list --json
seed=$(od -An -tu4 -N4 /dev/urandom | tr -d ' ')
run fuzz nlfuzz fuzz "$seed" 100000
run list oomsnap list --json
run status oomsnap status --json
run rmmod rmmod oomsnap
emit_dmesg
