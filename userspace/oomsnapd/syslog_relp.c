// SPDX-License-Identifier: GPL-2.0
/*
 * syslog_relp.c - the RELP client of the relp:// syslog target, with
 * librelp.
 *
 * How a message is known to be acknowledged.  librelp's relpCltSendSyslog()
 * returns once the frame is written; the server's "rsp" comes later and librelp
 * only reads it when it waits for room in its window.  The window cannot be
 * made 1 (librelp ignores sizes below 2), and librelp has no call that waits
 * for the acknowledgements.  What it does have is its orderly close: destroying
 * a client whose session is open sends "close" and waits (up to the timeout)
 * for the server's answer to it, reading on the way every "rsp" before it.  The
 * RELP specification (doc/relp.md of librelp) has a server answer the commands
 * of a session in the order it received them, as librelp's server (so rsyslog's
 * imrelp) does: the answer to "close" comes after the answer to the message.
 * So each message gets its own session: connect ("open" and its answer), send,
 * close, and it is reported delivered only when none of that failed and librelp
 * reported no error through its callbacks (a session that broke or timed out
 * while waiting, an error answer such as "500" to the message).  librelp
 * destroys a client without saying how its close went: the callbacks are how we
 * hear of it.
 *
 * So: nothing is reported delivered that the server did not acknowledge (none
 * lost), as long as the server keeps that order (one that answered "close" but
 * skipped the message would not be noticed).  A message is sent again only when
 * the session broke after the server had taken it but before the answer
 * arrived, the one duplicate RELP itself cannot rule out.  The price is a
 * connection and three round trips per message, fine for OOM kills.
 *
 * Each of librelp's waits is bounded by the timeout (whole seconds): the
 * connect, the answer to "open", and the answer to "close", so a dead
 * server holds a delivery at most about three times syslog-timeout.
 * librelp writes without MSG_NOSIGNAL: SIGPIPE must be ignored (oomsnapd
 * does).  Every address the name resolves to is tried in turn, each with
 * its share of the connect timeout; once an "open" was answered, not
 * another (the message may have arrived).
 */
#include <errno.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <librelp.h>

#include "syslog_net.h"
#include "syslog_relp.h"

#define MAX_TIMEOUT_S	(24 * 3600)	/* librelp multiplies by 1000 */

struct osnd_relp {
	char host[256];
	char port[8];
	unsigned int timeout_s;
	bool failed;		/* librelp reported an error in this send */
	relpRetVal code;	/* the first one */
	char err[256];
};

static relpEngine_t *engine;
static unsigned int nclients;
static struct osnd_relp *current;	/* the send in progress */

static void note(struct osnd_relp *r, const char *msg, relpRetVal code)
{
	if (!r || r->failed)
		return;
	r->failed = true;
	r->code = code;
	snprintf(r->err, sizeof(r->err), "%s (librelp error %d)",
		 msg ? msg : "?", (int)code);
}

static void on_err(void *usr, char *obj, char *msg, relpRetVal code)
{
	(void)obj;
	note(usr ? usr : current, msg, code);
}

static void on_generic_err(char *obj, char *msg, relpRetVal code)
{
	(void)obj;
	note(current, msg, code);
}

static void on_auth_err(void *usr, char *info, char *msg, relpRetVal code)
{
	(void)info;
	note(usr ? usr : current, msg, code);
}

static int engine_get(void)
{
	if (engine) {
		nclients++;
		return 0;
	}
	if (relpEngineConstruct(&engine) != RELP_RET_OK)
		return -ENOMEM;
	/* NULL: librelp's own no-op; without the call it has none. */
	relpEngineSetDbgprint(engine, NULL);
	relpEngineSetEnableCmd(engine, (unsigned char *)"syslog",
			       eRelpCmdState_Required);
	relpEngineSetOnErr(engine, on_err);
	relpEngineSetOnGenericErr(engine, on_generic_err);
	relpEngineSetOnAuthErr(engine, on_auth_err);
	nclients = 1;
	return 0;
}

static void engine_put(void)
{
	if (nclients && !--nclients)
		relpEngineDestruct(&engine);
}

int osnd_relp_new(struct osnd_relp **out, const char *host, const char *port,
		  uint64_t timeout_s)
{
	struct osnd_relp *r = calloc(1, sizeof(*r));

	if (!r || engine_get()) {
		free(r);
		return -ENOMEM;
	}
	snprintf(r->host, sizeof(r->host), "%s", host);
	snprintf(r->port, sizeof(r->port), "%s", port);
	r->timeout_s = timeout_s < 1 ? 1 : timeout_s > MAX_TIMEOUT_S ?
		       MAX_TIMEOUT_S : (unsigned int)timeout_s;
	*out = r;
	return 0;
}

void osnd_relp_free(struct osnd_relp *r)
{
	if (!r)
		return;
	engine_put();
	free(r);
}

static time_t mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

/* librelp's text for ret, or ours when its callbacks said nothing. */
static const char *reason(const struct osnd_relp *r, const char *dflt)
{
	return r->failed ? r->err : dflt;
}

/*
 * Why relpCltConnect() failed with ret: librelp seldom says, so see
 * whether a plain TCP connection to addr works.  -errno and why.
 */
static int open_failed(struct osnd_relp *r, const char *addr,
		       unsigned int conn_s, relpRetVal ret, char *why,
		       size_t size)
{
	char tcp[256];
	int fd;

	if (ret == RELP_RET_RQD_FEAT_MISSING ||
	    ret == RELP_RET_INCOMPAT_OFFERS) {
		snprintf(why, size, "the RELP server %s port %s does not take "
			 "syslog messages (librelp error %d)", r->host, r->port,
			 (int)ret);
		return -EPROTO;
	}
	/* At most a second more: librelp's own connect already waited. */
	fd = osnd_net_connect(addr, r->port, SOCK_STREAM,
			      osnd_net_deadline(conn_s < 1 ? conn_s : 1), tcp,
			      sizeof(tcp));
	if (fd < 0) {
		snprintf(why, size, "%s", tcp);
		return fd;
	}
	osnd_net_close(fd, false);
	snprintf(why, size, "%s port %s accepts connections but opened no "
		 "RELP session: %s; check that it is a RELP input (imrelp)",
		 r->host, r->port, reason(r, ret == RELP_RET_TIMED_OUT ?
					  "no answer in time" : "refused"));
	return ret == RELP_RET_TIMED_OUT ? -ETIMEDOUT : -EPROTO;
}

/*
 * Open a session with address addr (numeric) of family, send msg, close.
 * 0 when acknowledged, else -errno; *opened: the session was open (the
 * message may have been received: no other address is to be tried).
 */
static int session(struct osnd_relp *r, int family, const char *addr,
		   unsigned int conn_s, const char *msg, size_t len,
		   bool *opened, char *why, size_t size)
{
	relpClt_t *clt = NULL;
	relpRetVal ret, end;
	time_t start;
	int err;

	*opened = false;
	if (relpEngineCltConstruct(engine, &clt) != RELP_RET_OK) {
		snprintf(why, size, "out of memory");
		return -ENOMEM;
	}
	relpCltSetTimeout(clt, r->timeout_s);
	relpCltSetConnTimeout(clt, (int)conn_s);
	relpCltSetUsrPtr(clt, r);
	r->failed = false;
	current = r;
	ret = relpCltConnect(clt, family, (unsigned char *)r->port,
			     (unsigned char *)addr);
	if (ret != RELP_RET_OK) {
		relpEngineCltDestruct(engine, &clt);
		current = NULL;
		return open_failed(r, addr, conn_s, ret, why, size);
	}
	*opened = true;
	ret = relpCltSendSyslog(clt, (unsigned char *)msg, len);
	start = mono_s();
	/* The orderly close: waits for the answers (see the top). */
	end = relpEngineCltDestruct(engine, &clt);
	current = NULL;
	if (ret == RELP_RET_OK && end == RELP_RET_OK && !r->failed)
		return 0;
	if (ret != RELP_RET_OK)
		err = ret == RELP_RET_TIMED_OUT ? -ETIMEDOUT :
		      ret == RELP_RET_SESSION_BROKEN ? -ECONNRESET : -EPROTO;
	else if (r->code == RELP_RET_RSP_STATE_ERR)
		err = -EPROTO;		/* answered with an error */
	else
		err = mono_s() - start >= (time_t)r->timeout_s ? -ETIMEDOUT :
		      -ECONNRESET;
	snprintf(why, size, "the RELP server %s port %s did not acknowledge "
		 "the message: %s", r->host, r->port,
		 reason(r, err == -ETIMEDOUT ? "no answer in time" :
			"the session broke"));
	return err;
}

int osnd_relp_send(struct osnd_relp *r, const char *msg, size_t len,
		   char *why, size_t size)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
				  .ai_socktype = SOCK_STREAM };
	struct addrinfo *res, *ai;
	char addr[64];
	unsigned int n = 0, conn_s;
	int gai, err = -EHOSTUNREACH;
	bool opened = false;

	gai = getaddrinfo(r->host, r->port, &hints, &res);
	if (gai) {
		snprintf(why, size, "cannot resolve %s: %s", r->host,
			 gai == EAI_SYSTEM ? strerror(errno) :
			 gai_strerror(gai));
		return gai == EAI_AGAIN ? -EAGAIN : -EHOSTUNREACH;
	}
	for (ai = res; ai; ai = ai->ai_next)
		n++;
	conn_s = r->timeout_s / n ? r->timeout_s / n : 1;
	snprintf(why, size, "%s has no address", r->host);
	for (ai = res; ai; ai = ai->ai_next) {
		if (getnameinfo(ai->ai_addr, ai->ai_addrlen, addr, sizeof(addr),
				NULL, 0, NI_NUMERICHOST))
			continue;
		err = session(r, ai->ai_family, addr, conn_s, msg, len,
			      &opened, why, size);
		if (!err || opened)
			break;
	}
	freeaddrinfo(res);
	return err;
}
