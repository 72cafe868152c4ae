/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dtool_genl.h - the plain-netlink pieces dtool's subcommands share: find
 * an attribute, resolve the oomsnap family and its records group.
 */
#ifndef DTOOL_GENL_H
#define DTOOL_GENL_H

#include <stdint.h>
#include <linux/netlink.h>

#define PAYLOAD(n)	((void *)((char *)(n) + NLA_HDRLEN))
#define PAYLOAD_LEN(n)	((int)(n)->nla_len - NLA_HDRLEN)

/* The attribute of type @type in [a, a + len), or NULL. */
struct nlattr *dtool_nla_find(void *a, int len, int type);

/*
 * The oomsnap family id and its records group id (nlctrl's GETFAMILY on
 * @fd, a bound NETLINK_GENERIC socket); 0, or -1 with a message on stderr
 * prefixed by @who.
 */
int dtool_genl_resolve(int fd, const char *who, uint16_t *family,
		       uint32_t *group);

#endif
