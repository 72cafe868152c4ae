// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_recover.c - libFuzzer target for the recovery of the record region
 * (kmod/region.c): the input is what a reboot left in memory.
 *
 * Each input is opened as a 16 KiB region (padded with zeros or
 * truncated) with the keep policy and a large index, then as a region of
 * its own length when that is a valid size other than 16 KiB (overwrite
 * policy), else again as 16 KiB with the overwrite policy, another boot
 * id and a tiny index (recovery drops records: index_full).
 * Then everything is exercised: iterate, read every body, find, append,
 * count a lost kill, acknowledge, discard, reopen.  Invariants checked
 * after every step (abort() on violation, so libFuzzer reports a crash):
 *   - every held entry lies inside the data area, aligned, at least a
 *     record header long, and no two overlap;
 *   - rids strictly increase along the index; osr_next visits exactly the
 *     index, in order, but for a provisional record of the current boot
 *     (hidden: an OOM in progress); osr_find finds every (boot id, seq)
 *     held and not hidden, osr_get every rid;
 *   - an appended record reads back byte-exact, and with the keep policy
 *     a reopen finds it and every record held before, at the same place;
 *   - osr_ack_all acknowledges exactly what was held and not hidden.
 * The region buffer is malloc'd at its exact size: ASan reports any read
 * or write outside it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "region.h"

#define FIX_SIZE (16 * 1024)
#define MAX_SIZE (64 * 1024)
#define BIG_CAP (MAX_SIZE / sizeof(struct osr_record) + 1)

static const u8 BOOT_A[OSR_BOOT_ID_BYTES] = {
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
	0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xa0,
};
static const u8 BOOT_B[OSR_BOOT_ID_BYTES] = {
	0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8,
	0xb9, 0xba, 0xbb, 0xbc, 0xbd, 0xbe, 0xbf, 0xb0,
};

static struct osr_entry idx1[BIG_CAP], idx2[BIG_CAP], held[BIG_CAP];
static u8 body[MAX_SIZE];
static u8 used[MAX_SIZE / OSR_ALIGN];

static bool is_hidden(const struct osr_region *r, const struct osr_entry *e)
{
	return (e->flags & OSR_F_PROVISIONAL) &&
	       !memcmp(e->boot_id, r->boot_id, OSR_BOOT_ID_BYTES);
}

static u32 nr_hidden(const struct osr_region *r)
{
	u32 i, n = 0;

	for (i = 0; i < r->idx_count; i++)
		n += is_hidden(r, &r->idx[i]);
	return n;
}

#define CHECK(c)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "fuzz_recover: %s:%d: %s\n",	\
				__FILE__, __LINE__, #c);		\
			abort();					\
		}							\
	} while (0)

static void check_region(const struct osr_region *r, u64 size, bool full)
{
	const struct osr_entry *e;
	u64 rid = 0;
	u32 i, j, n = 0;

	CHECK(r->idx_count <= r->idx_cap);
	CHECK(r->data_size + OSR_DATA_OFF <= size);
	CHECK(r->write_off <= r->data_size);
	for (i = 0; i < r->idx_count; i++) {
		const struct osr_entry *a = &r->idx[i];

		CHECK(a->off % OSR_ALIGN == 0);
		CHECK(a->len % OSR_ALIGN == 0);
		CHECK(a->len >= sizeof(struct osr_record));
		CHECK((u64)a->off + a->len <= r->data_size);
		if (i)
			CHECK(a->rid > r->idx[i - 1].rid);
	}
	/* no overlap: mark every 8-byte unit a record covers */
	memset(used, 0, r->data_size / OSR_ALIGN);
	for (i = 0; i < r->idx_count; i++) {
		const struct osr_entry *a = &r->idx[i];

		for (j = a->off / OSR_ALIGN; j < (a->off + a->len) / OSR_ALIGN;
		     j++) {
			CHECK(!used[j]);
			used[j] = 1;
		}
	}
	CHECK(r->nr_hidden == nr_hidden(r));
	if (!full) {
		if (r->idx_count)
			CHECK(!osr_next(r, r->idx[r->idx_count - 1].rid));
		return;
	}
	while ((e = osr_next(r, rid))) {
		while (n < r->idx_count && is_hidden(r, &r->idx[n])) {
			CHECK(osr_get(r, r->idx[n].rid) == &r->idx[n]);
			n++;
		}
		CHECK(n < r->idx_count);
		CHECK(e == &r->idx[n]);
		CHECK(osr_get(r, e->rid) == e);
		rid = e->rid;
		n++;
	}
	while (n < r->idx_count && is_hidden(r, &r->idx[n]))
		n++;
	CHECK(n == r->idx_count);
}

/* Reads every body whole, finds every record. */
static void walk(const struct osr_region *r)
{
	const struct osr_entry *e, *f;
	u32 i;

	for (i = 0; i < r->idx_count; i++) {
		e = &r->idx[i];
		CHECK(osr_read(r, e, 0, body, osr_body_len(e)) == 0);
		CHECK(osr_read(r, e, 0, body, osr_body_len(e) + 1) != 0);
		CHECK(osr_read(r, e, osr_body_len(e), body, 0) == 0);
		if (is_hidden(r, e))
			continue;
		f = osr_find(r, e->boot_id, e->seq);
		CHECK(f && !memcmp(f->boot_id, e->boot_id, OSR_BOOT_ID_BYTES));
		if (e->seq)	/* seq 0 asks for the newest */
			CHECK(f->seq == e->seq);
		CHECK(osr_find(r, e->boot_id, 0));
	}
	f = osr_find(r, NULL, 0);
	if (f)
		CHECK(!memcmp(f->boot_id, r->boot_id, OSR_BOOT_ID_BYTES));
}

/* Appends @n bytes of a pattern; checks it reads back.  0 or -ENOSPC. */
static int append(struct osr_region *r, u32 n, u32 flags, u64 size,
		  const struct osr_entry **out)
{
	static u8 src[256], got[256];
	struct osr_seg seg[2] = { { src, n / 2 }, { src + n / 2, n - n / 2 } };
	const struct osr_entry *e = NULL;
	u32 i, count = r->idx_count;
	u64 seq = r->next_seq;
	int rc;

	for (i = 0; i < n; i++)
		src[i] = (u8)(i * 37 + n);
	rc = osr_append(r, 1, flags, seg, 2, &e);
	check_region(r, size, false);
	CHECK(rc == 0 || rc == -ENOSPC);
	if (rc) {
		CHECK(!e);
		CHECK(r->idx_count == count);
		return rc;
	}
	CHECK(e && e == &r->idx[r->idx_count - 1]);
	CHECK(e->seq == seq);
	CHECK(!memcmp(e->boot_id, r->boot_id, OSR_BOOT_ID_BYTES));
	CHECK(osr_body_len(e) == ((n + 7) & ~7u));
	CHECK(osr_read(r, e, 0, got, n) == 0);
	CHECK(!memcmp(got, src, n));
	*out = e;
	return 0;
}

static void exercise(const uint8_t *data, size_t len, u64 size,
		     const u8 *boot, bool overwrite, u32 cap)
{
	struct osr_region r, r2;
	struct osr_report rep, rep2;
	const struct osr_entry *e = NULL;
	u32 i, j, nheld;
	u8 *mem = malloc(size);

	CHECK(mem);
	memset(mem, 0, size);
	memcpy(mem, data, len < size ? len : size);

	CHECK(osr_open(&r, mem, size, boot, idx1, cap, overwrite, &rep) == 0);
	check_region(&r, size, true);
	CHECK(rep.found == r.idx_count);
	CHECK(rep.earlier_boot == osr_count_earlier(&r));
	CHECK(rep.earlier_boot <= rep.found);
	walk(&r);

	/* a record, a lost kill, another record, a provisional one */
	if (append(&r, 40, 0, size, &e) == 0)
		CHECK(e->lost_before == 0);
	osr_count_lost(&r, 4242, "fuzz");
	CHECK(r.hdr.lost_last_pid == 4242);
	if (append(&r, 7, OSR_F_PANIC, size, &e) == 0)
		CHECK(e->lost_before == 1);
	if (append(&r, 0, OSR_F_PROVISIONAL, size, &e) == 0) {
		u32 c = r.idx_count;

		osr_discard(&r, e->rid);
		CHECK(r.idx_count == c - 1);
		check_region(&r, size, false);
	}
	append(&r, 100, 0, size, &e);
	walk(&r);

	/* what is held now must come back, where it is */
	nheld = r.idx_count;
	memcpy(held, r.idx, nheld * sizeof(held[0]));
	CHECK(osr_open(&r2, mem, size, boot, idx2, BIG_CAP, overwrite,
		       &rep2) == 0);
	check_region(&r2, size, true);
	CHECK(!rep2.reinit);
	walk(&r2);
	if (!overwrite) {
		for (i = 0, j = 0; i < nheld; i++) {
			u32 k;

			/* both ascending by rid: find the same rid and off */
			while (j < r2.idx_count && r2.idx[j].rid < held[i].rid)
				j++;
			for (k = j; k < r2.idx_count &&
				    r2.idx[k].rid == held[i].rid &&
				    r2.idx[k].off != held[i].off; k++)
				;
			CHECK(k < r2.idx_count && r2.idx[k].rid == held[i].rid);
			CHECK(r2.idx[k].len == held[i].len);
			CHECK(r2.idx[k].seq == held[i].seq);
		}
	}

	/* acknowledge one, then all */
	if (r2.idx_count) {
		const struct osr_entry *f = &r2.idx[r2.idx_count / 2];
		u8 b[OSR_BOOT_ID_BYTES];
		u64 seq = f->seq;
		u32 c = r2.idx_count;
		const struct osr_entry *g;
		bool ok;

		memcpy(b, f->boot_id, sizeof(b));
		/* a hidden record's seq may be lent to a visible one */
		g = seq ? osr_find(&r2, b, seq) : NULL;
		CHECK(!g || (!is_hidden(&r2, g) && g->seq == seq));
		CHECK(is_hidden(&r2, f) || !seq || g);
		ok = g != NULL;
		CHECK(osr_ack(&r2, b, seq) == (ok ? 0 : -ENOENT));
		CHECK(r2.idx_count == c - (ok ? 1 : 0));
		check_region(&r2, size, false);
	}
	nheld = r2.idx_count - nr_hidden(&r2);
	CHECK(osr_ack_all(&r2) == nheld);
	CHECK(r2.idx_count == nr_hidden(&r2) && !osr_next(&r2, 0));
	append(&r2, 64, 0, size, &e);
	check_region(&r2, size, false);

	CHECK(osr_open(&r, mem, size, boot == BOOT_A ? BOOT_B : BOOT_A, idx1,
		       cap, !overwrite, &rep) == 0);
	check_region(&r, size, false);
	walk(&r);
	free(mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	exercise(data, len, FIX_SIZE, BOOT_A, false, BIG_CAP);
	/* then one of two more, to keep the executions fast */
	if (len >= OSR_MIN_SIZE && len <= MAX_SIZE && len != FIX_SIZE)
		exercise(data, len, len, BOOT_A, true, BIG_CAP);
	else
		exercise(data, len, FIX_SIZE, BOOT_B, true, 3);
	return 0;
}
