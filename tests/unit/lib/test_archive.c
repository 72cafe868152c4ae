// SPDX-License-Identifier: GPL-2.0
/*
 * test_archive.c - unit tests of the archive (lib/archive.c): file names
 * (formatted from the record, parsed back, sorted by kill time, the all
 * zero boot id of a record without one, foreign names refused), the
 * durable write (content is exactly osn_record_to_json() with
 * OSN_JSON_FLAGS and "\n", mode 0600, no temporary file left, a rewrite
 * replaces and never adds a file), stale temporaries removed at open,
 * scan ignoring foreign files, and a write that fails on the file system.
 * The failure is made with RLIMIT_FSIZE (SIGXFSZ ignored, so write()
 * fails with EFBIG): a folder without write permission would not stop
 * root, and it needs no hook in the library.
 */
#define _GNU_SOURCE		/* asprintf */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
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
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "archive.h"
#include "fixture.h"
#include "record.h"
#include "render_json.h"

static const uint8_t boot_a[16] = { 0x3f, 0x2c, 0x1b, 0x8e, 0x2c, 0x7e, 0x4d,
				    0x7e, 0x9b, 0x7a, 0x1c, 0x2d, 0x3e, 0x4f,
				    0x5a, 0x6b };

/* A record decoded from the fixture's summary message, as the daemon
 * would have it (boot_bin NULL: no boot id). */
static void fixture_record(struct osn_record *rec, uint64_t seq,
			   uint64_t time_ns, const uint8_t *boot)
{
	struct t_snap s = snap_global;
	struct nl_msg *m;

	s.seq = seq;
	s.time_ns = time_ns;
	s.boot_bin = boot;
	m = fx_summary(&s);
	assert_non_null(m);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), rec), 0);
	nlmsg_free(m);
}

static char tmpdir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_archive.XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

static size_t count_files(const char *dir)
{
	struct dirent *de;
	size_t n = 0;
	DIR *d = opendir(dir);

	assert_non_null(d);
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static char *slurp(const char *path)
{
	struct stat st;
	char *buf;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	buf = calloc(1, st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, st.st_size, f), (size_t)st.st_size);
	fclose(f);
	return buf;
}

static void test_name(void **state)
{
	char name[OSN_ARCHIVE_NAME_LEN];
	struct osn_record rec;
	uint8_t id[16];
	uint64_t t, seq;

	(void)state;
	/* 1700000000 s = 2023-11-14 22:13:20 UTC */
	fixture_record(&rec, 7, 1700000000123456789ULL, boot_a);
	assert_int_equal(osn_archive_name(&rec, name, sizeof(name)), 0);
	assert_string_equal(name, "20231114T221320.123456789Z_"
			    "3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_7.json");
	assert_int_equal(osn_archive_parse_name(name, &t, id, &seq), 0);
	assert_true(t == 1700000000123456789ULL);
	assert_memory_equal(id, boot_a, 16);
	assert_true(seq == 7);
	assert_int_equal(osn_archive_name(&rec, name, 20), -ENOSPC);
	osn_record_free(&rec);

	/* No boot id (an old module): all zeros; nanoseconds padded. */
	fixture_record(&rec, 18446744073709551615ULL, 5, NULL);
	assert_int_equal(osn_archive_name(&rec, name, sizeof(name)), 0);
	assert_string_equal(name, "19700101T000000.000000005Z_"
			    "00000000-0000-0000-0000-000000000000_"
			    "18446744073709551615.json");
	assert_int_equal(osn_archive_parse_name(name, &t, id, &seq), 0);
	assert_true(t == 5 && seq == UINT64_MAX);
	osn_record_free(&rec);
}

static void test_name_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"notes.txt",
		".tmp.20231114T221320.123456789Z_3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_7.json",
		"20231114T221320.123456789Z_3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_7.json~",
		"20231114T221320.123456789Z_3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_07.json",
		"20231114T221320.123456789Z_3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_.json",
		"20231114T221320.123456789Z_3F2C1B8E-2c7e-4d7e-9b7a-1c2d3e4f5a6b_7.json",
		"20231314T221320.123456789Z_3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_7.json",
		"20231114T221320.12345678Z_3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_7.json",
		"20231114T221320.123456789Z_3f2c1b8e2c7e-4d7e-9b7a-1c2d3e4f5a6b0_7.json",
		"20231114T221320.123456789Z_3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_18446744073709551616.json",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (osn_archive_parse_name(bad[i], NULL, NULL, NULL) != -EINVAL)
			fail_msg("accepted '%s'", bad[i]);
}

static void test_write_content_mode(void **state)
{
	char name[OSN_ARCHIVE_NAME_LEN], path[256], *text, *want;
	struct osn_archive *a;
	struct osn_record rec;
	struct json_object *o;
	struct stat st;

	(void)state;
	umask(0);	/* the file must be 0600 whatever the umask */
	assert_int_equal(osn_archive_open(tmpdir, true, &a), 0);
	umask(022);
	snprintf(path, sizeof(path), "%s/records", tmpdir);
	assert_string_equal(osn_archive_path(a), path);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);

	fixture_record(&rec, 7, 1700000000123456789ULL, boot_a);
	assert_int_equal(osn_archive_write(a, &rec, name, sizeof(name)), 0);
	snprintf(path, sizeof(path), "%s/records/%s", tmpdir, name);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);

	o = osn_record_to_json(&rec);
	assert_non_null(o);
	assert_int_not_equal(asprintf(&want, "%s\n",
		json_object_to_json_string_ext(o, OSN_JSON_FLAGS)), -1);
	text = slurp(path);
	assert_string_equal(text, want);
	free(text);
	free(want);
	json_object_put(o);

	/* One file, no temporary. */
	snprintf(path, sizeof(path), "%s/records", tmpdir);
	assert_int_equal(count_files(path), 1);
	osn_record_free(&rec);
	osn_archive_close(a);
}

static void test_rewrite_same_file(void **state)
{
	char name[OSN_ARCHIVE_NAME_LEN], again[OSN_ARCHIVE_NAME_LEN];
	char path[256], *text;
	struct osn_archive *a;
	struct osn_record rec;

	(void)state;
	assert_int_equal(osn_archive_open(tmpdir, true, &a), 0);
	fixture_record(&rec, 9, 1700000000000000000ULL, boot_a);
	assert_int_equal(osn_archive_write(a, &rec, name, sizeof(name)), 0);
	/* The crash-after-write case: the same record again, now acked. */
	rec.acknowledged = true;
	assert_int_equal(osn_archive_write(a, &rec, again, sizeof(again)), 0);
	assert_string_equal(name, again);
	snprintf(path, sizeof(path), "%s/records", tmpdir);
	assert_int_equal(count_files(path), 1);
	snprintf(path, sizeof(path), "%s/records/%s", tmpdir, name);
	text = slurp(path);
	assert_non_null(strstr(text, "\"acknowledged\": true"));
	free(text);
	osn_record_free(&rec);
	osn_archive_close(a);
}

/* The daemon's archive folder removed under it (an operator's rm -r):
 * the next write makes it again; the CLI's read-only handle does not. */
static void test_folder_removed(void **state)
{
	char name[OSN_ARCHIVE_NAME_LEN], path[256];
	struct osn_archive *a, *ro;
	struct osn_record rec;

	(void)state;
	assert_int_equal(osn_archive_open(tmpdir, true, &a), 0);
	assert_int_equal(osn_archive_open(tmpdir, false, &ro), 0);
	snprintf(path, sizeof(path), "%s/records", tmpdir);
	assert_int_equal(rmdir(path), 0);
	fixture_record(&rec, 3, 1700000000000000000ULL, boot_a);
	assert_int_equal(osn_archive_write(ro, &rec, name, sizeof(name)),
			 -ENOENT);
	assert_int_equal(osn_archive_write(a, &rec, name, sizeof(name)), 0);
	assert_int_equal(count_files(path), 1);
	osn_record_free(&rec);
	osn_archive_close(ro);
	osn_archive_close(a);
}

static void test_stale_temp_removed(void **state)
{
	char path[256];
	struct osn_archive *a;
	int fd;

	(void)state;
	assert_int_equal(osn_archive_open(tmpdir, true, &a), 0);
	osn_archive_close(a);
	snprintf(path, sizeof(path), "%s/records/.tmp.20231114T221320."
		 "123456789Z_3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_7.json",
		 tmpdir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "{ \"se", 5), 5);
	close(fd);

	/* The CLI's open leaves it alone; the daemon's removes it. */
	assert_int_equal(osn_archive_open(tmpdir, false, &a), 0);
	osn_archive_close(a);
	assert_int_equal(access(path, F_OK), 0);
	assert_int_equal(osn_archive_open(tmpdir, true, &a), 0);
	osn_archive_close(a);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(errno, ENOENT);
}

static void test_open_missing(void **state)
{
	char path[256];
	struct osn_archive *a = (void *)1;

	(void)state;
	snprintf(path, sizeof(path), "%s/nothing", tmpdir);
	assert_int_equal(osn_archive_open(path, false, &a), -ENOENT);
	assert_null(a);
	/* create makes the state folder too */
	snprintf(path, sizeof(path), "%s/new/state", tmpdir);
	assert_int_equal(osn_archive_open(path, true, &a), 0);
	osn_archive_close(a);
}

static void test_scan_sorted_ignores_foreign(void **state)
{
	char path[256];
	struct osn_archive_entry *e;
	struct osn_archive *a;
	struct osn_record rec;
	size_t n, ignored;
	int fd;

	(void)state;
	assert_int_equal(osn_archive_open(tmpdir, true, &a), 0);
	/* Written out of order; seq 10 sorts before 9 as text but the time
	 * comes first in the name. */
	fixture_record(&rec, 10, 1700000300000000000ULL, boot_a);
	assert_int_equal(osn_archive_write(a, &rec, NULL, 0), 0);
	osn_record_free(&rec);
	fixture_record(&rec, 9, 1700000200000000000ULL, boot_a);
	assert_int_equal(osn_archive_write(a, &rec, NULL, 0), 0);
	osn_record_free(&rec);
	fixture_record(&rec, 1, 1600000000000000000ULL, NULL);
	assert_int_equal(osn_archive_write(a, &rec, NULL, 0), 0);
	osn_record_free(&rec);

	snprintf(path, sizeof(path), "%s/records/README", tmpdir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	/* A folder with an archive name is not a file of the archive. */
	snprintf(path, sizeof(path), "%s/records/20231114T221320.123456789Z_"
		 "3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_8.json", tmpdir);
	assert_int_equal(mkdir(path, 0700), 0);

	assert_int_equal(osn_archive_scan(a, &e, &n, &ignored), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ignored, 2);
	assert_true(e[0].seq == 1 && e[0].time_ns == 1600000000000000000ULL);
	assert_true(e[1].seq == 9 && e[2].seq == 10);
	assert_true(e[0].size > 100);
	assert_memory_equal(e[1].boot_id, boot_a, 16);
	assert_true(strcmp(e[0].name, e[1].name) < 0);

	assert_int_equal(osn_archive_remove(a, e[1].name), 0);
	assert_int_equal(osn_archive_remove(a, e[1].name), -ENOENT);
	assert_int_equal(osn_archive_remove(a, "README"), -EINVAL);
	free(e);
	assert_int_equal(osn_archive_scan(a, &e, &n, NULL), 0);
	assert_int_equal(n, 2);
	free(e);
	osn_archive_close(a);
}

static void test_write_fails_cleanly(void **state)
{
	char name[OSN_ARCHIVE_NAME_LEN], path[256], *before, *after;
	struct rlimit old, small = { 64, 64 };
	struct osn_archive *a;
	struct osn_record rec;

	(void)state;
	assert_int_equal(osn_archive_open(tmpdir, true, &a), 0);
	fixture_record(&rec, 3, 1700000000000000000ULL, boot_a);
	assert_int_equal(osn_archive_write(a, &rec, name, sizeof(name)), 0);
	snprintf(path, sizeof(path), "%s/records/%s", tmpdir, name);
	before = slurp(path);

	/* The file system refuses the bytes: the old file stays as it was,
	 * no temporary is left, the error comes back. */
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_max = old.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	rec.acknowledged = true;
	assert_int_equal(osn_archive_write(a, &rec, NULL, 0), -EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);

	after = slurp(path);
	assert_string_equal(before, after);
	snprintf(path, sizeof(path), "%s/records", tmpdir);
	assert_int_equal(count_files(path), 1);

	/* A new record fails the same way and leaves nothing. */
	osn_record_free(&rec);
	fixture_record(&rec, 4, 1700000001000000000ULL, boot_a);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(osn_archive_write(a, &rec, NULL, 0), -EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	assert_int_equal(count_files(path), 1);

	free(before);
	free(after);
	osn_record_free(&rec);
	osn_archive_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_name_refused),
		cmocka_unit_test_setup_teardown(test_write_content_mode, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rewrite_same_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_folder_removed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_stale_temp_removed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_missing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_scan_sorted_ignores_foreign,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_fails_cleanly, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("archive", tests, NULL, NULL);
}
