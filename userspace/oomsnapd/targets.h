/* SPDX-License-Identifier: GPL-2.0 */
/*
 * targets.h - the place for forwarding targets: where archived records go
 * besides the archive (journald, syslog, JSON Lines, Prometheus: the next
 * issue).  Each target has a name and a cursor, the name of the newest
 * archive file it has received (archive names sort by kill time), so
 * that retention can ask "has every configured target received this
 * file?".  With no target configured (this version) the answer is always
 * yes and there is nothing to deliver.
 */
#ifndef OSND_TARGETS_H
#define OSND_TARGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "archive.h"

struct osnd_target;

/*
 * Hand archive file name (of a) to target t: 0 when it has it (the
 * cursor then moves to name), -errno to try again later.
 */
typedef int (*osnd_deliver_fn)(struct osnd_target *t, struct osn_archive *a,
			       const char *name);

struct osnd_target {
	char name[32];
	char cursor[OSN_ARCHIVE_NAME_LEN];	/* "": nothing received */
	osnd_deliver_fn deliver;		/* NULL: never delivers */
	void *priv;
};

/* Configure a target (NULL when out of room: at most 8). */
struct osnd_target *osnd_targets_add(const char *name, osnd_deliver_fn deliver,
				     void *priv);
/* Forget every target. */
void osnd_targets_clear(void);
size_t osnd_targets_count(void);

/* Has every configured target received archive file name? */
bool osnd_targets_received(const char *name);

/*
 * Give every target the archive files after its cursor, oldest first;
 * a target that fails is left for the next call.  Returns how many
 * deliveries failed (0: every target is up to date) or -errno when the
 * archive cannot be scanned.
 */
int osnd_targets_catch_up(struct osn_archive *a);

#endif /* OSND_TARGETS_H */
