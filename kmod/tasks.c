// SPDX-License-Identifier: GPL-2.0
/*
 * tasks.c - the kill-time task table: one row per process (thread-group
 * leader), as the kernel's own OOM task dump, plus the table of the cgroup
 * paths those rows refer to.
 *
 * Context: atomic, under rcu_read_lock() for the process walk, with
 * oom_lock held; called from the oom:mark_victim probe (task_lock(victim)
 * held) or from the OOM notifier for a panic record (no victim yet, no task
 * lock held).
 *
 * Locking: the kernel's dump reads each process's mm under its task_lock
 * (find_lock_task_mm()).  Here task_lock(victim) is already held, and a
 * second task_lock() is recursive locking of the same class (lockdep).  So
 * other tasks' locks are only ever *tried* (spin_trylock: it never waits,
 * so it cannot deadlock, and lockdep records no dependency for it), for a
 * bounded number of spins.  A process whose lock stays busy is listed
 * without memory fields and counted (tasks_unreadable).  The victim's own
 * lock is held by our caller (or the victim is current): it is read as is.
 *
 * Capacity: rows and cgroups live in arrays allocated at load (max_tasks,
 * max_cgroups).  Past max_tasks, the rows with the lowest points are
 * replaced (a min-heap keyed by points; the victim is never replaced), and
 * what is left out is counted with its RSS.  Nothing allocates.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/oom.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uidgid.h>
#include <linux/vmalloc.h>
#include "compat.h"
#include "oomsnap_internal.h"

#define TRYLOCK_SPINS 1000

/* Per-snapshot state, serialized by oom_lock. */
static struct {
	struct oomsnap_task_info *rows;
	s64 *keys;			/* heap keys, parallel to rows */
	unsigned int cap, n;
	bool heap;			/* rows[0..n) is a min-heap by key */
	struct oomsnap_cgroup_ent *cgroups;
	u32 *cg_hash;			/* open addressing: index + 1, 0 free */
	unsigned int cg_cap, cg_hash_size, nr_cg;
	u32 cg_omitted;
} tt;

/* Sleepable, module load. */
int oomsnap_tasks_init(unsigned int max_tasks, unsigned int max_cgroups)
{
	tt.rows = vmalloc(array_size(max_tasks, sizeof(*tt.rows)));
	tt.keys = vmalloc(array_size(max_tasks, sizeof(*tt.keys)));
	tt.cgroups = vmalloc(array_size(max_cgroups, sizeof(*tt.cgroups)));
	tt.cg_hash_size = roundup_pow_of_two(max_cgroups * 2);
	tt.cg_hash = vmalloc(array_size(tt.cg_hash_size, sizeof(*tt.cg_hash)));
	if (!tt.rows || !tt.keys || !tt.cgroups || !tt.cg_hash) {
		oomsnap_tasks_exit();
		return -ENOMEM;
	}
	tt.cap = max_tasks;
	tt.cg_cap = max_cgroups;
	return 0;
}

/* Sleepable, module unload. */
void oomsnap_tasks_exit(void)
{
	vfree(tt.rows);
	vfree(tt.keys);
	vfree(tt.cgroups);
	vfree(tt.cg_hash);
	memset(&tt, 0, sizeof(tt));
}

/* The cgroup table: one path per cgroup id seen in the rows. */
static void note_cgroup(struct cgroup *cgrp)
{
	u64 id = cgroup_id(cgrp);
	unsigned int h = hash_64(id, ilog2(tt.cg_hash_size));
	struct oomsnap_cgroup_ent *e;

	for (;; h = (h + 1) & (tt.cg_hash_size - 1)) {
		u32 slot = tt.cg_hash[h];

		if (!slot)
			break;
		if (tt.cgroups[slot - 1].id == id)
			return;
	}
	if (tt.nr_cg == tt.cg_cap) {
		tt.cg_omitted++;
		return;
	}
	e = &tt.cgroups[tt.nr_cg];
	e->id = id;
	if (cgroup_path(cgrp, e->path, sizeof(e->path)) < 0)
		strscpy(e->path, "?", sizeof(e->path));
	tt.cg_hash[h] = ++tt.nr_cg;
}

/*
 * find_lock_task_mm() with trylock: the thread of @p that holds the mm,
 * locked (unless it is @held, whose lock our caller owns).  *busy is set if
 * some thread's lock could not be taken.
 */
static struct task_struct *trylock_task_mm(struct task_struct *p,
					   const struct task_struct *held,
					   bool *busy)
{
	struct task_struct *t;
	int spins;

	for_each_thread(p, t) {
		if (t == held) {
			if (READ_ONCE(t->mm))
				return t;
			continue;
		}
		for (spins = 0; !spin_trylock(&t->alloc_lock); spins++) {
			if (spins == TRYLOCK_SPINS) {
				*busy = true;
				goto next;
			}
			cpu_relax();
		}
		if (t->mm)
			return t;
		spin_unlock(&t->alloc_lock);
next:
		;
	}
	return NULL;
}

/* oom_badness(), from the values already read; false if never chosen. */
static bool badness(const struct oomsnap_task_info *r, struct task_struct *t,
		    struct mm_struct *mm, unsigned long totalpages, s64 *points)
{
	long adj = r->oom_score_adj;

	if (is_global_init(t->group_leader) || adj == OOM_SCORE_ADJ_MIN ||
	    test_bit(MMF_OOM_SKIP, &mm->flags) || in_vfork(t))
		return false;
	*points = r->rss_anon_pages + r->rss_file_pages + r->rss_shmem_pages +
		  r->swap_ents + r->pgtables_bytes / PAGE_SIZE;
	*points += adj * (long)(totalpages / 1000);
	return true;
}

static bool in_scope(struct task_struct *p, const struct oom_control *oc)
{
	if (is_global_init(p))
		return false;
#ifdef CONFIG_MEMCG
	if (oc->memcg)
		return mem_cgroup_is_descendant(mem_cgroup_from_task(p),
						oc->memcg);
#endif
	return true;
}

/* Fill @r for process @p; false if @p has no mm left (not listed). */
static bool read_row(struct oomsnap_task_info *r, struct task_struct *p,
		     const struct task_struct *held,
		     const struct oom_control *oc, bool *unreadable)
{
	struct task_struct *t;
	struct mm_struct *mm;
	bool busy = false;

	t = trylock_task_mm(p, held, &busy);
	if (!t && !busy)
		return false;	/* every thread detached its mm: as the kernel */

	memset(r, 0, sizeof(*r));
	if (!t) {
		t = p;
		r->flags |= OOMSNAP_ROW_NO_MM;
		*unreadable = true;
	}
	r->pid = task_pid_nr(t);
	r->tgid = task_tgid_nr(t);
	r->ppid = task_tgid_nr(rcu_dereference(p->real_parent));
	r->uid = from_kuid(&init_user_ns, task_uid(t));
	r->oom_score_adj = p->signal->oom_score_adj;
	r->state = task_index_to_char(task_state_index(p));
	oomsnap_copy_comm(r->comm, t);
	r->start_time_ns = p->start_boottime;
	r->cgroup_id = cgroup_id(task_dfl_cgroup(p));
	note_cgroup(task_dfl_cgroup(p));
	if (in_scope(p, oc))
		r->flags |= OOMSNAP_ROW_IN_SCOPE;
	if (r->flags & OOMSNAP_ROW_NO_MM)
		return true;

	mm = t->mm;
	r->total_vm_pages = mm->total_vm;
	r->rss_anon_pages = get_mm_counter(mm, MM_ANONPAGES);
	r->rss_file_pages = get_mm_counter(mm, MM_FILEPAGES);
	r->rss_shmem_pages = get_mm_counter(mm, MM_SHMEMPAGES);
	r->swap_ents = get_mm_counter(mm, MM_SWAPENTS);
	r->pgtables_bytes = mm_pgtables_bytes(mm);
	if (badness(r, t, mm, oc->totalpages, &r->points))
		r->flags |= OOMSNAP_ROW_KILLABLE;
	if (t != held)
		spin_unlock(&t->alloc_lock);
	return true;
}

static u64 row_rss(const struct oomsnap_task_info *r)
{
	return r->rss_anon_pages + r->rss_file_pages + r->rss_shmem_pages;
}

static void heap_swap(unsigned int a, unsigned int b)
{
	swap(tt.rows[a], tt.rows[b]);
	swap(tt.keys[a], tt.keys[b]);
}

static void heap_down(unsigned int i)
{
	for (;;) {
		unsigned int l = 2 * i + 1, r = l + 1, m = i;

		if (l < tt.n && tt.keys[l] < tt.keys[m])
			m = l;
		if (r < tt.n && tt.keys[r] < tt.keys[m])
			m = r;
		if (m == i)
			return;
		heap_swap(i, m);
		i = m;
	}
}

/* Keep @r (key @key) if it ranks among the top tt.cap rows. */
static void keep_row(struct oomsnap_record *rec,
		     const struct oomsnap_task_info *r, s64 key)
{
	unsigned int i;

	if (tt.n < tt.cap) {
		tt.rows[tt.n] = *r;
		tt.keys[tt.n++] = key;
		return;
	}
	if (!tt.heap) {
		for (i = tt.n / 2; i-- > 0;)
			heap_down(i);
		tt.heap = true;
	}
	rec->tasks_omitted++;
	if (key <= tt.keys[0]) {
		rec->tasks_omitted_rss_pages += row_rss(r);
		return;
	}
	rec->tasks_omitted_rss_pages += row_rss(&tt.rows[0]);
	tt.rows[0] = *r;
	tt.keys[0] = key;
	heap_down(0);
}

/*
 * Atomic; oom_lock held, @oc live, @victim locked by our caller, or
 * current, or NULL (a snapshot taken before any victim is chosen).
 * Walks every process; the result is in oomsnap_tasks_rows()/_cgroups().
 */
void oomsnap_snapshot_tasks(struct oomsnap_record *rec,
			    const struct oom_control *oc,
			    const struct task_struct *victim)
{
	static struct oomsnap_task_info r;
	struct task_struct *p;
	bool unreadable;
	s64 key;

	tt.n = 0;
	tt.heap = false;
	tt.nr_cg = 0;
	tt.cg_omitted = 0;
	memset(tt.cg_hash, 0, tt.cg_hash_size * sizeof(*tt.cg_hash));

	rcu_read_lock();
	for_each_process(p) {
		if (p->flags & PF_KTHREAD) {
			rec->kthreads++;
			continue;
		}
		unreadable = false;
		if (!read_row(&r, p, victim, oc, &unreadable))
			continue;
		if (unreadable)
			rec->tasks_unreadable++;
		if (victim && p->tgid == victim->tgid)
			key = S64_MAX;		/* the victim always stays */
		else if (r.flags & OOMSNAP_ROW_KILLABLE)
			key = r.points;
		else
			key = S64_MIN;
		keep_row(rec, &r, key);
	}
	rcu_read_unlock();

	rec->nr_tasks = tt.n;
	rec->nr_cgroups = tt.nr_cg;
	rec->cgroups_omitted = tt.cg_omitted;
}

struct oomsnap_task_info *oomsnap_tasks_rows(void)
{
	return tt.rows;
}

struct oomsnap_cgroup_ent *oomsnap_tasks_cgroups(void)
{
	return tt.cgroups;
}
