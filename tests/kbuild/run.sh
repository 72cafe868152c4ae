#!/bin/bash
# run.sh - tests of the kernel feature probes in kmod/Kbuild, against fake
# header trees (no kernel needed): each case builds a tree of the few
# headers the probes read, runs kmod/Kbuild through probe.mk, and checks the
# OOMSNAP_HAVE_* macros it chose or the error it stopped with.  Then, when
# Debian kernel headers are installed (/usr/src/linux-headers-*-amd64), the
# compiler checks: the real headers' probes, and a build of capture.o with
# the wrong mark_victim prototype forced, which must fail to compile.
# Prints "[ OK ] <case>" / "[FAIL] <case>: <why>" / "[SKIP] <case>: <why>",
# then "N passed, N failed, N skipped"; exit 1 if any failed.
#   run.sh [case-name-substring]   runs only the matching cases
#   KBUILD=<file> run.sh           probes that Kbuild instead of kmod/Kbuild
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
only=${1:-}
kbuild=${KBUILD:-$root/kmod/Kbuild}	# KBUILD=<file>: probe another Kbuild (e.g. an older one)
tmp=$(mktemp -d)
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
passed=0 failed=0 skipped=0

pass() { echo "[ OK ] $1"; passed=$((passed + 1)); }
fail() { echo "[FAIL] $1: $2"; failed=$((failed + 1)); }
skip() { echo "[SKIP] $1: $2"; skipped=$((skipped + 1)); }
want() { [ -z "$only" ] || [[ $1 == *"$only"* ]]; }

NEW_PROTO='TRACE_EVENT(mark_victim,
	TP_PROTO(struct task_struct *task, uid_t uid),

	TP_ARGS(task, uid),'
OLD_PROTO='TRACE_EVENT(mark_victim,
	TP_PROTO(int pid),

	TP_ARGS(pid),'
GARBAGE_PROTO='TRACE_EVENT(mark_victim,
	TP_PROTO(long cookie, const char *why),'

# tree <dir>: a header tree like a 6.1 kernel's (new mark_victim prototype,
# no reserve_mem, genetlink without the later additions, unsigned long
# mm->flags); the cases then change one thing.
tree() {
	mkdir -p "$1/include/trace/events" "$1/include/linux" "$1/include/net"
	printf '#undef TRACE_SYSTEM\n#define TRACE_SYSTEM oom\n\n%s\n' "$NEW_PROTO" >"$1/include/trace/events/oom.h"
	printf 'static inline unsigned long get_mm_counter(struct mm_struct *mm, int member);\n' >"$1/include/linux/mm.h"
	printf 'struct mm_struct {\n\tunsigned long flags;\n};\n' >"$1/include/linux/mm_types.h"
	printf 'struct genl_ops {\n\tu8 cmd;\n};\n' >"$1/include/net/genetlink.h"
	printf 'struct kernfs_node {\n\tstruct kernfs_node\t*parent;\n\tconst char\t\t*name;\n};\n' >"$1/include/linux/kernfs.h"
}

# probes <srctree> [objtree] [stdin-file]: run the probes; output in
# $tmp/out (the macros, one a line, or make's error), status in $rc.
probes() {
	local in=${3:-/dev/null}
	make -s --no-print-directory -f "$here/probe.mk" KBUILD_FILE="$kbuild" \
		src="$root/kmod" srctree="$1" objtree="${2:-$1}" print <"$in" >"$tmp/out" 2>&1
	rc=$?
}

has() { grep -qx -- "-D$1" "$tmp/out"; }
why() { tr '\n' ' ' <"$tmp/out" | head -c 400; }

# case_macros <name> <tree-setup-fn> <macro>... [-- <absent macro>...]
case_macros() {
	local name=$1 setup=$2 m absent=0 bad=""
	shift 2
	want "$name" || return 0
	rm -rf "$tmp/t" "$tmp/o"
	tree "$tmp/t"
	"$setup" "$tmp/t"
	probes "$tmp/t"
	if [ "$rc" -ne 0 ]; then
		fail "$name" "the probes failed (exit $rc): $(why)"
		return
	fi
	for m in "$@"; do
		if [ "$m" = -- ]; then absent=1; continue; fi
		if [ $absent -eq 0 ] && ! has "$m"; then bad="$bad missing $m;"; fi
		if [ $absent -eq 1 ] && has "$m"; then bad="$bad unexpected $m;"; fi
	done
	if [ -n "$bad" ]; then fail "$name" "$bad got: $(why)"; else pass "$name"; fi
}

# case_error <name> <tree-setup-fn> <expected message (grep -F)> [stdin-file]
case_error() {
	local name=$1 setup=$2 msg=$3 in=${4:-/dev/null}
	want "$name" || return 0
	rm -rf "$tmp/t"
	tree "$tmp/t"
	"$setup" "$tmp/t"
	probes "$tmp/t" "$tmp/t" "$in"
	if [ "$rc" -eq 0 ]; then
		fail "$name" "the probes succeeded, expected an error '$msg'; got: $(why)"
	elif ! grep -qF -- "$msg" "$tmp/out"; then
		fail "$name" "expected the message '$msg', got: $(why)"
	else
		pass "$name"
	fi
}

as_is() { :; }
old_proto() { printf '%s\n' "$OLD_PROTO" >"$1/include/trace/events/oom.h"; }
garbage_proto() { printf '%s\n' "$GARBAGE_PROTO" >"$1/include/trace/events/oom.h"; }
no_oom_h() { rm "$1/include/trace/events/oom.h"; }
no_mm_h() { rm "$1/include/linux/mm.h"; }
no_genl_h() { rm "$1/include/net/genetlink.h"; }
no_mm_types_h() { rm "$1/include/linux/mm_types.h"; }
no_kernfs_h() { rm "$1/include/linux/kernfs.h"; }
# 6.15: a kernfs node's parent is __rcu and called __parent
kernfs_rcu() { printf 'struct kernfs_node {\n\tstruct kernfs_node __rcu\t*__parent;\n\tconst char __rcu\t*name;\n};\n' >"$1/include/linux/kernfs.h"; }
dir_mm_h() { rm "$1/include/linux/mm.h"; mkdir "$1/include/linux/mm.h"; }
reserve_mem() { echo 'bool reserve_mem_find_by_name(const char *name, phys_addr_t *start, phys_addr_t *size);' >>"$1/include/linux/mm.h"; }
genl_new() {
	cat >>"$1/include/net/genetlink.h" <<'H'
#define GENL_MCAST_CAP_SYS_ADMIN	BIT(1)
struct genl_family { u8 resv_start_op; };
static inline struct genl_info *genl_info_dump(struct netlink_callback *cb);
H
}
mm_flags_mm_h() { echo 'static inline bool mm_flags_test(int flag, const struct mm_struct *mm)' >>"$1/include/linux/mm.h"; }
mm_flags_types_h() { echo 'static inline bool mm_flags_test(int flag, const struct mm_struct *mm)' >>"$1/include/linux/mm_types.h"; }
# Debian's split: -common has the source headers, -amd64 the generated ones
split_obj() {
	mkdir -p "$tmp/o/include/trace/events"
	mv "$1/include/trace/events/oom.h" "$tmp/o/include/trace/events/oom.h"
}

# ---- the probes, on fake trees ----------------------------------------------
case_macros new-prototype as_is OOMSNAP_HAVE_MARK_VICTIM_TASK -- OOMSNAP_HAVE_MARK_VICTIM_PID \
	OOMSNAP_HAVE_RESERVE_MEM OOMSNAP_HAVE_GENL_MCAST_CAP OOMSNAP_HAVE_GENL_INFO_DUMP \
	OOMSNAP_HAVE_GENL_RESV_START_OP OOMSNAP_HAVE_MM_FLAGS_TEST OOMSNAP_HAVE_KN_RCU_PARENT
case_macros old-prototype old_proto OOMSNAP_HAVE_MARK_VICTIM_PID -- OOMSNAP_HAVE_MARK_VICTIM_TASK
case_error garbage-prototype garbage_proto "unknown oom:mark_victim prototype"
case_error missing-oom.h no_oom_h "include/trace/events/oom.h not found"
case_macros reserve-mem reserve_mem OOMSNAP_HAVE_RESERVE_MEM OOMSNAP_HAVE_MARK_VICTIM_TASK
case_macros genetlink-6.12 genl_new OOMSNAP_HAVE_GENL_MCAST_CAP OOMSNAP_HAVE_GENL_INFO_DUMP \
	OOMSNAP_HAVE_GENL_RESV_START_OP
case_macros mm-flags-test-in-mm.h mm_flags_mm_h OOMSNAP_HAVE_MM_FLAGS_TEST
case_macros mm-flags-test-in-mm_types.h mm_flags_types_h OOMSNAP_HAVE_MM_FLAGS_TEST
case_macros kernfs-rcu-parent kernfs_rcu OOMSNAP_HAVE_KN_RCU_PARENT

# A missing header must be an error, not a grep of make's stdin: stdin here
# holds every string a probe looks for, so reading it would "find" them.
printf 'reserve_mem_find_by_name\nGENL_MCAST_CAP_SYS_ADMIN\nresv_start_op\nbool mm_flags_test(int flag\nstruct kernfs_node __rcu *__parent\n' >"$tmp/stdin"
case_error missing-mm.h no_mm_h "include/linux/mm.h not found" "$tmp/stdin"
case_error missing-genetlink.h no_genl_h "include/net/genetlink.h not found" "$tmp/stdin"
case_error missing-mm_types.h no_mm_types_h "include/linux/mm_types.h not found" "$tmp/stdin"
case_error missing-kernfs.h no_kernfs_h "include/linux/kernfs.h not found" "$tmp/stdin"
case_error unreadable-mm.h dir_mm_h "cannot read linux/mm.h" "$tmp/stdin"

if want split-trees; then
	rm -rf "$tmp/t" "$tmp/o"
	tree "$tmp/t"
	split_obj "$tmp/t"
	probes "$tmp/t" "$tmp/o"
	if [ "$rc" -eq 0 ] && has OOMSNAP_HAVE_MARK_VICTIM_TASK; then
		pass split-trees
	else
		fail split-trees "oom.h only in the object tree: exit $rc, $(why)"
	fi
fi

# ---- real headers and the compiler ------------------------------------------
# real-<ver>: the probes on the installed headers must agree with the
# compiler: the module's capture.o builds.  wrong-prototype-<ver>: with
# the other prototype forced, capture.o must not compile, and the error
# must come from the tracepoint's type check.
kdirs=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null)
if [ -z "$kdirs" ]; then
	want real && skip real-headers "no /usr/src/linux-headers-*-amd64 (apt-get install linux-headers-<ver>-amd64)"
fi
build_capture() {	# build_capture <kdir> <dir>: make capture.o; log in <dir>.log
	make -C "$1" M="$2" kmod/capture.o >"$2.log" 2>&1
}
copy_src() {	# copy_src <dir>
	rm -rf "$1"
	mkdir -p "$1"
	cp -a "$root/Kbuild" "$root/VERSION" "$root/kmod" "$root/include" "$1/"
	find "$1" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
}
for kdir in $kdirs; do
	ver=${kdir#/usr/src/linux-headers-}
	if want "real-$ver"; then
		copy_src "$tmp/real"
		if build_capture "$kdir" "$tmp/real"; then
			pass "real-$ver"
		else
			fail "real-$ver" "capture.o does not build: $(grep -m3 -E 'error|Error' "$tmp/real.log" | tr '\n' ' ')"
		fi
	fi
	if want "wrong-prototype-$ver"; then
		copy_src "$tmp/wrong"
		# swap the two macros the probe can choose
		sed -i 's/-DOOMSNAP_HAVE_MARK_VICTIM_TASK/-DOOMSNAP_HAVE_MARK_VICTIM_@/;
			s/-DOOMSNAP_HAVE_MARK_VICTIM_PID/-DOOMSNAP_HAVE_MARK_VICTIM_TASK/;
			s/-DOOMSNAP_HAVE_MARK_VICTIM_@/-DOOMSNAP_HAVE_MARK_VICTIM_PID/' "$tmp/wrong/kmod/Kbuild"
		if build_capture "$kdir" "$tmp/wrong"; then
			fail "wrong-prototype-$ver" "capture.o built with the wrong mark_victim prototype"
		elif grep -q 'check_trace_callback_type_mark_victim' "$tmp/wrong.log" &&
			grep -q 'incompatible-pointer-types' "$tmp/wrong.log"; then
			pass "wrong-prototype-$ver"
		else
			fail "wrong-prototype-$ver" "failed, but not in the type check: $(grep -m3 error "$tmp/wrong.log" | tr '\n' ' ')"
		fi
	fi
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
