/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record.h - the userspace model of one OOM kill record and its decoder
 * from an oomsnap generic netlink summary message (see include/oomsnap.h).
 * The task and cgroup tables, which follow the summary in a GET dump, are
 * added by assemble.h.
 */
#ifndef OSN_RECORD_H
#define OSN_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "oomsnap.h"

/* Longest arrays this CLI accepts; a longer one is refused, not cut. */
#define OSN_MAX_ORDERS		32	/* buddy orders per zone */
#define OSN_MAX_ZONE_IDX	16	/* lowmem_reserve entries per zone */
#define OSN_NODEMASK_WORDS	64	/* 4096 NUMA nodes */

/* An optional number: v is meaningful only when has is true. */
struct osn_opt {
	bool has;
	uint64_t v;
};

/* The task that invoked the OOM killer. */
struct osn_trigger {
	uint32_t pid;
	uint32_t tgid;
	char comm[OOMSNAP_COMM_LEN];
	int32_t oom_score_adj;
};

/*
 * A process: the victim, or a row of the task table.  Memory is in the
 * kernel's units (pages, bytes, swap entries).  When no_mm is set the
 * memory fields are unknown (zero here).  The has_* fields are set when
 * the kernel sent the optional attribute; a row of the task table always
 * has ppid, swap, cgroup_id and start_time (and swap unless no_mm).
 */
struct osn_task {
	uint32_t pid;			/* as the kernel prints it */
	uint32_t tgid;
	char comm[OOMSNAP_COMM_LEN];
	uint32_t uid;
	int32_t oom_score_adj;
	bool no_mm;			/* memory unreadable: fields below 0 */
	uint64_t total_vm_pages;
	uint64_t rss_anon_pages;
	uint64_t rss_file_pages;
	uint64_t rss_shmem_pages;
	uint64_t pgtables_bytes;
	struct osn_opt swap_ents;
	struct osn_opt ppid;
	char state;			/* /proc/PID/stat letter; '\0': none */
	bool has_points;		/* false: the kernel never picks it */
	int64_t points;
	struct osn_opt cgroup_id;
	struct osn_opt start_time_ns;	/* boot-based clock */
	bool in_scope;			/* eligible for this OOM */
	bool exiting;			/* victim only: reaped, not killed */
};

/* The memory cgroup of a memcg OOM; counters in pages (optional). */
struct osn_memcg {
	struct osn_opt id;
	struct osn_opt usage_pages, max_pages, high_pages;
	struct osn_opt swap_pages, swap_max_pages;
	struct osn_opt oom_events, oom_kill_events;
};

struct osn_zone {
	uint32_t node;
	char name[OOMSNAP_NAME_LEN];
	uint64_t free, min, low, high, boost, managed, present;	/* pages */
	unsigned int nr_reserve;
	uint64_t lowmem_reserve[OSN_MAX_ZONE_IDX];	/* pages */
	unsigned int nr_orders;
	uint64_t free_blocks[OSN_MAX_ORDERS];		/* blocks per order */
};

struct osn_vmstat {
	char name[OOMSNAP_NAME_LEN];
	uint64_t value;
};

struct osn_system {
	char release[OOMSNAP_NAME_LEN];
	char hostname[OOMSNAP_NAME_LEN];
	uint64_t uptime_ns;		/* boot-based clock at the kill */
	bool has_boot_id;
	char boot_id[OOMSNAP_BOOT_ID_LEN];
};

struct osn_cgroup {
	uint64_t id;
	char path[OOMSNAP_PATH_LEN];
};

/*
 * One record.  It owns heap memory (zones, vmstat, tasks, cgroups): free it
 * with osn_record_free(), hand it over with osn_record_move().  The fields
 * up to memcg_path are those of the first (thin) protocol and always set;
 * the others are optional, absent from records of older modules.
 */
struct osn_record {
	uint64_t seq;
	uint64_t time_ns;		/* since the epoch, UTC */
	uint32_t kind;			/* enum oomsnap_kind; maybe unknown */
	uint32_t page_size;		/* power of two, >= 1024 */
	uint32_t gfp_mask;
	int32_t order;			/* -1 for sysrq */
	struct osn_trigger trigger;
	bool has_victim;		/* false only for a panic record */
	struct osn_task victim;		/* all zero when !has_victim */
	bool has_memcg;			/* kind == OOMSNAP_KIND_MEMCG: always;
					 * an unknown kind: maybe; else never */
	char memcg_path[OOMSNAP_PATH_LEN];

	struct osn_memcg memcg;		/* counters, when has_memcg */
	bool has_gfp_flags;
	char gfp_flags[OOMSNAP_GFP_FLAGS_LEN];	/* "%pGg" of gfp_mask */
	bool has_constraint;
	uint32_t constraint;		/* enum oomsnap_constraint; maybe
					 * unknown */
	unsigned int nodemask_words;	/* 0: no nodemask */
	uint64_t nodemask[OSN_NODEMASK_WORDS];
	struct osn_opt totalpages;
	struct osn_opt capture_ns;
	struct osn_opt tasks_stored, tasks_omitted, tasks_omitted_rss_pages;
	struct osn_opt tasks_unreadable, kthreads;
	struct osn_opt cgroups_stored, cgroups_omitted;

	bool has_zones;
	size_t nr_zones;
	struct osn_zone *zones;
	/* Indexed by enum oomsnap_meminfo_attr; kB except as noted there. */
	bool has_meminfo;
	struct osn_opt meminfo[OOMSNAP_MEMINFO_A_MAX + 1];
	bool has_vmstat;
	size_t nr_vmstat;
	struct osn_vmstat *vmstat;
	bool has_system;
	struct osn_system system;

	/* Records of earlier boots, acknowledgement, panic, losses. */
	bool has_boot_id;
	uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];	/* the boot that wrote it */
	bool earlier_boot;		/* not written by the current boot */
	bool acknowledged;		/* userspace acknowledged it */
	bool panic;			/* panic_on_oom: no victim */
	struct osn_opt lost_before;	/* kills not stored just before it */
	/* How old the facts userspace handed in (swap total, huge pages,
	 * overcommit, panic_on_oom: in meminfo) were at the kill; !has:
	 * none were, and meminfo has none of them. */
	struct osn_opt facts_age_ns;

	/*
	 * Every victim of the out_of_memory() call, the kernel's choice
	 * (victim) first, then the members an oom.group kill took with it.
	 * Absent (has_victims false) from older modules' records and from
	 * panic records.
	 */
	bool has_victims;
	size_t nr_victims;
	struct osn_task *victims;
	struct osn_opt victims_omitted;	/* victims the module did not list */
	bool no_task_walk;		/* rate-limited: no task table taken */
	bool tasks_dropped;		/* task table did not fit the store */

	/* Only in a record assembled from a GET dump (assemble.h). */
	bool has_tables;
	size_t nr_tasks;
	struct osn_task *tasks;
	size_t nr_cgroups;
	struct osn_cgroup *cgroups;	/* sorted by id, ids unique */
};

/*
 * Decode one summary message (genl header + record attributes) into *out,
 * which need not be initialized.  Returns 0; -EINVAL when the message is
 * not a complete, valid record: a required attribute missing or of the
 * wrong size, no OOMSNAP_A_VICTIM on a record without OOMSNAP_A_PANIC or
 * one on a panic record, a BOOT_ID that is not 16 bytes, EARLIER_BOOT
 * without a BOOT_ID, a bad page size, a string not NUL-terminated within
 * its maximum length, a vmstat name or system boot id that is not UTF-8
 * (JSON has no lossless form for them), a page count (of the victim, the
 * memcg, a zone) whose kB does not fit in 64 bits, a MEMCG nest on a
 * global or sysrq record or none on a memcg one, a malformed zone, vmstat
 * or system nest, a newer protocol version; -ENOMEM.  On failure *out
 * holds nothing (no need to free it).  Attributes this CLI does not know are
 * ignored, as are OOMSNAP_A_TASKS/OOMSNAP_A_CGROUPS (see assemble.h).  A
 * kind or constraint this CLI does not know (a newer module's) is not
 * refused: it is kept as its number, and a MEMCG nest on a record of an
 * unknown kind is decoded when present (has_memcg) and not required.
 */
int osn_record_parse(struct nlmsghdr *nlh, struct osn_record *out);

/* As osn_record_parse(); on -EINVAL *why (if why) names the reason. */
int osn_record_parse_why(struct nlmsghdr *nlh, struct osn_record *out,
			 const char **why);

/* Free what rec owns and leave it empty (all zero).  NULL is fine. */
void osn_record_free(struct osn_record *rec);

/* Hand src's contents over to dst (not freed first); src is left empty. */
void osn_record_move(struct osn_record *dst, struct osn_record *src);

/* Resident pages of a process: anon + file + shmem (0 when no_mm). */
uint64_t osn_task_rss_pages(const struct osn_task *t);

/* The path of cgroup id in rec's cgroup table, or NULL if not there. */
const char *osn_record_cgroup_path(const struct osn_record *rec,
				   uint64_t id);

/*
 * The task table sorted by RSS, largest first (rows without memory last,
 * ties by pid, then table order): *out is a malloc()ed array of
 * rec->nr_tasks pointers into rec->tasks (free() it; NULL when the table
 * is empty).  0 or -ENOMEM.
 */
int osn_tasks_by_rss(const struct osn_record *rec,
		     const struct osn_task ***out);

/* The victim's row in the task table (same tgid), or NULL (also when the
 * record has no victim). */
const struct osn_task *osn_record_victim_row(const struct osn_record *rec);

/*
 * Wall-clock start of process t, in ns since the epoch: the record's time
 * minus how long before the kill it started (system uptime minus its
 * start time, both on the boot-based clock).  Returns 0, or -ENODATA when
 * the record or t lacks what is needed or the values are inconsistent.
 */
int osn_task_start_time(const struct osn_record *rec, const struct osn_task *t,
			uint64_t *time_ns);

#endif /* OSN_RECORD_H */
