// SPDX-License-Identifier: GPL-2.0
/*
 * record.c - decode one oomsnap record message into struct osn_record.
 * Pure (no socket, never prints).  Every required attribute is checked for
 * presence and exact size; anything doubtful is refused with -EINVAL rather
 * than guessed.  Attributes this CLI does not know are ignored.
 */
#include <errno.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

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
};

static const struct nla_policy task_policy[OOMSNAP_TASK_A_MAX + 1] = {
	[OOMSNAP_TASK_A_PID]		 = { .type = NLA_U32 },
	[OOMSNAP_TASK_A_TGID]		 = { .type = NLA_U32 },
	[OOMSNAP_TASK_A_COMM]		 = { .type = NLA_STRING,
					     .maxlen = OOMSNAP_COMM_LEN },
	[OOMSNAP_TASK_A_UID]		 = { .type = NLA_U32 },
	[OOMSNAP_TASK_A_TOTAL_VM_PAGES]	 = { .type = NLA_U64 },
	[OOMSNAP_TASK_A_RSS_ANON_PAGES]	 = { .type = NLA_U64 },
	[OOMSNAP_TASK_A_RSS_FILE_PAGES]	 = { .type = NLA_U64 },
	[OOMSNAP_TASK_A_RSS_SHMEM_PAGES] = { .type = NLA_U64 },
	[OOMSNAP_TASK_A_PGTABLES_BYTES]	 = { .type = NLA_U64 },
	[OOMSNAP_TASK_A_OOM_SCORE_ADJ]	 = { .type = NLA_S32 },
};

static const struct nla_policy memcg_policy[OOMSNAP_MEMCG_A_MAX + 1] = {
	[OOMSNAP_MEMCG_A_PATH]	= { .type = NLA_STRING,
				    .maxlen = OOMSNAP_PATH_LEN },
};

/* Decoder state: the reason of the first failure, for the caller. */
struct dec {
	const char *why;
};

static int fail(struct dec *d, const char *why)
{
	d->why = why;
	return -EINVAL;
}

/* Fetch a fixed-size attribute: present and exactly len bytes. */
static int get_fixed(struct dec *d, struct nlattr *nla, void *out, int len,
		     const char *name)
{
	if (!nla)
		return fail(d, name);
	if (nla_len(nla) != len)
		return fail(d, "an attribute has the wrong size");
	memcpy(out, nla_data(nla), len);
	return 0;
}

#define GET(d, tb, type, out) \
	get_fixed(d, (tb)[type], (out), sizeof(*(out)), "missing " #type)

/* Copy a string attribute that must be NUL-terminated within size bytes. */
static int get_string(struct dec *d, struct nlattr *nla, char *out,
		      size_t size, const char *name)
{
	size_t len;

	if (!nla)
		return fail(d, name);
	len = nla_len(nla);
	if (len == 0 || len > size || !memchr(nla_data(nla), '\0', len))
		return fail(d, "a string is not NUL-terminated within its "
			       "maximum length");
	memcpy(out, nla_data(nla), len);
	return 0;
}

#define GET_STR(d, tb, type, out) \
	get_string(d, (tb)[type], (out), sizeof(out), "missing " #type)

static int parse_nest(struct dec *d, struct nlattr **tb, int maxtype,
		      struct nlattr *nest, const struct nla_policy *policy,
		      const char *name)
{
	if (!nest)
		return fail(d, name);
	if (nla_parse_nested(tb, maxtype, nest, policy) < 0)
		return fail(d, "malformed nested attributes");
	return 0;
}

static int parse_trigger(struct dec *d, struct nlattr *nest,
			 struct osn_trigger *t)
{
	struct nlattr *tb[OOMSNAP_TASK_A_MAX + 1];
	int err;

	err = parse_nest(d, tb, OOMSNAP_TASK_A_MAX, nest, task_policy,
			 "missing OOMSNAP_A_TRIGGER");
	if (err)
		return err;
	if ((err = GET(d, tb, OOMSNAP_TASK_A_PID, &t->pid)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_TGID, &t->tgid)) ||
	    (err = GET_STR(d, tb, OOMSNAP_TASK_A_COMM, t->comm)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_OOM_SCORE_ADJ, &t->oom_score_adj)))
		return err;
	return 0;
}

static int parse_victim(struct dec *d, struct nlattr *nest,
			struct osn_victim *v)
{
	struct nlattr *tb[OOMSNAP_TASK_A_MAX + 1];
	int err;

	err = parse_nest(d, tb, OOMSNAP_TASK_A_MAX, nest, task_policy,
			 "missing OOMSNAP_A_VICTIM");
	if (err)
		return err;
	if ((err = GET(d, tb, OOMSNAP_TASK_A_PID, &v->pid)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_TGID, &v->tgid)) ||
	    (err = GET_STR(d, tb, OOMSNAP_TASK_A_COMM, v->comm)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_UID, &v->uid)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_TOTAL_VM_PAGES,
		       &v->total_vm_pages)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_RSS_ANON_PAGES,
		       &v->rss_anon_pages)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_RSS_FILE_PAGES,
		       &v->rss_file_pages)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_RSS_SHMEM_PAGES,
		       &v->rss_shmem_pages)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_PGTABLES_BYTES,
		       &v->pgtables_bytes)) ||
	    (err = GET(d, tb, OOMSNAP_TASK_A_OOM_SCORE_ADJ, &v->oom_score_adj)))
		return err;
	return 0;
}

static int parse_memcg(struct dec *d, struct nlattr *nest, char *path,
		       size_t size)
{
	struct nlattr *tb[OOMSNAP_MEMCG_A_MAX + 1];
	int err;

	err = parse_nest(d, tb, OOMSNAP_MEMCG_A_MAX, nest, memcg_policy,
			 "missing OOMSNAP_A_MEMCG on a memcg record");
	if (err)
		return err;
	return get_string(d, tb[OOMSNAP_MEMCG_A_PATH], path, size,
			  "missing OOMSNAP_MEMCG_A_PATH");
}

static int parse(struct dec *d, struct nlmsghdr *nlh, struct osn_record *r)
{
	struct nlattr *tb[OOMSNAP_A_MAX + 1];
	struct genlmsghdr *ghdr;
	int err;

	memset(r, 0, sizeof(*r));

	if (!genlmsg_valid_hdr(nlh, 0))
		return fail(d, "truncated message");
	ghdr = nlmsg_data(nlh);
	if (ghdr->version > OOMSNAP_GENL_VERSION)
		return fail(d, "newer protocol version");
	if (genlmsg_parse(nlh, 0, tb, OOMSNAP_A_MAX, record_policy) < 0)
		return fail(d, "malformed attributes");

	if ((err = GET(d, tb, OOMSNAP_A_SEQ, &r->seq)) ||
	    (err = GET(d, tb, OOMSNAP_A_TIME_NS, &r->time_ns)) ||
	    (err = GET(d, tb, OOMSNAP_A_KIND, &r->kind)) ||
	    (err = GET(d, tb, OOMSNAP_A_PAGE_SIZE, &r->page_size)) ||
	    (err = GET(d, tb, OOMSNAP_A_GFP_MASK, &r->gfp_mask)) ||
	    (err = GET(d, tb, OOMSNAP_A_ORDER, &r->order)))
		return err;

	if (!osn_kind_name(r->kind))
		return fail(d, "unknown kind");
	/* The kernel's K(x) needs PAGE_SHIFT >= 10. */
	if (r->page_size < 1024 || (r->page_size & (r->page_size - 1)))
		return fail(d, "page size is not a power of two >= 1024");

	err = parse_trigger(d, tb[OOMSNAP_A_TRIGGER], &r->trigger);
	if (err)
		return err;
	err = parse_victim(d, tb[OOMSNAP_A_VICTIM], &r->victim);
	if (err)
		return err;

	if (r->kind == OOMSNAP_KIND_MEMCG) {
		err = parse_memcg(d, tb[OOMSNAP_A_MEMCG], r->memcg_path,
				  sizeof(r->memcg_path));
		if (err)
			return err;
		r->has_memcg = true;
	} else if (tb[OOMSNAP_A_MEMCG]) {
		return fail(d, "OOMSNAP_A_MEMCG on a non-memcg record");
	}
	return 0;
}

int osn_record_parse_why(struct nlmsghdr *nlh, struct osn_record *out,
			 const char **why)
{
	struct dec d = { .why = NULL };
	int err = parse(&d, nlh, out);

	if (why)
		*why = err ? d.why : NULL;
	return err;
}

int osn_record_parse(struct nlmsghdr *nlh, struct osn_record *out)
{
	return osn_record_parse_why(nlh, out, NULL);
}
