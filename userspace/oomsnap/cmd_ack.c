// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_ack.c - `oomsnap ack SEQ|BOOT:SEQ` and `oomsnap ack --all`: tell the
 * module that records are safely stored elsewhere (e.g. shipped to a log
 * server), so that their space may be reused.  The protocol names a
 * record by (boot id, seq): for SEQ alone, the current boot id is taken
 * from STATUS.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const char usage[] =
	"usage: " PROG_NAME " ack SEQ | BOOT:SEQ\n"
	"       " PROG_NAME " ack --all\n";

static const char help[] =
	"\n"
	"Acknowledge records: tell the module that they are safely stored\n"
	"elsewhere, so that their space in its store may be reused.  An\n"
	"acknowledged record may disappear at any time; unacknowledged ones\n"
	"are kept (with the keep-oldest policy a full store then drops new\n"
	"kills instead).  SEQ alone is a record of the current boot; BOOT:SEQ\n"
	"one of the boot BOOT, a boot id or at least 4 of its first hex\n"
	"digits (the BOOT column of '" PROG_NAME " list').\n"
	"\n"
	"  --all       acknowledge every record\n"
	"  -h, --help  show this help\n";

static int ack(const struct osn_ref *ref)
{
	struct osn_target t;
	struct osn_status st;
	struct osn_nl *nl;
	uint32_t acked = 0;
	char name[64];
	int err, rc;

	rc = cli_connect(&nl);
	if (rc)
		return rc;
	if (ref) {
		rc = cli_resolve_ref(nl, ref, &t);
		if (!rc && !t.has_boot_id) {
			/* ACK wants the boot id: the current one. */
			err = osn_nl_status(nl, &st);
			if (err) {
				rc = cli_nl_failure(nl, err);
			} else {
				memcpy(t.boot_id, st.boot_id,
				       sizeof(t.boot_id));
				t.has_boot_id = true;
			}
		}
	} else {
		memset(&t, 0, sizeof(t));
		t.ack_all = true;
	}
	if (!rc) {
		err = osn_nl_ack(nl, &t, &acked);
		if (err == -OSN_ENORECORD && ref) {
			fprintf(stderr, PROG_NAME ": no record %s (see: "
				PROG_NAME " list)\n",
				cli_target_name(&t, name, sizeof(name)));
			rc = OSN_EXIT_NORECORD;
		} else if (err) {
			rc = cli_nl_failure(nl, err);
		} else if (printf("acknowledged %" PRIu32 " record(s)\n",
				  acked) < 0) {
			rc = OSN_EXIT_OUTPUT;
		}
	}
	osn_nl_free(nl);
	return rc;
}

int cmd_ack(int argc, char **argv)
{
	struct osn_ref ref;
	struct cli_args a;
	int rc;

	rc = cli_parse_args(argc, argv, "ack", usage, help, CLI_ALL | CLI_ARG,
			    &a);
	if (rc >= 0)
		return rc;
	if (a.all && a.arg)
		return cli_usage_error(usage, "ack: give SEQ, BOOT:SEQ or "
				       "--all, not both");
	if (!a.all && !a.arg)
		return cli_usage_error(usage, "ack: which record? give SEQ, "
				       "BOOT:SEQ or --all");
	if (a.all)
		return ack(NULL);
	rc = cli_parse_ref(usage, "ack", a.arg, &ref);
	return rc ? rc : ack(&ref);
}
