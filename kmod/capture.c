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
 *     lives on the caller's stack for exactly as long as the call.  The
 *     return handler commits the call's record, if a victim was marked, and
 *     closes @pending, so @oc is never followed after the call is over
 *     (oom_lock is still held there: every caller of out_of_memory()
 *     releases it after the call returns).  Context: kprobe handlers,
 *     preemption disabled, oom_lock held: no sleeping lock.
 *
 *  2. The OOM notifier.  Called for global and sysrq OOMs only, never for
 *     memcg ones, before a victim is chosen and before the panic_on_oom
 *     check, possibly many times per episode and sometimes with no kill
 *     after it.  It must never claim to have freed memory.  With a
 *     persistent region, and when a panic is possible (panic_possible()),
 *     it writes a *provisional* record (the snapshot, no victim, flagged
 *     PANIC): if the kernel panics next, that record is what the next boot
 *     finds; if not, it is dropped when the call's victim is recorded or
 *     when out_of_memory() returns, and since it is then the newest record
 *     its space comes back.  A provisional record never evicts a held one
 *     (region.c), and GET, LIST and ACK do not see it.  Context: process,
 *     sleepable, oom_lock held, memory exhausted (no allocation).
 *
 *  2b. A panic notifier, the safety net of 2.  A panic inside an
 *     out_of_memory() call that has no record yet (no provisional one:
 *     userspace said vm.panic_on_oom=0, and yet "System is deadlocked on
 *     memory" when a global OOM finds no killable task; panic_on_oom=2
 *     in a memcg OOM, which the OOM notifier never sees; any other panic
 *     inside the call) gets the same snapshot, written from the panic
 *     notifier.  It runs only when the panicking task is the one inside
 *     out_of_memory() (pending.owner == current), so any other panic costs
 *     a comparison.  Panic context: interrupts off and, usually, the other
 *     CPUs stopped wherever they were, possibly holding a lock: so the
 *     store and the facts are only trylocked (oomsnap_panicking), and
 *     every clock read on the OOM path is an NMI-safe *_fast_ns() one,
 *     which never waits for a timekeeping update a stopped CPU left
 *     half-done.  With kdump loaded, panic() starts the crash kernel
 *     before the notifiers (unless crash_kexec_post_notifiers): then only
 *     a provisional record exists.  Context: panic, atomic.
 *
 *  3. The oom:mark_victim tracepoint, once per victim.  The first victim of
 *     an out_of_memory() call takes the snapshot: the kill is decided (so
 *     oc->totalpages/constraint are final for the points), the kernel's own
 *     task dump was printed just before, and the victim's mm is stable
 *     (task_lock(victim) held), so its counters are the very values of the
 *     "Killed process" line printed right after.  Every further victim of
 *     the same call (memory.oom.group kills each member inside the call,
 *     one mark each) is only read and added to the record's victims: one
 *     walk of the process list per call, not one per victim.  Taking
 *     task_lock() of any other task here is recursive locking of the same
 *     class (lockdep): tasks.c only trylocks, and comm is copied, never
 *     get_task_comm().  Context: preemption disabled, oom_lock +
 *     task_lock(victim) held (or victim == current, for a task that was
 *     already exiting).
 *
 * Room first: before walking, the store is asked whether it can take the
 * record at all (the summary and a victim); if not, the call's kills are
 * counted as not stored and nothing is walked.  A record whose task table
 * then does not fit is stored without its rows (counted, flagged).
 *
 * Exiting victims: the kernel marks a task that is already exiting without
 * printing "Killed process" (and without counting an oom_kill event).  A
 * victim is recorded as exiting when vmstat's oom_kill did not move since
 * the previous mark_victim or the out_of_memory() entry.  Those marks come
 * in storms (every allocating task of a dying process, task_will_free_mem
 * (current)), and the kernel rate-limits its own report the same way
 * (__ratelimit(&oom_rs), DEFAULT_RATELIMIT_INTERVAL/BURST): past the
 * burst, such a mark still gets its record (trigger, victim, machine
 * state), without the task walk, flagged NO_WALK and counted.
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
#include <linux/panic_notifier.h>
#include <linux/ratelimit.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>
#include <linux/uidgid.h>
#include <linux/vmalloc.h>
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
	bool building;		/* scratch holds this call's record */
	bool unstored;		/* no room: this call's kills are counted */
	u32 nr_victims;		/* in victims[] */
	u32 victims_omitted;
	u32 lost;		/* kills of this call not stored */
	u32 lost_pid;
	char lost_comm[OOMSNAP_COMM_LEN];
} pending;

static bool persistent;
/* Set once by the panic notifier: the store and the facts are trylocked. */
bool oomsnap_panicking;

/* Built under oom_lock, then copied into the store: keeps it off the stack. */
static struct oomsnap_record scratch;
/* The victims of the call in progress (vmalloc'd at load). */
static struct oomsnap_task_info *victims;

/* What the kernel rate-limits for its own report, rate-limited alike. */
static DEFINE_RATELIMIT_STATE(exiting_rs, DEFAULT_RATELIMIT_INTERVAL,
			      DEFAULT_RATELIMIT_BURST);

static atomic_long_t victims_unpaired = ATOMIC_LONG_INIT(0);
static atomic_long_t records_unstored = ATOMIC_LONG_INIT(0);
static atomic_long_t provisional_discarded = ATOMIC_LONG_INIT(0);
static atomic_long_t provisional_unstored = ATOMIC_LONG_INIT(0);
static atomic_long_t walks_skipped = ATOMIC_LONG_INIT(0);
static atomic_long_t victims_omitted = ATOMIC_LONG_INIT(0);
static atomic_long_t rows_dropped = ATOMIC_LONG_INIT(0);

/*
 * Whether the out_of_memory() call in progress can end in a panic_on_oom
 * panic, so that a provisional record must be in the store before it does:
 * never for sysrq-f (check_panic_on_oom() skips it); otherwise unless
 * userspace said, recently, that vm.panic_on_oom is 0
 * (oomsnap_facts_panic_possible(): not knowing means maybe).  The
 * constraint is not known yet when the notifier runs, so panic_on_oom=1
 * counts as possible even for a cpuset- or mempolicy-constrained OOM.
 * Not covered with panic_on_oom=0: the "System is deadlocked on memory"
 * panic of a global OOM that finds no killable task at all (the README
 * says so).
 */
static bool panic_possible(void)
{
	return pending.trigger.kind != OOMSNAP_KIND_SYSRQ &&
	       oomsnap_facts_panic_possible();
}

static void drop_provisional(void)
{
	if (pending.provisional) {
		oomsnap_store_discard(pending.provisional);
		pending.provisional = 0;
		atomic_long_inc(&provisional_discarded);
	}
}

static void commit_pending(void);

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
	pending.building = false;
	pending.unstored = false;
	pending.nr_victims = 0;
	pending.victims_omitted = 0;
	pending.lost = 0;
	pending.oc = oc;
	pending.owner = current;
	return 0;
}

/*
 * kretprobe return handler, out_of_memory(): atomic, oom_lock held.  Every
 * victim of the call has been marked: the record is complete.
 */
static int oomsnap_oom_return(struct kretprobe_instance *ri,
			      struct pt_regs *regs)
{
	if (pending.owner == current) {
		drop_provisional();
		if (pending.building)
			commit_pending();
		if (pending.lost)
			oomsnap_store_count_lost(pending.lost, pending.lost_pid,
						 pending.lost_comm);
	}
	pending.building = false;
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

/* The rows of the task table, dropped: counted in the record and here. */
static void drop_rows(struct oomsnap_record *rec)
{
	struct oomsnap_task_info *rows = oomsnap_tasks_rows();
	u32 i;

	for (i = 0; i < rec->nr_tasks; i++)
		rec->tasks_omitted_rss_pages += rows[i].rss_anon_pages +
						rows[i].rss_file_pages +
						rows[i].rss_shmem_pages;
	rec->tasks_omitted += rec->nr_tasks;
	rec->nr_tasks = 0;
	rec->cgroups_omitted += rec->nr_cgroups;
	rec->nr_cgroups = 0;
	rec->capture_flags |= OOMSNAP_CAPTURE_ROWS_DROPPED;
	atomic_long_inc(&rows_dropped);
}

/*
 * Commits @scratch with the task table and @nv victims; when the table
 * does not fit, once more without it.  Atomic-safe; oom_lock held.
 */
static int commit_scratch(u32 nv, u32 flags, u64 *rid)
{
	struct oomsnap_record *rec = &scratch;
	struct oomsnap_part parts[3];
	int ret;

	for (;;) {
		parts[0].p = oomsnap_tasks_rows();
		parts[0].len = rec->nr_tasks * sizeof(struct oomsnap_task_info);
		parts[1].p = oomsnap_tasks_cgroups();
		parts[1].len = rec->nr_cgroups *
			       sizeof(struct oomsnap_cgroup_ent);
		parts[2].p = victims;
		parts[2].len = nv * sizeof(struct oomsnap_task_info);
		rec->nr_victims = nv;
		ret = oomsnap_store_commit(rec, parts, 3, flags, rid);
		if ((ret != -ENOSPC && ret != -EFBIG) ||
		    (!rec->nr_tasks && !rec->nr_cgroups))
			return ret;
		drop_rows(rec);
	}
}

/* Return handler: the call's record, with every victim.  Atomic. */
static void commit_pending(void)
{
	struct oomsnap_record *rec = &scratch;
	int ret;

	rec->victims_omitted = pending.victims_omitted;
	ret = commit_scratch(pending.nr_victims, 0, NULL);
	if (!ret) {
		oomsnap_genl_announce();
		return;
	}
	atomic_long_inc(&records_unstored);
	pending.lost += pending.nr_victims + pending.victims_omitted;
	pending.lost_pid = rec->victim.pid;
	memcpy(pending.lost_comm, rec->victim.comm, OOMSNAP_COMM_LEN);
	if (ret == -ENOSPC)
		pr_warn_ratelimited("record store full of unacknowledged records: the kill of %d (%s) was counted, not stored; run 'oomsnap ack'\n",
				    rec->victim.pid, rec->victim.comm);
	else
		pr_warn_ratelimited("a record larger than the store was not kept (%ld so far); raise buffer_kb or mem_size\n",
				    atomic_long_read(&records_unstored));
}

/*
 * The snapshot of the call in progress, no victim, as a provisional panic
 * record.  The OOM notifier (sleepable) or the panic notifier (atomic);
 * oom_lock held by the task.  0, or why there is none.
 */
static int write_provisional(void)
{
	struct oomsnap_record *rec = &scratch;
	u64 start;
	int ret;

	drop_provisional();
	/* room first: a provisional record never evicts, so ask before walking */
	if (!oomsnap_store_fits(sizeof(*rec), OSR_F_PROVISIONAL)) {
		atomic_long_inc(&provisional_unstored);
		return -ENOSPC;
	}
	memset(rec, 0, sizeof(*rec));
	start = ktime_get_mono_fast_ns();
	rec->time_ns = ktime_get_real_fast_ns();
	rec->trigger = pending.trigger;
	oomsnap_snapshot_machine(rec, pending.oc);
	oomsnap_snapshot_tasks(rec, pending.oc, NULL);
	rec->capture_ns = ktime_get_mono_fast_ns() - start;
	ret = commit_scratch(0, OSR_F_PANIC | OSR_F_PROVISIONAL,
			     &pending.provisional);
	if (ret) {
		pending.provisional = 0;	/* full: nothing to panic with */
		atomic_long_inc(&provisional_unstored);
	}
	return ret;
}

/* OOM notifier: sleepable, oom_lock held.  Never reports freed pages. */
static int oomsnap_oom_notify(struct notifier_block *nb, unsigned long unused,
			      void *freed)
{
	if (persistent && pending.owner == current && pending.oc &&
	    !pending.building && panic_possible())
		write_provisional();
	return NOTIFY_OK;
}

static struct notifier_block oom_nb = {
	.notifier_call = oomsnap_oom_notify,
};

/*
 * Panic notifier: panic context (atomic, interrupts off, other CPUs
 * usually stopped).  Only a panic of the task inside out_of_memory(), for
 * a call that has no record yet (a victim already marked is in @scratch,
 * and is committed from here too: the call will not return).
 */
static int oomsnap_panic_notify(struct notifier_block *nb, unsigned long ev,
				void *msg)
{
	if (!persistent || pending.owner != current || !pending.oc ||
	    pending.provisional)
		return NOTIFY_DONE;
	WRITE_ONCE(oomsnap_panicking, true);
	if (pending.building) {
		scratch.victims_omitted = pending.victims_omitted;
		if (!commit_scratch(pending.nr_victims, OSR_F_PANIC, NULL))
			pr_emerg("panic inside an OOM kill: its record is in the region\n");
		else
			pr_emerg("panic inside an OOM kill: no room for its record in the region\n");
	} else if (!write_provisional()) {
		pr_emerg("panic inside an OOM call: its snapshot is in the region\n");
	} else {
		pr_emerg("panic inside an OOM call: no room for its snapshot in the region\n");
	}
	return NOTIFY_DONE;
}

static struct notifier_block panic_nb = {
	.notifier_call = oomsnap_panic_notify,
	.priority = INT_MAX,	/* before notifiers that may hang or reset */
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

/* A victim's own row of the task table gives what the kill line lacks. */
static void complete_victim(const struct oomsnap_record *rec,
			    struct oomsnap_task_info *v)
{
	struct oomsnap_task_info *rows = oomsnap_tasks_rows();
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

/*
 * The first victim of the call: the snapshot.  Atomic; oom_lock and
 * task_lock(@victim) held, or @victim == current.
 */
static void first_victim(struct task_struct *victim,
			 const struct oomsnap_task_info *v)
{
	struct oomsnap_record *rec = &scratch;
	bool walk = true;
	u64 start;

	drop_provisional();	/* its space comes back before the room check */
	if (!oomsnap_store_fits(sizeof(*rec) + sizeof(*v), 0)) {
		pending.unstored = true;
		atomic_long_inc(&records_unstored);
		pending.lost++;
		pending.lost_pid = v->pid;
		memcpy(pending.lost_comm, v->comm, OOMSNAP_COMM_LEN);
		pr_warn_ratelimited("record store full of unacknowledged records: the kill of %d (%s) was counted, not stored; run 'oomsnap ack'\n",
				    v->pid, v->comm);
		return;
	}
	memset(rec, 0, sizeof(*rec));
	if ((v->flags & OOMSNAP_ROW_EXITING) && !__ratelimit(&exiting_rs)) {
		walk = false;
		rec->capture_flags |= OOMSNAP_CAPTURE_NO_WALK;
		atomic_long_inc(&walks_skipped);
	}
	start = ktime_get_mono_fast_ns();
	rec->time_ns = ktime_get_real_fast_ns();
	rec->trigger = pending.trigger;
	rec->victim = *v;
	oomsnap_snapshot_machine(rec, pending.oc);
	if (walk) {
		oomsnap_snapshot_tasks(rec, pending.oc, victim);
		complete_victim(rec, &rec->victim);
	}
	rec->capture_ns = ktime_get_mono_fast_ns() - start;
	victims[0] = rec->victim;
	pending.nr_victims = 1;
	pending.building = true;
}

/* oom:mark_victim probe: atomic, oom_lock and task_lock(victim) held. */
static OOMSNAP_MARK_VICTIM_PROBE(oomsnap_mark_victim)
{
	struct task_struct *victim = OOMSNAP_MARK_VICTIM_TASK();
	struct oomsnap_task_info v = {};
	u64 kills, start;

	if (!victim || !pending.owner || pending.owner != current) {
		atomic_long_inc(&victims_unpaired);
		pr_warn_ratelimited("an OOM victim could not be paired with its out_of_memory() call and was not recorded (%ld so far)\n",
				    atomic_long_read(&victims_unpaired));
		return;
	}

	start = ktime_get_mono_fast_ns();
	kills = oomsnap_oom_kill_count();
	if (kills == pending.oom_kills)
		v.flags |= OOMSNAP_ROW_EXITING;
	pending.oom_kills = kills;
	read_victim(&v, victim);

	if (pending.unstored) {
		pending.lost++;
		pending.lost_pid = v.pid;
		memcpy(pending.lost_comm, v.comm, OOMSNAP_COMM_LEN);
		return;
	}
	if (!pending.building) {
		first_victim(victim, &v);
		return;
	}
	/* another victim of the same call: an oom.group member */
	if (pending.nr_victims == OOMSNAP_MAX_VICTIMS) {
		pending.victims_omitted++;
		atomic_long_inc(&victims_omitted);
		return;
	}
	complete_victim(&scratch, &v);
	victims[pending.nr_victims++] = v;
	/* capture_ns: the whole call's capture, the walk and every victim */
	scratch.capture_ns += ktime_get_mono_fast_ns() - start;
}

/* Process context (STATUS). */
void oomsnap_capture_counters(struct oomsnap_capture_counters *c)
{
	c->victims_unpaired = atomic_long_read(&victims_unpaired);
	c->records_unstored = atomic_long_read(&records_unstored);
	c->probe_missed = READ_ONCE(oom_kretprobe.nmissed);
	c->provisional_discarded = atomic_long_read(&provisional_discarded);
	c->provisional_unstored = atomic_long_read(&provisional_unstored);
	c->walks_skipped = atomic_long_read(&walks_skipped);
	c->victims_omitted = atomic_long_read(&victims_omitted);
	c->rows_dropped = atomic_long_read(&rows_dropped);
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
	/* "callbacks suppressed" is not ours to print: the walks are counted */
	ratelimit_set_flags(&exiting_rs, RATELIMIT_MSG_ON_RELEASE);
	for_each_kernel_tracepoint(find_mark_victim, &mark_victim_tp);
	if (!mark_victim_tp) {
		pr_err("tracepoint oom:mark_victim not found in this kernel; cannot see OOM victims\n");
		return -ENOENT;
	}
	victims = vzalloc(array_size(OOMSNAP_MAX_VICTIMS, sizeof(*victims)));
	if (!victims)
		return -ENOMEM;

	ret = register_kretprobe(&oom_kretprobe);
	if (ret) {
		pr_err("cannot kretprobe out_of_memory() (error %d); needs CONFIG_KRETPROBES and a kernel that allows probing it\n",
		       ret);
		goto err_victims;
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
	atomic_notifier_chain_register(&panic_notifier_list, &panic_nb);
	return 0;

err_tracepoint:
	tracepoint_probe_unregister(mark_victim_tp,
				    (void *)oomsnap_mark_victim, NULL);
	tracepoint_synchronize_unregister();
err_kprobe:
	unregister_kretprobe(&oom_kretprobe);
err_victims:
	vfree(victims);
	victims = NULL;
	return ret;
}

/* Sleepable, module unload: returns once no probe can be running. */
void oomsnap_capture_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list, &panic_nb);
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
	vfree(victims);
	victims = NULL;
}
