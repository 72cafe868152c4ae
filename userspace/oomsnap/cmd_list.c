// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_list.c - `oomsnap list [--json]`: every recorded OOM kill, oldest
 * first, as a table or as a JSON array.  All records are fetched and
 * decoded before anything is printed, so a failure never leaves a partial
 * table or a truncated JSON array on stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "render_json.h"
#include "render_text.h"

static const char usage[] =
	"usage: " PROG_NAME " list [--json]\n";

static const char help[] =
	"\n"
	"List the recorded OOM kills, oldest first, those of earlier boots\n"
	"included (when the module keeps its records in a persistent region).\n"
	"BOOT is the first 8 hex digits of the id of the boot that wrote the\n"
	"record, with '*' for an earlier boot: sequence numbers restart at 1\n"
	"each boot, so name such a record BOOT:SEQ.  KIND 'panic': the kernel\n"
	"panicked (panic_on_oom) before choosing a victim.  ACK 'yes': the\n"
	"record was acknowledged (see '" PROG_NAME " ack').\n"
	"\n"
	"  --json      print a JSON array of the records' summaries (all but\n"
	"              the task table; see '" PROG_NAME " show --json')\n"
	"  -h, --help  show this help\n";

struct records {
	struct osn_record *v;
	size_t n, cap;
};

static int collect(struct osn_record *rec, void *arg)
{
	struct records *rs = arg;

	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 64;
		struct osn_record *v = reallocarray(rs->v, cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		rs->v = v;
		rs->cap = cap;
	}
	osn_record_move(&rs->v[rs->n++], rec);
	return 0;
}

static void free_records(struct records *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		osn_record_free(&rs->v[i]);
	free(rs->v);
}

static int print_json(const struct records *rs)
{
	struct json_object *arr = json_object_new_array();
	size_t i;
	int rc = OSN_EXIT_OK;

	if (!arr)
		goto nomem;
	for (i = 0; i < rs->n; i++) {
		struct json_object *o = osn_record_to_json(&rs->v[i]);

		if (!o || json_object_array_add(arr, o)) {
			json_object_put(o);
			json_object_put(arr);
			goto nomem;
		}
	}
	if (puts(json_object_to_json_string_ext(arr, OSN_JSON_FLAGS)) < 0)
		rc = OSN_EXIT_OUTPUT;
	json_object_put(arr);
	return rc;
nomem:
	fprintf(stderr, PROG_NAME ": failed to build the JSON output: %s\n",
		"out of memory");
	return OSN_EXIT_FAILURE;
}

static int print_text(const struct records *rs)
{
	bool earlier = false;
	size_t i;

	if (osn_text_list_header(stdout))
		return OSN_EXIT_OUTPUT;
	for (i = 0; i < rs->n; i++) {
		if (osn_text_list_line(stdout, &rs->v[i]))
			return OSN_EXIT_OUTPUT;
		earlier |= rs->v[i].earlier_boot;
	}
	if (earlier && printf("(* a record of an earlier boot: show it with '"
			      PROG_NAME " show BOOT:SEQ')\n") < 0)
		return OSN_EXIT_OUTPUT;
	return OSN_EXIT_OK;
}

int cmd_list(int argc, char **argv)
{
	struct records rs = { NULL, 0, 0 };
	struct osn_nl *nl;
	struct cli_args a;
	int err, rc;

	rc = cli_parse_args(argc, argv, "list", usage, help, CLI_JSON, &a);
	if (rc >= 0)
		return rc;

	rc = cli_connect(&nl);
	if (rc)
		return rc;
	err = osn_nl_list(nl, collect, &rs);
	if (err)
		rc = cli_nl_failure(nl, err);
	else if (rs.n == 0)
		cli_no_records(a.json, "[]", false);
	else
		rc = a.json ? print_json(&rs) : print_text(&rs);
	osn_nl_free(nl);
	free_records(&rs);
	return rc;
}
