// SPDX-License-Identifier: GPL-2.0
/*
 * format.c - RFC 3339 time, gfp_mask, nodemask, boot ids, kind and
 * constraint names (known, or "unknown(N)"), meminfo names, and terminal
 * escaping, shared by the renderers.  Pure; never prints.
 */
#include <errno.h>
#include <stdio.h>
#include <time.h>

#include "oomsnap.h"
#include "format.h"

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_USEC	1000ULL
#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

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

int osn_format_boot_id(const uint8_t *id, char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	unsigned int i;

	if (len < OSN_BOOT_ID_STR_LEN)
		return -EOVERFLOW;
	for (i = 0; i < OOMSNAP_BOOT_ID_BYTES; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			buf[o++] = '-';
		buf[o++] = hex[id[i] >> 4];
		buf[o++] = hex[id[i] & 0xf];
	}
	buf[o] = '\0';
	return 0;
}

int osn_parse_boot_id(const char *s, uint8_t id[OOMSNAP_BOOT_ID_BYTES])
{
	unsigned int i, o = 0;
	int hi, lo;

	for (i = 0; i < OOMSNAP_BOOT_ID_BYTES; i++) {
		if ((i == 4 || i == 6 || i == 8 || i == 10) && s[o++] != '-')
			return -EINVAL;
		/* lower case only: one boot has one spelling */
		if ((s[o] >= 'A' && s[o] <= 'F') ||
		    (s[o + 1] >= 'A' && s[o + 1] <= 'F'))
			return -EINVAL;
		hi = osn_hex_digit(s[o]);
		lo = hi < 0 ? -1 : osn_hex_digit(s[o + 1]);
		if (lo < 0)
			return -EINVAL;
		id[i] = (uint8_t)(hi << 4 | lo);
		o += 2;
	}
	return s[o] ? -EINVAL : 0;
}

static bool bit(const uint64_t *words, unsigned int n)
{
	return words[n / 64] >> (n % 64) & 1;
}

int osn_format_nodemask(const uint64_t *words, unsigned int nwords,
			char *buf, size_t len)
{
	unsigned int nbits = nwords * 64, first, last;
	size_t o = 0;
	int n;

	if (!len)
		return -EOVERFLOW;
	buf[0] = '\0';
	for (first = 0; first < nbits; first = last + 1) {
		if (!bit(words, first)) {
			last = first;
			continue;
		}
		for (last = first; last + 1 < nbits && bit(words, last + 1);)
			last++;
		if (first == last)
			n = snprintf(buf + o, len - o, "%s%u", o ? "," : "",
				     first);
		else
			n = snprintf(buf + o, len - o, "%s%u-%u", o ? "," : "",
				     first, last);
		if (n < 0 || (size_t)n >= len - o)
			return -EOVERFLOW;
		o += n;
	}
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
_Static_assert(ARRAY_LEN(kinds) == __OOMSNAP_KIND_LAST,
	       "kinds[] does not name every enum oomsnap_kind value");

const char *osn_kind_name(uint32_t kind)
{
	if (kind >= ARRAY_LEN(kinds))
		return NULL;
	return kinds[kind].name;
}

/* A name, or "unknown(N)" in buf when there is none. */
static const char *or_unknown(const char *name, uint32_t v, char *buf,
			      size_t size)
{
	if (name)
		return name;
	if (size)
		snprintf(buf, size, "unknown(%u)", v);
	return size ? buf : "";
}

const char *osn_kind_str(uint32_t kind, char *buf, size_t size)
{
	return or_unknown(osn_kind_name(kind), kind, buf, size);
}

const char *osn_kind_help(uint32_t kind)
{
	if (kind >= ARRAY_LEN(kinds))
		return NULL;
	return kinds[kind].help;
}

static const struct {
	const char *name;
	const char *kernel;	/* the kernel's oom_constraint_text[] */
} constraints[] = {
	[OOMSNAP_CONSTRAINT_NONE]	   = { "none", "CONSTRAINT_NONE" },
	[OOMSNAP_CONSTRAINT_CPUSET]	   = { "cpuset", "CONSTRAINT_CPUSET" },
	[OOMSNAP_CONSTRAINT_MEMORY_POLICY] = { "mempolicy",
					       "CONSTRAINT_MEMORY_POLICY" },
	[OOMSNAP_CONSTRAINT_MEMCG]	   = { "memcg", "CONSTRAINT_MEMCG" },
};

_Static_assert(ARRAY_LEN(constraints) == __OOMSNAP_CONSTRAINT_LAST,
	       "constraints[] does not name every enum oomsnap_constraint");

const char *osn_constraint_name(uint32_t constraint)
{
	if (constraint >= ARRAY_LEN(constraints))
		return NULL;
	return constraints[constraint].name;
}

const char *osn_constraint_str(uint32_t constraint, char *buf, size_t size)
{
	return or_unknown(osn_constraint_name(constraint), constraint, buf,
			  size);
}

const char *osn_constraint_kernel_name(uint32_t constraint)
{
	if (constraint >= ARRAY_LEN(constraints))
		return NULL;
	return constraints[constraint].kernel;
}

const char *osn_constraint_kernel_str(uint32_t constraint, char *buf,
				      size_t size)
{
	return or_unknown(osn_constraint_kernel_name(constraint), constraint,
			  buf, size);
}

static const char *const meminfo_keys[] = {
	[OOMSNAP_MEMINFO_A_MEM_TOTAL]		= "mem_total_kb",
	[OOMSNAP_MEMINFO_A_MEM_FREE]		= "mem_free_kb",
	[OOMSNAP_MEMINFO_A_MEM_AVAILABLE]	= "mem_available_kb",
	[OOMSNAP_MEMINFO_A_ACTIVE_ANON]		= "active_anon_kb",
	[OOMSNAP_MEMINFO_A_INACTIVE_ANON]	= "inactive_anon_kb",
	[OOMSNAP_MEMINFO_A_ACTIVE_FILE]		= "active_file_kb",
	[OOMSNAP_MEMINFO_A_INACTIVE_FILE]	= "inactive_file_kb",
	[OOMSNAP_MEMINFO_A_UNEVICTABLE]		= "unevictable_kb",
	[OOMSNAP_MEMINFO_A_DIRTY]		= "dirty_kb",
	[OOMSNAP_MEMINFO_A_WRITEBACK]		= "writeback_kb",
	[OOMSNAP_MEMINFO_A_SHMEM]		= "shmem_kb",
	[OOMSNAP_MEMINFO_A_SLAB_RECLAIMABLE]	= "slab_reclaimable_kb",
	[OOMSNAP_MEMINFO_A_SLAB_UNRECLAIMABLE]	= "slab_unreclaimable_kb",
	[OOMSNAP_MEMINFO_A_PAGE_TABLES]		= "page_tables_kb",
	[OOMSNAP_MEMINFO_A_KERNEL_STACK]	= "kernel_stack_kb",
	[OOMSNAP_MEMINFO_A_SWAP_TOTAL]		= "swap_total_kb",
	[OOMSNAP_MEMINFO_A_SWAP_FREE]		= "swap_free_kb",
	[OOMSNAP_MEMINFO_A_COMMITTED_AS]	= "committed_as_kb",
	[OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL]	= "hugepages_total",
	[OOMSNAP_MEMINFO_A_HUGEPAGES_FREE]	= "hugepages_free",
	[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE]	= "overcommit_mode",
	[OOMSNAP_MEMINFO_A_PANIC_ON_OOM]	= "panic_on_oom",
};

/* An attribute added to oomsnap.h must get its key here first. */
_Static_assert(ARRAY_LEN(meminfo_keys) == __OOMSNAP_MEMINFO_A_LAST,
	       "meminfo_keys[] does not name every meminfo attribute");

const char *osn_meminfo_key(unsigned int attr)
{
	if (attr >= ARRAY_LEN(meminfo_keys))
		return NULL;
	return meminfo_keys[attr];
}

const char *osn_escape(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (!size)
		return "";
	for (; *s && o + 5 <= size; s++) {
		unsigned char c = *s;

		if (c < 0x20 || c == 0x7f) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 0xf];
		} else {
			buf[o++] = c;
		}
	}
	buf[o] = '\0';
	return buf;
}
