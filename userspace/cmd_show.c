// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_show.c - `oomsnap show [--json] [SEQ]`: one recorded OOM kill in
 * detail, the newest when SEQ is omitted.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "commands.h"
#include "parse_seq.h"
#include "render_json.h"
#include "render_text.h"

static const char usage[] =
	"usage: " PROG_NAME " show [--json] [SEQ]\n";

static const char help[] =
	"\n"
	"Show one recorded OOM kill: the one with sequence number SEQ (see\n"
	"'" PROG_NAME " list'), or the newest one.\n"
	"\n"
	"  --json      print the record as a JSON object\n"
	"  -h, --help  show this help\n";

struct result {
	struct osn_record rec;
	unsigned int n;
};

static int keep(const struct osn_record *rec, void *arg)
{
	struct result *res = arg;

	if (res->n++ == 0)
		res->rec = *rec;
	return 0;
}

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

static int show(bool json, bool has_seq, uint64_t seq)
{
	struct result res = { .n = 0 };
	struct osn_nl *nl;
	int err, rc;

	rc = cli_connect(&nl);
	if (rc)
		return rc;
	err = osn_nl_get(nl, has_seq, seq, keep, &res);
	if (err == -OSN_ENORECORD && has_seq) {
		fprintf(stderr, PROG_NAME ": no record with sequence number "
			"%" PRIu64 " (see: " PROG_NAME " list)\n", seq);
		rc = OSN_EXIT_NORECORD;
	} else if (err == -OSN_ENORECORD) {
		cli_no_records(json, "null");
	} else if (err) {
		rc = cli_nl_failure(nl, err);
	} else if (res.n != 1) {
		fprintf(stderr, PROG_NAME ": failed to receive the record: "
			"the kernel sent %u records instead of one\n", res.n);
		rc = OSN_EXIT_FAILURE;
	} else if (json) {
		rc = print_json(&res.rec);
	} else if (osn_text_show(stdout, &res.rec)) {
		rc = OSN_EXIT_OUTPUT;
	}
	osn_nl_free(nl);
	return rc;
}

static int extra_arg(const char *arg)
{
	return cli_usage_error(usage, "show: unexpected argument '%s'", arg);
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 }
	};
	const char *seq_arg = NULL;
	bool json = false;
	uint64_t seq = 0;
	int c;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "-h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON:
			json = true;
			break;
		case 'h':
		case OPT_HELP:
			fputs(usage, stdout);
			fputs(help, stdout);
			return OSN_EXIT_OK;
		case 1:
			if (seq_arg)
				return extra_arg(optarg);
			seq_arg = optarg;
			break;
		default:
			return cli_bad_option(usage, argv);
		}
	}
	/* Whatever follows "--". */
	for (; optind < argc; optind++) {
		if (seq_arg)
			return extra_arg(argv[optind]);
		seq_arg = argv[optind];
	}
	if (seq_arg && osn_parse_seq(seq_arg, &seq))
		return cli_usage_error(usage, "show: SEQ must be a positive "
				       "decimal integer, not '%s'", seq_arg);
	return show(json, seq_arg != NULL, seq);
}
