// SPDX-License-Identifier: GPL-2.0
/*
 * journald_fields.c - build the journal entry of a record (see
 * journald_fields.h), each field "NAME=value" in one text buffer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "format.h"
#include "journald_fields.h"
#include "kill_line.h"
#include "json_bytes.h"

/* Append one field; -ENOSPC when the text or the list is full. */
static int __attribute__((format(printf, 3, 4)))
field(struct osnd_jfields *f, const char *name, const char *fmt, ...)
{
	size_t room = sizeof(f->text) - f->used;
	char *p = f->text + f->used;
	va_list ap;
	int n, m;

	if (f->n == OSND_JFIELDS_MAX)
		return -ENOSPC;
	n = snprintf(p, room, "%s=", name);
	if (n < 0 || (size_t)n >= room)
		return -ENOSPC;
	va_start(ap, fmt);
	m = vsnprintf(p + n, room - n, fmt, ap);
	va_end(ap);
	if (m < 0 || (size_t)m >= room - n)
		return -ENOSPC;
	f->iov[f->n].iov_base = p;
	f->iov[f->n].iov_len = n + m;
	f->n++;
	f->used += n + m + 1;
	return 0;
}

/* The victim's fields, when there was one. */
static int victim_fields(const struct osn_record *rec, struct osnd_jfields *f)
{
	const struct osn_task *v = &rec->victim;
	char comm[OSN_UTF8_FIX_LEN(OOMSNAP_COMM_LEN)];
	int err;

	osn_utf8_fix(v->comm, comm, sizeof(comm));
	err = field(f, "OOMSNAP_VICTIM_PID", "%" PRIu32, v->pid);
	if (!err)
		err = field(f, "OOMSNAP_VICTIM_COMM", "%s", comm);
	if (!err && !v->no_mm)
		err = field(f, "OOMSNAP_VICTIM_RSS_KB", "%" PRIu64,
			    osn_pages_to_kb(osn_task_rss_pages(v),
					    rec->page_size));
	return err;
}

int osnd_journald_fields(const struct osn_record *rec, const char *path,
			 struct osnd_jfields *out)
{
	char line[OSN_KILL_LINE_LEN], msg[OSN_UTF8_FIX_LEN(OSN_KILL_LINE_LEN)];
	char memcg[OSN_UTF8_FIX_LEN(OOMSNAP_PATH_LEN)];
	char boot[OSN_BOOT_ID_STR_LEN], kind[OSN_ENUM_LEN];
	int err;

	if (!rec || !path || !out)
		return -EINVAL;
	if (strlen(path) >= PATH_MAX)
		return -ENAMETOOLONG;
	out->n = 0;
	out->used = 0;
	err = osn_kill_line(rec, line, sizeof(line));
	if (err < 0)
		return err;
	osn_utf8_fix(line, msg, sizeof(msg));

	err = field(out, "MESSAGE_ID", "%s", OSND_JOURNALD_MESSAGE_ID);
	if (!err)
		err = field(out, "PRIORITY", "%d", rec->panic ? 2 : 3);
	if (!err)
		err = field(out, "SYSLOG_IDENTIFIER", "oomsnap");
	if (!err)
		err = field(out, "MESSAGE", "%s", msg);
	if (!err)
		err = field(out, "OOMSNAP_SEQ", "%" PRIu64, rec->seq);
	if (!err && rec->has_boot_id &&
	    !osn_format_boot_id(rec->boot_id, boot, sizeof(boot)))
		err = field(out, "OOMSNAP_BOOT_ID", "%s", boot);
	if (!err)
		err = field(out, "OOMSNAP_KILL_TIME_USEC", "%" PRIu64,
			    rec->time_ns / 1000);
	if (!err)
		err = field(out, "OOMSNAP_KIND", "%s",
			    osn_kind_str(rec->kind, kind, sizeof(kind)));
	if (!err && rec->has_victim)
		err = victim_fields(rec, out);
	if (!err && rec->has_memcg) {
		osn_utf8_fix(rec->memcg_path, memcg, sizeof(memcg));
		err = field(out, "OOMSNAP_MEMCG", "%s", memcg);
	}
	if (!err)
		err = field(out, "OOMSNAP_RECORD", "%s", path);
	return err;
}
