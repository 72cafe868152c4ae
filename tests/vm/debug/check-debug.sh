#!/bin/bash
# check-debug.sh [-k "<name> ..."] [-t "<test> ..."] - make check-debug: the
# whole VM suite (tests/vm/run.sh) on the debug kernels 6.12-debug (lockdep,
# PROVE_RCU, DEBUG_ATOMIC_SLEEP, KASAN, DEBUG_LIST) and 6.12-debug-rt (the
# same with PREEMPT_RT), built once from Debian's linux-source-6.12 by
# build-kernel.sh and cached in ${OOMSNAP_CACHE:-/var/cache/oomsnap}.  The
# module is built W=1 against each build tree; run.sh fails every case whose
# serial log has a kernel splat (splats.sh).  Prints the build time of each
# kernel (0 s when cached) and run.sh's verdicts and time per kernel.
# Exit 1 if a build or any case failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kernels="6.12-debug 6.12-debug-rt"
tests=""
while getopts "k:t:h" opt; do
	case $opt in
	k) kernels=$OPTARG ;;
	t) tests=$OPTARG ;;
	*) echo "usage: $0 [-k \"6.12-debug 6.12-debug-rt\"] [-t \"<test> ...\"]" >&2; exit 64 ;;
	esac
done

rc=0
built=""
for k in $kernels; do
	t0=$SECONDS
	if "$here/build-kernel.sh" "$k" >/dev/null; then
		echo "check-debug: $k: kernel ready after $((SECONDS - t0)) s"
		built="$built $k"
	else
		echo "check-debug: $k: building the kernel failed (tests/vm/debug/build-kernel.sh $k, output above)"
		rc=1
	fi
done
[ -n "$built" ] || exit 1
# shellcheck disable=SC2086 # $built: a word list
"$here/../run.sh" -k "${built# }" ${tests:+-t "$tests"} || rc=1
exit $rc
