# unload_races - rmmod racing the module's two busiest moments, 50 times
# each, with a persistent region so that what the module recorded survives
# every reload of this boot:
#   dump:    a GET dump of a 300-row record held open (dtool dumphold,
#            which holds it until it is killed: a fixed hold time raced the
#            rmmod that follows it on a slow guest, e.g. KASAN under TCG
#            next to another guest), rmmod meanwhile (must be refused while
#            the dump holds the module), the dump abandoned (dumphold
#            killed: its socket closes unread), rmmod again, insmod again;
#   capture: a memcg hog started, rmmod after a random 0..600 ms (so before,
#            during or after the kill's capture), retried until it succeeds,
#            insmod again.
# The host checks: every unload and load succeeded in the end, no rmmod
# failed for any reason but "in use", no splat, and the records the last
# load lists are each a distinct kill of dmesg, in order, seqs increasing,
# none counted twice; a final kill is recorded whole.
# vm-append: memmap=16M$0x0e000000 log_buf_len=4M
# vm-timeout: 600
# shellcheck disable=SC2046 # $(region): several parameters
run insmod insmod /oomsnap.ko $(region)
run spawn /bin/hog -n 300
run memcg make_memcg 16M
run hog0 hog_in_memcg

# unload <tag>: rmmod until it succeeds (at most 200 tries, 20 ms apart);
# prints "<tag> rmmod tries N busy B" and any failure that is not EBUSY.
unload() {
	_t=0
	_b=0
	while [ $_t -lt 200 ]; do
		_t=$((_t + 1))
		if rmmod oomsnap 2>/tmp/rmmod.err; then
			echo "$1 rmmod tries $_t busy $_b"
			return 0
		fi
		if grep -q 'in use\|Resource temporarily unavailable\|busy' /tmp/rmmod.err; then
			_b=$((_b + 1))
		else
			echo "$1 rmmod failed: $(cat /tmp/rmmod.err)"
		fi
		usleep 20000
	done
	echo "$1 rmmod gave up after $_t tries"
	return 1
}

# load <tag>: insmod with the region; prints a failure
load() {
	insmod /oomsnap.ko $(region) 2>/tmp/insmod.err && return 0
	echo "$1 insmod failed: $(cat /tmp/insmod.err)"
	return 1
}

dump_races() {
	_i=0
	_ok=0
	_held=0
	while [ $_i -lt 50 ]; do
		_i=$((_i + 1))
		# a fresh file: the wait below must not see the last round's
		rm -f /tmp/dh.out
		dtool dumphold 600000 >/tmp/dh.out 2>/tmp/dh.err &
		_p=$!
		# until the dump is under way (or dumphold gave up)
		_w=0
		while ! grep -q 'first batch' /tmp/dh.out 2>/dev/null && kill -0 $_p 2>/dev/null && [ $_w -lt 500 ]; do
			usleep 10000
			_w=$((_w + 1))
		done
		if grep -q 'first batch' /tmp/dh.out; then
			_held=$((_held + 1))
		else
			echo "dump $_i: no dump under way: $(cat /tmp/dh.out /tmp/dh.err)"
		fi
		# the first rmmod attempt comes while the dump is held: dumphold
		# is alive until it is killed below
		if rmmod oomsnap 2>/tmp/rmmod.err; then
			kill -0 $_p 2>/dev/null && _alive=alive || _alive=gone
			kill $_p 2>/dev/null
			wait $_p
			echo "dump $_i: rmmod succeeded while a dump was held open (dumphold $_alive, exit $?: $(cat /tmp/dh.out /tmp/dh.err))"
			load "dump $_i" || return 1
			continue
		fi
		grep -q 'in use\|Resource temporarily unavailable\|busy' /tmp/rmmod.err ||
			echo "dump $_i first rmmod failed: $(cat /tmp/rmmod.err)"
		# abandon the dump: SIGTERM, exit 143 (anything else: it ended
		# by itself, e.g. an error)
		kill $_p 2>/dev/null
		wait $_p
		echo "dump $_i dumphold exit $? $(cat /tmp/dh.err)" | grep -v 'exit 143 $'
		unload "dump $_i" >/dev/null || return 1
		load "dump $_i" && _ok=$((_ok + 1))
	done
	echo "dump races: $_ok of 50 unloaded and loaded again, $_held held a dump"
	[ $_ok -eq 50 ]
}

capture_races() {
	_i=0
	_ok=0
	while [ $_i -lt 50 ]; do
		_i=$((_i + 1))
		hog_in_memcg >/dev/null &
		_h=$!
		usleep $((RANDOM % 600 * 1000))
		unload "capture $_i" >/tmp/unload.out || { cat /tmp/unload.out; return 1; }
		grep -v ' rmmod tries ' /tmp/unload.out
		wait $_h
		_rc=$?
		[ $_rc -eq 137 ] || echo "capture $_i: hog exit $_rc, expected 137 (OOM-killed)"
		load "capture $_i" && _ok=$((_ok + 1))
	done
	echo "capture races: $_ok of 50 unloaded and loaded again"
	[ $_ok -eq 50 ]
}

run dumps dump_races
run captures capture_races
# The kernel prints its report (and task dump) for at most 10 OOMs in 5 s
# (__ratelimit(&oom_rs) around dump_header()): the races above kill faster
# than that.  The final kill is compared whole with its report, so it comes
# after a quiet 6 s, or its report may be the one suppressed (seen: the
# oracle then read the previous kill's dump, "tasks 0 of 1 ... match").
sleep 6
run hog hog_in_memcg
run status oomsnap status --json
run list oomsnap list --json
run show oomsnap show --json
run rmmod rmmod oomsnap
emit_dmesg
