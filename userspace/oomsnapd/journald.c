// SPDX-License-Identifier: GPL-2.0
/*
 * journald.c - the journal target (journald = yes): one journal entry per
 * archive file, oldest first, with the fields of journald_fields.h, so
 * that `journalctl MESSAGE_ID=...` finds every kill and `journalctl -x`
 * explains it (oomsnap.catalog).  Its id is "journald": its cursor
 * survives restarts like a file target's.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The location fields would name this file, not the kill. */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

#include "journald_fields.h"
#include "log.h"
#include "record.h"
#include "targets.h"

/*
 * sd_journal_sendv() returns success when the journal's socket is missing
 * (no journald on this system): the record would be counted as delivered
 * and never sent.  So that case is an error here, and the record waits.
 */
#define JOURNAL_SOCKET	"/run/systemd/journal/socket"

/* Said once an hour, not at every pass. */
static struct osnd_ratelimit bad_file_rl = { .interval = 3600 };
static struct osnd_ratelimit no_journal_rl = { .interval = 3600 };

static int journal_running(void)
{
	if (!access(JOURNAL_SOCKET, F_OK))
		return 0;
	if (osnd_ratelimit_ok(&no_journal_rl, osnd_now_mono(), NULL))
		osnd_log(LOG_ERR, "target journald: the journal is not "
			 "running here (no %s); records wait for it.  Start "
			 "systemd-journald, or set journald = no",
			 JOURNAL_SOCKET);
	return -ENOTCONN;
}

static int journald_deliver(struct osnd_target *t, struct osn_archive *a,
			    const char *name)
{
	char path[PATH_MAX];
	struct osnd_jfields *f;
	struct osn_record rec;
	const char *why = NULL;
	int err, n;

	(void)t;
	err = journal_running();
	if (err)
		return err;
	n = snprintf(path, sizeof(path), "%s/%s", osn_archive_path(a), name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	err = osn_archive_read(a, name, &rec, &why);
	if (err == -ENOENT)
		return 0;	/* gone (retention, by hand): nothing to send */
	if (err == -EINVAL && osnd_ratelimit_ok(&bad_file_rl, osnd_now_mono(),
						NULL))
		osnd_log(LOG_ERR, "target journald: %s is not a record "
			 "oomsnapd can read (%s); it is not sent until it is "
			 "repaired or removed", path, why ? why : "invalid");
	if (err)
		return err;
	f = malloc(sizeof(*f));
	if (!f) {
		osn_record_free(&rec);
		return -ENOMEM;
	}
	err = osnd_journald_fields(&rec, path, f);
	if (!err)
		err = sd_journal_sendv(f->iov, f->n);
	free(f);
	osn_record_free(&rec);
	return err;
}

int osnd_journald_add(void)
{
	struct osnd_target *t;

	t = osnd_targets_add("journald", journald_deliver, NULL);
	if (!t)
		return -ENOSPC;
	snprintf(t->id, sizeof(t->id), "journald");
	return 0;
}
