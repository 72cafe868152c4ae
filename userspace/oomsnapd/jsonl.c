// SPDX-License-Identifier: GPL-2.0
/*
 * jsonl.c - the JSON Lines target (--jsonl FILE): one line per archive
 * file, oldest first, for a log shipper to tail.  The line is the archive
 * file's own JSON (the record as `oomsnap show --json` prints it) without
 * the indentation, so both say the same thing with the same keys.  A
 * failed append is cut back to where it started, so a reader never sees
 * half a line followed by the same record again.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "file_io.h"
#include "targets.h"

static char jsonl_path[PATH_MAX];

static int jsonl_deliver(struct osnd_target *t, struct osn_archive *a,
			 const char *name)
{
	char src[PATH_MAX];
	struct json_object *o;
	const char *line;
	struct stat st = { 0 };
	int fd, err;

	(void)t;
	snprintf(src, sizeof(src), "%s/%s", osn_archive_path(a), name);
	o = json_object_from_file(src);
	if (!o)
		/* Gone (retention, by hand) or not JSON: nothing to send. */
		return access(src, F_OK) && errno == ENOENT ? 0 : -EINVAL;
	line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!line) {
		json_object_put(o);
		return -ENOMEM;
	}
	fd = open(jsonl_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC |
		  O_NOCTTY, 0600);
	if (fd < 0) {
		err = -errno;
		json_object_put(o);
		return err;
	}
	err = fstat(fd, &st) ? -errno : 0;
	if (!err)
		err = osn_write_all(fd, line, strlen(line));
	if (!err)
		err = osn_write_all(fd, "\n", 1);
	if (!err && fsync(fd))
		err = -errno;
	if (err && S_ISREG(st.st_mode) && ftruncate(fd, st.st_size) == 0)
		fsync(fd);
	if (close(fd) && !err)
		err = -errno;
	if (!err && !st.st_size)
		err = osn_fsync_parent(jsonl_path);	/* new: its name too */
	json_object_put(o);
	return err;
}

int osnd_jsonl_add(const char *path)
{
	struct osnd_target *t;

	snprintf(jsonl_path, sizeof(jsonl_path), "%s", path);
	t = osnd_targets_add("jsonl", jsonl_deliver, NULL);
	if (!t)
		return -ENOSPC;
	osnd_target_id("jsonl", path, t->id, sizeof(t->id));
	return 0;
}
