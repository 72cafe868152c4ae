/* SPDX-License-Identifier: GPL-2.0 */
/*
 * notify.h - tell systemd how oomsnapd is doing (sd_notify): READY=1 once
 * the backlog is archived and the subscription is live, STATUS= with the
 * counts, WATCHDOG=1 from the main loop.  Without systemd (no
 * NOTIFY_SOCKET) every call does nothing.
 */
#ifndef OSND_NOTIFY_H
#define OSND_NOTIFY_H

#include <stdint.h>

/* Half the watchdog interval in ms (the loop's longest sleep), or -1
 * when systemd asked for no watchdog. */
int osnd_watchdog_init(void);

/* WATCHDOG=1, when the watchdog is on and half its interval has passed. */
void osnd_watchdog_kick(void);

void osnd_notify_ready(const char *status);
void osnd_notify_status(const char *status);
void osnd_notify_stopping(void);

#endif /* OSND_NOTIFY_H */
