// SPDX-License-Identifier: GPL-2.0
/*
 * test_retention.c - unit tests of oomsnapd's retention (retention.c) on
 * a real archive in a temporary folder: --max-age by the kill time in the
 * name, --max-size oldest first, the one-minute floor (by the file's
 * modification time), and a target's cursor protecting the files it has
 * not received (targets.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "archive.h"
#include "fixture.h"
#include "record.h"
#include "retention.h"
#include "targets.h"

#define DAY	86400ULL
#define NFILES	3

static char tmpdir[64];
static struct osn_archive *arch;
static char names[NFILES][OSN_ARCHIVE_NAME_LEN];
static off_t fsize[NFILES];
static time_t now;

/* File i: killed ages[i] seconds ago, written written_ago seconds ago. */
static void add_file(int i, uint64_t age, time_t written_ago)
{
	struct t_snap s = snap_global;
	struct osn_record rec;
	struct timespec ts[2];
	struct stat st;
	struct nl_msg *m;
	char p[256];

	s.seq = i + 1;
	s.time_ns = ((uint64_t)now - age) * 1000000000ULL;
	m = fx_summary(&s);
	assert_non_null(m);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), &rec), 0);
	nlmsg_free(m);
	assert_int_equal(osn_archive_write(arch, &rec, names[i],
					   sizeof(names[i])), 0);
	osn_record_free(&rec);
	ts[0].tv_sec = ts[1].tv_sec = now - written_ago;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	snprintf(p, sizeof(p), "%s/%s", osn_archive_path(arch), names[i]);
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	assert_int_equal(stat(p, &st), 0);
	fsize[i] = st.st_size;
}

static bool exists(int i)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", osn_archive_path(arch), names[i]);
	return access(p, F_OK) == 0;
}

static int setup(void **state)
{
	(void)state;
	now = time(NULL);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_retention.XXXXXX");
	if (!mkdtemp(tmpdir) || osn_archive_open(tmpdir, true, &arch))
		return -1;
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

static void test_max_age(void **state)
{
	(void)state;
	add_file(0, 100 * DAY, 3600);
	add_file(1, 91 * DAY, 3600);
	add_file(2, 89 * DAY, 3600);
	assert_int_equal(osnd_retention_run(arch, 90 * DAY, 0, now), 2);
	assert_false(exists(0));
	assert_false(exists(1));
	assert_true(exists(2));
	/* Nothing more to do. */
	assert_int_equal(osnd_retention_run(arch, 90 * DAY, 0, now), 0);
	/* 0 and 0: never anything. */
	assert_int_equal(osnd_retention_run(arch, 0, 0, now + 1000 * DAY), 0);
	assert_true(exists(2));
}

static void test_max_size(void **state)
{
	(void)state;
	add_file(0, 3 * DAY, 3600);
	add_file(1, 2 * DAY, 3600);
	add_file(2, 1 * DAY, 3600);
	/* Room for two files and a byte: the oldest goes. */
	assert_int_equal(osnd_retention_run(arch, 0, fsize[1] + fsize[2] + 1,
					    now), 1);
	assert_false(exists(0));
	assert_true(exists(1) && exists(2));
	/* Room for less than one: all go. */
	assert_int_equal(osnd_retention_run(arch, 0, 1, now), 2);
	assert_false(exists(1) || exists(2));
}

static void test_floor(void **state)
{
	(void)state;
	/* A kill of long ago, archived just now (a record of an earlier
	 * boot): kept for a minute however old the kill. */
	add_file(0, 400 * DAY, 10);
	add_file(1, 400 * DAY, OSND_RETENTION_FLOOR_S + 5);
	assert_int_equal(osnd_retention_run(arch, 90 * DAY, 1, now), 1);
	assert_true(exists(0));
	assert_false(exists(1));
	assert_int_equal(osnd_retention_run(arch, 90 * DAY, 1,
					    now + OSND_RETENTION_FLOOR_S), 1);
	assert_false(exists(0));
}

static void test_target_cursor(void **state)
{
	struct osnd_target *t;

	(void)state;
	add_file(0, 300 * DAY, 3600);
	add_file(1, 200 * DAY, 3600);
	add_file(2, 100 * DAY, 3600);
	t = osnd_targets_add("test", NULL, NULL);
	assert_non_null(t);
	assert_int_equal(osnd_targets_count(), 1);
	/* Received nothing yet: nothing may go. */
	assert_false(osnd_targets_received(names[0]));
	assert_int_equal(osnd_retention_run(arch, 90 * DAY, 1, now), 0);
	assert_true(exists(0) && exists(1) && exists(2));
	/* Received the first two. */
	snprintf(t->cursor, sizeof(t->cursor), "%s", names[1]);
	assert_true(osnd_targets_received(names[0]));
	assert_true(osnd_targets_received(names[1]));
	assert_false(osnd_targets_received(names[2]));
	assert_int_equal(osnd_retention_run(arch, 90 * DAY, 0, now), 2);
	assert_false(exists(0) || exists(1));
	assert_true(exists(2));
	/* Without targets every file counts as received. */
	osnd_targets_clear();
	assert_true(osnd_targets_received(names[2]));
	assert_int_equal(osnd_retention_run(arch, 90 * DAY, 0, now), 1);
	assert_false(exists(2));
}

static int deliver_count;

static int deliver(struct osnd_target *t, struct osn_archive *a,
		   const char *name)
{
	(void)t;
	(void)a;
	(void)name;
	return deliver_count++ == 1 ? -EIO : 0;
}

static void test_catch_up(void **state)
{
	struct osnd_target *t;

	(void)state;
	add_file(0, 3 * DAY, 3600);
	add_file(1, 2 * DAY, 3600);
	add_file(2, 1 * DAY, 3600);
	assert_int_equal(osnd_targets_catch_up(arch), 0);	/* none */
	t = osnd_targets_add("flaky", deliver, NULL);
	/* First delivered, second fails: the cursor stays at the first. */
	assert_int_equal(osnd_targets_catch_up(arch), 1);
	assert_string_equal(t->cursor, names[0]);
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_string_equal(t->cursor, names[2]);
	assert_int_equal(deliver_count, 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_max_age, setup, teardown),
		cmocka_unit_test_setup_teardown(test_max_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_floor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_target_cursor, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_catch_up, setup, teardown),
	};

	return cmocka_run_group_tests_name("oomsnapd retention", tests, NULL,
					   NULL);
}
