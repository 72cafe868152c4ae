// SPDX-License-Identifier: GPL-2.0
/*
 * capture.c - the OOM path: where oomsnap watches the OOM killer and turns
 * each kill into a record, without allocating memory and without taking any
 * lock the OOM killer's own locks forbid.
 *
 * Capture points, and why these:
 *
 *  1. A kretprobe on out_of_memory().  Every OOM invocation, global, memcg
 *     and sysrq-f alike, passes here with oom_lock held and before the
 *     kernel decides anything.  It is the only place that sees struct
 *     oom_control (gfp_mask, order, memcg): the notifier gets no oom_control
 *     and the tracepoint only the victim.  The entry handler copies the
 *     trigger (current and oc's scalars) into @pending and keeps @oc, which
 *     lives on the caller's stack for exactly as long as the call; the
 *     return handler closes @pending, so @oc is never followed after the
 *     call is over.  Context: kprobe handlers, atomic, possibly NMI-like
 *     (int3), oom_lock held: plain loads and stores only, no locks.
 *
 *  2. The OOM notifier.  Called for global and sysrq OOMs only, never for
 *     memcg ones, before a victim is chosen and before the panic_on_oom
 *     check, possibly many times per episode and sometimes with no kill
 *     after it.  It must never claim to have freed memory.  With a
 *     persistent region it writes a *provisional* record (the whole
 *     snapshot, no victim, flagged PANIC): if the kernel panics next
 *     (vm.panic_on_oom), that record is what the next boot finds; if not,
 *     the record is dropped when a victim is recorded or when
 *     out_of_memory() returns.  Context: process, sleepable, oom_lock held,
 *     memory exhausted (no allocation).
 *
 *  3. The oom:mark_victim tracepoint, once per victim (an oom.group kill
 *     marks several).  This is where the whole record is taken: the kill
 *     is decided (so the snapshot and the victim belong to the same kill,
 *     and oc->totalpages/constraint are final for the points), the kernel's
 *     own task dump was printed just before, and the victim's mm is stable
 *     (task_lock(victim) held) so its counters are the very values of the
 *     "Killed process" line printed right after.  Taking task_lock() of any
 *     other task here is recursive locking of the same class (lockdep):
 *     tasks.c only trylocks, and comm is copied, never get_task_comm().
 *     Context: atomic, oom_lock + task_lock(victim) held (or victim ==
 *     current, for a task that was already exiting).
 *
 * Exiting victims: the kernel marks a task that is already exiting without
 * printing "Killed process" (and without counting an oom_kill event).  A
 * victim is recorded as exiting when vmstat's oom_kill did not move since
 * the previous mark_victim or the out_of_memory() entry.
 *
 * Pairing the trigger with its victim: all of these run under oom_lock, so
 * @pending needs no lock of its own, and mark_victim runs in the task that
 * entered out_of_memory(), inside that call.  A victim seen while no call is
 * open in the current task (which should not happen) is counted and
 * reported, never recorded with a guessed trigger.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/kprobes.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/oom.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/uidgid.h>
#include "compat.h"
#include "oomsnap_internal.h"

#ifndef CONFIG_KRETPROBES
#error "oomsnap needs CONFIG_KRETPROBES to see out_of_memory()'s oom_control"
#endif

/*
 * The out_of_memory() call in progress, serialized by oom_lock.  @oc is
 * valid only while @owner is set, that is, between entry and return.
 */
static struct {
	const struct task_struct *owner;	/* identity only, never followed */
	struct oom_control *oc;
	struct oomsnap_trigger trigger;
	u64 oom_kills;				/* vmstat oom_kill last seen */
	u64 provisional;			/* rid of the notifier's record */
} pending;

static bool persistent;

/* Built under oom_lock, then copied into the store: keeps it off the stack. */
static struct oomsnap_record scratch;

static atomic_long_t victims_unpaired = ATOMIC_LONG_INIT(0);
static atomic_long_t records_unstored = ATOMIC_LONG_INIT(0);

static void drop_provisional(void)
{
	if (pending.provisional) {
		oomsnap_store_discard(pending.provisional);
		pending.provisional = 0;
	}
}

/* kretprobe entry handler, out_of_memory(): atomic, oom_lock held. */
static int oomsnap_oom_entry(struct kretprobe_instance *ri,
			     struct pt_regs *regs)
{
	struct oom_control *oc =
		(struct oom_control *)regs_get_kernel_argument(regs, 0);
	struct oomsnap_trigger *t = &pending.trigger;

	memset(t, 0, sizeof(*t));
	t->gfp_mask = oc->gfp_mask;
	t->order = oc->order;
	t->task.pid = task_pid_nr(current);
	t->task.tgid = task_tgid_nr(current);
	t->task.oom_score_adj = current->signal->oom_score_adj;
	oomsnap_copy_comm(t->task.comm, current);
	if (oc->memcg)
		t->kind = OOMSNAP_KIND_MEMCG;
	else if (oc->order == -1)
		t->kind = OOMSNAP_KIND_SYSRQ;
	else
		t->kind = OOMSNAP_KIND_GLOBAL;
	pending.oom_kills = oomsnap_oom_kill_count();
	pending.oc = oc;
	pending.owner = current;
	return 0;
}

/* kretprobe return handler, out_of_memory(): atomic, oom_lock held. */
static int oomsnap_oom_return(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	drop_provisional();
	pending.owner = NULL;
	pending.oc = NULL;
	return 0;
}

/* out_of_memory() is serialized by oom_lock: one instance is in use at most. */
static struct kretprobe oom_kretprobe = {
	.kp.symbol_name = "out_of_memory",
	.entry_handler = oomsnap_oom_entry,
	.handler = oomsnap_oom_return,
	.maxactive = 2,
};

static void complete_victim(struct oomsnap_record *rec);

/*
 * Takes the machine snapshot into @rec (victim already filled or NULL) and
 * commits it.  Atomic-safe; oom_lock held, inside out_of_memory().
 */
static int take_record(struct oomsnap_record *rec, struct task_struct *victim,
		       u32 flags, u64 *rid)
{
	u64 start = ktime_get_ns();
	int ret;

	rec->time_ns = ktime_get_real_ns();
	rec->trigger = pending.trigger;
	oomsnap_snapshot_machine(rec, pending.oc);
	oomsnap_snapshot_tasks(rec, pending.oc, victim);
	if (victim)
		complete_victim(rec);
	rec->capture_ns = ktime_get_ns() - start;
	ret = oomsnap_store_commit(rec, oomsnap_tasks_rows(),
				   rec->nr_tasks * sizeof(struct oomsnap_task_info),
				   oomsnap_tasks_cgroups(),
				   rec->nr_cgroups *
				   sizeof(struct oomsnap_cgroup_ent), flags, rid);
	return ret;
}

/* OOM notifier: sleepable, oom_lock held.  Never reports freed pages. */
static int oomsnap_oom_notify(struct notifier_block *nb, unsigned long unused,
			      void *freed)
{
	if (!persistent || pending.owner != current || !pending.oc)
		return NOTIFY_OK;
	drop_provisional();
	memset(&scratch, 0, sizeof(scratch));
	if (take_record(&scratch, NULL, OSR_F_PANIC | OSR_F_PROVISIONAL,
			&pending.provisional))
		pending.provisional = 0;	/* full: nothing to panic with */
	return NOTIFY_OK;
}

static struct notifier_block oom_nb = {
	.notifier_call = oomsnap_oom_notify,
};

/*
 * Atomic, with task_lock(@task) held by the caller (or @task == current,
 * whose mm cannot go away while it runs this).  The fields of the kernel's
 * "Killed process" line, read the way it reads them.
 */
static void read_victim(struct oomsnap_task_info *v, struct task_struct *task)
{
	struct mm_struct *mm = READ_ONCE(task->mm);

	v->pid = task_pid_nr(task);
	v->tgid = task_tgid_nr(task);
	v->uid = from_kuid(&init_user_ns, task_uid(task));
	v->oom_score_adj = task->signal->oom_score_adj;
	oomsnap_copy_comm(v->comm, task);
	if (!mm) {
		v->flags |= OOMSNAP_ROW_NO_MM;
		return;
	}
	v->total_vm_pages = mm->total_vm;
	v->rss_anon_pages = get_mm_counter(mm, MM_ANONPAGES);
	v->rss_file_pages = get_mm_counter(mm, MM_FILEPAGES);
	v->rss_shmem_pages = get_mm_counter(mm, MM_SHMEMPAGES);
	v->swap_ents = get_mm_counter(mm, MM_SWAPENTS);
	v->pgtables_bytes = mm_pgtables_bytes(mm);
}

/* The victim's own row of the task table gives what the kill line lacks. */
static void complete_victim(struct oomsnap_record *rec)
{
	struct oomsnap_task_info *rows = oomsnap_tasks_rows();
	struct oomsnap_task_info *v = &rec->victim;
	u32 i;

	for (i = 0; i < rec->nr_tasks; i++) {
		if (rows[i].tgid != v->tgid)
			continue;
		v->ppid = rows[i].ppid;
		v->state = rows[i].state;
		v->points = rows[i].points;
		v->cgroup_id = rows[i].cgroup_id;
		v->start_time_ns = rows[i].start_time_ns;
		v->flags |= rows[i].flags &
			    (OOMSNAP_ROW_KILLABLE | OOMSNAP_ROW_IN_SCOPE);
		return;
	}
}

/* oom:mark_victim probe: atomic, oom_lock and task_lock(victim) held. */
static OOMSNAP_MARK_VICTIM_PROBE(oomsnap_mark_victim)
{
	struct task_struct *victim = OOMSNAP_MARK_VICTIM_TASK();
	struct oomsnap_record *rec = &scratch;
	u64 kills;
	int ret;

	if (!victim || !pending.owner || pending.owner != current) {
		atomic_long_inc(&victims_unpaired);
		pr_warn_ratelimited("an OOM victim could not be paired with its out_of_memory() call and was not recorded (%ld so far)\n",
				    atomic_long_read(&victims_unpaired));
		return;
	}

	drop_provisional();
	memset(rec, 0, sizeof(*rec));
	kills = oomsnap_oom_kill_count();
	if (kills == pending.oom_kills)
		rec->victim.flags |= OOMSNAP_ROW_EXITING;
	pending.oom_kills = kills;
	read_victim(&rec->victim, victim);

	ret = take_record(rec, victim, 0, NULL);
	if (ret == -ENOSPC) {
		atomic_long_inc(&records_unstored);
		pr_warn_ratelimited("record store full of unacknowledged records: the kill of %d (%s) was counted, not stored; run 'oomsnap ack'\n",
				    rec->victim.pid, rec->victim.comm);
		return;
	}
	if (ret) {
		atomic_long_inc(&records_unstored);
		pr_warn_ratelimited("a record larger than the store was not kept (%ld so far); raise buffer_kb or mem_size\n",
				    atomic_long_read(&records_unstored));
		return;
	}
	oomsnap_genl_announce();
}

static struct tracepoint *mark_victim_tp;

/* Sleepable; for_each_kernel_tracepoint() callback. */
static void find_mark_victim(struct tracepoint *tp, void *priv)
{
	if (!strcmp(tp->name, "mark_victim"))
		*(struct tracepoint **)priv = tp;
}

/* Sleepable, module load. */
int oomsnap_capture_init(bool persistent_store)
{
	int ret;

	persistent = persistent_store;
	for_each_kernel_tracepoint(find_mark_victim, &mark_victim_tp);
	if (!mark_victim_tp) {
		pr_err("tracepoint oom:mark_victim not found in this kernel; cannot see OOM victims\n");
		return -ENOENT;
	}

	ret = register_kretprobe(&oom_kretprobe);
	if (ret) {
		pr_err("cannot kretprobe out_of_memory() (error %d); needs CONFIG_KRETPROBES and a kernel that allows probing it\n",
		       ret);
		return ret;
	}

	ret = tracepoint_probe_register(mark_victim_tp,
					(void *)oomsnap_mark_victim, NULL);
	if (ret) {
		pr_err("cannot attach to tracepoint oom:mark_victim (error %d)\n",
		       ret);
		goto err_kprobe;
	}

	ret = register_oom_notifier(&oom_nb);
	if (ret) {
		pr_err("cannot register the OOM notifier (error %d)\n", ret);
		goto err_tracepoint;
	}
	return 0;

err_tracepoint:
	tracepoint_probe_unregister(mark_victim_tp,
				    (void *)oomsnap_mark_victim, NULL);
	tracepoint_synchronize_unregister();
err_kprobe:
	unregister_kretprobe(&oom_kretprobe);
	return ret;
}

/* Sleepable, module unload: returns once no probe can be running. */
void oomsnap_capture_exit(void)
{
	unregister_oom_notifier(&oom_nb);
	tracepoint_probe_unregister(mark_victim_tp,
				    (void *)oomsnap_mark_victim, NULL);
	tracepoint_synchronize_unregister();
	unregister_kretprobe(&oom_kretprobe);
	if (oom_kretprobe.nmissed)
		pr_warn("out_of_memory() was entered %d times without oomsnap seeing it; kills in those calls were not recorded\n",
			oom_kretprobe.nmissed);
	if (atomic_long_read(&victims_unpaired))
		pr_warn("%ld OOM victims were not recorded (unpaired with their trigger)\n",
			atomic_long_read(&victims_unpaired));
}
