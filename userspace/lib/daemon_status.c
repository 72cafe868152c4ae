// SPDX-License-Identifier: GPL-2.0
/*
 * daemon_status.c - build, write atomically and read back oomsnapd's
 * runtime state file (see daemon_status.h).  Never prints.
 */
#define _GNU_SOURCE		/* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon_status.h"
#include "file_io.h"
#include "json_util.h"

static const char *const state_names[] = {
	[OSN_DAEMON_STARTING] = "starting",
	[OSN_DAEMON_WAITING] = "waiting-for-module",
	[OSN_DAEMON_READY] = "ready",
	[OSN_DAEMON_FAILING] = "failing",
};

const char *osn_daemon_state_name(enum osn_daemon_state s)
{
	if ((unsigned int)s >= sizeof(state_names) / sizeof(state_names[0]))
		return "unknown";
	return state_names[s];
}

static struct json_object *error_json(const struct osn_daemon_status *st)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (jadd_str(o, "error", strerror(st->error_errno)) ||
	    jadd_int(o, "errno", st->error_errno) ||
	    jadd_time(o, "since", true, st->error_since_ns) ||
	    jadd_str(o, "record", st->error_record[0] ? st->error_record :
		     NULL)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *targets_json(const struct osn_daemon_status *st)
{
	struct json_object *a = json_object_new_array(), *o;
	const struct osn_daemon_target *t;
	size_t i;

	for (i = 0; a && i < st->ntargets; i++) {
		t = &st->targets[i];
		o = json_object_new_object();
		if (!o || json_object_array_add(a, o)) {
			json_object_put(o);
			goto fail;
		}
		if (jadd_str(o, "name", t->name) ||
		    jadd_uint(o, "pending", t->pending) ||
		    jadd_str(o, "cursor", t->cursor[0] ? t->cursor : NULL) ||
		    jadd_str(o, "last_error", t->error_errno ?
			     strerror(t->error_errno) : NULL) ||
		    jadd_time(o, "last_error_time", t->error_errno != 0,
			      t->error_ns))
			goto fail;
	}
	return a;
fail:
	json_object_put(a);
	return NULL;
}

struct json_object *osn_daemon_status_to_json(const struct osn_daemon_status *st)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (jadd_int(o, "pid", st->pid) ||
	    jadd_str(o, "version", st->version) ||
	    jadd_str(o, "state", osn_daemon_state_name(st->state)) ||
	    jadd_str(o, "state_dir", st->state_dir) ||
	    jadd_str(o, "archive_dir", st->archive_dir) ||
	    jadd_uint(o, "records_archived", st->archived) ||
	    jadd_uint(o, "records_acked", st->acked) ||
	    jadd_uint(o, "records_pending", st->pending) ||
	    jadd_uint(o, "records_undecodable", st->undecodable) ||
	    jadd_uint(o, "records_gone", st->gone) ||
	    (st->has_error ? jadd(o, "archive_error", error_json(st)) :
			     jadd_null(o, "archive_error")) ||
	    jadd_uint(o, "retention_deleted", st->retention_deleted) ||
	    jadd(o, "targets", targets_json(st)) ||
	    jadd_time(o, "updated", true, st->updated_ns)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int path_of(const char *dir, const char *name, char **out)
{
	if (asprintf(out, "%s/%s", dir ? dir : OSN_RUNTIME_DIR_DEFAULT,
		     name) < 0) {
		*out = NULL;
		return -ENOMEM;
	}
	return 0;
}

int osn_daemon_status_write(const char *runtime_dir,
			    const struct osn_daemon_status *st)
{
	struct iovec iov[2];
	struct json_object *o;
	const char *text;
	char *path = NULL;
	int err;

	o = osn_daemon_status_to_json(st);
	if (!o)
		return -ENOMEM;
	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_SPACED |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	err = path_of(runtime_dir, OSN_DAEMON_STATUS_FILE, &path);
	if (!err && !text)
		err = -ENOMEM;
	if (!err) {
		iov[0] = (struct iovec){ (void *)text, strlen(text) };
		iov[1] = (struct iovec){ "\n", 1 };
		/* In /run (a tmpfs): atomic for readers, no fsync needed. */
		err = osn_replace_file(path, iov, 2, 0644, false);
	}
	free(path);
	json_object_put(o);
	return err;
}

int osn_daemon_status_read(const char *runtime_dir, struct json_object **out)
{
	struct json_object *o, *pid, *state;
	char *path;
	int err;

	*out = NULL;
	err = path_of(runtime_dir, OSN_DAEMON_STATUS_FILE, &path);
	if (err)
		return err;
	if (access(path, F_OK)) {
		err = -errno;
		free(path);
		return err;
	}
	o = json_object_from_file(path);
	free(path);
	if (!o)
		return -EINVAL;
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "pid", &pid) ||
	    !json_object_is_type(pid, json_type_int) ||
	    !json_object_object_get_ex(o, "state", &state) ||
	    !json_object_is_type(state, json_type_string)) {
		json_object_put(o);
		return -EINVAL;
	}
	*out = o;
	if (json_object_get_int64(pid) <= 0 ||
	    (kill((pid_t)json_object_get_int64(pid), 0) && errno == ESRCH))
		return -ESRCH;
	return 0;
}

int osn_daemon_status_remove(const char *runtime_dir)
{
	char *path;
	int err;

	err = path_of(runtime_dir, OSN_DAEMON_STATUS_FILE, &path);
	if (err)
		return err;
	err = unlink(path) && errno != ENOENT ? -errno : 0;
	free(path);
	return err;
}
