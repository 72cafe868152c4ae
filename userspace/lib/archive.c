// SPDX-License-Identifier: GPL-2.0
/*
 * archive.c - the archive's file names, opening (and the clean-up of a
 * crash's temporary files), the durable write of one record, the scan of
 * every file and the removal of one (see archive.h for the contract).
 * Reading a file back is archive_read.c.  Never prints; 0 or -errno.
 */
#define _GNU_SOURCE		/* O_DIRECTORY, O_NOFOLLOW, reallocarray */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "archive.h"
#include "archive_internal.h"
#include "file_io.h"
#include "format.h"
#include "render_json.h"

#define NSEC_PER_SEC	1000000000ULL
#define TMP_PREFIX	".tmp."
/* "YYYYmmddTHHMMSS.nnnnnnnnnZ" */
#define TIME_PART_LEN	26

static int format_name(uint64_t time_ns, const uint8_t *boot_id,
		       uint64_t seq, char *buf, size_t size)
{
	time_t t = (time_t)(time_ns / NSEC_PER_SEC);
	char id[OSN_BOOT_ID_STR_LEN];
	struct tm tm;
	int n;

	if ((uint64_t)t != time_ns / NSEC_PER_SEC || !gmtime_r(&t, &tm) ||
	    tm.tm_year + 1900 > 9999)
		return -EINVAL;
	if (osn_format_boot_id(boot_id, id, sizeof(id)))
		return -EINVAL;
	n = snprintf(buf, size, "%04d%02d%02dT%02d%02d%02d.%09" PRIu64 "Z_%s_%"
		     PRIu64 ".json", tm.tm_year + 1900, tm.tm_mon + 1,
		     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		     (uint64_t)(time_ns % NSEC_PER_SEC), id, seq);
	if (n < 0 || (size_t)n >= size)
		return -ENOSPC;
	return 0;
}

int osn_archive_name(const struct osn_record *rec, char *buf, size_t size)
{
	static const uint8_t none[OOMSNAP_BOOT_ID_BYTES];

	return format_name(rec->time_ns, rec->has_boot_id ? rec->boot_id : none,
			   rec->seq, buf, size);
}

static int digits(const char *s, size_t n, unsigned int *out)
{
	unsigned int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -EINVAL;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

/*
 * Strict: the name must be exactly what format_name() makes of the values
 * it holds (checked by formatting them again), so that one record has one
 * name only.
 */
int osn_archive_parse_name(const char *name, uint64_t *time_ns,
			   uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES],
			   uint64_t *seq)
{
	unsigned int y, mo, d, h, mi, s, ns;
	char again[OSN_ARCHIVE_NAME_LEN];
	uint8_t id[OOMSNAP_BOOT_ID_BYTES];
	const char *p = name, *end;
	struct tm tm = { 0 };
	uint64_t sq = 0, tns;
	char uuid[OSN_BOOT_ID_STR_LEN];
	time_t t;

	if (strlen(name) >= OSN_ARCHIVE_NAME_LEN || strlen(name) <
	    TIME_PART_LEN + 1 + (OSN_BOOT_ID_STR_LEN - 1) + 2 + 5)
		return -EINVAL;
	if (digits(p, 4, &y) || digits(p + 4, 2, &mo) || digits(p + 6, 2, &d) ||
	    p[8] != 'T' || digits(p + 9, 2, &h) || digits(p + 11, 2, &mi) ||
	    digits(p + 13, 2, &s) || p[15] != '.' || digits(p + 16, 9, &ns) ||
	    p[25] != 'Z' || p[26] != '_')
		return -EINVAL;
	p += TIME_PART_LEN + 1;
	memcpy(uuid, p, OSN_BOOT_ID_STR_LEN - 1);
	uuid[OSN_BOOT_ID_STR_LEN - 1] = '\0';
	if (osn_parse_boot_id(uuid, id))
		return -EINVAL;
	p += OSN_BOOT_ID_STR_LEN - 1;
	if (*p++ != '_')
		return -EINVAL;
	end = strchr(p, '.');
	if (!end || end == p || strcmp(end, ".json"))
		return -EINVAL;
	for (; p < end; p++) {
		if (!isdigit((unsigned char)*p) ||
		    sq > (UINT64_MAX - (*p - '0')) / 10)
			return -EINVAL;
		sq = sq * 10 + (*p - '0');
	}
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	t = timegm(&tm);
	if (t < 0)
		return -EINVAL;
	tns = (uint64_t)t * NSEC_PER_SEC + ns;
	/* Out-of-range fields (month 13, leading zeros in seq) fail here. */
	if (format_name(tns, id, sq, again, sizeof(again)) ||
	    strcmp(again, name))
		return -EINVAL;
	if (time_ns)
		*time_ns = tns;
	if (boot_id)
		memcpy(boot_id, id, sizeof(id));
	if (seq)
		*seq = sq;
	return 0;
}

/* mkdir -p path (mode for each new level). */
static int make_dirs(const char *path, mode_t mode)
{
	char *p, *s = strdup(path);
	int err = 0;

	if (!s)
		return -ENOMEM;
	for (p = s + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(s, mode) && errno != EEXIST) {
			err = -errno;
			break;
		}
		*p = c;
		if (!c)
			break;
	}
	free(s);
	return err;
}

/* A DIR stream of the archive folder, its own descriptor (dirfd stays). */
static int open_listing(struct osn_archive *a, DIR **out)
{
	int fd = openat(a->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	*out = fdopendir(fd);
	if (!*out) {
		int err = -errno;

		close(fd);
		return err;
	}
	return 0;
}

static int remove_temps(struct osn_archive *a)
{
	struct dirent *de;
	DIR *d;
	int err;

	err = open_listing(a, &d);
	if (err)
		return err;
	while ((errno = 0, de = readdir(d))) {
		if (strncmp(de->d_name, TMP_PREFIX, strlen(TMP_PREFIX)))
			continue;
		if (unlinkat(a->dirfd, de->d_name, 0) && errno != ENOENT) {
			err = -errno;
			break;
		}
	}
	if (!de && errno)
		err = -errno;
	closedir(d);
	return err;
}

/* (Re)create the folders when a->create, and open a->dirfd. */
static int open_dir(struct osn_archive *a)
{
	int err, fd;

	if (a->create) {
		err = make_dirs(a->state_dir, 0755);
		if (!err && mkdir(a->dir, 0700) && errno != EEXIST)
			err = -errno;
		if (err)
			return err;
	}
	fd = open(a->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (a->dirfd >= 0)
		close(a->dirfd);
	a->dirfd = fd;
	return 0;
}

int osn_archive_open(const char *state_dir, bool create,
		     struct osn_archive **out)
{
	struct osn_archive *a;
	int err;

	*out = NULL;
	if (!state_dir)
		state_dir = OSN_STATE_DIR_DEFAULT;
	a = calloc(1, sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->dirfd = -1;
	a->state_dir = strdup(state_dir);
	if (!a->state_dir ||
	    asprintf(&a->dir, "%s/%s", state_dir, OSN_ARCHIVE_SUBDIR) < 0) {
		a->dir = NULL;
		err = -ENOMEM;
		goto fail;
	}
	a->create = create;
	err = open_dir(a);
	if (err)
		goto fail;
	if (create) {
		err = remove_temps(a);
		if (err)
			goto fail;
	}
	*out = a;
	return 0;
fail:
	osn_archive_close(a);
	return err;
}

void osn_archive_close(struct osn_archive *a)
{
	if (!a)
		return;
	if (a->dirfd >= 0)
		close(a->dirfd);
	free(a->dir);
	free(a->state_dir);
	free(a);
}

const char *osn_archive_path(const struct osn_archive *a)
{
	return a->dir;
}

int osn_archive_write(struct osn_archive *a, const struct osn_record *rec,
		      char *name, size_t size)
{
	char fname[OSN_ARCHIVE_NAME_LEN];
	char tmp[sizeof(TMP_PREFIX) + OSN_ARCHIVE_NAME_LEN];
	struct iovec iov[2];
	struct json_object *o;
	const char *text;
	int err;

	err = osn_archive_name(rec, fname, sizeof(fname));
	if (err)
		return err;
	if (name && size <= strlen(fname))
		return -ENOSPC;
	snprintf(tmp, sizeof(tmp), TMP_PREFIX "%s", fname);

	o = osn_record_to_json(rec);
	if (!o)
		return -ENOMEM;
	text = json_object_to_json_string_ext(o, OSN_JSON_FLAGS);
	if (!text) {
		json_object_put(o);
		return -ENOMEM;
	}

	iov[0] = (struct iovec){ (void *)text, strlen(text) };
	iov[1] = (struct iovec){ "\n", 1 };
	err = osn_replace_at(a->dirfd, tmp, fname, iov, 2, 0600, true);
	if (err == -ENOENT && a->create && !open_dir(a))
		/* the folder was removed under the daemon: made again */
		err = osn_replace_at(a->dirfd, tmp, fname, iov, 2, 0600, true);
	if (!err && name)
		snprintf(name, size, "%s", fname);
	json_object_put(o);
	return err;
}

static int cmp_entry(const void *x, const void *y)
{
	const struct osn_archive_entry *a = x, *b = y;

	return strcmp(a->name, b->name);
}

int osn_archive_scan(struct osn_archive *a, struct osn_archive_entry **out,
		     size_t *n, size_t *ignored)
{
	struct osn_archive_entry *v = NULL, *e;
	size_t cnt = 0, cap = 0, ign = 0;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int err;

	*out = NULL;
	*n = 0;
	err = open_listing(a, &d);
	if (err)
		return err;
	while ((errno = 0, de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (cnt == cap) {
			size_t c = cap ? cap * 2 : 64;

			e = reallocarray(v, c, sizeof(*v));
			if (!e) {
				err = -ENOMEM;
				break;
			}
			v = e;
			cap = c;
		}
		e = &v[cnt];
		if (osn_archive_parse_name(de->d_name, &e->time_ns, e->boot_id,
					   &e->seq)) {
			ign++;
			continue;
		}
		if (fstatat(a->dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			if (errno == ENOENT)	/* removed meanwhile */
				continue;
			err = -errno;
			break;
		}
		if (!S_ISREG(st.st_mode)) {
			ign++;
			continue;
		}
		/* parse_name() checked: it fits */
		memcpy(e->name, de->d_name, strlen(de->d_name) + 1);
		e->size = st.st_size;
		e->mtime_s = st.st_mtim.tv_sec;
		cnt++;
	}
	if (!err && !de && errno)
		err = -errno;
	closedir(d);
	if (err) {
		free(v);
		return err;
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_entry);
	*out = v;
	*n = cnt;
	if (ignored)
		*ignored = ign;
	return 0;
}

int osn_archive_remove(struct osn_archive *a, const char *name)
{
	if (osn_archive_parse_name(name, NULL, NULL, NULL))
		return -EINVAL;
	if (unlinkat(a->dirfd, name, 0))
		return -errno;
	return fsync(a->dirfd) ? -errno : 0;
}
