// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - entry point of the oomsnap CLI: global options (--state-dir
 * DIR, the archive to read), the table of subcommands, dispatch, and the
 * final check that stdout was written.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

#ifndef OOMSNAP_VERSION
#error "OOMSNAP_VERSION must be defined (the Makefile reads ../VERSION)"
#endif

static int cmd_help(int argc, char **argv);

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *description;
} commands[] = {
	{ "list", cmd_list, "list the recorded OOM kills, oldest first" },
	{ "show", cmd_show, "show one OOM kill in detail (default: the newest)" },
	{ "status", cmd_status, "show the state of the module's record store" },
	{ "ack", cmd_ack, "acknowledge records stored elsewhere (their "
			  "space may be reused)" },
	{ "watch", cmd_watch, "print each OOM kill as it is recorded" },
	{ "facts", cmd_facts, "hand the module the facts it cannot read "
			      "(swap total, huge pages, vm sysctls)" },
	{ "setup-persistence", cmd_setup_persistence, "reserve memory at boot so "
			      "that records survive a warm reboot" },
	{ "help", cmd_help, "show this help, or a command's help" },
};

#define NCOMMANDS	(sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: " PROG_NAME " [--help | --version] [--state-dir DIR] "
		"<command> [<args>]\n\n"
		"Show the OOM kills recorded by the oomsnap kernel module, and\n"
		"those oomsnapd archived (in DIR/records; DIR is "
		OSN_STATE_DIR_DEFAULT " unless\n--state-dir names another, e.g. "
		"a copy from another host).\n\n"
		"Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-18s %s\n", commands[i].name,
			commands[i].description);
	fprintf(f, "\nRun '" PROG_NAME " <command> --help' for a command's "
		"options.\nReading the kernel's records needs root (CAP_NET_ADMIN); "
		"list and show\nread an archive without the module.\n");
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* `oomsnap help [COMMAND]` */
static int cmd_help(int argc, char **argv)
{
	const struct command *cmd;
	char help_opt[] = "--help";

	if (argc < 2) {
		usage(stdout);
		return OSN_EXIT_OK;
	}
	cmd = argc == 2 ? find_command(argv[1]) : NULL;
	if (!cmd || cmd->fn == cmd_help) {
		fprintf(stderr, PROG_NAME ": help: unknown command '%s'\n",
			argv[1]);
		usage(stderr);
		return OSN_EXIT_USAGE;
	}
	return cmd->fn(2, (char *[]){ argv[1], help_opt, NULL });
}

/* Flush and close stdout; a failed write there must not go unnoticed. */
static int finish(int rc)
{
	int failed = ferror(stdout);

	errno = 0;
	if (fclose(stdout) != 0)
		failed = 1;
	if (failed || rc == OSN_EXIT_OUTPUT) {
		if (errno)
			fprintf(stderr, PROG_NAME ": failed to write output: "
				"%s\n", strerror(errno));
		else
			fprintf(stderr, PROG_NAME ": failed to write output\n");
		if (rc == OSN_EXIT_OK)
			rc = OSN_EXIT_OUTPUT;
	}
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help",    no_argument, NULL, OPT_HELP },
		{ "version", no_argument, NULL, OPT_VERSION },
		{ "state-dir", required_argument, NULL, OPT_STATE_DIR },
		{ NULL, 0, NULL, 0 }
	};
	const struct command *cmd;
	int c;

	/* A closed pipe is a write error (exit 4), not a silent death. */
	signal(SIGPIPE, SIG_IGN);

	opterr = 0;
	/* "+": stop at the subcommand; its options are its own. */
	while ((c = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return finish(OSN_EXIT_OK);
		case 'V':
		case OPT_VERSION:
			printf(PROG_NAME " %s\n", OOMSNAP_VERSION);
			return finish(OSN_EXIT_OK);
		case OPT_STATE_DIR:
			if (!optarg[0]) {
				fprintf(stderr, PROG_NAME ": --state-dir needs "
					"a folder\n");
				return OSN_EXIT_USAGE;
			}
			cli_state_dir = optarg;
			break;
		default:
			if (optopt == OPT_STATE_DIR) {
				fprintf(stderr, PROG_NAME ": --state-dir needs "
					"a folder (--state-dir DIR)\n");
				usage(stderr);
				return OSN_EXIT_USAGE;
			}
			if (optopt > 0 && optopt < 256)
				fprintf(stderr, PROG_NAME ": invalid option "
					"'-%c'\n", optopt);
			else
				fprintf(stderr, PROG_NAME ": invalid option "
					"'%s'\n", argv[optind - 1]);
			usage(stderr);
			return OSN_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, PROG_NAME ": no command given\n");
		usage(stderr);
		return OSN_EXIT_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		fprintf(stderr, PROG_NAME ": unknown command '%s'\n",
			argv[optind]);
		usage(stderr);
		return OSN_EXIT_USAGE;
	}
	return finish(cmd->fn(argc - optind, argv + optind));
}
