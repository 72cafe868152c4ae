// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_status.c - `oomsnap status [--json]`: the state of the module's
 * store: version, persistent or volatile mode and its region, capacity,
 * records held, unacknowledged and from earlier boots, kills not stored,
 * corrupt records skipped, policy, why the region was re-initialised,
 * the current boot id.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "render_json.h"
#include "status.h"

static const char usage[] =
	"usage: " PROG_NAME " status [--json]\n";

static const char help[] =
	"\n"
	"Show the state of the oomsnap module's store: its version; whether\n"
	"records survive warm reboots (persistent, in a reserved memory\n"
	"region) or not (volatile); how many records it can hold and holds,\n"
	"how many are not acknowledged and how many are from earlier boots;\n"
	"kills it could not store; corrupt records it skipped; what it does\n"
	"when full; why the region was re-initialised; the current boot id.\n"
	"\n"
	"  --json      print a JSON object\n"
	"  -h, --help  show this help\n";

static int print_json(const struct osn_status *st)
{
	struct json_object *o = osn_status_to_json(st);
	int rc = OSN_EXIT_OK;

	if (!o) {
		fprintf(stderr, PROG_NAME ": failed to build the JSON output: "
			"out of memory\n");
		return OSN_EXIT_FAILURE;
	}
	if (puts(json_object_to_json_string_ext(o, OSN_JSON_FLAGS)) < 0)
		rc = OSN_EXIT_OUTPUT;
	json_object_put(o);
	return rc;
}

static int print_text(const struct osn_status *st)
{
	int err = osn_text_status(stdout, st);

	if (err == -EINVAL) {
		fprintf(stderr, PROG_NAME ": failed to format the status\n");
		return OSN_EXIT_FAILURE;
	}
	return err ? OSN_EXIT_OUTPUT : OSN_EXIT_OK;
}

int cmd_status(int argc, char **argv)
{
	struct osn_status st;
	struct osn_nl *nl;
	struct cli_args a;
	int err, rc;

	rc = cli_parse_args(argc, argv, "status", usage, help, CLI_JSON, &a);
	if (rc >= 0)
		return rc;

	rc = cli_connect(&nl);
	if (rc)
		return rc;
	err = osn_nl_status(nl, &st);
	if (err)
		rc = cli_nl_failure(nl, err);
	else
		rc = a.json ? print_json(&st) : print_text(&st);
	osn_nl_free(nl);
	return rc;
}
