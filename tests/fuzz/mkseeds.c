// SPDX-License-Identifier: GPL-2.0
/*
 * mkseeds.c - writes the seed corpus of fuzz_recover into the directory
 * given: region images made with region.c itself (nothing binary is kept
 * in git).  Each is a state a reboot may leave: a few records, a wrapped
 * ring with acknowledged and torn records, records of two boots, lost
 * kills, a provisional record, and sizes other than 16 KiB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "region.h"

static const u8 BOOT_A[OSR_BOOT_ID_BYTES] = {
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
	0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xa0,
};
static const u8 BOOT_B[OSR_BOOT_ID_BYTES] = {
	0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8,
	0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xb0,
};

static struct osr_entry idx[2048];
static u8 src[8192];

static void die(const char *what)
{
	fprintf(stderr, "mkseeds: %s\n", what);
	exit(1);
}

static void open_r(struct osr_region *r, u8 *mem, u64 size, const u8 *boot,
		   bool overwrite)
{
	struct osr_report rep;

	if (osr_open(r, mem, size, boot, idx, 2048, overwrite, &rep))
		die("osr_open failed");
}

static int add(struct osr_region *r, u32 n, u32 flags)
{
	struct osr_seg seg = { src, n };
	u32 i;

	for (i = 0; i < n; i++)
		src[i] = (u8)(i * 13 + n + r->next_rid);
	return osr_append(r, 1, flags, &seg, 1, NULL);
}

static void save(const char *dir, const char *name, const u8 *mem, u64 size)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(mem, 1, size, f) != size || fclose(f))
		die(path);
}

int main(int argc, char **argv)
{
	struct osr_region r;
	u64 size;
	u8 *mem;
	u32 i;

	if (argc != 2)
		die("usage: mkseeds DIR");
	mem = malloc(64 * 1024);
	if (!mem)
		die("out of memory");

	/* a few records of one boot */
	size = 16 * 1024;
	memset(mem, 0, size);
	open_r(&r, mem, size, BOOT_A, false);
	add(&r, 100, 0);
	add(&r, 1, OSR_F_PANIC);
	add(&r, 700, 0);
	add(&r, 0, 0);
	save(argv[1], "few", mem, size);

	/* a wrapped ring: acks, lost kills, a torn record at the end */
	memset(mem, 0, size);
	open_r(&r, mem, size, BOOT_A, false);
	for (i = 0; i < 40; i++) {
		if (add(&r, 300 + 97 * (i % 7), 0) == -ENOSPC) {
			osr_count_lost(&r, 100 + i, "hog");
			osr_ack(&r, r.idx[0].boot_id, r.idx[0].seq);
			if (r.idx_count > 3)
				osr_ack(&r, r.idx[1].boot_id, r.idx[1].seq);
		}
	}
	{
		struct osr_record *rec = (void *)(mem + OSR_DATA_OFF +
						  r.write_off);

		if (r.write_off + 200 <= r.data_size) {
			add(&r, 120, 0);
			rec->state = OSR_STATE_WRITING;
		}
	}
	save(argv[1], "ring", mem, size);

	/* two boots, overwrite policy, a provisional record */
	memset(mem, 0, size);
	open_r(&r, mem, size, BOOT_B, true);
	for (i = 0; i < 30; i++)
		add(&r, 50 * i, 0);
	open_r(&r, mem, size, BOOT_A, true);
	add(&r, 200, OSR_F_PANIC | OSR_F_PROVISIONAL);
	add(&r, 333, 0);
	save(argv[1], "boots", mem, size);

	/* the smallest region, and one of an odd size */
	size = OSR_MIN_SIZE;
	memset(mem, 0, size);
	open_r(&r, mem, size, BOOT_A, false);
	add(&r, 1000, 0);
	add(&r, 64, 0);
	add(&r, 2000, 0);
	save(argv[1], "min", mem, size);

	size = 20003;
	memset(mem, 0, size);
	open_r(&r, mem, size, BOOT_B, true);
	for (i = 0; i < 12; i++)
		add(&r, 1500 + i, 0);
	osr_ack_all(&r);
	add(&r, 10, 0);
	save(argv[1], "odd", mem, size);

	/* many tiny records */
	size = 16 * 1024;
	memset(mem, 0, size);
	open_r(&r, mem, size, BOOT_A, false);
	while (add(&r, 0, 0) == 0)
		;
	save(argv[1], "tiny", mem, size);
	free(mem);
	return 0;
}
