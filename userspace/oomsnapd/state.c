// SPDX-License-Identifier: GPL-2.0
/*
 * state.c - oomsnapd's runtime state: the counters, the archive error
 * (logged once when it starts, at most once a minute while it lasts, once
 * when it ends), and their publication in <runtime-dir>/oomsnapd.json and
 * in systemd's STATUS=.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "format.h"
#include "notify.h"
#include "targets.h"

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void osnd_state_init(struct osnd *d, const char *version)
{
	d->st.pid = getpid();
	d->st.version = version;
	d->st.state = OSN_DAEMON_STARTING;
	d->st.state_dir = d->cfg->state_dir;
	d->st.archive_dir = d->archive ? osn_archive_path(d->archive) : NULL;
	d->err_rl.interval = OSND_LOG_INTERVAL_S;
	d->decode_rl.interval = OSND_LOG_INTERVAL_S;
	d->nl_rl.interval = OSND_LOG_INTERVAL_S;
	d->dirty = true;
}

void osnd_set_state(struct osnd *d, enum osn_daemon_state s)
{
	/* Failing writes outrank the rest while connected. */
	if (d->failing && s == OSN_DAEMON_READY)
		s = OSN_DAEMON_FAILING;
	if (d->st.state != s) {
		d->st.state = s;
		d->dirty = true;
	}
}

void osnd_archive_failed(struct osnd *d, int err, const char *name)
{
	unsigned long held = 0;

	if (!d->failing) {
		d->failing = true;
		d->st.has_error = true;
		d->st.error_errno = -err;
		d->st.error_since_ns = now_ns();
		d->err_rl.last = 0;
	}
	if (d->st.error_errno != -err)
		d->st.error_errno = -err;
	snprintf(d->st.error_record, sizeof(d->st.error_record), "%s", name);
	d->dirty = true;
	osnd_set_state(d, OSN_DAEMON_FAILING);
	if (osnd_ratelimit_ok(&d->err_rl, osnd_now_mono(), &held))
		osnd_log(LOG_ERR, "cannot write %s/%s: %s; the record stays "
			 "in the kernel (not acknowledged); retrying every "
			 "%" PRIu64 "s%s", osn_archive_path(d->archive), name,
			 strerror(-err), d->cfg->retry_s,
			 -err == ENOSPC || -err == EDQUOT ?
			 "; free space in the state folder" :
			 -err == EROFS ? "; the state folder is read-only" :
			 "");
}

void osnd_archive_ok(struct osnd *d)
{
	char since[OSN_TIME_LEN] = "?";

	if (!d->failing)
		return;
	osn_format_time(d->st.error_since_ns, since, sizeof(since));
	d->failing = false;
	d->st.has_error = false;
	d->st.error_record[0] = '\0';
	d->dirty = true;
	osnd_set_state(d, OSN_DAEMON_READY);
	osnd_log(LOG_NOTICE, "archive writes work again (they failed "
		 "since %s with: %s)", since, strerror(d->st.error_errno));
}

void osnd_status_line(const struct osnd *d, char *buf, size_t size)
{
	const struct osn_daemon_status *s = &d->st;

	snprintf(buf, size, "%s: archived %" PRIu64 ", acked %" PRIu64
		 ", pending %" PRIu64 "%s%s%s", s->state == OSN_DAEMON_WAITING ?
		 "waiting for the kernel module" : osn_daemon_state_name(s->state),
		 s->archived, s->acked, s->pending,
		 s->has_error ? ", archive FAILING: " : ", archive OK",
		 s->has_error ? strerror(s->error_errno) : "", "");
}

void osnd_publish(struct osnd *d)
{
	static struct osnd_ratelimit rl = { .interval = OSND_LOG_INTERVAL_S };
	char line[256];
	int err;

	if (!d->dirty)
		return;
	d->dirty = false;
	osnd_targets_status(&d->st);
	d->st.updated_ns = now_ns();
	err = osn_daemon_status_write(d->cfg->runtime_dir, &d->st);
	if (err && osnd_ratelimit_ok(&rl, osnd_now_mono(), NULL))
		osnd_log(LOG_WARNING, "cannot write the runtime status %s/%s: "
			 "%s ('oomsnap status' will not show the daemon)",
			 d->cfg->runtime_dir, OSN_DAEMON_STATUS_FILE,
			 strerror(-err));
	osnd_status_line(d, line, sizeof(line));
	if (strcmp(line, d->last_notify)) {
		snprintf(d->last_notify, sizeof(d->last_notify), "%s", line);
		osnd_notify_status(line);
	}
}

void osnd_state_free(struct osnd *d)
{
	free(d->bad);
	d->bad = NULL;
	d->nbad = d->capbad = 0;
}
