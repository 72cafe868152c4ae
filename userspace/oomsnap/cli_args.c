// SPDX-License-Identifier: GPL-2.0
/*
 * cli_args.c - the options the subcommands share, parsed one way for all:
 * [--json] [--all] [--backlog] [--state-dir DIR] [--runtime-dir DIR]
 * [-h|--help] and at most one positional argument, each only where the
 * subcommand accepts it.  Prints help and usage errors; the subcommand gets
 * the parsed values or the exit status to return.
 */
#include <getopt.h>
#include <stdio.h>

#include "commands.h"

const char *cli_state_dir;
const char *cli_runtime_dir;

int cli_parse_args(int argc, char **argv, const char *cmd, const char *usage,
		   const char *help, unsigned int accept, struct cli_args *a)
{
	struct option opts[7] = { { NULL, 0, NULL, 0 } };
	int n = 0, c;

	if (accept & CLI_JSON)
		opts[n++] = (struct option){ "json", no_argument, NULL,
					     OPT_JSON };
	if (accept & CLI_ALL)
		opts[n++] = (struct option){ "all", no_argument, NULL,
					     OPT_ALL };
	if (accept & CLI_BACKLOG)
		opts[n++] = (struct option){ "backlog", no_argument, NULL,
					     OPT_BACKLOG };
	if (accept & CLI_STATE_DIR)
		opts[n++] = (struct option){ "state-dir", required_argument,
					     NULL, OPT_STATE_DIR };
	if (accept & CLI_RUNTIME_DIR)
		opts[n++] = (struct option){ "runtime-dir", required_argument,
					     NULL, OPT_RUNTIME_DIR };
	opts[n] = (struct option){ "help", no_argument, NULL, OPT_HELP };

	*a = (struct cli_args){ false, false, false, NULL };
	opterr = 0;
	optind = 0;
	/* "-": positionals come back in order as option 1 */
	while ((c = getopt_long(argc, argv, "-h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_ALL:
			a->all = true;
			break;
		case OPT_BACKLOG:
			a->backlog = true;
			break;
		case OPT_STATE_DIR:
			if (!optarg[0])
				return cli_usage_error(usage, "%s: --state-dir "
						       "needs a folder", cmd);
			cli_state_dir = optarg;
			break;
		case OPT_RUNTIME_DIR:
			if (!optarg[0])
				return cli_usage_error(usage, "%s: --runtime-dir "
						       "needs a folder", cmd);
			cli_runtime_dir = optarg;
			break;
		case 'h':
		case OPT_HELP:
			fputs(usage, stdout);
			fputs(help, stdout);
			return OSN_EXIT_OK;
		case 1:
			if (!(accept & CLI_ARG) || a->arg)
				return cli_usage_error(usage, "%s: unexpected "
						       "argument '%s'", cmd,
						       optarg);
			a->arg = optarg;
			break;
		default:
			return cli_bad_option(usage, argv);
		}
	}
	/* whatever follows "--" */
	for (; optind < argc; optind++) {
		if (!(accept & CLI_ARG) || a->arg)
			return cli_usage_error(usage, "%s: unexpected argument "
					       "'%s'", cmd, argv[optind]);
		a->arg = argv[optind];
	}
	return -1;
}
