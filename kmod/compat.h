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
 * yields the victim task inside it, or NULL.
 *
 * With the old prototype only a pid is passed; the caller still holds
 * task_lock(victim) and oom_lock, so the victim cannot exit underneath us
 * and the pid lookup under RCU finds it.
 */
#if defined(OOMSNAP_HAVE_MARK_VICTIM_TASK)
#define OOMSNAP_MARK_VICTIM_PROBE(name) \
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

#define OOMSNAP_MARK_VICTIM_PROBE(name) void name(void *data, int pid)
#define OOMSNAP_MARK_VICTIM_TASK() oomsnap_task_by_pid(pid)
#else
#error "oomsnap: kmod/Kbuild did not detect the oom:mark_victim prototype"
#endif

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
#define oomsnap_wb_fence() wmb()

#endif /* _OOMSNAP_COMPAT_H */
