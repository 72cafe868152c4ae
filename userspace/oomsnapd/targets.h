/* SPDX-License-Identifier: GPL-2.0 */
/*
 * targets.h - forwarding targets: where archived records go besides the
 * archive (jsonl.c, textfile.c).  Each target has a name, an id and a cursor,
 * the name of the newest archive file it has received (archive names sort
 * by kill time), so that retention can ask "has every configured target
 * received this file?".  With no target configured the answer is always
 * yes and there is nothing to deliver.
 *
 * The outbox: the cursor of a target with an id is kept in
 * <state-dir>/targets/<id>.cursor (one line, the archive file name),
 * replaced atomically (temporary file, fsync, rename, fsync of the folder)
 * AFTER the target confirmed a delivery, and read back at start.  A crash
 * between the delivery and the cursor update delivers that record again
 * (at least once, never lost).  A target without a cursor file (newly
 * configured) starts from the oldest archive file still present.
 */
#ifndef OSND_TARGETS_H
#define OSND_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "archive.h"
#include "daemon_status.h"
#include "log.h"

struct osnd_target;

/*
 * Hand archive file name (of a) to target t: 0 when it has it (the
 * cursor then moves to name), -errno to try again later.
 */
typedef int (*osnd_deliver_fn)(struct osnd_target *t, struct osn_archive *a,
			       const char *name);
/* After each catch-up pass (optional): 0 or -errno, tried again later. */
typedef int (*osnd_flush_fn)(struct osnd_target *t);

#define OSND_TARGETS_SUBDIR	"targets"
#define OSND_TARGET_ID_LEN	128

struct osnd_target {
	char name[OSN_DAEMON_TARGET_NAME_LEN];
	char id[OSND_TARGET_ID_LEN];		/* "": cursor in memory only */
	char cursor[OSN_ARCHIVE_NAME_LEN];	/* "": nothing received */
	osnd_deliver_fn deliver;		/* NULL: never delivers */
	osnd_flush_fn flush;
	void *priv;
	int last_error;				/* -errno of the last failure; 0 */
	uint64_t last_error_ns;			/* its time, since the epoch */
	uint64_t pending;			/* files after the cursor, last pass */
	unsigned int failures;			/* in a row; 0 after a success */
	time_t next_try;			/* mono; 0: at the next pass */
	struct osnd_ratelimit rl;		/* its messages */
};

/* Configure a target (NULL when out of room: OSN_DAEMON_MAX_TARGETS). */
struct osnd_target *osnd_targets_add(const char *name, osnd_deliver_fn deliver,
				     void *priv);

/*
 * The targets of cfg (jsonl, textfile), their cursors loaded from the
 * state folder (osnd_targets_load); 0 or -errno (logged).
 */
struct osnd_config;
int osnd_targets_setup(const struct osnd_config *cfg);

/*
 * Persist the cursors in <state_dir>/targets (made 0700 if missing):
 * read each target's cursor file now (none: the target starts from the
 * oldest archive file), write it after every delivery from now on.
 * -errno when the folder cannot be made or a cursor file not read.
 */
int osnd_targets_load(const char *state_dir);

/* Each target's name, cursor, pending count and last error into st. */
struct osn_daemon_status;
void osnd_targets_status(struct osn_daemon_status *st);

/* "<state-dir>/targets" once loaded; "" before. */
const char *osnd_targets_dir(void);

/* Write path with data atomically: path.tmp, fsync, rename, fsync dir. */
int osnd_write_atomic(const char *path, const char *data, size_t len);

/* A file name from any text: [A-Za-z0-9._-] kept, the rest '_'. */
void osnd_target_id(const char *prefix, const char *text, char *buf,
		    size_t size);
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

/*
 * Back off from a failing target: after its n-th failure in a row it is
 * skipped by osnd_targets_catch_up() for retry_s * 2^(n-1) seconds, at
 * most OSND_TARGET_BACKOFF_MAX_S (or retry_s when that is longer), so a
 * collector that is down does not stall the daemon at every pass.  0 (the
 * default): every pass tries every target.
 */
#define OSND_TARGET_BACKOFF_MAX_S	60
void osnd_targets_set_retry(uint64_t retry_s);
/* The monotonic time the next skipped target is due (0: none waits). */
time_t osnd_targets_next_try(void);

/*
 * jsonl.c: the JSON Lines target, "jsonl-<path>": each archive file's
 * JSON on one line (keys as `oomsnap show --json`), appended to path
 * (O_APPEND, created 0600) and fsynced before the cursor moves.
 */
int osnd_jsonl_add(const char *path);

/*
 * journald.c: the journal target, "journald": one entry per archive file
 * (the fields of journald_fields.h) by sd_journal_sendv().
 */
int osnd_journald_add(void);

/*
 * textfile.c: the node_exporter textfile target, "textfile": path (a
 * *.prom file) rewritten atomically after each pass that changed it.
 * Its counts survive retention in <state-dir>/targets/textfile.state.
 * osnd_textfile_module() gives it the module's STATUS (NULL: the module
 * is not loaded; its samples are left out).
 */
struct osn_status;
int osnd_textfile_add(const char *path);
void osnd_textfile_module(const struct osn_status *st);

#endif /* OSND_TARGETS_H */
