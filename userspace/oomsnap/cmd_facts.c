// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_facts.c - `oomsnap facts`: read the machine facts the kernel exports
 * to no module (SwapTotal, huge pages, vm.overcommit_memory,
 * vm.panic_on_oom) from /proc and hand them to the module, which puts them
 * into the records of later kills with their age.  oomsnapd does this by
 * itself at start and periodically; without it, the modprobe.d install
 * line runs this once after loading the module, and an administrator runs
 * it again after swapon/swapoff or a change of those sysctls.
 */
#include <inttypes.h>
#include <stdio.h>

#include "commands.h"
#include "facts.h"
#include "format.h"
#include "json_util.h"

static const char usage[] = "usage: " PROG_NAME " facts [--json]\n";

static const char help[] =
	"\n"
	"Hand the module the facts it cannot read itself: SwapTotal,\n"
	"HugePages_Total and HugePages_Free from /proc/meminfo, and\n"
	"vm.overcommit_memory and vm.panic_on_oom.  Records of later kills\n"
	"carry them, with how long before the kill they were handed in\n"
	"(facts_age_ns); records of kills before any hand-in have none.\n"
	"oomsnapd hands them in every few seconds; without it run this after\n"
	"loading the module and after changing swap or those sysctls.\n"
	"Prints what it handed in.\n"
	"\n"
	"  --json      print it as a JSON object\n"
	"  -h, --help  show this help\n";

static int print(const struct osn_facts *f, bool json)
{
	struct json_object *o;
	unsigned int i;

	if (json) {
		o = json_object_new_object();
		for (i = 0; o && i < OSN_NR_FACTS; i++) {
			if (jadd_opt(o, osn_meminfo_key(osn_fact_attrs[i]),
				     f->v[osn_fact_attrs[i]])) {
				json_object_put(o);
				o = NULL;
			}
		}
		return cli_print_json(o);
	}
	for (i = 0; i < OSN_NR_FACTS; i++) {
		const struct osn_opt *v = &f->v[osn_fact_attrs[i]];
		const char *key = osn_meminfo_key(osn_fact_attrs[i]);
		int n = v->has ? printf("%s %" PRIu64 "\n", key, v->v) :
			printf("%s unknown (could not be read)\n", key);

		if (n < 0)
			return OSN_EXIT_OUTPUT;
	}
	return OSN_EXIT_OK;
}

int cmd_facts(int argc, char **argv)
{
	struct osn_facts f;
	struct cli_args a;
	struct osn_nl *nl;
	const char *why;
	int rc, err;

	rc = cli_parse_args(argc, argv, "facts", usage, help, CLI_JSON, &a);
	if (rc >= 0)
		return rc;
	if (osn_facts_read("/proc", &f, &why) < 0) {
		fprintf(stderr, PROG_NAME ": cannot read %s; is /proc "
			"mounted?\n", why);
		return OSN_EXIT_FAILURE;
	}
	rc = cli_connect(&nl);
	if (rc)
		return rc;
	err = osn_nl_set_facts(nl, &f);
	if (err == -OSN_EUNSUPPORTED) {
		fprintf(stderr, PROG_NAME ": the loaded module is too old to "
			"take facts (no SET_FACTS command); load this "
			"version's module\n");
		rc = OSN_EXIT_FAILURE;
	} else if (err) {
		rc = cli_nl_failure(nl, err);
	}
	osn_nl_free(nl);
	return rc ? rc : print(&f, a.json);
}
