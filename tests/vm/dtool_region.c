// SPDX-License-Identifier: GPL-2.0
/*
 * dtool_region.c - `dtool regpatch DEV ADDR SIZE OLD NEW`: change a string
 * inside the committed records of an oomsnap region while the module is
 * not loaded, as a record written by another build of the module would
 * differ, and make the record valid again (its CRC), so that the next load
 * serves it.  DEV is /dev/mem, ADDR and SIZE the region (memmap=).  Every
 * committed record whose CRC is right and whose body holds OLD followed by
 * a NUL gets NEW (same length) in its place.  The layout is the module's
 * own (kmod/region_format.h); the CRC is zlib's crc32, which the module's
 * osr_crc32() equals.  Prints one line per record changed; exit 0 when at
 * least one was, 1 when none was, 2 on a setup error.
 */
#define _GNU_SOURCE		/* memmem() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "region_format.h"

static u32 crc32_le(u32 crc, const void *p, size_t n)
{
	const unsigned char *b = p;
	int k;

	crc = ~crc;
	while (n--) {
		crc ^= *b++;
		for (k = 0; k < 8; k++)
			crc = crc >> 1 ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* region.c's record_crc(): the header with state and crc 0, then the body. */
static u32 record_crc(const struct osr_record *rec)
{
	struct osr_record c = *rec;

	c.state = 0;
	c.crc = 0;
	return crc32_le(crc32_le(0, &c, sizeof(c)), rec + 1,
			rec->len - sizeof(*rec));
}

int dtool_regpatch(int argc, char **argv)
{
	unsigned long long addr, size, off;
	size_t olen;
	unsigned char *buf;
	int fd, patched = 0;

	if (argc != 6) {
		fprintf(stderr, "usage: dtool regpatch DEV ADDR SIZE OLD NEW\n");
		return 64;
	}
	addr = strtoull(argv[2], NULL, 0);
	size = strtoull(argv[3], NULL, 0);
	olen = strlen(argv[4]);
	if (strlen(argv[5]) != olen || !olen || size < OSR_MIN_SIZE) {
		fprintf(stderr, "regpatch: OLD and NEW must have the same "
			"non-zero length, SIZE at least %u\n", OSR_MIN_SIZE);
		return 2;
	}
	buf = malloc(size);
	fd = open(argv[1], O_RDWR | O_SYNC);
	if (!buf || fd < 0) {
		fprintf(stderr, "regpatch: cannot open %s: %s\n", argv[1],
			strerror(errno));
		return 2;
	}
	if (pread(fd, buf, size, addr) != (ssize_t)size) {
		fprintf(stderr, "regpatch: cannot read %llu bytes at 0x%llx of "
			"%s: %s\n", size, addr, argv[1], strerror(errno));
		return 2;
	}
	for (off = OSR_DATA_OFF; off + sizeof(struct osr_record) <= size;
	     off += OSR_ALIGN) {
		struct osr_record *rec = (struct osr_record *)(buf + off);
		unsigned char *body = (unsigned char *)(rec + 1), *p;
		size_t blen;

		if (rec->magic != OSR_REC_MAGIC ||
		    rec->state != OSR_STATE_COMMITTED ||
		    rec->len < sizeof(*rec) || rec->len > size - off ||
		    record_crc(rec) != rec->crc)
			continue;
		blen = rec->len - sizeof(*rec);
		p = memmem(body, blen, argv[4], olen + 1);
		if (!p)
			continue;
		memcpy(p, argv[5], olen);
		rec->crc = record_crc(rec);
		if (pwrite(fd, rec, rec->len, addr + off) != (ssize_t)rec->len) {
			fprintf(stderr, "regpatch: cannot write the record at "
				"0x%llx: %s\n", addr + off, strerror(errno));
			return 2;
		}
		printf("regpatch: record rid %llu seq %llu: '%s' -> '%s' at "
		       "body offset %zu\n", (unsigned long long)rec->rid,
		       (unsigned long long)rec->seq, argv[4], argv[5],
		       (size_t)(p - body));
		patched++;
		off += rec->len - OSR_ALIGN;
	}
	close(fd);
	free(buf);
	if (!patched)
		printf("regpatch: no committed record holds '%s'\n", argv[4]);
	return patched ? 0 : 1;
}
