// SPDX-License-Identifier: GPL-2.0
/*
 * config.c - oomsnapd's settings: the table of keys (each also a long
 * flag), their parsers, and the configuration file.  A key given twice in
 * the file is an error (an operator who edits one line and misses the
 * other should hear of it); a flag overrides the file.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "config.h"
#include "daemon_status.h"

const struct osnd_key osnd_keys[] = {
	{ "state-dir", "DIR", "the archive is DIR/records", OSN_STATE_DIR_DEFAULT },
	{ "runtime-dir", "DIR", "the runtime status file is DIR/oomsnapd.json",
	  OSN_RUNTIME_DIR_DEFAULT },
	{ "max-age", "DURATION", "delete archive files older than this (0: never)",
	  "0" },
	{ "max-size", "SIZE", "keep the archive below this size (0: no limit)",
	  "1G" },
	{ "retry-interval", "DURATION", "retry a failing archive write or target "
	  "this often", "5s" },
	{ "jsonl", "FILE", "append each record to FILE as one line of JSON",
	  "none" },
	{ "textfile", "FILE", "write Prometheus metrics to FILE (*.prom, for "
	  "node_exporter)", "none" },
};

const size_t osnd_nkeys = sizeof(osnd_keys) / sizeof(osnd_keys[0]);

enum { K_STATE_DIR, K_RUNTIME_DIR, K_MAX_AGE, K_MAX_SIZE, K_RETRY, K_JSONL,
       K_TEXTFILE };

static int key_index(const char *key)
{
	size_t i;

	for (i = 0; i < osnd_nkeys; i++)
		if (!strcmp(osnd_keys[i].name, key))
			return (int)i;
	return -1;
}

/* A number and one optional unit letter from units (scale[i] each). */
static int parse_scaled(const char *s, const char *units,
			const uint64_t *scale, uint64_t *out)
{
	const char *u;
	uint64_t v = 0, m = 1;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (UINT64_MAX - (*p - '0')) / 10)
			return -ERANGE;
		v = v * 10 + (*p - '0');
	}
	if (*p) {
		u = strchr(units, *p);
		if (!u || p[1])
			return -EINVAL;
		m = scale[u - units];
	}
	if (v && m > UINT64_MAX / v)
		return -ERANGE;
	*out = v * m;
	return 0;
}

static const char dur_units[] = "smhdw";
static const uint64_t dur_scale[] = { 1, 60, 3600, 86400, 604800 };
static const char size_units[] = "KMGT";
static const uint64_t size_scale[] = { 1ULL << 10, 1ULL << 20, 1ULL << 30,
				       1ULL << 40 };

int osnd_parse_duration(const char *s, uint64_t *secs)
{
	return parse_scaled(s, dur_units, dur_scale, secs);
}

int osnd_parse_size(const char *s, uint64_t *bytes)
{
	char up[32];
	size_t i, n = strlen(s);

	/* "1G", "1g", "1GB", "1GiB" are all a gibibyte. */
	if (n >= sizeof(up))
		return -EINVAL;
	for (i = 0; i <= n; i++)
		up[i] = toupper((unsigned char)s[i]);
	if (n > 3 && !strcmp(up + n - 2, "IB") && strchr(size_units, up[n - 3]))
		up[n - 2] = '\0';
	else if (n > 2 && up[n - 1] == 'B' && strchr(size_units, up[n - 2]))
		up[n - 1] = '\0';
	return parse_scaled(up, size_units, size_scale, bytes);
}

static void format_scaled(uint64_t v, const char *units, const uint64_t *scale,
			  size_t n, const char *base, char *buf, size_t size)
{
	size_t i;

	for (i = n; v && i-- > 0;)
		if (v % scale[i] == 0) {
			snprintf(buf, size, "%" PRIu64 "%c", v / scale[i],
				 units[i]);
			return;
		}
	snprintf(buf, size, "%" PRIu64 "%s", v, v ? base : "");
}

void osnd_format_duration(uint64_t secs, char *buf, size_t size)
{
	format_scaled(secs, dur_units, dur_scale, 5, "s", buf, size);
}

void osnd_format_size(uint64_t bytes, char *buf, size_t size)
{
	format_scaled(bytes, size_units, size_scale, 4, "", buf, size);
}

void osnd_config_defaults(struct osnd_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->state_dir, sizeof(c->state_dir), "%s",
		 OSN_STATE_DIR_DEFAULT);
	snprintf(c->runtime_dir, sizeof(c->runtime_dir), "%s",
		 OSN_RUNTIME_DIR_DEFAULT);
	c->max_age_s = 0;
	c->max_size = 1ULL << 30;
	c->retry_s = 5;
}

static int set_dir(char *dst, const char *value, char *why, size_t size)
{
	if (value[0] != '/') {
		snprintf(why, size, "'%s' is not an absolute path", value);
		return -EINVAL;
	}
	if (strlen(value) >= PATH_MAX - OSN_ARCHIVE_NAME_LEN - 16) {
		snprintf(why, size, "the path is too long");
		return -EINVAL;
	}
	strcpy(dst, value);
	return 0;
}

/*
 * A file a target writes: an absolute path in a folder that exists and
 * this process may write (the file itself is made when missing; a
 * textfile also gets a temporary file next to it).  "none" turns the
 * target off.
 */
static int set_file(char *dst, const char *value, const char *suffix,
		    char *why, size_t size)
{
	char folder[PATH_MAX];
	const char *slash;
	struct stat st;
	size_t n = strlen(value);

	if (!strcmp(value, "none")) {
		dst[0] = '\0';
		return 0;
	}
	if (value[0] != '/') {
		snprintf(why, size, "'%s' is not an absolute path", value);
		return -EINVAL;
	}
	if (n >= PATH_MAX - 32) {
		snprintf(why, size, "the path is too long");
		return -EINVAL;
	}
	slash = strrchr(value, '/');
	if (!slash[1]) {
		snprintf(why, size, "'%s' names a folder; give a file in it",
			 value);
		return -EINVAL;
	}
	if (suffix && (strlen(slash + 1) <= strlen(suffix) ||
		       strcmp(value + n - strlen(suffix), suffix))) {
		snprintf(why, size, "'%s' does not end in '%s', and "
			 "node_exporter's textfile collector reads only such "
			 "files; rename it (e.g. oomsnap%s)", value, suffix,
			 suffix);
		return -EINVAL;
	}
	snprintf(folder, sizeof(folder), "%.*s", (int)(slash - value ?
		 slash - value : 1), value);
	if (stat(folder, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(why, size, "the folder %s does not exist; create it "
			 "or choose another", folder);
		return -EINVAL;
	}
	if (access(folder, W_OK | X_OK)) {
		snprintf(why, size, "cannot write in the folder %s: %s; fix "
			 "its permissions or choose another", folder,
			 strerror(errno));
		return -EINVAL;
	}
	if (!stat(value, &st) && !S_ISREG(st.st_mode)) {
		snprintf(why, size, "'%s' exists and is not a regular file",
			 value);
		return -EINVAL;
	}
	strcpy(dst, value);
	return 0;
}

int osnd_config_set(struct osnd_config *c, const char *key,
		    const char *value, char *why, size_t size)
{
	uint64_t v;
	int err;

	switch (key_index(key)) {
	case K_STATE_DIR:
		return set_dir(c->state_dir, value, why, size);
	case K_RUNTIME_DIR:
		return set_dir(c->runtime_dir, value, why, size);
	case K_MAX_AGE:
	case K_RETRY:
		err = osnd_parse_duration(value, &v);
		if (err) {
			snprintf(why, size, "'%s' is not a duration (use e.g. "
				 "90d, 12h, 30m, 45s, 2w; 0 for none)", value);
			return -EINVAL;
		}
		if (key_index(key) == K_MAX_AGE) {
			c->max_age_s = v;
			return 0;
		}
		if (v < 1 || v > 86400) {
			snprintf(why, size, "'%s' is out of range (1s to 1d)",
				 value);
			return -EINVAL;
		}
		c->retry_s = v;
		return 0;
	case K_MAX_SIZE:
		err = osnd_parse_size(value, &v);
		if (err) {
			snprintf(why, size, "'%s' is not a size (use e.g. 1G, "
				 "500M, 64K; 0 for no limit)", value);
			return -EINVAL;
		}
		c->max_size = v;
		return 0;
	case K_JSONL:
		return set_file(c->jsonl, value, NULL, why, size);
	case K_TEXTFILE:
		return set_file(c->textfile, value, ".prom", why, size);
	default:
		snprintf(why, size, "unknown key '%s'", key);
		return -ENOENT;
	}
}

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int osnd_config_load(struct osnd_config *c, const char *path, char *msg,
		     size_t size)
{
	unsigned int seen[sizeof(osnd_keys) / sizeof(osnd_keys[0])] = { 0 };
	char why[OSND_MSG_LEN];
	unsigned int lineno = 0;
	char *line = NULL, *s, *eq, *key, *value;
	size_t cap = 0;
	int err = 0, k;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		err = -errno;
		snprintf(msg, size, "%s: cannot read the configuration: %s",
			 path, strerror(-err));
		return err;
	}
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		s = trim(line);
		if (!*s || *s == '#')
			continue;
		eq = strchr(s, '=');
		if (!eq) {
			snprintf(msg, size, "%s:%u: expected 'key = value', "
				 "got '%s'", path, lineno, s);
			err = -EINVAL;
			break;
		}
		*eq = '\0';
		key = trim(s);
		value = trim(eq + 1);
		k = key_index(key);
		if (k < 0) {
			snprintf(msg, size, "%s:%u: unknown key '%s' (keys: "
				 "state-dir, runtime-dir, max-age, max-size, "
				 "retry-interval, jsonl, textfile)", path, lineno, key);
			err = -EINVAL;
			break;
		}
		if (!*value) {
			snprintf(msg, size, "%s:%u: missing value for '%s'",
				 path, lineno, key);
			err = -EINVAL;
			break;
		}
		if (seen[k]) {
			snprintf(msg, size, "%s:%u: '%s' is set twice (first "
				 "on line %u); keep one", path, lineno, key,
				 seen[k]);
			err = -EINVAL;
			break;
		}
		seen[k] = lineno;
		if (osnd_config_set(c, key, value, why, sizeof(why))) {
			snprintf(msg, size, "%s:%u: %s: %s", path, lineno, key,
				 why);
			err = -EINVAL;
			break;
		}
	}
	if (!err && ferror(f)) {
		err = -EIO;
		snprintf(msg, size, "%s: cannot read the configuration: %s",
			 path, strerror(EIO));
	}
	free(line);
	fclose(f);
	return err;
}

int osnd_config_print(FILE *f, const struct osnd_config *c)
{
	char age[32], sz[32], retry[32];

	osnd_format_duration(c->max_age_s, age, sizeof(age));
	osnd_format_size(c->max_size, sz, sizeof(sz));
	osnd_format_duration(c->retry_s, retry, sizeof(retry));
	if (fprintf(f, "state-dir = %s\nruntime-dir = %s\nmax-age = %s\n"
		    "max-size = %s\nretry-interval = %s\n", c->state_dir,
		    c->runtime_dir, age, sz, retry) < 0 ||
	    fprintf(f, "jsonl = %s\ntextfile = %s\n",
		    c->jsonl[0] ? c->jsonl : "none",
		    c->textfile[0] ? c->textfile : "none") < 0)
		return -EIO;
	return 0;
}
