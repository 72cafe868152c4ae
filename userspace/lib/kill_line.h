/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kill_line.h - the one line that says what the OOM killer did with a
 * record's victim, as the kernel logs it (mm/oom_kill.c,
 * __oom_kill_process()): the report's last line, the journal's MESSAGE and
 * the syslog MSG, from one place.  Pure; never prints.
 */
#ifndef OSN_KILL_LINE_H
#define OSN_KILL_LINE_H

#include <stddef.h>

#include "record.h"

/* Room for any kill line: the longest is under 400 bytes. */
#define OSN_KILL_LINE_LEN	512

/*
 * The line of rec into buf, without a newline:
 *   - a kill: "Out of memory: Killed process 1234 (comm) total-vm:...kB,
 *     anon-rss:...kB, file-rss:...kB, shmem-rss:...kB, UID:0
 *     pgtables:...kB oom_score_adj:0" ("Memory cgroup out of memory" for a
 *     memcg OOM), exactly as the kernel's pr_err();
 *   - a victim without memory (no_mm): the kernel's "...: OOM victim 1234
 *     (comm) is already exiting. Skip killing the task";
 *   - a victim that was exiting (reaped, not killed; the kernel logs
 *     nothing): "...: process 1234 (comm) was already exiting; its memory
 *     was reaped without a kill";
 *   - a panic record (no victim): "Out of memory: panic_on_oom is
 *     enabled; the kernel panicked, no process was killed".
 * comm has its control characters as "\xNN" (osn_escape()); other bytes
 * are kept, so the line is valid UTF-8 only when comm is.
 *
 * Returns the length of the line; -EINVAL when rec or buf is NULL;
 * -ENOSPC when it does not fit in size bytes (OSN_KILL_LINE_LEN always
 * does), buf then holding as much as fits.
 */
int osn_kill_line(const struct osn_record *rec, char *buf, size_t size);

#endif /* OSN_KILL_LINE_H */
