/* SPDX-License-Identifier: GPL-2.0 */
/*
 * journald_fields.h - the journal entry of one archived record, as the
 * field list sd_journal_sendv() takes (journald.c sends it):
 *
 *   MESSAGE_ID         OSND_JOURNALD_MESSAGE_ID (oomsnap.catalog explains
 *                      it to `journalctl -x`)
 *   PRIORITY           3 (err); 2 (crit) for a panic record
 *   SYSLOG_IDENTIFIER  oomsnap
 *   MESSAGE            the kernel's kill line (kill_line.h)
 *   OOMSNAP_SEQ, OOMSNAP_BOOT_ID (the record's boot, a UUID; when the
 *   record has one), OOMSNAP_KILL_TIME_USEC (since the epoch),
 *   OOMSNAP_KIND, OOMSNAP_VICTIM_PID, OOMSNAP_VICTIM_COMM and
 *   OOMSNAP_VICTIM_RSS_KB (when there was a victim; RSS when its memory
 *   was read), OOMSNAP_MEMCG (a memcg OOM), OOMSNAP_RECORD (the archive
 *   file's path).
 *
 * Text is valid UTF-8 (each invalid byte U+FFFD, as in the archive's
 * JSON), so journalctl shows it as text.  Pure; never prints.
 */
#ifndef OSND_JOURNALD_FIELDS_H
#define OSND_JOURNALD_FIELDS_H

#include <limits.h>
#include <stddef.h>
#include <sys/uio.h>

#include "record.h"

/*
 * oomsnap's kill entries; made once with `systemd-id128 new`, never to
 * change.  oomsnap.catalog's "-- <id>" line must be this (a unit test
 * checks).
 */
#define OSND_JOURNALD_MESSAGE_ID	"4a89da8983864f77b4c76f2aae540db5"

#define OSND_JFIELDS_MAX	16
#define OSND_JFIELDS_TEXT	(2 * PATH_MAX + 4096)

struct osnd_jfields {
	struct iovec iov[OSND_JFIELDS_MAX];	/* "NAME=value", no NUL */
	size_t n;
	char text[OSND_JFIELDS_TEXT];		/* what iov points into */
	size_t used;
};

/*
 * The fields of rec, whose archive file is path, into *out (need not be
 * initialized; it owns nothing).  0; -EINVAL when rec or path is NULL;
 * -ENAMETOOLONG when path is longer than PATH_MAX.
 */
int osnd_journald_fields(const struct osn_record *rec, const char *path,
			 struct osnd_jfields *out);

#endif /* OSND_JOURNALD_FIELDS_H */
