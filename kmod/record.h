/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record.h - one OOM kill as oomsnap keeps it in memory.
 *
 * A record is a fixed-size, self-contained value: it holds copies, never
 * pointers into other tasks, so that it can be filled with the OOM killer's
 * locks held and read later from any context.  Memory quantities stay in the
 * kernel's units (pages, bytes); genl.c sends them as they are and userspace
 * converts them to kB exactly as the kernel's report does.
 */
#ifndef _OOMSNAP_RECORD_H
#define _OOMSNAP_RECORD_H

#include <linux/types.h>
#include "oomsnap.h"

struct oomsnap_task_info {
	pid_t pid;		/* task_pid_nr(), as the kernel prints it */
	pid_t tgid;
	uid_t uid;		/* in the initial user namespace */
	short oom_score_adj;
	char comm[OOMSNAP_COMM_LEN];
	u64 total_vm_pages;
	u64 rss_anon_pages;
	u64 rss_file_pages;
	u64 rss_shmem_pages;
	u64 pgtables_bytes;
};

/* What out_of_memory() was asked to do: known before any victim exists. */
struct oomsnap_trigger {
	enum oomsnap_kind kind;
	gfp_t gfp_mask;
	int order;
	struct oomsnap_task_info task;	/* only pid, tgid, comm, adj set */
	bool has_memcg;
	char memcg_path[OOMSNAP_PATH_LEN];
};

struct oomsnap_record {
	u64 seq;		/* per-boot, from 1; 0 marks an empty slot */
	u64 time_ns;		/* wall clock, ns since the epoch */
	struct oomsnap_trigger trigger;
	struct oomsnap_task_info victim;
};

#endif /* _OOMSNAP_RECORD_H */
