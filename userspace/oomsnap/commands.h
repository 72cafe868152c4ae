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
#include <stdint.h>

#include "archive.h"
#include "exitcodes.h"
#include "merge.h"
#include "nlclient.h"
#include "recref.h"

#define PROG_NAME	"oomsnap"

/* getopt_long() values of long-only options: never a short option char. */
enum {
	OPT_JSON = 256,
	OPT_HELP,
	OPT_VERSION,
	OPT_ALL,
	OPT_STATE_DIR,
	OPT_BACKLOG,
	OPT_RUNTIME_DIR,
};

/* --state-dir DIR (global or a command's); NULL: OSN_STATE_DIR_DEFAULT. */
extern const char *cli_state_dir;
/* --runtime-dir DIR of status: where oomsnapd's status is (NULL: its default). */
extern const char *cli_runtime_dir;

/*
 * A subcommand gets argv[0] = its own name; it returns an exit status
 * (enum osn_exit).  Output to stdout is flushed and checked by main().
 */
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_ack(int argc, char **argv);
int cmd_watch(int argc, char **argv);
int cmd_facts(int argc, char **argv);
int cmd_setup_persistence(int argc, char **argv);

/* cli_args.c */
#define CLI_JSON	0x1	/* accepts --json */
#define CLI_ALL		0x2	/* accepts --all */
#define CLI_ARG		0x4	/* accepts one positional argument */
#define CLI_STATE_DIR	0x8	/* accepts --state-dir DIR (sets cli_state_dir) */
#define CLI_BACKLOG	0x10	/* accepts --backlog */
#define CLI_RUNTIME_DIR	0x20	/* accepts --runtime-dir DIR (sets cli_runtime_dir) */

struct cli_args {
	bool json;
	bool all;
	bool backlog;
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

/* The module is loaded, but its family is not visible from this netns. */
bool cli_family_hidden(void);

/* Print "oomsnap: <what>" and the usage to stderr; return OSN_EXIT_USAGE. */
int cli_usage_error(const char *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The message for an invalid option just rejected by getopt_long(). */
int cli_bad_option(const char *usage, char **argv);

struct cli_sources;

/* Tell the user there is nothing recorded yet (stdout; with --json the
 * empty value json_empty on stdout, the words on stderr), saying where
 * src looked. */
/*
 * Print o (pretty, OSN_JSON_FLAGS) and a newline to stdout and drop it;
 * NULL o (building it failed) is reported.  Returns the exit status.
 */
struct json_object;
int cli_print_json(struct json_object *o);

void cli_no_records(bool json, const char *json_empty,
		    const struct cli_sources *src);

/* cli_sources.c */

/*
 * The records of the kernel (LIST, tolerant) and of the archive under
 * cli_state_dir, merged (merge.h).  nl is NULL when the kernel's could not
 * be read and the archive is used alone; ar NULL when there is no archive.
 */
struct cli_sources {
	struct osn_nl *nl;
	struct osn_archive *ar;
	bool have_boot;			/* boot: the running kernel's boot id */
	uint8_t boot[OOMSNAP_BOOT_ID_BYTES];
	struct osn_merge m;
};

#define CLI_SRC_READ	0x1	/* read every archive file (for list); else
				 * only their names */

/*
 * Fill *s.  The module not loaded (or not permitted) while an archive
 * exists is a note on stderr; with no archive it is the error it always
 * was.  An archive that exists but cannot be opened or scanned is an
 * error naming its path.  Files and kernel records that do not decode are
 * kept in s->m.bad.  Returns the exit status (s is empty unless 0).
 */
int cli_sources_gather(struct cli_sources *s, unsigned int flags);
void cli_sources_free(struct cli_sources *s);

/* Name each entry of s->m.bad on stderr (what, why, what to do). */
void cli_sources_report_bad(const struct cli_sources *s);

/*
 * The whole record of it into *out: the kernel's (GET dump) when it holds
 * it, else the archive file's (also when the kernel lost it meanwhile).
 * *from: the OSN_SOURCE_* it came from.  Prints why on failure and
 * returns the exit status.
 */
int cli_sources_fetch(struct cli_sources *s, struct osn_merge_item *it,
		      struct osn_record *out, unsigned int *from);

/* "<archive dir>/<name>" into buf, for messages. */
const char *cli_archive_file(const struct cli_sources *s, const char *name,
			     char *buf, size_t size);

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

/*
 * Resolve ref against the merged records of s (kernel and archive): the
 * item it names, or NULL with the exit status in *rc after printing why
 * (no such record, an ambiguous boot id prefix, a record that could not
 * be decoded).  SEQ alone is a record of the current boot.
 */
struct osn_merge_item *cli_resolve_merged(struct cli_sources *s,
					  const struct osn_ref *ref, int *rc);

/* "SEQ" or "BOOT8:SEQ" (8 hex digits of the boot id) for messages. */
const char *cli_target_name(const struct osn_target *t, char *buf,
			    size_t size);

#endif /* OSN_COMMANDS_H */
