// SPDX-License-Identifier: GPL-2.0
/*
 * record_task.c - decode a process nest (OOMSNAP_TASK_A_*): the victim of
 * a summary message or a row of the task table of a GET dump.  The victim
 * keeps the issue-3 required set; a row must carry everything the kernel
 * always sends for one; and the check that its memory in kB fits in 64
 * bits.  Pure; never prints.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "decode.h"

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
	[OOMSNAP_TASK_A_PPID]		 = { .type = NLA_U32 },
	[OOMSNAP_TASK_A_STATE]		 = { .type = NLA_U8 },
	[OOMSNAP_TASK_A_SWAP_ENTS]	 = { .type = NLA_U64 },
	[OOMSNAP_TASK_A_POINTS]		 = { .type = NLA_S64 },
	[OOMSNAP_TASK_A_CGROUP_ID]	 = { .type = NLA_U64 },
	[OOMSNAP_TASK_A_START_TIME_NS]	 = { .type = NLA_U64 },
	[OOMSNAP_TASK_A_IN_SCOPE]	 = { .type = NLA_FLAG },
	[OOMSNAP_TASK_A_NO_MM]		 = { .type = NLA_FLAG },
	[OOMSNAP_TASK_A_EXITING]	 = { .type = NLA_FLAG },
};

static const int mm_attrs[] = {
	OOMSNAP_TASK_A_TOTAL_VM_PAGES, OOMSNAP_TASK_A_RSS_ANON_PAGES,
	OOMSNAP_TASK_A_RSS_FILE_PAGES, OOMSNAP_TASK_A_RSS_SHMEM_PAGES,
	OOMSNAP_TASK_A_PGTABLES_BYTES, OOMSNAP_TASK_A_SWAP_ENTS,
};

static int dec_mm(struct dec *d, struct nlattr **tb, struct osn_task *t,
		  bool row)
{
	int err;
	size_t i;

	if (t->no_mm) {
		/* NO_MM means: listed, memory unknown.  Not both. */
		for (i = 0; i < sizeof(mm_attrs) / sizeof(mm_attrs[0]); i++)
			if (tb[mm_attrs[i]])
				return dec_fail(d, "memory attributes on a "
						   "process flagged NO_MM");
		return 0;
	}
	if ((err = DEC(d, tb, OOMSNAP_TASK_A_TOTAL_VM_PAGES,
		       &t->total_vm_pages)) ||
	    (err = DEC(d, tb, OOMSNAP_TASK_A_RSS_ANON_PAGES,
		       &t->rss_anon_pages)) ||
	    (err = DEC(d, tb, OOMSNAP_TASK_A_RSS_FILE_PAGES,
		       &t->rss_file_pages)) ||
	    (err = DEC(d, tb, OOMSNAP_TASK_A_RSS_SHMEM_PAGES,
		       &t->rss_shmem_pages)) ||
	    (err = DEC(d, tb, OOMSNAP_TASK_A_PGTABLES_BYTES,
		       &t->pgtables_bytes)))
		return err;
	if (row && !tb[OOMSNAP_TASK_A_SWAP_ENTS])
		return dec_fail(d, "missing OOMSNAP_TASK_A_SWAP_ENTS");
	return dec_opt_u64(d, tb[OOMSNAP_TASK_A_SWAP_ENTS], &t->swap_ents);
}

static int dec_state(struct dec *d, const struct nlattr *nla, char *state)
{
	bool has;
	uint8_t c = 0;
	int err = dec_opt(d, nla, &c, sizeof(c), &has);

	if (err)
		return err;
	/* The letters of /proc/PID/stat ("RSDTtXZPI"): nothing else. */
	if (has && !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
		return dec_fail(d, "a process state is not a letter");
	*state = (char)c;
	return 0;
}

/* pages of page_size bytes in kB (pages * page_size / 1024) fit in u64. */
static bool kb_fits(uint64_t pages, uint32_t page_size)
{
	return pages <= UINT64_MAX / (page_size / 1024);
}

int dec_task_sizes(struct dec *d, const struct osn_task *t,
		   uint32_t page_size)
{
	uint64_t rss = t->rss_anon_pages + t->rss_file_pages;

	/* The sum, as osn_task_rss_pages() computes it, must not wrap. */
	if (rss < t->rss_anon_pages || rss + t->rss_shmem_pages < rss ||
	    !kb_fits(rss + t->rss_shmem_pages, page_size) ||
	    !kb_fits(t->total_vm_pages, page_size) ||
	    !kb_fits(t->swap_ents.v, page_size))
		return dec_fail(d, "a process's memory in kB does not fit in "
				   "64 bits");
	return 0;
}

int dec_task(struct dec *d, const struct nlattr *nest, struct osn_task *t,
	     bool row, const char *missing)
{
	struct nlattr *tb[OOMSNAP_TASK_A_MAX + 1];
	int err;

	memset(t, 0, sizeof(*t));
	err = dec_nest(d, tb, OOMSNAP_TASK_A_MAX, nest, task_policy, missing);
	if (err)
		return err;
	if ((err = DEC(d, tb, OOMSNAP_TASK_A_PID, &t->pid)) ||
	    (err = DEC(d, tb, OOMSNAP_TASK_A_TGID, &t->tgid)) ||
	    (err = DEC_STR(d, tb, OOMSNAP_TASK_A_COMM, t->comm)) ||
	    (err = DEC(d, tb, OOMSNAP_TASK_A_UID, &t->uid)) ||
	    (err = DEC(d, tb, OOMSNAP_TASK_A_OOM_SCORE_ADJ,
		       &t->oom_score_adj)) ||
	    (err = dec_flag(d, tb[OOMSNAP_TASK_A_NO_MM], &t->no_mm)) ||
	    (err = dec_mm(d, tb, t, row)) ||
	    (err = dec_state(d, tb[OOMSNAP_TASK_A_STATE], &t->state)) ||
	    (err = dec_opt(d, tb[OOMSNAP_TASK_A_POINTS], &t->points,
			   sizeof(t->points), &t->has_points)) ||
	    (err = dec_flag(d, tb[OOMSNAP_TASK_A_IN_SCOPE], &t->in_scope)) ||
	    (err = dec_flag(d, tb[OOMSNAP_TASK_A_EXITING], &t->exiting)))
		return err;
	if (row) {
		static const struct {
			int type;
			const char *missing;
		} required[] = {
			{ OOMSNAP_TASK_A_PPID,
			  "missing OOMSNAP_TASK_A_PPID" },
			{ OOMSNAP_TASK_A_CGROUP_ID,
			  "missing OOMSNAP_TASK_A_CGROUP_ID" },
			{ OOMSNAP_TASK_A_START_TIME_NS,
			  "missing OOMSNAP_TASK_A_START_TIME_NS" },
		};
		size_t i;

		for (i = 0; i < sizeof(required) / sizeof(required[0]); i++)
			if (!tb[required[i].type])
				return dec_fail(d, required[i].missing);
	}
	if ((err = dec_opt_u32(d, tb[OOMSNAP_TASK_A_PPID], &t->ppid)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_TASK_A_CGROUP_ID],
			       &t->cgroup_id)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_TASK_A_START_TIME_NS],
			       &t->start_time_ns)))
		return err;
	return 0;
}
