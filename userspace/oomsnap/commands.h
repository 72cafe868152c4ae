/* SPDX-License-Identifier: GPL-2.0 */
/*
 * commands.h - the subcommands of the oomsnap CLI and the helpers they
 * share to report errors the same way and to name a record (SEQ or
 * BOOT:SEQ).
 */
#ifndef OSN_COMMANDS_H
#define OSN_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "exitcodes.h"
#include "nlclient.h"
#include "recref.h"

#define PROG_NAME	"oomsnap"

/* getopt_long() values of long-only options: never a short option char. */
enum {
	OPT_JSON = 256,
	OPT_HELP,
	OPT_VERSION,
	OPT_ALL,
};

/*
 * A subcommand gets argv[0] = its own name; it returns an exit status
 * (enum osn_exit).  Output to stdout is flushed and checked by main().
 */
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_ack(int argc, char **argv);
int cmd_watch(int argc, char **argv);

/* cli_args.c */
#define CLI_JSON	0x1	/* accepts --json */
#define CLI_ALL		0x2	/* accepts --all */
#define CLI_ARG		0x4	/* accepts one positional argument */

struct cli_args {
	bool json;
	bool all;
	const char *arg;	/* the positional argument, or NULL */
};

/* -1: go on with @a; otherwise the exit status (help or usage error). */
int cli_parse_args(int argc, char **argv, const char *cmd, const char *usage,
		   const char *help, unsigned int accept, struct cli_args *a);

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
void cli_no_records(bool json, const char *json_empty, bool this_boot);

/* cli_ref.c */

/*
 * Parse the SEQ|BOOT:SEQ argument of command cmd into *ref; on failure
 * print why with usage and return OSN_EXIT_USAGE.
 */
int cli_parse_ref(const char *usage, const char *cmd, const char *arg,
		  struct osn_ref *ref);

/*
 * Turn ref into the target of a GET or ACK: SEQ alone means the current
 * boot (no boot id sent); a full boot id is used as it is; a prefix is
 * resolved against the boot ids of the stored records (LIST).  On failure
 * print why and return the exit status: OSN_EXIT_NORECORD when no stored
 * record's boot id starts with the prefix, OSN_EXIT_USAGE when several
 * boots do (ambiguous), or a netlink failure's.
 */
int cli_resolve_ref(struct osn_nl *nl, const struct osn_ref *ref,
		    struct osn_target *t);

/* "SEQ" or "BOOT8:SEQ" (8 hex digits of the boot id) for messages. */
const char *cli_target_name(const struct osn_target *t, char *buf,
			    size_t size);

#endif /* OSN_COMMANDS_H */
