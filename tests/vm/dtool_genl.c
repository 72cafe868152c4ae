// SPDX-License-Identifier: GPL-2.0
/*
 * dtool_genl.c - plain netlink helpers shared by dtool's subcommands (no
 * libnl: dtool is static and runs in the busybox guest).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "oomsnap.h"
#include "dtool_genl.h"

#define BUF_SIZE	65536

/* The attribute of type type in [a, a + len), or NULL. */
struct nlattr *dtool_nla_find(void *a, int len, int type)
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

int dtool_genl_resolve(int fd, const char *who, uint16_t *family,
		       uint32_t *group)
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
		fprintf(stderr, "%s: send GETFAMILY: %s\n", who, strerror(errno));
		return -1;
	}
	got = recv(fd, buf, sizeof(buf), 0);
	if (got < (int)NLMSG_LENGTH(GENL_HDRLEN) || !NLMSG_OK(n, got) ||
	    n->nlmsg_type != GENL_ID_CTRL) {
		fprintf(stderr, "%s: no family '%s' (is the module "
			"loaded?)\n", who, OOMSNAP_GENL_NAME);
		return -1;
	}
	rest = n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	id = dtool_nla_find((char *)NLMSG_DATA(n) + GENL_HDRLEN, rest,
		  CTRL_ATTR_FAMILY_ID);
	ids = dtool_nla_find((char *)NLMSG_DATA(n) + GENL_HDRLEN, rest,
		   CTRL_ATTR_MCAST_GROUPS);
	if (!id || !ids) {
		fprintf(stderr, "%s: family without id or groups\n", who);
		return -1;
	}
	*family = *(uint16_t *)PAYLOAD(id);
	/* A nest of nests, one per group: name and id. */
	for (grp = PAYLOAD(ids), glen = PAYLOAD_LEN(ids);
	     glen >= NLA_HDRLEN && grp->nla_len >= NLA_HDRLEN &&
	     grp->nla_len <= glen;
	     glen -= NLA_ALIGN(grp->nla_len),
	     grp = (void *)((char *)grp + NLA_ALIGN(grp->nla_len))) {
		name = dtool_nla_find(PAYLOAD(grp), PAYLOAD_LEN(grp),
			    CTRL_ATTR_MCAST_GRP_NAME);
		id = dtool_nla_find(PAYLOAD(grp), PAYLOAD_LEN(grp),
			  CTRL_ATTR_MCAST_GRP_ID);
		if (name && id && !strcmp(PAYLOAD(name),
					  OOMSNAP_MCGRP_RECORDS)) {
			*group = *(uint32_t *)PAYLOAD(id);
			return 0;
		}
	}
	fprintf(stderr, "%s: no group '%s'\n", who, OOMSNAP_MCGRP_RECORDS);
	return -1;
}
