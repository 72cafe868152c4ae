// SPDX-License-Identifier: GPL-2.0
/*
 * dtool_dumphold.c - "dtool dumphold MS": start a GET dump of the newest
 * record, take its first batch of messages, then hold the socket with the
 * dump unfinished for MS milliseconds and close it without reading on.  A
 * test unloads the module meanwhile: the dump in progress must keep the
 * module (netlink holds a reference on it) and the abandoned dump must be
 * cleaned up when the socket closes.
 *
 * Prints "dumphold: first batch N bytes, M messages" once the dump is
 * under way.  Exit 0; 1 when the first answer is an error (e.g. no record);
 * 2 when the family cannot be found; 64: usage.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "oomsnap.h"
#include "dtool_genl.h"

int dtool_dumphold(int argc, char **argv);

int dtool_dumphold(int argc, char **argv)
{
	static char buf[16384];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
	} req = { 0 };
	struct nlmsghdr *n;
	struct timespec ts;
	uint16_t family;
	uint32_t group;
	int fd, got, msgs = 0, rcvbuf = 4096;
	long ms;

	if (argc != 2 || (ms = atol(argv[1])) < 0) {
		fprintf(stderr, "usage: dtool dumphold MS\n");
		return 64;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("dumphold: netlink socket");
		return 2;
	}
	if (dtool_genl_resolve(fd, "dumphold", &family, &group))
		return 2;
	/* a small receive buffer: the queued first batch fills it */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	req.n.nlmsg_type = family;
	req.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.n.nlmsg_seq = 2;
	req.g.cmd = OOMSNAP_CMD_GET;
	req.g.version = OOMSNAP_GENL_VERSION;
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0) {
		perror("dumphold: send GET dump");
		return 2;
	}
	got = recv(fd, buf, sizeof(buf), MSG_PEEK);
	if (got < 0) {
		perror("dumphold: recv");
		return 1;
	}
	for (n = (void *)buf; NLMSG_OK(n, got); n = NLMSG_NEXT(n, got)) {
		if (n->nlmsg_type == NLMSG_ERROR) {
			fprintf(stderr, "dumphold: the dump answered error %d\n",
				((struct nlmsgerr *)NLMSG_DATA(n))->error);
			return 1;
		}
		if (n->nlmsg_type == NLMSG_DONE) {
			fprintf(stderr, "dumphold: the dump ended in one batch (record too small to hold it open)\n");
			return 1;
		}
		msgs++;
	}
	printf("dumphold: first batch %d bytes, %d messages\n",
	       (int)((char *)n - buf), msgs);
	fflush(stdout);
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	nanosleep(&ts, NULL);
	close(fd);
	return 0;
}
