// SPDX-License-Identifier: GPL-2.0
/*
 * follow.c - oomsnapd's main loop: connect to the module (or wait for it,
 * retrying every OSND_RECONNECT_S seconds), subscribe to the records
 * multicast group FIRST, then drain (drain.c), tell systemd READY=1, and
 * follow: every notification, and every loss of notifications (ENOBUFS),
 * wakes a new drain, which re-LISTs everything unacknowledged (simple and
 * always correct: nothing depends on which notification arrived).  Also
 * retries a failing archive every --retry-interval, hands the archive to
 * the targets (targets.h) after each drain, hourly, and every
 * --retry-interval while one fails, runs retention after each drain and
 * hourly, pings the watchdog, and stops on SIGTERM/SIGINT
 * after the record in hand.  --once: one connect and drain, then exit.
 */
#define _GNU_SOURCE		/* ppoll() */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "daemon.h"
#include "module_signing.h"
#include "notify.h"
#include "retention.h"
#include "syslog_target.h"
#include "targets.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void disconnect(struct osnd *d)
{
	if (d->req)
		osnd_textfile_module(NULL);
	osn_nl_free(d->sub);
	osn_nl_free(d->req);
	d->sub = d->req = NULL;
}

/* 0, or the failing client's code with *failed set to it. */
static int connect_module(struct osnd *d, struct osn_nl **failed)
{
	struct osn_status st;
	int err;

	d->req = osn_nl_alloc();
	d->sub = osn_nl_alloc();
	*failed = d->req;
	if (!d->req || !d->sub) {
		disconnect(d);
		*failed = NULL;
		return -ENOMEM;
	}
	/* Subscribed before the first LIST: no kill falls in between. */
	*failed = d->sub;
	err = osn_nl_connect(d->sub);
	if (!err)
		err = osn_nl_subscribe(d->sub);
	if (!err) {
		*failed = d->req;
		err = osn_nl_connect(d->req);
	}
	if (err)
		return err;
	/* The current boot id, to ACK records of a module that sends none. */
	d->have_boot_id = !osn_nl_status(d->req, &st);
	if (d->have_boot_id)
		memcpy(d->boot_id, st.boot_id, sizeof(d->boot_id));
	osnd_textfile_module(d->have_boot_id ? &st : NULL);
	return 0;
}

/*
 * Hand the archive to the targets (with the module's counters of the
 * moment, for the textfile); *next: when to try again (0: up to date).
 */
static void catch_up(struct osnd *d, time_t now, time_t *next)
{
	static struct osnd_ratelimit rl = { .interval = OSND_LOG_INTERVAL_S };
	struct osn_status st;
	int n;

	if (!osnd_targets_count())
		return;
	if (d->req && !osn_nl_status(d->req, &st))
		osnd_textfile_module(&st);
	n = osnd_targets_catch_up(d->archive);
	d->targets_failing = n != 0;
	if (n < 0 && osnd_ratelimit_ok(&rl, osnd_now_mono(), NULL))
		osnd_log(LOG_WARNING, "targets: cannot scan %s: %s; trying "
			 "again in %llus", osn_archive_path(d->archive),
			 strerror(-n), (unsigned long long)d->cfg->retry_s);
	/*
	 * A scan failure: retry-interval.  Else the turn of the first target
	 * that waits, whether it failed now or was skipped (backing off)
	 * while the others succeeded; 0 when none waits.
	 */
	*next = n < 0 ? now + (time_t)d->cfg->retry_s :
		osnd_targets_next_try();
	if (n > 0 && !*next)
		*next = now + (time_t)d->cfg->retry_s;
	d->dirty = true;	/* the status file shows the targets */
}

static void log_nl(struct osnd *d, const struct osn_nl *nl, int err,
		   const char *then)
{
	if (!osnd_ratelimit_ok(&d->nl_rl, osnd_now_mono(), NULL))
		return;
	if (err == -EPERM)
		osnd_log(LOG_ERR, "the kernel refused the request: reading OOM "
			 "records needs CAP_NET_ADMIN (run as root); %s", then);
	else if (err == -ENOMEM || !nl)
		osnd_log(LOG_ERR, "out of memory; %s", then);
	else
		osnd_log(LOG_ERR, "failed to %s: %s; %s", osn_nl_step(nl),
			 osn_nl_errmsg(nl), then);
}

static void retention(struct osnd *d)
{
	int n = osnd_retention_run(d->archive, d->cfg->max_age_s,
				   d->cfg->max_size, time(NULL));

	if (n < 0)
		osnd_log(LOG_WARNING, "retention: cannot scan %s: %s",
			 osn_archive_path(d->archive), strerror(-n));
	else if (n) {
		d->st.retention_deleted += n;
		d->dirty = true;
	}
}

static int once(struct osnd *d)
{
	struct osn_nl *failed;
	time_t next;
	int err;

	err = connect_module(d, &failed);
	if (err == -OSN_ENOFAMILY) {
		osnd_log(LOG_NOTICE, "the oomsnap kernel module is not loaded "
			 "(generic netlink family '%s' not found): nothing to "
			 "drain from the kernel; only the archive was "
			 "processed", OOMSNAP_GENL_NAME);
		disconnect(d);
		catch_up(d, 0, &next);
		retention(d);
		return d->targets_failing ? OSND_EXIT_UNAVAILABLE : OSND_EXIT_OK;
	}
	if (!err) {
		osnd_hand_facts(d);
		err = osnd_drain(d);
	}
	if (err) {
		log_nl(d, failed == d->sub ? d->sub : d->req, err, "stopping");
		disconnect(d);
		return err == -EPERM ? OSND_EXIT_NOPERM : OSND_EXIT_FAILURE;
	}
	catch_up(d, 0, &next);
	disconnect(d);
	retention(d);
	osnd_log(LOG_INFO, "--once: archived %lu, acknowledged %lu, "
		 "%lu left in the kernel", (unsigned long)d->st.archived,
		 (unsigned long)d->st.acked, (unsigned long)d->st.pending);
	return d->failing ? OSND_EXIT_IOERR : d->targets_failing ?
	       OSND_EXIT_UNAVAILABLE : OSND_EXIT_OK;
}

static int on_event(uint64_t seq, void *arg)
{
	(void)seq;
	*(bool *)arg = true;
	return 0;
}

static void ready(struct osnd *d, bool *sent)
{
	char line[256];

	if (*sent)
		return;
	*sent = true;
	osnd_publish(d);
	osnd_status_line(d, line, sizeof(line));
	osnd_notify_ready(line);
}

/* ms until mono time t (>= 0), capped by cur (-1: none). */
static int until(time_t t, time_t now, int cur)
{
	long long ms = t > now ? (long long)(t - now) * 1000 : 0;

	if (ms > 3600 * 1000)
		ms = 3600 * 1000;
	return cur < 0 || ms < cur ? (int)ms : cur;
}

/* The module is not there: say so once, and what may keep it out. */
static void log_waiting(void)
{
	char advice[512];

	osnd_log(LOG_NOTICE, "waiting for the oomsnap kernel module (generic "
		 "netlink family '%s' not found; modprobe oomsnap); retrying "
		 "every %ds", OOMSNAP_GENL_NAME, OSND_RECONNECT_S);
	if (osn_module_signing_advice("", advice, sizeof(advice)))
		osnd_log(LOG_NOTICE, "%s", advice);
}

static int loop(struct osnd *d, const sigset_t *waitmask)
{
	time_t now, next_connect = 0, next_retry = 0, next_retention = 0;
	time_t next_targets = 0, next_facts = 0;
	bool need_drain = false, ready_sent = false, waiting_logged = false;
	bool proto_logged = false;
	int wd_ms = osnd_watchdog_init(), timeout, err, n;
	struct osn_nl *failed;
	struct pollfd p;
	struct timespec ts;

	while (!stop) {
		now = osnd_now_mono();
		if (!d->req && now >= next_connect) {
			err = connect_module(d, &failed);
			if (err) {
				if (err == -OSN_ENOFAMILY && !waiting_logged)
					log_waiting();
				else if (err == -OSN_EPROTOVER && !proto_logged)
					/* once: it lasts until an upgrade */
					log_nl(d, failed, err, "retrying until "
					       "the module is replaced");
				else if (err != -OSN_ENOFAMILY &&
					 err != -OSN_EPROTOVER)
					log_nl(d, failed, err, "retrying");
				waiting_logged = err == -OSN_ENOFAMILY;
				proto_logged = err == -OSN_EPROTOVER;
				disconnect(d);
				osnd_set_state(d, OSN_DAEMON_WAITING);
				next_connect = now + OSND_RECONNECT_S;
				/* Nothing in the kernel to wait for. */
				ready(d, &ready_sent);
			} else {
				osnd_log(LOG_INFO, "connected to the oomsnap "
					 "kernel module; subscribed");
				waiting_logged = false;
				need_drain = true;
				next_facts = now;
			}
		}
		if (d->req && now >= next_facts) {
			osnd_hand_facts(d);
			next_facts = now + OSND_FACTS_PERIOD_S;
		}
		if (d->req && (need_drain ||
			       (d->failing && now >= next_retry))) {
			need_drain = false;
			err = osnd_drain(d);
			if (err == -OSN_ENOFAMILY) {
				osnd_log(LOG_NOTICE, "the oomsnap kernel module "
					 "went away; waiting for it");
				disconnect(d);
				osnd_set_state(d, OSN_DAEMON_WAITING);
				next_connect = now + 1;
				waiting_logged = true;
			} else if (err) {
				log_nl(d, d->req, err, "reconnecting");
				disconnect(d);
				next_connect = now + OSND_RECONNECT_S;
			} else {
				if (d->failing)
					next_retry = now + d->cfg->retry_s;
				osnd_set_state(d, d->failing ?
					       OSN_DAEMON_FAILING :
					       OSN_DAEMON_READY);
				if (!stop)
					ready(d, &ready_sent);
			}
			catch_up(d, now, &next_targets);
			retention(d);
			next_retention = now + OSND_RETENTION_PERIOD_S;
		}
		if (next_targets && now >= next_targets)
			catch_up(d, now, &next_targets);
		if (now >= next_retention) {
			catch_up(d, now, &next_targets);
			retention(d);
			next_retention = now + OSND_RETENTION_PERIOD_S;
		}
		osnd_publish(d);
		osnd_watchdog_kick();

		timeout = wd_ms;
		if (!d->req)
			timeout = until(next_connect, now, timeout);
		if (d->req && d->failing)
			timeout = until(next_retry, now, timeout);
		timeout = until(next_retention, now, timeout);
		if (d->req)
			timeout = until(next_facts, now, timeout);
		if (next_targets)
			timeout = until(next_targets, now, timeout);
		p = (struct pollfd){ .fd = d->sub ? osn_nl_fd(d->sub) : -1,
				     .events = POLLIN };
		ts.tv_sec = timeout / 1000;
		ts.tv_nsec = (timeout % 1000) * 1000000L;
		n = ppoll(&p, 1, &ts, waitmask);
		if (n < 0 && errno != EINTR) {
			osnd_log(LOG_ERR, "poll failed: %s; stopping",
				 strerror(errno));
			return OSND_EXIT_FAILURE;
		}
		if (n <= 0 || !d->sub)
			continue;
		err = osn_nl_read_events(d->sub, on_event, &need_drain);
		if (err == -OSN_ELOST) {
			/* A storm filled the buffer: LIST catches up. */
			need_drain = true;
		} else if (err == -OSN_ENOFAMILY) {
			osnd_log(LOG_NOTICE, "the oomsnap kernel module went "
				 "away; waiting for it");
			disconnect(d);
			osnd_set_state(d, OSN_DAEMON_WAITING);
			next_connect = osnd_now_mono() + 1;
			waiting_logged = true;
		} else if (err == -OSN_EDECODE) {
			need_drain = true;
		} else if (err) {
			log_nl(d, d->sub, err, "reconnecting");
			disconnect(d);
			next_connect = osnd_now_mono() + OSND_RECONNECT_S;
		}
	}
	return OSND_EXIT_OK;
}

int osnd_run(struct osnd *d, bool one)
{
	struct sigaction sa;
	sigset_t block, old;
	int rc;

	/* SIGTERM/SIGINT interrupt only the wait; the drain checks them
	 * between records (sigpending), so a record is never cut. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	d->stop_signals = &block;

	if (one) {
		rc = once(d);
	} else {
		osnd_targets_set_retry(d->cfg->retry_s);
		osnd_publish(d);
		rc = loop(d, &old);
		osnd_log(LOG_INFO, "stopping: archived %lu, acknowledged %lu",
			 (unsigned long)d->st.archived,
			 (unsigned long)d->st.acked);
		osnd_notify_stopping();
		disconnect(d);
		osn_daemon_status_remove(d->cfg->runtime_dir);
	}
	osnd_syslog_close();	/* TLS close_notify, RELP close */
	d->stop_signals = NULL;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}
