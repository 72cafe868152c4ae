// SPDX-License-Identifier: GPL-2.0
/*
 * dtool_events.c - "dtool events MS": the raw NEW_RECORD notifications of
 * the oomsnap family, as the kernel sends them, for tests that must see
 * every announcement (the CLI's watch drops seqs it has already printed,
 * so it cannot show an announcement made twice).  Plain netlink sockets,
 * no libnl: dtool is static and runs in the busybox guest.
 *
 * Resolves the family and its OOMSNAP_MCGRP_RECORDS group (dtool_genl.c),
 * joins the group, prints "events: subscribed" on stderr, then
 * one line "event seq N" on stdout per notification for MS milliseconds.
 * Exit 0; 2 when the family or the group cannot be found or joined.
 */
#include <errno.h>
#include <poll.h>
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

int dtool_events(int argc, char **argv);

#define BUF_SIZE	65536

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int dtool_events(int argc, char **argv)
{
	static char buf[BUF_SIZE];
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct pollfd p;
	struct nlmsghdr *n;
	struct nlattr *seq;
	long long end;
	uint16_t family;
	uint32_t group;
	int fd, got;

	if (argc != 2) {
		fprintf(stderr, "usage: dtool events MS\n");
		return 64;
	}
	end = now_ms() + atol(argv[1]);
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("events: netlink socket");
		return 2;
	}
	if (dtool_genl_resolve(fd, "events", &family, &group))
		return 2;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
		       sizeof(group))) {
		perror("events: joining the records group");
		return 2;
	}
	fprintf(stderr, "events: subscribed\n");
	p = (struct pollfd){ .fd = fd, .events = POLLIN };
	while (now_ms() < end) {
		if (poll(&p, 1, (int)(end - now_ms())) <= 0)
			continue;
		got = recv(fd, buf, sizeof(buf), 0);
		if (got < 0) {
			/* ENOBUFS: notifications lost; the test sees too few */
			printf("event error %s\n", strerror(errno));
			continue;
		}
		for (n = (void *)buf; NLMSG_OK(n, got); n = NLMSG_NEXT(n, got)) {
			if (n->nlmsg_type != family ||
			    n->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
			    ((struct genlmsghdr *)NLMSG_DATA(n))->cmd !=
			    OOMSNAP_CMD_NEW_RECORD)
				continue;
			seq = dtool_nla_find((char *)NLMSG_DATA(n) +
					     GENL_HDRLEN, n->nlmsg_len -
					     NLMSG_LENGTH(GENL_HDRLEN),
					     OOMSNAP_A_SEQ);
			if (seq && PAYLOAD_LEN(seq) == 8)
				printf("event seq %llu\n", (unsigned long long)
				       *(uint64_t *)PAYLOAD(seq));
			else
				printf("event without a seq\n");
		}
		fflush(stdout);
	}
	close(fd);
	return 0;
}
