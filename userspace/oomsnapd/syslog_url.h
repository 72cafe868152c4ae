/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syslog_url.h - where a syslog collector is, as the operator writes it:
 * udp://HOST[:PORT], tcp://..., tls://... or relp://..., HOST a name, an
 * IPv4 address or an IPv6 address in brackets.  Pure; never prints.
 */
#ifndef OSND_SYSLOG_URL_H
#define OSND_SYSLOG_URL_H

#include <stddef.h>

enum osnd_syslog_transport {
	OSND_SYSLOG_UDP,	/* RFC 5426, port 514 */
	OSND_SYSLOG_TCP,	/* RFC 6587 octet counting, port 514 */
	OSND_SYSLOG_TLS,	/* RFC 5425, port 6514 */
	OSND_SYSLOG_RELP,	/* rsyslog's RELP, port 2514 */
};

struct osnd_syslog_url {
	enum osnd_syslog_transport transport;
	char host[256];		/* without the brackets of an IPv6 address */
	char port[8];		/* decimal, 1-65535; the default if none */
};

/*
 * Parse url into *u.  The scheme is case-insensitive; nothing may follow
 * the port (no path, query, fragment or user info).  Returns 0, or
 * -EINVAL with a reason the operator can act on in why (size bytes), e.g.
 * "'ftp' is not a syslog transport (use udp://, tcp://, tls:// or
 * relp://)".
 */
int osnd_syslog_parse_url(const char *url, struct osnd_syslog_url *u,
			  char *why, size_t size);

/* "udp", "tcp", "tls", "relp"; "?" for a value out of range. */
const char *osnd_syslog_transport_name(enum osnd_syslog_transport t);

#endif /* OSND_SYSLOG_URL_H */
