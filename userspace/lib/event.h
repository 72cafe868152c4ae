/* SPDX-License-Identifier: GPL-2.0 */
/*
 * event.h - decode the notifications `oomsnap watch` receives: a new
 * record (OOMSNAP_CMD_NEW_RECORD on multicast group OOMSNAP_MCGRP_RECORDS)
 * and the unregistration of the oomsnap family (CTRL_CMD_DELFAMILY on
 * nlctrl's "notify" group: the module was unloaded).  Pure; never prints.
 */
#ifndef OSN_EVENT_H
#define OSN_EVENT_H

#include <stdint.h>

#include <linux/netlink.h>

enum osn_event_type {
	OSN_EV_OTHER,		/* not for us: ignore it */
	OSN_EV_RECORD,		/* a record of the current boot: *seq */
	OSN_EV_GONE,		/* the oomsnap family was unregistered */
};

/*
 * Classify one received message.  family is the oomsnap family id.
 * Returns an enum osn_event_type (>= 0), or -EINVAL for a NEW_RECORD
 * notification without a valid OOMSNAP_A_SEQ.
 */
int osn_event_parse(struct nlmsghdr *nlh, int family, uint64_t *seq);

#endif /* OSN_EVENT_H */
