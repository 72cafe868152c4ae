// SPDX-License-Identifier: GPL-2.0
/*
 * facts.c - read the facts the module cannot read itself (facts.h).
 * Parsing is strict: a line or file that is not what the kernel prints
 * leaves the fact absent rather than guessed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"

const unsigned int osn_fact_attrs[OSN_NR_FACTS] = {
	OOMSNAP_MEMINFO_A_SWAP_TOTAL,
	OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL,
	OOMSNAP_MEMINFO_A_HUGEPAGES_FREE,
	OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE,
	OOMSNAP_MEMINFO_A_PANIC_ON_OOM,
};

bool osn_is_fact(unsigned int attr)
{
	unsigned int i;

	for (i = 0; i < OSN_NR_FACTS; i++)
		if (osn_fact_attrs[i] == attr)
			return true;
	return false;
}

/* A decimal number, then only spaces and unit up to the end of s. */
static bool number(const char *s, const char *unit, uint64_t *v)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	if (errno)
		return false;
	while (*end == ' ' || *end == '\t')
		end++;
	if (unit && !strncmp(end, unit, strlen(unit)))
		end += strlen(unit);
	return *end == '\n' || *end == '\0';
}

static const struct {
	const char *key;
	const char *unit;
	unsigned int attr;
} meminfo_facts[] = {
	{ "SwapTotal:", "kB", OOMSNAP_MEMINFO_A_SWAP_TOTAL },
	{ "HugePages_Total:", NULL, OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL },
	{ "HugePages_Free:", NULL, OOMSNAP_MEMINFO_A_HUGEPAGES_FREE },
};

static int read_meminfo(const char *path, struct osn_facts *f)
{
	char line[256];
	int n = 0;
	size_t i;
	FILE *fp = fopen(path, "re");

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		for (i = 0; i < sizeof(meminfo_facts) / sizeof(meminfo_facts[0]);
		     i++) {
			size_t len = strlen(meminfo_facts[i].key);
			struct osn_opt *o = &f->v[meminfo_facts[i].attr];

			if (strncmp(line, meminfo_facts[i].key, len) || o->has)
				continue;
			if (number(line + len, meminfo_facts[i].unit, &o->v)) {
				o->has = true;
				n++;
			}
		}
	}
	fclose(fp);
	return n;
}

static int read_sysctl(const char *path, struct osn_opt *o)
{
	char buf[64];
	FILE *fp = fopen(path, "re");
	bool ok;

	if (!fp)
		return -errno;
	ok = fgets(buf, sizeof(buf), fp) && number(buf, NULL, &o->v);
	fclose(fp);
	o->has = ok;
	return ok ? 1 : -EINVAL;
}

int osn_facts_read(const char *proc, struct osn_facts *f, const char **why)
{
	static char failed[256];
	char path[256];
	int n = 0, r;
	static const struct {
		const char *file;
		unsigned int attr;
	} sysctls[] = {
		{ "sys/vm/overcommit_memory", OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE },
		{ "sys/vm/panic_on_oom", OOMSNAP_MEMINFO_A_PANIC_ON_OOM },
	};
	size_t i;

	memset(f, 0, sizeof(*f));
	failed[0] = '\0';
	snprintf(path, sizeof(path), "%s/meminfo", proc);
	r = read_meminfo(path, f);
	if (r > 0)
		n += r;
	else
		snprintf(failed, sizeof(failed), "%s", path);
	for (i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", proc, sysctls[i].file);
		if (read_sysctl(path, &f->v[sysctls[i].attr]) > 0)
			n++;
		else if (!failed[0])
			snprintf(failed, sizeof(failed), "%s", path);
	}
	if (why)
		*why = n ? NULL : failed;
	return n ? n : -ENOENT;
}
