/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nlclient.h - talk to the oomsnap kernel module over generic netlink
 * (libnl-3): open a socket, resolve the family, LIST and GET records.
 * Never prints.  Functions return 0 or a negative code: -EPERM, -ENOMEM,
 * or one of enum osn_err negated; osn_nl_step()/osn_nl_errmsg() then say
 * what failed and why.
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
};
/*
 * -EPERM: the kernel refused the request (CAP_NET_ADMIN is required).
 * -ENOMEM: out of memory in this process.
 */

struct osn_nl;

/*
 * Called once per record, in the order the kernel sent them.  rec is valid
 * only during the call.  Return 0 to go on, or a negative code to stop:
 * the LIST/GET call then returns that code.
 */
typedef int (*osn_record_cb)(const struct osn_record *rec, void *arg);

/* Allocate a client; NULL when out of memory. */
struct osn_nl *osn_nl_alloc(void);

/* Close the socket (if open) and free the client.  NULL is fine. */
void osn_nl_free(struct osn_nl *nl);

/* Open the generic netlink socket and resolve the oomsnap family. */
int osn_nl_connect(struct osn_nl *nl);

/* LIST (dump): every stored record, oldest first. */
int osn_nl_list(struct osn_nl *nl, osn_record_cb cb, void *arg);

/*
 * GET: the record with sequence number seq, or the newest one when
 * !has_seq.  -OSN_ENORECORD when there is no such record (or none at all).
 */
int osn_nl_get(struct osn_nl *nl, bool has_seq, uint64_t seq,
	       osn_record_cb cb, void *arg);

/* After a failure: the step that failed, e.g. "send the LIST request". */
const char *osn_nl_step(const struct osn_nl *nl);

/*
 * After a failure: why, e.g. "Permission denied", a libnl message, the
 * kernel's extack message when it sent one, or the decoder's reason.
 */
const char *osn_nl_errmsg(const struct osn_nl *nl);

#endif /* OSN_NLCLIENT_H */
