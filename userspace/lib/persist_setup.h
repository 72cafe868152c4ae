/* SPDX-License-Identifier: GPL-2.0 */
/*
 * persist_setup.h - what `oomsnap status` says about persistence: the
 * region setup-persistence wrote (OSN_PERSIST_CONF), whether the running
 * kernel was booted with its parameter (/proc/cmdline), and whether the
 * loaded module uses it; if not, why and what to do.  Reads files; never
 * prints.
 */
#ifndef OSN_PERSIST_SETUP_H
#define OSN_PERSIST_SETUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct osn_persist_setup {
	bool configured;	/* conf exists and has an "options oomsnap" line */
	int conf_err;		/* 0, or why conf could not be read (-errno;
				 * -ENOENT: not set up) or parsed (-EINVAL) */
	bool has_name;		/* mem_name=NAME (reserve_mem=) */
	char mem_name[64];
	bool has_address;	/* mem_address= and mem_size= (memmap=) */
	uint64_t mem_address, mem_size;
	bool booted_with;	/* /proc/cmdline reserves it */
};

/*
 * Read the setup from conf (the "options oomsnap" lines of a modprobe.d
 * file) and whether cmdline (the text of /proc/cmdline) reserves that
 * range: "reserve_mem=SIZE:ALIGN:NAME" with the same name, or
 * "memmap=SIZE$ADDR" with the same size and address (K/M/G read as the
 * kernel's memparse()).  Returns 0 (s filled; s->conf_err says whether
 * there is a setup).
 */
int osn_persist_setup_read(const char *conf, const char *cmdline,
			   struct osn_persist_setup *s);

enum osn_persist_state {
	OSN_PERSIST_IN_USE,		/* the module uses the set-up region */
	OSN_PERSIST_BY_HAND,		/* persistent, no setup-persistence */
	OSN_PERSIST_OTHER_REGION,	/* persistent, not the set-up region */
	OSN_PERSIST_NOT_SET_UP,		/* volatile, nothing set up */
	OSN_PERSIST_NOT_BOOTED,		/* set up; kernel booted without it */
	OSN_PERSIST_NOT_LOADED_WITH,	/* reserved; module loaded without it */
	OSN_PERSIST_BAD_CONF,		/* the setup file cannot be read */
};

/*
 * The state, and in why one sentence for it with what to do (conf names
 * the file).  st: the module's status, or NULL when it is not loaded (the
 * state then says what the next load will find).
 */
enum osn_persist_state osn_persist_verdict(const struct osn_persist_setup *s,
					   const struct osn_status *st,
					   const char *conf, char *why, size_t len);

/* "in-use", "by-hand", ...: the JSON value of a state (a contract). */
const char *osn_persist_state_name(enum osn_persist_state state);

#endif /* OSN_PERSIST_SETUP_H */
