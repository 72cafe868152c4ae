// SPDX-License-Identifier: GPL-2.0
/*
 * record.c - decode one oomsnap summary message into struct osn_record, and
 * the small queries on a decoded record (RSS, cgroup path, victim row,
 * start time).  Pure (no socket, never prints).  Every required attribute
 * is checked for presence and exact size; anything doubtful is refused with
 * -EINVAL rather than guessed.  Attributes this CLI does not know are
 * ignored; a kind or constraint it does not know is kept as a number (the
 * renderers print it as "unknown(N)").  A panic record (OOMSNAP_A_PANIC) has no victim; every other
 * record must have one.  Process nests are decoded in record_task.c, the
 * machine-wide nests in record_machine.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "decode.h"
#include "format.h"
#include "record.h"

static const struct nla_policy record_policy[OOMSNAP_A_MAX + 1] = {
	[OOMSNAP_A_SEQ]		= { .type = NLA_U64 },
	[OOMSNAP_A_TIME_NS]	= { .type = NLA_U64 },
	[OOMSNAP_A_KIND]	= { .type = NLA_U32 },
	[OOMSNAP_A_PAGE_SIZE]	= { .type = NLA_U32 },
	[OOMSNAP_A_GFP_MASK]	= { .type = NLA_U32 },
	[OOMSNAP_A_ORDER]	= { .type = NLA_S32 },
	[OOMSNAP_A_TRIGGER]	= { .type = NLA_NESTED },
	[OOMSNAP_A_VICTIM]	= { .type = NLA_NESTED },
	[OOMSNAP_A_MEMCG]	= { .type = NLA_NESTED },
	[OOMSNAP_A_CONSTRAINT]	= { .type = NLA_U32 },
	[OOMSNAP_A_TOTALPAGES]	= { .type = NLA_U64 },
	[OOMSNAP_A_CAPTURE_NS]	= { .type = NLA_U64 },
	[OOMSNAP_A_TASKS_STORED] = { .type = NLA_U32 },
	[OOMSNAP_A_TASKS_OMITTED] = { .type = NLA_U32 },
	[OOMSNAP_A_TASKS_OMITTED_RSS_PAGES] = { .type = NLA_U64 },
	[OOMSNAP_A_TASKS_UNREADABLE] = { .type = NLA_U32 },
	[OOMSNAP_A_KTHREADS]	= { .type = NLA_U32 },
	[OOMSNAP_A_CGROUPS_STORED] = { .type = NLA_U32 },
	[OOMSNAP_A_CGROUPS_OMITTED] = { .type = NLA_U32 },
	[OOMSNAP_A_ZONES]	= { .type = NLA_NESTED },
	[OOMSNAP_A_MEMINFO]	= { .type = NLA_NESTED },
	[OOMSNAP_A_VMSTAT]	= { .type = NLA_NESTED },
	[OOMSNAP_A_SYSTEM]	= { .type = NLA_NESTED },
	[OOMSNAP_A_GFP_FLAGS]	= { .type = NLA_STRING,
				    .maxlen = OOMSNAP_GFP_FLAGS_LEN },
	[OOMSNAP_A_EARLIER_BOOT] = { .type = NLA_FLAG },
	[OOMSNAP_A_ACKNOWLEDGED] = { .type = NLA_FLAG },
	[OOMSNAP_A_PANIC]	= { .type = NLA_FLAG },
	[OOMSNAP_A_LOST_BEFORE]	= { .type = NLA_U64 },
	[OOMSNAP_A_FACTS_AGE_NS] = { .type = NLA_U64 },
	[OOMSNAP_A_VICTIMS]	= { .type = NLA_NESTED },
	[OOMSNAP_A_VICTIMS_OMITTED] = { .type = NLA_U32 },
	[OOMSNAP_A_NO_TASK_WALK] = { .type = NLA_FLAG },
	[OOMSNAP_A_TASKS_DROPPED] = { .type = NLA_FLAG },
};

static const struct nla_policy trigger_policy[OOMSNAP_TASK_A_MAX + 1] = {
	[OOMSNAP_TASK_A_PID]		= { .type = NLA_U32 },
	[OOMSNAP_TASK_A_TGID]		= { .type = NLA_U32 },
	[OOMSNAP_TASK_A_COMM]		= { .type = NLA_STRING,
					    .maxlen = OOMSNAP_COMM_LEN },
	[OOMSNAP_TASK_A_OOM_SCORE_ADJ]	= { .type = NLA_S32 },
};

static const struct nla_policy memcg_policy[OOMSNAP_MEMCG_A_MAX + 1] = {
	[OOMSNAP_MEMCG_A_PATH]	= { .type = NLA_STRING,
				    .maxlen = OOMSNAP_PATH_LEN },
};

static int parse_trigger(struct dec *d, struct nlattr *nest,
			 struct osn_trigger *t)
{
	struct nlattr *tb[OOMSNAP_TASK_A_MAX + 1];
	int err;

	err = dec_nest(d, tb, OOMSNAP_TASK_A_MAX, nest, trigger_policy,
		       "missing OOMSNAP_A_TRIGGER");
	if (err)
		return err;
	if ((err = DEC(d, tb, OOMSNAP_TASK_A_PID, &t->pid)) ||
	    (err = DEC(d, tb, OOMSNAP_TASK_A_TGID, &t->tgid)) ||
	    (err = DEC_STR(d, tb, OOMSNAP_TASK_A_COMM, t->comm)) ||
	    (err = DEC(d, tb, OOMSNAP_TASK_A_OOM_SCORE_ADJ, &t->oom_score_adj)))
		return err;
	return 0;
}

static int parse_memcg(struct dec *d, struct nlattr *nest,
		       struct osn_record *r)
{
	struct nlattr *tb[OOMSNAP_MEMCG_A_MAX + 1];
	struct osn_memcg *m = &r->memcg;
	int err;

	err = dec_nest(d, tb, OOMSNAP_MEMCG_A_MAX, nest, memcg_policy,
		       "missing OOMSNAP_A_MEMCG on a memcg record");
	if (err)
		return err;
	if ((err = DEC_STR(d, tb, OOMSNAP_MEMCG_A_PATH, r->memcg_path)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_MEMCG_A_ID], &m->id)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_MEMCG_A_USAGE_PAGES],
			       &m->usage_pages)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_MEMCG_A_MAX_PAGES],
			       &m->max_pages)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_MEMCG_A_HIGH_PAGES],
			       &m->high_pages)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_MEMCG_A_SWAP_PAGES],
			       &m->swap_pages)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_MEMCG_A_SWAP_MAX_PAGES],
			       &m->swap_max_pages)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_MEMCG_A_OOM_EVENTS],
			       &m->oom_events)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_MEMCG_A_OOM_KILL_EVENTS],
			       &m->oom_kill_events)))
		return err;
	r->has_memcg = true;
	return 0;
}

/* The issue-3 attributes: always required. */
static int parse_thin(struct dec *d, struct nlattr **tb, struct osn_record *r)
{
	int err;

	if ((err = DEC(d, tb, OOMSNAP_A_SEQ, &r->seq)) ||
	    (err = DEC(d, tb, OOMSNAP_A_TIME_NS, &r->time_ns)) ||
	    (err = DEC(d, tb, OOMSNAP_A_KIND, &r->kind)) ||
	    (err = DEC(d, tb, OOMSNAP_A_PAGE_SIZE, &r->page_size)) ||
	    (err = DEC(d, tb, OOMSNAP_A_GFP_MASK, &r->gfp_mask)) ||
	    (err = DEC(d, tb, OOMSNAP_A_ORDER, &r->order)))
		return err;

	/* A kind this CLI does not know (a newer module's) is kept as is. */
	/* The kernel's K(x) needs PAGE_SHIFT >= 10. */
	if (r->page_size < 1024 || (r->page_size & (r->page_size - 1)))
		return dec_fail(d, "page size is not a power of two >= 1024");

	err = parse_trigger(d, tb[OOMSNAP_A_TRIGGER], &r->trigger);
	if (err)
		return err;
	/* panic_on_oom: the kernel panicked before choosing a victim. */
	err = dec_flag(d, tb[OOMSNAP_A_PANIC], &r->panic);
	if (err)
		return err;
	if (r->panic) {
		if (tb[OOMSNAP_A_VICTIM])
			return dec_fail(d, "OOMSNAP_A_VICTIM on a panic "
					   "record");
	} else {
		err = dec_task(d, tb[OOMSNAP_A_VICTIM], &r->victim, false,
			       "missing OOMSNAP_A_VICTIM");
		if (!err)
			err = dec_task_sizes(d, &r->victim, r->page_size);
		if (err)
			return err;
		r->has_victim = true;
	}

	if (r->kind == OOMSNAP_KIND_MEMCG)
		return parse_memcg(d, tb[OOMSNAP_A_MEMCG], r);
	/* A newer kind may or may not be about a memory cgroup. */
	if (!osn_kind_name(r->kind))
		return tb[OOMSNAP_A_MEMCG] ?
		       parse_memcg(d, tb[OOMSNAP_A_MEMCG], r) : 0;
	if (tb[OOMSNAP_A_MEMCG])
		return dec_fail(d, "OOMSNAP_A_MEMCG on a non-memcg record");
	return 0;
}

static int parse_nodemask(struct dec *d, struct nlattr *nla,
			  struct osn_record *r)
{
	int err;

	if (!nla)
		return 0;
	err = dec_u64_array(d, nla, r->nodemask, OSN_NODEMASK_WORDS,
			    &r->nodemask_words, NULL);
	if (!err && !r->nodemask_words)
		return dec_fail(d, "an empty OOMSNAP_A_NODEMASK");
	return err;
}

/* The full snapshot's attributes: optional, but valid when present. */
static int parse_snapshot(struct dec *d, struct nlattr **tb,
			  struct osn_record *r)
{
	int err;

	if (tb[OOMSNAP_A_GFP_FLAGS]) {
		err = DEC_STR(d, tb, OOMSNAP_A_GFP_FLAGS, r->gfp_flags);
		if (err)
			return err;
		r->has_gfp_flags = true;
	}
	err = dec_opt(d, tb[OOMSNAP_A_CONSTRAINT], &r->constraint,
		      sizeof(r->constraint), &r->has_constraint);
	if (err)
		return err;

	if ((err = parse_nodemask(d, tb[OOMSNAP_A_NODEMASK], r)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_A_TOTALPAGES], &r->totalpages)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_A_CAPTURE_NS], &r->capture_ns)) ||
	    (err = dec_opt_u32(d, tb[OOMSNAP_A_TASKS_STORED],
			       &r->tasks_stored)) ||
	    (err = dec_opt_u32(d, tb[OOMSNAP_A_TASKS_OMITTED],
			       &r->tasks_omitted)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_A_TASKS_OMITTED_RSS_PAGES],
			       &r->tasks_omitted_rss_pages)) ||
	    (err = dec_opt_u32(d, tb[OOMSNAP_A_TASKS_UNREADABLE],
			       &r->tasks_unreadable)) ||
	    (err = dec_opt_u32(d, tb[OOMSNAP_A_KTHREADS], &r->kthreads)) ||
	    (err = dec_opt_u32(d, tb[OOMSNAP_A_CGROUPS_STORED],
			       &r->cgroups_stored)) ||
	    (err = dec_opt_u32(d, tb[OOMSNAP_A_CGROUPS_OMITTED],
			       &r->cgroups_omitted)) ||
	    (err = dec_zones(d, tb[OOMSNAP_A_ZONES], r)) ||
	    (err = dec_meminfo(d, tb[OOMSNAP_A_MEMINFO], r)) ||
	    (err = dec_vmstat(d, tb[OOMSNAP_A_VMSTAT], r)) ||
	    (err = dec_system(d, tb[OOMSNAP_A_SYSTEM], r)))
		return err;
	return 0;
}

static bool kb_fits(uint64_t pages, uint32_t page_size)
{
	return pages <= UINT64_MAX / (page_size / 1024);
}

/* Page counts the renderers print in kB: the kB must fit in 64 bits. */
static int check_kb(struct dec *d, const struct osn_record *r)
{
	uint32_t ps = r->page_size;
	size_t i;

	if (!kb_fits(r->memcg.usage_pages.v, ps) ||
	    !kb_fits(r->memcg.swap_pages.v, ps) ||
	    !kb_fits(r->tasks_omitted_rss_pages.v, ps))
		return dec_fail(d, "a page count in kB does not fit in 64 "
				   "bits");
	for (i = 0; i < r->nr_zones; i++) {
		const struct osn_zone *z = &r->zones[i];

		if (!kb_fits(z->free, ps) || !kb_fits(z->min, ps) ||
		    !kb_fits(z->low, ps) || !kb_fits(z->high, ps) ||
		    !kb_fits(z->boost, ps) || !kb_fits(z->managed, ps) ||
		    !kb_fits(z->present, ps))
			return dec_fail(d, "a zone's page count in kB does "
					   "not fit in 64 bits");
	}
	return 0;
}

/* Most victims one record may list (the module keeps 128). */
#define OSN_MAX_VICTIMS 65536

/*
 * Every victim of the call (optional: older modules send none).  The first
 * must be the victim itself: the same process, the same numbers.
 */
static int parse_victims(struct dec *d, struct nlattr **tb,
			 struct osn_record *r)
{
	struct nlattr *nla = tb[OOMSNAP_A_VICTIMS], *e;
	size_t n = 0;
	int rem, err;

	if ((err = dec_opt_u32(d, tb[OOMSNAP_A_VICTIMS_OMITTED],
			       &r->victims_omitted)) ||
	    (err = dec_flag(d, tb[OOMSNAP_A_NO_TASK_WALK], &r->no_task_walk)) ||
	    (err = dec_flag(d, tb[OOMSNAP_A_TASKS_DROPPED],
			    &r->tasks_dropped)))
		return err;
	if (!nla)
		return 0;
	if (r->panic)
		return dec_fail(d, "OOMSNAP_A_VICTIMS on a panic record");
	nla_for_each_nested(e, nla, rem)
		n++;
	if (!n || n > OSN_MAX_VICTIMS)
		return dec_fail(d, "OOMSNAP_A_VICTIMS empty or too long");
	r->victims = calloc(n, sizeof(*r->victims));
	if (!r->victims)
		return -ENOMEM;
	nla_for_each_nested(e, nla, rem) {
		if (nla_type(e) != OOMSNAP_A_LIST_ENTRY)
			return dec_fail(d, "an OOMSNAP_A_VICTIMS entry is not "
					   "OOMSNAP_A_LIST_ENTRY");
		err = dec_task(d, e, &r->victims[r->nr_victims], false,
			       "an empty victim");
		if (!err)
			err = dec_task_sizes(d, &r->victims[r->nr_victims],
					     r->page_size);
		if (err)
			return err;
		r->nr_victims++;
	}
	if (memcmp(&r->victims[0], &r->victim, sizeof(r->victim)))
		return dec_fail(d, "the first of OOMSNAP_A_VICTIMS is not "
				   "OOMSNAP_A_VICTIM");
	r->has_victims = true;
	return 0;
}

/* Records of earlier boots (optional: older modules send none of them). */
static int parse_boot(struct dec *d, struct nlattr **tb, struct osn_record *r)
{
	int err;

	if ((err = dec_opt(d, tb[OOMSNAP_A_BOOT_ID], r->boot_id,
			   sizeof(r->boot_id), &r->has_boot_id)) ||
	    (err = dec_flag(d, tb[OOMSNAP_A_EARLIER_BOOT], &r->earlier_boot)) ||
	    (err = dec_flag(d, tb[OOMSNAP_A_ACKNOWLEDGED],
			    &r->acknowledged)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_A_LOST_BEFORE], &r->lost_before)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_A_FACTS_AGE_NS],
			       &r->facts_age_ns)))
		return err;
	/* "Earlier" than the current boot means: a boot it names. */
	if (r->earlier_boot && !r->has_boot_id)
		return dec_fail(d, "OOMSNAP_A_EARLIER_BOOT without "
				   "OOMSNAP_A_BOOT_ID");
	return 0;
}

static int parse(struct dec *d, struct nlmsghdr *nlh, struct osn_record *r)
{
	struct nlattr *tb[OOMSNAP_A_MAX + 1];
	struct genlmsghdr *ghdr;
	int err;

	if (!genlmsg_valid_hdr(nlh, 0))
		return dec_fail(d, "truncated message");
	ghdr = nlmsg_data(nlh);
	if (ghdr->version > OOMSNAP_GENL_VERSION)
		return dec_fail(d, "newer protocol version");
	if (genlmsg_parse(nlh, 0, tb, OOMSNAP_A_MAX, record_policy) < 0)
		return dec_fail(d, "malformed attributes");

	err = parse_thin(d, tb, r);
	if (err)
		return err;
	err = parse_snapshot(d, tb, r);
	if (!err)
		err = check_kb(d, r);
	if (!err)
		err = parse_victims(d, tb, r);
	if (err)
		return err;
	return parse_boot(d, tb, r);
}

int osn_record_parse_why(struct nlmsghdr *nlh, struct osn_record *out,
			 const char **why)
{
	struct dec d = { .why = NULL };
	int err;

	memset(out, 0, sizeof(*out));
	err = parse(&d, nlh, out);
	if (err)
		osn_record_free(out);
	if (why)
		*why = err == -EINVAL ? d.why : NULL;
	return err;
}

int osn_record_parse(struct nlmsghdr *nlh, struct osn_record *out)
{
	return osn_record_parse_why(nlh, out, NULL);
}

void osn_record_free(struct osn_record *rec)
{
	if (!rec)
		return;
	free(rec->zones);
	free(rec->vmstat);
	free(rec->tasks);
	free(rec->cgroups);
	free(rec->victims);
	memset(rec, 0, sizeof(*rec));
}

void osn_record_move(struct osn_record *dst, struct osn_record *src)
{
	*dst = *src;
	memset(src, 0, sizeof(*src));
}

uint64_t osn_task_rss_pages(const struct osn_task *t)
{
	return t->rss_anon_pages + t->rss_file_pages + t->rss_shmem_pages;
}

static int cmp_id(const void *key, const void *elem)
{
	uint64_t id = *(const uint64_t *)key;
	const struct osn_cgroup *c = elem;

	return id < c->id ? -1 : id > c->id;
}

const char *osn_record_cgroup_path(const struct osn_record *rec, uint64_t id)
{
	const struct osn_cgroup *c;

	if (!rec->nr_cgroups)
		return NULL;
	c = bsearch(&id, rec->cgroups, rec->nr_cgroups, sizeof(*c), cmp_id);
	return c ? c->path : NULL;
}

static int cmp_rss(const void *x, const void *y)
{
	const struct osn_task *a = *(const struct osn_task *const *)x;
	const struct osn_task *b = *(const struct osn_task *const *)y;
	uint64_t ra = osn_task_rss_pages(a), rb = osn_task_rss_pages(b);

	if (a->no_mm != b->no_mm)
		return a->no_mm ? 1 : -1;
	if (ra != rb)
		return ra > rb ? -1 : 1;
	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	/* Then table order (a and b point into one array): qsort() is not
	 * stable, and the same table must always give the same order. */
	return a < b ? -1 : a > b;
}

int osn_tasks_by_rss(const struct osn_record *rec,
		     const struct osn_task ***out)
{
	const struct osn_task **v;
	size_t i;

	*out = NULL;
	if (!rec->nr_tasks)
		return 0;
	v = calloc(rec->nr_tasks, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (i = 0; i < rec->nr_tasks; i++)
		v[i] = &rec->tasks[i];
	qsort(v, rec->nr_tasks, sizeof(*v), cmp_rss);
	*out = v;
	return 0;
}

const struct osn_task *osn_record_victim_row(const struct osn_record *rec)
{
	size_t i;

	if (!rec->has_victim)
		return NULL;
	for (i = 0; i < rec->nr_tasks; i++)
		if (rec->tasks[i].tgid == rec->victim.tgid)
			return &rec->tasks[i];
	return NULL;
}

int osn_task_start_time(const struct osn_record *rec, const struct osn_task *t,
			uint64_t *time_ns)
{
	uint64_t age;

	if (!rec->has_system || !t->start_time_ns.has ||
	    t->start_time_ns.v > rec->system.uptime_ns)
		return -ENODATA;
	age = rec->system.uptime_ns - t->start_time_ns.v;
	if (age > rec->time_ns)
		return -ENODATA;
	*time_ns = rec->time_ns - age;
	return 0;
}
