// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - entry point of oomsnapd: the command line (the settings of
 * config.h as long flags, which override the configuration file, and
 * --config, --once, --check-config, --help, --version), then start-up:
 * the archive, the instance lock, the runtime folder, and the main loop
 * (follow.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "daemon.h"
#include "targets.h"

#ifndef OOMSNAP_VERSION
#error "OOMSNAP_VERSION must be defined (the Makefile reads ../VERSION)"
#endif

enum { OPT_CONFIG = 256, OPT_ONCE, OPT_CHECK, OPT_HELP, OPT_VERSION,
       OPT_KEY };	/* OPT_KEY + i: osnd_keys[i] */

#define MAX_FLAGS	64

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: " PROG_NAME " [options]\n\n"
		"Archive every OOM kill record of the oomsnap kernel module "
		"into the state\nfolder, then acknowledge it; follow new "
		"records until stopped.\n\nOptions:\n"
		"  --config FILE\n"
		"        settings file (default %s); each of its keys is\n"
		"        also an option below, which overrides it\n",
		OSND_CONFIG_DEFAULT);
	for (i = 0; i < osnd_nkeys; i++)
		fprintf(f, "  --%s %s\n        %s (default %s)\n",
			osnd_keys[i].name, osnd_keys[i].arg, osnd_keys[i].help,
			osnd_keys[i].dflt);
	fprintf(f, "  --once\n        archive what is pending, then exit\n"
		"  --check-config\n        check the settings, print them, "
		"exit\n"
		"  -h, --help\n        show this help\n"
		"  -V, --version\n        show the version\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, PROG_NAME ": ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry '" PROG_NAME " --help'.\n");
	return OSND_EXIT_USAGE;
}

struct flag {
	const char *key, *value;
};

/* Make dir and its parents (mode 0755) when missing. */
static int make_dir(const char *dir)
{
	char buf[PATH_MAX], *p;

	snprintf(buf, sizeof(buf), "%s", dir);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -errno : 0;
}

static int start(const struct osnd_config *cfg, bool one)
{
	struct osnd d = { .cfg = cfg };
	int err, rc, lockfd = -1;

	/* The lock first: opening the archive removes temporary files,
	 * which must never be those of a running instance. */
	err = make_dir(cfg->state_dir);
	if (err) {
		osnd_log(LOG_ERR, "cannot create the state folder %s: %s; "
			 "create it (or give another with --state-dir)",
			 cfg->state_dir, strerror(-err));
		return OSND_EXIT_CANTCREAT;
	}
	rc = osnd_lock(cfg->state_dir, &lockfd);
	if (rc)
		return rc;
	err = osn_archive_open(cfg->state_dir, true, &d.archive);
	if (err) {
		osnd_log(LOG_ERR, "cannot create or open the archive %s/%s: "
			 "%s; check that folder (or give another state folder "
			 "with --state-dir)", cfg->state_dir,
			 OSN_ARCHIVE_SUBDIR, strerror(-err));
		rc = OSND_EXIT_CANTCREAT;
		goto out;
	}
	if (osnd_targets_setup(cfg)) {
		rc = OSND_EXIT_CANTCREAT;
		goto out;
	}
	if (!one) {
		err = make_dir(cfg->runtime_dir);
		if (err)
			osnd_log(LOG_WARNING, "cannot create the runtime folder "
				 "%s: %s; 'oomsnap status' will not show the "
				 "daemon", cfg->runtime_dir, strerror(-err));
	}
	osnd_state_init(&d, OOMSNAP_VERSION);
	osnd_log(LOG_INFO, "oomsnapd %s: archive %s", OOMSNAP_VERSION,
		 osn_archive_path(d.archive));
	rc = osnd_run(&d, one);
	osnd_state_free(&d);
out:
	close(lockfd);
	osn_archive_close(d.archive);
	return rc;
}

int main(int argc, char **argv)
{
	struct option opts[MAX_FLAGS];
	struct flag flags[MAX_FLAGS];
	const char *config = OSND_CONFIG_DEFAULT;
	bool explicit = false, one = false, check = false, syslog_flag = false;
	char msg[OSND_MSG_LEN], why[OSND_MSG_LEN];
	struct osnd_config cfg;
	size_t i, n = 0, nflags = 0;
	int c, err;

	opts[n++] = (struct option){ "config", required_argument, NULL,
				     OPT_CONFIG };
	opts[n++] = (struct option){ "once", no_argument, NULL, OPT_ONCE };
	opts[n++] = (struct option){ "check-config", no_argument, NULL,
				     OPT_CHECK };
	opts[n++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	opts[n++] = (struct option){ "version", no_argument, NULL,
				     OPT_VERSION };
	for (i = 0; i < osnd_nkeys; i++)
		opts[n++] = (struct option){ osnd_keys[i].name,
					     required_argument, NULL,
					     OPT_KEY + (int)i };
	opts[n] = (struct option){ NULL, 0, NULL, 0 };

	opterr = 0;
	while ((c = getopt_long(argc, argv, "hV", opts, NULL)) != -1) {
		switch (c) {
		case OPT_CONFIG:
			config = optarg;
			explicit = true;
			break;
		case OPT_ONCE:
			one = true;
			break;
		case OPT_CHECK:
			check = true;
			break;
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return OSND_EXIT_OK;
		case 'V':
		case OPT_VERSION:
			printf(PROG_NAME " %s\n", OOMSNAP_VERSION);
			return OSND_EXIT_OK;
		case '?':
			if (optopt >= OPT_KEY || (optopt >= OPT_CONFIG &&
						  optopt < OPT_KEY))
				return usage_error("option '%s' needs a value",
						   argv[optind - 1]);
			if (optopt > 0 && optopt < 256)
				return usage_error("invalid option '-%c'",
						   (char[]){ optopt, 0 });
			return usage_error("invalid option '%s'",
					   argv[optind - 1]);
		default:
			if (c < OPT_KEY || nflags == MAX_FLAGS)
				return usage_error("too many options%s", "");
			flags[nflags++] = (struct flag){
				osnd_keys[c - OPT_KEY].name, optarg };
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);

	/* The file first, then the flags over it. */
	osnd_config_defaults(&cfg);
	err = osnd_config_load(&cfg, config, msg, sizeof(msg));
	if (err == -ENOENT && !explicit) {
		err = 0;
		config = NULL;
	}
	if (err) {
		fprintf(stderr, PROG_NAME ": %s\n", msg);
		return OSND_EXIT_CONFIG;
	}
	for (i = 0; i < nflags; i++) {
		/* --syslog replaces the file's collectors, not adds to them. */
		if (!strcmp(flags[i].key, "syslog") && !syslog_flag) {
			cfg.nsyslog = 0;
			syslog_flag = true;
		}
		if (osnd_config_set(&cfg, flags[i].key, flags[i].value, why,
				    sizeof(why))) {
			fprintf(stderr, PROG_NAME ": --%s %s: %s\n",
				flags[i].key, flags[i].value, why);
			return OSND_EXIT_CONFIG;
		}
	}
	if (osnd_config_check(&cfg, msg, sizeof(msg))) {
		fprintf(stderr, PROG_NAME ": %s\n", msg);
		return OSND_EXIT_CONFIG;
	}
	if (check) {
		printf("# " PROG_NAME " %s: the settings are valid; in effect "
		       "(configuration file: %s):\n", OOMSNAP_VERSION,
		       config ? config : "none, " OSND_CONFIG_DEFAULT
		       " does not exist");
		if (osnd_config_print(stdout, &cfg) || fflush(stdout)) {
			fprintf(stderr, PROG_NAME ": failed to write the "
				"settings: %s\n", strerror(errno));
			return OSND_EXIT_FAILURE;
		}
		return OSND_EXIT_OK;
	}
	return start(&cfg, one);
}
