/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oomsnap_internal.h - the interfaces between the module's parts:
 * capture.c (the OOM hooks), snapshot.c (machine-wide state), tasks.c (the
 * task table), facts.c (what userspace hands in: boot id, swap, huge
 * pages, vm sysctls), store.c
 * (the record store), genl.c (the generic netlink family) and main.c (load
 * and unload).
 */
#ifndef _OOMSNAP_INTERNAL_H
#define _OOMSNAP_INTERNAL_H

#include <linux/sched.h>
#include <linux/string.h>
#include "record.h"
#include "region_format.h"

struct oom_control;

/* store.c */
struct oomsnap_store_params {
	u64 mem_address;
	u64 mem_size;
	const char *mem_name;
	size_t buffer_size;	/* volatile mode */
	size_t record_max;	/* the largest record max_tasks allows */
	unsigned int max_records;
	bool overwrite;
	bool mem_init;		/* a region without a header may be formatted */
};

/* A held record, as readers see it. */
struct oomsnap_store_meta {
	u64 rid;		/* identity while held */
	u64 seq;
	u64 lost_before;
	u64 body_len;
	u32 flags;		/* OSR_F_* */
	u8 boot_id[OOMSNAP_BOOT_ID_BYTES];
	bool earlier_boot;
	bool readable;		/* body in this module's layout */
};

struct oomsnap_store_status {
	bool persistent;
	bool overwrite;
	u64 mem_address;
	u64 mem_size;
	const char *mem_name;
	u32 capacity;
	u32 records;
	u32 unacked;
	u32 earlier_boot;
	u64 lost;
	u32 lost_last_pid;
	char lost_last_comm[OOMSNAP_COMM_LEN];
	u64 corrupt;
	u32 index_full;		/* valid records dropped at load: index full */
	u64 overwritten;	/* unacknowledged records overwritten */
	char reinit[96];
	u8 boot_id[OOMSNAP_BOOT_ID_BYTES];
};

int oomsnap_store_init(const struct oomsnap_store_params *p);
void oomsnap_store_exit(void);
/* One piece of a record body after its struct oomsnap_record. */
struct oomsnap_part {
	const void *p;
	size_t len;
};

int oomsnap_store_commit(struct oomsnap_record *hdr,
			 const struct oomsnap_part *parts, unsigned int nparts,
			 u32 flags, u64 *rid);
bool oomsnap_store_fits(size_t body_len, u32 flags);
void oomsnap_store_count_lost(u64 n, u32 pid, const char *comm);
void oomsnap_store_discard(u64 rid);
int oomsnap_store_lookup(const u8 *boot_id, u64 seq,
			 struct oomsnap_store_meta *m);
int oomsnap_store_next(u64 after_rid, struct oomsnap_store_meta *m);
int oomsnap_store_read(u64 rid, u64 off, void *dst, size_t len);
int oomsnap_store_ack(const u8 *boot_id, u64 seq);
u32 oomsnap_store_ack_all(void);
void oomsnap_store_status(struct oomsnap_store_status *out);
u64 oomsnap_store_last_seq(void);
u64 oomsnap_store_generation(void);

/* snapshot.c */
void oomsnap_snapshot_machine(struct oomsnap_record *rec,
			      const struct oom_control *oc);
u64 oomsnap_oom_kill_count(void);

/* tasks.c */
int oomsnap_tasks_init(unsigned int max_tasks, unsigned int max_cgroups);
void oomsnap_tasks_exit(void);
void oomsnap_snapshot_tasks(struct oomsnap_record *rec,
			    const struct oom_control *oc,
			    const struct task_struct *victim);
struct oomsnap_task_info *oomsnap_tasks_rows(void);
struct oomsnap_cgroup_ent *oomsnap_tasks_cgroups(void);

/* cgroup_path.c */
struct cgroup;
int oomsnap_cgroup_path(struct cgroup *cgrp, char *buf, size_t len);

/* facts.c */
/* The meminfo attributes userspace hands in (OOMSNAP_CMD_SET_FACTS). */
#define OOMSNAP_FACTS_MASK (BIT(OOMSNAP_MEMINFO_A_SWAP_TOTAL) |		\
			    BIT(OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL) |	\
			    BIT(OOMSNAP_MEMINFO_A_HUGEPAGES_FREE) |	\
			    BIT(OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE) |	\
			    BIT(OOMSNAP_MEMINFO_A_PANIC_ON_OOM))
int oomsnap_facts_init(const char *boot_id_param);
void oomsnap_facts_set(const struct oomsnap_meminfo *m);
bool oomsnap_facts_read(struct oomsnap_meminfo *m, u64 *age_ns);
bool oomsnap_facts_panic_possible(void);
void oomsnap_boot_id(char *dst);
bool oomsnap_have_boot_id(void);

/* capture.c */
/* True from the panic notifier on: the OOM path then only trylocks. */
extern bool oomsnap_panicking;
int oomsnap_capture_init(bool persistent);
void oomsnap_capture_exit(void);

/* What the OOM path dropped or did without, since load (STATUS). */
struct oomsnap_capture_counters {
	u64 victims_unpaired;	/* victims seen outside an out_of_memory() */
	u64 records_unstored;	/* records not stored: no room */
	u64 probe_missed;	/* out_of_memory() calls the kretprobe missed */
	u64 provisional_discarded;	/* provisional records not needed */
	u64 provisional_unstored;	/* provisional records without room */
	u64 walks_skipped;	/* exiting-task marks past the rate limit */
	u64 victims_omitted;	/* victims past OOMSNAP_MAX_VICTIMS */
	u64 rows_dropped;	/* records stored without their task table */
};

void oomsnap_capture_counters(struct oomsnap_capture_counters *c);

/* genl.c */
int oomsnap_genl_init(void);
void oomsnap_genl_exit(void);
void oomsnap_genl_announce(void);

/*
 * Any context.  Copies @task->comm without task_lock(): get_task_comm()
 * would lock, which the mark_victim probe must not.  A racing rename can
 * only mix old and new bytes; the result is always terminated.
 */
static inline void oomsnap_copy_comm(char *dst, const struct task_struct *task)
{
	BUILD_BUG_ON(sizeof(task->comm) != OOMSNAP_COMM_LEN);
	memcpy(dst, task->comm, OOMSNAP_COMM_LEN);
	dst[OOMSNAP_COMM_LEN - 1] = '\0';
}

#endif /* _OOMSNAP_INTERNAL_H */
