// SPDX-License-Identifier: GPL-2.0
/*
 * syslog_tls.c - GnuTLS client sessions for the tls:// syslog target:
 * the credentials (CA file or the system trust store, client certificate
 * and key), the non-blocking handshake with a deadline, the verification
 * of the server certificate and its name (gnutls_session_set_verify_cert),
 * and reasons an operator can act on when any of it fails.  The
 * credentials are loaded again for each connection, so a renewed
 * certificate is used without a restart.
 */
#define _GNU_SOURCE		/* POLLRDHUP */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "syslog_net.h"
#include "syslog_tls.h"

/* After a handshake that asked for a client certificate: 50 ms + 4 RTT. */
#define SETTLE_MIN_MS	50
#define SETTLE_MAX_MS	1000

struct osnd_tls {
	gnutls_session_t s;
	gnutls_certificate_credentials_t cred;
	int fd;
	char alert[64];		/* the last fatal alert the server sent */
};

static bool set(const char *s)
{
	return s && *s;
}

/* Can path be opened for reading?  0, or -errno with why. */
static int readable(const char *what, const char *path, const char *key,
		    char *why, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY), err;

	if (fd >= 0) {
		close(fd);
		return 0;
	}
	err = -errno;
	snprintf(why, size, "cannot read %s %s: %s; check %s", what, path,
		 strerror(-err), key);
	return err;
}

/* How many PEM certificates path holds (0: none), or a GnuTLS error. */
static int count_certs(const char *path)
{
	gnutls_x509_crt_t *crts;
	gnutls_datum_t data;
	unsigned int n = 0, i;
	int r;

	r = gnutls_load_file(path, &data);
	if (r < 0)
		return r;
	r = gnutls_x509_crt_list_import2(&crts, &n, &data, GNUTLS_X509_FMT_PEM,
					 0);
	gnutls_free(data.data);
	if (r == GNUTLS_E_NO_CERTIFICATE_FOUND ||
	    r == GNUTLS_E_BASE64_DECODING_ERROR ||
	    r == GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR)
		return 0;
	if (r < 0)
		return r;
	for (i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	gnutls_free(crts);
	return (int)n;
}

static int load_ca(gnutls_certificate_credentials_t cred, const char *ca,
		   char *why, size_t size)
{
	int err, n;

	if (!set(ca)) {
		n = gnutls_certificate_set_x509_system_trust(cred);
		if (n < 0) {
			snprintf(why, size, "cannot load the system's trusted "
				 "CA certificates: %s; set syslog-ca to the CA "
				 "file that signed the collector's certificate",
				 gnutls_strerror(n));
			return -EIO;
		}
		if (!n) {
			snprintf(why, size, "the system trust store holds no CA "
				 "certificate; install the CA certificates "
				 "(ca-certificates) or set syslog-ca");
			return -ENOENT;
		}
		return 0;
	}
	err = readable("CA file", ca, "syslog-ca", why, size);
	if (err)
		return err;
	n = gnutls_certificate_set_x509_trust_file(cred, ca,
						   GNUTLS_X509_FMT_PEM);
	if (n < 0) {
		snprintf(why, size, "cannot load CA file %s: %s; syslog-ca must "
			 "be PEM certificates (-----BEGIN CERTIFICATE-----)",
			 ca, gnutls_strerror(n));
		return -EINVAL;
	}
	if (!n) {
		snprintf(why, size, "CA file %s holds no PEM certificate; "
			 "syslog-ca must be PEM certificates (-----BEGIN "
			 "CERTIFICATE-----)", ca);
		return -EINVAL;
	}
	return 0;
}

static int load_client(gnutls_certificate_credentials_t cred,
		       const char *cert, const char *key, char *why,
		       size_t size)
{
	int err, n;

	if (!set(cert) && !set(key))
		return 0;
	if (!set(cert) || !set(key)) {
		snprintf(why, size, "%s is set but %s is not: a client "
			 "certificate needs both syslog-cert and syslog-key",
			 set(cert) ? "syslog-cert" : "syslog-key",
			 set(cert) ? "syslog-key" : "syslog-cert");
		return -EINVAL;
	}
	err = readable("certificate file", cert, "syslog-cert", why, size);
	if (!err)
		err = readable("key file", key, "syslog-key", why, size);
	if (err)
		return err;
	n = count_certs(cert);
	if (n <= 0) {
		snprintf(why, size, "certificate file %s holds no PEM "
			 "certificate%s%s; syslog-cert must be PEM (-----BEGIN "
			 "CERTIFICATE-----)", cert, n ? ": " : "",
			 n ? gnutls_strerror(n) : "");
		return -EINVAL;
	}
	n = gnutls_certificate_set_x509_key_file(cred, cert, key,
						 GNUTLS_X509_FMT_PEM);
	if (n == GNUTLS_E_CERTIFICATE_KEY_MISMATCH) {
		snprintf(why, size, "the key %s does not match the certificate "
			 "%s; set syslog-key to the key of that certificate",
			 key, cert);
		return -EINVAL;
	}
	if (n < 0) {
		snprintf(why, size, "cannot load the key %s (for %s): %s; "
			 "syslog-key must be a PEM private key, not encrypted",
			 key, cert, gnutls_strerror(n));
		return -EINVAL;
	}
	return 0;
}

static int load_files(gnutls_certificate_credentials_t *cred,
		      const struct osnd_tls_files *f, char *why, size_t size)
{
	int err;

	if (gnutls_certificate_allocate_credentials(cred) < 0) {
		snprintf(why, size, "out of memory");
		return -ENOMEM;
	}
	err = load_ca(*cred, f->ca, why, size);
	if (!err)
		err = load_client(*cred, f->cert, f->key, why, size);
	if (err) {
		gnutls_certificate_free_credentials(*cred);
		*cred = NULL;
	}
	return err;
}

int osnd_tls_check_files(const char *ca, const char *cert, const char *key,
			 char *why, size_t size)
{
	struct osnd_tls_files f = { ca, cert, key };
	gnutls_certificate_credentials_t cred;
	int err;

	err = load_files(&cred, &f, why, size);
	if (!err)
		gnutls_certificate_free_credentials(cred);
	return err;
}

/* Up to 3 names (DNS, IP) of the server's certificate, or its CN. */
static void peer_names(gnutls_session_t s, char *buf, size_t size)
{
	const gnutls_datum_t *der;
	gnutls_x509_crt_t crt;
	unsigned int n = 0, i, type;
	char name[256], ip[INET6_ADDRSTRLEN];
	size_t len, used = 0;
	int r;

	buf[0] = '\0';
	der = gnutls_certificate_get_peers(s, &n);
	if (!der || !n || gnutls_x509_crt_init(&crt) < 0)
		return;
	if (gnutls_x509_crt_import(crt, &der[0], GNUTLS_X509_FMT_DER) < 0) {
		gnutls_x509_crt_deinit(crt);
		return;
	}
	for (i = 0, n = 0; n < 3; i++) {
		len = sizeof(name) - 1;
		r = gnutls_x509_crt_get_subject_alt_name2(crt, i, name, &len,
							  &type, NULL);
		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (r < 0)
			continue;
		if (type == GNUTLS_SAN_DNSNAME) {
			name[len] = '\0';
		} else if (type == GNUTLS_SAN_IPADDRESS &&
			   (len == 4 || len == 16)) {
			inet_ntop(len == 4 ? AF_INET : AF_INET6, name, ip,
				  sizeof(ip));
			snprintf(name, sizeof(name), "%s", ip);
		} else {
			continue;
		}
		used += snprintf(buf + used, size - used, "%s%s",
				 n++ ? ", " : "", name);
		if (used >= size)
			break;
	}
	len = sizeof(name);
	if (!n && gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME,
						 0, 0, name, &len) >= 0)
		snprintf(buf, size, "%s", name);
	gnutls_x509_crt_deinit(crt);
}

static void owner_mismatch(gnutls_session_t s, const char *host, char *why,
			   size_t size)
{
	char names[256];

	peer_names(s, names, sizeof(names));
	snprintf(why, size, "the server certificate at %s is for %s, not for "
		 "%s; put one of its names in the URL, or reissue it for %s",
		 host, names[0] ? names : "other names", host, host);
}

/* Why the server certificate of host failed verification. */
static void bad_cert(gnutls_session_t s, const char *host, const char *ca,
		     char *why, size_t size)
{
	unsigned int st = gnutls_session_get_verify_cert_status(s);
	gnutls_datum_t out = { NULL, 0 };

	if (st & (GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_SIGNATURE_FAILURE))
		snprintf(why, size, "the server certificate of %s is not "
			 "signed by %s%s; set syslog-ca to the CA that signed "
			 "it", host, set(ca) ? "the CA of " : "a CA the system "
			 "trusts", set(ca) ? ca : "");
	else if (st & GNUTLS_CERT_UNEXPECTED_OWNER)
		owner_mismatch(s, host, why, size);
	else if (st & GNUTLS_CERT_EXPIRED)
		snprintf(why, size, "the server certificate of %s has expired; "
			 "renew it (or check this system's clock)", host);
	else if (st & GNUTLS_CERT_NOT_ACTIVATED)
		snprintf(why, size, "the server certificate of %s is not valid "
			 "yet; check this system's clock", host);
	else if (st & GNUTLS_CERT_REVOKED)
		snprintf(why, size, "the server certificate of %s has been "
			 "revoked; reissue it", host);
	else if (st & GNUTLS_CERT_INSECURE_ALGORITHM)
		snprintf(why, size, "the server certificate of %s is signed "
			 "with an insecure algorithm; reissue it", host);
	else if (!gnutls_certificate_verification_status_print(st,
			GNUTLS_CRT_X509, &out, 0))
		snprintf(why, size, "the server certificate of %s failed "
			 "verification: %s", host, (char *)out.data);
	else
		snprintf(why, size, "the server certificate of %s failed "
			 "verification (status %#x)", host, st);
	gnutls_free(out.data);
}

/* A failed handshake: -errno and why. */
static int handshake_failed(struct osnd_tls *t, int r, const char *host,
			    const struct osnd_tls_files *f, char *why,
			    size_t size)
{
	const char *alert;

	switch (r) {
	case GNUTLS_E_CERTIFICATE_VERIFICATION_ERROR:
		bad_cert(t->s, host, f->ca, why, size);
		return -EKEYREJECTED;
	case GNUTLS_E_FATAL_ALERT_RECEIVED:
		alert = gnutls_alert_get_name(gnutls_alert_get(t->s));
		snprintf(why, size, "the server %s refused the TLS handshake "
			 "(alert: %s)%s", host, alert ? alert : "?",
			 set(f->cert) ? "; check that it trusts the CA of the "
			 "client certificate" : "; if it wants a client "
			 "certificate, set syslog-cert and syslog-key");
		return -EPROTO;
	case GNUTLS_E_PREMATURE_TERMINATION:
	case GNUTLS_E_PULL_ERROR:
	case GNUTLS_E_PUSH_ERROR:
		snprintf(why, size, "the connection to %s broke during the TLS "
			 "handshake (%s); check that this port speaks TLS",
			 host, gnutls_strerror(r));
		return -ECONNRESET;
	default:
		snprintf(why, size, "TLS handshake with %s failed: %s; check "
			 "that this port speaks TLS (syslog over TLS, RFC 5425)",
			 host, gnutls_strerror(r));
		return -EPROTO;
	}
}

static bool is_ip(const char *host)
{
	unsigned char buf[sizeof(struct in6_addr)];

	return inet_pton(AF_INET, host, buf) == 1 ||
	       inet_pton(AF_INET6, host, buf) == 1;
}

/* Wait for the socket in the direction GnuTLS was blocked on. */
static int tls_wait(struct osnd_tls *t, int64_t deadline)
{
	return osnd_net_wait(t->fd, gnutls_record_get_direction(t->s) ?
			     POLLOUT : POLLIN, deadline);
}

/*
 * The server asked for a client certificate: it may still turn us away
 * after the handshake (TLS 1.3 finishes on the client's side first, and
 * a collector such as rsyslog checks the certificate afterwards), and
 * data sent meanwhile would be acknowledged by its TCP and dropped.  So
 * give it a few round trips to close the session before anything goes.
 */
static int settle(struct osnd_tls *t, const char *host, bool have_cert,
		  int64_t deadline, char *why, size_t size)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	int64_t until;
	int ms = SETTLE_MIN_MS, err;

	if (!getsockopt(t->fd, IPPROTO_TCP, TCP_INFO, &ti, &len))
		ms += 4 * ti.tcpi_rtt / 1000;	/* microseconds */
	if (ms > SETTLE_MAX_MS)
		ms = SETTLE_MAX_MS;
	until = osnd_net_deadline(0) + ms;
	if (until > deadline)
		until = deadline;
	for (;;) {
		err = osnd_net_wait(t->fd, POLLIN, until);
		if (err == -ETIMEDOUT)
			return 0;	/* nothing said: taken */
		if (!err)
			err = osnd_tls_alive(t);
		if (!err)
			continue;	/* a session ticket */
		break;
	}
	snprintf(why, size, "the server %s closed the TLS session right after "
		 "the handshake%s%s%s; %s", host, t->alert[0] ? " (alert: " : "",
		 t->alert, t->alert[0] ? ")" : "", have_cert ? "check that it "
		 "trusts the CA of syslog-cert (its log says why)" : "it wants "
		 "a client certificate: set syslog-cert and syslog-key");
	return -EKEYREJECTED;
}

int osnd_tls_open(struct osnd_tls **out, int fd, const char *host,
		  const struct osnd_tls_files *files, int64_t deadline,
		  char *why, size_t size)
{
	struct osnd_tls *t;
	int err, r;

	t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(why, size, "out of memory");
		return -ENOMEM;
	}
	t->fd = fd;
	err = load_files(&t->cred, files, why, size);
	if (err) {
		free(t);
		return err;
	}
	r = gnutls_init(&t->s, GNUTLS_CLIENT | GNUTLS_NONBLOCK |
			GNUTLS_NO_SIGNAL);
	if (!r)
		r = gnutls_set_default_priority(t->s);
	if (!r)
		r = gnutls_credentials_set(t->s, GNUTLS_CRD_CERTIFICATE,
					   t->cred);
	if (!r && !is_ip(host))	/* SNI takes names only */
		r = gnutls_server_name_set(t->s, GNUTLS_NAME_DNS, host,
					   strlen(host));
	if (r) {
		snprintf(why, size, "cannot set up a TLS session: %s",
			 gnutls_strerror(r));
		osnd_tls_close(t, false);
		return r == GNUTLS_E_MEMORY_ERROR ? -ENOMEM : -EPROTO;
	}
	gnutls_session_set_verify_cert(t->s, host, 0);
	gnutls_transport_set_int(t->s, fd);
	while ((r = gnutls_handshake(t->s)) < 0) {
		if (gnutls_error_is_fatal(r)) {
			err = handshake_failed(t, r, host, files, why, size);
			osnd_tls_close(t, false);
			return err;
		}
		if (r != GNUTLS_E_AGAIN)
			continue;	/* interrupted, a warning alert */
		err = tls_wait(t, deadline);
		if (err) {
			snprintf(why, size, "TLS handshake with %s: %s", host,
				 err == -ETIMEDOUT ? "no answer in time; check "
				 "that this port speaks TLS" : strerror(-err));
			osnd_tls_close(t, false);
			return err;
		}
	}
	if (gnutls_certificate_client_get_request_status(t->s)) {
		err = settle(t, host, set(files->cert), deadline, why, size);
		if (err) {
			osnd_tls_close(t, false);
			return err;
		}
	}
	*out = t;
	return 0;
}

int osnd_tls_send_all(struct osnd_tls *t, const void *buf, size_t len,
		      int64_t deadline)
{
	const char *p = buf;
	ssize_t n;
	int err;

	while (len) {
		n = gnutls_record_send(t->s, p, len);
		if (n > 0) {
			p += n;
			len -= n;
			continue;
		}
		if (n == GNUTLS_E_INTERRUPTED)
			continue;
		if (n != GNUTLS_E_AGAIN)
			return n == GNUTLS_E_PUSH_ERROR ||
			       n == GNUTLS_E_PREMATURE_TERMINATION ?
			       -ECONNRESET : -EPROTO;
		/* Called again with the same data once the socket can take it. */
		err = tls_wait(t, deadline);
		if (err)
			return err;
	}
	return 0;
}

int osnd_tls_alive(struct osnd_tls *t)
{
	struct pollfd p = { .fd = t->fd, .events = POLLIN | POLLRDHUP };
	char junk[512];
	ssize_t n;

	if (poll(&p, 1, 0) < 0)
		return errno == EINTR ? 0 : -errno;
	if (p.revents & (POLLERR | POLLHUP | POLLNVAL))
		return osnd_net_alive(t->fd) ?: -EPIPE;
	if (!(p.revents & (POLLIN | POLLRDHUP)) &&
	    !gnutls_record_check_pending(t->s))
		return 0;
	for (;;) {
		n = gnutls_record_recv(t->s, junk, sizeof(junk));
		if (n > 0 || n == GNUTLS_E_INTERRUPTED)
			continue;	/* data from a collector: dropped */
		if (n == GNUTLS_E_AGAIN)
			break;		/* handshake messages, tickets: done */
		if (n == GNUTLS_E_FATAL_ALERT_RECEIVED)
			snprintf(t->alert, sizeof(t->alert), "%s",
				 gnutls_alert_get_name(gnutls_alert_get(t->s)) ?:
				 "?");
		if (n == 0 || n == GNUTLS_E_PREMATURE_TERMINATION ||
		    n == GNUTLS_E_REHANDSHAKE ||
		    n == GNUTLS_E_FATAL_ALERT_RECEIVED)
			return -EPIPE;	/* closed, or wants what we skip */
		if (gnutls_error_is_fatal(n))
			return -ECONNRESET;
	}
	return p.revents & POLLRDHUP ? -EPIPE : 0;
}

void osnd_tls_close(struct osnd_tls *t, bool graceful)
{
	if (!t)
		return;
	if (t->s) {
		if (graceful)
			gnutls_bye(t->s, GNUTLS_SHUT_WR);
		gnutls_deinit(t->s);
	}
	if (t->cred)
		gnutls_certificate_free_credentials(t->cred);
	free(t);
}
