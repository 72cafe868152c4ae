// SPDX-License-Identifier: GPL-2.0
/*
 * test_targets.c - unit tests of oomsnapd's outbox and file targets
 * (targets.c, jsonl.c, textfile.c) on a real archive in a temporary
 * folder: cursors that survive a restart, a crash between a delivery and
 * its cursor update (one resend, no more), a new target starting from the
 * oldest file, retention sparing what a restarted target has not
 * received; JSON Lines (one line per file, in order, the same object; a
 * write the file system refuses leaves the cursor); the textfile's exact
 * text, counters that retention cannot lower, and no temporary left.
 * A "restart" is osnd_targets_setup() again, as main.c does at start.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "archive.h"
#include "config.h"
#include "daemon_status.h"
#include "fixture.h"
#include "record.h"
#include "retention.h"
#include "status.h"
#include "targets.h"

#define NFILES	6
#define SEC	1000000000ULL

static char tmpdir[64];
static struct osn_archive *arch;
static struct osnd_config cfg;
static char names[NFILES][OSN_ARCHIVE_NAME_LEN];

/* File i: a kill of kind at time_ns, its file written an hour ago. */
static void add_file(int i, uint32_t kind, uint64_t time_ns)
{
	struct t_snap s = snap_global;
	struct osn_record rec;
	struct timespec ts[2];
	struct nl_msg *m;
	char p[PATH_MAX];

	s.seq = i + 1;
	s.time_ns = time_ns;
	s.kind = kind;
	if (kind == OOMSNAP_KIND_SYSRQ)
		s.order = -1;
	m = fx_summary(&s);
	assert_non_null(m);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), &rec), 0);
	nlmsg_free(m);
	assert_int_equal(osn_archive_write(arch, &rec, names[i],
					   sizeof(names[i])), 0);
	osn_record_free(&rec);
	ts[0].tv_sec = ts[1].tv_sec = time(NULL) - 3600;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	snprintf(p, sizeof(p), "%s/%s", osn_archive_path(arch), names[i]);
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
}

static void add_global(int i)
{
	add_file(i, OOMSNAP_KIND_GLOBAL, (1700000000ULL + i * 100) * SEC);
}

static void restart(void)
{
	assert_int_equal(osnd_targets_setup(&cfg), 0);
}

static char *slurp(const char *path)
{
	char *buf = NULL;
	size_t cap = 0, len = 0, n;
	FILE *f = fopen(path, "re");

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			cap = len + 8192;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	fclose(f);
	buf[len] = '\0';
	return buf;
}

/* Line i (0-based) of the JSON Lines file, parsed; NULL when none. */
static struct json_object *jsonl_line(int i, int *nlines)
{
	char *all = slurp(cfg.jsonl), *p, *nl;
	struct json_object *o = NULL;
	int n = 0;

	assert_non_null(all);
	for (p = all; *p; p = nl + 1, n++) {
		nl = strchr(p, '\n');
		assert_non_null(nl);	/* never half a line */
		*nl = '\0';
		if (n == i) {
			o = json_tokener_parse(p);
			assert_non_null(o);
		}
	}
	free(all);
	if (nlines)
		*nlines = n;
	return o;
}

static int count_lines(void)
{
	int n;

	json_object_put(jsonl_line(-1, &n));
	return n;
}

/* Line i is archive file k's object, key for key. */
static void assert_line_is(int i, int k)
{
	char p[PATH_MAX];
	struct json_object *line = jsonl_line(i, NULL), *file;

	snprintf(p, sizeof(p), "%s/%s", osn_archive_path(arch), names[k]);
	file = json_object_from_file(p);
	assert_non_null(line);
	assert_non_null(file);
	assert_true(json_object_equal(line, file));
	json_object_put(line);
	json_object_put(file);
}

static void cursor_of(const char *id, char *buf, size_t size)
{
	char p[PATH_MAX], *s;

	snprintf(p, sizeof(p), "%s/targets/%s.cursor", tmpdir, id);
	s = slurp(p);
	assert_non_null(s);
	snprintf(buf, size, "%.*s", (int)strcspn(s, "\n"), s);
	free(s);
}

static void set_cursor(const char *id, const char *name)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/targets/%s.cursor", tmpdir, id);
	f = fopen(p, "we");
	assert_non_null(f);
	fprintf(f, "%s\n", name);
	assert_int_equal(fclose(f), 0);
}

static const char *jsonl_id(void)
{
	static char id[OSND_TARGET_ID_LEN];

	osnd_target_id("jsonl", cfg.jsonl, id, sizeof(id));
	return id;
}

static int setup(void **state)
{
	char out[PATH_MAX];

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_targets.XXXXXX");
	if (!mkdtemp(tmpdir) || osn_archive_open(tmpdir, true, &arch))
		return -1;
	osnd_config_defaults(&cfg);
	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tmpdir);
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	if (mkdir(out, 0700))
		return -1;
	snprintf(cfg.jsonl, sizeof(cfg.jsonl), "%s/out/kills.jsonl", tmpdir);
	osnd_targets_clear();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	osnd_targets_clear();
	osn_archive_close(arch);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

static void test_restart_no_resend(void **state)
{
	char cur[OSN_ARCHIVE_NAME_LEN];
	struct stat st;

	(void)state;
	add_global(0);
	add_global(1);
	add_global(2);
	restart();
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_int_equal(count_lines(), 3);
	assert_int_equal(stat(cfg.jsonl, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	cursor_of(jsonl_id(), cur, sizeof(cur));
	assert_string_equal(cur, names[2]);

	restart();
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_int_equal(count_lines(), 3);
	add_global(3);
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_int_equal(count_lines(), 4);
	assert_line_is(3, 3);
}

static void test_crash_one_resend(void **state)
{
	(void)state;
	add_global(0);
	add_global(1);
	add_global(2);
	restart();
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	/* The process died after appending file 2, before its cursor. */
	set_cursor(jsonl_id(), names[1]);
	restart();
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_int_equal(count_lines(), 4);
	assert_line_is(2, 2);
	assert_line_is(3, 2);
	restart();
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_int_equal(count_lines(), 4);
}

static void test_new_target_from_oldest(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 4; i++)
		add_global(i);
	restart();
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_int_equal(count_lines(), 4);
	for (i = 0; i < 4; i++)
		assert_line_is(i, i);
}

static bool exists(int i)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", osn_archive_path(arch), names[i]);
	return access(p, F_OK) == 0;
}

static void test_retention_after_restart(void **state)
{
	(void)state;
	add_global(0);
	add_global(1);
	add_global(2);
	restart();
	set_cursor(jsonl_id(), names[0]);	/* received only file 0 */
	restart();
	/* Everything is too old and too big, but 1 and 2 are pending. */
	assert_int_equal(osnd_retention_run(arch, 1, 1, time(NULL)), 1);
	assert_false(exists(0));
	assert_true(exists(1) && exists(2));
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_int_equal(count_lines(), 2);
	assert_line_is(0, 1);
	assert_int_equal(osnd_retention_run(arch, 1, 1, time(NULL)), 2);
}

/* The runtime status's one target, as oomsnap status reads it. */
static void assert_status(uint64_t pending, const char *cursor,
			  const char *error)
{
	static struct osn_daemon_status st;
	struct json_object *o, *a, *t, *v;

	osnd_targets_status(&st);
	assert_int_equal(st.ntargets, 1);
	o = osn_daemon_status_to_json(&st);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "targets", &a));
	assert_int_equal(json_object_array_length(a), 1);
	t = json_object_array_get_idx(a, 0);
	assert_true(json_object_object_get_ex(t, "name", &v));
	assert_string_equal(json_object_get_string(v), "jsonl");
	assert_true(json_object_object_get_ex(t, "pending", &v));
	assert_int_equal(json_object_get_uint64(v), pending);
	assert_true(json_object_object_get_ex(t, "cursor", &v));
	assert_string_equal(json_object_get_string(v), cursor);
	assert_true(json_object_object_get_ex(t, "last_error", &v));
	if (error)
		assert_string_equal(json_object_get_string(v), error);
	else
		assert_null(v);
	assert_true(json_object_object_get_ex(t, "last_error_time", &v));
	assert_true(error ? v != NULL : v == NULL);
	json_object_put(o);
}

static void test_jsonl_failing_write(void **state)
{
	struct rlimit old, small;
	char cur[OSN_ARCHIVE_NAME_LEN];
	char *before, *after;
	struct stat st;

	(void)state;
	add_global(0);
	restart();
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	add_global(1);
	add_global(2);
	assert_int_equal(stat(cfg.jsonl, &st), 0);
	before = slurp(cfg.jsonl);

	/* Room for 10 more bytes: part of the line, then EFBIG. */
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_cur = st.st_size + 10;
	small.rlim_max = old.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	assert_int_equal(osnd_targets_catch_up(arch), 1);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);

	after = slurp(cfg.jsonl);
	assert_string_equal(before, after);	/* the part was cut back */
	cursor_of(jsonl_id(), cur, sizeof(cur));
	assert_string_equal(cur, names[0]);
	assert_false(osnd_targets_received(names[1]));
	assert_status(2, names[0], "File too large");

	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_int_equal(count_lines(), 3);
	assert_line_is(1, 1);
	assert_line_is(2, 2);
	cursor_of(jsonl_id(), cur, sizeof(cur));
	assert_string_equal(cur, names[2]);
	assert_status(0, names[2], NULL);
	free(before);
	free(after);
}

/* Only name is left in the folder of path: no temporary file. */
static void assert_alone(const char *folder, const char *name)
{
	struct dirent *de;
	DIR *d = opendir(folder);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && (!de->d_name[1] ||
		    !strcmp(de->d_name, "..")))
			continue;
		assert_string_equal(de->d_name, name);
		n++;
	}
	closedir(d);
	assert_int_equal(n, 1);
}

static const char expected_head[] =
	"# HELP oomsnap_kills_total OOM kills archived by oomsnapd, by kind.\n"
	"# TYPE oomsnap_kills_total counter\n";

static void test_textfile(void **state)
{
	struct osn_status st = { .lost = 5, .unacked = 1, .persistent = true };
	char out[PATH_MAX], *text;

	(void)state;
	cfg.jsonl[0] = '\0';
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	snprintf(cfg.textfile, sizeof(cfg.textfile), "%s/out/oomsnap.prom",
		 tmpdir);
	add_file(0, OOMSNAP_KIND_GLOBAL, 1700000000ULL * SEC + 500000000);
	add_file(1, OOMSNAP_KIND_SYSRQ, 1700000100ULL * SEC + 250000000);
	add_file(2, OOMSNAP_KIND_GLOBAL, 1700000200ULL * SEC + 123456789);
	restart();
	osnd_textfile_module(&st);
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	text = slurp(cfg.textfile);
	assert_non_null(text);
	assert_string_equal(text,
		"# HELP oomsnap_kills_total OOM kills archived by oomsnapd, by kind.\n"
		"# TYPE oomsnap_kills_total counter\n"
		"oomsnap_kills_total{kind=\"global\"} 2\n"
		"oomsnap_kills_total{kind=\"memcg\"} 0\n"
		"oomsnap_kills_total{kind=\"sysrq\"} 1\n"
		"# HELP oomsnap_kills_unstored_total OOM kills the kernel module could not store.\n"
		"# TYPE oomsnap_kills_unstored_total counter\n"
		"oomsnap_kills_unstored_total 5\n"
		"# HELP oomsnap_records_unacknowledged Records the kernel module holds that are not archived yet.\n"
		"# TYPE oomsnap_records_unacknowledged gauge\n"
		"oomsnap_records_unacknowledged 1\n"
		"# HELP oomsnap_last_kill_timestamp_seconds Kill time of the newest archived record.\n"
		"# TYPE oomsnap_last_kill_timestamp_seconds gauge\n"
		"oomsnap_last_kill_timestamp_seconds 1700000200.123456789\n"
		"# HELP oomsnap_persistent Whether the kernel module's records survive a warm reboot.\n"
		"# TYPE oomsnap_persistent gauge\n"
		"oomsnap_persistent 1\n");
	free(text);
	assert_alone(out, "oomsnap.prom");

	/* Retention deletes all three; a restart; the module goes away;
	 * one more kill: the counters go on from 2 and 1. */
	assert_int_equal(osnd_retention_run(arch, 1, 1, time(NULL)), 3);
	restart();
	osnd_textfile_module(NULL);
	add_file(3, OOMSNAP_KIND_GLOBAL, 1700000300ULL * SEC);
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	text = slurp(cfg.textfile);
	assert_non_null(text);
	assert_string_equal(text,
		"# HELP oomsnap_kills_total OOM kills archived by oomsnapd, by kind.\n"
		"# TYPE oomsnap_kills_total counter\n"
		"oomsnap_kills_total{kind=\"global\"} 3\n"
		"oomsnap_kills_total{kind=\"memcg\"} 0\n"
		"oomsnap_kills_total{kind=\"sysrq\"} 1\n"
		"# HELP oomsnap_last_kill_timestamp_seconds Kill time of the newest archived record.\n"
		"# TYPE oomsnap_last_kill_timestamp_seconds gauge\n"
		"oomsnap_last_kill_timestamp_seconds 1700000300.000000000\n");
	free(text);
	assert_alone(out, "oomsnap.prom");

	/* A crash after counting file 3, before its cursor: not twice. */
	set_cursor("textfile", names[2]);
	restart();
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	text = slurp(cfg.textfile);
	assert_non_null(text);
	assert_non_null(strstr(text, "oomsnap_kills_total{kind=\"global\"} 3\n"));
	assert_int_equal(strncmp(text, expected_head, strlen(expected_head)), 0);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_restart_no_resend, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_crash_one_resend, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_new_target_from_oldest,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_retention_after_restart,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_jsonl_failing_write, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_textfile, setup, teardown),
	};

	return cmocka_run_group_tests_name("oomsnapd targets", tests, NULL,
					   NULL);
}
