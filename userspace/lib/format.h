/* SPDX-License-Identifier: GPL-2.0 */
/*
 * format.h - unit conversions and small formatters shared by the text and
 * JSON renderers: kB exactly as the kernel computes it, RFC 3339 time,
 * kind and constraint names (also of values this CLI does not know,
 * as "unknown(N)"), gfp_mask and nodemask as the kernel prints
 * them, boot ids as UUIDs, meminfo key names, escaping for terminals.
 * Pure; never prints.
 */
#ifndef OSN_FORMAT_H
#define OSN_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"

/* "2023-11-14T22:13:20.123456Z" plus NUL, with room to spare. */
#define OSN_TIME_LEN	40
/* "0x" + 8 hex digits + NUL. */
#define OSN_GFP_LEN	12
/*
 * Room for the "%*pbl" list of any OSN_NODEMASK_WORDS words: at most 10
 * characters ("1000-1001,") per 3 nodes, so 4 per node is enough.
 */
#define OSN_NODEMASK_LEN	(OSN_NODEMASK_WORDS * 64 * 4 + 1)
/* A boot id as a UUID, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", plus NUL. */
#define OSN_BOOT_ID_STR_LEN	37
/* osn_escape() of a string of at most n bytes: every byte as "\xNN". */
#define OSN_ESC_LEN(n)	((n) * 4 + 1)

/*
 * Pages to kB as the kernel's K(x) (x << (PAGE_SHIFT - 10)).  page_size is
 * a power of two >= 1024 (osn_record_parse() guarantees it).  Swap entries
 * are pages too.
 */
static inline uint64_t osn_pages_to_kb(uint64_t pages, uint32_t page_size)
{
	return pages * (page_size / 1024);
}

/* Bytes to kB as the kernel's "pgtables:%lukB" (bytes >> 10). */
static inline uint64_t osn_bytes_to_kb(uint64_t bytes)
{
	return bytes >> 10;
}

/* kB of one buddy block of this order, as the kernel's K(1UL) << order. */
static inline uint64_t osn_block_kb(unsigned int order, uint32_t page_size)
{
	return (uint64_t)(page_size / 1024) << order;
}

/*
 * A memcg limit that means "no limit": PAGE_COUNTER_MAX, i.e. LONG_MAX /
 * PAGE_SIZE pages (nothing can be set above it), or (u64)-1.
 */
static inline bool osn_page_counter_is_max(uint64_t pages, uint32_t page_size)
{
	return pages == UINT64_MAX || pages >= INT64_MAX / page_size;
}

/*
 * Format nanoseconds since the epoch as RFC 3339 UTC with microseconds,
 * e.g. "2023-11-14T22:13:20.123456Z".  Returns 0 or -EOVERFLOW.
 */
int osn_format_time(uint64_t time_ns, char *buf, size_t len);

/* gfp_mask as the kernel's "gfp_mask=%#x" prints it: "0x140dca", "0x0". */
int osn_format_gfp(uint32_t gfp_mask, char *buf, size_t len);

/*
 * A nodemask (node n = bit n%64 of words[n/64]) as the kernel's "%*pbl":
 * "0-1,3"; "" when no bit is set.  Returns 0 or -EOVERFLOW.
 */
int osn_format_nodemask(const uint64_t *words, unsigned int nwords,
			char *buf, size_t len);

/*
 * A binary boot id (OOMSNAP_A_BOOT_ID, 16 bytes) in the UUID form of
 * /proc/sys/kernel/random/boot_id: lower-case hex, dashes after the 4th,
 * 6th, 8th and 10th byte.  Returns 0 or -EOVERFLOW (len too small).
 */
int osn_format_boot_id(const uint8_t *id, char *buf, size_t len);

/*
 * Its inverse: a boot id in that UUID form (lower case only, dashes where
 * osn_format_boot_id() puts them, nothing after) into 16 bytes.  0 or
 * -EINVAL.
 */
int osn_parse_boot_id(const char *s, uint8_t id[OOMSNAP_BOOT_ID_BYTES]);

/* The value of hex digit c (either case), or -1. */
static inline int osn_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Room for any enum value as osn_kind_str()/osn_constraint_str() write it:
 * "unknown(4294967295)" plus NUL.
 */
#define OSN_ENUM_LEN	24

/* "global", "memcg", "sysrq"; NULL for a kind this CLI does not know. */
const char *osn_kind_name(uint32_t kind);

/*
 * Never NULL: the name of kind, or for a kind this CLI does not know (a
 * newer module's) "unknown(N)" written into buf (OSN_ENUM_LEN bytes),
 * N the raw number.  Returns the name or buf.
 */
const char *osn_kind_str(uint32_t kind, char *buf, size_t size);

/* One line for a human: what the kind means; NULL if unknown. */
const char *osn_kind_help(uint32_t kind);

/* "none", "cpuset", "mempolicy", "memcg"; NULL if unknown. */
const char *osn_constraint_name(uint32_t constraint);

/* As osn_kind_str(), for a constraint: its name or "unknown(N)". */
const char *osn_constraint_str(uint32_t constraint, char *buf, size_t size);

/* As the kernel logs it: "CONSTRAINT_NONE", ...; NULL if unknown. */
const char *osn_constraint_kernel_name(uint32_t constraint);

/* As osn_constraint_kernel_name(), but "unknown(N)" (in buf) if unknown. */
const char *osn_constraint_kernel_str(uint32_t constraint, char *buf,
				      size_t size);

/*
 * The JSON key of meminfo attribute attr (enum oomsnap_meminfo_attr):
 * "mem_total_kb", ..., "hugepages_total", "overcommit_mode"; NULL for
 * PAD/UNSPEC or an attribute this CLI does not know.
 */
const char *osn_meminfo_key(unsigned int attr);

/*
 * s with control characters (< 0x20, 0x7f) as "\xNN", so that a process
 * name cannot drive a terminal.  buf must hold OSN_ESC_LEN(strlen(s))
 * bytes, or the result is cut.  Returns buf.
 */
const char *osn_escape(const char *s, char *buf, size_t size);

#endif /* OSN_FORMAT_H */
