/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syslog_target.h - the remote syslog targets of oomsnapd (--syslog URL,
 * repeatable): each archive file, oldest first, as one RFC 5424 message
 * (syslog_format.h) to a collector over udp://, tcp:// (RFC 6587 octet
 * counting), tls:// (RFC 5425) or relp:// (rsyslog's RELP), each URL a
 * target of targets.h with its own cursor, "syslog-<url>".
 *
 * What each transport promises (a delivery that fails is tried again
 * from the cursor after retry-interval, so a collector that was down
 * receives everything, in order, when it is back):
 *   relp  a record counts as delivered only once the server acknowledged
 *         it: none lost; sent twice only when a session breaks between
 *         the server taking it and its answer arriving.
 *   tcp,  before a connection is reused it is checked (a collector that
 *   tls   closed it, e.g. restarted, gets a new one first), and a record
 *         counts as delivered once the collector's TCP acknowledged every
 *         byte (the send queue is empty).  What a collector took but
 *         never wrote (it crashed) is lost; a connection that breaks
 *         meanwhile has the record sent again (maybe a duplicate).
 *   udp   one datagram each, no acknowledgement: a collector that is down
 *         is noticed only by the ICMP error it sends back (the record
 *         that drew it may be lost; the next is retried).
 * Each delivery is bounded by syslog-timeout (relp: see syslog_relp.c).
 */
#ifndef OSND_SYSLOG_TARGET_H
#define OSND_SYSLOG_TARGET_H

struct osnd_config;

/*
 * Add the syslog target of url with cfg's syslog settings.  The TLS files
 * are not loaded here: osnd_config_check() (at every start, before the
 * targets exist) loads them once and refuses bad ones, and each connect
 * loads them again (so renewed certificates are used).  0 or -errno,
 * logged: -EINVAL for a bad URL, -EEXIST for a URL given twice, -ENOSPC
 * when there are too many targets.
 */
int osnd_syslog_add(const struct osnd_config *cfg, const char *url);

/*
 * End every syslog connection cleanly (at exit).  The targets stay: the
 * next delivery connects again.
 */
void osnd_syslog_close(void);

/*
 * osnd_syslog_close() and forget every syslog target: only together
 * with osnd_targets_clear(), which forgets the targets that use them.
 */
void osnd_syslog_clear(void);

#endif /* OSND_SYSLOG_TARGET_H */
