// SPDX-License-Identifier: GPL-2.0
/*
 * retention.c - remove archive files older than --max-age or beyond
 * --max-size, oldest first, sparing young files and files a target has
 * not received (see retention.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "retention.h"
#include "targets.h"

/* An age for people: whole days, hours, minutes or seconds. */
static void format_age(uint64_t s, char *buf, size_t size)
{
	if (s >= 86400)
		snprintf(buf, size, "%" PRIu64 "d", s / 86400);
	else if (s >= 3600)
		snprintf(buf, size, "%" PRIu64 "h", s / 3600);
	else if (s >= 60)
		snprintf(buf, size, "%" PRIu64 "m", s / 60);
	else
		snprintf(buf, size, "%" PRIu64 "s", s);
}

int osnd_retention_run(struct osn_archive *a, uint64_t max_age_s,
		       uint64_t max_size, time_t now)
{
	char why[128], x[32], y[32];
	struct osn_archive_entry *e;
	uint64_t total = 0, age;
	size_t n, i;
	bool old, over;
	int err, removed = 0;

	if (!max_age_s && !max_size)
		return 0;
	err = osn_archive_scan(a, &e, &n, NULL);
	if (err)
		return err;
	for (i = 0; i < n; i++)
		total += e[i].size;
	for (i = 0; i < n; i++) {
		age = (uint64_t)now > e[i].time_ns / 1000000000ULL ?
		      (uint64_t)now - e[i].time_ns / 1000000000ULL : 0;
		old = max_age_s && age > max_age_s;
		over = max_size && total > max_size;
		if (!old && !over)
			break;	/* newer files are younger, and it fits */
		if (now - e[i].mtime_s < OSND_RETENTION_FLOOR_S ||
		    !osnd_targets_received(e[i].name))
			continue;
		if (old) {
			format_age(age, x, sizeof(x));
			osnd_format_duration(max_age_s, y, sizeof(y));
			snprintf(why, sizeof(why), "age %s > max-age %s", x, y);
		} else {
			snprintf(why, sizeof(why), "archive %" PRIu64 " bytes "
				 "> max-size %" PRIu64, total, max_size);
		}
		err = osn_archive_remove(a, e[i].name);
		if (err && err != -ENOENT) {
			osnd_log(LOG_WARNING, "retention: cannot remove %s/%s "
				 "(%s): %s", osn_archive_path(a), e[i].name,
				 why, strerror(-err));
			continue;
		}
		osnd_log(LOG_INFO, "retention: removed %s (%s)", e[i].name,
			 why);
		total -= e[i].size;
		removed++;
	}
	free(e);
	return removed;
}
