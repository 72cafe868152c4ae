// SPDX-License-Identifier: GPL-2.0
/*
 * dtool_events.c - "dtool events MS": the raw NEW_RECORD notifications of
 * the oomsnap family, as the kernel sends them, for tests that must see
 * every announcement (the CLI's watch drops seqs it has already printed,
 * so it cannot show an announcement made twice).  Plain netlink sockets,
 * no libnl: dtool is static and runs in the busybox guest.
 *
 * Resolves the family and its OOMSNAP_MCGRP_RECORDS group (nlctrl's
 * GETFAMILY), joins the group, prints "events: subscribed" on stderr, then
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

int dtool_events(int argc, char **argv);

#define BUF_SIZE	65536

/* The attribute of type type in [a, a + len), or NULL. */
static struct nlattr *attr(void *a, int len, int type)
{
	struct nlattr *n;

	for (n = a; len >= NLA_HDRLEN && n->nla_len >= NLA_HDRLEN &&
	     n->nla_len <= len;
	     len -= NLA_ALIGN(n->nla_len),
	     n = (void *)((char *)n + NLA_ALIGN(n->nla_len)))
		if ((n->nla_type & NLA_TYPE_MASK) == type)
			return n;
	return NULL;
}

#define PAYLOAD(n)	((void *)((char *)(n) + NLA_HDRLEN))
#define PAYLOAD_LEN(n)	((int)(n)->nla_len - NLA_HDRLEN)

/* The family id and the records group id; 0 or -1 with a message. */
static int resolve(int fd, uint16_t *family, uint32_t *group)
{
	static char buf[BUF_SIZE];
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char a[64];
	} req = { 0 };
	struct nlattr *na = (void *)req.a, *ids, *grp, *name, *id;
	struct nlmsghdr *n = (void *)buf;
	size_t len = strlen(OOMSNAP_GENL_NAME) + 1;
	int got, rest, glen;

	na->nla_type = CTRL_ATTR_FAMILY_NAME;
	na->nla_len = NLA_HDRLEN + len;
	memcpy(PAYLOAD(na), OOMSNAP_GENL_NAME, len);
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN) + NLA_ALIGN(na->nla_len);
	req.n.nlmsg_type = GENL_ID_CTRL;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_seq = 1;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 1;
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0) {
		perror("events: send GETFAMILY");
		return -1;
	}
	got = recv(fd, buf, sizeof(buf), 0);
	if (got < (int)NLMSG_LENGTH(GENL_HDRLEN) || !NLMSG_OK(n, got) ||
	    n->nlmsg_type != GENL_ID_CTRL) {
		fprintf(stderr, "events: no family '%s' (is the module "
			"loaded?)\n", OOMSNAP_GENL_NAME);
		return -1;
	}
	rest = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	id = attr((char *)NLMSG_DATA(n) + GENL_HDRLEN, rest,
		  CTRL_ATTR_FAMILY_ID);
	ids = attr((char *)NLMSG_DATA(n) + GENL_HDRLEN, rest,
		   CTRL_ATTR_MCAST_GROUPS);
	if (!id || !ids) {
		fprintf(stderr, "events: family without id or groups\n");
		return -1;
	}
	*family = *(uint16_t *)PAYLOAD(id);
	/* A nest of nests, one per group: name and id. */
	for (grp = PAYLOAD(ids), glen = PAYLOAD_LEN(ids);
	     glen >= NLA_HDRLEN && grp->nla_len >= NLA_HDRLEN &&
	     grp->nla_len <= glen;
	     glen -= NLA_ALIGN(grp->nla_len),
	     grp = (void *)((char *)grp + NLA_ALIGN(grp->nla_len))) {
		name = attr(PAYLOAD(grp), PAYLOAD_LEN(grp),
			    CTRL_ATTR_MCAST_GRP_NAME);
		id = attr(PAYLOAD(grp), PAYLOAD_LEN(grp),
			  CTRL_ATTR_MCAST_GRP_ID);
		if (name && id && !strcmp(PAYLOAD(name),
					  OOMSNAP_MCGRP_RECORDS)) {
			*group = *(uint32_t *)PAYLOAD(id);
			return 0;
		}
	}
	fprintf(stderr, "events: no group '%s'\n", OOMSNAP_MCGRP_RECORDS);
	return -1;
}

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
	if (resolve(fd, &family, &group))
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
			seq = attr((char *)NLMSG_DATA(n) + GENL_HDRLEN,
				   n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN),
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
