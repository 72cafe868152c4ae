// SPDX-License-Identifier: GPL-2.0
/*
 * cli_error.c - turn library error codes into the CLI's messages and exit
 * statuses (one place, so that every command says the same thing).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "module_signing.h"
#include "render_json.h"

/*
 * The family is missing although the module is loaded: it exists in the
 * initial network namespace only (/sys/module is not per namespace).
 */
bool cli_family_hidden(void)
{
	return !access("/sys/module/oomsnap", F_OK);
}

int cli_nl_failure(const struct osn_nl *nl, int err)
{
	char advice[512];

	switch (-err) {
	case OSN_ENOFAMILY:
		if (cli_family_hidden()) {
			fprintf(stderr, PROG_NAME ": the oomsnap module is "
				"loaded, but its generic netlink family '%s' "
				"is not visible from this network namespace: "
				"it exists in the initial network namespace "
				"only; run " PROG_NAME " on the host, outside "
				"containers\n", OOMSNAP_GENL_NAME);
			return OSN_EXIT_UNAVAILABLE;
		}
		fprintf(stderr, PROG_NAME ": kernel module not loaded "
			"(generic netlink family '%s' not found); "
			"try: modprobe oomsnap\n", OOMSNAP_GENL_NAME);
		if (osn_module_signing_advice("", advice, sizeof(advice)))
			fprintf(stderr, PROG_NAME ": %s\n", advice);
		return OSN_EXIT_UNAVAILABLE;
	case EPERM:
		fprintf(stderr, PROG_NAME ": permission denied: the "
			"kernel's OOM records need CAP_NET_ADMIN in the "
			"initial user namespace (root on the host; root in a "
			"user namespace is not enough); run as root\n");
		return OSN_EXIT_NOPERM;
	case OSN_EINTERRUPTED:
		fprintf(stderr, PROG_NAME ": the kernel's records kept "
			"changing while they were listed (%s); nothing is "
			"printed: run the command again\n", osn_nl_errmsg(nl));
		return OSN_EXIT_OVERWRITTEN;
	case OSN_EOVERWRITTEN:
		fprintf(stderr, PROG_NAME ": the record was overwritten while "
			"it was being read; run the command again\n");
		return OSN_EXIT_OVERWRITTEN;
	case OSN_EUNSUPPORTED:
		fprintf(stderr, PROG_NAME ": the loaded module does not support "
			"this (%s: %s); it is older than this CLI\n",
			osn_nl_step(nl), osn_nl_errmsg(nl));
		return OSN_EXIT_FAILURE;
	case OSN_EPROTOVER:
		fprintf(stderr, PROG_NAME ": %s\n", osn_nl_errmsg(nl));
		return OSN_EXIT_FAILURE;
	case OSN_EDECODE:
		fprintf(stderr, PROG_NAME ": record from the kernel could not "
			"be decoded (%s); the module and CLI may be from "
			"different versions\n", osn_nl_errmsg(nl));
		return OSN_EXIT_FAILURE;
	default:
		fprintf(stderr, PROG_NAME ": failed to %s: %s\n",
			osn_nl_step(nl), osn_nl_errmsg(nl));
		return OSN_EXIT_FAILURE;
	}
}

int cli_connect(struct osn_nl **nlp)
{
	struct osn_nl *nl;
	int err, rc;

	*nlp = NULL;
	nl = osn_nl_alloc();
	if (!nl) {
		fprintf(stderr, PROG_NAME ": failed to allocate the netlink "
			"client: %s\n", strerror(ENOMEM));
		return OSN_EXIT_FAILURE;
	}
	err = osn_nl_connect(nl);
	if (err) {
		rc = cli_nl_failure(nl, err);
		osn_nl_free(nl);
		return rc;
	}
	*nlp = nl;
	return OSN_EXIT_OK;
}

int cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list ap;

	fputs(PROG_NAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage);
	return OSN_EXIT_USAGE;
}

int cli_bad_option(const char *usage, char **argv)
{
	if (optopt == OPT_STATE_DIR)
		return cli_usage_error(usage, "%s: --state-dir needs a folder "
				       "(--state-dir DIR)", argv[0]);
	if (optopt == OPT_RUNTIME_DIR)
		return cli_usage_error(usage, "%s: --runtime-dir needs a "
				       "folder (--runtime-dir DIR)", argv[0]);
	/* Long options use values >= 256 (see OPT_*), short ones a char. */
	if (optopt > 0 && optopt < 256)
		return cli_usage_error(usage, "%s: invalid option '-%c'",
				       argv[0], optopt);
	return cli_usage_error(usage, "%s: invalid option '%s'", argv[0],
			       argv[optind - 1]);
}

int cli_print_json(struct json_object *o)
{
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

/* Records leave the kernel only when acknowledged, the archive by hand. */
void cli_no_records(bool json, const char *json_empty,
		    const struct cli_sources *src)
{
	char msg[4200];

	if (src->nl && src->ar)
		snprintf(msg, sizeof(msg), PROG_NAME ": no OOM kill records "
			 "held by the kernel (none recorded, or all "
			 "acknowledged) nor archived in %s\n",
			 osn_archive_path(src->ar));
	else if (src->ar)
		snprintf(msg, sizeof(msg), PROG_NAME ": no OOM kill records "
			 "archived in %s\n", osn_archive_path(src->ar));
	else
		snprintf(msg, sizeof(msg), PROG_NAME ": no OOM kill records "
			 "held (none recorded, or all acknowledged; no "
			 "archive in %s)\n",
			 cli_state_dir ? cli_state_dir : OSN_STATE_DIR_DEFAULT);
	if (json) {
		/* Keep stdout valid JSON; tell the human on stderr. */
		printf("%s\n", json_empty);
		fputs(msg, stderr);
	} else {
		fputs(msg, stdout);
	}
}
