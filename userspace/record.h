/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record.h - the userspace model of one OOM kill record and its decoder
 * from an oomsnap generic netlink message (see include/oomsnap.h).
 */
#ifndef OSN_RECORD_H
#define OSN_RECORD_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "oomsnap.h"

/* The task that invoked the OOM killer. */
struct osn_trigger {
	uint32_t pid;
	uint32_t tgid;
	char comm[OOMSNAP_COMM_LEN];
	int32_t oom_score_adj;
};

/* The task the kernel killed: the fields of its "Killed process" line. */
struct osn_victim {
	uint32_t pid;
	uint32_t tgid;
	char comm[OOMSNAP_COMM_LEN];
	uint32_t uid;
	uint64_t total_vm_pages;
	uint64_t rss_anon_pages;
	uint64_t rss_file_pages;
	uint64_t rss_shmem_pages;
	uint64_t pgtables_bytes;
	int32_t oom_score_adj;
};

struct osn_record {
	uint64_t seq;
	uint64_t time_ns;		/* since the epoch, UTC */
	uint32_t kind;			/* enum oomsnap_kind, known value */
	uint32_t page_size;		/* power of two, >= 1024 */
	uint32_t gfp_mask;
	int32_t order;			/* -1 for sysrq */
	struct osn_trigger trigger;
	struct osn_victim victim;
	bool has_memcg;			/* true iff kind == OOMSNAP_KIND_MEMCG */
	char memcg_path[OOMSNAP_PATH_LEN];
};

/*
 * Decode one record message (genl header + record attributes).  Returns 0,
 * or -EINVAL when the message is not a complete, valid record: a required
 * attribute missing or of the wrong size, an unknown kind, a bad page size,
 * a string not NUL-terminated within its maximum length, a MEMCG nest on a
 * non-memcg record or none on a memcg one, a newer protocol version.  *out
 * is then unspecified.  Attributes this CLI does not know are ignored.
 */
int osn_record_parse(struct nlmsghdr *nlh, struct osn_record *out);

/* As osn_record_parse(); on -EINVAL *why (if why) names the reason. */
int osn_record_parse_why(struct nlmsghdr *nlh, struct osn_record *out,
			 const char **why);

#endif /* OSN_RECORD_H */
