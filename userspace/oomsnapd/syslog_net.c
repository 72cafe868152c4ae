// SPDX-License-Identifier: GPL-2.0
/*
 * syslog_net.c - sockets for the syslog target with deadlines: connect
 * (non-blocking, each resolved address in turn), send all, the liveness
 * check before reusing a connection and the wait for the peer's TCP
 * acknowledgement (see syslog_net.h).
 */
#define _GNU_SOURCE		/* POLLRDHUP */
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/sockios.h>

#include "syslog_net.h"

/* The drain polls the send queue: first after 1 ms, then up to every 50. */
#define DRAIN_STEP_MAX_MS	50

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t osnd_net_deadline(uint64_t timeout_s)
{
	if (timeout_s > INT_MAX / 1000)
		timeout_s = INT_MAX / 1000;
	return now_ms() + (int64_t)timeout_s * 1000;
}

int osnd_net_left_ms(int64_t deadline)
{
	int64_t left = deadline - now_ms();

	if (left <= 0)
		return 0;
	return left > INT_MAX ? INT_MAX : (int)left;
}

static int sock_error(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return -errno;
	return -err;
}

/* poll() fd for events until the deadline; the revents, or -errno. */
static int poll_until(int fd, short events, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = events };
	int n;

	for (;;) {
		n = poll(&p, 1, osnd_net_left_ms(deadline));
		if (n > 0)
			return p.revents;
		if (n == 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

int osnd_net_wait(int fd, short events, int64_t deadline)
{
	int r = poll_until(fd, events, deadline);

	if (r < 0)
		return r;
	if (r & POLLERR)
		return sock_error(fd) ?: -EIO;
	if (r & events)
		return 0;
	if (r & (POLLHUP | POLLNVAL))
		return r & POLLNVAL ? -EBADF : -EPIPE;
	return -ETIMEDOUT;
}

/* One address: 0 when connected before the deadline, else -errno. */
static int connect_one(int fd, const struct addrinfo *ai, int64_t deadline)
{
	int err;

	if (!connect(fd, ai->ai_addr, ai->ai_addrlen))
		return 0;
	if (errno != EINPROGRESS && errno != EINTR)
		return -errno;
	err = osnd_net_wait(fd, POLLOUT, deadline);
	if (err)
		return err;
	return sock_error(fd);
}

static void addr_text(const struct addrinfo *ai, char *buf, size_t size)
{
	if (getnameinfo(ai->ai_addr, ai->ai_addrlen, buf, size, NULL, 0,
			NI_NUMERICHOST))
		snprintf(buf, size, "?");
}

int osnd_net_connect(const char *host, const char *port, int type,
		     int64_t deadline, char *why, size_t size)
{
	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = type };
	struct addrinfo *res, *ai;
	char addr[64];
	size_t n = 0, i = 0;
	int64_t share;
	int fd, err, gai;

	gai = getaddrinfo(host, port, &hints, &res);
	if (gai) {
		err = gai == EAI_SYSTEM ? -errno : gai == EAI_AGAIN ?
		      -EAGAIN : gai == EAI_MEMORY ? -ENOMEM : -EHOSTUNREACH;
		snprintf(why, size, "cannot resolve %s: %s", host,
			 gai == EAI_SYSTEM ? strerror(-err) : gai_strerror(gai));
		return err;
	}
	for (ai = res; ai; ai = ai->ai_next)
		n++;
	err = -EHOSTUNREACH;
	snprintf(why, size, "%s has no address", host);
	for (ai = res; ai; ai = ai->ai_next, i++) {
		/* Each address its share, so one black hole is not all. */
		share = osnd_net_left_ms(deadline) / (int64_t)(n - i);
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
			    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0) {
			err = -errno;
		} else {
			err = connect_one(fd, ai, now_ms() + share);
			if (!err)
				break;
			close(fd);
		}
		addr_text(ai, addr, sizeof(addr));
		snprintf(why, size, "cannot connect to %s port %s (%s%s): %s",
			 host, port, addr, n > 1 ? ", and every other address "
			 "it has" : "", strerror(-err));
		if (!osnd_net_left_ms(deadline))
			break;
	}
	freeaddrinfo(res);
	return err ? err : fd;
}

int osnd_net_send_all(int fd, const void *buf, size_t len, int64_t deadline)
{
	const char *p = buf;
	ssize_t n;
	int err;

	while (len) {
		n = send(fd, p, len, MSG_NOSIGNAL);
		if (n > 0) {
			p += n;
			len -= n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return -errno;
		err = osnd_net_wait(fd, POLLOUT, deadline);
		if (err)
			return err;
	}
	return 0;
}

int osnd_net_alive(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDHUP };
	char junk[512];
	ssize_t n;

	for (;;) {
		if (poll(&p, 1, 0) < 0)
			return errno == EINTR ? 0 : -errno;
		if (p.revents & POLLERR)
			return sock_error(fd) ?: -EIO;
		if (p.revents & (POLLHUP | POLLRDHUP | POLLNVAL))
			return -EPIPE;
		if (!(p.revents & POLLIN))
			return 0;
		n = recv(fd, junk, sizeof(junk), MSG_DONTWAIT);
		if (n == 0)
			return -EPIPE;
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK ||
			       errno == EINTR ? 0 : -errno;
	}
}

int osnd_net_drain(int fd, int64_t deadline)
{
	int queued, step = 1, r;

	for (;;) {
		if (ioctl(fd, SIOCOUTQ, &queued))
			return -errno;
		if (!queued)
			return 0;
		if (!osnd_net_left_ms(deadline))
			return -ETIMEDOUT;
		/* No event says "acknowledged": look again in a while. */
		r = poll_until(fd, 0, now_ms() + step);
		if (r < 0)
			return r;
		if (r & POLLERR)
			return sock_error(fd) ?: -EIO;
		if (r & POLLHUP)
			return sock_error(fd) ?: -ECONNRESET;
		if (step < DRAIN_STEP_MAX_MS)
			step *= 2;
	}
}

int osnd_net_pending_error(int fd, int64_t deadline)
{
	int r = poll_until(fd, 0, deadline);

	if (r < 0)
		return r;
	return r & POLLERR ? sock_error(fd) : 0;
}

void osnd_net_close(int fd, bool abort)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (fd < 0)
		return;
	if (abort)
		setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	else
		shutdown(fd, SHUT_RDWR);
	close(fd);
}
