/* SPDX-License-Identifier: GPL-2.0 */
/*
 * log.h - oomsnapd's messages, on stderr.  Under systemd (JOURNAL_STREAM
 * set) or whenever stderr is not a terminal, each line starts with the
 * sd-daemon priority prefix ("<3>" for an error, see sd-daemon.h), so the
 * journal files it at the right level; on a terminal it starts with
 * "oomsnapd: ".  And a rate limit for messages that could repeat.
 */
#ifndef OSND_LOG_H
#define OSND_LOG_H

#include <stdbool.h>
#include <syslog.h>
#include <time.h>

/* prio: LOG_ERR, LOG_WARNING, LOG_NOTICE, LOG_INFO, LOG_DEBUG. */
void osnd_log(int prio, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Decide the prefix style again (after stderr changed; tests). */
void osnd_log_init(void);

/* At most one message per interval; the others are counted. */
struct osnd_ratelimit {
	time_t interval;	/* seconds */
	time_t last;		/* 0: never */
	unsigned long suppressed;
};

/*
 * May a message go out now?  When it may and earlier ones were held
 * back, *suppressed (if not NULL) says how many (and is reset).
 */
bool osnd_ratelimit_ok(struct osnd_ratelimit *rl, time_t now,
		       unsigned long *suppressed);

/* CLOCK_MONOTONIC seconds (never jumps with the wall clock). */
time_t osnd_now_mono(void);

#endif /* OSND_LOG_H */
