// SPDX-License-Identifier: GPL-2.0
/*
 * log.c - stderr logging with sd-daemon priority prefixes for the journal
 * (or a program-name prefix on a terminal), and the rate limiter.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "log.h"

static int style = -1;	/* 1: "<N>" prefixes, 0: "oomsnapd: " */

void osnd_log_init(void)
{
	style = getenv("JOURNAL_STREAM") || !isatty(STDERR_FILENO);
}

void osnd_log(int prio, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;

	if (style < 0)
		osnd_log_init();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* One write per line: lines of concurrent writers never mix. */
	if (style)
		fprintf(stderr, "<%d>%s\n", prio & 7, buf);
	else
		fprintf(stderr, "oomsnapd: %s%s\n",
			prio <= LOG_ERR ? "error: " :
			prio == LOG_WARNING ? "warning: " : "", buf);
	fflush(stderr);
}

bool osnd_ratelimit_ok(struct osnd_ratelimit *rl, time_t now,
		       unsigned long *suppressed)
{
	if (rl->last && now - rl->last < rl->interval) {
		rl->suppressed++;
		return false;
	}
	rl->last = now ? now : 1;
	if (suppressed)
		*suppressed = rl->suppressed;
	rl->suppressed = 0;
	return true;
}

time_t osnd_now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}
