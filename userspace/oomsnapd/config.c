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
#include "syslog_format.h"
#include "syslog_tls.h"
#include "syslog_url.h"

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
	{ "journald", "yes|no", "send each record to the journal (journald)",
	  "no" },
	{ "syslog", "URL", "send each record to the syslog collector at URL: "
	  "udp://, tcp://, tls:// or relp://HOST[:PORT] (repeatable)",
	  "none" },
	{ "syslog-ca", "FILE", "verify tls:// collectors against the CA "
	  "certificates in FILE (PEM; none: the system's trust store)",
	  "none" },
	{ "syslog-cert", "FILE", "the client certificate (PEM) for tls:// "
	  "collectors", "none" },
	{ "syslog-key", "FILE", "the key (PEM) of syslog-cert", "none" },
	{ "syslog-sd-id", "NAME@PEN", "the SD-ID of the structured data of "
	  "syslog messages", OSND_SYSLOG_SD_ID_DEFAULT },
	{ "syslog-timeout", "DURATION", "give up on a collector's connect or "
	  "send after this long (tried again later)", "10s" },
};

const size_t osnd_nkeys = sizeof(osnd_keys) / sizeof(osnd_keys[0]);

enum { K_STATE_DIR, K_RUNTIME_DIR, K_MAX_AGE, K_MAX_SIZE, K_RETRY, K_JSONL,
       K_TEXTFILE, K_JOURNALD, K_SYSLOG, K_SYSLOG_CA, K_SYSLOG_CERT,
       K_SYSLOG_KEY, K_SYSLOG_SD_ID, K_SYSLOG_TIMEOUT, K_COUNT };

_Static_assert(sizeof(osnd_keys) / sizeof(osnd_keys[0]) == K_COUNT,
	       "osnd_keys and its enum differ");
_Static_assert(K_COUNT <= sizeof(((struct osnd_config *)0)->line) /
	       sizeof(unsigned int), "osnd_config.line is too small");

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
	snprintf(c->syslog_sd_id, sizeof(c->syslog_sd_id), "%s",
		 OSND_SYSLOG_SD_ID_DEFAULT);
	c->syslog_timeout_s = 10;
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

/* A file oomsnapd reads (a certificate, a key): absolute, readable. */
static int set_input(char *dst, const char *value, char *why, size_t size)
{
	struct stat st;

	if (!strcmp(value, "none")) {
		dst[0] = '\0';
		return 0;
	}
	if (value[0] != '/') {
		snprintf(why, size, "'%s' is not an absolute path", value);
		return -EINVAL;
	}
	if (strlen(value) >= PATH_MAX) {
		snprintf(why, size, "the path is too long");
		return -EINVAL;
	}
	if (stat(value, &st) || access(value, R_OK)) {
		snprintf(why, size, "cannot read %s: %s; check the path and "
			 "its permissions", value, strerror(errno));
		return -EINVAL;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, size, "'%s' is not a regular file", value);
		return -EINVAL;
	}
	strcpy(dst, value);
	return 0;
}

static int set_syslog(struct osnd_config *c, const char *value, char *why,
		      size_t size)
{
	struct osnd_syslog_url u;
	size_t i;

	if (!strcmp(value, "none")) {
		c->nsyslog = 0;
		return 0;
	}
	if (strlen(value) >= OSND_SYSLOG_URL_LEN) {
		snprintf(why, size, "the URL is too long");
		return -EINVAL;
	}
	if (osnd_syslog_parse_url(value, &u, why, size))
		return -EINVAL;
	for (i = 0; i < c->nsyslog; i++)
		if (!strcmp(c->syslog[i], value)) {
			snprintf(why, size, "%s is given twice; keep one",
				 value);
			return -EINVAL;
		}
	if (c->nsyslog == OSND_MAX_SYSLOG) {
		snprintf(why, size, "at most %d syslog collectors",
			 OSND_MAX_SYSLOG);
		return -EINVAL;
	}
	strcpy(c->syslog[c->nsyslog++], value);
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
	case K_JOURNALD:
		if (!strcmp(value, "yes") || !strcmp(value, "no")) {
			c->journald = value[0] == 'y';
			return 0;
		}
		snprintf(why, size, "'%s' is neither yes nor no", value);
		return -EINVAL;
	case K_SYSLOG:
		return set_syslog(c, value, why, size);
	case K_SYSLOG_CA:
		return set_input(c->syslog_ca, value, why, size);
	case K_SYSLOG_CERT:
		return set_input(c->syslog_cert, value, why, size);
	case K_SYSLOG_KEY:
		return set_input(c->syslog_key, value, why, size);
	case K_SYSLOG_SD_ID:
		if (strlen(value) >= sizeof(c->syslog_sd_id)) {
			snprintf(why, size, "'%s' is too long", value);
			return -EINVAL;
		}
		if (osnd_syslog_check_sd_id(value, why, size))
			return -EINVAL;
		strcpy(c->syslog_sd_id, value);
		return 0;
	case K_SYSLOG_TIMEOUT:
		/* Bounded: a delivery must end well within WatchdogSec. */
		if (osnd_parse_duration(value, &v) || v < 1 || v > 30) {
			snprintf(why, size, "'%s' is not a duration from 1s to "
				 "30s (e.g. 10s)", value);
			return -EINVAL;
		}
		c->syslog_timeout_s = v;
		return 0;
	default:
		snprintf(why, size, "unknown key '%s'", key);
		return -ENOENT;
	}
}

static void key_list(char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < osnd_nkeys && n < size; i++)
		n += snprintf(buf + n, size - n, "%s%s", i ? ", " : "",
			      osnd_keys[i].name);
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
	char why[OSND_MSG_LEN], keys[OSND_MSG_LEN / 2];
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
			key_list(keys, sizeof(keys));
			snprintf(msg, size, "%s:%u: unknown key '%s' (keys: "
				 "%s)", path, lineno, key, keys);
			err = -EINVAL;
			break;
		}
		if (!*value) {
			snprintf(msg, size, "%s:%u: missing value for '%s'",
				 path, lineno, key);
			err = -EINVAL;
			break;
		}
		/* syslog is repeatable: one line per collector. */
		if (seen[k] && k != K_SYSLOG) {
			snprintf(msg, size, "%s:%u: '%s' is set twice (first "
				 "on line %u); keep one", path, lineno, key,
				 seen[k]);
			err = -EINVAL;
			break;
		}
		if (!seen[k])
			seen[k] = lineno;
		c->line[k] = lineno;
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
	if (!err)
		c->path = path;
	return err;
}

/* "PATH:LINE: key" for a key set in the file, "--key VALUE" for a flag. */
static void origin(const struct osnd_config *c, int k, const char *value,
		   char *buf, size_t size)
{
	if (c->line[k] && c->path)
		snprintf(buf, size, "%s:%u: %s", c->path, c->line[k],
			 osnd_keys[k].name);
	else
		snprintf(buf, size, "--%s %s", osnd_keys[k].name, value);
}

int osnd_config_check(struct osnd_config *c, char *msg, size_t size)
{
	char why[OSND_MSG_LEN], where[PATH_MAX + 64];
	bool tls = false;
	size_t i;
	int k;

	for (i = 0; i < c->nsyslog; i++)
		tls |= !strncmp(c->syslog[i], "tls://", 6);
	if (!c->syslog_cert[0] != !c->syslog_key[0]) {
		k = c->syslog_cert[0] ? K_SYSLOG_CERT : K_SYSLOG_KEY;
		origin(c, k, k == K_SYSLOG_CERT ? c->syslog_cert :
		       c->syslog_key, where, sizeof(where));
		snprintf(msg, size, "%s: a client certificate needs both "
			 "syslog-cert and syslog-key; set %s too", where,
			 k == K_SYSLOG_CERT ? "syslog-key" : "syslog-cert");
		return -EINVAL;
	}
	if (!tls && !c->syslog_ca[0] && !c->syslog_cert[0])
		return 0;
	if (osnd_tls_check_files(c->syslog_ca, c->syslog_cert, c->syslog_key,
				 why, sizeof(why))) {
		/* Name the line of the file the message is about. */
		k = c->syslog_key[0] && strstr(why, c->syslog_key) ?
		    K_SYSLOG_KEY : c->syslog_cert[0] &&
		    strstr(why, c->syslog_cert) ? K_SYSLOG_CERT : K_SYSLOG_CA;
		origin(c, k, k == K_SYSLOG_KEY ? c->syslog_key :
		       k == K_SYSLOG_CERT ? c->syslog_cert :
		       c->syslog_ca[0] ? c->syslog_ca : "(system trust store)",
		       where, sizeof(where));
		snprintf(msg, size, "%s: %s", where, why);
		return -EINVAL;
	}
	return 0;
}

int osnd_config_print(FILE *f, const struct osnd_config *c)
{
	char age[32], sz[32], retry[32];
	size_t i;

	osnd_format_duration(c->max_age_s, age, sizeof(age));
	osnd_format_size(c->max_size, sz, sizeof(sz));
	osnd_format_duration(c->retry_s, retry, sizeof(retry));
	if (fprintf(f, "state-dir = %s\nruntime-dir = %s\nmax-age = %s\n"
		    "max-size = %s\nretry-interval = %s\n", c->state_dir,
		    c->runtime_dir, age, sz, retry) < 0 ||
	    fprintf(f, "jsonl = %s\ntextfile = %s\njournald = %s\n",
		    c->jsonl[0] ? c->jsonl : "none",
		    c->textfile[0] ? c->textfile : "none",
		    c->journald ? "yes" : "no") < 0)
		return -EIO;
	if (!c->nsyslog && fprintf(f, "syslog = none\n") < 0)
		return -EIO;
	for (i = 0; i < c->nsyslog; i++)
		if (fprintf(f, "syslog = %s\n", c->syslog[i]) < 0)
			return -EIO;
	osnd_format_duration(c->syslog_timeout_s, retry, sizeof(retry));
	if (fprintf(f, "syslog-ca = %s\nsyslog-cert = %s\nsyslog-key = %s\n"
		    "syslog-sd-id = %s\nsyslog-timeout = %s\n",
		    c->syslog_ca[0] ? c->syslog_ca : "none",
		    c->syslog_cert[0] ? c->syslog_cert : "none",
		    c->syslog_key[0] ? c->syslog_key : "none",
		    c->syslog_sd_id, retry) < 0)
		return -EIO;
	return 0;
}
