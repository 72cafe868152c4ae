/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fixture.h - a full kill-time snapshot for the unit tests, and builders
 * that turn it into the generic netlink messages the kernel module sends
 * (kmod/genl.c: put_summary, put_task_full, put_zone, put_machine,
 * put_chunk), with libnl's message API.  No kernel, nothing is sent.
 *
 * The values are chosen so that every derived value (kB, totals, times,
 * order of the task table) can be worked out by hand; the tests say how.
 */
#ifndef OSN_TEST_FIXTURE_H
#define OSN_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>

#include "oomsnap.h"

#define FAKE_FAMILY	0x1d	/* any id: nothing is sent */

/* A process as put by put_task_full(). */
struct t_task {
	uint32_t pid, tgid, ppid, uid;
	const char *comm;
	char state;			/* 0: not sent (as the kernel) */
	bool no_mm;			/* memory attributes not sent */
	uint64_t total_vm, anon, file, shmem, pgtables_bytes, swap_ents;
	int32_t adj;
	bool has_points;
	int64_t points;
	uint64_t cgroup_id, start_ns;
	bool in_scope, exiting;
};

struct t_cgroup {
	uint64_t id;
	const char *path;
};

struct t_zone {
	uint32_t node;
	const char *name;
	uint64_t free, min, low, high, boost, managed, present;
	unsigned int nr_reserve;
	uint64_t reserve[8];
	unsigned int nr_orders;
	uint64_t blocks[16];
};

struct t_snap {
	uint64_t seq, time_ns;
	uint32_t kind, page_size, gfp_mask;
	const char *gfp_flags;		/* NULL: not sent */
	int32_t order;
	uint32_t constraint;
	unsigned int nodemask_words;	/* 0: no nodemask */
	uint64_t nodemask[2];
	uint64_t totalpages, capture_ns;
	uint32_t t_pid, t_tgid;
	const char *t_comm;
	int32_t t_adj;
	struct t_task victim;
	const char *memcg_path;		/* NULL: no memcg nest */
	uint64_t mc_id, mc_usage, mc_max, mc_high, mc_swap, mc_swap_max;
	uint64_t mc_oom, mc_oom_kill;
	uint32_t tasks_stored, tasks_omitted;
	uint64_t tasks_omitted_rss;
	uint32_t tasks_unreadable, kthreads, cgroups_stored, cgroups_omitted;
	bool no_counts;			/* leave out TASKS/CGROUPS_STORED */
	const struct t_zone *zones;
	size_t nr_zones;
	/* meminfo: attribute i is sent when bit i of meminfo_set is set */
	uint64_t meminfo[OOMSNAP_MEMINFO_A_MAX + 1];
	uint32_t meminfo_set;
	const char *const *vm_names;
	const uint64_t *vm_values;
	size_t nr_vmstat;
	const char *release, *hostname;
	const char *boot_id;		/* NULL: not sent */
	uint64_t uptime_ns;
	/* Records of earlier boots: boot_bin NULL: no OOMSNAP_A_BOOT_ID. */
	const uint8_t *boot_bin;	/* 16 bytes */
	bool earlier_boot, acknowledged;
	bool panic;			/* OOMSNAP_A_PANIC, and no victim */
	bool panic_with_victim;		/* panic, victim sent anyway (bad) */
	bool has_lost_before;
	uint64_t lost_before;
	/* One snapshot per OOM call: OOMSNAP_A_VICTIMS when send_victims. */
	bool send_victims;		/* the victim, then group[] */
	bool victims_first_differs;	/* group[0] first instead (bad) */
	const struct t_task *group;
	size_t nr_group;
	bool has_victims_omitted;
	uint32_t victims_omitted;
	bool no_task_walk, tasks_dropped;
};

/* The standard snapshot: a global OOM on a 4 KiB page machine. */
extern const struct t_snap snap_global;
/* Its task table (4 rows) and cgroup table (2 entries). */
extern const struct t_task snap_rows[4];
extern const struct t_cgroup snap_cgroups[2];
#define SNAP_ROWS	4
#define SNAP_CGROUPS	2

/* Put a process nest's attributes into m (put_task_full()). */
void fx_put_task(struct nl_msg *m, const struct t_task *t);

/* The summary message of s (put_summary()).  nlmsg_free() it. */
struct nl_msg *fx_summary(const struct t_snap *s);

/* A continuation message: OOMSNAP_A_SEQ and n rows, or n cgroups. */
struct nl_msg *fx_task_chunk(uint64_t seq, const struct t_task *rows,
			     size_t n);
struct nl_msg *fx_cgroup_chunk(uint64_t seq, const struct t_cgroup *c,
			       size_t n);

#endif /* OSN_TEST_FIXTURE_H */
