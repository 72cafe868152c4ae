// SPDX-License-Identifier: GPL-2.0
/*
 * test_follow.c - the daemon's main loop (follow.c) end to end against a
 * fake kernel (fake_kernel.h): a child process runs osnd_run() as
 * oomsnapd does; the parent watches its runtime status file, as a test
 * without systemd would, and drives the fake through a pipe (the
 * subscriber's fd).  Checked: the backlog is archived before "state":
 * "ready"; the subscription comes before the first LIST (the fake fails
 * otherwise); a notification and a loss of notifications (ENOBUFS) are
 * both followed by the new record archived; the module going away gives
 * "waiting-for-module" and its return "ready" again, with the next
 * record archived; SIGTERM ends it with status 0 and removes the file.
 */
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
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fake_kernel.h"

static char tmpdir[64], modfile[128];

/* Wait (up to 10 s) until the status file says state and archived. */
static void wait_for(const char *state, int64_t archived)
{
	struct json_object *o, *s, *a;
	struct timespec ts = { 0, 20 * 1000000L };
	int i;

	for (i = 0; i < 500; i++) {
		if (!osn_daemon_status_read(tmpdir, &o)) {
			bool ok = json_object_object_get_ex(o, "state", &s) &&
				  json_object_object_get_ex(o,
						"records_archived", &a) &&
				  !strcmp(json_object_get_string(s), state) &&
				  json_object_get_int64(a) == archived;

			json_object_put(o);
			if (ok)
				return;
		}
		nanosleep(&ts, NULL);
	}
	fail_msg("no state '%s' with %lld archived within 10 s", state,
		 (long long)archived);
}

static size_t files(void)
{
	struct osn_archive_entry *e;
	size_t n;

	assert_int_equal(osn_archive_scan(arch, &e, &n, NULL), 0);
	free(e);
	return n;
}

static void child(int rfd)
{
	struct osnd_config cfg;
	struct osnd d = { .cfg = &cfg };

	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	osnd_config_defaults(&cfg);
	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tmpdir);
	snprintf(cfg.runtime_dir, sizeof(cfg.runtime_dir), "%s", tmpdir);
	fcntl(rfd, F_SETFL, O_NONBLOCK);
	fake_event_fd = rfd;
	fake_module_file = modfile;
	add(1, boot_old, false, 0);
	add(2, boot_now, true, 0);
	add(3, boot_now, false, 0);
	d.archive = arch;
	osnd_state_init(&d, "test");
	_exit(osnd_run(&d, false));
}

static void test_follow(void **state)
{
	int p[2], status;
	pid_t pid;

	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_follow.XXXXXX");
	assert_non_null(mkdtemp(tmpdir));
	snprintf(modfile, sizeof(modfile), "%s/module", tmpdir);
	assert_int_equal(close(open(modfile, O_CREAT | O_WRONLY, 0600)), 0);
	assert_int_equal(osn_archive_open(tmpdir, true, &arch), 0);
	assert_int_equal(pipe(p), 0);

	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		close(p[1]);
		child(p[0]);
	}
	close(p[0]);

	wait_for("ready", 2);		/* the backlog: 1 and 3, not 2 */
	assert_int_equal(files(), 2);
	assert_int_equal(write(p[1], "n", 1), 1);
	wait_for("ready", 3);
	assert_int_equal(write(p[1], "l", 1), 1);	/* ENOBUFS */
	wait_for("ready", 4);
	assert_int_equal(files(), 4);

	assert_int_equal(unlink(modfile), 0);
	assert_int_equal(write(p[1], "g", 1), 1);
	wait_for("waiting-for-module", 4);
	assert_int_equal(close(open(modfile, O_CREAT | O_WRONLY, 0600)), 0);
	wait_for("ready", 4);		/* reconnected: nothing new */
	assert_int_equal(write(p[1], "n", 1), 1);
	wait_for("ready", 5);
	assert_int_equal(files(), 5);

	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(access(tmpdir, F_OK), 0);
	{
		struct json_object *o;

		assert_int_equal(osn_daemon_status_read(tmpdir, &o), -ENOENT);
	}
	close(p[1]);
	osn_archive_close(arch);
	{
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		assert_int_equal(system(cmd), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_follow),
	};

	return cmocka_run_group_tests_name("oomsnapd follow", tests, NULL,
					   NULL);
}
