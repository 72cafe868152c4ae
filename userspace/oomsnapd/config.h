/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.h - oomsnapd's settings: their defaults, the configuration file
 * (`key = value` lines, every key also a long flag of the same name), and
 * the parsers of durations ("90d") and sizes ("1G").  Never prints: the
 * message of a failure is put into a buffer the caller prints.
 */
#ifndef OSND_CONFIG_H
#define OSND_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define OSND_CONFIG_DEFAULT	"/etc/oomsnap/oomsnapd.conf"
#define OSND_MSG_LEN		512
#define OSND_MAX_SYSLOG		8	/* syslog = URL lines */
#define OSND_SYSLOG_URL_LEN	512
#define OSND_SD_ID_LEN		64

struct osnd_config {
	char state_dir[PATH_MAX];
	char runtime_dir[PATH_MAX];
	uint64_t max_age_s;		/* 0: files are never too old */
	uint64_t max_size;		/* bytes; 0: no limit */
	uint64_t retry_s;		/* >= 1 */
	char jsonl[PATH_MAX];		/* "": no JSON Lines target */
	char textfile[PATH_MAX];	/* "": no node_exporter textfile */
	bool journald;			/* one journal entry per record */
	size_t nsyslog;			/* remote syslog collectors */
	char syslog[OSND_MAX_SYSLOG][OSND_SYSLOG_URL_LEN];
	char syslog_ca[PATH_MAX];	/* "": the system trust store */
	char syslog_cert[PATH_MAX];	/* "": no client certificate */
	char syslog_key[PATH_MAX];
	char syslog_sd_id[OSND_SD_ID_LEN];
	uint64_t syslog_timeout_s;	/* every network step, >= 1 */
	/*
	 * Where each key was set, for messages about the settings taken
	 * together (osnd_config_check): the file's line, or 0 for a flag
	 * or the default.  Indexed like osnd_keys.
	 */
	unsigned int line[16];
	const char *path;		/* the file read, or NULL */
};

/* A key of the file, also the long flag --<name>. */
struct osnd_key {
	const char *name;
	const char *arg;		/* e.g. "DURATION" */
	const char *help;
	const char *dflt;		/* the default, as it would be written */
};

extern const struct osnd_key osnd_keys[];
extern const size_t osnd_nkeys;

void osnd_config_defaults(struct osnd_config *c);

/*
 * Set key to value.  -ENOENT: no such key; -EINVAL: a bad value, the
 * reason in why (e.g. "'9x' is not a duration (use 90d, 12h, 30m, 45s
 * or 0)").
 */
int osnd_config_set(struct osnd_config *c, const char *key,
		    const char *value, char *why, size_t size);

/*
 * Apply the file at path.  Returns 0; -ENOENT when it does not exist
 * (nothing applied; the caller decides whether that is an error: it is
 * not for the default file); -EINVAL with "PATH:LINE: message" in msg
 * for a bad line (unknown key, no '=', missing value, bad value, a key
 * given twice); another -errno with "PATH: message" when it cannot be
 * read.
 */
int osnd_config_load(struct osnd_config *c, const char *path, char *msg,
		     size_t size);

/*
 * Check what only the settings taken together tell (after the file and
 * the flags): a client certificate without its key, TLS files GnuTLS
 * cannot load.  0, or -EINVAL with "PATH:LINE: key: message" (or
 * "--key VALUE: message" for a flag) in msg.
 */
int osnd_config_check(struct osnd_config *c, char *msg, size_t size);

/* The effective settings as a configuration file would say them. */
int osnd_config_print(FILE *f, const struct osnd_config *c);

/* "90d", "12h", "30m", "45s", "2w", a bare number of seconds; "0". */
int osnd_parse_duration(const char *s, uint64_t *secs);
/* "1G", "500M", "64K", "1T", a bare number of bytes; "0". */
int osnd_parse_size(const char *s, uint64_t *bytes);
/* The largest unit that divides v exactly: "90d", "1G", "0". */
void osnd_format_duration(uint64_t secs, char *buf, size_t size);
void osnd_format_size(uint64_t bytes, char *buf, size_t size);

#endif /* OSND_CONFIG_H */
