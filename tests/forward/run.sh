#!/bin/bash
# tests/forward/run.sh - the host-side forwarding test (make forward): seeds
# an oomsnapd archive with synthetic records (mkarchive.c), hands it to
# oomsnapd's targets and reads back what arrived: a real rsyslogd started
# here on loopback (UDP, TCP, TLS with a CA made here, RELP), the JSON Lines
# file (fwcheck.c) and the node_exporter textfile (promtool check metrics).
# Every expected value comes from the records this script asked mkarchive
# to write, never from oomsnapd's output.  rsyslog is stopped and started
# while records arrive: over RELP every record must arrive exactly once and
# in order; over TCP and TLS at least once (the daemon resends from its
# cursor), over UDP nothing can be promised: the script prints what it saw.
#
#   tests/forward/run.sh [-k]     -k: keep the work folder (printed)
#   OOMSNAPD=/path/to/oomsnapd tests/forward/run.sh    test another build
#
# Needs: rsyslogd with imudp, imtcp, imrelp (rsyslog-relp) and the gtls
# driver (rsyslog-gnutls); certtool, gnutls-cli (gnutls-bin); promtool
# (prometheus); logger (util-linux); ss (iproute2); cc, pkg-config, json-c.
# No kernel module; free high ports picked at run time (tested as root).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$ROOT/build/forward
DAEMON=${OOMSNAPD:-$ROOT/userspace/oomsnapd/oomsnapd}	# another build: OOMSNAPD=
SD_ID=oomsnap@32473
WAIT_S=10		# bound of every wait for a port or a message
KEEP=0
[ "${1:-}" = -k ] && KEEP=1

W=$(mktemp -d /tmp/oomsnap-forward.XXXXXX)
RS_PID=
RC_PID=
D_PID=

cleanup() {
	local rc=$?

	if [ -n "$D_PID" ]; then
		kill -TERM "$D_PID" 2>/dev/null || true
		wait "$D_PID" 2>/dev/null || true
	fi
	for p in "$RS_PID" "$RC_PID"; do
		[ -n "$p" ] || continue
		kill -TERM "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	if [ "$KEEP" = 1 ]; then
		echo "forward: work folder kept: $W"
	else
		rm -rf "$W"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP PIPE

PASS=0
FAIL=0
ok() {
	echo "[ OK ] forward $1"
	PASS=$((PASS + 1))
}
nok() {
	echo "[FAIL] forward $1: $2"
	FAIL=$((FAIL + 1))
}
note() {
	echo "       forward $1: $2"
}
finish() {
	echo "forward: $PASS passed, $FAIL failed"
	[ "$FAIL" -eq 0 ] || exit 1
	exit 0
}

# ------------------------------------------------------------ prerequisites

missing=
for p in rsyslogd certtool gnutls-cli promtool logger ss cc pkg-config od \
	 timeout awk comm date; do
	command -v "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	nok prerequisites "not installed:$missing (tests/install-deps.sh)"
	finish
fi
RSLIB=$(dirname "$(find /usr/lib /usr/lib64 -name imudp.so -path '*rsyslog*' 2>/dev/null | head -n 1)")
for m in imudp imtcp imrelp omrelp lmnsd_gtls; do
	if [ ! -e "$RSLIB/$m.so" ]; then
		nok prerequisites "rsyslog module $m missing (rsyslog-relp, rsyslog-gnutls)"
		finish
	fi
done
if [ ! -x "$DAEMON" ]; then
	nok prerequisites "$DAEMON not built (make cli)"
	finish
fi
mkdir -p "$BIN"
CFL="-std=gnu11 -Wall -Wextra -Werror -O2 -g"
# shellcheck disable=SC2046,SC2086
if ! cc $CFL -I"$ROOT/include" -I"$ROOT/userspace/lib" -o "$BIN/mkarchive" \
	"$ROOT/tests/forward/mkarchive.c" "$ROOT/userspace/lib/liboomsnap.a" \
	$(pkg-config --cflags --libs json-c libnl-3.0 libnl-genl-3.0) ||
   ! cc $CFL -o "$BIN/fwcheck" "$ROOT/tests/forward/fwcheck.c" \
	$(pkg-config --cflags --libs json-c); then
	nok prerequisites "cannot build the helpers in tests/forward"
	finish
fi
HAVE_SYSLOG=0
"$DAEMON" --help 2>&1 | grep -e '--syslog' >/dev/null && HAVE_SYSLOG=1

# ------------------------------------------------------------------ helpers

# The bytes of $1, hex-encoded (as fwcheck prints them).
hex() {
	printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n'
}

# A free loopback port for tcp or udp, none of those already picked.
PICKED=" "
free_port() {
	local proto=$1 p i flag=-Hltn

	[ "$proto" = udp ] && flag=-Hlun
	for i in $(seq 1 200); do
		p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		case "$PICKED" in *" $p "*) continue ;; esac
		if [ -z "$(ss $flag "sport = :$p" 2>/dev/null)" ]; then
			PICKED="$PICKED$p "
			echo "$p"
			return 0
		fi
	done
	echo "forward: no free $proto port" >&2
	return 1
}

# Wait (bounded) until port $2 ($1: tcp or udp) is listened on.
wait_listen() {
	local flag=-Hltn i

	[ "$1" = udp ] && flag=-Hlun
	for i in $(seq 1 $((WAIT_S * 10))); do
		[ -n "$(ss $flag "sport = :$2" 2>/dev/null)" ] && return 0
		sleep 0.1
	done
	return 1
}

# Lines in file $1 (0 when it does not exist).
lines() {
	if [ -e "$1" ]; then
		wc -l <"$1"
	else
		echo 0
	fi
}

# Wait (bounded: $3 seconds, default WAIT_S) until file $1 has at least
# $2 lines, then 0.5 s more (so that a duplicate sent right after is seen
# too).  1 on timeout.
wait_lines() {
	local i

	for i in $(seq 1 $((${3:-$WAIT_S} * 10))); do
		if [ "$(lines "$1")" -ge "$2" ]; then
			sleep 0.5
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# ------------------------------------------------------------ certificates

mkdir -p "$W/pki" "$W/out" "$W/rsyslog"
(
	cd "$W/pki"
	cat >ca.tmpl <<-EOF
		cn = "oomsnap forward test CA"
		ca
		cert_signing_key
		expiration_days = 2
	EOF
	cat >rogue.tmpl <<-EOF
		cn = "oomsnap forward test rogue CA"
		ca
		cert_signing_key
		expiration_days = 2
	EOF
	# No IP address in it: a client connecting to 127.0.0.1 must refuse.
	cat >server.tmpl <<-EOF
		cn = "localhost"
		dns_name = "localhost"
		tls_www_server
		signing_key
		encryption_key
		expiration_days = 2
	EOF
	certtool --generate-privkey --key-type ecdsa --outfile ca.key
	certtool --generate-self-signed --load-privkey ca.key \
		--template ca.tmpl --outfile ca.pem
	certtool --generate-privkey --key-type ecdsa --outfile rogue.key
	certtool --generate-self-signed --load-privkey rogue.key \
		--template rogue.tmpl --outfile rogue.pem
	certtool --generate-privkey --key-type ecdsa --outfile server.key
	certtool --generate-certificate --load-privkey server.key \
		--load-ca-certificate ca.pem --load-ca-privkey ca.key \
		--template server.tmpl --outfile server.pem
) >"$W/pki/certtool.log" 2>&1 || {
	nok certificates "certtool failed: $(tail -n 3 "$W/pki/certtool.log")"
	finish
}

# ----------------------------------------------------------------- rsyslog

P_UDP=$(free_port udp)
P_TCP=$(free_port tcp)
P_TLS=$(free_port tcp)
P_RELP=$(free_port tcp)
P_DEAD=$(free_port tcp)		# never listened on: a collector that is down
P_CLIENT=$(free_port udp)	# the harness's RELP client rsyslogd

# Each input its own ruleset and file; the test's own messages (harness,
# APP-NAME fwharness) go to a file of their own.  The template keeps what
# rsyslog parsed (APP-NAME, MSGID, STRUCTURED-DATA) and the raw message,
# JSON-escaped (a line each whatever the bytes); control characters are
# kept as received, not escaped by rsyslog.
cat >"$W/rsyslog/rsyslog.conf" <<EOF
global(workDirectory="$W/rsyslog"
       maxMessageSize="64k"
       parser.escapeControlCharactersOnReceive="off"
       defaultNetstreamDriverCAFile="$W/pki/ca.pem"
       defaultNetstreamDriverCertFile="$W/pki/server.pem"
       defaultNetstreamDriverKeyFile="$W/pki/server.key")
module(load="imudp")
module(load="imtcp")
module(load="imrelp")
template(name="fw" type="string"
	 string="{\"app\":\"%app-name:::json%\",\"msgid\":\"%msgid:::json%\",\"sd\":\"%structured-data:::json%\",\"raw\":\"%rawmsg:::json%\"}\n")
EOF
for t in udp tcp tls relp; do
	cat >>"$W/rsyslog/rsyslog.conf" <<EOF
ruleset(name="$t") {
	if \$app-name == "fwharness" then {
		action(type="omfile" file="$W/out/harness-$t.log" template="fw")
	} else {
		action(type="omfile" file="$W/out/$t.log" template="fw")
	}
}
EOF
done
cat >>"$W/rsyslog/rsyslog.conf" <<EOF
input(type="imudp" address="127.0.0.1" port="$P_UDP" ruleset="udp")
input(type="imtcp" address="127.0.0.1" port="$P_TCP" ruleset="tcp")
input(type="imtcp" address="127.0.0.1" port="$P_TLS" ruleset="tls"
      streamDriver.name="gtls" streamDriver.mode="1"
      streamDriver.authMode="anon")
input(type="imrelp" address="127.0.0.1" port="$P_RELP" ruleset="relp")
# rsyslog's own messages
action(type="omfile" file="$W/rsyslog/internal.log")
EOF

RS_STARTS=0
start_rsyslog() {
	RS_STARTS=$((RS_STARTS + 1))
	rsyslogd -n -f "$W/rsyslog/rsyslog.conf" -i "$W/rsyslog/rsyslogd.pid" \
		>>"$W/rsyslog/stdout.log" 2>&1 &
	RS_PID=$!
	if wait_listen udp "$P_UDP" && wait_listen tcp "$P_TCP" &&
	   wait_listen tcp "$P_TLS" && wait_listen tcp "$P_RELP"; then
		return 0
	fi
	echo "forward: rsyslogd does not listen; its output:" >&2
	tail -n 20 "$W/rsyslog/stdout.log" "$W/rsyslog/internal.log" >&2 || true
	return 1
}
stop_rsyslog() {
	kill -TERM "$RS_PID"
	wait "$RS_PID" 2>/dev/null || true
	RS_PID=
}

if ! rsyslogd -N1 -f "$W/rsyslog/rsyslog.conf" >"$W/rsyslog/check.log" 2>&1; then
	nok rsyslog "the test's configuration is refused: $(grep -m 3 -i error "$W/rsyslog/check.log" || tail -n 3 "$W/rsyslog/check.log")"
	finish
fi
if ! start_rsyslog; then
	nok rsyslog "rsyslogd did not start listening within ${WAIT_S}s"
	finish
fi

# ------------------------------------------------------ the harness itself
# Prove the receiving side before blaming oomsnapd: logger (UDP, TCP) and
# gnutls-cli (TLS, verifying the server with the test's CA) send RFC 5424
# messages with escapes in the structured data; fwcheck must read back the
# values sent.  RELP: a second rsyslogd, a client, takes logger's message
# over UDP and forwards it with omrelp.

H_COMM='h"\]x é'
H_COMM_SD='h\"\\\]x é'		# the same, escaped as RFC 5424 6.3.3 says
h_expect() {	# seq, transport
	printf '%s\t%s\t-\t-\t%s\t-\t-\t-\tfwharness\tFWTEST\n' "$1" \
		"harness-$2" "$(hex "$H_COMM")"
}
# logger sends user.notice (13), the TLS message says user.info (14).
h_logger() {	# seq, transport, logger's transport options...
	local seq=$1 t=$2

	shift 2
	logger --rfc5424 --server 127.0.0.1 "$@" --tag fwharness \
		--msgid FWTEST --sd-id "$SD_ID" \
		--sd-param "seq=\"$seq\"" --sd-param "boot=\"harness-$t\"" \
		--sd-param "comm=\"$H_COMM_SD\"" "harness message $seq"
}
harness_ok=1
h_logger 1 udp --udp --port "$P_UDP"
h_logger 2 tcp --tcp --octet-count --port "$P_TCP"
h_msg="<14>1 2025-01-01T00:00:00.000001Z fwhost fwharness - FWTEST [$SD_ID seq=\"3\" boot=\"harness-tls\" comm=\"$H_COMM_SD\"] harness message 3"
h_len=$(printf '%s' "$h_msg" | wc -c)
printf '%s %s' "$h_len" "$h_msg" |
	timeout "$WAIT_S" gnutls-cli --x509cafile "$W/pki/ca.pem" \
		--port "$P_TLS" localhost >"$W/out/gnutls-cli.log" 2>&1 || {
	nok harness "gnutls-cli could not deliver over TLS: $(tail -n 2 "$W/out/gnutls-cli.log")"
	harness_ok=0
}
mkdir -p "$W/rsyslog-client"
cat >"$W/rsyslog-client/rsyslog.conf" <<EOF
global(workDirectory="$W/rsyslog-client")
module(load="imudp")
module(load="omrelp")
ruleset(name="fwd") {
	action(type="omrelp" target="127.0.0.1" port="$P_RELP"
	       template="RSYSLOG_SyslogProtocol23Format")
}
input(type="imudp" address="127.0.0.1" port="$P_CLIENT" ruleset="fwd")
EOF
rsyslogd -n -f "$W/rsyslog-client/rsyslog.conf" -i "$W/rsyslog-client/rsyslogd.pid" \
	>"$W/rsyslog-client/stdout.log" 2>&1 &
RC_PID=$!
if wait_listen udp "$P_CLIENT"; then
	h_logger 4 relp --udp --port "$P_CLIENT"
	wait_lines "$W/out/harness-relp.log" 1 || true
else
	nok harness "the RELP client rsyslogd does not listen: $(tail -n 2 "$W/rsyslog-client/stdout.log")"
	harness_ok=0
fi
kill -TERM "$RC_PID"
wait "$RC_PID" 2>/dev/null || true
RC_PID=
for c in "udp 1" "tcp 2" "tls 3" "relp 4"; do
	read -r t n <<<"$c"
	wait_lines "$W/out/harness-$t.log" 1 || true
	got=$("$BIN/fwcheck" syslog "$W/out/harness-$t.log" "$SD_ID" 2>&1 | cut -f1-10 || true)
	want=$(h_expect "$n" "$t")
	if [ "$got" != "$want" ]; then
		nok "harness $t" "rsyslog/fwcheck read back '$got', sent '$want'"
		harness_ok=0
	fi
done
if [ "$harness_ok" = 1 ]; then
	ok "harness (rsyslog receives logger over UDP, TCP, gnutls-cli over TLS, omrelp over RELP; escapes intact)"
else
	finish
fi

# ---------------------------------------------------------------- records
# One line a record: the columns of mkarchive (seq boot time_ns kind pid
# comm_hex rss_pages memcg_hex), then the comm that syslog must carry (RFC
# 5424 parameter values are UTF-8: each invalid byte becomes U+FFFD, as in
# the JSON's "comm").

BOOT_A=0d3b7a52-8c1e-4f6a-9b2d-7e5f1a2c3b4d	# an earlier boot
BOOT_B=b5e6f7a8-1234-4cde-8f00-aabbccddeeff
T0=1764580748000000000			# 2025-12-01T09:19:08Z
FFFD=efbfbd
LONG_CG="/kubepods.slice/kubepods-burstable.slice/pod \"quoted\" [bracket] back\\slash é"
while [ "$(printf '%s' "$LONG_CG" | wc -c)" -lt 255 ]; do
	LONG_CG="$LONG_CG/deeper.slice"
done
LONG_CG=$(printf '%s' "$LONG_CG" | head -c 255)
if [ "$(printf '%s' "$LONG_CG" | wc -c)" != 255 ]; then
	nok records "the long memcg path is not 255 bytes"
	finish
fi

NREC=0
# rec SET BOOT SEQ KIND PID COMM_HEX RSS_PAGES MEMCG_HEX SYSLOG_COMM_HEX
rec() {
	local t=$((T0 + NREC * 1000000000 + NREC * 1234567))

	NREC=$((NREC + 1))
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$3" "$2" "$t" "$4" \
		"$5" "$6" "$7" "$8" "$9" >>"$W/spec.$1"
}
# set 1: the hostile ones: comm with '"', '\', ']', a space and an é; an
# invalid byte; cut inside a UTF-8 character (15 bytes, as the kernel
# cuts); a tab and a newline; the largest pid; a 255-byte memcg path with
# quotes, brackets, a backslash; a panic record (no victim); two boots
# with the same seqs (a record is seq AND boot).
rec 1 $BOOT_A 1 global 1001 "$(hex postgres)" 262144 - "$(hex postgres)"
rec 1 $BOOT_A 2 memcg 1002 "$(hex 'a"b\c]d é')" 1000 "$(hex /system.slice/web.service)" "$(hex 'a"b\c]d é')"
rec 1 $BOOT_A 3 panic - - - - -
rec 1 $BOOT_B 1 sysrq 1004 "$(hex x)ff$(hex y)" 10 - "$(hex x)$FFFD$(hex y)"
rec 1 $BOOT_B 2 memcg 1005 "$(hex abcdefghijklmn)c3" 77 "$(hex "$LONG_CG")" "$(hex abcdefghijklmn)$FFFD"
rec 1 $BOOT_B 3 global 4194304 "$(hex '[x] "y"')" 0 - "$(hex '[x] "y"')"
rec 1 $BOOT_B 4 memcg 1007 "$(hex 'tab	nl')0a$(hex 'end\')" 5 "$(hex '/a b/c]d/"e"')" "$(hex 'tab	nl')0a$(hex 'end\')"
for s in 5 6 7 8 9; do
	rec 1 $BOOT_B $s global $((2000 + s)) "$(hex "worker-$s")" $((s * 100)) - "$(hex "worker-$s")"
done
# sets 2..6: the outages
for s in 10 11 12; do
	rec 2 $BOOT_B $s memcg $((2000 + s)) "$(hex "late-$s")" $s "$(hex "/user.slice/u$s")" "$(hex "late-$s")"
done
for s in 13 14 15; do
	rec 3 $BOOT_B $s global $((2000 + s)) "$(hex "run-$s")" $s - "$(hex "run-$s")"
done
for s in 16 17 18; do
	rec 4 $BOOT_B $s sysrq $((2000 + s)) "$(hex "down-$s")" $s - "$(hex "down-$s")"
done
for s in 19 20 21; do
	rec 5 $BOOT_B $s global $((2000 + s)) "$(hex "quick-$s")" $s - "$(hex "quick-$s")"
done
for s in 22 23; do
	rec 6 $BOOT_B $s global $((2000 + s)) "$(hex "again-$s")" $s - "$(hex "again-$s")"
done

STATE=$W/state
# Seed set $1 into $STATE (or $2); checks the names mkarchive reports.
seed() {
	local dir=${2:-$STATE} got want=

	got=$(cut -f1-8 "$W/spec.$1" | "$BIN/mkarchive" "$dir")
	while IFS=$'\t' read -r seq boot t _; do
		want="$want$(date -u -d "@$((t / 1000000000))" +%Y%m%dT%H%M%S).$(printf %09d $((t % 1000000000)))Z_${boot}_$seq.json"$'\n'
	done <"$W/spec.$1"
	if [ "$got"$'\n' != "$want" ]; then
		nok "seed set $1" "mkarchive wrote '$got', expected '$want'"
		finish
	fi
	printf '%s' "$want" >>"$W/names"
	cat "$W/spec.$1" >>"$W/spec.sent"
}

# Expected fwcheck lines of the records seeded so far (spec.sent).
expect_jsonl() {
	while IFS=$'\t' read -r seq boot t kind pid comm rss cg _; do
		if [ "$kind" = panic ]; then
			printf '%s\t%s\tglobal\t1\t-\t-\t-\t%s\n' "$seq" "$boot" "$cg"
		else
			printf '%s\t%s\t%s\t0\t%s\t%s\t%s\t%s\n' "$seq" "$boot" \
				"$kind" "$pid" "$comm" "$((rss * 4))" "$cg"
		fi
	done <"$W/spec.sent"
}
# seq boot kind pid comm rss_kb memcg file app msgid time pri: as
# oomsnapd.8 says, TIMESTAMP is the kill time (UTC, microseconds), PRI
# daemon.err (27), daemon.crit (26) for a panic record, whose kind is the
# record's (global) and which has no pid, comm, rss_kb.
expect_syslog() {
	local n=0 names pri

	mapfile -t names <"$W/names"
	while IFS=$'\t' read -r seq boot t kind pid comm rss cg scomm; do
		pri=27
		if [ "$kind" = panic ]; then
			kind=global
			pri=26
		else
			rss=$((rss * 4))
		fi
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\toomsnap\tOOMKILL\t%s.%06dZ\t%s\n' \
			"$seq" "$boot" "$kind" "$pid" "$scomm" "$rss" "$cg" \
			"${names[$n]}" \
			"$(date -u -d "@$((t / 1000000000))" +%Y-%m-%dT%H:%M:%S)" \
			$(((t % 1000000000) / 1000)) "$pri"
		n=$((n + 1))
	done <"$W/spec.sent"
}

# ---------------------------------------------------------------- oomsnapd

SYSLOG_ARGS=(--syslog "udp://127.0.0.1:$P_UDP" --syslog "tcp://127.0.0.1:$P_TCP"
	     --syslog "tls://localhost:$P_TLS" --syslog "relp://127.0.0.1:$P_RELP"
	     --syslog-ca "$W/pki/ca.pem" --syslog-timeout 3)
TARGET_ARGS=(--jsonl "$W/out/records.jsonl" --textfile "$W/out/oomsnap.prom")
[ "$HAVE_SYSLOG" = 1 ] && TARGET_ARGS+=("${SYSLOG_ARGS[@]}")
RUNS=0
once() {
	RUNS=$((RUNS + 1))
	echo "== run $RUNS: oomsnapd --once" >>"$W/oomsnapd.log"
	"$DAEMON" --once --state-dir "$STATE" --runtime-dir "$W/run" \
		"${TARGET_ARGS[@]}" >>"$W/oomsnapd.log" 2>&1
}

# The cursor of the target whose cursor file matches *$1*.cursor in
# state folder $2 (default $STATE): "" if none.
cursor() {
	local f

	for f in "${2:-$STATE}"/targets/*$1*.cursor; do
		[ -e "$f" ] && cat "$f"
		return 0
	done
}

# ------------------------------------------------------------- the checks

check_jsonl() {	# case name
	local got want

	got=$("$BIN/fwcheck" jsonl "$W/out/records.jsonl" 2>&1 || true)
	want=$(expect_jsonl)
	if [ "$got" = "$want" ]; then
		ok "$1 (one line per record, in order, values as seeded)"
	else
		nok "$1" "read back differs from the seeded records: $(diff <(echo "$want") <(echo "$got") | head -n 6 | tr '\n' '|')"
	fi
}

check_textfile() {	# case name
	local want_g want_m want_s got_g got_m got_s t last want_last out

	if ! out=$(promtool check metrics <"$W/out/oomsnap.prom" 2>&1); then
		nok "$1" "promtool check metrics refuses it: $out"
		return
	fi
	want_g=$(awk -F'\t' '$4 == "global" || $4 == "panic"' "$W/spec.sent" | wc -l)
	want_m=$(awk -F'\t' '$4 == "memcg"' "$W/spec.sent" | wc -l)
	want_s=$(awk -F'\t' '$4 == "sysrq"' "$W/spec.sent" | wc -l)
	got_g=$(awk '$1 == "oomsnap_kills_total{kind=\"global\"}" { print $2 }' "$W/out/oomsnap.prom")
	got_m=$(awk '$1 == "oomsnap_kills_total{kind=\"memcg\"}" { print $2 }' "$W/out/oomsnap.prom")
	got_s=$(awk '$1 == "oomsnap_kills_total{kind=\"sysrq\"}" { print $2 }' "$W/out/oomsnap.prom")
	t=$(tail -n 1 "$W/spec.sent" | cut -f3)
	want_last=$((t / 1000000000)).$(printf %09d $((t % 1000000000)))
	last=$(awk '$1 == "oomsnap_last_kill_timestamp_seconds" { print $2 }' "$W/out/oomsnap.prom")
	if [ "$got_g/$got_m/$got_s" != "$want_g/$want_m/$want_s" ]; then
		nok "$1" "kills by kind global/memcg/sysrq are $got_g/$got_m/$got_s, seeded $want_g/$want_m/$want_s"
	elif [ "$last" != "$want_last" ]; then
		nok "$1" "oomsnap_last_kill_timestamp_seconds is '$last', the newest seeded kill $want_last"
	else
		ok "$1 (promtool check metrics passes; kills global/memcg/sysrq $got_g/$got_m/$got_s as seeded)"
	fi
}

# Compare transport $1's file with the records sent so far.  $2: exact
# (each once, in order) or atleast (each at least once; duplicates and
# order reported, not failed) or observe (only reported).  $3: case name.
check_syslog() {
	local t=$1 mode=$2 name=$3 got want bad lost dup dupn extra first obs

	got=$("$BIN/fwcheck" syslog "$W/out/$t.log" "$SD_ID" 2>&1 || true)
	want=$(expect_syslog)
	bad=$(printf '%s\n' "$got" | grep -c '^BAD' || true)
	if [ "$bad" != 0 ]; then
		nok "$name" "$bad message(s) not as RFC 5424 requires: $(printf '%s\n' "$got" | grep -m 2 '^BAD' | tr '\n' '|')"
		return
	fi
	# lost: expected, never received; dup: received more than once;
	# extra: received, never sent
	lost=$(comm -23 <(printf '%s\n' "$want" | sort -u) <(printf '%s\n' "$got" | sort -u) | grep -c . || true)
	dup=$(printf '%s\n' "$got" | grep . | sort | uniq -d | wc -l)
	dupn=$(( $(printf '%s\n' "$got" | grep -c . || true) - $(printf '%s\n' "$got" | grep . | sort -u | wc -l) ))
	extra=$(comm -13 <(printf '%s\n' "$want" | sort -u) <(printf '%s\n' "$got" | sort -u) | grep -c . || true)
	first=$(printf '%s\n' "$got" | awk '!seen[$0]++')
	obs="$(printf '%s\n' "$want" | grep -c .) sent, $(printf '%s\n' "$got" | grep -c . || true) received: $lost lost, $dup duplicated ($dupn extra copies), $extra unknown"
	[ "$first" = "$want" ] || obs="$obs, out of order"
	case "$mode" in
	exact)
		if [ "$got" = "$want" ]; then
			ok "$name (each record once, in order, structured data as seeded)"
		else
			nok "$name" "$obs; first difference: $(diff <(echo "$want") <(echo "$got") | grep -m 2 '^[<>]' | tr '\n' '|')"
		fi
		;;
	atleast)
		if [ "$lost" = 0 ] && [ "$extra" = 0 ]; then
			ok "$name (every record at least once, values as seeded)"
			note "$name" "observed: $obs"
		else
			nok "$name" "$obs; first difference: $(diff <(echo "$want") <(echo "$got") | grep -m 2 '^[<>]' | tr '\n' '|')"
		fi
		;;
	observe)
		if [ "$extra" != 0 ]; then
			nok "$name" "$obs"
		else
			ok "$name (what arrived is as seeded)"
			note "$name" "observed: $obs"
		fi
		;;
	esac
}

# Wait for every transport to hold the records sent so far (UDP and the
# others that cannot promise it: a shorter wait), then check each.
# $1: what RELP, TCP/TLS and UDP must show (exact or atleast for TCP/TLS),
# $2: the case name's suffix.
check_all() {
	local n i

	n=$(wc -l <"$W/spec.sent")
	for i in $(seq 1 $((WAIT_S * 10))); do
		[ "$(lines "$W/out/relp.log")" -ge "$n" ] &&
		[ "$(lines "$W/out/tcp.log")" -ge "$n" ] &&
		[ "$(lines "$W/out/tls.log")" -ge "$n" ] &&
		{ [ "$(lines "$W/out/udp.log")" -ge "$n" ] || [ "$i" -gt 20 ]; } &&
		break
		sleep 0.1
	done
	sleep 0.5		# a duplicate sent right after is seen too
	check_syslog relp exact "syslog relp$2"
	check_syslog tcp "$1" "syslog tcp$2"
	check_syslog tls "$1" "syslog tls$2"
	check_syslog udp "$([ "$1" = exact ] && echo exact || echo observe)" "syslog udp$2"
	check_jsonl "jsonl$2"
	check_textfile "textfile$2"
}

# The syslog targets' cursors, "udp tcp tls relp".
syslog_cursors() {
	echo "$(cursor "syslog*_$P_UDP") $(cursor "syslog*_$P_TCP") $(cursor "syslog*_$P_TLS") $(cursor "syslog*_$P_RELP")"
}

# ------------------------------------------- case 1: every record, once

seed 1
rc=0
once || rc=$?
last=$(tail -n 1 "$W/names")
if [ "$HAVE_SYSLOG" = 0 ]; then
	check_jsonl jsonl
	check_textfile textfile
	nok syslog "oomsnapd --help lists no --syslog: the syslog cases cannot run"
	finish
fi
check_all exact ""
if [ "$rc" = 0 ] && [ "$(syslog_cursors)" = "$last $last $last $last" ] &&
   [ "$(cursor jsonl)" = "$last" ] && [ "$(cursor textfile)" = "$last" ]; then
	ok "--once exits 0, every target's cursor at the newest record"
else
	nok "cursors" "--once exit $rc; syslog cursors '$(syslog_cursors)', jsonl '$(cursor jsonl)', textfile '$(cursor textfile)'; newest seeded $last"
fi

# ------------------------------------- case 2: TLS refuses a wrong server
# The same archive in a state folder of its own, one tls:// target: the
# server's certificate not signed by the CA given, or not naming the host
# connected to (127.0.0.1: it names localhost only).  Nothing may arrive,
# the cursor may not move, --once exits 69 and says why.

NEG=0
tls_refused() {	# case, URL, CA file
	local d rc=0 before cur why

	NEG=$((NEG + 1))
	d=$W/neg-$NEG
	mkdir -p "$d"
	cp -a "$STATE/records" "$d/"
	before=$(lines "$W/out/tls.log")
	"$DAEMON" --once --state-dir "$d" --runtime-dir "$d/run" \
		--syslog "$2" --syslog-ca "$3" --syslog-timeout 3 \
		>"$d/oomsnapd.log" 2>&1 || rc=$?
	sleep 0.5
	cur=$(cursor syslog "$d")
	why=$(grep -m 1 -i "target syslog $2: .*certificate" "$d/oomsnapd.log" || true)
	if [ "$rc" != 69 ]; then
		nok "tls refuses $1" "--once exited $rc, not 69: $(tail -n 2 "$d/oomsnapd.log" | tr '\n' '|')"
	elif [ "$(lines "$W/out/tls.log")" != "$before" ]; then
		nok "tls refuses $1" "rsyslog received $(( $(lines "$W/out/tls.log") - before )) message(s)"
	elif [ -n "$cur" ]; then
		nok "tls refuses $1" "the cursor moved to $cur"
	elif [ -z "$why" ]; then
		nok "tls refuses $1" "the log names no certificate problem: $(tr '\n' '|' <"$d/oomsnapd.log")"
	else
		ok "tls refuses $1 (nothing sent, cursor unmoved, exit 69)"
		note "tls refuses $1" "logged: ${why#*: }"
	fi
}
tls_refused "a server its CA did not sign" "tls://localhost:$P_TLS" "$W/pki/rogue.pem"
tls_refused "a certificate of another name" "tls://127.0.0.1:$P_TLS" "$W/pki/ca.pem"

# ---------------------------- case 3: rsyslog down during --once, then up

stop_rsyslog
seed 2
rc=0
once || rc=$?
read -r c_udp c_tcp c_tls c_relp <<<"$(syslog_cursors)"
if [ "$rc" = 69 ] && [ "$c_tcp $c_tls $c_relp" = "$last $last $last" ]; then
	ok "collector down: --once exits 69, tcp/tls/relp cursors stay at the last record delivered"
else
	nok "collector down" "--once exit $rc (want 69); tcp/tls/relp cursors '$c_tcp $c_tls $c_relp', want '$last' each"
fi
if [ "$c_udp" = "$last" ]; then
	note "collector down" "udp: cursor stayed (the refusal, ICMP port unreachable, was noticed)"
else
	note "collector down" "udp: cursor moved to '$c_udp' (datagrams sent while nobody listened)"
fi
start_rsyslog || { nok rsyslog "did not start again"; finish; }
rc=0
once || rc=$?
last=$(tail -n 1 "$W/names")
[ "$rc" = 0 ] || nok "collector up again" "--once exit $rc: $(tail -n 3 "$W/oomsnapd.log" | tr '\n' '|')"
check_all atleast " after an outage between --once runs"

# ------------------------ case 4: rsyslog restarted under a running daemon
# oomsnapd runs (no module: it reads the archive at start and on each
# retry); a fourth collector that is never up keeps it retrying, so that
# records added to the archive are picked up while it runs, as the
# module's would be.  First records go out over open connections; then
# rsyslog stops while records arrive and starts again; then it restarts
# at once (the daemon's connections are dead, with nothing failing in
# between) and more records arrive.

# Wait (bounded: $1 seconds) until the RELP cursor is at the newest record.
wait_relp_cursor() {
	local i

	for i in $(seq 1 $(($1 * 10))); do
		[ "$(cursor "syslog*_$P_RELP")" = "$(tail -n 1 "$W/names")" ] &&
			return 0
		sleep 0.1
	done
	return 1
}

echo "== daemon: oomsnapd (no --once), a collector at $P_DEAD that is down" >>"$W/oomsnapd.log"
"$DAEMON" --state-dir "$STATE" --runtime-dir "$W/run" "${TARGET_ARGS[@]}" \
	--syslog "tcp://127.0.0.1:$P_DEAD" --retry-interval 1s \
	>>"$W/oomsnapd.log" 2>&1 &
D_PID=$!
seed 3
wait_relp_cursor "$WAIT_S" || true
check_all exact " (running daemon)"
stop_rsyslog
seed 4
sleep 2.5		# passes that fail
start_rsyslog || { nok rsyslog "did not start again"; finish; }
wait_relp_cursor $((WAIT_S * 2)) || true
check_all atleast " after an outage under the running daemon"
stop_rsyslog
start_rsyslog || { nok rsyslog "did not start again"; finish; }
seed 5
wait_relp_cursor $((WAIT_S * 3)) || true
# oomsnapd.8: a failing target is tried again after the retry interval,
# doubled up to a minute; the collector at P_DEAD fails all along, so the
# daemon must keep making passes, and each pass hands new archive files to
# every target: the local jsonl file too.
if [ "$(cursor jsonl)" = "$(tail -n 1 "$W/names")" ]; then
	ok "running daemon keeps retrying the collector that is down (new records reach every target)"
else
	nok "running daemon retries" "records added $((WAIT_S * 3))s ago reached no target, not even jsonl: no pass was made, so the collector that is down is not retried either"
fi
check_all atleast " after a quick restart under the running daemon"
if ! kill -0 "$D_PID" 2>/dev/null; then
	nok "daemon" "oomsnapd exited during the outage: $(tail -n 3 "$W/oomsnapd.log" | tr '\n' '|')"
	D_PID=
else
	kill -TERM "$D_PID"
	rc=0
	wait "$D_PID" || rc=$?
	D_PID=
	if [ "$rc" = 0 ]; then
		ok "daemon survives the outages and stops on SIGTERM"
	else
		nok "daemon" "exit $rc on SIGTERM"
	fi
fi

# --------------- case 5: rsyslog restarted between two --once runs

stop_rsyslog
seed 6
start_rsyslog || { nok rsyslog "did not start again"; finish; }
rc=0
once || rc=$?
[ "$rc" = 0 ] || nok "restart between runs" "--once exit $rc: $(tail -n 3 "$W/oomsnapd.log" | tr '\n' '|')"
check_all atleast " after a restart between --once runs"

finish
