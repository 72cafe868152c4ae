// SPDX-License-Identifier: GPL-2.0
/*
 * test_syslog_target.c - unit tests of the syslog target (syslog_target.c)
 * through the outbox (targets.c) on a real archive in a temporary folder,
 * with listeners the test opens on 127.0.0.1 as the collector: tcp://
 * frames each message with its octet count, oldest first, and moves the
 * cursor; udp:// sends one bare datagram each; a collector that is not
 * there leaves the cursor where it was; a URL set up again replaces its
 * target, and one given twice is refused.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "archive.h"
#include "config.h"
#include "fixture.h"
#include "record.h"
#include "syslog_target.h"
#include "targets.h"

#define SEC	1000000000ULL

static char tmpdir[64];
static struct osn_archive *arch;
static struct osnd_config cfg;
static char names[3][OSN_ARCHIVE_NAME_LEN];

static void add_file(int i)
{
	struct t_snap s = snap_global;
	struct osn_record rec;
	struct nl_msg *m;

	s.seq = i + 1;
	s.time_ns = (1700000000ULL + i * 100) * SEC;
	m = fx_summary(&s);
	assert_non_null(m);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), &rec), 0);
	nlmsg_free(m);
	assert_int_equal(osn_archive_write(arch, &rec, names[i],
					   sizeof(names[i])), 0);
	osn_record_free(&rec);
}

/* A socket of type on 127.0.0.1, any port (listening for a stream). */
static int collector(int type, char *port, size_t size)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(port, size, "%u", ntohs(sa.sin_port));
	if (type == SOCK_STREAM)
		assert_int_equal(listen(fd, 4), 0);
	return fd;
}

static void use(const char *scheme, const char *port)
{
	snprintf(cfg.syslog[cfg.nsyslog++], sizeof(cfg.syslog[0]),
		 "%s://127.0.0.1:%s", scheme, port);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_syslog_target.XXXXXX");
	if (!mkdtemp(tmpdir) || osn_archive_open(tmpdir, true, &arch))
		return -1;
	osnd_config_defaults(&cfg);
	snprintf(cfg.state_dir, sizeof(cfg.state_dir), "%s", tmpdir);
	cfg.syslog_timeout_s = 2;
	osnd_targets_clear();
	osnd_syslog_clear();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	osnd_syslog_clear();
	osnd_targets_clear();
	osn_archive_close(arch);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

/* Read one "LEN MSG" frame of RFC 6587 from fd into msg. */
static void read_frame(int fd, char *msg, size_t size)
{
	size_t len = 0, got = 0;
	ssize_t n;
	char c;

	for (;;) {
		assert_int_equal(recv(fd, &c, 1, 0), 1);
		if (c == ' ')
			break;
		assert_true(c >= '0' && c <= '9');
		len = len * 10 + (c - '0');
	}
	assert_true(len > 0 && len < size);
	while (got < len) {
		n = recv(fd, msg + got, len - got, 0);
		assert_true(n > 0);
		got += n;
	}
	msg[len] = '\0';
}

static void assert_names(const char *msg, int i)
{
	char file[OSN_ARCHIVE_NAME_LEN + 8];

	assert_int_equal(msg[0], '<');
	snprintf(file, sizeof(file), "file=\"%s\"", names[i]);
	assert_non_null(strstr(msg, file));
}

static void test_tcp_frames_in_order(void **state)
{
	char port[8], msg[4096];
	int lfd, fd;

	(void)state;
	lfd = collector(SOCK_STREAM, port, sizeof(port));
	use("tcp", port);
	assert_int_equal(osnd_targets_setup(&cfg), 0);
	add_file(0);
	add_file(1);
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	assert_true(osnd_targets_received(names[1]));
	fd = accept(lfd, NULL, NULL);
	assert_true(fd >= 0);
	read_frame(fd, msg, sizeof(msg));
	assert_names(msg, 0);
	read_frame(fd, msg, sizeof(msg));
	assert_names(msg, 1);
	/* The next one goes over the same connection. */
	add_file(2);
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	read_frame(fd, msg, sizeof(msg));
	assert_names(msg, 2);
	close(fd);
	close(lfd);
}

static void test_udp_datagrams(void **state)
{
	char port[8], msg[4096];
	ssize_t n;
	int fd;

	(void)state;
	fd = collector(SOCK_DGRAM, port, sizeof(port));
	use("udp", port);
	assert_int_equal(osnd_targets_setup(&cfg), 0);
	add_file(0);
	add_file(1);
	assert_int_equal(osnd_targets_catch_up(arch), 0);
	n = recv(fd, msg, sizeof(msg) - 1, 0);
	assert_true(n > 0);
	msg[n] = '\0';
	assert_names(msg, 0);	/* no octet count */
	n = recv(fd, msg, sizeof(msg) - 1, 0);
	assert_true(n > 0);
	msg[n] = '\0';
	assert_names(msg, 1);
	close(fd);
}

static void test_down_keeps_cursor(void **state)
{
	char port[8];

	(void)state;
	close(collector(SOCK_STREAM, port, sizeof(port)));
	use("tcp", port);
	assert_int_equal(osnd_targets_setup(&cfg), 0);
	add_file(0);
	assert_int_equal(osnd_targets_catch_up(arch), 1);
	assert_false(osnd_targets_received(names[0]));
}

static void test_setup_again_and_twice(void **state)
{
	char port[8];
	int lfd;

	(void)state;
	lfd = collector(SOCK_STREAM, port, sizeof(port));
	use("tcp", port);
	assert_int_equal(osnd_targets_setup(&cfg), 0);
	/* A restart of the targets: the same URL again is fine. */
	assert_int_equal(osnd_targets_setup(&cfg), 0);
	assert_int_equal(osnd_targets_count(), 1);
	/* The same URL twice in one setup is not. */
	use("tcp", port);
	strcpy(cfg.syslog[1], cfg.syslog[0]);
	assert_int_equal(osnd_targets_setup(&cfg), -EEXIST);
	close(lfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tcp_frames_in_order,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_datagrams, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_down_keeps_cursor, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_setup_again_and_twice,
						setup, teardown),
	};

	return cmocka_run_group_tests_name("oomsnapd syslog target", tests,
					   NULL, NULL);
}
