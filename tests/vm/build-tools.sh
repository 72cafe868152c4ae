#!/bin/bash
# build-tools.sh - build the host/guest helpers of the VM tests:
# build/vm/hog (static memory hog, runs in the guest), build/vm/oracle
# (compares oomsnap's JSON with the kernel's OOM report, runs on the host),
# build/vm/jtool (JSON queries and record comparison, on the host) and
# build/vm/dtool (static, in the guest: the oomsnapd tests' timing, restart
# loop, status polling, raw netlink notifications), build/vm/nlfuzz (static, in the guest:
# hostile netlink input and the interrupted-dump test), build/vm/stopafter.so (in the guest: stops
# oomsnapd between an archive write and its ACK) and build/vm/nlhook.so (in the guest: runs a
# command in the CLI half-way through a dump).  All must compile without
# a single warning.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/../.." && pwd)/build/vm
mkdir -p "$out"

for t in gcc pkg-config; do
	command -v "$t" >/dev/null || { echo "build-tools.sh: $t not found; run tests/install-deps.sh" >&2; exit 2; }
done
if ! pkg-config --exists json-c; then
	echo "build-tools.sh: json-c development files not found; apt-get install libjson-c-dev" >&2
	exit 2
fi

build() {	# build <output> <gcc args...>: compile, fail on any warning
	local o=$1 log
	shift
	log=$(gcc "$@" -o "$o.tmp" 2>&1) || { echo "$log" >&2; echo "build-tools.sh: building $o failed" >&2; exit 1; }
	if [ -n "$log" ]; then
		echo "$log" >&2
		echo "build-tools.sh: $o: the compiler printed warnings (must be clean)" >&2
		rm -f "$o.tmp"
		exit 1
	fi
	mv "$o.tmp" "$o"
}

# A static libc is in libc6-dev (build-essential).
build "$out/hog" -static -O2 -Wall -Wextra "$here/hog.c"
# stopafter.so: an LD_PRELOAD shim for oomsnapd in the guest (the guest
# has the host's libc, copied with the daemon's libraries).
build "$out/stopafter.so" -shared -fPIC -O2 -Wall -Wextra "$here/stopafter.c" -ldl
build "$out/nlhook.so" -shared -fPIC -O2 -Wall -Wextra "$here/nlhook.c" -ldl
# libjson-c.a is in libjson-c-dev.
# shellcheck disable=SC2046
build "$out/dtool" -static -O2 -Wall -Wextra -I"$here/../../include" -I"$here/../../kmod" \
	$(pkg-config --cflags json-c) "$here/dtool.c" "$here/dtool_events.c" "$here/dtool_genl.c" \
	"$here/dtool_dumphold.c" "$here/dtool_region.c" "$here/dtool_victims.c" $(pkg-config --static --libs json-c)
build "$out/nlfuzz" -static -O2 -Wall -Wextra -I"$here/../../include" "$here/nlfuzz.c"
# shellcheck disable=SC2046
build "$out/oracle" -O2 -Wall -Wextra $(pkg-config --cflags json-c) "$here/oracle.c" $(pkg-config --libs json-c)
# shellcheck disable=SC2046
build "$out/jtool" -O2 -Wall -Wextra $(pkg-config --cflags json-c) "$here/jtool.c" $(pkg-config --libs json-c)
