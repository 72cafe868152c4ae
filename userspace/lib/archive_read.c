// SPDX-License-Identifier: GPL-2.0
/*
 * archive_read.c - osn_archive_read(): one archive file back into a
 * record (archive.h).  The file is read whole (up to a limit), parsed as
 * exactly one JSON object, decoded with osn_record_from_json(), and its
 * name checked against the record it holds; earlier_boot is decided here,
 * from the running kernel's boot id, not taken from the file.  Never
 * prints.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "archive.h"
#include "archive_internal.h"
#include "record_json.h"

/*
 * The largest file read: a record of 32768 processes (max_tasks' default)
 * is about 25 MiB of pretty-printed JSON.
 */
#define ARCHIVE_MAX_BYTES	(256u << 20)
/* top level > tasks[] > a row, zones[] > a zone > lowmem_reserve[] */
#define ARCHIVE_MAX_DEPTH	8

static int read_file(struct osn_archive *a, const char *name, char **out,
		     size_t *len, const char **why)
{
	struct stat st;
	size_t got = 0;
	ssize_t n;
	char *buf;
	int fd, err;

	if (!name[0] || strchr(name, '/') || name[0] == '.') {
		*why = "not an archive file name";
		return -EINVAL;
	}
	fd = openat(a->dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return errno == ELOOP ? (*why = "a symbolic link", -EINVAL) :
		       -errno;
	if (fstat(fd, &st)) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		err = -EINVAL;
		goto out;
	}
	if ((uint64_t)st.st_size > ARCHIVE_MAX_BYTES) {
		*why = "larger than any record (256 MiB)";
		err = -EINVAL;
		goto out;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	/* Whatever is there now: a short or growing file is just read. */
	while (got < (size_t)st.st_size) {
		n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			free(buf);
			goto out;
		}
		if (!n)
			break;
		got += n;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	err = 0;
out:
	close(fd);
	return err;
}

/* Exactly one JSON object, then only white space. */
static int parse_text(const char *buf, size_t len, struct json_object **out,
		      const char **why)
{
	struct json_tokener *tok = json_tokener_new_ex(ARCHIVE_MAX_DEPTH);
	struct json_object *o;
	size_t end;

	if (!tok)
		return -ENOMEM;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
			       JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, buf, (int)len);
	if (!o) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		*why = e == json_tokener_continue ? "truncated JSON" :
		       e == json_tokener_error_depth ? "JSON nested too deep" :
		       "not valid JSON";
		json_tokener_free(tok);
		return -EINVAL;
	}
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	for (; end < len; end++) {
		if (!strchr(" \t\r\n", buf[end])) {
			json_object_put(o);
			*why = "more than one JSON value";
			return -EINVAL;
		}
	}
	*out = o;
	return 0;
}

/* The name says which record the file holds: it must be that one. */
static int check_name(const char *name, const struct osn_record *rec,
		      const char **why)
{
	static const uint8_t zero[OOMSNAP_BOOT_ID_BYTES];
	uint8_t boot[OOMSNAP_BOOT_ID_BYTES];
	uint64_t time_ns, seq;

	if (osn_archive_parse_name(name, &time_ns, boot, &seq)) {
		*why = "not an archive file name";
		return -EINVAL;
	}
	/* A file written before time_ns was rendered has microseconds. */
	if (seq != rec->seq ||
	    memcmp(boot, rec->has_boot_id ? rec->boot_id : zero,
		   sizeof(boot)) ||
	    time_ns / 1000 != rec->time_ns / 1000) {
		*why = "its name does not match the record it holds (boot id, "
		       "seq or time)";
		return -EINVAL;
	}
	return 0;
}

int osn_archive_read(struct osn_archive *a, const char *name,
		     struct osn_record *out, const char **why)
{
	uint8_t now[OOMSNAP_BOOT_ID_BYTES];
	struct json_object *o = NULL;
	const char *reason = NULL;
	struct osn_record rec;
	char *buf = NULL;
	size_t len = 0;
	int err;

	err = read_file(a, name, &buf, &len, &reason);
	if (!err)
		err = parse_text(buf, len, &o, &reason);
	free(buf);
	if (!err)
		err = osn_record_from_json(o, &rec, &reason);
	json_object_put(o);
	if (!err) {
		err = check_name(name, &rec, &reason);
		if (err)
			osn_record_free(&rec);
	}
	if (err) {
		if (why)
			*why = err == -EINVAL ? reason : NULL;
		return err;
	}
	/*
	 * A record without a boot id (a module too old to send one) cannot
	 * be placed; one read where the boot id cannot be read is taken
	 * for a record of an earlier boot.
	 */
	rec.earlier_boot = rec.has_boot_id &&
			   (osn_current_boot_id(now) ||
			    memcmp(now, rec.boot_id, sizeof(now)));
	osn_record_move(out, &rec);
	if (why)
		*why = NULL;
	return 0;
}
