// SPDX-License-Identifier: GPL-2.0
/*
 * genl.c - the "oomsnap" generic netlink family: LIST (every record's
 * summary), GET (one record: its summary with do, the whole record with
 * dump), STATUS, ACK, SET_FACTS (facts.c) and the NEW_RECORD multicast
 * notification.  The
 * protocol is defined in include/oomsnap.h only.  Records may come from an
 * earlier boot: their bodies are checked for consistency before any count
 * or string in them is used.
 *
 * Every operation is admin-only (GENL_ADMIN_PERM) and the family lives in
 * the initial network namespace only (netnsok unset): records describe every
 * process on the machine.
 *
 * Context: request handlers run in process context (sleepable); they read
 * the store through store.c, which copies under its lock, so no lock is held
 * while a message is built.  The announce work runs from the system
 * workqueue, scheduled from the OOM path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "compat.h"
#include "oomsnap_internal.h"

/* Rows copied out of the store per step of a GET dump. */
#define ROW_CHUNK 64

static struct genl_family oomsnap_family;

static atomic_long_t announce_failed = ATOMIC_LONG_INIT(0);
static u64 announced_seq;	/* announce_work, and the load before it */

/* Message size that always holds a summary (zones, victims are variable). */
static size_t summary_size(void)
{
	return 8192 + OOMSNAP_MAX_ZONES * 384 + OOMSNAP_MAX_VICTIMS * 320;
}

/*
 * read_header() reads the record's victims right after its header, in the
 * same allocation (they follow the cgroups in the store).
 */
static struct oomsnap_task_info *hdr_victims(const struct oomsnap_record *rec)
{
	return (struct oomsnap_task_info *)(rec + 1);
}

#define PUT_U64(skb, type, v, pad) nla_put_u64_64bit(skb, type, v, pad)

static int put_task_mm(struct sk_buff *skb, const struct oomsnap_task_info *t)
{
	if (t->flags & OOMSNAP_ROW_NO_MM)
		return nla_put_flag(skb, OOMSNAP_TASK_A_NO_MM);
	if (PUT_U64(skb, OOMSNAP_TASK_A_TOTAL_VM_PAGES, t->total_vm_pages,
		    OOMSNAP_TASK_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_TASK_A_RSS_ANON_PAGES, t->rss_anon_pages,
		    OOMSNAP_TASK_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_TASK_A_RSS_FILE_PAGES, t->rss_file_pages,
		    OOMSNAP_TASK_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_TASK_A_RSS_SHMEM_PAGES, t->rss_shmem_pages,
		    OOMSNAP_TASK_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_TASK_A_PGTABLES_BYTES, t->pgtables_bytes,
		    OOMSNAP_TASK_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_TASK_A_SWAP_ENTS, t->swap_ents,
		    OOMSNAP_TASK_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/*
 * A process: the victim nest or a row of the task table.  @points_known is
 * false in a panic record: taken before the kernel computed totalpages, so
 * no points can be given without guessing.
 */
static int put_task_full(struct sk_buff *skb, const struct oomsnap_task_info *t,
			 bool points_known)
{
	if (nla_put_u32(skb, OOMSNAP_TASK_A_PID, t->pid) ||
	    nla_put_u32(skb, OOMSNAP_TASK_A_TGID, t->tgid) ||
	    nla_put_u32(skb, OOMSNAP_TASK_A_PPID, t->ppid) ||
	    nla_put_u32(skb, OOMSNAP_TASK_A_UID, t->uid) ||
	    nla_put_string(skb, OOMSNAP_TASK_A_COMM, t->comm) ||
	    (t->state && nla_put_u8(skb, OOMSNAP_TASK_A_STATE, t->state)) ||
	    nla_put_s32(skb, OOMSNAP_TASK_A_OOM_SCORE_ADJ, t->oom_score_adj) ||
	    PUT_U64(skb, OOMSNAP_TASK_A_CGROUP_ID, t->cgroup_id,
		    OOMSNAP_TASK_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_TASK_A_START_TIME_NS, t->start_time_ns,
		    OOMSNAP_TASK_A_PAD) ||
	    put_task_mm(skb, t))
		return -EMSGSIZE;
	if (points_known && (t->flags & OOMSNAP_ROW_KILLABLE) &&
	    nla_put_s64(skb, OOMSNAP_TASK_A_POINTS, t->points,
			OOMSNAP_TASK_A_PAD))
		return -EMSGSIZE;
	if ((t->flags & OOMSNAP_ROW_IN_SCOPE) &&
	    nla_put_flag(skb, OOMSNAP_TASK_A_IN_SCOPE))
		return -EMSGSIZE;
	if ((t->flags & OOMSNAP_ROW_EXITING) &&
	    nla_put_flag(skb, OOMSNAP_TASK_A_EXITING))
		return -EMSGSIZE;
	return 0;
}

static int put_trigger(struct sk_buff *skb, const struct oomsnap_task_info *t)
{
	struct nlattr *nest = nla_nest_start(skb, OOMSNAP_A_TRIGGER);

	if (!nest || nla_put_u32(skb, OOMSNAP_TASK_A_PID, t->pid) ||
	    nla_put_u32(skb, OOMSNAP_TASK_A_TGID, t->tgid) ||
	    nla_put_string(skb, OOMSNAP_TASK_A_COMM, t->comm) ||
	    nla_put_s32(skb, OOMSNAP_TASK_A_OOM_SCORE_ADJ, t->oom_score_adj))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_victim(struct sk_buff *skb, const struct oomsnap_task_info *v)
{
	struct nlattr *nest = nla_nest_start(skb, OOMSNAP_A_VICTIM);

	if (!nest || put_task_full(skb, v, true))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Every victim of the call, the kernel's choice first. */
static int put_victims(struct sk_buff *skb, const struct oomsnap_record *rec)
{
	const struct oomsnap_task_info *v = hdr_victims(rec);
	struct nlattr *nest, *e;
	u32 i;

	nest = nla_nest_start(skb, OOMSNAP_A_VICTIMS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < rec->nr_victims; i++) {
		e = nla_nest_start(skb, OOMSNAP_A_LIST_ENTRY);
		if (!e || put_task_full(skb, &v[i], true))
			return -EMSGSIZE;
		nla_nest_end(skb, e);
	}
	nla_nest_end(skb, nest);
	if (nla_put_u32(skb, OOMSNAP_A_VICTIMS_OMITTED, rec->victims_omitted))
		return -EMSGSIZE;
	return 0;
}

static int put_memcg(struct sk_buff *skb, const struct oomsnap_memcg_info *m)
{
	struct nlattr *nest;

	if (!m->present)
		return 0;
	nest = nla_nest_start(skb, OOMSNAP_A_MEMCG);
	if (!nest || nla_put_string(skb, OOMSNAP_MEMCG_A_PATH, m->path) ||
	    PUT_U64(skb, OOMSNAP_MEMCG_A_ID, m->id, OOMSNAP_MEMCG_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_MEMCG_A_USAGE_PAGES, m->usage,
		    OOMSNAP_MEMCG_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_MEMCG_A_MAX_PAGES, m->max,
		    OOMSNAP_MEMCG_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_MEMCG_A_HIGH_PAGES, m->high,
		    OOMSNAP_MEMCG_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_MEMCG_A_SWAP_PAGES, m->swap,
		    OOMSNAP_MEMCG_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_MEMCG_A_SWAP_MAX_PAGES, m->swap_max,
		    OOMSNAP_MEMCG_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_MEMCG_A_OOM_EVENTS, m->oom_events,
		    OOMSNAP_MEMCG_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_MEMCG_A_OOM_KILL_EVENTS, m->oom_kill_events,
		    OOMSNAP_MEMCG_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_zone(struct sk_buff *skb, const struct oomsnap_zone *z)
{
	struct nlattr *nest = nla_nest_start(skb, OOMSNAP_A_LIST_ENTRY);

	if (!nest || nla_put_u32(skb, OOMSNAP_ZONE_A_NODE, z->node) ||
	    nla_put_string(skb, OOMSNAP_ZONE_A_NAME, z->name) ||
	    PUT_U64(skb, OOMSNAP_ZONE_A_FREE_PAGES, z->free,
		    OOMSNAP_ZONE_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_ZONE_A_MIN_PAGES, z->min, OOMSNAP_ZONE_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_ZONE_A_LOW_PAGES, z->low, OOMSNAP_ZONE_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_ZONE_A_HIGH_PAGES, z->high,
		    OOMSNAP_ZONE_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_ZONE_A_BOOST_PAGES, z->boost,
		    OOMSNAP_ZONE_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_ZONE_A_MANAGED_PAGES, z->managed,
		    OOMSNAP_ZONE_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_ZONE_A_PRESENT_PAGES, z->present,
		    OOMSNAP_ZONE_A_PAD) ||
	    nla_put(skb, OOMSNAP_ZONE_A_LOWMEM_RESERVE,
		    z->nr_reserve * sizeof(u64), z->lowmem_reserve) ||
	    nla_put(skb, OOMSNAP_ZONE_A_FREE_BLOCKS,
		    z->nr_orders * sizeof(u64), z->free_blocks))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_machine(struct sk_buff *skb, const struct oomsnap_record *rec)
{
	const struct oomsnap_system *s = &rec->system;
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, OOMSNAP_A_ZONES);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < rec->nr_zones; i++)
		if (put_zone(skb, &rec->zones[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, OOMSNAP_A_MEMINFO);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i <= OOMSNAP_MEMINFO_A_MAX; i++)
		if ((rec->meminfo.valid & BIT(i)) &&
		    PUT_U64(skb, i, rec->meminfo.kb[i], OOMSNAP_MEMINFO_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, OOMSNAP_A_VMSTAT);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < rec->nr_vmstat; i++) {
		struct nlattr *e = nla_nest_start(skb, OOMSNAP_A_LIST_ENTRY);

		if (!e || nla_put_string(skb, OOMSNAP_VMSTAT_A_NAME,
					 rec->vmstat_name[i]) ||
		    PUT_U64(skb, OOMSNAP_VMSTAT_A_VALUE, rec->vmstat[i],
			    OOMSNAP_VMSTAT_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(skb, e);
	}
	nla_nest_end(skb, nest);

	nest = nla_nest_start(skb, OOMSNAP_A_SYSTEM);
	if (!nest || nla_put_string(skb, OOMSNAP_SYSTEM_A_RELEASE, s->release) ||
	    nla_put_string(skb, OOMSNAP_SYSTEM_A_HOSTNAME, s->hostname) ||
	    PUT_U64(skb, OOMSNAP_SYSTEM_A_UPTIME_NS, s->uptime_ns,
		    OOMSNAP_SYSTEM_A_PAD) ||
	    (s->boot_id[0] &&
	     nla_put_string(skb, OOMSNAP_SYSTEM_A_BOOT_ID, s->boot_id)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The summary of a record: everything but the task and cgroup tables. */
static int put_summary(struct sk_buff *skb, const struct oomsnap_record *rec,
		       const struct oomsnap_store_meta *m)
{
	const struct oomsnap_trigger *t = &rec->trigger;
	bool panic = m->flags & OSR_F_PANIC;

	/* loaded without boot_id=: the store's id is random, not a boot's */
	if (((oomsnap_have_boot_id() || m->earlier_boot) &&
	     nla_put(skb, OOMSNAP_A_BOOT_ID, OOMSNAP_BOOT_ID_BYTES,
		     m->boot_id)) ||
	    (m->earlier_boot && nla_put_flag(skb, OOMSNAP_A_EARLIER_BOOT)) ||
	    (panic && nla_put_flag(skb, OOMSNAP_A_PANIC)) ||
	    PUT_U64(skb, OOMSNAP_A_LOST_BEFORE, m->lost_before, OOMSNAP_A_PAD))
		return -EMSGSIZE;

	if (PUT_U64(skb, OOMSNAP_A_SEQ, rec->seq, OOMSNAP_A_PAD) ||
	    PUT_U64(skb, OOMSNAP_A_TIME_NS, rec->time_ns, OOMSNAP_A_PAD) ||
	    nla_put_u32(skb, OOMSNAP_A_KIND, t->kind) ||
	    nla_put_u32(skb, OOMSNAP_A_PAGE_SIZE, rec->page_size) ||
	    nla_put_u32(skb, OOMSNAP_A_GFP_MASK, (__force u32)t->gfp_mask) ||
	    nla_put_string(skb, OOMSNAP_A_GFP_FLAGS, t->gfp_flags) ||
	    nla_put_s32(skb, OOMSNAP_A_ORDER, t->order) ||
	    (!panic &&
	     (nla_put_u32(skb, OOMSNAP_A_CONSTRAINT, t->constraint) ||
	      PUT_U64(skb, OOMSNAP_A_TOTALPAGES, t->totalpages,
		      OOMSNAP_A_PAD))) ||
	    (t->has_nodemask &&
	     nla_put(skb, OOMSNAP_A_NODEMASK, sizeof(t->nodemask),
		     t->nodemask)) ||
	    put_trigger(skb, &t->task) ||
	    (!panic && put_victim(skb, &rec->victim)) ||
	    (!panic && put_victims(skb, rec)) ||
	    ((rec->capture_flags & OOMSNAP_CAPTURE_NO_WALK) &&
	     nla_put_flag(skb, OOMSNAP_A_NO_TASK_WALK)) ||
	    ((rec->capture_flags & OOMSNAP_CAPTURE_ROWS_DROPPED) &&
	     nla_put_flag(skb, OOMSNAP_A_TASKS_DROPPED)) ||
	    put_memcg(skb, &rec->memcg) ||
	    PUT_U64(skb, OOMSNAP_A_CAPTURE_NS, rec->capture_ns,
		    OOMSNAP_A_PAD) ||
	    nla_put_u32(skb, OOMSNAP_A_TASKS_STORED, rec->nr_tasks) ||
	    nla_put_u32(skb, OOMSNAP_A_TASKS_OMITTED, rec->tasks_omitted) ||
	    PUT_U64(skb, OOMSNAP_A_TASKS_OMITTED_RSS_PAGES,
		    rec->tasks_omitted_rss_pages, OOMSNAP_A_PAD) ||
	    nla_put_u32(skb, OOMSNAP_A_TASKS_UNREADABLE,
			rec->tasks_unreadable) ||
	    nla_put_u32(skb, OOMSNAP_A_KTHREADS, rec->kthreads) ||
	    nla_put_u32(skb, OOMSNAP_A_CGROUPS_STORED, rec->nr_cgroups) ||
	    nla_put_u32(skb, OOMSNAP_A_CGROUPS_OMITTED, rec->cgroups_omitted) ||
	    (rec->has_facts &&
	     PUT_U64(skb, OOMSNAP_A_FACTS_AGE_NS, rec->facts_age_ns,
		     OOMSNAP_A_PAD)) ||
	    put_machine(skb, rec))
		return -EMSGSIZE;
	return 0;
}

#define TERMINATE(a) ((a)[sizeof(a) - 1] = '\0')

/*
 * A record's counts and strings come from memory that may have survived a
 * reboot: the CRC proves it is what was written, this proves it is what
 * this module can walk.
 */
static bool header_sane(struct oomsnap_record *rec,
			const struct oomsnap_store_meta *m)
{
	u32 i;

	if (!m->readable || rec->size != m->body_len ||
	    rec->nr_tasks > m->body_len || rec->nr_cgroups > m->body_len ||
	    rec->nr_victims > OOMSNAP_MAX_VICTIMS ||
	    oomsnap_rec_size(rec->nr_tasks, rec->nr_cgroups) +
	    (size_t)rec->nr_victims * sizeof(struct oomsnap_task_info) !=
	    rec->size ||
	    rec->nr_zones > OOMSNAP_MAX_ZONES ||
	    rec->nr_vmstat > OOMSNAP_MAX_VMSTAT ||
	    rec->trigger.kind > OOMSNAP_KIND_MAX ||
	    rec->trigger.constraint > OOMSNAP_CONSTRAINT_MAX ||
	    rec->page_size < 1024 || !is_power_of_2(rec->page_size))
		return false;
	for (i = 0; i < rec->nr_vmstat; i++)
		TERMINATE(rec->vmstat_name[i]);
	for (i = 0; i < rec->nr_zones; i++) {
		if (rec->zones[i].nr_orders > OOMSNAP_MAX_ORDERS ||
		    rec->zones[i].nr_reserve > OOMSNAP_MAX_ZONE_IDX)
			return false;
		TERMINATE(rec->zones[i].name);
	}
	TERMINATE(rec->trigger.gfp_flags);
	TERMINATE(rec->trigger.task.comm);
	TERMINATE(rec->victim.comm);
	TERMINATE(rec->memcg.path);
	TERMINATE(rec->system.release);
	TERMINATE(rec->system.hostname);
	TERMINATE(rec->system.boot_id);
	return true;
}

/*
 * Process context.  A whole record header and its victims (hdr_victims()),
 * or NULL (-errno in *err).
 */
static struct oomsnap_record *read_header(const struct oomsnap_store_meta *m,
					  int *err)
{
	struct oomsnap_record *rec;
	struct oomsnap_task_info *v;
	u32 i;

	rec = kvmalloc(sizeof(*rec) + OOMSNAP_MAX_VICTIMS * sizeof(*v),
		       GFP_KERNEL);
	if (!rec) {
		*err = -ENOMEM;
		return NULL;
	}
	*err = -EIO;
	if (m->body_len >= sizeof(*rec))
		*err = oomsnap_store_read(m->rid, 0, rec, sizeof(*rec));
	if (!*err && !header_sane(rec, m))
		*err = -EIO;
	if (!*err && rec->nr_victims) {
		v = hdr_victims(rec);
		*err = oomsnap_store_read(m->rid,
					  oomsnap_rec_size(rec->nr_tasks,
							   rec->nr_cgroups),
					  v, rec->nr_victims * sizeof(*v));
		for (i = 0; !*err && i < rec->nr_victims; i++)
			TERMINATE(v[i].comm);
	}
	if (*err) {
		kvfree(rec);
		return NULL;
	}
	return rec;
}

static int bad_record(struct netlink_ext_ack *extack, int err)
{
	if (err == -EIO)
		NL_SET_ERR_MSG_MOD(extack,
				   "record unreadable: written by another oomsnap version, or inconsistent");
	return err;
}

/* The record a GET means: (boot id, seq), each defaulting to the current. */
static int lookup(struct nlattr **attrs, struct oomsnap_store_meta *m)
{
	const u8 *boot = attrs[OOMSNAP_A_BOOT_ID] ?
			 nla_data(attrs[OOMSNAP_A_BOOT_ID]) : NULL;
	u64 seq = attrs[OOMSNAP_A_SEQ] ? nla_get_u64(attrs[OOMSNAP_A_SEQ]) : 0;

	return oomsnap_store_lookup(boot, seq, m);
}

static int no_record(struct netlink_ext_ack *extack, bool by_seq)
{
	if (by_seq)
		NL_SET_ERR_MSG_MOD(extack, "no record with this sequence number");
	else
		NL_SET_ERR_MSG_MOD(extack, "no OOM kill recorded yet");
	return -ENOENT;
}

/* GET without NLM_F_DUMP: the summary.  Process context. */
static int oomsnap_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct oomsnap_store_meta m;
	struct oomsnap_record *rec;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	if (lookup(info->attrs, &m))
		return no_record(info->extack, info->attrs[OOMSNAP_A_SEQ]);
	rec = read_header(&m, &ret);
	if (!rec)
		return bad_record(info->extack, ret);

	ret = -ENOMEM;
	msg = genlmsg_new(summary_size(), GFP_KERNEL);
	if (!msg)
		goto out;
	hdr = genlmsg_put_reply(msg, info, &oomsnap_family, 0, OOMSNAP_CMD_GET);
	if (!hdr || put_summary(msg, rec, &m)) {
		nlmsg_free(msg);
		ret = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
out:
	kvfree(rec);
	return ret;
}

/*
 * The store's generation as the never-zero 32-bit cb->seq that
 * genl_dump_check_consistent() compares (a wrap to the same value would
 * take 2^32 evictions between two reads).
 */
static void dump_generation(struct netlink_callback *cb)
{
	u32 g = lower_32_bits(oomsnap_store_generation());

	cb->seq = g ? g : 1;
}

/*
 * LIST: every record's summary, in region order; cb->args[0] is the rid of
 * the last one handled.  A provisional record of this boot (an OOM in
 * progress) is not a record yet; an unreadable one is skipped and said.
 * A record evicted or acknowledged during the dump changes the store's
 * generation, read before each record is looked for and after the last:
 * the message after the change (or NLMSG_DONE) carries NLM_F_DUMP_INTR,
 * so the reader knows the list may lack a record and asks again.
 */
static int oomsnap_cmd_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct oomsnap_store_meta m;
	struct oomsnap_record *rec;
	void *hdr;
	int err;

	for (dump_generation(cb); !oomsnap_store_next(cb->args[0], &m);
	     dump_generation(cb)) {
		if ((m.flags & OSR_F_PROVISIONAL) && !m.earlier_boot) {
			cb->args[0] = m.rid;
			continue;
		}
		rec = read_header(&m, &err);
		if (!rec) {
			if (err == -ENOMEM)
				return err;
			if (err == -EIO)
				pr_warn_ratelimited("record %llu is unreadable (another oomsnap version, or inconsistent): not listed\n",
						    m.seq);
			/* -ENOENT: evicted meanwhile; the generation says so */
			cb->args[0] = m.rid;
			continue;
		}
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &oomsnap_family,
				  NLM_F_MULTI, OOMSNAP_CMD_LIST);
		err = hdr ? put_summary(skb, rec, &m) : -EMSGSIZE;
		kvfree(rec);
		if (err) {
			if (hdr)
				genlmsg_cancel(skb, hdr);
			break;
		}
		/* only on a message that is sent: a cancelled one loses the flag */
		genl_dump_check_consistent(cb, hdr);
		genlmsg_end(skb, hdr);
		cb->args[0] = m.rid;
	}
	return skb->len;
}

static int oomsnap_list_start(struct netlink_callback *cb)
{
	cb->min_dump_alloc = summary_size();
	return 0;
}

/*
 * GET with NLM_F_DUMP: the whole record, in order: summary, task rows,
 * cgroups.  State: args[0] seq, args[1] phase, args[2] next index,
 * args[3] the dump buffer.
 */
enum { PHASE_SUMMARY, PHASE_TASKS, PHASE_CGROUPS, PHASE_DONE };

struct get_dump {
	struct oomsnap_store_meta meta;
	struct oomsnap_record *rec;
	union {
		struct oomsnap_task_info rows[ROW_CHUNK];
		struct oomsnap_cgroup_ent cgroups[ROW_CHUNK];
	};
};

static int oomsnap_get_start(struct netlink_callback *cb)
{
	struct nlattr **attrs = OOMSNAP_DUMP_ATTRS(cb);
	struct get_dump *d;
	int err;

	d = kvzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	if (lookup(attrs, &d->meta)) {
		kvfree(d);
		return no_record(cb->extack, attrs[OOMSNAP_A_SEQ]);
	}
	d->rec = read_header(&d->meta, &err);
	if (!d->rec) {
		kvfree(d);
		return bad_record(cb->extack, err);
	}
	cb->args[0] = d->meta.rid;
	cb->args[1] = PHASE_SUMMARY;
	cb->args[2] = 0;
	cb->args[3] = (long)d;
	cb->min_dump_alloc = summary_size();
	return 0;
}

static int oomsnap_get_done(struct netlink_callback *cb)
{
	struct get_dump *d = (struct get_dump *)cb->args[3];

	if (d) {
		kvfree(d->rec);
		kvfree(d);
	}
	return 0;
}

/* One continuation message: rows or cgroups [args[2], ...) as fit. */
static int put_chunk(struct sk_buff *skb, struct netlink_callback *cb,
		     struct get_dump *d)
{
	bool tasks = cb->args[1] == PHASE_TASKS;
	u32 total = tasks ? d->rec->nr_tasks : d->rec->nr_cgroups;
	size_t each = tasks ? sizeof(d->rows[0]) : sizeof(d->cgroups[0]);
	size_t base = sizeof(*d->rec) +
		      (tasks ? 0 : d->rec->nr_tasks * sizeof(d->rows[0]));
	u32 i = cb->args[2], n, j;
	struct nlattr *list, *e;
	void *hdr;
	int err, sent = 0;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &oomsnap_family, NLM_F_MULTI, OOMSNAP_CMD_GET);
	if (!hdr)
		return -EMSGSIZE;
	list = NULL;
	if (PUT_U64(skb, OOMSNAP_A_SEQ, d->rec->seq, OOMSNAP_A_PAD))
		goto full;
	list = nla_nest_start(skb, tasks ? OOMSNAP_A_TASKS : OOMSNAP_A_CGROUPS);
	if (!list)
		goto full;
	while (i < total) {
		n = min_t(u32, total - i, ROW_CHUNK);
		err = oomsnap_store_read(d->meta.rid, base + (size_t)i * each,
					 d->rows, n * each);
		if (err) {
			genlmsg_cancel(skb, hdr);
			NL_SET_ERR_MSG_MOD(cb->extack,
					   "record overwritten while it was read; read it again");
			return -EAGAIN;
		}
		for (j = 0; j < n; j++, i++) {
			if (tasks)
				TERMINATE(d->rows[j].comm);
			else
				TERMINATE(d->cgroups[j].path);
			e = nla_nest_start(skb, OOMSNAP_A_LIST_ENTRY);
			if (!e)
				goto full;
			if (tasks ? put_task_full(skb, &d->rows[j],
						  !(d->meta.flags & OSR_F_PANIC)) :
			    (PUT_U64(skb, OOMSNAP_CGROUP_A_ID, d->cgroups[j].id,
				     OOMSNAP_CGROUP_A_PAD) ||
			     nla_put_string(skb, OOMSNAP_CGROUP_A_PATH,
					    d->cgroups[j].path))) {
				nla_nest_cancel(skb, e);
				goto full;
			}
			nla_nest_end(skb, e);
			sent++;
		}
	}
full:
	if (!sent) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, list);
	genlmsg_end(skb, hdr);
	cb->args[2] = i;
	if (i == total) {
		cb->args[1]++;
		cb->args[2] = 0;
	}
	return 0;
}

static int oomsnap_get_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct get_dump *d = (struct get_dump *)cb->args[3];
	void *hdr;
	int err;

	while (cb->args[1] != PHASE_DONE) {
		if (cb->args[1] == PHASE_SUMMARY) {
			hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, &oomsnap_family,
					  NLM_F_MULTI, OOMSNAP_CMD_GET);
			if (!hdr)
				break;
			if (put_summary(skb, d->rec, &d->meta)) {
				genlmsg_cancel(skb, hdr);
				break;
			}
			genlmsg_end(skb, hdr);
			cb->args[1] = d->rec->nr_tasks ? PHASE_TASKS :
				      d->rec->nr_cgroups ? PHASE_CGROUPS :
				      PHASE_DONE;
			continue;
		}
		if ((cb->args[1] == PHASE_TASKS && !d->rec->nr_tasks) ||
		    (cb->args[1] == PHASE_CGROUPS && !d->rec->nr_cgroups)) {
			cb->args[1]++;
			continue;
		}
		err = put_chunk(skb, cb, d);
		if (err == -EMSGSIZE)
			break;
		if (err)
			return err;
	}
	return skb->len;
}

/* The facts handed in and their age, for STATUS; nothing when none were. */
static int put_status_facts(struct sk_buff *msg)
{
	struct oomsnap_meminfo m = {};
	struct nlattr *nest;
	u64 age;
	int i;

	if (!oomsnap_facts_read(&m, &age))
		return 0;
	nest = nla_nest_start(msg, OOMSNAP_STATUS_A_FACTS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i <= OOMSNAP_MEMINFO_A_MAX; i++)
		if ((m.valid & BIT(i)) &&
		    PUT_U64(msg, i, m.kb[i], OOMSNAP_MEMINFO_A_PAD))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return PUT_U64(msg, OOMSNAP_STATUS_A_FACTS_AGE_NS, age,
		       OOMSNAP_STATUS_A_PAD);
}

/* STATUS: the store's state.  Process context. */
static int oomsnap_cmd_status(struct sk_buff *skb, struct genl_info *info)
{
	struct oomsnap_capture_counters cc;
	struct oomsnap_store_status st;
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	oomsnap_store_status(&st);
	oomsnap_capture_counters(&cc);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &oomsnap_family, 0,
				OOMSNAP_CMD_STATUS);
	if (!hdr)
		goto full;
	nest = nla_nest_start(msg, OOMSNAP_A_STATUS);
	if (!nest ||
	    nla_put_string(msg, OOMSNAP_STATUS_A_VERSION, OOMSNAP_VERSION) ||
	    (st.persistent &&
	     (nla_put_flag(msg, OOMSNAP_STATUS_A_PERSISTENT) ||
	      PUT_U64(msg, OOMSNAP_STATUS_A_MEM_ADDRESS, st.mem_address,
		      OOMSNAP_STATUS_A_PAD) ||
	      PUT_U64(msg, OOMSNAP_STATUS_A_MEM_SIZE, st.mem_size,
		      OOMSNAP_STATUS_A_PAD))) ||
	    (st.mem_name &&
	     nla_put_string(msg, OOMSNAP_STATUS_A_MEM_NAME, st.mem_name)) ||
	    nla_put_u32(msg, OOMSNAP_STATUS_A_CAPACITY, st.capacity) ||
	    nla_put_u32(msg, OOMSNAP_STATUS_A_RECORDS, st.records) ||
	    nla_put_u32(msg, OOMSNAP_STATUS_A_UNACKED, st.unacked) ||
	    nla_put_u32(msg, OOMSNAP_STATUS_A_EARLIER_BOOT, st.earlier_boot) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_LOST, st.lost, OOMSNAP_STATUS_A_PAD) ||
	    (st.lost &&
	     (nla_put_u32(msg, OOMSNAP_STATUS_A_LOST_LAST_PID,
			  st.lost_last_pid) ||
	      nla_put_string(msg, OOMSNAP_STATUS_A_LOST_LAST_COMM,
			     st.lost_last_comm))) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_CORRUPT, st.corrupt,
		    OOMSNAP_STATUS_A_PAD) ||
	    (st.overwrite && nla_put_flag(msg, OOMSNAP_STATUS_A_OVERWRITE)) ||
	    (st.reinit[0] &&
	     nla_put_string(msg, OOMSNAP_STATUS_A_REINIT, st.reinit)) ||
	    nla_put(msg, OOMSNAP_STATUS_A_BOOT_ID, OOMSNAP_BOOT_ID_BYTES,
		    st.boot_id) ||
	    put_status_facts(msg) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_OVERWRITTEN, st.overwritten,
		    OOMSNAP_STATUS_A_PAD) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_VICTIMS_UNPAIRED, cc.victims_unpaired,
		    OOMSNAP_STATUS_A_PAD) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_RECORDS_UNSTORED, cc.records_unstored,
		    OOMSNAP_STATUS_A_PAD) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_PROBE_MISSED, cc.probe_missed,
		    OOMSNAP_STATUS_A_PAD) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_PROVISIONAL_DISCARDED,
		    cc.provisional_discarded, OOMSNAP_STATUS_A_PAD) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_PROVISIONAL_UNSTORED,
		    cc.provisional_unstored, OOMSNAP_STATUS_A_PAD) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_WALKS_SKIPPED, cc.walks_skipped,
		    OOMSNAP_STATUS_A_PAD) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_VICTIMS_OMITTED, cc.victims_omitted,
		    OOMSNAP_STATUS_A_PAD) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_ROWS_DROPPED, cc.rows_dropped,
		    OOMSNAP_STATUS_A_PAD) ||
	    PUT_U64(msg, OOMSNAP_STATUS_A_ANNOUNCE_FAILED,
		    atomic_long_read(&announce_failed), OOMSNAP_STATUS_A_PAD) ||
	    nla_put_u32(msg, OOMSNAP_STATUS_A_INDEX_FULL, st.index_full))
		goto full;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
full:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/* ACK: userspace stored these records; their space may be reused. */
static int oomsnap_cmd_ack(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct sk_buff *msg;
	void *hdr;
	u32 acked;

	if (attrs[OOMSNAP_A_ACK_ALL]) {
		if (attrs[OOMSNAP_A_SEQ] || attrs[OOMSNAP_A_BOOT_ID]) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "ACK takes either ACK_ALL or SEQ and BOOT_ID");
			return -EINVAL;
		}
		acked = oomsnap_store_ack_all();
	} else {
		if (!attrs[OOMSNAP_A_SEQ] || !attrs[OOMSNAP_A_BOOT_ID]) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "ACK needs SEQ and BOOT_ID, or ACK_ALL");
			return -EINVAL;
		}
		if (oomsnap_store_ack(nla_data(attrs[OOMSNAP_A_BOOT_ID]),
				      nla_get_u64(attrs[OOMSNAP_A_SEQ])))
			return no_record(info->extack, true);
		acked = 1;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &oomsnap_family, 0, OOMSNAP_CMD_ACK);
	if (!hdr || nla_put_u32(msg, OOMSNAP_A_ACKED, acked)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * SET_FACTS: userspace hands in what the kernel exports to no module
 * (facts.c).  Process context.  The whole set is replaced.
 */
static const struct nla_policy facts_policy[OOMSNAP_MEMINFO_A_MAX + 1] = {
	[OOMSNAP_MEMINFO_A_SWAP_TOTAL] = { .type = NLA_U64 },
	[OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL] = { .type = NLA_U64 },
	[OOMSNAP_MEMINFO_A_HUGEPAGES_FREE] = { .type = NLA_U64 },
	[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE] = NLA_POLICY_MAX(NLA_U64, 2),
	[OOMSNAP_MEMINFO_A_PANIC_ON_OOM] = NLA_POLICY_MAX(NLA_U64, 2),
};

static const struct nla_policy set_facts_policy[OOMSNAP_A_MAX + 1] = {
	[OOMSNAP_A_MEMINFO] = NLA_POLICY_NESTED(facts_policy),
};

static int oomsnap_cmd_set_facts(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[OOMSNAP_MEMINFO_A_MAX + 1];
	struct nlattr *nest = info->attrs[OOMSNAP_A_MEMINFO];
	struct oomsnap_meminfo m = {};
	int i, err;

	if (!nest) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "SET_FACTS needs an OOMSNAP_A_MEMINFO nest");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, OOMSNAP_MEMINFO_A_MAX, nest, facts_policy,
			       info->extack);
	if (err)
		return err;
	for (i = 0; i <= OOMSNAP_MEMINFO_A_MAX; i++) {
		if (!tb[i])
			continue;
		if (!(OOMSNAP_FACTS_MASK & BIT(i))) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[i],
					    "not a fact userspace hands in: the module reads this value itself");
			return -EINVAL;
		}
		m.kb[i] = nla_get_u64(tb[i]);
		m.valid |= BIT(i);
	}
	if ((m.valid & BIT(OOMSNAP_MEMINFO_A_HUGEPAGES_FREE)) &&
	    (!(m.valid & BIT(OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL)) ||
	     m.kb[OOMSNAP_MEMINFO_A_HUGEPAGES_FREE] >
	     m.kb[OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL])) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "HUGEPAGES_FREE needs HUGEPAGES_TOTAL and cannot exceed it");
		return -EINVAL;
	}
	oomsnap_facts_set(&m);
	return 0;
}

/*
 * One policy per command: each accepts the attributes it uses and nothing
 * else.  Validation is strict for every command (resv_start_op, compat.h):
 * an attribute a policy leaves NLA_UNSPEC, or one beyond OOMSNAP_A_MAX, is
 * answered with -EINVAL and an extack message naming it, never ignored.
 */
#define NO_ATTRS(msg) \
	{ [0 ... OOMSNAP_A_MAX] = { .type = NLA_REJECT, .reject_message = msg } }

static const struct nla_policy oomsnap_list_policy[OOMSNAP_A_MAX + 1] =
	NO_ATTRS("LIST takes no attributes");

static const struct nla_policy oomsnap_status_policy[OOMSNAP_A_MAX + 1] =
	NO_ATTRS("STATUS takes no attributes");

static const struct nla_policy oomsnap_get_policy[OOMSNAP_A_MAX + 1] = {
	[OOMSNAP_A_SEQ] = NLA_POLICY_MIN(NLA_U64, 1),
	[OOMSNAP_A_BOOT_ID] = NLA_POLICY_EXACT_LEN(OOMSNAP_BOOT_ID_BYTES),
};

static const struct nla_policy oomsnap_ack_policy[OOMSNAP_A_MAX + 1] = {
	[OOMSNAP_A_SEQ] = NLA_POLICY_MIN(NLA_U64, 1),
	[OOMSNAP_A_BOOT_ID] = NLA_POLICY_EXACT_LEN(OOMSNAP_BOOT_ID_BYTES),
	[OOMSNAP_A_ACK_ALL] = { .type = NLA_FLAG },
};

static const struct genl_ops oomsnap_ops[] = {
	{
		.cmd = OOMSNAP_CMD_LIST,
		.start = oomsnap_list_start,
		.dumpit = oomsnap_cmd_list,
		.policy = oomsnap_list_policy,
		.maxattr = OOMSNAP_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = OOMSNAP_CMD_GET,
		.doit = oomsnap_cmd_get,
		.start = oomsnap_get_start,
		.dumpit = oomsnap_get_dump,
		.done = oomsnap_get_done,
		.policy = oomsnap_get_policy,
		.maxattr = OOMSNAP_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = OOMSNAP_CMD_STATUS,
		.doit = oomsnap_cmd_status,
		.policy = oomsnap_status_policy,
		.maxattr = OOMSNAP_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = OOMSNAP_CMD_ACK,
		.doit = oomsnap_cmd_ack,
		.policy = oomsnap_ack_policy,
		.maxattr = OOMSNAP_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = OOMSNAP_CMD_SET_FACTS,
		.doit = oomsnap_cmd_set_facts,
		.policy = set_facts_policy,
		.maxattr = OOMSNAP_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group oomsnap_mcgrps[] = {
	{ .name = OOMSNAP_MCGRP_RECORDS, .flags = OOMSNAP_MCGRP_FLAGS },
};

static struct genl_family oomsnap_family __ro_after_init = {
	.name = OOMSNAP_GENL_NAME,
	.version = OOMSNAP_GENL_VERSION,
	.maxattr = OOMSNAP_A_MAX,	/* reported to userspace; policies per op */
	.module = THIS_MODULE,
	.ops = oomsnap_ops,
	.n_ops = ARRAY_SIZE(oomsnap_ops),
	OOMSNAP_GENL_STRICT_FROM(OOMSNAP_CMD_LIST)	/* every command */
	.mcgrps = oomsnap_mcgrps,
	.n_mcgrps = ARRAY_SIZE(oomsnap_mcgrps),
};

/* Process context (system workqueue).  One notification per new record. */
static void oomsnap_announce_fn(struct work_struct *work)
{
	u64 last = oomsnap_store_last_seq();
	struct sk_buff *msg;
	void *hdr;

	for (; announced_seq < last; announced_seq++) {
		if (!genl_has_listeners(&oomsnap_family, &init_net, 0))
			continue;
		msg = genlmsg_new(NLMSG_GOODSIZE,
				  GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN);
		if (!msg)
			goto failed;
		hdr = genlmsg_put(msg, 0, 0, &oomsnap_family, 0,
				  OOMSNAP_CMD_NEW_RECORD);
		if (!hdr || nla_put_u64_64bit(msg, OOMSNAP_A_SEQ,
					      announced_seq + 1,
					      OOMSNAP_A_PAD)) {
			nlmsg_free(msg);
			goto failed;
		}
		genlmsg_end(msg, hdr);
		/* -ESRCH only means every listener went away meanwhile */
		genlmsg_multicast(&oomsnap_family, msg, 0, 0, GFP_KERNEL);
		continue;
failed:
		atomic_long_inc(&announce_failed);
		pr_warn_ratelimited("could not announce record %llu to listeners (out of memory); %ld announcements lost\n",
				    announced_seq + 1,
				    atomic_long_read(&announce_failed));
	}
}

static DECLARE_WORK(announce_work, oomsnap_announce_fn);

/* Any context, including atomic on the OOM path: queues, never allocates. */
void oomsnap_genl_announce(void)
{
	schedule_work(&announce_work);
}

/*
 * Sleepable, module load, after the store has recovered its records and
 * before the capture hooks exist (no new record can be committed yet).
 * The records recovered from the region (a reload in the same boot) were
 * announced by the module that wrote them, and LIST finds them: announce
 * only records committed from now on.
 */
int oomsnap_genl_init(void)
{
	announced_seq = oomsnap_store_last_seq();
	return genl_register_family(&oomsnap_family);
}

/* Sleepable, module unload, after the capture hooks are gone. */
void oomsnap_genl_exit(void)
{
	cancel_work_sync(&announce_work);
	genl_unregister_family(&oomsnap_family);
}
