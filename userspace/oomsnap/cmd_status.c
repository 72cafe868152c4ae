// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_status.c - `oomsnap status [--json] [--state-dir DIR]
 * [--runtime-dir DIR]`: the state of the module's store (version,
 * persistent or volatile mode and its region, capacity, records held,
 * unacknowledged and from earlier boots, kills not stored, corrupt records
 * skipped, policy, why the region was re-initialised, the current boot
 * id), whether the region setup-persistence set up is in use and if not
 * why (persist_setup.h; "persistence_setup" in JSON), then the daemon
 * (oomsnapd's runtime status file, see
 * daemon_status.h; one line per forwarding target) and the archive
 * (folder, files, bytes).  The text of the daemon and archive sections is
 * made from the same JSON objects that --json prints under "daemon" and
 * "archive".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "commands.h"
#include "daemon_status.h"
#include "persist_plan.h"
#include "persist_setup.h"
#include "render_json.h"
#include "status.h"

static const char usage[] =
	"usage: " PROG_NAME " status [--json] [--state-dir DIR] "
	"[--runtime-dir DIR]\n";

static const char help[] =
	"\n"
	"Show the state of the oomsnap module's store: its version; whether\n"
	"records survive warm reboots (persistent, in a reserved memory\n"
	"region) or not (volatile); how many records it can hold and holds,\n"
	"how many are not acknowledged and how many are from earlier boots;\n"
	"kills it could not store; corrupt records it skipped; what it does\n"
	"when full; why the region was re-initialised; the current boot id.\n"
	"Then the archiving daemon oomsnapd (its state and counts, or that\n"
	"it is not running) and the archive (folder, files, size).\n"
	"\n"
	"  --json             print a JSON object\n"
	"  --state-dir DIR    oomsnapd's state folder (default "
	OSN_STATE_DIR_DEFAULT ")\n"
	"  --runtime-dir DIR  oomsnapd's runtime folder (default "
	OSN_RUNTIME_DIR_DEFAULT ")\n"
	"  -h, --help         show this help\n";

/* The daemon's object, or NULL (no file, or its pid is not alive). */
static struct json_object *daemon_json(const char *runtime_dir)
{
	struct json_object *o;
	int err = osn_daemon_status_read(runtime_dir, &o);

	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

/* {"path", "files", "bytes"}, or NULL when there is no archive. */
static struct json_object *archive_json(const char *state_dir, int *err)
{
	struct osn_archive_entry *e;
	struct osn_archive *a;
	struct json_object *o;
	uint64_t bytes = 0;
	size_t n, i;

	*err = osn_archive_open(state_dir, false, &a);
	if (*err)
		return NULL;
	*err = osn_archive_scan(a, &e, &n, NULL);
	if (*err) {
		osn_archive_close(a);
		return NULL;
	}
	for (i = 0; i < n; i++)
		bytes += e[i].size;
	free(e);
	o = json_object_new_object();
	if (o && (json_object_object_add(o, "path", json_object_new_string(
				osn_archive_path(a))) ||
		  json_object_object_add(o, "files",
					 json_object_new_uint64(n)) ||
		  json_object_object_add(o, "bytes",
					 json_object_new_uint64(bytes)))) {
		json_object_put(o);
		o = NULL;
	}
	if (!o)
		*err = -ENOMEM;
	osn_archive_close(a);
	return o;
}

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return "?";
	return json_object_get_string(v);
}

static int64_t jint(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return 0;
	return json_object_get_int64(v);
}

static void print_daemon(struct json_object *d, const char *runtime_dir)
{
	if (!d) {
		printf("daemon:        oomsnapd not running (no live %s/%s)\n",
		       runtime_dir ? runtime_dir : OSN_RUNTIME_DIR_DEFAULT,
		       OSN_DAEMON_STATUS_FILE);
		return;
	}
	printf("daemon:        oomsnapd %s, pid %" PRId64 ", %s: archived %"
	       PRId64 ", acknowledged %" PRId64 ", pending %" PRId64
	       ", undecodable %" PRId64 ", gone %" PRId64
	       ", removed by retention %" PRId64 " (updated %s)\n",
	       jstr(d, "version"), jint(d, "pid"), jstr(d, "state"),
	       jint(d, "records_archived"), jint(d, "records_acked"),
	       jint(d, "records_pending"), jint(d, "records_undecodable"),
	       jint(d, "records_gone"), jint(d, "retention_deleted"),
	       jstr(d, "updated"));
}

/* One line per forwarding target of the daemon. */
static void print_targets(struct json_object *d)
{
	struct json_object *arr, *t, *e;
	size_t i, n;

	if (!d || !json_object_object_get_ex(d, "targets", &arr) ||
	    !json_object_is_type(arr, json_type_array))
		return;
	n = json_object_array_length(arr);
	for (i = 0; i < n; i++) {
		t = json_object_array_get_idx(arr, i);
		printf("target:        %s: %" PRId64 " pending", jstr(t, "name"),
		       jint(t, "pending"));
		if (json_object_object_get_ex(t, "last_error", &e) && e &&
		    json_object_is_type(e, json_type_string))
			printf(", last error %s: %s", jstr(t, "last_error_time"),
			       json_object_get_string(e));
		else
			printf(", no error");
		printf("\n");
	}
}

static void print_archive(struct json_object *d, struct json_object *a,
			  int err, const char *state_dir)
{
	struct json_object *e = NULL;

	if (d && json_object_object_get_ex(d, "archive_error", &e) && e &&
	    json_object_is_type(e, json_type_object))
		printf("archive:       FAILING since %s: %s (writing %s) -- "
		       "free space in %s (or make it writable); records are "
		       "kept in the kernel until then\n", jstr(e, "since"),
		       jstr(e, "error"), jstr(e, "record"),
		       jstr(d, "state_dir"));
	if (a)
		printf("archive:       %s: %" PRId64 " %s, %" PRId64
		       " bytes\n", jstr(a, "path"), jint(a, "files"),
		       jint(a, "files") == 1 ? "file" : "files",
		       jint(a, "bytes"));
	else if (err == -ENOENT)
		printf("archive:       none yet (%s/%s does not exist)\n",
		       state_dir ? state_dir : OSN_STATE_DIR_DEFAULT,
		       OSN_ARCHIVE_SUBDIR);
	else
		printf("archive:       cannot read %s/%s: %s\n",
		       state_dir ? state_dir : OSN_STATE_DIR_DEFAULT,
		       OSN_ARCHIVE_SUBDIR, strerror(-err));
}

/* What setup-persistence set up, and whether it is in use (st: NULL
 * without the module): {"state", "text", "file", "booted_with"}. */
static struct json_object *setup_json(const struct osn_status *st)
{
	char why[1024], *cmd = NULL;
	struct osn_persist_setup s;
	enum osn_persist_state state;
	struct json_object *o;
	size_t cap = 0;
	FILE *f;

	f = fopen("/proc/cmdline", "re");
	if (f && getline(&cmd, &cap, f) < 0) {
		free(cmd);
		cmd = NULL;
	}
	if (f)
		fclose(f);
	osn_persist_setup_read(OSN_PERSIST_CONF, cmd ? cmd : "", &s);
	free(cmd);
	state = osn_persist_verdict(&s, st, OSN_PERSIST_CONF, why, sizeof(why));
	o = json_object_new_object();
	if (o && (json_object_object_add(o, "state", json_object_new_string(
				osn_persist_state_name(state))) ||
		  json_object_object_add(o, "text", json_object_new_string(why)) ||
		  json_object_object_add(o, "file", json_object_new_string(OSN_PERSIST_CONF)) ||
		  json_object_object_add(o, "booted_with", json_object_new_boolean(s.booted_with)))) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

static void print_setup(struct json_object *p)
{
	printf("persistence:   %s\n", p ? jstr(p, "text") : "? (out of memory)");
}

static int print_json(const struct osn_status *st, struct json_object *d,
		      struct json_object *a)
{
	struct json_object *o = osn_status_to_json(st);

	if (o && (json_object_object_add(o, "daemon", json_object_get(d)) ||
		  json_object_object_add(o, "persistence_setup", setup_json(st)) ||
		  json_object_object_add(o, "archive", json_object_get(a)))) {
		json_object_put(o);
		o = NULL;
	}
	return cli_print_json(o);
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
	struct json_object *d, *a, *p = NULL;
	struct osn_status st;
	bool have_st = false;
	struct osn_nl *nl;
	struct cli_args o;
	int err, aerr, rc;

	rc = cli_parse_args(argc, argv, "status", usage, help,
			    CLI_JSON | CLI_STATE_DIR | CLI_RUNTIME_DIR, &o);
	if (rc >= 0)
		return rc;

	d = daemon_json(cli_runtime_dir);
	a = archive_json(cli_state_dir, &aerr);
	rc = cli_connect(&nl);
	if (!rc) {
		err = osn_nl_status(nl, &st);
		have_st = !err;
		if (err)
			rc = cli_nl_failure(nl, err);
		else
			rc = o.json ? print_json(&st, d, a) : print_text(&st);
		osn_nl_free(nl);
	}
	/* Without the module the daemon and the archive still matter. */
	if (!o.json && rc != OSN_EXIT_OUTPUT) {
		p = setup_json(have_st ? &st : NULL);
		print_setup(p);
		json_object_put(p);
		print_daemon(d, cli_runtime_dir);
		print_targets(d);
		print_archive(d, a, aerr, cli_state_dir);
	}
	json_object_put(d);
	json_object_put(a);
	return rc;
}
