// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_show.c - `oomsnap show [--json] [--state-dir DIR] [SEQ|BOOT:SEQ]`:
 * one recorded OOM kill in detail, held by the kernel or archived; the
 * newest of any boot when SEQ is omitted; SEQ alone means a record of the
 * current boot, BOOT:SEQ one of the boot BOOT (an id or a unique prefix of
 * one, among the kernel's and the archive's records).  The kernel's copy
 * (a GET dump, assembled) is preferred to the archive file's.  The whole
 * record is read before anything is printed: an inconsistent or
 * overwritten record prints nothing on stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "render_json.h"
#include "render_text.h"

static const char usage[] =
	"usage: " PROG_NAME " show [--json] [--state-dir DIR] "
	"[SEQ | BOOT:SEQ]\n";

static const char help[] =
	"\n"
	"Show one recorded OOM kill: the one with sequence number SEQ (see\n"
	"'" PROG_NAME " list'), or the newest one of any boot: a summary, then\n"
	"the kernel's report as it was at the kill (memory, zones, processes).\n"
	"The record is the kernel's when the module holds it, else the file\n"
	"oomsnapd archived; the first line says which.\n"
	"Sequence numbers restart at 1 each boot: SEQ alone is a record of\n"
	"the current boot; BOOT:SEQ one of the boot BOOT, a boot id or at\n"
	"least 4 of its first hex digits (the BOOT column of 'list').\n"
	"\n"
	"  --json           print the record as a JSON object (the same text\n"
	"                   as its archive file)\n"
	"  --state-dir DIR  read the archive in DIR/records (default "
	OSN_STATE_DIR_DEFAULT ")\n"
	"  -h, --help       show this help\n";

/* The first line: where the record shown was read. */
static void print_source(FILE *f, const struct cli_sources *s,
			 const struct osn_merge_item *it, unsigned int from)
{
	char path[4096];

	if (it->archive_file[0])
		cli_archive_file(s, it->archive_file, path, sizeof(path));
	if (from == OSN_SOURCE_KERNEL && it->archive_file[0])
		fprintf(f, "Held by the kernel; archived: %s\n", path);
	else if (from == OSN_SOURCE_KERNEL)
		fprintf(f, "Held by the kernel; not archived\n");
	else if (!s->nl)
		fprintf(f, "Archived: %s (the kernel's records were not "
			"read)\n", path);
	else if (it->source & OSN_SOURCE_KERNEL)
		fprintf(f, "Archived: %s (the kernel's copy could not be "
			"read)\n", path);
	else
		fprintf(f, "Archived: %s (no longer held by the kernel)\n",
			path);
}

/* Formatted in memory first: a failure half-way prints nothing. */
static int print_text(const struct cli_sources *s,
		      const struct osn_merge_item *it,
		      const struct osn_record *rec, unsigned int from)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int err = -ENOMEM;

	if (f) {
		print_source(f, s, it, from);
		err = osn_text_show(f, rec);
	}
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
	struct osn_merge_item *it = NULL;
	struct cli_sources s;
	unsigned int from = 0;
	int rc;

	rc = cli_sources_gather(&s, 0);
	if (rc)
		return rc;
	if (ref)
		it = cli_resolve_merged(&s, ref, &rc);
	else
		it = (struct osn_merge_item *)osn_merge_newest(&s.m);
	if (!ref && !it && !s.m.nbad)
		cli_no_records(json, "null", &s);
	if (it)
		rc = cli_sources_fetch(&s, it, &rec, &from);
	if (it && !rc)
		rc = json ? cli_print_json(osn_record_to_json(&rec)) :
			    print_text(&s, it, &rec, from);
	/* The newest that decodes is not surely the newest. */
	if (!ref && s.m.nbad && (rc == OSN_EXIT_OK || !it)) {
		fflush(stdout);
		cli_sources_report_bad(&s);
		fprintf(stderr, PROG_NAME ": %s\n", it ?
			"the record shown is the newest of those that could be "
			"decoded" : "no record could be decoded");
		if (!it && json && puts("null") < 0)
			rc = OSN_EXIT_OUTPUT;
		if (!rc)
			rc = OSN_EXIT_PARTIAL;
	}
	osn_record_free(&rec);
	cli_sources_free(&s);
	return rc;
}
int cmd_show(int argc, char **argv)
{
	struct osn_ref ref;
	struct cli_args a;
	int rc;

	rc = cli_parse_args(argc, argv, "show", usage, help,
			    CLI_JSON | CLI_ARG | CLI_STATE_DIR, &a);
	if (rc >= 0)
		return rc;
	if (!a.arg)
		return show(a.json, NULL);
	rc = cli_parse_ref(usage, "show", a.arg, &ref);
	return rc ? rc : show(a.json, &ref);
}
