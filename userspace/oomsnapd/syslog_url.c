// SPDX-License-Identifier: GPL-2.0
/*
 * syslog_url.c - parse a syslog collector's URL (syslog_url.h): the
 * scheme names the transport, then HOST[:PORT] and nothing else.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "syslog_url.h"

static const struct {
	const char *name;
	const char *port;
} transports[] = {
	[OSND_SYSLOG_UDP] = { "udp", "514" },
	[OSND_SYSLOG_TCP] = { "tcp", "514" },
	[OSND_SYSLOG_TLS] = { "tls", "6514" },
	[OSND_SYSLOG_RELP] = { "relp", "2514" },
};

#define NTRANSPORTS	(sizeof(transports) / sizeof(transports[0]))
#define USE		"use udp://, tcp://, tls:// or relp://"

const char *osnd_syslog_transport_name(enum osnd_syslog_transport t)
{
	return (unsigned int)t < NTRANSPORTS ? transports[t].name : "?";
}

static int __attribute__((format(printf, 3, 4)))
fail(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A host name (RFC 1123 letters, digits, '-', '.'; '_' as in the wild). */
static bool name_ok(const char *s, size_t len)
{
	size_t i;

	if (len > 253 || s[0] == '.' || s[0] == '-')
		return false;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._", s[i]))
			return false;
	return true;
}

/* HOST: "[v6]", or a name or IPv4 address, up to ':' or the end. */
static int parse_host(const char *s, const char **end,
		      struct osnd_syslog_url *u, char *why, size_t size)
{
	const char *e;
	size_t len;
	char a[sizeof(struct in6_addr)];

	if (*s == '[') {
		e = strchr(s, ']');
		if (!e)
			return fail(why, size, "'%s': an IPv6 address needs "
				    "its closing ']'", s);
		len = e - s - 1;
		if (!len || len >= sizeof(u->host))
			return fail(why, size, "'%s' is not an IPv6 address",
				    s);
		memcpy(u->host, s + 1, len);
		u->host[len] = '\0';
		if (inet_pton(AF_INET6, u->host, a) != 1)
			return fail(why, size, "'%s' is not an IPv6 address",
				    u->host);
		*end = e + 1;
		return 0;
	}
	len = strcspn(s, ":/?#@[]");
	e = memchr(s, ':', strcspn(s, "/?#"));
	if (e && memchr(e + 1, ':', strcspn(e + 1, "/?#")))
		return fail(why, size, "'%s' looks like an IPv6 address: "
			    "write it in brackets, e.g. [2001:db8::1]:514", s);
	if (!len)
		return fail(why, size, "the syslog URL has no host (write "
			    "udp://HOST[:PORT])");
	if (len >= sizeof(u->host))
		return fail(why, size, "the host name '%.40s...' is too long",
			    s);
	memcpy(u->host, s, len);
	u->host[len] = '\0';
	if (!name_ok(u->host, len))
		return fail(why, size, "'%s' is not a host name or address",
			    u->host);
	/* All digits and dots: it must be a whole IPv4 address. */
	if (strspn(u->host, "0123456789.") == len &&
	    inet_pton(AF_INET, u->host, a) != 1)
		return fail(why, size, "'%s' is not an IPv4 address",
			    u->host);
	*end = s + len;
	return 0;
}

/* ":PORT" at s, 1-65535, decimal; "" keeps the default. */
static int parse_port(const char *s, struct osnd_syslog_url *u, char *why,
		      size_t size)
{
	unsigned long v = 0;
	const char *p;
	size_t n;

	if (!*s)
		return 0;
	if (*s != ':') {
		if (strchr("/?#", *s))
			return fail(why, size, "a syslog URL has no path, "
				    "query or fragment: remove '%s'", s);
		return fail(why, size, "unexpected '%s' after the host "
			    "(write udp://HOST[:PORT])", s);
	}
	s++;
	n = strspn(s, "0123456789");
	if (!n && !*s)
		return fail(why, size, "the port after ':' is missing");
	if (s[n]) {
		if (n && strchr("/?#", s[n]))
			return fail(why, size, "a syslog URL has no path, "
				    "query or fragment: remove '%s'", s + n);
		return fail(why, size, "the port '%s' is not a number "
			    "from 1 to 65535", s);
	}
	for (p = s; *p && v <= 65535; p++)
		v = v * 10 + (*p - '0');
	if (!v || v > 65535)
		return fail(why, size, "the port %s is out of range (1 to "
			    "65535)", s);
	snprintf(u->port, sizeof(u->port), "%lu", v);
	return 0;
}

int osnd_syslog_parse_url(const char *url, struct osnd_syslog_url *u,
			  char *why, size_t size)
{
	const char *sep, *rest;
	size_t len, i;
	int err;

	if (!url || !*url)
		return fail(why, size, "the syslog URL is empty (write "
			    "udp://HOST[:PORT])");
	sep = strstr(url, "://");
	if (!sep)
		return fail(why, size, "'%s' is not a syslog URL (write "
			    "udp://HOST[:PORT]; or tcp://, tls://, relp://)",
			    url);
	len = sep - url;
	for (i = 0; i < NTRANSPORTS; i++)
		if (strlen(transports[i].name) == len &&
		    !strncasecmp(url, transports[i].name, len))
			break;
	if (i == NTRANSPORTS) {
		return fail(why, size, "'%.*s' is not a syslog transport ("
			    USE ")", len > 32 ? 32 : (int)len, url);
	}
	memset(u, 0, sizeof(*u));
	u->transport = i;
	snprintf(u->port, sizeof(u->port), "%s", transports[i].port);
	rest = sep + 3;
	if (strchr(rest, '@'))
		return fail(why, size, "'%s': a syslog URL has no user "
			    "info (nothing before '@')", url);
	err = parse_host(rest, &rest, u, why, size);
	if (err)
		return err;
	return parse_port(rest, u, why, size);
}
