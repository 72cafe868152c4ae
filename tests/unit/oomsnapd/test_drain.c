// SPDX-License-Identifier: GPL-2.0
/*
 * test_drain.c - unit tests of oomsnapd's drain (drain.c, state.c) against
 * a fake kernel (fake_kernel.h: the nlclient functions the daemon calls,
 * over a table of records).  Checked:
 * every unacknowledged record of any boot is archived and then
 * acknowledged, and at the moment of each ACK its file is already in the
 * archive; a crash between the write and the ACK makes the next run write
 * the same file (never a second one); a failing write (RLIMIT_FSIZE, so
 * write() fails with EFBIG) acknowledges nothing and shows in the state,
 * until a write succeeds; undecodable records are counted once and left;
 * records gone meanwhile are counted.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_kernel.h"

static char tmpdir[64];

static struct osnd_config cfg;

static void new_daemon(struct osnd *d)
{
	memset(d, 0, sizeof(*d));
	d->cfg = &cfg;
	d->archive = arch;
	d->req = osn_nl_alloc();
	fake_subscribed = true;	/* the drain alone: no follow.c */
	d->have_boot_id = true;
	memcpy(d->boot_id, boot_now, 16);
	osnd_state_init(d, "test");
}

static void end_daemon(struct osnd *d)
{
	osn_nl_free(d->req);
	osnd_state_free(d);
}

static size_t files(void)
{
	struct osn_archive_entry *e;
	size_t n;

	assert_int_equal(osn_archive_scan(arch, &e, &n, NULL), 0);
	free(e);
	return n;
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_drain.XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	osnd_config_defaults(&cfg);
	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tmpdir);
	snprintf(cfg.runtime_dir, sizeof(cfg.runtime_dir), "%s", tmpdir);
	memset(store, 0, sizeof(store));
	nstore = 0;
	ack_fail = 0;
	acks = 0;
	return osn_archive_open(tmpdir, true, &arch);
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	osn_archive_close(arch);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

static void test_archives_then_acks(void **state)
{
	struct osnd d;

	(void)state;
	add(4, boot_old, false, 0);
	add(5, boot_old, true, 0);	/* acknowledged: left alone */
	add(1, boot_now, false, 0);
	add(2, boot_now, false, 0);
	new_daemon(&d);
	assert_int_equal(osnd_drain(&d), 0);
	assert_int_equal(files(), 3);
	assert_int_equal(acks, 3);
	assert_true(store[0].acked && store[2].acked && store[3].acked);
	assert_int_equal(store[1].gets, 0);
	assert_true(d.st.archived == 3 && d.st.acked == 3);
	assert_true(d.st.pending == 0);
	assert_false(d.failing);
	/* Nothing left: a second pass does nothing. */
	assert_int_equal(osnd_drain(&d), 0);
	assert_int_equal(acks, 3);
	end_daemon(&d);
}

static void test_crash_before_ack(void **state)
{
	struct osnd d;

	(void)state;
	add(1, boot_now, false, 0);
	/* The ACK is lost (as if the process died right after the write). */
	ack_fail = 1;
	new_daemon(&d);
	assert_int_equal(osnd_drain(&d), -OSN_ENETLINK);
	assert_int_equal(files(), 1);
	assert_false(store[0].acked);
	end_daemon(&d);
	/* The next process writes the same file again, then ACKs. */
	new_daemon(&d);
	assert_int_equal(osnd_drain(&d), 0);
	assert_int_equal(files(), 1);
	assert_true(store[0].acked);
	end_daemon(&d);
}

static void test_write_failure(void **state)
{
	struct rlimit old, small = { 64, 64 };
	struct osnd d;

	(void)state;
	add(1, boot_now, false, 0);
	add(2, boot_now, false, 0);
	new_daemon(&d);
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small.rlim_max = old.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	assert_int_equal(osnd_drain(&d), 0);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, SIG_DFL);
	/* Nothing written, nothing acknowledged, the next not tried. */
	assert_int_equal(files(), 0);
	assert_int_equal(acks, 0);
	assert_int_equal(store[1].gets, 0);
	assert_true(d.failing && d.st.has_error);
	assert_int_equal(d.st.error_errno, EFBIG);
	assert_int_equal(d.st.state, OSN_DAEMON_FAILING);
	assert_non_null(strstr(d.st.error_record, "_1.json"));
	assert_true(d.st.pending == 2);
	/* The retry works: both archived, the error is gone. */
	assert_int_equal(osnd_drain(&d), 0);
	assert_int_equal(files(), 2);
	assert_int_equal(acks, 2);
	assert_false(d.failing || d.st.has_error);
	assert_int_equal(d.st.state, OSN_DAEMON_READY);
	end_daemon(&d);
}

static void test_undecodable_and_gone(void **state)
{
	struct osnd d;

	(void)state;
	add(1, boot_now, false, -OSN_EDECODE);
	add(2, boot_now, false, -OSN_ENORECORD);
	add(3, boot_now, false, 0);
	new_daemon(&d);
	assert_int_equal(osnd_drain(&d), 0);
	assert_int_equal(osnd_drain(&d), 0);
	/* Counted once, left unacknowledged; the others go on. */
	assert_true(d.st.undecodable == 1);
	assert_false(store[0].acked);
	assert_int_equal(store[0].gets, 2);
	assert_true(d.st.gone == 2);	/* still listed, still gone */
	assert_true(store[2].acked);
	assert_int_equal(files(), 1);
	end_daemon(&d);
}

/* A summary LIST cannot decode stops nothing: the others are archived. */
static void test_list_entry_undecodable(void **state)
{
	struct osnd d;

	(void)state;
	add(1, boot_now, false, LIST_BAD);
	add(2, boot_now, false, 0);
	new_daemon(&d);
	assert_int_equal(osnd_drain(&d), 0);
	assert_int_equal(osnd_drain(&d), 0);
	assert_true(d.st.undecodable == 1);
	assert_false(store[0].acked);
	assert_int_equal(store[0].gets, 0);
	assert_true(store[1].acked);
	assert_int_equal(files(), 1);
	end_daemon(&d);
}

static void test_status_file(void **state)
{
	struct json_object *o, *v;
	struct osnd d;

	(void)state;
	add(1, boot_now, false, 0);
	new_daemon(&d);
	assert_int_equal(osnd_drain(&d), 0);
	osnd_set_state(&d, OSN_DAEMON_READY);
	osnd_publish(&d);
	assert_int_equal(osn_daemon_status_read(tmpdir, &o), 0);
	assert_true(json_object_object_get_ex(o, "state", &v));
	assert_string_equal(json_object_get_string(v), "ready");
	assert_true(json_object_object_get_ex(o, "records_archived", &v));
	assert_int_equal(json_object_get_int64(v), 1);
	assert_true(json_object_object_get_ex(o, "archive_error", &v));
	assert_null(v);
	assert_true(json_object_object_get_ex(o, "pid", &v));
	assert_int_equal(json_object_get_int64(v), getpid());
	json_object_put(o);
	assert_int_equal(osn_daemon_status_remove(tmpdir), 0);
	assert_int_equal(osn_daemon_status_read(tmpdir, &o), -ENOENT);
	end_daemon(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_archives_then_acks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_crash_before_ack, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_write_failure, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_entry_undecodable,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_undecodable_and_gone,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_status_file, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("oomsnapd drain", tests, NULL,
					   NULL);
}
