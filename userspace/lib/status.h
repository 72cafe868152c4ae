/* SPDX-License-Identifier: GPL-2.0 */
/*
 * status.h - the state of the oomsnap module's store (the reply to
 * OOMSNAP_CMD_STATUS, an OOMSNAP_A_STATUS nest): its decoder, and its
 * rendering as text and as JSON for `oomsnap status`; and the decoder of
 * the ACK reply.
 */
#ifndef OSN_STATUS_H
#define OSN_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>
#include <linux/netlink.h>

#include "oomsnap.h"
#include "record.h"

/* Longest re-initialisation reason this CLI accepts, NUL included. */
#define OSN_REINIT_LEN		256
/* Counters of what the module dropped (osn_status_dropped[]). */
#define OSN_STATUS_NR_DROPPED	11

struct osn_status {
	char version[OOMSNAP_NAME_LEN];
	bool persistent;		/* records survive warm reboots */
	struct osn_opt mem_address;	/* the region: physical address */
	struct osn_opt mem_size;	/* and size in bytes */
	bool has_mem_name;
	char mem_name[OOMSNAP_NAME_LEN];	/* reserve_mem name */
	uint32_t capacity;		/* records the store can index */
	uint32_t records;		/* records held */
	uint32_t unacked;		/* held, not acknowledged */
	uint32_t earlier_boot;		/* held, from earlier boots */
	uint64_t lost;			/* kills not stored */
	struct osn_opt lost_last_pid;	/* the last of them */
	bool has_lost_last_comm;
	char lost_last_comm[OOMSNAP_COMM_LEN];
	uint64_t corrupt;		/* corrupt or torn records skipped */
	bool overwrite;			/* policy: overwrite the oldest */
	bool has_reinit;
	char reinit[OSN_REINIT_LEN];	/* why the region was re-initialised */
	uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];	/* the current boot */
	/* The facts userspace handed in (SET_FACTS), indexed by enum
	 * oomsnap_meminfo_attr, and how long ago; !has_facts: none yet. */
	bool has_facts;
	struct osn_opt facts[OOMSNAP_MEMINFO_A_MAX + 1];
	uint64_t facts_age_ns;
	/*
	 * What the module dropped or did without since it was loaded
	 * (OOMSNAP_STATUS_A_OVERWRITTEN...; absent from older modules: has
	 * false), in the order of osn_status_dropped[].
	 */
	struct osn_opt dropped[OSN_STATUS_NR_DROPPED];
};

/* One counter of what was dropped: its attribute, JSON key and meaning. */
struct osn_status_counter {
	int attr;			/* OOMSNAP_STATUS_A_* */
	const char *key;		/* JSON key in "dropped" */
	const char *text;		/* `oomsnap status`: what it counts */
};

extern const struct osn_status_counter
	osn_status_dropped[OSN_STATUS_NR_DROPPED];

/*
 * Decode a STATUS reply (genl header + OOMSNAP_A_STATUS) into *out.
 * Required: the nest, VERSION, CAPACITY, RECORDS, UNACKED, EARLIER_BOOT,
 * LOST, CORRUPT, BOOT_ID; MEM_ADDRESS and MEM_SIZE when PERSISTENT;
 * FACTS_AGE_NS with FACTS.
 * Refused: a wrong size, a string not NUL-terminated within its maximum
 * length, more unacknowledged or earlier-boot records than records, a
 * newer protocol version.  Returns 0, or -EINVAL with the reason in *why
 * (if why).  Unknown attributes are ignored.
 */
int osn_status_parse(struct nlmsghdr *nlh, struct osn_status *out,
		     const char **why);

/*
 * Decode an ACK reply: OOMSNAP_A_ACKED (u32, records newly acknowledged),
 * required.  Returns 0, or -EINVAL with the reason in *why (if why).
 */
int osn_acked_parse(struct nlmsghdr *nlh, uint32_t *acked, const char **why);

/*
 * The JSON object of `oomsnap status --json`: version, persistent,
 * mem_address, mem_size_kb, mem_name, capacity, records, unacked,
 * earlier_boot, lost {count, last_pid, last_comm}, corrupt, policy
 * ("keep-oldest" | "overwrite-oldest"), reinit, boot_id, facts {age_ns,
 * swap_total_kb, hugepages_total, hugepages_free, overcommit_mode,
 * panic_on_oom} (null when none were handed in).  What the module did not
 * send is null.  A new reference, or NULL when out of memory.
 */
struct json_object *osn_status_to_json(const struct osn_status *st);

/*
 * The text of `oomsnap status`, one "name: value" line each.  Returns 0 or
 * a negative errno when writing to f failed.
 */
int osn_text_status(FILE *f, const struct osn_status *st);

#endif /* OSN_STATUS_H */
