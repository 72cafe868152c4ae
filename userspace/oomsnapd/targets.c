// SPDX-License-Identifier: GPL-2.0
/*
 * targets.c - the table of forwarding targets and their cursors, kept in
 * memory and, for a target with an id, in <state-dir>/targets/<id>.cursor
 * (see targets.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "daemon.h"
#include "daemon_status.h"
#include "file_io.h"
#include "notify.h"
#include "syslog_target.h"
#include "targets.h"

#define MAX_TARGETS	OSN_DAEMON_MAX_TARGETS

static struct osnd_target targets[MAX_TARGETS];
static size_t ntargets;
/* <dir>/.<id>.cursor.tmp */
#define CURSOR_PATH_LEN	(PATH_MAX + OSND_TARGET_ID_LEN + 32)

static char dir[PATH_MAX];		/* "": cursors in memory only */
static uint64_t retry_base;		/* 0: no back-off */

struct osnd_target *osnd_targets_add(const char *name, osnd_deliver_fn deliver,
				     void *priv)
{
	struct osnd_target *t;

	if (ntargets == MAX_TARGETS)
		return NULL;
	t = &targets[ntargets++];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->deliver = deliver;
	t->priv = priv;
	t->rl.interval = OSND_LOG_INTERVAL_S;
	return t;
}

void osnd_targets_clear(void)
{
	osnd_syslog_clear();
	memset(targets, 0, sizeof(targets));
	ntargets = 0;
	dir[0] = '\0';
}

size_t osnd_targets_count(void)
{
	return ntargets;
}

void osnd_target_id(const char *prefix, const char *text, char *buf,
		    size_t size)
{
	uint32_t h = 2166136261u;	/* FNV-1a, for names too long */
	size_t n, i;
	const char *p;
	char c;

	n = snprintf(buf, size, "%s-", prefix);
	for (p = text; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	if (n + strlen(text) >= size) {
		snprintf(buf + n, size - n, "%08" PRIx32, h);
		return;
	}
	for (i = 0; text[i]; i++) {
		c = text[i];
		buf[n++] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			   (c >= '0' && c <= '9') || c == '.' || c == '-' ?
			   c : '_';
	}
	buf[n] = '\0';
}

static int read_cursor(struct osnd_target *t)
{
	char path[CURSOR_PATH_LEN], buf[OSN_ARCHIVE_NAME_LEN + 2];
	size_t len;
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/%s.cursor", dir, t->id);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	if (!fgets(buf, sizeof(buf), f)) {
		buf[0] = '\0';	/* empty: nothing received */
		if (ferror(f))
			err = -EIO;
	}
	fclose(f);
	len = strcspn(buf, "\n");
	buf[len] = '\0';
	if (!err && len && osn_archive_parse_name(buf, NULL, NULL, NULL))
		err = -EINVAL;
	if (!err)
		snprintf(t->cursor, sizeof(t->cursor), "%s", buf);
	return err;
}

int osnd_targets_setup(const struct osnd_config *cfg)
{
	size_t i;
	int err;

	osnd_targets_clear();
	if (cfg->jsonl[0] && osnd_jsonl_add(cfg->jsonl))
		return -ENOSPC;
	if (cfg->textfile[0] && osnd_textfile_add(cfg->textfile))
		return -ENOSPC;
	if (cfg->journald && osnd_journald_add())
		return -ENOSPC;
	for (i = 0; i < cfg->nsyslog; i++) {
		err = osnd_syslog_add(cfg, cfg->syslog[i]);
		if (err)
			return err;
	}
	if (!ntargets)
		return 0;
	err = osnd_targets_load(cfg->state_dir);
	if (err == -ENAMETOOLONG)
		osnd_log(LOG_ERR, "the state folder %s is too long a path for "
			 "%s; choose a shorter one", cfg->state_dir,
			 OSND_TARGETS_SUBDIR);
	return err;
}

int osnd_targets_load(const char *state_dir)
{
	size_t i;
	int err;

	if (snprintf(dir, sizeof(dir), "%s/" OSND_TARGETS_SUBDIR, state_dir) >=
	    (int)sizeof(dir) - OSND_TARGET_ID_LEN - 16) {
		dir[0] = '\0';
		return -ENAMETOOLONG;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		err = -errno;
		osnd_log(LOG_ERR, "cannot create %s (the targets' cursors): "
			 "%s; check the state folder", dir, strerror(-err));
		dir[0] = '\0';
		return err;
	}
	for (i = 0; i < ntargets; i++) {
		if (!targets[i].id[0])
			continue;
		err = read_cursor(&targets[i]);
		if (err) {
			osnd_log(LOG_ERR, "target %s: cannot read its cursor "
				 "%s/%s.cursor: %s; fix or remove that file "
				 "(removed: the target receives every archive "
				 "file again)", targets[i].name, dir,
				 targets[i].id, strerror(-err));
			return err;
		}
		if (targets[i].cursor[0])
			osnd_log(LOG_INFO, "target %s: received up to %s",
				 targets[i].name, targets[i].cursor);
	}
	return 0;
}

const char *osnd_targets_dir(void)
{
	return dir;
}

int osnd_write_atomic(const char *path, const char *data, size_t len)
{
	struct iovec iov = { (void *)data, len };

	return osn_replace_file(path, &iov, 1, 0644, true);
}

static int write_cursor(const struct osnd_target *t)
{
	char path[CURSOR_PATH_LEN], buf[OSN_ARCHIVE_NAME_LEN + 1];

	snprintf(path, sizeof(path), "%s/%s.cursor", dir, t->id);
	snprintf(buf, sizeof(buf), "%s\n", t->cursor);
	return osnd_write_atomic(path, buf, strlen(buf));
}

bool osnd_targets_received(const char *name)
{
	size_t i;

	for (i = 0; i < ntargets; i++)
		if (!targets[i].cursor[0] ||
		    strcmp(name, targets[i].cursor) > 0)
			return false;
	return true;
}

void osnd_targets_set_retry(uint64_t retry_s)
{
	retry_base = retry_s;
}

time_t osnd_targets_next_try(void)
{
	time_t next = 0;
	size_t i;

	for (i = 0; i < ntargets; i++)
		if (targets[i].next_try && (!next || targets[i].next_try < next))
			next = targets[i].next_try;
	return next;
}

static void back_off(struct osnd_target *t)
{
	uint64_t cap = retry_base > OSND_TARGET_BACKOFF_MAX_S ? retry_base :
		       OSND_TARGET_BACKOFF_MAX_S, delay = retry_base;
	unsigned int i;

	if (t->failures < UINT_MAX)
		t->failures++;
	if (!retry_base)
		return;
	for (i = 1; i < t->failures && delay < cap; i++)
		delay *= 2;
	t->next_try = osnd_now_mono() + (time_t)(delay < cap ? delay : cap);
}

static void failed(struct osnd_target *t, int err, const char *what,
		   const char *name)
{
	unsigned long held = 0;

	struct timespec ts;

	back_off(t);
	if (t->last_error != err)
		t->rl.last = 0;	/* a new error is always told */
	t->last_error = err;
	clock_gettime(CLOCK_REALTIME, &ts);
	t->last_error_ns = (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
	if (osnd_ratelimit_ok(&t->rl, osnd_now_mono(), &held))
		osnd_log(LOG_WARNING, "target %s: failed to %s %s: %s; trying "
			 "again later%s", t->name, what, name, strerror(-err),
			 held ? " (repeated failures not logged)" : "");
}

void osnd_targets_status(struct osn_daemon_status *st)
{
	struct osn_daemon_target *o;
	size_t i;

	st->ntargets = 0;
	for (i = 0; i < ntargets && i < OSN_DAEMON_MAX_TARGETS; i++) {
		o = &st->targets[st->ntargets++];
		_Static_assert(sizeof(o->name) == sizeof(targets[i].name) &&
			       sizeof(o->cursor) == sizeof(targets[i].cursor),
			       "osn_daemon_target and osnd_target differ");
		memcpy(o->name, targets[i].name, sizeof(o->name));
		memcpy(o->cursor, targets[i].cursor, sizeof(o->cursor));
		o->pending = targets[i].pending;
		o->error_errno = -targets[i].last_error;
		o->error_ns = targets[i].last_error_ns;
	}
}

int osnd_targets_catch_up(struct osn_archive *a)
{
	struct osn_archive_entry *e;
	struct osnd_target *t;
	size_t n, i, j;
	int err, nfailed = 0;

	if (!ntargets)
		return 0;
	err = osn_archive_scan(a, &e, &n, NULL);
	if (err)
		return err;
	for (i = 0; i < ntargets; i++) {
		t = &targets[i];
		if (!t->deliver || (t->next_try && osnd_now_mono() < t->next_try))
			continue;
		t->next_try = 0;
		err = 0;
		for (j = 0; j < n; j++) {
			if (t->cursor[0] && strcmp(e[j].name, t->cursor) <= 0)
				continue;
			err = t->deliver(t, a, e[j].name);
			osnd_watchdog_kick();	/* a slow collector is not a hang */
			if (err) {
				failed(t, err, "deliver", e[j].name);
				nfailed++;
				break;
			}
			snprintf(t->cursor, sizeof(t->cursor), "%s",
				 e[j].name);
			/* Not saved: delivered again after a restart. */
			if (t->id[0] && dir[0]) {
				err = write_cursor(t);
				if (err) {
					failed(t, err, "save the cursor at",
					       e[j].name);
					nfailed++;
					break;
				}
			}
		}
		if (!err && t->flush) {
			err = t->flush(t);
			if (err) {
				failed(t, err, "write", "its file");
				nfailed++;
			}
		}
		t->pending = 0;
		for (j = 0; j < n; j++)
			if (!t->cursor[0] || strcmp(e[j].name, t->cursor) > 0)
				t->pending++;
		if (!err)
			t->failures = 0;
		if (!err && t->last_error) {
			osnd_log(LOG_NOTICE, "target %s: works again (it failed "
				 "with: %s)", t->name, strerror(-t->last_error));
			t->last_error = 0;
		}
	}
	free(e);
	return nfailed;
}
