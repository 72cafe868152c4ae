// SPDX-License-Identifier: GPL-2.0
/*
 * event.c - classify the messages of the subscription socket of `oomsnap
 * watch`: NEW_RECORD notifications of the oomsnap family, and nlctrl's
 * DELFAMILY for the oomsnap family.  Everything else is ignored.  Pure;
 * never prints.
 */
#include <errno.h>
#include <string.h>

#include <linux/genetlink.h>
#include <netlink/genl/genl.h>

#include "event.h"
#include "oomsnap.h"

static const struct nla_policy rec_policy[OOMSNAP_A_MAX + 1] = {
	[OOMSNAP_A_SEQ]	= { .type = NLA_U64 },
};

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]	= { .type = NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME]	= { .type = NLA_STRING },
};

static int new_record(struct nlmsghdr *nlh, uint64_t *seq)
{
	struct nlattr *tb[OOMSNAP_A_MAX + 1];
	struct nlattr *a;

	if (genlmsg_parse(nlh, 0, tb, OOMSNAP_A_MAX, rec_policy) < 0)
		return -EINVAL;
	a = tb[OOMSNAP_A_SEQ];
	if (!a || nla_len(a) != sizeof(*seq))
		return -EINVAL;
	memcpy(seq, nla_data(a), sizeof(*seq));
	return *seq ? OSN_EV_RECORD : -EINVAL;
}

static int del_family(struct nlmsghdr *nlh, int family)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct nlattr *id, *name;

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, ctrl_policy) < 0)
		return OSN_EV_OTHER;
	id = tb[CTRL_ATTR_FAMILY_ID];
	name = tb[CTRL_ATTR_FAMILY_NAME];
	if (id && nla_len(id) >= (int)sizeof(uint16_t) &&
	    nla_get_u16(id) == family)
		return OSN_EV_GONE;
	if (name && strnlen(nla_data(name), nla_len(name)) ==
		    sizeof(OOMSNAP_GENL_NAME) - 1 &&
	    !memcmp(nla_data(name), OOMSNAP_GENL_NAME,
		    sizeof(OOMSNAP_GENL_NAME) - 1))
		return OSN_EV_GONE;
	return OSN_EV_OTHER;
}

int osn_event_parse(struct nlmsghdr *nlh, int family, uint64_t *seq)
{
	struct genlmsghdr *g;

	if (!genlmsg_valid_hdr(nlh, 0))
		return OSN_EV_OTHER;
	g = nlmsg_data(nlh);
	if (nlh->nlmsg_type == family && g->cmd == OOMSNAP_CMD_NEW_RECORD)
		return new_record(nlh, seq);
	if (nlh->nlmsg_type == GENL_ID_CTRL && g->cmd == CTRL_CMD_DELFAMILY)
		return del_family(nlh, family);
	return OSN_EV_OTHER;
}
