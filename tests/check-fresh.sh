#!/bin/bash
# check-fresh.sh [options] - the README's promise, tested on a fresh machine:
# build a minimal Debian 12 chroot (debootstrap --variant=minbase bookworm),
# install only make, git and gcc in it (as a new user would), put the
# committed main of this repository in it, and run, as root in the chroot,
# the README's two commands: `make demo` and `make check`.  Prints PASS or
# FAIL per command with the tail of its log and exits non-zero if either
# failed.  Run as root on a Debian host (`make check-fresh`); not part of
# `make check`.  Takes long: debootstrap, the test dependencies, then the VM
# tests under software emulation.
#
#   -d DIR       work directory (default: build/fresh): DIR/root is the
#                chroot (recreated at every run), DIR/minbase.tar the cached
#                debootstrap result, DIR/logs/ the logs
#   -m URL       Debian mirror (default: the host's apt sources, else
#                http://deb.debian.org/debian)
#   -r REF       the commit to test (default: main)
#   -w           test the working tree (tracked and untracked files, not
#                ignored ones) instead of a commit, for development
#   -o "PATH..." clone REF, then copy these paths from the working tree over
#                the clone (test your uncommitted files on the committed main)
#   -p PATCH     clone REF, then git apply PATCH in it (only your hunks of a
#                file others are editing too; with -o, after the copies)
#   -c "CMD..."  the make targets to run (default: "demo check")
#   -n           no cache: debootstrap again even if DIR/minbase.tar exists
#   -T SECONDS   time limit per command (default 5400)
#
# Every run starts from the same state: the cached minbase tree as
# debootstrap left it (kept only as a tarball), the apt sources of a Debian 12
# installation (bookworm, bookworm-updates, bookworm-security from the
# host's mirrors), then `apt-get install make git gcc`.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

work=$root/build/fresh
mirror=""
ref=main
mode=clone
overlay=""
patch=""
targets="demo check"
cache=1
limit=5400

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 64; }
while getopts "d:m:r:wo:p:c:nT:h" opt; do
	case $opt in
	d) work=$OPTARG ;;
	m) mirror=$OPTARG ;;
	r) ref=$OPTARG ;;
	w) mode=worktree ;;
	o) overlay=$OPTARG ;;
	p) patch=$(realpath -e "$OPTARG") || { echo "check-fresh.sh: -p $OPTARG: no such file" >&2; exit 64; } ;;
	c) targets=$OPTARG ;;
	n) cache=0 ;;
	T) limit=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || usage
case $limit in '' | *[!0-9]*) echo "check-fresh.sh: -T $limit is not a number" >&2; exit 64 ;; esac
[ "$mode" = clone ] || [ -z "$overlay$patch" ] || { echo "check-fresh.sh: -w excludes -o and -p" >&2; exit 64; }

say() { echo "check-fresh: $*"; }
die() { echo "check-fresh: $*" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot, mount)"
"$here/install-deps.sh" --fresh >/dev/null || die "tests/install-deps.sh --fresh failed"

mkdir -p "$work"
work=$(cd "$work" && pwd)
chroot_dir=$work/root
logs=$work/logs
tarball=$work/minbase.tar
case $chroot_dir in
/ | "") die "refusing to use '$chroot_dir' as the chroot" ;;
esac

# ---- mounts ----------------------------------------------------------------
# mounts_under DIR: the mount points at or below DIR, deepest first.
mounts_under() {
	findmnt -rn -o TARGET | awk -v d="$1" '$0 == d || index($0, d "/") == 1' | sort -r
}
umount_all() {
	local m
	for m in $(mounts_under "$chroot_dir"); do
		umount -R "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
	done
	[ -z "$(mounts_under "$chroot_dir")" ]
}
# The chroot's commands run in their own session (QEMU under boot.sh's
# timeout gets a process group of its own but stays in the session): what is
# left of that session is stopped, by its id, before the mounts go.
session_pids() {	# session_pids <sid>: the processes of session <sid>
	local p st f
	for p in /proc/[0-9]*; do
		st=$(cat "$p/stat" 2>/dev/null) || continue
		st=${st##*) }	# after the command name: state ppid pgrp session ...
		read -r -a f <<<"$st"
		[ "${f[3]:-}" = "$1" ] && echo "${p#/proc/}"
	done
	return 0
}
kill_session() {	# kill_session <sid>
	local pids
	pids=$(session_pids "$1")
	[ -n "$pids" ] || return 0
	# shellcheck disable=SC2086
	kill -TERM $pids 2>/dev/null || true
	sleep 2
	pids=$(session_pids "$1")
	# shellcheck disable=SC2086
	[ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
}
job=""
# shellcheck disable=SC2317  # the EXIT trap calls it
cleanup() {
	local rc=$?
	trap - EXIT INT TERM HUP
	if [ -n "$job" ]; then
		echo "check-fresh: interrupted; stopping what runs in the chroot" >&2
		kill_session "$job"
	fi
	umount_all || echo "check-fresh: could not unmount everything under $chroot_dir:" \
		"$(mounts_under "$chroot_dir" | tr '\n' ' ')" >&2
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# remove the previous chroot, never through a mount into the host
if [ -e "$chroot_dir" ]; then
	umount_all || die "mounts remain under $chroot_dir; not removing it"
	rm -rf --one-file-system "$chroot_dir"
fi
rm -rf "$logs"
mkdir -p "$logs"

# ---- what to test ----------------------------------------------------------
commit=$(git -C "$root" rev-parse --verify "$ref^{commit}") || die "no commit '$ref' in $root"
subject=$(git -C "$root" log -1 --format='%h %s' "$commit")
case $mode in
clone)
	say "testing commit $commit ($ref): $(git -C "$root" log -1 --format='%s' "$commit" | cut -c1-100)"
	[ -z "$overlay" ] || say "  with these files from the working tree over it: $overlay"
	[ -z "$patch" ] || say "  with $patch applied: $(git apply --numstat "$patch" | awk '{ printf "%s%s (+%s -%s)", s, $3, $1, $2; s = ", " }')"
	;;
worktree)
	say "testing the working tree (HEAD $subject) with its uncommitted changes:"
	git -C "$root" status --short | sed 's/^/  /'
	;;
esac

# ---- the mirror ------------------------------------------------------------
# host_sources, pick: tests/apt-sources.sh
# shellcheck source=tests/apt-sources.sh
. "$here/apt-sources.sh"
if [ -z "$mirror" ]; then
	mirror=$(pick '^(bookworm|stable)$')
	mirror=${mirror:-http://deb.debian.org/debian}
fi
security=$(pick '^(bookworm|stable)-security$')
security=${security:-http://deb.debian.org/debian-security}
say "mirror $mirror, security $security"

t_all=$SECONDS
step() { say "$(date -u +%H:%M:%S) $*"; }

# ---- minbase ---------------------------------------------------------------
if [ "$cache" -eq 1 ] && [ -s "$tarball" ] && [ "$(cat "$tarball.mirror" 2>/dev/null)" = "$mirror" ]; then
	step "minbase from the cache $tarball (-n to debootstrap again)"
	mkdir -p "$chroot_dir"
	tar -C "$chroot_dir" --numeric-owner -xpf "$tarball"
else
	step "debootstrap --variant=minbase bookworm $mirror"
	rm -f "$tarball" "$tarball.mirror"
	t0=$SECONDS
	if ! debootstrap --variant=minbase bookworm "$chroot_dir" "$mirror" >"$logs/debootstrap.log" 2>&1; then
		tail -n 30 "$logs/debootstrap.log" >&2
		die "debootstrap failed (log: $logs/debootstrap.log)"
	fi
	say "debootstrap: $((SECONDS - t0))s"
	tar -C "$chroot_dir" --numeric-owner -cpf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
	echo "$mirror" >"$tarball.mirror"
fi

# The apt sources of a Debian 12 installation (the installer writes these
# three; debootstrap alone writes only the first).
cat >"$chroot_dir/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security bookworm-security main
EOF
# no services start inside the chroot
printf '#!/bin/sh\nexit 101\n' >"$chroot_dir/usr/sbin/policy-rc.d"
chmod 0755 "$chroot_dir/usr/sbin/policy-rc.d"
cp -L /etc/resolv.conf "$chroot_dir/etc/resolv.conf"

mount -t proc proc "$chroot_dir/proc"
mount -t sysfs sysfs "$chroot_dir/sys"
# /dev: a private one (tmpfs with the usual nodes, its own devpts and shm),
# not a bind of the host's: the default work directory is under build/, and
# a `make clean` (rm -rf build) in the tree during a run must not be able to
# delete the host's device nodes.  The VM tests need no /dev/kvm (TCG).
mount -t tmpfs -o mode=0755,nosuid,size=16m fresh-dev "$chroot_dir/dev"
for n in "null 1 3" "zero 1 5" "full 1 7" "random 1 8" "urandom 1 9" "tty 5 0"; do
	# shellcheck disable=SC2086
	set -- $n
	mknod -m 0666 "$chroot_dir/dev/$1" c "$2" "$3"
done
mkdir -p "$chroot_dir/dev/pts" "$chroot_dir/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 fresh-devpts "$chroot_dir/dev/pts"
ln -s pts/ptmx "$chroot_dir/dev/ptmx"
mount -t tmpfs -o mode=1777,nosuid,nodev fresh-shm "$chroot_dir/dev/shm"
ln -s /proc/self/fd "$chroot_dir/dev/fd"
ln -s /proc/self/fd/0 "$chroot_dir/dev/stdin"
ln -s /proc/self/fd/1 "$chroot_dir/dev/stdout"
ln -s /proc/self/fd/2 "$chroot_dir/dev/stderr"

# in_chroot <log> <timeout> <command>: run a shell command as root in the
# chroot with a root login's environment (nothing of the host's), in its own
# session, output to <log>.
in_chroot() {
	local log=$1 limit_s=$2 cmd=$3 rc
	# a background job of this (non-interactive) shell is no process
	# group leader: setsid does not fork, $! is the session id
	setsid env -i HOME=/root USER=root LOGNAME=root SHELL=/bin/bash TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		timeout --kill-after=30 "$limit_s" chroot "$chroot_dir" /bin/bash -c "$cmd" \
		</dev/null >"$log" 2>&1 &
	job=$!
	rc=0
	wait "$job" || rc=$?
	kill_session "$job"	# anything left behind (an orphaned QEMU)
	job=""
	return "$rc"
}

step "apt-get update && apt-get install make git gcc"
t0=$SECONDS
if ! in_chroot "$logs/apt.log" 1800 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y make git gcc'; then
	tail -n 30 "$logs/apt.log" >&2
	die "installing make git gcc in the chroot failed (log: $logs/apt.log)"
fi
say "apt-get install make git gcc: $((SECONDS - t0))s"

# ---- the tree --------------------------------------------------------------
dest=$chroot_dir/root/oomsnap
case $mode in
clone)
	git clone -q --no-local --no-checkout "$root" "$dest"
	git -C "$dest" checkout -q --detach "$commit"
	for p in $overlay; do
		[ -e "$root/$p" ] || die "-o: $root/$p does not exist"
		mkdir -p "$dest/$(dirname "$p")"
		cp -a "$root/$p" "$dest/$p"
	done
	if [ -n "$patch" ]; then
		git -C "$dest" apply --whitespace=nowarn "$patch" || die "-p: $patch does not apply to $commit"
	fi
	;;
worktree)
	mkdir -p "$dest"
	git -C "$root" ls-files -z -c -o --exclude-standard |
		(cd "$root" && xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh) |
		tar -C "$root" --null -T - -cf - | tar -C "$dest" -xf -
	;;
esac
case $mode in
clone) say "tree in /root/oomsnap: $(git -C "$dest" log -1 --format='%H')${overlay:+ + overlay}${patch:+ + patch}" ;;
worktree) say "tree in /root/oomsnap: the working tree (HEAD $(git -C "$root" rev-parse HEAD) + its changes)" ;;
esac

# ---- the README's commands -------------------------------------------------
results=()
failed=0
for t in $targets; do
	step "make $t"
	t0=$SECONDS
	rc=0
	in_chroot "$logs/$t.log" "$limit" "cd /root/oomsnap && make $t" || rc=$?
	dt=$((SECONDS - t0))
	echo "----- tail of make $t ($logs/$t.log) -----"
	tail -n 40 "$logs/$t.log"
	echo "-----"
	if [ "$rc" -eq 0 ]; then
		results+=("PASS make $t (${dt}s)")
	else
		why="exit $rc"
		[ "$rc" -eq 124 ] && why="timed out after ${limit}s"
		results+=("FAIL make $t (${dt}s, $why; log: $logs/$t.log)")
		failed=1
	fi
	# every lane's summary line (forward, the busybox VM, the systemd VM
	# per kernel), not just the last one
	tally=$(grep -E '^([a-z]+: )?[0-9]+ passed, [0-9]+ failed$' "$logs/$t.log" |
		paste -sd ';' - || true)
	[ -z "$tally" ] || results[-1]+=" tests: ${tally//;/; }"
done

echo
echo "check-fresh: Debian 12 minbase + make git gcc, tree: $([ "$mode" = worktree ] && echo "working tree of $subject" || echo "$commit${overlay:+ + $overlay}${patch:+ + $(basename "$patch")}")"
for r in "${results[@]}"; do
	echo "$r"
done
echo "check-fresh: total $((SECONDS - t_all))s"
exit "$failed"
