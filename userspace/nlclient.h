/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlclient.h - talk to the oomsnap kernel module over generic netlink
 * (libnl-3): open a socket, resolve the family, LIST record summaries, GET
 * one summary or one whole record (a GET dump, assembled).  Never prints.
 * Functions return 0 or a negative code: -EPERM, -ENOMEM, or one of enum
 * osn_err negated; osn_nl_step()/osn_nl_errmsg() then say what failed and
 * why.
 */
#ifndef OSN_NLCLIENT_H
#define OSN_NLCLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "record.h"

/* Error codes outside errno's range; returned negated (-OSN_ENOFAMILY). */
enum osn_err {
	OSN_ENOFAMILY = 4096,	/* family OOMSNAP_GENL_NAME not registered */
	OSN_ENORECORD,		/* GET: the kernel has no such record */
	OSN_EDECODE,		/* a reply could not be decoded as a record */
	OSN_ENETLINK,		/* any other netlink failure */
	OSN_EOVERWRITTEN,	/* GET dump: the record was overwritten in
				 * the kernel while it was being read */
};
/*
 * -EPERM: the kernel refused the request (CAP_NET_ADMIN is required).
 * -ENOMEM: out of memory in this process.
 */

struct osn_nl;

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

/* LIST (dump): every stored record, oldest first. */
int osn_nl_list(struct osn_nl *nl, osn_record_cb cb, void *arg);

/*
 * GET: the summary of the record with sequence number seq, or of the newest
 * one when !has_seq.  -OSN_ENORECORD when there is no such record (or none
 * at all).
 */
int osn_nl_get(struct osn_nl *nl, bool has_seq, uint64_t seq,
	       osn_record_cb cb, void *arg);

/*
 * GET dump: the whole record (summary, task table, cgroup table) with
 * sequence number seq, or the newest one when !has_seq, assembled into
 * *out (osn_record_free() it; untouched on failure).  -OSN_ENORECORD as
 * osn_nl_get(); -OSN_EOVERWRITTEN when the kernel overwrote the record
 * while sending it (asking again reads the current one); -OSN_EDECODE when
 * the messages do not make one consistent record.  A module that has no
 * GET dump (an older one) is asked for the summary instead: out->has_tables
 * is then false.
 */
int osn_nl_get_record(struct osn_nl *nl, bool has_seq, uint64_t seq,
		      struct osn_record *out);

/* After a failure: the step that failed, e.g. "send the LIST request". */
const char *osn_nl_step(const struct osn_nl *nl);

/*
 * After a failure: why, e.g. "Permission denied", a libnl message, the
 * kernel's extack message when it sent one, or the decoder's reason.
 */
const char *osn_nl_errmsg(const struct osn_nl *nl);

#endif /* OSN_NLCLIENT_H */
