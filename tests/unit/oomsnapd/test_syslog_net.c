// SPDX-License-Identifier: GPL-2.0
/*
 * test_syslog_net.c - unit tests of the syslog target's sockets
 * (syslog_net.c) against listeners the test opens on 127.0.0.1: connect
 * and its refusal, a send acknowledged by the peer's TCP (drain), a peer
 * that reads nothing (the send and the drain end at their deadline), the
 * liveness check (open, data dropped, closed, reset), the ICMP error of
 * a datagram to a closed port, and the deadlines themselves.  No
 * collector, no network beyond the loopback.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "syslog_net.h"

/* A socket of type bound to 127.0.0.1, any port: its fd, port in *port. */
static int bound(int type, char *port, size_t size)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	snprintf(port, size, "%u", ntohs(sa.sin_port));
	return fd;
}

static int listener(char *port, size_t size)
{
	int fd = bound(SOCK_STREAM, port, size);

	assert_int_equal(listen(fd, 4), 0);
	return fd;
}

/* A port nothing listens on (bound, then closed). */
static void closed_port(int type, char *port, size_t size)
{
	close(bound(type, port, size));
}

/* Connected: *peer is the accepted end. */
static int pair(int *lfd, int *peer)
{
	char port[8], why[256];
	int fd;

	*lfd = listener(port, sizeof(port));
	fd = osnd_net_connect("127.0.0.1", port, SOCK_STREAM,
			      osnd_net_deadline(5), why, sizeof(why));
	assert_true(fd >= 0);
	*peer = accept(*lfd, NULL, NULL);
	assert_true(*peer >= 0);
	return fd;
}

static void test_deadline(void **state)
{
	int left;

	(void)state;
	assert_int_equal(osnd_net_left_ms(osnd_net_deadline(0)), 0);
	left = osnd_net_left_ms(osnd_net_deadline(5));
	assert_true(left > 4000 && left <= 5000);
	/* A huge timeout is capped, never negative. */
	assert_true(osnd_net_left_ms(osnd_net_deadline(UINT64_MAX)) > 0);
}

static void test_connect_refused(void **state)
{
	char port[8], why[256] = "";
	int fd;

	(void)state;
	closed_port(SOCK_STREAM, port, sizeof(port));
	fd = osnd_net_connect("127.0.0.1", port, SOCK_STREAM,
			      osnd_net_deadline(5), why, sizeof(why));
	assert_int_equal(fd, -ECONNREFUSED);
	assert_non_null(strstr(why, "cannot connect to 127.0.0.1 port"));
	assert_non_null(strstr(why, port));
	assert_non_null(strstr(why, "Connection refused"));
}

static void test_send_and_drain(void **state)
{
	char buf[64] = "", msg[] = "11 hello world";
	int lfd, peer, fd;

	(void)state;
	fd = pair(&lfd, &peer);
	assert_int_equal(osnd_net_alive(fd), 0);
	assert_int_equal(osnd_net_send_all(fd, msg, strlen(msg),
					   osnd_net_deadline(5)), 0);
	/* The peer's TCP acknowledges it, read or not. */
	assert_int_equal(osnd_net_drain(fd, osnd_net_deadline(5)), 0);
	assert_int_equal(recv(peer, buf, sizeof(buf) - 1, 0),
			 (ssize_t)strlen(msg));
	assert_string_equal(buf, msg);
	osnd_net_close(fd, false);
	close(peer);
	close(lfd);
}

static void test_peer_reads_nothing(void **state)
{
	static char chunk[65536];
	int lfd, peer, fd, small = 4096, err;
	int64_t deadline;

	(void)state;
	fd = pair(&lfd, &peer);
	setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
	setsockopt(peer, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	/* Fill the peer's window and our queue: the send times out... */
	deadline = osnd_net_deadline(1);
	do
		err = osnd_net_send_all(fd, chunk, sizeof(chunk), deadline);
	while (!err);
	assert_int_equal(err, -ETIMEDOUT);
	/* ...and what is queued is never acknowledged. */
	assert_int_equal(osnd_net_drain(fd, osnd_net_deadline(1)), -ETIMEDOUT);
	osnd_net_close(fd, true);
	close(peer);
	close(lfd);
}

static void test_alive(void **state)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };
	int lfd, peer, fd, err;

	(void)state;
	fd = pair(&lfd, &peer);
	/* Data from the peer is dropped; the connection is still fine. */
	assert_int_equal(send(peer, "x", 1, 0), 1);
	usleep(20000);
	assert_int_equal(osnd_net_alive(fd), 0);
	assert_int_equal(osnd_net_alive(fd), 0);
	/* The peer closes: reconnect. */
	close(peer);
	usleep(20000);
	assert_int_equal(osnd_net_alive(fd), -EPIPE);
	osnd_net_close(fd, false);

	close(lfd);

	/* The peer resets. */
	fd = pair(&lfd, &peer);
	setsockopt(peer, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(peer);
	usleep(20000);
	err = osnd_net_alive(fd);
	assert_true(err == -ECONNRESET || err == -EPIPE);
	osnd_net_close(fd, true);
	close(lfd);
}

static void test_udp_refused(void **state)
{
	char port[8], why[256];
	int fd, err;

	(void)state;
	closed_port(SOCK_DGRAM, port, sizeof(port));
	fd = osnd_net_connect("127.0.0.1", port, SOCK_DGRAM,
			      osnd_net_deadline(5), why, sizeof(why));
	assert_true(fd >= 0);
	assert_int_equal(osnd_net_pending_error(fd, osnd_net_deadline(0)), 0);
	assert_int_equal(osnd_net_send_all(fd, "<14>1 - - - - - - x", 19,
					   osnd_net_deadline(5)), 0);
	/* The ICMP port unreachable of that datagram, once. */
	err = osnd_net_pending_error(fd, osnd_net_deadline(1));
	assert_int_equal(err, -ECONNREFUSED);
	assert_int_equal(osnd_net_pending_error(fd, osnd_net_deadline(0)), 0);
	osnd_net_close(fd, false);
}

static void test_udp_delivered(void **state)
{
	char port[8], why[256], buf[64] = "";
	int lfd, fd;

	(void)state;
	lfd = bound(SOCK_DGRAM, port, sizeof(port));
	fd = osnd_net_connect("127.0.0.1", port, SOCK_DGRAM,
			      osnd_net_deadline(5), why, sizeof(why));
	assert_true(fd >= 0);
	assert_int_equal(osnd_net_send_all(fd, "one", 3, osnd_net_deadline(5)),
			 0);
	assert_int_equal(osnd_net_pending_error(fd, osnd_net_deadline(0)), 0);
	assert_int_equal(recv(lfd, buf, sizeof(buf) - 1, 0), 3);
	assert_string_equal(buf, "one");
	osnd_net_close(fd, false);
	close(lfd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline),
		cmocka_unit_test(test_connect_refused),
		cmocka_unit_test(test_send_and_drain),
		cmocka_unit_test(test_peer_reads_nothing),
		cmocka_unit_test(test_alive),
		cmocka_unit_test(test_udp_refused),
		cmocka_unit_test(test_udp_delivered),
	};

	return cmocka_run_group_tests_name("oomsnapd syslog sockets", tests,
					   NULL, NULL);
}
