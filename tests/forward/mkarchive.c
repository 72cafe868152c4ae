// SPDX-License-Identifier: GPL-2.0
/*
 * mkarchive.c - seed an oomsnapd archive with synthetic records for the
 * forwarding test (tests/forward/run.sh), on a host without the oomsnap
 * kernel module.
 *
 *     mkarchive STATE_DIR < SPEC
 *
 * SPEC: one record a line, fields separated by one tab:
 *
 *     seq  boot_id  time_ns  kind  pid  comm_hex  rss_pages  memcg_hex
 *
 * kind is global, memcg, sysrq or panic (a panic_on_oom record: kind
 * global, no victim; pid, comm_hex and rss_pages are then "-").  comm_hex
 * and memcg_hex are the raw bytes, hex-encoded, so that any byte can be
 * asked for; memcg_hex is the memory cgroup of a memcg record and "-" for
 * the others (a record of another kind has none).  rss_pages are anonymous pages (page size 4096).
 * Lines starting with '#' and empty lines are skipped.
 *
 * Each record is written with osn_archive_write() into STATE_DIR/records;
 * its file name is printed, one a line, in input order.  Exit 0, or 1
 * with a message on stderr for a bad line or a failed write.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "format.h"
#include "record.h"

#define NFIELDS	8

static int unhex(const char *s, char *out, size_t size)
{
	size_t n = strlen(s), i;
	unsigned int b;

	if (n % 2 || n / 2 >= size)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1 || !b)
			return -1;
		out[i] = (char)b;
	}
	out[n / 2] = '\0';
	return 0;
}

static int num(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno || end == s || *end ? -1 : 0;
}

static int build(char **f, struct osn_record *r)
{
	uint64_t pid, rss;

	memset(r, 0, sizeof(*r));
	if (num(f[0], &r->seq) || num(f[2], &r->time_ns))
		return -1;
	if (osn_parse_boot_id(f[1], r->boot_id))
		return -1;
	r->has_boot_id = true;
	r->page_size = 4096;
	r->gfp_mask = 0xcc0;
	r->order = 0;
	r->trigger.pid = 4242;
	r->trigger.tgid = 4242;
	snprintf(r->trigger.comm, sizeof(r->trigger.comm), "trigger");

	if (!strcmp(f[3], "global")) {
		r->kind = OOMSNAP_KIND_GLOBAL;
	} else if (!strcmp(f[3], "memcg")) {
		r->kind = OOMSNAP_KIND_MEMCG;
	} else if (!strcmp(f[3], "sysrq")) {
		r->kind = OOMSNAP_KIND_SYSRQ;
		r->order = -1;
	} else if (!strcmp(f[3], "panic")) {
		r->kind = OOMSNAP_KIND_GLOBAL;
		r->panic = true;
	} else {
		return -1;
	}

	if (r->kind == OOMSNAP_KIND_MEMCG) {
		if (unhex(f[7], r->memcg_path, sizeof(r->memcg_path)))
			return -1;
		r->has_memcg = true;
	} else if (strcmp(f[7], "-")) {
		return -1;
	}

	if (r->panic) {
		if (strcmp(f[4], "-") || strcmp(f[5], "-") || strcmp(f[6], "-"))
			return -1;
		return 0;
	}
	if (num(f[4], &pid) || pid > UINT32_MAX || num(f[6], &rss))
		return -1;
	r->has_victim = true;
	r->victim.pid = (uint32_t)pid;
	r->victim.tgid = (uint32_t)pid;
	r->victim.uid = 1000;
	if (unhex(f[5], r->victim.comm, sizeof(r->victim.comm)))
		return -1;
	r->victim.total_vm_pages = rss * 2;
	r->victim.rss_anon_pages = rss;
	r->victim.has_points = true;
	r->victim.points = (int64_t)rss;
	return 0;
}

int main(int argc, char **argv)
{
	char line[4096], name[OSN_ARCHIVE_NAME_LEN], *f[NFIELDS], *p;
	struct osn_archive *a;
	struct osn_record r;
	unsigned long lineno = 0;
	int err, i;

	if (argc != 2) {
		fprintf(stderr, "usage: mkarchive STATE_DIR < SPEC\n");
		return 2;
	}
	err = osn_archive_open(argv[1], true, &a);
	if (err) {
		fprintf(stderr, "mkarchive: %s: %s\n", argv[1], strerror(-err));
		return 1;
	}
	while (fgets(line, sizeof(line), stdin)) {
		lineno++;
		line[strcspn(line, "\n")] = '\0';
		if (!line[0] || line[0] == '#')
			continue;
		p = line;
		for (i = 0; i < NFIELDS; i++)
			f[i] = strsep(&p, "\t");
		if (!f[NFIELDS - 1] || p || build(f, &r)) {
			fprintf(stderr, "mkarchive: line %lu: not a record "
				"spec\n", lineno);
			osn_archive_close(a);
			return 1;
		}
		err = osn_archive_write(a, &r, name, sizeof(name));
		if (err) {
			fprintf(stderr, "mkarchive: line %lu: %s\n", lineno,
				strerror(-err));
			osn_archive_close(a);
			return 1;
		}
		printf("%s\n", name);
	}
	osn_archive_close(a);
	return fflush(stdout) ? 1 : 0;
}
