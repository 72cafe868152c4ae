// SPDX-License-Identifier: GPL-2.0
/*
 * notify.c - sd_notify() readiness, status and watchdog pings (libsystemd).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <systemd/sd-daemon.h>

#include "log.h"
#include "notify.h"

static uint64_t half_usec;	/* 0: no watchdog */
static uint64_t last_kick;	/* CLOCK_MONOTONIC, us */

static uint64_t mono_usec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int osnd_watchdog_init(void)
{
	uint64_t usec = 0;
	int r = sd_watchdog_enabled(0, &usec);

	if (r < 0)
		osnd_log(LOG_WARNING, "cannot read the watchdog setting "
			 "(WATCHDOG_USEC): %s; running without a watchdog",
			 strerror(-r));
	if (r <= 0 || !usec)
		return -1;
	half_usec = usec / 2;
	last_kick = mono_usec();
	sd_notify(0, "WATCHDOG=1");
	return half_usec / 1000 > 0 ? (int)(half_usec / 1000) : 1;
}

void osnd_watchdog_kick(void)
{
	uint64_t now;

	if (!half_usec)
		return;
	now = mono_usec();
	/* A little early rather than late: the loop may sleep a full half. */
	if (now - last_kick + half_usec / 10 >= half_usec) {
		sd_notify(0, "WATCHDOG=1");
		last_kick = now;
	}
}

void osnd_notify_ready(const char *status)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "READY=1\nSTATUS=%s", status);
	sd_notify(0, buf);
}

void osnd_notify_status(const char *status)
{
	char buf[512];

	snprintf(buf, sizeof(buf), "STATUS=%s", status);
	sd_notify(0, buf);
}

void osnd_notify_stopping(void)
{
	sd_notify(0, "STOPPING=1");
}
