// SPDX-License-Identifier: GPL-2.0
/*
 * assemble.c - build one whole record from the messages of a GET dump
 * (summary, task-row chunks, cgroup chunks), refusing anything
 * inconsistent: a continuation of another record, rows or cgroups beyond
 * or short of the announced counts, chunks out of order.  A half record is
 * never handed out.  Pure; never prints.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "assemble.h"
#include "decode.h"

static const struct nla_policy chunk_policy[OOMSNAP_A_MAX + 1] = {
	[OOMSNAP_A_SEQ]		= { .type = NLA_U64 },
	[OOMSNAP_A_TASKS]	= { .type = NLA_NESTED },
	[OOMSNAP_A_CGROUPS]	= { .type = NLA_NESTED },
};

static const struct nla_policy cgroup_policy[OOMSNAP_CGROUP_A_MAX + 1] = {
	[OOMSNAP_CGROUP_A_ID]	= { .type = NLA_U64 },
	[OOMSNAP_CGROUP_A_PATH]	= { .type = NLA_STRING,
				    .maxlen = OOMSNAP_PATH_LEN },
};

void osn_assembly_init(struct osn_assembly *a)
{
	memset(a, 0, sizeof(*a));
}

void osn_assembly_free(struct osn_assembly *a)
{
	osn_record_free(&a->rec);
	osn_assembly_init(a);
}

static int fail(struct osn_assembly *a, const char *why)
{
	a->why = why;
	return -EINVAL;
}

static int add_summary(struct osn_assembly *a, struct nlmsghdr *nlh)
{
	int err = osn_record_parse_why(nlh, &a->rec, &a->why);

	if (err)
		return err;
	a->have_summary = true;
	if (!a->rec.tasks_stored.has || !a->rec.cgroups_stored.has)
		return fail(a, "the record's summary does not say how many "
			       "task rows and cgroups follow");
	a->rec.has_tables = true;
	return 0;
}

static int add_row(struct osn_assembly *a, struct dec *d,
		   const struct nlattr *e)
{
	struct osn_record *r = &a->rec;
	int err;

	if (r->nr_tasks >= r->tasks_stored.v)
		return dec_fail(d, "more task rows than the record announced");
	err = dec_reserve((void **)&r->tasks, &a->cap_tasks, r->nr_tasks + 1,
			  sizeof(*r->tasks));
	if (err)
		return err;
	err = dec_task(d, e, &r->tasks[r->nr_tasks], true, NULL);
	if (!err)
		err = dec_task_sizes(d, &r->tasks[r->nr_tasks], r->page_size);
	if (err)
		return err;
	r->nr_tasks++;
	return 0;
}

static int add_cgroup(struct osn_assembly *a, struct dec *d,
		      const struct nlattr *e)
{
	struct nlattr *tb[OOMSNAP_CGROUP_A_MAX + 1];
	struct osn_record *r = &a->rec;
	struct osn_cgroup *c;
	int err;

	if (r->nr_cgroups >= r->cgroups_stored.v)
		return dec_fail(d, "more cgroups than the record announced");
	err = dec_reserve((void **)&r->cgroups, &a->cap_cgroups,
			  r->nr_cgroups + 1, sizeof(*r->cgroups));
	if (err)
		return err;
	c = &r->cgroups[r->nr_cgroups];
	memset(c, 0, sizeof(*c));
	if ((err = dec_nest(d, tb, OOMSNAP_CGROUP_A_MAX, e, cgroup_policy,
			    NULL)) ||
	    (err = DEC(d, tb, OOMSNAP_CGROUP_A_ID, &c->id)) ||
	    (err = DEC_STR(d, tb, OOMSNAP_CGROUP_A_PATH, c->path)))
		return err;
	r->nr_cgroups++;
	return 0;
}

static int add_chunk(struct osn_assembly *a, struct nlattr *list, bool tasks)
{
	struct dec d = { .why = NULL };
	struct nlattr *e;
	int rem, err;

	if (tasks && a->in_cgroups)
		return fail(a, "task rows after the cgroup table");
	if (!tasks)
		a->in_cgroups = true;
	nla_for_each_nested(e, list, rem) {
		if (nla_type(e) != OOMSNAP_A_LIST_ENTRY)
			continue;	/* unknown: ignored */
		err = tasks ? add_row(a, &d, e) : add_cgroup(a, &d, e);
		if (err) {
			a->why = d.why;
			return err;
		}
	}
	if (rem)
		return fail(a, "malformed list in a continuation message");
	return 0;
}

int osn_assembly_add(struct osn_assembly *a, struct nlmsghdr *nlh)
{
	struct nlattr *tb[OOMSNAP_A_MAX + 1];
	struct nlattr *tasks, *cgroups;
	struct genlmsghdr *ghdr;
	uint64_t seq;

	if (!genlmsg_valid_hdr(nlh, 0))
		return fail(a, "truncated message");
	ghdr = nlmsg_data(nlh);
	if (ghdr->version > OOMSNAP_GENL_VERSION)
		return fail(a, "newer protocol version");
	if (genlmsg_parse(nlh, 0, tb, OOMSNAP_A_MAX, chunk_policy) < 0)
		return fail(a, "malformed attributes");
	tasks = tb[OOMSNAP_A_TASKS];
	cgroups = tb[OOMSNAP_A_CGROUPS];

	if (!tasks && !cgroups) {
		if (a->have_summary)
			return fail(a, "a second record summary in the dump");
		return add_summary(a, nlh);
	}
	if (!a->have_summary)
		return fail(a, "a continuation message before the summary");
	if (tasks && cgroups)
		return fail(a, "a continuation message with both tables");
	if (!tb[OOMSNAP_A_SEQ])
		return fail(a, "a continuation message without "
			       "OOMSNAP_A_SEQ");
	if (nla_len(tb[OOMSNAP_A_SEQ]) != sizeof(seq))
		return fail(a, "an attribute has the wrong size");
	memcpy(&seq, nla_data(tb[OOMSNAP_A_SEQ]), sizeof(seq));
	if (seq != a->rec.seq)
		return fail(a, "a continuation message of another record");
	return tasks ? add_chunk(a, tasks, true) : add_chunk(a, cgroups, false);
}

static int cmp_cgroup(const void *x, const void *y)
{
	const struct osn_cgroup *a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

int osn_assembly_finish(struct osn_assembly *a, struct osn_record *out)
{
	struct osn_record *r = &a->rec;
	size_t i;

	if (!a->have_summary)
		return fail(a, "the dump held no record");
	if (r->nr_tasks != r->tasks_stored.v)
		return fail(a, "fewer task rows than the record announced");
	if (r->nr_cgroups != r->cgroups_stored.v)
		return fail(a, "fewer cgroups than the record announced");
	if (r->nr_cgroups)
		qsort(r->cgroups, r->nr_cgroups, sizeof(*r->cgroups),
		      cmp_cgroup);
	for (i = 1; i < r->nr_cgroups; i++)
		if (r->cgroups[i].id == r->cgroups[i - 1].id)
			return fail(a, "a cgroup id appears twice in the "
				       "cgroup table");
	osn_record_move(out, r);
	osn_assembly_init(a);
	return 0;
}
