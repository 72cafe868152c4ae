/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syslog_net.h - the socket work of the syslog target: connect with a
 * deadline (every address the name resolves to), send everything with a
 * deadline, see whether the collector closed a connection, and wait until
 * the collector's TCP has acknowledged what was written (SIOCOUTQ).
 * Every wait ends at a deadline, a CLOCK_MONOTONIC time in milliseconds
 * (osnd_net_deadline()), so a dead collector never blocks the daemon
 * longer than the operator allowed.  Never prints; returns -errno.
 */
#ifndef OSND_SYSLOG_NET_H
#define OSND_SYSLOG_NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* CLOCK_MONOTONIC now plus timeout_s seconds, in milliseconds. */
int64_t osnd_net_deadline(uint64_t timeout_s);

/* Milliseconds left before deadline: 0 once it passed, at most INT_MAX. */
int osnd_net_left_ms(int64_t deadline);

/*
 * A socket of type (SOCK_STREAM, SOCK_DGRAM) connected to host port port:
 * each address getaddrinfo() gives, in its order, until one connects
 * (each given its share of the time left).  Returns the socket
 * (non-blocking, close-on-exec) or -errno with the reason in why, e.g.
 * "cannot connect to collector port 514 (192.0.2.7): Connection refused";
 * -EHOSTUNREACH when the name does not resolve, -ETIMEDOUT when the
 * deadline passed.
 */
int osnd_net_connect(const char *host, const char *port, int type,
		     int64_t deadline, char *why, size_t size);

/*
 * Wait until fd is ready for events (POLLIN, POLLOUT): 0; -ETIMEDOUT at
 * the deadline; the socket's error (-ECONNRESET, ...) when it has one.
 */
int osnd_net_wait(int fd, short events, int64_t deadline);

/* Send all of buf (MSG_NOSIGNAL) before the deadline: 0 or -errno. */
int osnd_net_send_all(int fd, const void *buf, size_t len, int64_t deadline);

/*
 * Is the other end of stream socket fd still there?  0: yes, as far as
 * can be seen without sending; -EPIPE: it closed the connection (or shut
 * down its side); the socket's error (-ECONNRESET, ...) when it has one.
 * Anything the peer sent is read and dropped (a collector sends nothing).
 */
int osnd_net_alive(int fd);

/*
 * Wait until the peer's TCP has acknowledged every byte written to fd
 * (the send queue, SIOCOUTQ, is empty): 0; -ETIMEDOUT at the deadline;
 * the socket's error when the connection broke meanwhile.
 */
int osnd_net_drain(int fd, int64_t deadline);

/*
 * The error queued on datagram socket fd by an ICMP message for an
 * earlier datagram (-ECONNREFUSED: nothing listens on that port), waiting
 * for one until the deadline (a deadline already passed: just look).
 * 0 when there is none.  Reading it clears it.
 */
int osnd_net_pending_error(int fd, int64_t deadline);

/*
 * Close fd.  abort: reset the connection (SO_LINGER 0), so that data
 * still queued is dropped rather than delivered after it was given up
 * (and sent again); otherwise an orderly shutdown.
 */
void osnd_net_close(int fd, bool abort);

#endif /* OSND_SYSLOG_NET_H */
