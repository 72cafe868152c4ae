// SPDX-License-Identifier: GPL-2.0
/*
 * format.c - RFC 3339 time, gfp_mask and kind formatting shared by the
 * renderers.  Pure; never prints.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "oomsnap.h"
#include "format.h"

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_USEC	1000ULL

int osn_format_time(uint64_t time_ns, char *buf, size_t len)
{
	uint64_t secs = time_ns / NSEC_PER_SEC;
	unsigned int usec = (time_ns % NSEC_PER_SEC) / NSEC_PER_USEC;
	time_t t = (time_t)secs;
	struct tm tm;
	int n;

	if ((uint64_t)t != secs || !gmtime_r(&t, &tm))
		return -EOVERFLOW;

	n = snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ",
		     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		     tm.tm_hour, tm.tm_min, tm.tm_sec, usec);
	if (n < 0 || (size_t)n >= len)
		return -EOVERFLOW;
	return 0;
}

int osn_format_gfp(uint32_t gfp_mask, char *buf, size_t len)
{
	/* Not "%#x": glibc prints 0 as "0", the kernel as "0x0". */
	int n = snprintf(buf, len, "0x%x", gfp_mask);

	if (n < 0 || (size_t)n >= len)
		return -EOVERFLOW;
	return 0;
}

static const struct {
	const char *name;
	const char *help;
} kinds[] = {
	[OOMSNAP_KIND_GLOBAL] = { "global", "the whole machine ran out of memory" },
	[OOMSNAP_KIND_MEMCG]  = { "memcg",  "a memory cgroup hit its limit" },
	[OOMSNAP_KIND_SYSRQ]  = { "sysrq",  "forced with sysrq-f" },
};

/* A kind added to oomsnap.h must be named here before this builds. */
_Static_assert(sizeof(kinds) / sizeof(kinds[0]) == __OOMSNAP_KIND_LAST,
	       "kinds[] does not name every enum oomsnap_kind value");

const char *osn_kind_name(uint32_t kind)
{
	if (kind >= sizeof(kinds) / sizeof(kinds[0]))
		return NULL;
	return kinds[kind].name;
}

const char *osn_kind_help(uint32_t kind)
{
	if (kind >= sizeof(kinds) / sizeof(kinds[0]))
		return NULL;
	return kinds[kind].help;
}
