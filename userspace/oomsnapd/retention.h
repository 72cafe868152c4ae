/* SPDX-License-Identifier: GPL-2.0 */
/*
 * retention.h - keep the archive within --max-age (by the kill time in
 * each file's name) and --max-size (the sum of the files' sizes, oldest
 * removed first).  Never removes a file written less than
 * OSND_RETENTION_FLOOR_S ago, nor one a configured target has not
 * received (targets.h).  Every removal is logged.
 */
#ifndef OSND_RETENTION_H
#define OSND_RETENTION_H

#include <stdint.h>
#include <time.h>

#include "archive.h"

#define OSND_RETENTION_FLOOR_S	60
#define OSND_RETENTION_PERIOD_S	3600	/* also run hourly */

/*
 * One pass at wall-clock time now.  Returns how many files were removed
 * (>= 0), or -errno when the archive could not be scanned.  A file that
 * cannot be removed is logged and skipped.
 */
int osnd_retention_run(struct osn_archive *a, uint64_t max_age_s,
		       uint64_t max_size, time_t now);

#endif /* OSND_RETENTION_H */
