/* SPDX-License-Identifier: GPL-2.0 */
/*
 * recref.h - which record the command line means: "SEQ" (a record of the
 * current boot) or "BOOT:SEQ" (of the boot BOOT, a boot id or a unique
 * prefix of one), and the resolution of a prefix against the boot ids of
 * the stored records.  Sequence numbers restart at 1 each boot, so a
 * record is identified by (boot id, seq).  Pure; never prints.
 */
#ifndef OSN_RECREF_H
#define OSN_RECREF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "oomsnap.h"

/* Fewest hex digits of a boot id prefix. */
#define OSN_BOOT_PREFIX_MIN	4
#define OSN_BOOT_HEX		(2 * OOMSNAP_BOOT_ID_BYTES)	/* 32 */

struct osn_ref {
	uint64_t seq;
	bool has_boot;			/* "BOOT:" was given */
	unsigned int nhex;		/* hex digits of BOOT: 4 .. 32 */
	char hex[OSN_BOOT_HEX + 1];	/* them, lower case, no dashes */
};

/*
 * Parse "SEQ" or "BOOT:SEQ".  SEQ as osn_parse_seq(); BOOT is 4 to 32
 * hex digits (any case), with dashes allowed only where the UUID form has
 * them (after the 8th, 12th, 16th and 20th digit), e.g. "0f3c",
 * "0f3c1b8e-2c7e", "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b" or the same 32
 * digits without dashes.  Returns 0 or -EINVAL (*out then undefined).
 */
int osn_parse_ref(const char *s, struct osn_ref *out);

/* True when BOOT has all 32 digits: *id is then that boot id. */
bool osn_ref_full_id(const struct osn_ref *ref, uint8_t *id);

/* True when boot id id (16 bytes) starts with ref's BOOT digits. */
bool osn_ref_matches(const struct osn_ref *ref, const uint8_t *id);

/*
 * The one boot id among ids[0..n-1] (16 bytes each; duplicates are
 * fine) that ref's BOOT is a prefix of, into id.  Returns 0; -ENOENT when
 * none matches; -EEXIST when different boot ids match (ambiguous: a
 * longer prefix is needed).
 */
int osn_resolve_boot(const struct osn_ref *ref,
		     const uint8_t (*ids)[OOMSNAP_BOOT_ID_BYTES], size_t n,
		     uint8_t *id);

#endif /* OSN_RECREF_H */
