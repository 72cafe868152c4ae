// SPDX-License-Identifier: GPL-2.0
/*
 * targets.c - the table of forwarding targets and their cursors (see
 * targets.h).  Empty in this version: the archive is the only target.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "targets.h"

#define MAX_TARGETS	8

static struct osnd_target targets[MAX_TARGETS];
static size_t ntargets;

struct osnd_target *osnd_targets_add(const char *name, osnd_deliver_fn deliver,
				     void *priv)
{
	struct osnd_target *t;

	if (ntargets == MAX_TARGETS)
		return NULL;
	t = &targets[ntargets++];
	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->deliver = deliver;
	t->priv = priv;
	return t;
}

void osnd_targets_clear(void)
{
	memset(targets, 0, sizeof(targets));
	ntargets = 0;
}

size_t osnd_targets_count(void)
{
	return ntargets;
}

bool osnd_targets_received(const char *name)
{
	size_t i;

	for (i = 0; i < ntargets; i++)
		if (!targets[i].cursor[0] ||
		    strcmp(name, targets[i].cursor) > 0)
			return false;
	return true;
}

int osnd_targets_catch_up(struct osn_archive *a)
{
	struct osn_archive_entry *e;
	struct osnd_target *t;
	size_t n, i, j;
	int err, failed = 0;

	if (!ntargets)
		return 0;
	err = osn_archive_scan(a, &e, &n, NULL);
	if (err)
		return err;
	for (i = 0; i < ntargets; i++) {
		t = &targets[i];
		if (!t->deliver)
			continue;
		for (j = 0; j < n; j++) {
			if (t->cursor[0] && strcmp(e[j].name, t->cursor) <= 0)
				continue;
			err = t->deliver(t, a, e[j].name);
			if (err) {
				osnd_log(LOG_WARNING, "target %s: failed to "
					 "deliver %s: %s; trying again later",
					 t->name, e[j].name, strerror(-err));
				failed++;
				break;
			}
			snprintf(t->cursor, sizeof(t->cursor), "%s",
				 e[j].name);
		}
	}
	free(e);
	return failed;
}
