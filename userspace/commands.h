/* SPDX-License-Identifier: GPL-2.0 */
/*
 * commands.h - the subcommands of the oomsnap CLI and the helpers they
 * share to report errors the same way.
 */
#ifndef OSN_COMMANDS_H
#define OSN_COMMANDS_H

#include <stdbool.h>

#include "exitcodes.h"
#include "nlclient.h"

#define PROG_NAME	"oomsnap"

/* getopt_long() values of long-only options: never a short option char. */
enum {
	OPT_JSON = 256,
	OPT_HELP,
	OPT_VERSION,
};

/*
 * A subcommand gets argv[0] = its own name; it returns an exit status
 * (enum osn_exit).  Output to stdout is flushed and checked by main().
 */
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);

/* cli_error.c */

/* Connect a client to the kernel module; on failure print why and return
 * the exit status (*nlp is then NULL). */
int cli_connect(struct osn_nl **nlp);

/* Print the message for a failed client call and return the exit status. */
int cli_nl_failure(const struct osn_nl *nl, int err);

/* Print "oomsnap: <what>" and the usage to stderr; return OSN_EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The message for an invalid option just rejected by getopt_long(). */
int cli_bad_option(const char *usage, char **argv);

/* Tell the user there is nothing recorded yet (stdout). */
void cli_no_records(bool json, const char *json_empty);

#endif /* OSN_COMMANDS_H */
