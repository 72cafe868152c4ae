// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_list.c - `oomsnap list [--json] [--state-dir DIR]`: every recorded
 * OOM kill, held by the kernel or archived by oomsnapd, one row per record,
 * oldest first, as a table with a SOURCE column or as a JSON array whose
 * elements say "source" and "archive_file".  All records are fetched and
 * decoded before anything is printed, so a failure never leaves a partial
 * table or a truncated JSON array on stdout; a record that does not
 * decode is left out, named on stderr, and the exit status says so (6).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "render_json.h"
#include "render_text.h"

static const char usage[] =
	"usage: " PROG_NAME " list [--json] [--state-dir DIR]\n";

static const char help[] =
	"\n"
	"List the recorded OOM kills, oldest first: those the kernel module\n"
	"holds (earlier boots' included, when it keeps its records in a\n"
	"persistent region) and those oomsnapd archived, one line per record.\n"
	"SOURCE: 'kernel' (held by the module, not archived), 'archive' (only\n"
	"in the archive: acknowledged, or read without the module), 'both'.\n"
	"BOOT is the first 8 hex digits of the id of the boot that wrote the\n"
	"record, with '*' for an earlier boot: sequence numbers restart at 1\n"
	"each boot, so name such a record BOOT:SEQ.  KIND 'panic': the kernel\n"
	"panicked (panic_on_oom) before choosing a victim.  ACK 'yes': the\n"
	"record was acknowledged (see '" PROG_NAME " ack').\n"
	"A record that cannot be decoded is named on stderr and left out; the\n"
	"exit status is then 6.\n"
	"\n"
	"  --json           print a JSON array of the records' summaries (all\n"
	"                   but the task table; see '" PROG_NAME " show --json'),\n"
	"                   each with \"source\" and \"archive_file\" added\n"
	"  --state-dir DIR  read the archive in DIR/records (default "
	OSN_STATE_DIR_DEFAULT ")\n"
	"  -h, --help       show this help\n";

/* The element of list --json: the record's object plus where it is. */
static struct json_object *element(const struct osn_merge_item *it)
{
	struct json_object *o = osn_record_to_json(&it->rec), *v;

	if (!o)
		return NULL;
	json_object_object_del(o, "tasks");
	v = json_object_new_string(osn_source_name(it->source));
	if (!v || json_object_object_add(o, "source", v))
		goto fail;
	v = it->archive_file[0] ? json_object_new_string(it->archive_file) :
				  NULL;
	if ((it->archive_file[0] && !v) ||
	    json_object_object_add(o, "archive_file", v))
		goto fail;
	return o;
fail:
	json_object_put(v);
	json_object_put(o);
	return NULL;
}

static int print_json(const struct osn_merge *m)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; arr && i < m->n; i++) {
		struct json_object *o = element(&m->v[i]);

		if (!o || json_object_array_add(arr, o)) {
			json_object_put(o);
			json_object_put(arr);
			arr = NULL;
		}
	}
	return cli_print_json(arr);
}

static int print_text(const struct osn_merge *m)
{
	bool earlier = false;
	size_t i;

	if (printf("%-7s ", "SOURCE") < 0 || osn_text_list_header(stdout))
		return OSN_EXIT_OUTPUT;
	for (i = 0; i < m->n; i++) {
		if (printf("%-7s ", osn_source_short(m->v[i].source)) < 0 ||
		    osn_text_list_line(stdout, &m->v[i].rec))
			return OSN_EXIT_OUTPUT;
		earlier |= m->v[i].rec.earlier_boot;
	}
	if (earlier && printf("(* a record of an earlier boot: show it with '"
			      PROG_NAME " show BOOT:SEQ')\n") < 0)
		return OSN_EXIT_OUTPUT;
	return OSN_EXIT_OK;
}

int cmd_list(int argc, char **argv)
{
	struct cli_sources s;
	struct cli_args a;
	int rc;

	rc = cli_parse_args(argc, argv, "list", usage, help,
			    CLI_JSON | CLI_STATE_DIR, &a);
	if (rc >= 0)
		return rc;

	rc = cli_sources_gather(&s, CLI_SRC_READ);
	if (rc)
		return rc;
	if (s.m.n == 0 && s.m.nbad == 0)
		cli_no_records(a.json, "[]", &s);
	else if (s.m.n == 0 && a.json && puts("[]") < 0)
		rc = OSN_EXIT_OUTPUT;
	else if (s.m.n)
		rc = a.json ? print_json(&s.m) : print_text(&s.m);
	/* After the output: the names of the ones left out end stderr. */
	if (s.m.nbad) {
		fflush(stdout);
		cli_sources_report_bad(&s);
		if (!rc)
			rc = OSN_EXIT_PARTIAL;
	}
	cli_sources_free(&s);
	return rc;
}
