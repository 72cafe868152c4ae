/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlclient.h - talk to the oomsnap kernel module over generic netlink
 * (libnl-3): open a socket, resolve the family, LIST record summaries
 * (strictly, or tolerating records that do not decode), GET
 * one summary or one whole record (a GET dump, assembled), STATUS, ACK,
 * and subscribe to the notifications of new records.  Never prints.
 * Functions return 0 or a negative code: -EPERM, -ENOMEM, or one of enum
 * osn_err negated; osn_nl_step()/osn_nl_errmsg() then say what failed and
 * why.
 */
#ifndef OSN_NLCLIENT_H
#define OSN_NLCLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "record.h"
#include "status.h"

/* Error codes outside errno's range; returned negated (-OSN_ENOFAMILY). */
enum osn_err {
	OSN_ENOFAMILY = 4096,	/* family OOMSNAP_GENL_NAME not registered */
	OSN_ENORECORD,		/* GET: the kernel has no such record */
	OSN_EDECODE,		/* a reply could not be decoded as a record */
	OSN_ENETLINK,		/* any other netlink failure */
	OSN_EOVERWRITTEN,	/* GET dump: the record was overwritten in
				 * the kernel while it was being read */
	OSN_EUNSUPPORTED,	/* the module does not know the command
				 * (an older module) */
	OSN_ELOST,		/* notifications were lost (ENOBUFS) */
	OSN_EINTERRUPTED,	/* LIST: every attempt was interrupted by
				 * records leaving the store */
	OSN_EPROTOVER,		/* connect: the family's version is not
				 * OOMSNAP_GENL_VERSION (the message says
				 * both, and which side to upgrade) */
};
/*
 * -EPERM: the kernel refused the request (CAP_NET_ADMIN is required).
 * -ENOMEM: out of memory in this process.
 */

struct osn_nl;
struct nl_msg;
struct osn_facts;

/*
 * Which record(s) a GET or ACK means.  GET: has_seq false means the newest
 * record; has_boot_id false means the current boot.  ACK: seq and boot id
 * (both), or ack_all alone.
 */
struct osn_target {
	bool has_seq;
	uint64_t seq;
	bool has_boot_id;
	uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];
	bool ack_all;
};

/*
 * Called once per record, in the order the kernel sent them.  rec is freed
 * after the call unless the callback takes it with osn_record_move().
 * Return 0 to go on, or a negative code to stop: the LIST/GET call then
 * returns that code.
 */
typedef int (*osn_record_cb)(struct osn_record *rec, void *arg);

/* Allocate a client; NULL when out of memory. */
struct osn_nl *osn_nl_alloc(void);

/* Close the socket (if open) and free the client.  NULL is fine. */
void osn_nl_free(struct osn_nl *nl);

/* Open the generic netlink socket and resolve the oomsnap family. */
int osn_nl_connect(struct osn_nl *nl);

/*
 * The advice of -OSN_EPROTOVER for a module whose family has version
 * kernel_ver and module version module_version (/sys/module/oomsnap/
 * version, or NULL): both versions, and which to upgrade.  Length, or
 * -ENOSPC.
 */
int osn_nl_proto_mismatch(unsigned int kernel_ver, const char *module_version,
			  char *buf, size_t size);

/*
 * LIST (dump): every stored record, oldest first.  A record that does not
 * decode fails the whole call with -OSN_EDECODE (osn_nl_list_tolerant()
 * goes on instead).  The callbacks see one consistent list: a dump the
 * kernel flags as interrupted (a record evicted or acknowledged while it
 * ran) is discarded and asked again; after 5 such attempts the call fails
 * with -OSN_EINTERRUPTED and no callback was called.
 */
int osn_nl_list(struct osn_nl *nl, osn_record_cb cb, void *arg);

/* A LIST entry that could not be decoded: what is known of it and why. */
struct osn_undecodable {
	bool has_seq;
	uint64_t seq;
	bool has_boot_id;
	uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];
	char why[128];
};
typedef int (*osn_bad_record_cb)(const struct osn_undecodable *u, void *arg);
/* LIST, as osn_nl_list(), but a message that does not decode is passed to
 * bad (with its seq and boot id when those attributes themselves decode)
 * and the dump goes on; bad returning non-zero stops.  bad may be NULL
 * (such records are then skipped silently: callers should not do that). */
int osn_nl_list_tolerant(struct osn_nl *nl, osn_record_cb cb,
			 osn_bad_record_cb bad, void *arg);

/*
 * What osn_nl_list_tolerant() does with one message of the LIST reply,
 * without a socket (for the unit tests and the fuzzer): decode nlh and
 * pass the record to cb, or, when it does not decode, fill an
 * osn_undecodable (seq and boot id when OOMSNAP_A_SEQ is a u64 and
 * OOMSNAP_A_BOOT_ID 16 bytes, found even among malformed attributes up to
 * the first malformed one) and pass it to bad.  Returns 0 to go on;
 * -ENOMEM; or what cb or bad returned to stop (negative; a positive value
 * is returned as -EINVAL).
 */
int osn_nl_list_msg(struct nlmsghdr *nlh, osn_record_cb cb,
		    osn_bad_record_cb bad, void *arg);

/*
 * Build the request message of cmd for family: the genl header (version
 * OOMSNAP_GENL_VERSION) with nlmsg flags, then from t (NULL: none)
 * OOMSNAP_A_SEQ (u64), OOMSNAP_A_BOOT_ID (16 bytes), OOMSNAP_A_ACK_ALL
 * (flag), each when set.  Returns 0 with *out to nlmsg_free(), or -ENOMEM.
 */
int osn_nl_build_request(int family, uint8_t cmd, int flags,
			 const struct osn_target *t, struct nl_msg **out);

/*
 * GET: the summary of the record t names (NULL: the newest).
 * -OSN_ENORECORD when there is no such record (or none at all).
 */
int osn_nl_get(struct osn_nl *nl, const struct osn_target *t,
	       osn_record_cb cb, void *arg);

/*
 * GET dump: the whole record (summary, task table, cgroup table) t names
 * (NULL: the newest), assembled into
 * *out (osn_record_free() it; untouched on failure).  -OSN_ENORECORD as
 * osn_nl_get(); -OSN_EOVERWRITTEN when the kernel overwrote the record
 * while sending it (asking again reads the current one); -OSN_EDECODE when
 * the messages do not make one consistent record.  A module that has no
 * GET dump (an older one) is asked for the summary instead: out->has_tables
 * is then false.
 */
int osn_nl_get_record(struct osn_nl *nl, const struct osn_target *t,
		      struct osn_record *out);

/*
 * STATUS: the state of the store, into *out.  -OSN_EUNSUPPORTED from a
 * module without the command; -OSN_EDECODE for a reply that does not
 * decode.
 */
int osn_nl_status(struct osn_nl *nl, struct osn_status *out);

/*
 * ACK: mark the record t names (seq and boot id), or every record
 * (t->ack_all), as safely stored elsewhere; *acked is how many records
 * were newly acknowledged.  -OSN_ENORECORD for an unknown record;
 * -OSN_EUNSUPPORTED from a module without the command.
 */
int osn_nl_ack(struct osn_nl *nl, const struct osn_target *t,
	       uint32_t *acked);

/*
 * SET_FACTS: hand the module the facts it cannot read itself (facts.h);
 * they replace what it had, and the facts f lacks become unknown.
 * -OSN_EUNSUPPORTED from a module without the command; -EPERM without
 * CAP_NET_ADMIN.
 */
int osn_nl_set_facts(struct osn_nl *nl, const struct osn_facts *f);

/*
 * The SET_FACTS request for family: the genl header, NLM_F_ACK, and an
 * OOMSNAP_A_MEMINFO nest with each fact f has (u64).  0 with *out to
 * nlmsg_free(), or -ENOMEM.
 */
int osn_nl_build_facts(int family, const struct osn_facts *f,
		       struct nl_msg **out);

/*
 * Make a connected client a subscriber: join multicast group
 * OOMSNAP_MCGRP_RECORDS and nlctrl's "notify" group (to learn that the
 * module went away), with libnl's sequence checking off.  Use a separate
 * client for requests.  -OSN_EUNSUPPORTED when the family has no such
 * group.
 */
int osn_nl_subscribe(struct osn_nl *nl);

/* The socket's file descriptor, for poll(); -1 when not connected. */
int osn_nl_fd(const struct osn_nl *nl);

/* Called once per NEW_RECORD notification; non-zero stops (returned). */
typedef int (*osn_event_cb)(uint64_t seq, void *arg);

/*
 * Read every notification already queued on a subscriber (never blocks)
 * and call cb for each new record.  Returns 0 when the queue is empty;
 * -OSN_ELOST when the kernel dropped notifications (socket buffer full:
 * catch up with LIST, then go on reading); -OSN_ENOFAMILY when the module
 * was unloaded; -OSN_EDECODE for a malformed notification.
 */
int osn_nl_read_events(struct osn_nl *nl, osn_event_cb cb, void *arg);

/*
 * Is the family this client resolved still registered (with the same
 * id)?  0 when it is; -OSN_ENOFAMILY when the module went away or was
 * reloaded; another code when asking failed.
 */
int osn_nl_check_family(struct osn_nl *nl);

/* After a failure: the step that failed, e.g. "send the LIST request". */
const char *osn_nl_step(const struct osn_nl *nl);

/*
 * After a failure: why, e.g. "Permission denied", a libnl message, the
 * kernel's extack message when it sent one, or the decoder's reason.
 */
const char *osn_nl_errmsg(const struct osn_nl *nl);

#endif /* OSN_NLCLIENT_H */
