// SPDX-License-Identifier: GPL-2.0
/*
 * syslog_target.c - the remote syslog targets (see syslog_target.h): per
 * URL its settings and connection, the delivery of one archive file as
 * one message (read, format, frame, send by its transport), the lazy
 * reconnect, and the messages that say what failed and what to check.
 * The sockets are syslog_net.c's, TLS syslog_tls.c's, RELP
 * syslog_relp.c's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config.h"
#include "daemon.h"
#include "syslog_format.h"
#include "syslog_net.h"
#include "syslog_relp.h"
#include "syslog_target.h"
#include "syslog_tls.h"
#include "syslog_url.h"
#include "targets.h"

/* A collector that refused a datagram: wait this long for the next ICMP. */
#define UDP_PROBE_MS	500
#define WHY_LEN		512
#define FRAME_PREFIX	16	/* "2048 " of RFC 6587 octet counting */

struct syslog_target {
	struct osnd_target *t;			/* its entry in targets.c */
	char url[OSND_SYSLOG_URL_LEN];		/* as the operator wrote it */
	char id[OSND_TARGET_ID_LEN];
	struct osnd_syslog_url u;
	uint64_t timeout_s;
	char sd_id[OSND_SD_ID_LEN];		/* "": the default */
	char ca[PATH_MAX], cert[PATH_MAX], key[PATH_MAX];
	int fd;					/* -1: not connected */
	struct osnd_tls *tls;			/* tls:// once connected */
	struct osnd_relp *relp;			/* relp:// */
	bool udp_refused;		/* the last datagram drew an ICMP error */
	char last_why[WHY_LEN];			/* the last message logged */
	struct osnd_ratelimit rl;
};

static struct syslog_target *slots[OSND_MAX_SYSLOG];
static size_t nslots;

/*
 * Log why a delivery failed: a new reason at once, the same one again at
 * most once a minute (targets.c says "failed to deliver" besides).
 */
static void tell(struct syslog_target *s, const char *why, const char *hint)
{
	unsigned long held = 0;

	if (strstr(why, "; "))
		hint = "";	/* it says what to check itself */
	if (strcmp(why, s->last_why)) {
		snprintf(s->last_why, sizeof(s->last_why), "%s", why);
		s->rl.last = 0;
	}
	if (osnd_ratelimit_ok(&s->rl, osnd_now_mono(), &held))
		osnd_log(LOG_WARNING, "target syslog %s: %s%s%s", s->url, why,
			 hint, held ? " (repeated, not all logged)" : "");
}

/* What to check after a failure with err. */
static const char *hint(int err)
{
	switch (err) {
	case -ECONNREFUSED:
		return "; check that the collector runs and listens there";
	case -ETIMEDOUT:
		return "; check the address, the network, firewalls in between "
		       "and that the collector is not stuck";
	case -EHOSTUNREACH:
	case -ENETUNREACH:
		return "; check the host name of the URL, DNS and the network";
	case -ECONNRESET:
	case -EPIPE:
		return "; check the collector's log (it closed the connection)";
	case -EPROTO:
		return "; check the collector's log";
	default:
		return "";
	}
}

static void disconnect(struct syslog_target *s, bool abort)
{
	osnd_tls_close(s->tls, !abort);
	s->tls = NULL;
	osnd_net_close(s->fd, abort);
	s->fd = -1;
}

/* A new stream connection (tcp://, tls://): 0 or -errno with why. */
static int stream_connect(struct syslog_target *s, int64_t deadline,
			  char *why, size_t size)
{
	struct osnd_tls_files f = { s->ca, s->cert, s->key };
	int fd, err;

	fd = osnd_net_connect(s->u.host, s->u.port, SOCK_STREAM, deadline,
			      why, size);
	if (fd < 0)
		return fd;
	s->fd = fd;
	if (s->u.transport != OSND_SYSLOG_TLS)
		return 0;
	err = osnd_tls_open(&s->tls, fd, s->u.host, &f, deadline, why, size);
	if (err)
		disconnect(s, true);
	return err;
}

/* Is the connection still there?  Drop it when the collector closed it. */
static void check_alive(struct syslog_target *s)
{
	int err;

	if (s->fd < 0)
		return;
	err = s->tls ? osnd_tls_alive(s->tls) : osnd_net_alive(s->fd);
	if (err)
		disconnect(s, false);	/* closed or broken: a new one */
}

/*
 * Send frame on the connection (made first if there is none) and wait for
 * the collector's TCP to acknowledge all of it.  A reused connection that
 * turns out broken is replaced once at once: the collector closed it just
 * before (a restart) and has not read the frame.
 */
static int stream_send(struct syslog_target *s, const char *frame,
		       size_t len, int64_t deadline, char *why, size_t size)
{
	bool reused, again = true, sent;
	int err;

	check_alive(s);
	for (;;) {
		reused = s->fd >= 0;
		if (!reused) {
			err = stream_connect(s, deadline, why, size);
			if (err)
				return err;
		}
		err = s->tls ? osnd_tls_send_all(s->tls, frame, len, deadline) :
		      osnd_net_send_all(s->fd, frame, len, deadline);
		sent = !err;
		if (!err)
			err = osnd_net_drain(s->fd, deadline);
		if (!err)
			return 0;
		/* A reset: what is still queued must not arrive later. */
		disconnect(s, true);
		if (!reused || !again ||
		    (err != -ECONNRESET && err != -EPIPE))
			break;
		again = false;
	}
	if (err == -ETIMEDOUT)
		snprintf(why, size, "%s port %s did not %s in time", s->u.host,
			 s->u.port, sent ? "acknowledge the message" :
			 "take the message");
	else
		snprintf(why, size, "cannot send to %s port %s: %s", s->u.host,
			 s->u.port, strerror(-err));
	return err;
}

/* One datagram; an ICMP error for an earlier one fails this one. */
static int udp_send(struct syslog_target *s, const char *msg, size_t len,
		    int64_t deadline, char *why, size_t size)
{
	int64_t probe;
	int err;

	if (s->fd < 0) {
		s->fd = osnd_net_connect(s->u.host, s->u.port, SOCK_DGRAM,
					 deadline, why, size);
		if (s->fd < 0) {
			err = s->fd;
			s->fd = -1;
			return err;
		}
	}
	err = osnd_net_pending_error(s->fd, 0);
	if (!err)
		err = osnd_net_send_all(s->fd, msg, len, deadline);
	/* Refused before: wait a little for the ICMP error of this one. */
	probe = osnd_net_deadline(0) + UDP_PROBE_MS;
	if (!err)
		err = osnd_net_pending_error(s->fd, !s->udp_refused ? 0 :
					     probe < deadline ? probe :
					     deadline);
	s->udp_refused = err == -ECONNREFUSED;
	if (!err)
		return 0;
	osnd_net_close(s->fd, false);
	s->fd = -1;
	if (err == -ECONNREFUSED)
		snprintf(why, size, "%s port %s refused a datagram (ICMP port "
			 "unreachable)", s->u.host, s->u.port);
	else
		snprintf(why, size, "cannot send to %s port %s: %s", s->u.host,
			 s->u.port, strerror(-err));
	return err;
}

/* The message of archive file name into buf: its length, or -errno. */
static ssize_t build(struct syslog_target *s, struct osn_archive *a,
		     const char *name, char *buf, size_t size, char *why,
		     size_t wsize)
{
	struct osn_record rec;
	const char *reason = NULL;
	char host[256];
	ssize_t len;
	int err;

	memset(&rec, 0, sizeof(rec));
	err = osn_archive_read(a, name, &rec, &reason);
	if (err) {
		snprintf(why, wsize, "cannot read %s/%s: %s%s",
			 osn_archive_path(a), name, reason ? reason :
			 strerror(-err), err == -EINVAL ? "; move that file "
			 "out of the archive so that the next ones can go" : "");
		return err;
	}
	if (gethostname(host, sizeof(host)))
		host[0] = '\0';
	host[sizeof(host) - 1] = '\0';
	len = osnd_syslog_format(buf, size, OSND_SYSLOG_MAX_LEN, &rec, name,
				 host, s->sd_id[0] ? s->sd_id : NULL,
				 (long)getpid());
	osn_record_free(&rec);
	if (len < 0)
		snprintf(why, wsize, "cannot make a syslog message of %s: %s",
			 name, strerror((int)-len));
	return len;
}

static int syslog_deliver(struct osnd_target *t, struct osn_archive *a,
			  const char *name)
{
	struct syslog_target *s = t->priv;
	char frame[FRAME_PREFIX + OSND_SYSLOG_MAX_LEN + 1], why[WHY_LEN];
	char *msg = frame + FRAME_PREFIX, pre[FRAME_PREFIX + 1];
	int64_t deadline;
	ssize_t len;
	int n, err;

	len = build(s, a, name, msg, sizeof(frame) - FRAME_PREFIX, why,
		    sizeof(why));
	if (len == -ENOENT)
		return 0;	/* gone (retention, by hand): nothing to send */
	if (len < 0) {
		tell(s, why, "");
		return (int)len;
	}
	deadline = osnd_net_deadline(s->timeout_s);
	switch (s->u.transport) {
	case OSND_SYSLOG_UDP:
		err = udp_send(s, msg, len, deadline, why, sizeof(why));
		break;
	case OSND_SYSLOG_RELP:
		err = osnd_relp_send(s->relp, msg, len, why, sizeof(why));
		break;
	default:
		/* RFC 6587 octet counting: "LEN " just before the message. */
		n = osnd_syslog_octet_prefix(len, pre, sizeof(pre));
		if (n < 0)
			return n;
		memcpy(msg - n, pre, n);
		err = stream_send(s, msg - n, len + n, deadline, why,
				  sizeof(why));
		break;
	}
	if (err) {
		tell(s, why, hint(err));
		return err;
	}
	s->last_why[0] = '\0';	/* a failure after this is told again */
	return 0;
}

static void target_free(struct syslog_target *s)
{
	disconnect(s, false);
	osnd_relp_free(s->relp);
	free(s);
}

int osnd_syslog_add(const struct osnd_config *cfg, const char *url)
{
	char why[OSND_MSG_LEN], id[OSND_TARGET_ID_LEN];
	char name[OSN_DAEMON_TARGET_NAME_LEN];
	struct osnd_syslog_url u;
	struct syslog_target *s;
	struct osnd_target *t;
	size_t i;
	int err;

	if (osnd_syslog_parse_url(url, &u, why, sizeof(why))) {
		osnd_log(LOG_ERR, "syslog %s: %s", url, why);
		return -EINVAL;
	}
	osnd_target_id("syslog", url, id, sizeof(id));
	for (i = 0; i < nslots && strcmp(slots[i]->id, id); i++)
		;
	/* Still the target of the table (not cleared since): twice. */
	if (i < nslots && slots[i]->t->priv == slots[i] &&
	    slots[i]->t->deliver == syslog_deliver) {
		osnd_log(LOG_ERR, "syslog %s is given twice; give each "
			 "collector once", url);
		return -EEXIST;
	}
	if (i == OSND_MAX_SYSLOG) {
		osnd_log(LOG_ERR, "syslog %s: at most %d syslog collectors",
			 url, OSND_MAX_SYSLOG);
		return -ENOSPC;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		osnd_log(LOG_ERR, "syslog %s: out of memory", url);
		return -ENOMEM;
	}
	s->fd = -1;
	s->u = u;
	s->rl.interval = OSND_LOG_INTERVAL_S;
	snprintf(s->url, sizeof(s->url), "%s", url);
	snprintf(s->id, sizeof(s->id), "%s", id);
	s->timeout_s = cfg->syslog_timeout_s ? cfg->syslog_timeout_s : 1;
	snprintf(s->sd_id, sizeof(s->sd_id), "%s", cfg->syslog_sd_id);
	snprintf(s->ca, sizeof(s->ca), "%s", cfg->syslog_ca);
	snprintf(s->cert, sizeof(s->cert), "%s", cfg->syslog_cert);
	snprintf(s->key, sizeof(s->key), "%s", cfg->syslog_key);
	if (u.transport == OSND_SYSLOG_RELP) {
		err = osnd_relp_new(&s->relp, u.host, u.port, s->timeout_s);
		if (err) {
			osnd_log(LOG_ERR, "syslog %s: out of memory", url);
			free(s);
			return err;
		}
	}
	if (snprintf(name, sizeof(name), "syslog %s", url) >=
	    (int)sizeof(name))
		strcpy(name + sizeof(name) - 4, "...");
	t = osnd_targets_add(name, syslog_deliver, s);
	if (!t) {
		osnd_log(LOG_ERR, "syslog %s: too many targets", url);
		target_free(s);
		return -ENOSPC;
	}
	snprintf(t->id, sizeof(t->id), "%s", id);
	s->t = t;
	/* Set up again (a new osnd_targets_setup()): the new one replaces. */
	if (i < nslots)
		target_free(slots[i]);
	else
		nslots++;
	slots[i] = s;
	return 0;
}

void osnd_syslog_close(void)
{
	size_t i;

	for (i = 0; i < nslots; i++)
		disconnect(slots[i], false);
}

void osnd_syslog_clear(void)
{
	size_t i;

	for (i = 0; i < nslots; i++)
		target_free(slots[i]);
	nslots = 0;
}
