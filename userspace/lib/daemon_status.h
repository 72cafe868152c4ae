/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daemon_status.h - the runtime state of oomsnapd, as the daemon publishes
 * it in <runtime-dir>/oomsnapd.json (replaced atomically on every change)
 * and as `oomsnap status` reads it.  The keys are defined here once, for
 * both sides:
 *
 *   pid, version, state ("starting" | "waiting-for-module" | "ready" |
 *   "failing"), state_dir, archive_dir, records_archived (files written
 *   since the start), records_acked, records_pending (unacknowledged in
 *   the kernel, last seen), records_undecodable, records_gone,
 *   archive_error (null, or { error, errno, since (RFC 3339), record }),
 *   retention_deleted, targets (an array, one object per forwarding
 *   target: name, pending (archive files after its cursor), cursor (the
 *   newest archive file it received, or null), last_error (null, or the
 *   error's text), last_error_time (RFC 3339, or null)), updated (RFC 3339)
 *
 * Never prints; 0 or -errno.
 */
#ifndef OSN_DAEMON_STATUS_H
#define OSN_DAEMON_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include <json-c/json.h>

#include "archive.h"

#define OSN_RUNTIME_DIR_DEFAULT	"/run/oomsnap"
#define OSN_DAEMON_STATUS_FILE	"oomsnapd.json"

enum osn_daemon_state {
	OSN_DAEMON_STARTING,
	OSN_DAEMON_WAITING,		/* the module is not loaded */
	OSN_DAEMON_READY,		/* backlog archived, following */
	OSN_DAEMON_FAILING,		/* archive writes fail */
};

#define OSN_DAEMON_MAX_TARGETS	16
#define OSN_DAEMON_TARGET_NAME_LEN	128	/* "syslog tls://host:port" */

struct osn_daemon_target {
	char name[OSN_DAEMON_TARGET_NAME_LEN];
	char cursor[OSN_ARCHIVE_NAME_LEN];	/* "": nothing received */
	uint64_t pending;			/* archive files after cursor */
	int error_errno;			/* positive; 0: no error */
	uint64_t error_ns;			/* since the epoch */
};

struct osn_daemon_status {
	long pid;
	const char *version;
	enum osn_daemon_state state;
	const char *state_dir;
	const char *archive_dir;
	uint64_t archived, acked, pending, undecodable, gone;
	uint64_t retention_deleted;
	bool has_error;			/* the archive_error object */
	int error_errno;		/* positive */
	uint64_t error_since_ns;	/* since the epoch */
	char error_record[OSN_ARCHIVE_NAME_LEN];
	size_t ntargets;
	struct osn_daemon_target targets[OSN_DAEMON_MAX_TARGETS];
	uint64_t updated_ns;
};

/* "starting", "waiting-for-module", "ready", "failing". */
const char *osn_daemon_state_name(enum osn_daemon_state s);

/* The JSON object (new reference), or NULL when out of memory. */
struct json_object *osn_daemon_status_to_json(const struct osn_daemon_status *st);

/*
 * Write st as <runtime_dir>/oomsnapd.json: a temporary file
 * ".oomsnapd.json.tmp" in the same folder, then rename (readers never see
 * half a file).  Mode 0644.  Not fsynced: the folder is a tmpfs.
 */
int osn_daemon_status_write(const char *runtime_dir,
			    const struct osn_daemon_status *st);

/*
 * Read <runtime_dir>/oomsnapd.json (runtime_dir NULL: the default) into
 * *out (json_object_put() it).  -ENOENT: no file (the daemon never ran,
 * or stopped cleanly); -ESRCH: the file names a pid that is not alive
 * (the daemon died; *out is still set, for diagnostics); -EINVAL: not a
 * status object (no numeric "pid" or no string "state").
 */
int osn_daemon_status_read(const char *runtime_dir, struct json_object **out);

/* Remove the file (the daemon, at a clean exit). */
int osn_daemon_status_remove(const char *runtime_dir);

#endif /* OSN_DAEMON_STATUS_H */
