#!/bin/bash
# sd_forward.sh [-k <ver>] [-m URL] [-n] [-c] - the systemd VM lane: what
# the busybox VM (tests/vm/run.sh) cannot show.  Boots a Debian 12
# userspace with systemd as PID 1 (tests/vm/sdimage.sh: a cached
# debootstrap tree, a raw ext4 disk per run; tests/vm/sdinitramfs.sh: the
# initramfs that mounts it) on one of Debian's kernels (-k; default the 6.12
# one; make vm-systemd runs each of tests/vm/kernels.sh) in QEMU (TCG, no KVM,
# one boot), where oomsnap-test.service (tests/vm/systemd/) loads the
# module, starts the installed oomsnapd.service (the shipped unit, plus a
# drop-in for the textfile folder) with the journald, syslog (RELP to the
# image's rsyslog) and textfile targets, and causes one memcg OOM kill.
# Then follows the kill to each place it must reach, against the kernel's
# own "Killed process PID (COMM) ... anon-rss ..." line in dmesg (the
# oracle; never against oomsnap's own output):
#   boot       systemd reached multi-user.target, oomsnapd.service is active
#   archive    exactly one archive file, matching the kernel's report
#              (build/vm/oracle --full)
#   journald   exactly one entry (journalctl -o json MESSAGE_ID=<id>, <id>
#              from userspace/oomsnapd/oomsnap.catalog) with every OOMSNAP_*
#              field, PRIORITY=3, SYSLOG_IDENTIFIER=oomsnap, from
#              oomsnapd.service; victim pid, comm and RSS as in dmesg,
#              MESSAGE the kernel's line; journalctl -x shows the catalog's
#              Subject and text with the entry's fields filled in
#   syslog     rsyslog received exactly one RFC 5424 line whose
#              [oomsnap@32473 ...] has the kill's seq, boot, kind, pid,
#              comm, rss_kb and archive file, and whose MSG is the kernel's
#   textfile   oomsnap_kills_total{kind="memcg"} 1, the other kinds 0
# Prints "[ OK ] <check>" or "[FAIL] <check>: <why>", then "N passed, N
# failed"; exit 1 if any failed.  Run as root (debootstrap, the image's
# file owners).  Artefacts: build/vm/sd/<ver>/ (serial.log: the console,
# test.log: what the test printed, one file per block).
#   -k VER   the kernel (default: the 6.12 one of tests/vm/kernels.sh)
#   -m URL   Debian mirror for the first debootstrap (see sdimage.sh)
#   -n       no cache: debootstrap the image's tree again (sdimage.sh -n)
#   -c       no build, no boot: check the artefacts of the last run again
#   BOOT_TIMEOUT=seconds  the hard limit of the VM run (default 240)
# check_* run indirectly ("check_$c"), after fail_all (which exits).
# shellcheck disable=SC2317
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ver=""
image_opt=()

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 64; }
recheck=0
while getopts "k:m:nch" opt; do
	case $opt in
	c) recheck=1 ;;
	k) ver=$OPTARG ;;
	m) image_opt+=(-m "$OPTARG") ;;
	n) image_opt+=(-n) ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage

passed=0
failed=0
pass() { echo "[ OK ] $1"; passed=$((passed + 1)); }
fail() {	# fail <check> <why> [log]
	echo "[FAIL] $1: $2"
	if [ -n "${3:-}" ] && [ -f "$3" ]; then
		echo "       log: $3 (last 30 lines:)"
		tail -n 30 "$3" | tr -d '\r' | sed 's/^/       | /'
	fi
	failed=$((failed + 1))
}
checks="boot archive journald syslog textfile"
fail_all() {	# fail_all <why> [log]
	local c
	for c in $checks; do fail "$c" "$1" "${2:-}"; done
	finish
}
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ] && exit 0
	exit 1
}

# ---- tools, the kernel, the builds ---------------------------------------------
[ "$(id -u)" -eq 0 ] || fail_all "must run as root (debootstrap and the image's file owners); run: sudo $0"
missing=""
for tool in gcc make pkg-config qemu-system-x86_64 cpio gzip xz timeout apt-get dpkg-deb \
	debootstrap mke2fs depmod modprobe tar sha256sum git awk; do
	command -v "$tool" >/dev/null || missing="$missing $tool"
done
[ -x /bin/busybox ] || missing="$missing /bin/busybox(busybox-static)"
[ -z "$missing" ] || fail_all "missing tools:$missing; run tests/install-deps.sh (as root)"
if [ -z "$ver" ]; then
	ver=$("$here/kernels.sh" | grep '^6\.12\.' | head -n 1) ||
		fail_all "cannot determine the 6.12 kernel (tests/vm/kernels.sh failed); pass -k <ver>"
fi
d=$root/build/vm/sd/$ver
if [ "$recheck" -eq 1 ]; then
	[ -f "$d/results" ] || fail_all "-c: no artefacts of an earlier run in $d"
else
	rm -rf "$d"
	mkdir -p "$d"
	t0=$SECONDS
	step() {	# step <what> <log> <command...>
		local what=$1 log=$2
		shift 2
		"$@" >"$log" 2>&1 || fail_all "$what failed (log: $log)" "$log"
	}
	step "building hog/oracle/jtool (tests/vm/build-tools.sh)" "$d/tools.log" "$here/build-tools.sh"
	step "fetching the kernel (tests/vm/fetch-kernel.sh $ver)" "$d/fetch.log" "$here/fetch-kernel.sh" "$ver"
	step "building the module (tests/vm/build-module.sh $ver)" "$d/module.log" "$here/build-module.sh" "$ver"

	# the initramfs depends on the kernel and sdinitramfs.sh only: cached
	initrd=$root/build/sdimage/initramfs-$ver.cpio.gz
	ikey=$(sha256sum "$here/sdinitramfs.sh" | cut -c1-16)
	if [ ! -s "$initrd" ] || [ "$(cat "$initrd.key" 2>/dev/null)" != "$ikey" ]; then
		step "building the initramfs (tests/vm/sdinitramfs.sh)" "$d/initramfs.log" "$here/sdinitramfs.sh" "$ver" "$initrd"
		echo "$ikey" >"$initrd.key"
	fi

	# the image: the cached tree, this tree's build, the test's files
	overlay=$d/overlay
	mkdir -p "$overlay"
	cp -a "$here/systemd/." "$overlay/"
	chmod 0755 "$overlay/usr/local/sbin/oomsnap-sd-test"
	mkdir -p "$overlay/etc/systemd/system/multi-user.target.wants" "$overlay/var/lib/node_exporter/textfile"
	ln -sf ../oomsnap-test.service "$overlay/etc/systemd/system/multi-user.target.wants/oomsnap-test.service"
	image=$root/build/sdimage/disk-$ver.raw
	step "building the image (tests/vm/sdimage.sh)" "$d/image.log" "$here/sdimage.sh" "${image_opt[@]}" "$ver" "$image" "$overlay"
	t_build=$((SECONDS - t0))

	# ---- the boot ------------------------------------------------------------------
	vmlinuz=$root/build/vm/$ver/image/boot/vmlinuz-$ver
	timeout_s=${BOOT_TIMEOUT:-240}
	t1=$SECONDS
	rc=0
	timeout --kill-after=10 "$timeout_s" \
		qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1536 \
		-kernel "$vmlinuz" -initrd "$initrd" \
		-append "console=ttyS0 rw loglevel=4 panic=-1" \
		-drive "file=$image,format=raw,if=virtio,cache=unsafe" \
		-device virtio-rng-pci \
		-display none -vga none -serial "file:$d/serial.log" -serial "file:$d/test.log" \
		-no-reboot -monitor none -nic none </dev/null >"$d/qemu.log" 2>&1 || rc=$?
	t_boot=$((SECONDS - t1))
	echo "sd_forward: $ver: build ${t_build}s, VM ${t_boot}s" >"$d/timings"
	case $rc in
	0) ;;
	124 | 137) fail_all "the VM did not power off within ${timeout_s}s (killed); console: $d/serial.log" "$d/serial.log" ;;
	*) fail_all "qemu-system-x86_64 exited with $rc ($(head -c 300 "$d/qemu.log" | tr '\n' ' '))" "$d/serial.log" ;;
	esac
	"$here/extract.sh" "$d/test.log" "$d"
	tr -d '\r' <"$d/test.log" | grep '^@@DONE$' >/dev/null ||
		fail_all "the test in the guest did not finish (no @@DONE on ttyS1; test output: $d/test.log)" "$d/serial.log"
fi

# ---- the checks ------------------------------------------------------------------
# Each prints why it failed and returns 1.
jtool=$root/build/vm/jtool
oracle=$root/build/vm/oracle
result() { awk -v n="$1" '$1 == n { print $2 }' "$d/results"; }
expect_exit() {	# expect_exit <name> <status> <what>
	local got
	got=$(result "$1")
	[ -n "$got" ] || { echo "'$1' ($3) did not run in the guest"; return 1; }
	[ "$got" = "$2" ] && return 0
	echo "'$1' ($3) exited $got, expected $2; stderr: $(head -c 300 "$d/$1.err" 2>/dev/null | tr '\n' ' ')"
	return 1
}
has() { grep -- "--$1" "$d/oomsnapd_help.out" >/dev/null 2>&1; }
# the kernel's kill, the oracle: "Memory cgroup out of memory: Killed
# process PID (COMM) ..." in the guest's dmesg
k_line=$(grep -E 'Killed process [0-9]+ \(' "$d/dmesg.out" 2>/dev/null || true)
k_pid="" k_comm="" k_rss=""
if [ "$(echo "$k_line" | grep -c .)" -eq 1 ]; then
	[[ $k_line =~ Killed\ process\ ([0-9]+)\ \((.*)\)\ total-vm ]] &&
		k_pid=${BASH_REMATCH[1]} k_comm=${BASH_REMATCH[2]}
	# the victim's RSS as the kernel printed it: anon + file + shmem
	[[ $k_line =~ anon-rss:([0-9]+)kB,\ file-rss:([0-9]+)kB,\ shmem-rss:([0-9]+)kB ]] &&
		k_rss=$((BASH_REMATCH[1] + BASH_REMATCH[2] + BASH_REMATCH[3]))
fi
kill_line() {
	[ -n "$k_pid" ] ||
		{ echo "dmesg has $(echo "$k_line" | grep -c .) 'Killed process PID (COMM)' lines, expected 1: $(echo "$k_line" | tr '\n' '|')"; return 1; }
	echo "$k_line" | grep 'Memory cgroup out of memory' >/dev/null ||
		{ echo "the kill was not a memcg OOM kill: $k_line"; return 1; }
}
# the one archive file and its seq (the targets must carry the same)
a_file=$(grep '\.json$' "$d/archive.ls" 2>/dev/null || true)
a_seq=""
[ "$(echo "$a_file" | grep -c .)" -ne 1 ] || a_seq=$("$jtool" get "$d/archive.$a_file" seq 2>/dev/null || true)
need_seq() { [ -n "$a_seq" ] || { echo "no archive file with a seq to compare with (see the archive check)"; return 1; }; }
# the catalog entry of the MESSAGE_ID, from the source that was installed
catalog=$root/build/sdimage/src/userspace/oomsnapd/oomsnap.catalog
msgid=$(sed -n 's/^-- \([0-9a-fA-F]\{32\}\)\( .*\)\{0,1\}$/\1/p' "$catalog" 2>/dev/null | head -n 1)

check_boot() {
	local v
	expect_exit uname 0 "uname -a" &&
	expect_exit insmod 0 "insmod /root/oomsnap.ko" &&
	expect_exit start 0 "systemctl start oomsnapd.service" &&
	expect_exit check_config 0 "oomsnapd --check-config with the test's settings" &&
	expect_exit update_catalog 0 "journalctl --update-catalog" &&
	expect_exit active 0 "systemctl is-active oomsnapd.service" || return 1
	expect_exit multi_user 0 "systemctl is-active multi-user.target" || return 1
	if [[ $(cat "$d/multi_user_at.out") =~ ^[0-9]+$ ]]; then
		echo "note: multi-user.target reached $(awk '{ printf "%.1f", $1 / 1e6 }' "$d/multi_user_at.out") s after the boot (guest clock)" >>"$d/notes"
	fi
	expect_exit failed 0 "systemctl --failed" || return 1
	# the hog's scope fails (its process was killed): any other unit is news
	v=$(tr -d '●' <"$d/failed.out" | awk '$1 != "oomsnap-hog.scope" { print $1 }' | tr '\n' ' ')
	[ -z "$v" ] || echo "note: failed units: $v" >>"$d/notes"
	return 0
}

check_archive() {
	local n
	expect_exit hog 137 "the hog in a 64M scope, must be OOM-killed" &&
	if ! expect_exit wait_archive 0 "an archive file within 30 s"; then
		echo "oomsnapd.service said: $(grep -F 'oomsnapd[' "$d/oomsnapd_journal.out" | tail -n 3 | cut -c1-300 | tr '\n' '|')"
		return 1
	fi
	kill_line || return 1
	n=$(echo "$a_file" | grep -c . || true)
	[ "$n" -eq 1 ] || { echo "the archive holds $n files, expected 1: $(echo "$a_file" | tr '\n' ' ')"; return 1; }
	"$jtool" array "$d/archive.$a_file" >"$d/archive-all.json" ||
		{ echo "archive file $a_file is not JSON"; return 1; }
	"$oracle" --full --memcg-max 65536 "$d/dmesg.out" "$d/archive-all.json" >"$d/oracle.txt" 2>&1 ||
		{ echo "oracle: the archive file does not match the kernel's report: $(grep -E '^\[FAIL\]|^oracle:' "$d/oracle.txt" | head -n 6 | tr '\n' '|') (full: $d/oracle.txt)"; return 1; }
	need_seq || return 1
}

# field <name>: a field of the one journal entry ("" if absent)
field() { "$jtool" get "$d/journal.json" "0.$1" 2>/dev/null || true; }
check_journald() {
	local id=$msgid n f v want line
	has journald || { echo "this oomsnapd has no --journald option (oomsnapd --help in the guest)"; return 1; }
	kill_line && need_seq || return 1
	[ -n "$id" ] || { echo "no '-- <MESSAGE_ID>' line in $catalog (the build's copy of userspace/oomsnapd/oomsnap.catalog)"; return 1; }
	[ "$(cat "$d/msgid" 2>/dev/null)" = "$id" ] ||
		{ echo "the guest's installed catalog has MESSAGE_ID '$(cat "$d/msgid" 2>/dev/null)', the source '$id' (does make install install oomsnap.catalog?)"; return 1; }
	expect_exit wait_journal 0 "a journal entry MESSAGE_ID=$id within 30 s" &&
	expect_exit journal_json 0 "journalctl -o json MESSAGE_ID=$id" || return 1
	"$jtool" jsonl "$d/journal_json.out" >"$d/journal.json" ||
		{ echo "journalctl -o json printed something that is not JSON lines"; return 1; }
	n=$("$jtool" len "$d/journal.json" .)
	[ "$n" -eq 1 ] || { echo "journalctl -o json MESSAGE_ID=$id shows $n entries, expected exactly 1"; return 1; }
	for f in OOMSNAP_SEQ OOMSNAP_BOOT_ID OOMSNAP_KILL_TIME_USEC OOMSNAP_KIND OOMSNAP_VICTIM_PID \
		OOMSNAP_VICTIM_COMM OOMSNAP_VICTIM_RSS_KB OOMSNAP_MEMCG OOMSNAP_RECORD MESSAGE; do
		[ -n "$(field "$f")" ] || { echo "the journal entry has no $f field (or an empty one)"; return 1; }
	done
	for v in "MESSAGE_ID=$id" PRIORITY=3 SYSLOG_IDENTIFIER=oomsnap "OOMSNAP_VICTIM_PID=$k_pid" \
		"OOMSNAP_VICTIM_COMM=$k_comm" "OOMSNAP_VICTIM_RSS_KB=$k_rss" OOMSNAP_KIND=memcg "OOMSNAP_BOOT_ID=$(tr -d ' \n-' <"$d/boot_id.out")" \
		"OOMSNAP_SEQ=$a_seq" _SYSTEMD_UNIT=oomsnapd.service; do
		f=${v%%=*}
		want=${v#*=}
		got=$(field "$f")
		[ "$f" != OOMSNAP_BOOT_ID ] || got=$(echo "$got" | tr -d '-')
		[ "$got" = "$want" ] ||
			{ echo "the journal entry has $f='$(field "$f")', expected '$want' (the kill in dmesg: $k_pid ($k_comm); archive seq $a_seq)"; return 1; }
	done
	[ "$(field MESSAGE)" = "${k_line#*] }" ] ||
		{ echo "the journal entry's MESSAGE is '$(field MESSAGE)', expected the kernel's line '${k_line#*] }'"; return 1; }
	[[ $(field OOMSNAP_KILL_TIME_USEC) =~ ^[1-9][0-9]{15}$ ]] ||
		{ echo "OOMSNAP_KILL_TIME_USEC is '$(field OOMSNAP_KILL_TIME_USEC)', not microseconds since the epoch"; return 1; }
	case $(field OOMSNAP_MEMCG) in
	*/oomsnap-hog.scope) ;;
	*) echo "OOMSNAP_MEMCG is '$(field OOMSNAP_MEMCG)', expected the hog's scope (.../oomsnap-hog.scope)"; return 1 ;;
	esac
	v=$(field OOMSNAP_RECORD)
	[[ -n $a_file && $v == *"$a_file" ]] ||
		{ echo "OOMSNAP_RECORD '$v' does not name the archive file ($a_file)"; return 1; }
	# journalctl -x: the catalog's Subject and first line of text, with
	# the entry's fields put in for @FIELD@
	expect_exit journal_x 0 "journalctl -x MESSAGE_ID=$id" || return 1
	for want in "$(sed -n '/^-- /,$ { s/^Subject: //p }' "$catalog" | head -n 1)" \
		"$(awk '/^-- / { on = 1; hdr = 1; next } on && hdr && /^$/ { hdr = 0; next } on && !hdr && NF { print; exit }' "$catalog")"; do
		[ -n "$want" ] || { echo "$catalog: no Subject: or no text after it"; return 1; }
		line=$want
		while [[ $line =~ @([A-Z0-9_]+)@ ]]; do
			line=${line//"${BASH_REMATCH[0]}"/$(field "${BASH_REMATCH[1]}")}
		done
		grep -F -- "$line" "$d/journal_x.out" >/dev/null ||
			{ echo "journalctl -x does not show the catalog's '$line' (from '$want'); journalctl --update-catalog in the guest: $(tr '\n' ' ' <"$d/update_catalog.err" 2>/dev/null)"; return 1; }
	done
}

check_syslog() {
	local l n sd v
	has syslog || { echo "this oomsnapd has no --syslog option (oomsnapd --help in the guest)"; return 1; }
	kill_line && need_seq || return 1
	expect_exit wait_relp 0 "a line in rsyslog's /var/log/oomsnap-relp.log within 30 s" || return 1
	l=$(grep -F '[oomsnap@32473 ' "$d/relp.log" || true)
	n=$(echo "$l" | grep -c . || true)
	[ "$n" -eq 1 ] || { echo "rsyslog received $n lines with [oomsnap@32473 ...], expected 1 (relp.log: $(head -c 300 "$d/relp.log" | tr '\n' '|'))"; return 1; }
	case $l in
	"<"*">1 "*) ;;
	*) echo "the rsyslog line is not RFC 5424 ('<PRI>1 ...'): $(echo "$l" | cut -c1-200)"; return 1 ;;
	esac
	sd="[oomsnap@32473 ${l#*\[oomsnap@32473 }"
	sd=${sd%%]*}]
	[ "${l#*\[oomsnap@32473 *\] }" = "${k_line#*] }" ] ||
		{ echo "the rsyslog line's message is '${l#*\[oomsnap@32473 *\] }', expected the kernel's line '${k_line#*] }'"; return 1; }
	for v in "pid=\"$k_pid\"" "comm=\"$k_comm\"" "rss_kb=\"$k_rss\"" "seq=\"$a_seq\"" 'kind="memcg"' \
		"boot=\"$(tr -d ' \n' <"$d/boot_id.out")\"" "file=\"$a_file\""; do
		echo "$sd" | grep -F -- " $v" >/dev/null ||
			{ echo "the structured data has no $v (dmesg: $k_pid ($k_comm), archive seq $a_seq): $sd"; return 1; }
	done
}

check_textfile() {
	local l
	has textfile || { echo "this oomsnapd has no --textfile option"; return 1; }
	expect_exit wait_textfile 0 "oomsnap_kills_total in the .prom file within 30 s" || return 1
	l=$(grep '^oomsnap_kills_total{' "$d/textfile.prom" || true)
	echo "$l" | grep -Fx 'oomsnap_kills_total{kind="memcg"} 1' >/dev/null ||
		{ echo "the .prom file has '$(echo "$l" | tr '\n' '|')', expected 'oomsnap_kills_total{kind=\"memcg\"} 1'"; return 1; }
	l=$(echo "$l" | grep -v '^oomsnap_kills_total{kind="memcg"} ' | grep -v ' 0$' || true)
	[ -z "$l" ] || { echo "the .prom file counts other kills: $(echo "$l" | tr '\n' '|') (there was one memcg kill)"; return 1; }
}

: >"$d/notes"
for c in $checks; do
	if why=$("check_$c" 2>&1); then
		pass "$c"
	else
		fail "$c" "$why"
	fi
done
[ -z "$k_pid" ] || echo "note: the kill: $k_pid ($k_comm), archive file $a_file (seq ${a_seq:-?})" >>"$d/notes"
sed 's/^note: /       /' "$d/notes"
echo "       $(cat "$d/timings" 2>/dev/null)"
finish
