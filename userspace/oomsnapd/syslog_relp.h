/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syslog_relp.h - the relp:// syslog target's client, with librelp: each
 * message is reported sent only after the server acknowledged it (see
 * syslog_relp.c for how that is made sure).  Never prints; returns -errno
 * with the reason in a buffer.
 */
#ifndef OSND_SYSLOG_RELP_H
#define OSND_SYSLOG_RELP_H

#include <stddef.h>
#include <stdint.h>

struct osnd_relp;

/*
 * A client of the RELP server at host port port, each wait of librelp
 * bounded by timeout_s seconds.  Nothing is connected yet.  0 and *out,
 * or -ENOMEM.
 */
int osnd_relp_new(struct osnd_relp **out, const char *host, const char *port,
		  uint64_t timeout_s);

/*
 * Send msg (len octets, no framing: RELP frames it) to the server.
 * 0 only when the server acknowledged it; -errno with the reason in why
 * otherwise (-ECONNREFUSED, -ETIMEDOUT, -ECONNRESET, -EHOSTUNREACH,
 * -EPROTO), the message then possibly received: send it again.
 */
int osnd_relp_send(struct osnd_relp *r, const char *msg, size_t len,
		   char *why, size_t size);

/* Free r (NULL is fine). */
void osnd_relp_free(struct osnd_relp *r);

#endif /* OSND_SYSLOG_RELP_H */
