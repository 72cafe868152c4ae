/* SPDX-License-Identifier: GPL-2.0 */
/*
 * format.h - unit conversions and small formatters shared by the text and
 * JSON renderers: kB exactly as the kernel computes it, RFC 3339 time,
 * kind names, gfp_mask as the kernel prints it.  Pure; never prints.
 */
#ifndef OSN_FORMAT_H
#define OSN_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* "2023-11-14T22:13:20.123456Z" plus NUL, with room to spare. */
#define OSN_TIME_LEN	40
/* "0x" + 8 hex digits + NUL. */
#define OSN_GFP_LEN	12

/*
 * Pages to kB as the kernel's K(x) (x << (PAGE_SHIFT - 10)).  page_size is
 * a power of two >= 1024 (osn_record_parse() guarantees it).
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

/*
 * Format nanoseconds since the epoch as RFC 3339 UTC with microseconds,
 * e.g. "2023-11-14T22:13:20.123456Z".  Returns 0 or -EOVERFLOW.
 */
int osn_format_time(uint64_t time_ns, char *buf, size_t len);

/* gfp_mask as the kernel's "gfp_mask=%#x" prints it: "0x140dca", "0x0". */
int osn_format_gfp(uint32_t gfp_mask, char *buf, size_t len);

/* "global", "memcg", "sysrq"; NULL for a kind this CLI does not know. */
const char *osn_kind_name(uint32_t kind);

/* One line for a human: what the kind means; NULL if unknown. */
const char *osn_kind_help(uint32_t kind);

#endif /* OSN_FORMAT_H */
