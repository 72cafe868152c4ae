/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - every difference between the kernels oomsnap supports, in one
 * place.  The OOMSNAP_HAVE_* macros come from feature tests in kmod/Kbuild
 * that read the headers of the target kernel; nothing here or elsewhere
 * tests LINUX_VERSION_CODE.
 */
#ifndef _OOMSNAP_COMPAT_H
#define _OOMSNAP_COMPAT_H

#include <linux/sched.h>
#include <linux/pid.h>
#include <linux/rcupdate.h>
#include <net/genetlink.h>

/*
 * oom:mark_victim.  OOMSNAP_MARK_VICTIM_PROBE(name) declares a probe with
 * the prototype of this kernel's tracepoint; OOMSNAP_MARK_VICTIM_TASK()
 * yields the victim task inside it, or NULL.  Use it as
 * "static OOMSNAP_MARK_VICTIM_PROBE(name) { ... }".
 *
 * kmod/Kbuild picks the prototype by reading the header; the compiler then
 * checks the pick: the macro hands the probe to the tracepoint's own
 * check_trace_callback_type_mark_victim(), generated from its TP_PROTO, so
 * a probe that does not match is an incompatible-pointer-types error
 * (-Werror in every kernel build), never a module that loads and reads
 * garbage.  <trace/events/oom.h> without CREATE_TRACE_POINTS only declares.
 *
 * With the old prototype only a pid is passed; the caller still holds
 * task_lock(victim) and oom_lock, so the victim cannot exit underneath us
 * and the pid lookup under RCU finds it.
 */
#include <trace/events/oom.h>

#if defined(OOMSNAP_HAVE_MARK_VICTIM_TASK)
#define OOMSNAP_MARK_VICTIM_PROTO(name) \
	void name(void *data, struct task_struct *task, uid_t uid)
#define OOMSNAP_MARK_VICTIM_TASK() (task)
#elif defined(OOMSNAP_HAVE_MARK_VICTIM_PID)
static inline struct task_struct *oomsnap_task_by_pid(int pid)
{
	struct task_struct *task;

	rcu_read_lock();
	task = pid_task(find_pid_ns(pid, &init_pid_ns), PIDTYPE_PID);
	rcu_read_unlock();
	return task;
}

#define OOMSNAP_MARK_VICTIM_PROTO(name) void name(void *data, int pid)
#define OOMSNAP_MARK_VICTIM_TASK() oomsnap_task_by_pid(pid)
#else
#error "oomsnap: kmod/Kbuild did not detect the oom:mark_victim prototype"
#endif

#define OOMSNAP_MARK_VICTIM_PROBE(name)					\
	OOMSNAP_MARK_VICTIM_PROTO(name);				\
	static inline void __maybe_unused name##_proto_check(void)	\
	{								\
		check_trace_callback_type_mark_victim(name);		\
	}								\
	static OOMSNAP_MARK_VICTIM_PROTO(name)

/*
 * Multicast group permission flags appeared in 6.1.192 / 6.6.x.  Joining
 * the records group needs CAP_NET_ADMIN, as every command does
 * (GENL_ADMIN_PERM): genl_bind() checks it with ns_capable() against the
 * family's netns, which is always init_net here (netnsok unset), so it is
 * the same test as the commands'.  Not CAP_SYS_ADMIN: oomsnapd.service
 * keeps only CAP_NET_ADMIN, and a notification carries nothing but a seq.
 */
#ifdef OOMSNAP_HAVE_GENL_MCAST_CAP
#define OOMSNAP_MCGRP_FLAGS GENL_MCAST_CAP_NET_ADMIN
#else
#define OOMSNAP_MCGRP_FLAGS 0
#endif

/*
 * The parsed request attributes of a dump: genl_dumpit_info(cb)->attrs until
 * the split-ops rework, genl_info_dump(cb)->attrs after it (6.2+).
 */
#ifdef OOMSNAP_HAVE_GENL_INFO_DUMP
#define OOMSNAP_DUMP_ATTRS(cb) (genl_info_dump(cb)->attrs)
#else
#define OOMSNAP_DUMP_ATTRS(cb) (genl_dumpit_info(cb)->attrs)
#endif

/*
 * Strict request validation.  From 6.1, .resv_start_op: every command
 * numbered from it gets strict attribute parsing (unknown and unused
 * attributes rejected, exact lengths), the genlmsghdr reserved field and
 * unknown nlmsg_flags refused, and a command without a policy rejects
 * every attribute.  Before it (no field), ops with .validate = 0 are
 * parsed strictly too (since 5.2), only the header checks are missing.
 * 6.1 and 6.12 treat per-op .policy/.maxattr of full genl_ops alike.
 */
#ifdef OOMSNAP_HAVE_GENL_RESV_START_OP
#define OOMSNAP_GENL_STRICT_FROM(cmd) .resv_start_op = (cmd),
#else
#define OOMSNAP_GENL_STRICT_FROM(cmd)
#endif

/*
 * reserve_mem=SIZE:ALIGN:NAME regions (6.11+).  0 and the range, or
 * -ENOENT (also on kernels without reserve_mem).
 */
#ifdef OOMSNAP_HAVE_RESERVE_MEM
#include <linux/mm.h>
static inline int oomsnap_reserve_mem_find(const char *name,
					   phys_addr_t *start,
					   phys_addr_t *size)
{
	return reserve_mem_find_by_name(name, start, size) ? 0 : -ENOENT;
}
#else
static inline int oomsnap_reserve_mem_find(const char *name,
					   phys_addr_t *start,
					   phys_addr_t *size)
{
	return -ENOENT;
}
#endif

/*
 * MMF_* bits of an mm (oomsnap reads MMF_OOM_SKIP).  mm->flags is an
 * unsigned long up to 6.17; 6.18 makes it an mm_flags_t bitmap, read with
 * mm_flags_test() (kmod/Kbuild looks for it in linux/mm.h and
 * linux/mm_types.h).  Without that helper the field must still be an
 * unsigned long, or the build stops here: test_bit() on anything else
 * would read the wrong word.
 */
#include <linux/mm.h>		/* mm_flags_test(), where it exists */
#include <linux/mm_types.h>
#include <linux/oom.h>		/* MMF_OOM_SKIP, wherever it lives */

#ifdef OOMSNAP_HAVE_MM_FLAGS_TEST
static inline bool oomsnap_mm_oom_skip(const struct mm_struct *mm)
{
	return mm_flags_test(MMF_OOM_SKIP, mm);
}
#else
static_assert(__same_type(((struct mm_struct *)NULL)->flags, unsigned long),
	      "oomsnap: struct mm_struct.flags is not an unsigned long and kmod/Kbuild found no mm_flags_test() in linux/mm.h or linux/mm_types.h; compat.h must learn how this kernel tests MMF_OOM_SKIP");
static inline bool oomsnap_mm_oom_skip(const struct mm_struct *mm)
{
	return test_bit(MMF_OOM_SKIP, &mm->flags);
}
#endif

/*
 * Writing cache lines of the persistent region back to memory (store.c
 * says why).  arch_wb_cache_pmem() exists where CONFIG_ARCH_HAS_PMEM_API
 * is set (x86-64, arm64, powerpc; EXPORT_SYMBOL_GPL): on x86 it is CLWB,
 * patched to CLFLUSHOPT or CLFLUSH on CPUs without it, which write a line
 * back without the cost of reloading it.  Those are weakly ordered: a
 * wmb() (SFENCE) after them orders the write-backs before later stores,
 * as pmem's pmem_wmb() does.  Elsewhere x86-32 has clflush_cache_range()
 * (fenced itself); other architectures get no persistent mode
 * (OOMSNAP_NO_WB_CACHE: store.c refuses a region and says why).
 */
#if defined(CONFIG_ARCH_HAS_PMEM_API)
#include <linux/libnvdimm.h>
static inline void oomsnap_wb_cache(void *p, size_t n)
{
	arch_wb_cache_pmem(p, n);
}
#elif defined(CONFIG_X86)
#include <asm/cacheflush.h>
static inline void oomsnap_wb_cache(void *p, size_t n)
{
	clflush_cache_range(p, n);
}
#else
#define OOMSNAP_NO_WB_CACHE
static inline void oomsnap_wb_cache(void *p, size_t n)
{
}
#endif
/* Orders the write-backs above before the stores that follow. */
#define oomsnap_wb_fence() wmb()

/*
 * A kernfs node's parent and name, read without kernfs_rename_lock
 * (cgroup_path.c says when that is safe).  From 6.15 both are __rcu and the
 * parent is called __parent (kmod/Kbuild: OOMSNAP_HAVE_KN_RCU_PARENT);
 * before, plain pointers.  A wrong pick names a field that does not exist
 * and fails to compile.
 */
#include <linux/kernfs.h>
#if defined(OOMSNAP_HAVE_KN_RCU_PARENT)
#define oomsnap_kn_parent(kn) rcu_dereference((kn)->__parent)
#define oomsnap_kn_name(kn) rcu_dereference((kn)->name)
#else
#define oomsnap_kn_parent(kn) ((const struct kernfs_node *)READ_ONCE((kn)->parent))
#define oomsnap_kn_name(kn) ((const char *)READ_ONCE((kn)->name))
#endif

#endif /* _OOMSNAP_COMPAT_H */
