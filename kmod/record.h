/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record.h - one OOM kill as oomsnap keeps it in memory.
 *
 * A record is one contiguous blob: a fixed-size struct oomsnap_record,
 * then rec->nr_tasks struct oomsnap_task_row, then rec->nr_cgroups struct
 * oomsnap_cgroup_ent, then rec->nr_victims struct oomsnap_task_info (every
 * victim of the out_of_memory() call, the kernel's choice first: the same
 * as rec->victim).  It holds copies, never pointers into other tasks, so
 * it can be built with the OOM killer's locks held and read later from any
 * context.  Memory quantities stay in the kernel's units (pages, bytes),
 * except the meminfo totals, which are kB converted with the kernel's K().
 */
#ifndef _OOMSNAP_RECORD_H
#define _OOMSNAP_RECORD_H

#include <linux/types.h>
#include "oomsnap.h"

/* Zones kept per record; more are counted in nr_zones_omitted. */
#define OOMSNAP_MAX_ZONES	64
/* Orders of the buddy allocator kept per zone (MAX_ORDER is 11 on x86). */
#define OOMSNAP_MAX_ORDERS	16
/* Zone indexes kept in lowmem_reserve (MAX_NR_ZONES is at most 6). */
#define OOMSNAP_MAX_ZONE_IDX	8
#define OOMSNAP_NODEMASK_WORDS	16	/* 1024 nodes */
/*
 * Victims kept per record (an oom.group kill marks every member); more are
 * counted in victims_omitted.  Bounded so that a summary message holding
 * all of them stays one netlink message.
 */
#define OOMSNAP_MAX_VICTIMS	128

struct oomsnap_task_info {
	pid_t pid;		/* task_pid_nr(), as the kernel prints it */
	pid_t tgid;
	pid_t ppid;
	uid_t uid;		/* in the initial user namespace */
	short oom_score_adj;
	char state;		/* the letter of /proc/PID/stat */
	u8 flags;		/* OOMSNAP_ROW_* */
	char comm[OOMSNAP_COMM_LEN];
	u64 total_vm_pages;
	u64 rss_anon_pages;
	u64 rss_file_pages;
	u64 rss_shmem_pages;
	u64 pgtables_bytes;
	u64 swap_ents;
	s64 points;		/* valid with OOMSNAP_ROW_KILLABLE */
	u64 cgroup_id;
	u64 start_time_ns;	/* boot-based */
};

#define OOMSNAP_ROW_KILLABLE	BIT(0)	/* points is meaningful */
#define OOMSNAP_ROW_IN_SCOPE	BIT(1)	/* eligible for this OOM */
#define OOMSNAP_ROW_NO_MM	BIT(2)	/* mm not read: memory fields 0 */
#define OOMSNAP_ROW_EXITING	BIT(3)	/* victim only: reaped, not killed */

struct oomsnap_cgroup_ent {
	u64 id;
	char path[OOMSNAP_PATH_LEN];
};

struct oomsnap_zone {
	u32 node;
	u32 nr_orders;
	u32 nr_reserve;
	char name[16];
	u64 free, min, low, high, boost, managed, present;
	u64 lowmem_reserve[OOMSNAP_MAX_ZONE_IDX];
	u64 free_blocks[OOMSNAP_MAX_ORDERS];
};

/* What out_of_memory() was asked to do: known before any victim exists. */
struct oomsnap_trigger {
	enum oomsnap_kind kind;
	enum oomsnap_constraint constraint;
	gfp_t gfp_mask;
	char gfp_flags[OOMSNAP_GFP_FLAGS_LEN];	/* "%pGg" of gfp_mask */
	int order;
	u64 totalpages;
	bool has_nodemask;
	u64 nodemask[OOMSNAP_NODEMASK_WORDS];
	struct oomsnap_task_info task;	/* pid, tgid, comm, adj */
};

struct oomsnap_memcg_info {
	bool present;
	char path[OOMSNAP_PATH_LEN];
	u64 id, usage, max, high, swap, swap_max, oom_events, oom_kill_events;
};

struct oomsnap_system {
	char release[OOMSNAP_NAME_LEN];
	char hostname[OOMSNAP_NAME_LEN];
	char boot_id[OOMSNAP_BOOT_ID_LEN];
	u64 uptime_ns;
};

/* Meminfo totals in kB, indexed by enum oomsnap_meminfo_attr. */
struct oomsnap_meminfo {
	u64 kb[OOMSNAP_MEMINFO_A_MAX + 1];
	unsigned long valid;	/* bit i set: kb[i] was read */
};

#define OOMSNAP_MAX_VMSTAT	24
/* Longest /proc/vmstat name kept, NUL included. */
#define OOMSNAP_VMSTAT_NAME_LEN	32

struct oomsnap_record {
	u64 seq;		/* per-boot, from 1 */
	u64 time_ns;		/* wall clock, ns since the epoch */
	u64 capture_ns;
	u32 size;		/* bytes of the whole blob */
	struct oomsnap_trigger trigger;
	struct oomsnap_task_info victim;
	struct oomsnap_memcg_info memcg;
	struct oomsnap_system system;
	struct oomsnap_meminfo meminfo;
	u64 vmstat[OOMSNAP_MAX_VMSTAT];	/* names: vmstat_name[i] */
	u32 nr_vmstat;
	u32 nr_zones;
	u32 nr_zones_omitted;
	struct oomsnap_zone zones[OOMSNAP_MAX_ZONES];
	u32 nr_tasks;		/* rows following this struct */
	u32 tasks_omitted;
	u64 tasks_omitted_rss_pages;
	u32 tasks_unreadable;
	u32 kthreads;
	u32 nr_cgroups;		/* entries following the rows */
	u32 cgroups_omitted;	/* distinct cgroups whose path was not kept */
	u64 lost_before;	/* kills not stored just before this one */
	/*
	 * What a reader needs to label the numbers, from the kernel and the
	 * module that wrote them: a record read after a reboot into another
	 * kernel (or module version) is labelled as it was written.  The
	 * names, not indexes into a table: a table of another build may
	 * differ (config options, a counter added) and an index would then
	 * silently name the wrong counter.
	 */
	u32 page_size;
	char vmstat_name[OOMSNAP_MAX_VMSTAT][OOMSNAP_VMSTAT_NAME_LEN];
	/* facts.c: meminfo holds facts handed in facts_age_ns before */
	u32 has_facts;
	u64 facts_age_ns;
	u32 nr_victims;		/* victims following the cgroups */
	u32 victims_omitted;	/* OOMSNAP_MAX_VICTIMS reached */
	u32 capture_flags;	/* OOMSNAP_CAPTURE_* */
	u32 pad;
};

/* A storm of exiting-task marks past the rate limit: no task walk. */
#define OOMSNAP_CAPTURE_NO_WALK		BIT(0)
/* The task table did not fit in the store: rows not kept, counted. */
#define OOMSNAP_CAPTURE_ROWS_DROPPED	BIT(1)

static inline struct oomsnap_task_info *oomsnap_rec_rows(struct oomsnap_record *r)
{
	return (struct oomsnap_task_info *)(r + 1);
}

static inline struct oomsnap_cgroup_ent *
oomsnap_rec_cgroups(struct oomsnap_record *r)
{
	return (struct oomsnap_cgroup_ent *)(oomsnap_rec_rows(r) + r->nr_tasks);
}

static inline struct oomsnap_task_info *
oomsnap_rec_victims(struct oomsnap_record *r)
{
	return (struct oomsnap_task_info *)(oomsnap_rec_cgroups(r) +
					    r->nr_cgroups);
}

/* Without the victims that follow the cgroups. */
static inline size_t oomsnap_rec_size(u32 nr_tasks, u32 nr_cgroups)
{
	return sizeof(struct oomsnap_record) +
	       (size_t)nr_tasks * sizeof(struct oomsnap_task_info) +
	       (size_t)nr_cgroups * sizeof(struct oomsnap_cgroup_ent);
}

#endif /* _OOMSNAP_RECORD_H */
