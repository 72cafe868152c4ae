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
 * Scope.  A row is in scope when the kernel could have chosen it: every
 * process but init for a global OOM, the memcg's own processes (those of
 * the OOM's memcg and its descendants) for a memcg OOM.  Only in-scope rows
 * get points (oom_badness() against oc->totalpages, which for a memcg OOM
 * is the memcg's size: points for anything else would mean nothing).
 *
 * What a memcg OOM costs.  The kernel walks only the memcg's tasks, with
 * mem_cgroup_scan_tasks(), which is not exported.  The exported iterator
 * over a cgroup's tasks (css_task_iter_start/next/end) takes css_set_lock,
 * a spinlock_t: it sleeps on PREEMPT_RT, and this runs with preemption
 * off.  So the walk stays for_each_process() under RCU, the one way to
 * enumerate processes that is safe here on every kernel, and it still
 * visits every process of the machine; a process outside the memcg costs
 * only what the walk cannot avoid:
 *  - the scope test comes first (mem_cgroup_from_task() and
 *    mem_cgroup_is_descendant(): pointer reads under RCU);
 *  - outside the memcg, no task lock is tried and no mm is read: the row
 *    has what the task_struct says (pids, uid, comm, state, oom_score_adj,
 *    start time, cgroup) and no memory fields (NO_MM, not counted as
 *    unreadable), no points.  The record still lists every user process
 *    (up to max_tasks) as it promises; the memory values it holds are
 *    those the kernel's own report has, the memcg's tasks, read as before;
 *  - once the table is full, a process outside is counted in
 *    tasks_omitted and nothing more is read (its RSS is not known, so it is
 *    not in tasks_omitted_rss_pages).
 * The cgroup table costs a path walk per distinct cgroup of a row kept,
 * never more than max_cgroups of them: oomsnap_cgroup_path(), lock-free,
 * because the kernel's cgroup_path() takes kernfs_rename_lock, an
 * rwlock_t, which sleeps on PREEMPT_RT (cgroup_path.c).
 *
 * Capacity: rows and cgroups live in arrays allocated at load (max_tasks,
 * max_cgroups).  Past max_tasks, rows are ranked (a min-heap by key) and
 * the lowest go, counted with their RSS: first the rows out of scope (init,
 * and processes outside the memcg), then in-scope rows the kernel would
 * never choose, then in-scope rows by points; the victim always stays.  So
 * an in-scope row is never left out while an out-of-scope row is kept.  In
 * the record, in-scope rows come first.  Nothing allocates.
 *
 * Cgroups: the table is built after the walk from the rows kept (the
 * victim's first, then in-scope rows), so max_cgroups is spent on those;
 * cgroups_omitted counts the distinct cgroups of kept rows whose path did
 * not fit (a hash of cgroup ids with room for max_tasks rows, allocated at
 * load), not the rows that refer to them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/hash.h>
#include <linux/log2.h>
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

/* Ranking keys (a row with points has its points as key). */
#define KEY_VICTIM	S64_MAX		/* never replaced */
#define KEY_NEVER	(S64_MIN + 1)	/* in scope, never chosen */
#define KEY_OUTSIDE	S64_MIN		/* out of scope: the first to go */

/* Per row, beside it: its rank, and its cgroup until the table is built. */
struct row_aux {
	s64 key;
	struct cgroup *cgrp;	/* valid in the walk's RCU section only */
};

/* Per-snapshot state, serialized by oom_lock. */
static struct {
	struct oomsnap_task_info *rows;
	struct row_aux *aux;		/* parallel to rows */
	unsigned int cap, n;
	bool heap;			/* rows[0..n) is a min-heap by key */
	struct oomsnap_cgroup_ent *cgroups;
	u32 *cg_hash;			/* open addressing: row index + 1, 0 free */
	unsigned int cg_cap, cg_hash_cap, nr_cg;
	u32 cg_omitted;
} tt;

/* Sleepable, module load. */
int oomsnap_tasks_init(unsigned int max_tasks, unsigned int max_cgroups)
{
	tt.rows = vmalloc(array_size(max_tasks, sizeof(*tt.rows)));
	tt.aux = vmalloc(array_size(max_tasks, sizeof(*tt.aux)));
	tt.cgroups = vmalloc(array_size(max_cgroups, sizeof(*tt.cgroups)));
	/* at most one cgroup per row: half full at worst */
	tt.cg_hash_cap = roundup_pow_of_two(2 * max_tasks);
	tt.cg_hash = vmalloc(array_size(tt.cg_hash_cap, sizeof(*tt.cg_hash)));
	if (!tt.rows || !tt.aux || !tt.cgroups || !tt.cg_hash) {
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
	vfree(tt.aux);
	vfree(tt.cgroups);
	vfree(tt.cg_hash);
	memset(&tt, 0, sizeof(tt));
}

/*
 * The cgroup of row @i into the table, once per cgroup id; a cgroup past
 * max_cgroups is counted once.  @size: the hash slots in use (power of 2).
 * Under the walk's rcu_read_lock().
 */
static void note_cgroup(unsigned int i, unsigned int size)
{
	u64 id = tt.rows[i].cgroup_id;
	unsigned int h = hash_64(id, ilog2(size));
	struct oomsnap_cgroup_ent *e;

	for (;; h = (h + 1) & (size - 1)) {
		u32 slot = tt.cg_hash[h];

		if (!slot)
			break;
		if (tt.rows[slot - 1].cgroup_id == id)
			return;
	}
	tt.cg_hash[h] = i + 1;
	if (tt.nr_cg == tt.cg_cap) {
		tt.cg_omitted++;
		return;
	}
	e = &tt.cgroups[tt.nr_cg++];
	e->id = id;
	if (oomsnap_cgroup_path(tt.aux[i].cgrp, e->path, sizeof(e->path)) < 0)
		strscpy(e->path, "?", sizeof(e->path));
}

/* The cgroup table of the rows kept: the victim's cgroup, then in order. */
static void note_cgroups(void)
{
	unsigned int size = roundup_pow_of_two(max(2 * tt.n, 16U));
	unsigned int i;

	size = min(size, tt.cg_hash_cap);
	memset(tt.cg_hash, 0, size * sizeof(*tt.cg_hash));
	for (i = 0; i < tt.n; i++) {
		if (tt.aux[i].key == KEY_VICTIM) {
			note_cgroup(i, size);
			break;
		}
	}
	for (i = 0; i < tt.n; i++)
		note_cgroup(i, size);
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

/*
 * The thread of @p that the kernel's dump would name (the first with an
 * mm), without locking: the mm pointer is only tested, never followed.
 */
static struct task_struct *thread_with_mm(struct task_struct *p)
{
	struct task_struct *t;

	for_each_thread(p, t)
		if (READ_ONCE(t->mm))
			return t;
	return NULL;
}

/* oom_badness(), from the values already read; false if never chosen. */
static bool badness(const struct oomsnap_task_info *r, struct task_struct *t,
		    struct mm_struct *mm, unsigned long totalpages, s64 *points)
{
	long adj = r->oom_score_adj;

	if (is_global_init(t->group_leader) || adj == OOM_SCORE_ADJ_MIN ||
	    oomsnap_mm_oom_skip(mm) || in_vfork(t))
		return false;
	*points = r->rss_anon_pages + r->rss_file_pages + r->rss_shmem_pages +
		  r->swap_ents + r->pgtables_bytes / PAGE_SIZE;
	*points += adj * (long)(totalpages / 1000);
	return true;
}

/* Outside the memcg of a memcg OOM: the kernel neither dumps nor ranks it. */
static bool outside_memcg(struct task_struct *p, const struct oom_control *oc)
{
#ifdef CONFIG_MEMCG
	if (oc->memcg)
		return !mem_cgroup_is_descendant(mem_cgroup_from_task(p),
						 oc->memcg);
#endif
	return false;
}

/* The fields every row has, from the task_struct alone (@t: the mm thread). */
static void read_ids(struct oomsnap_task_info *r, struct task_struct *p,
		     struct task_struct *t)
{
	r->pid = task_pid_nr(t);
	r->tgid = task_tgid_nr(t);
	r->ppid = task_tgid_nr(rcu_dereference(p->real_parent));
	r->uid = from_kuid(&init_user_ns, task_uid(t));
	r->oom_score_adj = p->signal->oom_score_adj;
	r->state = task_index_to_char(task_state_index(p));
	oomsnap_copy_comm(r->comm, t);
	r->start_time_ns = p->start_boottime;
	r->cgroup_id = cgroup_id(task_dfl_cgroup(p));
}

/*
 * Fill @r for process @p, memory included (@in_scope: the kernel could
 * choose it, so it gets points); false if @p has no mm left (not listed).
 */
static bool read_row(struct oomsnap_task_info *r, struct task_struct *p,
		     const struct task_struct *held,
		     const struct oom_control *oc, bool in_scope,
		     bool *unreadable)
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
	read_ids(r, p, t);
	if (in_scope)
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
	if (in_scope && badness(r, t, mm, oc->totalpages, &r->points))
		r->flags |= OOMSNAP_ROW_KILLABLE;
	if (t != held)
		spin_unlock(&t->alloc_lock);
	return true;
}

static u64 row_rss(const struct oomsnap_task_info *r)
{
	return r->rss_anon_pages + r->rss_file_pages + r->rss_shmem_pages;
}

static void row_swap(unsigned int a, unsigned int b)
{
	swap(tt.rows[a], tt.rows[b]);
	swap(tt.aux[a], tt.aux[b]);
}

static void heap_down(unsigned int i)
{
	for (;;) {
		unsigned int l = 2 * i + 1, r = l + 1, m = i;

		if (l < tt.n && tt.aux[l].key < tt.aux[m].key)
			m = l;
		if (r < tt.n && tt.aux[r].key < tt.aux[m].key)
			m = r;
		if (m == i)
			return;
		row_swap(i, m);
		i = m;
	}
}

/* Keep @r (key @key, cgroup @cgrp) if it ranks among the top tt.cap rows. */
static void keep_row(struct oomsnap_record *rec,
		     const struct oomsnap_task_info *r, s64 key,
		     struct cgroup *cgrp)
{
	unsigned int i;

	if (tt.n < tt.cap) {
		tt.rows[tt.n] = *r;
		tt.aux[tt.n].key = key;
		tt.aux[tt.n++].cgrp = cgrp;
		return;
	}
	if (!tt.heap) {
		for (i = tt.n / 2; i-- > 0;)
			heap_down(i);
		tt.heap = true;
	}
	rec->tasks_omitted++;
	if (key <= tt.aux[0].key) {
		rec->tasks_omitted_rss_pages += row_rss(r);
		return;
	}
	rec->tasks_omitted_rss_pages += row_rss(&tt.rows[0]);
	tt.rows[0] = *r;
	tt.aux[0].key = key;
	tt.aux[0].cgrp = cgrp;
	heap_down(0);
}

/* In-scope rows first (the order within each part does not matter). */
static void in_scope_first(void)
{
	unsigned int i = 0, j = tt.n;

	for (;;) {
		while (i < j && (tt.rows[i].flags & OOMSNAP_ROW_IN_SCOPE))
			i++;
		while (i < j && !(tt.rows[j - 1].flags & OOMSNAP_ROW_IN_SCOPE))
			j--;
		if (j - i < 2)
			return;
		row_swap(i++, --j);
	}
}

/*
 * One process outside the memcg of a memcg OOM: listed from its task_struct
 * (no lock tried, no mm read, no points), or only counted once the table is
 * full (an out-of-scope row never replaces a kept one).
 */
static void outside_row(struct oomsnap_record *rec, struct task_struct *p,
			struct oomsnap_task_info *r)
{
	struct task_struct *t = thread_with_mm(p);

	if (!t)
		return;		/* no mm left: not listed, as the kernel */
	if (tt.n == tt.cap) {
		rec->tasks_omitted++;
		return;
	}
	memset(r, 0, sizeof(*r));
	r->flags = OOMSNAP_ROW_NO_MM;
	read_ids(r, p, t);
	keep_row(rec, r, KEY_OUTSIDE, task_dfl_cgroup(p));
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
	bool unreadable, in_scope, outside, is_victim;
	s64 key;

	tt.n = 0;
	tt.heap = false;
	tt.nr_cg = 0;
	tt.cg_omitted = 0;

	rcu_read_lock();
	for_each_process(p) {
		if (p->flags & PF_KTHREAD) {
			rec->kthreads++;
			continue;
		}
		is_victim = victim && p->tgid == victim->tgid;
		outside = outside_memcg(p, oc);
		if (outside && !is_victim) {
			outside_row(rec, p, &r);
			continue;
		}
		in_scope = !outside && !is_global_init(p);
		unreadable = false;
		if (!read_row(&r, p, victim, oc, in_scope, &unreadable))
			continue;
		if (unreadable)
			rec->tasks_unreadable++;
		if (is_victim)
			key = KEY_VICTIM;
		else if (r.flags & OOMSNAP_ROW_KILLABLE)
			key = r.points;
		else if (in_scope)
			key = KEY_NEVER;
		else
			key = KEY_OUTSIDE;
		keep_row(rec, &r, key, task_dfl_cgroup(p));
	}
	in_scope_first();
	note_cgroups();
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
