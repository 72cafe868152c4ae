/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syslog_tls.h - TLS for the syslog target (tls://, RFC 5425) with GnuTLS,
 * over a socket syslog_net.c connected: the client side of the handshake,
 * the check of the server's certificate (signed by the CA of syslog-ca,
 * or by one of the system's trusted CAs when syslog-ca is not set, and
 * naming the host of the URL), an optional client certificate
 * (syslog-cert and syslog-key), and the file check of --check-config.
 * Never prints; returns -errno with the reason in a buffer.
 */
#ifndef OSND_SYSLOG_TLS_H
#define OSND_SYSLOG_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The certificate files; NULL or "" for one that is not set. */
struct osnd_tls_files {
	const char *ca;		/* PEM CA certificates; unset: system trust */
	const char *cert;	/* PEM client certificate (chain) */
	const char *key;	/* its PEM private key, not encrypted */
};

struct osnd_tls;

/*
 * Load ca, cert and key with GnuTLS as the target does (any may be NULL
 * or "").  0, or -errno with a reason an operator can act on in why, e.g.
 * "cannot read CA file X: Permission denied", "X holds no PEM
 * certificate", "the key Y does not match the certificate X".
 */
int osnd_tls_check_files(const char *ca, const char *cert, const char *key,
			 char *why, size_t size);

/*
 * A TLS session as client over connected socket fd (non-blocking), the
 * handshake done before the deadline and the server certificate verified
 * against host (a name or an IP address).  0 and *out, or -errno with the
 * reason in why: -EKEYREJECTED when the server certificate failed
 * verification, -EPROTO for another TLS failure, -ETIMEDOUT.  fd stays
 * the caller's: osnd_tls_close() does not close it.
 */
int osnd_tls_open(struct osnd_tls **out, int fd, const char *host,
		  const struct osnd_tls_files *files, int64_t deadline,
		  char *why, size_t size);

/* Send all of buf as TLS records before the deadline: 0 or -errno. */
int osnd_tls_send_all(struct osnd_tls *t, const void *buf, size_t len,
		      int64_t deadline);

/*
 * Is the session still open?  0: yes; -EPIPE: the server closed it (or
 * its connection); another -errno when it broke.  TLS messages the server
 * sent meanwhile (TLS 1.3 session tickets) are processed, data dropped.
 */
int osnd_tls_alive(struct osnd_tls *t);

/*
 * End the session: graceful sends the TLS close_notify (without waiting
 * for the server's); then free it.  NULL is fine.
 */
void osnd_tls_close(struct osnd_tls *t, bool graceful);

#endif /* OSND_SYSLOG_TLS_H */
