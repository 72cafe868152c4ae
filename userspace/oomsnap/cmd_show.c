// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_show.c - `oomsnap show [--json] [SEQ|BOOT:SEQ]`: one recorded OOM
 * kill in detail, the newest when SEQ is omitted; SEQ alone means a record
 * of the current boot, BOOT:SEQ one of the boot BOOT (an id or a unique
 * prefix of one).  The whole record (task and
 * cgroup tables included) is fetched with a GET dump and assembled before
 * anything is printed: an inconsistent or overwritten record prints
 * nothing on stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "render_json.h"
#include "render_text.h"

static const char usage[] =
	"usage: " PROG_NAME " show [--json] [SEQ | BOOT:SEQ]\n";

static const char help[] =
	"\n"
	"Show one recorded OOM kill: the one with sequence number SEQ (see\n"
	"'" PROG_NAME " list'), or the newest one: a summary, then the\n"
	"kernel's report as it was at the kill (memory, zones, processes).\n"
	"Sequence numbers restart at 1 each boot: SEQ alone is a record of\n"
	"the current boot; BOOT:SEQ one of the boot BOOT, a boot id or at\n"
	"least 4 of its first hex digits (the BOOT column of 'list').\n"
	"\n"
	"  --json      print the record as a JSON object\n"
	"  -h, --help  show this help\n";

static int print_json(const struct osn_record *rec)
{
	struct json_object *o = osn_record_to_json(rec);
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

/* Formatted in memory first: a failure half-way prints nothing. */
static int print_text(const struct osn_record *rec)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int err = f ? osn_text_show(f, rec) : -ENOMEM;

	if (f && fclose(f) && !err)
		err = -ENOMEM;
	if (err) {
		fprintf(stderr, PROG_NAME ": failed to format the record: %s\n",
			strerror(-err));
		free(buf);
		return OSN_EXIT_FAILURE;
	}
	err = fwrite(buf, 1, len, stdout) != len;
	free(buf);
	return err ? OSN_EXIT_OUTPUT : OSN_EXIT_OK;
}

static int show(bool json, const struct osn_ref *ref)
{
	struct osn_record rec = { .seq = 0 };
	struct osn_target t;
	struct osn_nl *nl;
	char name[64];
	int err, rc;

	rc = cli_connect(&nl);
	if (rc)
		return rc;
	if (ref) {
		rc = cli_resolve_ref(nl, ref, &t);
		if (rc) {
			osn_nl_free(nl);
			return rc;
		}
	}
	err = osn_nl_get_record(nl, ref ? &t : NULL, &rec);
	if (err == -OSN_ENORECORD && ref) {
		fprintf(stderr, PROG_NAME ": no record %s%s (see: " PROG_NAME
			" list)\n", cli_target_name(&t, name, sizeof(name)),
			t.has_boot_id ? "" : " of the current boot");
		rc = OSN_EXIT_NORECORD;
	} else if (err == -OSN_ENORECORD) {
		cli_no_records(json, "null", true);
	} else if (err) {
		rc = cli_nl_failure(nl, err);
	} else if (json) {
		rc = print_json(&rec);
	} else {
		rc = print_text(&rec);
	}
	osn_record_free(&rec);
	osn_nl_free(nl);
	return rc;
}

int cmd_show(int argc, char **argv)
{
	struct osn_ref ref;
	struct cli_args a;
	int rc;

	rc = cli_parse_args(argc, argv, "show", usage, help,
			    CLI_JSON | CLI_ARG, &a);
	if (rc >= 0)
		return rc;
	if (!a.arg)
		return show(a.json, NULL);
	rc = cli_parse_ref(usage, "show", a.arg, &ref);
	return rc ? rc : show(a.json, &ref);
}
