/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exitcodes.h - the exit statuses of the oomsnap CLI (documented in
 * oomsnap.8; scripts rely on them).
 */
#ifndef OSN_EXITCODES_H
#define OSN_EXITCODES_H

#include <sysexits.h>

enum osn_exit {
	OSN_EXIT_OK		= 0,	/* done (also: no records at all) */
	OSN_EXIT_NORECORD	= 1,	/* show/ack SEQ or BOOT:SEQ: no such
					 * record, or no record of a boot
					 * with that id prefix */
	OSN_EXIT_UNAVAILABLE	= 2,	/* module not loaded (or its family
					 * not visible in this network
					 * namespace); an unreadable archive;
					 * watch: the module went away */
	OSN_EXIT_FAILURE	= 3,	/* netlink failure, undecodable record
					 * or status, module too old */
	OSN_EXIT_OUTPUT		= 4,	/* writing the output failed */
	OSN_EXIT_OVERWRITTEN	= 5,	/* show: the record was overwritten
					 * while it was read; list: the
					 * records kept changing while they
					 * were listed; run it again */
	OSN_EXIT_PARTIAL	= 6,	/* list: some records could not be
					 * decoded; the others were printed
					 * and the ones left out named on
					 * stderr */
	OSN_EXIT_NOPERM		= EX_NOPERM, /* 77: the kernel refused:
					      * CAP_NET_ADMIN in the initial
					      * user namespace is needed */
	OSN_EXIT_USAGE		= EX_USAGE, /* 64: bad command line, also
					     * an ambiguous boot id prefix */
};

#endif /* OSN_EXITCODES_H */
