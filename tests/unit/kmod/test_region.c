// SPDX-License-Identifier: GPL-2.0
/*
 * test_region.c - cmocka tests of the record region (kmod/region.c, built
 * for userspace): append/find/read/ack, recovery after a simulated reboot or
 * module reload, torn writes at every byte of a record, corrupt checksums
 * and lengths, wrapped rings under both full policies, the two header
 * copies, random memory, and size changes.
 *
 * The region is a heap buffer; a "reboot" is a new osr_open() of the same
 * bytes with a fresh struct osr_region and index and another boot id.  The
 * expectations come from a model kept by the tests (what was appended,
 * acknowledged, and where a ring puts it), not from region.c's own state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "region.h"

#define KIB 1024u
#define REC_HDR ((u32)sizeof(struct osr_record))
#define ALIGN8(x) (((x) + 7u) & ~7u)
#define MAXREC 1024
#define OFF_MAGIC offsetof(struct osr_record, magic)
#define OFF_LEN offsetof(struct osr_record, len)
#define OFF_STATE offsetof(struct osr_record, state)

static const u8 BOOT1[OSR_BOOT_ID_BYTES] = { 0x11, 1, 2, 3, 4, 5, 6, 7,
					     8, 9, 10, 11, 12, 13, 14, 0x11 };
static const u8 BOOT2[OSR_BOOT_ID_BYTES] = { 0x22, 0x22, 2, 3, 4, 5, 6, 7,
					     8, 9, 10, 11, 12, 13, 14, 0x22 };
static const u8 BOOT3[OSR_BOOT_ID_BYTES] = { 0x33, 0x33, 0x33, 3, 4, 5, 6,
					     7, 8, 9, 10, 11, 12, 13, 14, 0 };

/* ------------------------------------------------------------------ */
/* Bodies: deterministic per tag, every byte >= 0x80 so that no body word
 * can ever look like a record magic ("ONRc" is all ASCII). */

static u8 bbyte(u32 tag, u32 i)
{
	u32 x = tag * 2654435761u ^ (i * 40503u + 0x9e37u);

	x ^= x >> 13;
	x *= 0x5bd1e995u;
	x ^= x >> 15;
	return (u8)(x | 0x80);
}

static void fill_body(u8 *p, u32 tag, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++)
		p[i] = bbyte(tag, i);
}

/* ------------------------------------------------------------------ */
/* The model: what the tests appended, in rid order. */

struct mrec {
	u32 tag;
	u32 blen;		/* body bytes the test gave */
	u64 rid, seq;
	const u8 *boot;
	u32 flags, bv;
	u64 lost_before;
	u64 off;		/* where a ring puts it (data-relative) */
};

static u32 rec_len(u32 blen)
{
	return ALIGN8(REC_HDR + blen);
}

/* A test region: memory, the region, its index, the last open's report. */
struct tr {
	u8 *mem;
	u64 size;
	struct osr_region r;
	struct osr_entry *idx;
	u32 cap;
	struct osr_report rep;
};

static void tr_init(struct tr *t, u64 size, u32 cap)
{
	memset(t, 0, sizeof(*t));
	t->mem = calloc(1, size);
	t->idx = calloc(cap, sizeof(*t->idx));
	assert_non_null(t->mem);
	assert_non_null(t->idx);
	t->size = size;
	t->cap = cap;
}

static void tr_free(struct tr *t)
{
	free(t->mem);
	free(t->idx);
}

/* A fresh open of the memory: nothing carried over but the bytes. */
static void tr_open(struct tr *t, const u8 *boot, bool overwrite)
{
	memset(&t->r, 0xa5, sizeof(t->r));
	memset(t->idx, 0x5a, t->cap * sizeof(*t->idx));
	assert_int_equal(osr_open(&t->r, t->mem, t->size, boot, t->idx,
				  t->cap, overwrite, &t->rep), 0);
}

static const struct osr_entry *append_tag(struct tr *t, u32 tag, u32 blen,
					  u32 flags, unsigned int nsegs,
					  int *rc)
{
	static u8 buf[256 * KIB];
	struct osr_seg segs[8];
	const struct osr_entry *e = NULL;
	unsigned int i;
	u32 at = 0;

	assert_true(blen <= sizeof(buf));
	assert_true(nsegs >= 1 && nsegs <= 8);
	fill_body(buf, tag, blen);
	for (i = 0; i < nsegs; i++) {
		u32 n = i == nsegs - 1 ? blen - at : blen / nsegs;

		segs[i].p = buf + at;
		segs[i].len = n;
		at += n;
	}
	*rc = osr_append(&t->r, 7, flags, segs, nsegs, &e);
	return *rc ? NULL : e;
}

/* Append that must succeed, checked against the model record @m. */
static const struct osr_entry *append_ok(struct tr *t, const struct mrec *m)
{
	const struct osr_entry *e;
	int rc;

	e = append_tag(t, m->tag, m->blen, m->flags, 1 + m->tag % 3, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(e);
	assert_int_equal(e->rid, m->rid);
	assert_int_equal(e->seq, m->seq);
	assert_memory_equal(e->boot_id, m->boot, OSR_BOOT_ID_BYTES);
	assert_int_equal(e->len, rec_len(m->blen));
	assert_int_equal(e->flags, m->flags);
	assert_int_equal(e->body_version, 7);
	assert_int_equal(e->lost_before, m->lost_before);
	return e;
}

/* The body of @e is the body of @tag, @blen bytes, then zero padding. */
static void check_body(const struct osr_region *r, const struct osr_entry *e,
		       u32 tag, u32 blen)
{
	static u8 got[256 * KIB], want[256 * KIB];
	u64 n = osr_body_len(e);

	assert_int_equal(n, rec_len(blen) - REC_HDR);
	assert_true(n <= sizeof(got));
	memset(got, 0xee, n);
	assert_int_equal(osr_read(r, e, 0, got, n), 0);
	fill_body(want, tag, blen);
	memset(want + blen, 0, n - blen);
	assert_memory_equal(got, want, n);
}

/* @e is the model record @m, body intact. */
static void check_entry(const struct tr *t, const struct osr_entry *e,
			const struct mrec *m)
{
	assert_non_null(e);
	assert_int_equal(e->rid, m->rid);
	assert_int_equal(e->seq, m->seq);
	assert_memory_equal(e->boot_id, m->boot, OSR_BOOT_ID_BYTES);
	assert_int_equal(e->flags, m->flags);
	assert_int_equal(e->body_version, 7);
	assert_int_equal(e->lost_before, m->lost_before);
	assert_int_equal(e->len, rec_len(m->blen));
	check_body(&t->r, e, m->tag, m->blen);
	assert_ptr_equal(osr_find(&t->r, m->boot, m->seq), e);
}

/* The held records are exactly @m[0..n), in rid order, bodies intact. */
static void check_held(const struct tr *t, const struct mrec *m, u32 n)
{
	const struct osr_entry *e;
	u64 rid = 0;
	u32 i;

	assert_int_equal(t->r.idx_count, n);
	for (i = 0; i < n; i++) {
		e = osr_next(&t->r, rid);
		check_entry(t, e, &m[i]);
		rid = e->rid;
	}
	assert_null(osr_next(&t->r, rid));
}

/* ------------------------------------------------------------------ */
/* A ring model: where records go, what is overwritten or refused. */

struct ring {
	u64 data;		/* data area size */
	u64 wo;			/* write offset */
	bool overwrite;
	u32 cap;
	u32 n;
	struct mrec held[MAXREC];
	u64 next_rid;
	u64 next_seq;
	u64 overwritten;
	u64 lost_pending;
	const u8 *boot;
	u32 next_tag;
};

static void ring_init(struct ring *g, u64 size, u32 cap, bool overwrite,
		      const u8 *boot)
{
	memset(g, 0, sizeof(*g));
	g->data = (size - OSR_DATA_OFF) & ~7ull;
	g->overwrite = overwrite;
	g->cap = cap;
	g->next_rid = 1;
	g->next_seq = 1;
	g->boot = boot;
	g->next_tag = 1000;
}

static void ring_remove(struct ring *g, u32 i)
{
	memmove(&g->held[i], &g->held[i + 1],
		(g->n - i - 1) * sizeof(g->held[0]));
	g->n--;
}

/* Model of an append: 0 and the record, or -ENOSPC. */
static int ring_append(struct ring *g, u32 blen, struct mrec *out)
{
	u64 len = rec_len(blen), at = g->wo;
	u32 i;

	if (g->n == g->cap) {
		if (!g->overwrite)
			return -ENOSPC;
		ring_remove(g, 0);
		g->overwritten++;
	}
	if (at + len > g->data)
		at = 0;
	for (i = 0; i < g->n; i++) {
		const struct mrec *h = &g->held[i];

		if (h->off < at + len && h->off + rec_len(h->blen) > at) {
			if (!g->overwrite)
				return -ENOSPC;
		}
	}
	for (i = 0; i < g->n;) {
		const struct mrec *h = &g->held[i];

		if (h->off < at + len && h->off + rec_len(h->blen) > at) {
			ring_remove(g, i);
			g->overwritten++;
		} else {
			i++;
		}
	}
	memset(out, 0, sizeof(*out));
	out->tag = g->next_tag++;
	out->blen = blen;
	out->rid = g->next_rid++;
	out->seq = g->next_seq++;
	out->boot = g->boot;
	out->flags = out->tag & OSR_F_PANIC;
	out->lost_before = g->lost_pending;
	out->off = at;
	g->lost_pending = 0;
	g->held[g->n++] = *out;
	g->wo = at + len;
	return 0;
}

/* Appends one record of @blen in both the model and the region. */
static int ring_step(struct ring *g, struct tr *t, u32 blen)
{
	struct mrec m;
	struct ring save = *g;
	const struct osr_entry *e;
	u8 *before = NULL;
	int want, rc;

	want = ring_append(g, blen, &m);
	if (want) {
		/* refused: nothing may change, in memory or in the model */
		before = malloc(t->size);
		assert_non_null(before);
		memcpy(before, t->mem, t->size);
		*g = save;
		e = append_tag(t, g->next_tag, blen, g->next_tag & OSR_F_PANIC, 2,
			       &rc);
		assert_int_equal(rc, want);
		assert_null(e);
		assert_memory_equal(before, t->mem, t->size);
		assert_int_equal(t->r.idx_count, g->n);
		free(before);
		return rc;
	}
	e = append_ok(t, &m);
	assert_int_equal(e->off, m.off);
	assert_int_equal(t->r.overwritten, g->overwritten);
	return 0;
}

static void ring_ack(struct ring *g, struct tr *t, u32 i)
{
	assert_true(i < g->n);
	assert_int_equal(osr_ack(&t->r, g->held[i].boot, g->held[i].seq), 0);
	ring_remove(g, i);
}

/* ------------------------------------------------------------------ */

static void test_open_args(void **state)
{
	struct osr_region r;
	struct osr_entry idx[4];
	struct osr_report rep;
	u8 *mem = calloc(1, 64 * KIB);

	(void)state;
	assert_non_null(mem);
	assert_int_equal(osr_open(&r, mem, OSR_MIN_SIZE - 1, BOOT1, idx, 4,
				  false, &rep), -EINVAL);
	assert_int_equal(osr_open(&r, mem, 64 * KIB, BOOT1, idx, 0, false,
				  &rep), -EINVAL);
	assert_int_equal(osr_open(&r, NULL, 64 * KIB, BOOT1, idx, 4, false,
				  &rep), -EINVAL);
	assert_int_equal(osr_open(&r, mem, OSR_MIN_SIZE, BOOT1, idx, 4,
				  false, &rep), 0);
	assert_non_null(rep.reinit);
	free(mem);
}

static void test_open_zeroed_append_find_read(void **state)
{
	static const u32 blens[] = { 0, 1, 7, 8, 100, 3001, 56, 4096 };
	struct mrec m[8];
	const struct osr_entry *e;
	struct tr t;
	u8 buf[16];
	u32 i;

	(void)state;
	tr_init(&t, 64 * KIB, 64);
	tr_open(&t, BOOT1, false);
	assert_non_null(t.rep.reinit);
	assert_int_equal(t.rep.found, 0);
	assert_int_equal(t.rep.earlier_boot, 0);
	assert_int_equal(t.rep.corrupt, 0);
	assert_null(osr_next(&t.r, 0));
	assert_null(osr_find(&t.r, NULL, 0));
	assert_null(osr_find(&t.r, BOOT1, 1));
	/* a header was written: the next open does not reinitialise */
	assert_int_equal(((struct osr_header *)t.mem)->magic, OSR_MAGIC);

	for (i = 0; i < 8; i++) {
		m[i] = (struct mrec){ .tag = i + 1, .blen = blens[i],
				      .rid = i + 1, .seq = i + 1,
				      .boot = BOOT1, .flags = i & 1 };
		e = append_ok(&t, &m[i]);
		check_body(&t.r, e, m[i].tag, m[i].blen);
		/* seq 0: the newest of the boot */
		assert_ptr_equal(osr_find(&t.r, NULL, 0), e);
		assert_ptr_equal(osr_find(&t.r, BOOT1, 0), e);
	}
	check_held(&t, m, 8);
	assert_null(osr_find(&t.r, BOOT1, 9));
	assert_null(osr_find(&t.r, BOOT2, 1));
	assert_null(osr_find(&t.r, BOOT2, 0));
	assert_int_equal(osr_find(&t.r, NULL, 3)->seq, 3);
	assert_int_equal(osr_count_earlier(&t.r), 0);

	/* records are back to back from the start of the data area */
	for (i = 0, e = NULL; i < 8; i++) {
		u32 off = 0, j;

		for (j = 0; j < i; j++)
			off += rec_len(blens[j]);
		e = osr_next(&t.r, e ? e->rid : 0);
		assert_int_equal(e->off, off);
	}

	/* osr_read bounds */
	e = osr_find(&t.r, NULL, 5);	/* 100 bytes -> body 104 */
	assert_int_equal(osr_body_len(e), 104);
	assert_int_equal(osr_read(&t.r, e, 104, buf, 0), 0);
	assert_int_equal(osr_read(&t.r, e, 100, buf, 4), 0);
	assert_int_equal(osr_read(&t.r, e, 100, buf, 5), -EINVAL);
	assert_int_equal(osr_read(&t.r, e, 105, buf, 0), -EINVAL);
	assert_int_equal(osr_read(&t.r, e, 8, buf, UINT64_MAX), -EINVAL);
	assert_int_equal(osr_read(&t.r, e, UINT64_MAX, buf, 1), -EINVAL);
	assert_int_equal(osr_read(&t.r, e, 10, buf, 16), 0);
	for (i = 0; i < 16; i++)
		assert_int_equal(buf[i], bbyte(5, 10 + i));

	/* an empty body */
	e = osr_find(&t.r, NULL, 1);
	assert_int_equal(osr_body_len(e), 0);
	assert_int_equal(osr_read(&t.r, e, 0, buf, 0), 0);
	assert_int_equal(osr_read(&t.r, e, 0, buf, 1), -EINVAL);
	tr_free(&t);
}

static void test_reboot(void **state)
{
	struct mrec m[8];
	struct tr t;
	u32 i;

	(void)state;
	tr_init(&t, 64 * KIB, 64);
	tr_open(&t, BOOT1, false);
	for (i = 0; i < 4; i++) {
		m[i] = (struct mrec){ .tag = 10 + i, .blen = 300 * i + 5,
				      .rid = i + 1, .seq = i + 1,
				      .boot = BOOT1, .flags = OSR_F_PANIC };
		append_ok(&t, &m[i]);
	}

	tr_open(&t, BOOT2, false);	/* reboot */
	assert_null(t.rep.reinit);
	assert_int_equal(t.rep.found, 4);
	assert_int_equal(t.rep.earlier_boot, 4);
	assert_int_equal(t.rep.corrupt, 0);
	assert_int_equal(t.rep.index_full, 0);
	assert_int_equal(osr_count_earlier(&t.r), 4);
	check_held(&t, m, 4);
	assert_null(osr_find(&t.r, NULL, 0));	/* none of this boot yet */
	assert_int_equal(osr_find(&t.r, BOOT1, 0)->seq, 4);

	for (i = 4; i < 6; i++) {
		m[i] = (struct mrec){ .tag = 10 + i, .blen = 77 * i,
				      .rid = i + 1, .seq = i - 3,
				      .boot = BOOT2 };
		append_ok(&t, &m[i]);
	}
	check_held(&t, m, 6);
	assert_int_equal(osr_find(&t.r, NULL, 0)->rid, 6);
	assert_int_equal(osr_find(&t.r, BOOT1, 1)->rid, 1);
	assert_int_equal(osr_find(&t.r, BOOT2, 1)->rid, 5);
	assert_int_equal(osr_count_earlier(&t.r), 4);

	tr_open(&t, BOOT3, true);	/* another reboot */
	assert_null(t.rep.reinit);
	assert_int_equal(t.rep.found, 6);
	assert_int_equal(t.rep.earlier_boot, 6);
	check_held(&t, m, 6);
	m[6] = (struct mrec){ .tag = 99, .blen = 9, .rid = 7, .seq = 1,
			      .boot = BOOT3 };
	append_ok(&t, &m[6]);
	check_held(&t, m, 7);
	assert_int_equal(osr_count_earlier(&t.r), 6);
	tr_free(&t);
}

static void test_reload_same_boot(void **state)
{
	struct mrec m[6];
	struct tr t;
	u32 i;

	(void)state;
	tr_init(&t, 64 * KIB, 64);
	tr_open(&t, BOOT1, false);
	for (i = 0; i < 3; i++) {
		m[i] = (struct mrec){ .tag = 20 + i, .blen = 50,
				      .rid = i + 1, .seq = i + 1,
				      .boot = BOOT1 };
		append_ok(&t, &m[i]);
	}
	tr_open(&t, BOOT1, false);	/* module reload */
	assert_null(t.rep.reinit);
	assert_int_equal(t.rep.found, 3);
	assert_int_equal(t.rep.earlier_boot, 0);
	assert_int_equal(osr_count_earlier(&t.r), 0);
	check_held(&t, m, 3);
	m[3] = (struct mrec){ .tag = 23, .blen = 51, .rid = 4, .seq = 4,
			      .boot = BOOT1 };
	append_ok(&t, &m[3]);
	check_held(&t, m, 4);
	tr_free(&t);
}

/*
 * (boot id, seq) names a record for userspace, which acknowledges it once
 * stored: a reload in the same boot must not hand out an acknowledged
 * record's seq again.
 */
static void test_reload_seq_after_ack(void **state)
{
	struct mrec m[4];
	const struct osr_entry *e;
	struct tr t;
	int rc;
	u32 i;

	(void)state;
	tr_init(&t, 64 * KIB, 64);
	tr_open(&t, BOOT1, false);
	for (i = 0; i < 3; i++) {
		m[i] = (struct mrec){ .tag = 30 + i, .blen = 40,
				      .rid = i + 1, .seq = i + 1,
				      .boot = BOOT1 };
		append_ok(&t, &m[i]);
	}
	/* the newest acknowledged, then reload */
	assert_int_equal(osr_ack(&t.r, BOOT1, 3), 0);
	tr_open(&t, BOOT1, false);
	assert_int_equal(t.rep.found, 2);
	e = append_tag(&t, 33, 40, 0, 1, &rc);
	assert_int_equal(rc, 0);
	if (e->seq != 4)
		fail_msg("reload after ack of seq 3: new record got seq %ju, "
			 "want 4 (seq 3 of this boot was already handed out)",
			 (uintmax_t)e->seq);
	assert_true(e->rid > 3);

	/* everything acknowledged, then reload */
	assert_int_equal(osr_ack_all(&t.r), 3);
	tr_open(&t, BOOT1, false);
	assert_int_equal(t.rep.found, 0);
	e = append_tag(&t, 34, 40, 0, 1, &rc);
	assert_int_equal(rc, 0);
	if (e->seq != 5)
		fail_msg("reload after ack_all of seqs 1..4: new record got "
			 "seq %ju, want 5", (uintmax_t)e->seq);
	tr_free(&t);
}

/* ------------------------------------------------------------------ */
/* Torn writes. */

static u32 rd32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, 4);
	return v;
}

static void wr32(u8 *p, u32 v)
{
	memcpy(p, &v, 4);
}

/*
 * The held records are @surv[0..n) plus records that were acknowledged in
 * @A and are intact in @T but for their state word.
 */
static void check_resurrected(const struct tr *u, const struct mrec *surv,
			      u32 n, const u8 *A, const u8 *T)
{
	const struct osr_entry *e;
	u64 rid = 0;
	u32 j = 0;

	while ((e = osr_next(&u->r, rid))) {
		u64 at = OSR_DATA_OFF + e->off;

		rid = e->rid;
		if (j < n && e->rid == surv[j].rid) {
			check_entry(u, e, &surv[j++]);
			continue;
		}
		if (rd32(A + at + OFF_STATE) != OSR_STATE_ACKED ||
		    rd32(T + at + OFF_STATE) != OSR_STATE_COMMITTED ||
		    memcmp(A + at, T + at, OFF_STATE) ||
		    memcmp(A + at + OFF_STATE + 4, T + at + OFF_STATE + 4,
			   e->len - OFF_STATE - 4))
			fail_msg("torn write: unexpected record rid %ju at "
				 "%u", (uintmax_t)e->rid, e->off);
	}
	assert_int_equal(j, n);
}

/*
 * @t holds a region whose held records are @old[0..nold) (the model) and
 * whose next append (body @blen, tag @tag) the model says replaces the
 * held records not in @surv[0..nsurv).  Simulates a reset after every
 * prefix of the new record, with the state word as written (raw) and as
 * the commit order has it (WRITING): recovery must give exactly the
 * survivors.
 */
static void torn_every_byte(struct tr *t, u32 tag, u32 blen,
			    const struct mrec *surv, u32 nsurv,
			    const u8 *boot)
{
	u64 size = t->size;
	u8 *A = malloc(size), *B = malloc(size), *T = malloc(size);
	u8 *F = malloc(size);
	struct osr_entry *bidx = calloc(t->cap, sizeof(*bidx));
	struct osr_region rb = t->r;
	const struct osr_entry *e;
	struct osr_seg seg;
	struct tr u;
	struct mrec all[MAXREC];
	u8 body[64 * KIB];
	u64 off, len, k, i;
	int variant;

	assert_non_null(A);
	assert_non_null(B);
	assert_non_null(T);
	assert_non_null(F);
	assert_non_null(bidx);
	assert_true(nsurv < MAXREC);
	memcpy(A, t->mem, size);
	memcpy(B, t->mem, size);
	memcpy(bidx, t->idx, t->cap * sizeof(*bidx));
	rb.base = B;
	rb.idx = bidx;

	fill_body(body, tag, blen);
	seg.p = body;
	seg.len = blen;
	assert_int_equal(osr_append(&rb, 7, 0, &seg, 1, &e), 0);
	off = OSR_DATA_OFF + e->off;
	len = e->len;
	assert_int_equal(len, rec_len(blen));

	/*
	 * The held records the model says the append overwrites are freed
	 * first (state = ACKED): F is A after those stores.  Outside the new
	 * record, nothing else may change.
	 */
	memcpy(F, A, size);
	for (i = 0; i < t->r.idx_count; i++) {
		u32 s;

		for (s = 0; s < nsurv; s++)
			if (surv[s].rid == t->r.idx[i].rid)
				break;
		if (s == nsurv)
			wr32(F + OSR_DATA_OFF + t->r.idx[i].off + OFF_STATE,
			     OSR_STATE_ACKED);
	}
	/* the double-buffered header [0, OSR_DATA_OFF) is updated on purpose */
	for (i = OSR_DATA_OFF; i < size; i++) {
		if (i >= off && i < off + len)
			continue;
		if (F[i] != B[i])
			fail_msg("append changed byte %ju outside the new "
				 "record [%ju, %ju)", (uintmax_t)i,
				 (uintmax_t)off, (uintmax_t)(off + len));
	}

	memcpy(all, surv, nsurv * sizeof(*surv));
	all[nsurv] = (struct mrec){ .tag = tag, .blen = blen, .rid = e->rid,
				    .seq = e->seq, .boot = boot };

	tr_init(&u, size, t->cap);
	for (variant = 0; variant < 2; variant++) {
		for (k = 0; k <= len; k++) {
			bool present, magic;
			u64 want_corrupt;

			/* the frees first (they precede the record) */
			memcpy(T, F, size);
			if (variant == 1) {
				/* commit order: state = WRITING first */
				wr32(T + off + OFF_STATE, OSR_STATE_WRITING);
				for (i = 0; i < k; i++)
					if (i < OFF_STATE || i >= OFF_STATE + 4)
						T[off + i] = B[off + i];
			} else {
				memcpy(T + off, B + off, k);
			}
			present = !memcmp(T + off, B + off, len);
			magic = rd32(T + off + OFF_MAGIC) == OSR_REC_MAGIC;

			memcpy(u.mem, T, size);
			tr_open(&u, boot, t->r.overwrite);
			assert_null(u.rep.reinit);
			if (present) {
				check_held(&u, all, nsurv + 1);
				want_corrupt = 0;
			} else if (variant == 0 &&
				   u.r.idx_count > nsurv) {
				/*
				 * Raw prefix over an acknowledged record at
				 * the same place: bytes 0..k of the new one
				 * may equal the old one's but for the state,
				 * which says COMMITTED: the old record, whole
				 * and with its CRC right, is back.  Only that
				 * is allowed (the commit order writes WRITING
				 * first, so this cannot happen for real).
				 */
				check_resurrected(&u, surv, nsurv, A, T);
				want_corrupt = u.rep.corrupt;
			} else {
				check_held(&u, surv, nsurv);
				if (variant == 1)	/* WRITING */
					want_corrupt = magic;
				else if (k > OFF_STATE)	/* state torn */
					want_corrupt = magic;
				else if (rd32(T + off + OFF_STATE) ==
					 OSR_STATE_ACKED)
					want_corrupt = 0;	/* free */
				else if (k >= OFF_LEN + 4)
					want_corrupt = magic;
				else if (k <= OFF_MAGIC + 4)
					want_corrupt = 0;
				else	/* a part of the length */
					want_corrupt = u.rep.corrupt <= 1 ?
						       u.rep.corrupt : 1;
			}
			if (u.rep.corrupt != want_corrupt)
				fail_msg("torn at byte %ju/%ju (%s): corrupt "
					 "%ju, want %ju", (uintmax_t)k,
					 (uintmax_t)len,
					 variant ? "WRITING" : "raw",
					 (uintmax_t)u.rep.corrupt,
					 (uintmax_t)want_corrupt);
			assert_int_equal(u.rep.found, present ? nsurv + 1 :
					 nsurv);

			/* and the region works on: append, find, read */
			if (!present) {
				const struct osr_entry *n;
				int rc;

				n = append_tag(&u, 4242, 33, 0, 1, &rc);
				assert_int_equal(rc, 0);
				assert_ptr_equal(osr_find(&u.r, boot, n->seq),
						 n);
				check_body(&u.r, n, 4242, 33);
				for (i = 0; i < nsurv; i++)
					if (surv[i].rid >= n->rid)
						fail_msg("rid %ju reused",
							 (uintmax_t)n->rid);
			}
		}
	}
	tr_free(&u);
	free(A);
	free(B);
	free(T);
	free(F);
	free(bidx);
}

/* Into fresh (zeroed) space after three records, after a reboot. */
static void test_torn_fresh_space(void **state)
{
	struct mrec m[3];
	struct tr t;
	u32 i;

	(void)state;
	tr_init(&t, 32 * KIB, 32);
	tr_open(&t, BOOT1, false);
	for (i = 0; i < 3; i++) {
		m[i] = (struct mrec){ .tag = 40 + i, .blen = 120 + 33 * i,
				      .rid = i + 1, .seq = i + 1,
				      .boot = BOOT1 };
		append_ok(&t, &m[i]);
	}
	torn_every_byte(&t, 50, 203, m, 3, BOOT1);	/* padded body */
	torn_every_byte(&t, 51, 0, m, 3, BOOT1);	/* header only */
	tr_open(&t, BOOT2, false);
	torn_every_byte(&t, 52, 256, m, 3, BOOT2);
	tr_free(&t);
}

/* Wrapped to the start, over acknowledged records (keep policy). */
static void test_torn_over_acked_wrap(void **state)
{
	struct ring *g = calloc(1, sizeof(*g));
	struct tr t;

	(void)state;
	assert_non_null(g);
	tr_init(&t, 16 * KIB, 64);
	ring_init(g, 16 * KIB, 64, false, BOOT1);
	tr_open(&t, BOOT1, false);
	/* 700-byte bodies: 16 records of 768 fill the 12288 bytes */
	while (g->wo + rec_len(700) <= g->data)
		assert_int_equal(ring_step(g, &t, 700), 0);
	/* free all but the newest three; the next (1000) wraps over them */
	while (g->n > 3)
		ring_ack(g, &t, 0);
	assert_true(g->wo + rec_len(1000) > g->data);
	torn_every_byte(&t, 60, 1000, g->held, g->n, BOOT1);
	/* and the same after a reload (state from recovery, not memory) */
	tr_open(&t, BOOT1, false);
	torn_every_byte(&t, 61, 997, g->held, g->n, BOOT1);
	free(g);
	tr_free(&t);
}

/* Overwrite policy: the new record replaces the oldest held records. */
static void test_torn_overwrite_held(void **state)
{
	struct ring *g = calloc(1, sizeof(*g));
	struct mrec m;
	struct tr t;
	struct ring save;

	(void)state;
	assert_non_null(g);
	tr_init(&t, 16 * KIB, 64);
	ring_init(g, 16 * KIB, 64, true, BOOT1);
	tr_open(&t, BOOT1, true);
	while (g->wo + rec_len(500) <= g->data)
		assert_int_equal(ring_step(g, &t, 500), 0);
	assert_int_equal(g->overwritten, 0);
	/* the model's survivors of the next append (1500 bytes at 0) */
	save = *g;
	assert_int_equal(ring_append(g, 1500, &m), 0);
	assert_int_equal(m.off, 0);
	assert_int_equal(g->overwritten, 3);
	torn_every_byte(&t, m.tag, 1500, g->held, g->n - 1, BOOT1);
	*g = save;
	free(g);
	tr_free(&t);
}

/* ------------------------------------------------------------------ */
/* Corruption of committed records. */

static void build_five(struct tr *t, struct mrec *m)
{
	u32 i;

	tr_init(t, 32 * KIB, 32);
	tr_open(t, BOOT1, false);
	for (i = 0; i < 5; i++) {
		m[i] = (struct mrec){ .tag = 70 + i, .blen = 90 + 41 * i,
				      .rid = i + 1, .seq = i + 1,
				      .boot = BOOT1, .flags = i & 1 };
		append_ok(t, &m[i]);
	}
}

/* All but m[skip], in order. */
static u32 without(const struct mrec *m, u32 n, u32 skip, struct mrec *out)
{
	u32 i, k = 0;

	for (i = 0; i < n; i++)
		if (i != skip)
			out[k++] = m[i];
	return k;
}

static void test_bad_checksum(void **state)
{
	static const u32 which[] = { 0, 2, 4 };
	struct mrec m[5], rest[5];
	struct tr t, u;
	u8 *img;
	u32 w, b, nrest;

	(void)state;
	build_five(&t, m);
	img = malloc(t.size);
	assert_non_null(img);
	memcpy(img, t.mem, t.size);
	tr_init(&u, t.size, 32);
	for (w = 0; w < 3; w++) {
		const struct osr_entry *e = osr_find(&t.r, BOOT1,
						     which[w] + 1);
		u64 at = OSR_DATA_OFF + e->off;

		nrest = without(m, 5, which[w], rest);
		/* every header byte, then body bytes incl. the padding */
		for (b = 0; b < e->len; b += b < REC_HDR ? 1 : 13) {
			u32 bit = b % 8;

			memcpy(u.mem, img, t.size);
			u.mem[at + b] ^= 1u << bit;
			tr_open(&u, BOOT2, false);
			check_held(&u, rest, nrest);
			assert_int_equal(u.rep.found, 4);
			/* a record without its magic is not a record */
			assert_int_equal(u.rep.corrupt,
					 (size_t)(b - OFF_MAGIC) < 4 ?
					 0 : 1);
		}
		/* the last (padding) byte */
		memcpy(u.mem, img, t.size);
		u.mem[at + e->len - 1] ^= 0x40;
		tr_open(&u, BOOT2, false);
		check_held(&u, rest, nrest);
		assert_int_equal(u.rep.corrupt, 1);
	}
	free(img);
	tr_free(&u);
	tr_free(&t);
}

static void test_bad_lengths(void **state)
{
	struct mrec m[5], rest[5];
	struct tr t, u;
	u8 *img;
	u32 w, v, nrest;

	(void)state;
	build_five(&t, m);
	img = malloc(t.size);
	assert_non_null(img);
	memcpy(img, t.mem, t.size);
	tr_init(&u, t.size, 32);
	for (w = 0; w < 5; w += 2) {
		const struct osr_entry *e = osr_find(&t.r, BOOT1, w + 1);
		u64 at = OSR_DATA_OFF + e->off;
		u64 remain = t.r.data_size - e->off;
		const u32 lens[] = {
			0, 8, REC_HDR - 8, REC_HDR - 1, REC_HDR + 1,
			e->len - 1, e->len + 4, (u32)remain + 8,
			(u32)remain + 1, (u32)t.r.data_size + 8,
			0x80000000u, 0xfffffff8u, 0xffffffffu,
		};

		nrest = without(m, 5, w, rest);
		for (v = 0; v < sizeof(lens) / sizeof(lens[0]); v++) {
			memcpy(u.mem, img, t.size);
			wr32(u.mem + at + OFF_LEN, lens[v]);
			tr_open(&u, BOOT1, false);
			check_held(&u, rest, nrest);
			assert_int_equal(u.rep.corrupt, 1);
		}
	}
	/* the last record's length pointing past the end of the area */
	{
		const struct osr_entry *e = osr_find(&t.r, BOOT1, 5);

		memcpy(u.mem, img, t.size);
		wr32(u.mem + OSR_DATA_OFF + e->off + OFF_LEN,
		     (u32)(t.r.data_size - e->off + 8));
		tr_open(&u, BOOT1, false);
		check_held(&u, m, 4);
	}
	free(img);
	tr_free(&u);
	tr_free(&t);
}

/* ------------------------------------------------------------------ */
/* Rings. */

static u64 rnd_state;

static u64 rnd(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 2685821657736338717ull;
}

static void test_wrap_keep_with_acks(void **state)
{
	struct ring *g = calloc(1, sizeof(*g));
	struct tr t;
	u64 last_off = 0;
	u32 wraps = 0, steps = 0, enospc = 0;

	(void)state;
	assert_non_null(g);
	rnd_state = 0x1234567;
	tr_init(&t, 20 * KIB, 64);
	ring_init(g, 20 * KIB, 64, false, BOOT1);
	tr_open(&t, BOOT1, false);
	while (wraps < 6) {
		u32 blen = (u32)(rnd() % 2500);
		int rc = ring_step(g, &t, blen);

		steps++;
		if (rc) {
			enospc++;
			/* acknowledge the oldest one or two */
			ring_ack(g, &t, 0);
			if (g->n && rnd() % 2)
				ring_ack(g, &t, 0);
			continue;
		}
		if (g->held[g->n - 1].off < last_off)
			wraps++;
		last_off = g->held[g->n - 1].off;
		if (rnd() % 4 == 0 && g->n)	/* ack one in the middle */
			ring_ack(g, &t, (u32)(rnd() % g->n));
		if (steps % 7 == 0) {
			/* reload: everything from memory alone */
			tr_open(&t, BOOT1, false);
			assert_int_equal(t.rep.corrupt, 0);
			assert_int_equal(t.rep.found, g->n);
			check_held(&t, g->held, g->n);
			/* the region resumes after the newest record */
			if (g->n) {
				const struct mrec *h = &g->held[g->n - 1];

				g->wo = h->off + rec_len(h->blen);
			} else {
				g->wo = 0;
			}
		}
	}
	assert_true(enospc > 0);
	tr_open(&t, BOOT2, false);
	assert_int_equal(t.rep.corrupt, 0);
	assert_int_equal(t.rep.earlier_boot, g->n);
	check_held(&t, g->held, g->n);
	free(g);
	tr_free(&t);
}

static void test_keep_full_and_lost(void **state)
{
	struct ring *g = calloc(1, sizeof(*g));
	struct tr t;
	u32 full;

	(void)state;
	assert_non_null(g);
	tr_init(&t, 16 * KIB, 64);
	ring_init(g, 16 * KIB, 64, false, BOOT1);
	tr_open(&t, BOOT1, false);
	while (ring_step(g, &t, 1000) == 0)
		;
	full = g->n;
	assert_int_equal(full, 12288 / 1064);
	/* still refused, nothing overwritten (ring_step compares memory) */
	assert_int_equal(ring_step(g, &t, 600), -ENOSPC);	/* 584 left */
	assert_int_equal(ring_step(g, &t, 500), 0);	/* fits at the end */
	full = g->n;
	assert_int_equal(t.r.overwritten, 0);

	osr_count_lost(&t.r, 1234, "hog");
	osr_count_lost(&t.r, 4321, "a-very-long-command-name");
	g->lost_pending = 2;
	assert_int_equal(t.r.hdr.lost, 2);
	assert_int_equal(t.r.hdr.lost_last_pid, 4321);
	assert_string_equal(t.r.hdr.lost_last_comm, "a-very-long-com");

	ring_ack(g, &t, 0);
	assert_int_equal(ring_step(g, &t, 1000), 0);
	assert_int_equal(g->held[g->n - 1].lost_before, 2);
	ring_ack(g, &t, 0);
	assert_int_equal(ring_step(g, &t, 1000), 0);
	assert_int_equal(g->held[g->n - 1].lost_before, 0);

	tr_open(&t, BOOT1, false);
	assert_int_equal(t.r.hdr.lost, 2);
	assert_int_equal(t.r.hdr.lost_last_pid, 4321);
	assert_string_equal(t.r.hdr.lost_last_comm, "a-very-long-com");
	assert_int_equal(t.rep.corrupt, 0);
	check_held(&t, g->held, g->n);
	assert_int_equal(g->n, full);

	osr_count_lost(&t.r, 7, "x");
	tr_open(&t, BOOT2, false);	/* and across a reboot */
	assert_int_equal(t.r.hdr.lost, 3);
	assert_int_equal(t.r.hdr.lost_last_pid, 7);
	assert_string_equal(t.r.hdr.lost_last_comm, "x");
	check_held(&t, g->held, g->n);
	free(g);
	tr_free(&t);
}

static void test_overwrite_ring(void **state)
{
	struct ring *g = calloc(1, sizeof(*g));
	struct tr t;
	u32 i;

	(void)state;
	assert_non_null(g);
	rnd_state = 0xabcdef;
	tr_init(&t, 16 * KIB, 64);
	ring_init(g, 16 * KIB, 64, true, BOOT1);
	tr_open(&t, BOOT1, true);
	for (i = 0; i < 300; i++) {
		assert_int_equal(ring_step(g, &t, (u32)(rnd() % 3000)), 0);
		if (i % 25 == 24) {
			tr_open(&t, BOOT1, true);
			/* overwritten on purpose: not torn, not corrupt */
			assert_int_equal(t.rep.corrupt, 0);
			check_held(&t, g->held, g->n);
			t.r.overwritten = g->overwritten;
		}
	}
	assert_true(g->overwritten > 100);
	tr_open(&t, BOOT2, true);
	assert_int_equal(t.rep.corrupt, 0);
	assert_int_equal(t.rep.found, g->n);
	check_held(&t, g->held, g->n);
	free(g);
	tr_free(&t);
}

static void test_ack(void **state)
{
	struct ring *g = calloc(1, sizeof(*g));
	struct tr t;
	u32 i, n;

	(void)state;
	assert_non_null(g);
	tr_init(&t, 16 * KIB, 64);
	ring_init(g, 16 * KIB, 64, false, BOOT1);
	tr_open(&t, BOOT1, false);
	for (i = 0; i < 5; i++)
		assert_int_equal(ring_step(g, &t, 100), 0);
	assert_int_equal(osr_ack(&t.r, BOOT1, 0), -ENOENT);
	assert_int_equal(osr_ack(&t.r, BOOT1, 6), -ENOENT);
	assert_int_equal(osr_ack(&t.r, BOOT2, 1), -ENOENT);
	assert_int_equal(osr_ack(&t.r, NULL, 3), 0);	/* current boot */
	ring_remove(g, 2);
	assert_int_equal(osr_ack(&t.r, BOOT1, 3), -ENOENT);
	assert_null(osr_find(&t.r, NULL, 3));
	check_held(&t, g->held, g->n);

	tr_open(&t, BOOT2, false);	/* acked: not held after reboot */
	assert_int_equal(t.rep.found, 4);
	assert_int_equal(t.rep.corrupt, 0);
	check_held(&t, g->held, g->n);
	assert_int_equal(osr_ack(&t.r, NULL, 1), -ENOENT);
	assert_int_equal(osr_ack(&t.r, BOOT1, 1), 0);	/* earlier boot */
	ring_remove(g, 0);
	check_held(&t, g->held, g->n);
	assert_int_equal(osr_ack_all(&t.r), 3);
	assert_int_equal(osr_ack_all(&t.r), 0);
	assert_null(osr_next(&t.r, 0));
	tr_open(&t, BOOT2, false);
	assert_int_equal(t.rep.found, 0);
	assert_int_equal(t.rep.corrupt, 0);

	/* the space is reused: fill, ack all, fill again, whole-area record */
	ring_init(g, 16 * KIB, 64, false, BOOT2);
	g->next_rid = t.r.next_rid;	/* rids never repeat within a region */
	while (ring_step(g, &t, 2000) == 0)
		;
	n = g->n;
	assert_int_equal(n, 12288 / 2064);
	assert_int_equal(osr_ack_all(&t.r), n);
	g->n = 0;
	for (i = 0; i < n; i++)
		assert_int_equal(ring_step(g, &t, 2000), 0);
	assert_int_equal(osr_ack_all(&t.r), n);
	g->n = 0;
	g->wo = 0;
	{
		struct mrec m = { .tag = g->next_tag, .blen =
				  (u32)t.r.data_size - REC_HDR,
				  .rid = g->next_rid, .seq = g->next_seq,
				  .boot = BOOT2, .flags = g->next_tag & 1 };

		assert_int_equal(append_ok(&t, &m)->off, 0);
		tr_open(&t, BOOT2, false);
		check_held(&t, &m, 1);
	}
	free(g);
	tr_free(&t);
}

/* ------------------------------------------------------------------ */
/* Headers and whole-region damage. */

static void test_header_copies(void **state)
{
	struct mrec m[5];
	struct tr t;
	u8 *img;

	(void)state;
	build_five(&t, m);
	osr_count_lost(&t.r, 100, "one");
	osr_count_lost(&t.r, 200, "two");
	img = malloc(t.size);
	assert_non_null(img);
	memcpy(img, t.mem, t.size);

	tr_open(&t, BOOT1, false);
	assert_null(t.rep.reinit);
	assert_int_equal(t.r.hdr.lost, 2);

	/* whichever copy is newest, damage it: the other one is used */
	{
		const struct osr_header *a = (void *)img;
		const struct osr_header *b = (void *)(img + OSR_HDR_SLOT);
		u32 newest = a->writes > b->writes ? 0 : 1;

		assert_int_equal(a->magic, OSR_MAGIC);
		assert_int_equal(b->magic, OSR_MAGIC);
		t.mem[newest * OSR_HDR_SLOT + offsetof(struct osr_header,
							 lost)] ^= 4;
		tr_open(&t, BOOT1, false);
		assert_null(t.rep.reinit);
		assert_int_equal(t.r.hdr_slot, newest ^ 1);
		assert_int_equal(t.r.hdr.lost, 1);
		assert_int_equal(t.r.hdr.lost_last_pid, 100);
		assert_int_equal(t.rep.found, 5);

		memcpy(t.mem, img, t.size);
		t.mem[(newest ^ 1) * OSR_HDR_SLOT + 1] ^= 0x10;	/* magic */
		tr_open(&t, BOOT1, false);
		assert_null(t.rep.reinit);
		assert_int_equal(t.r.hdr_slot, newest);
		assert_int_equal(t.r.hdr.lost, 2);
		assert_int_equal(t.r.hdr.lost_last_pid, 200);
	}

	/* both: reinitialised, the records survive */
	memcpy(t.mem, img, t.size);
	t.mem[offsetof(struct osr_header, crc)] ^= 1;
	t.mem[OSR_HDR_SLOT + offsetof(struct osr_header, region_size)] ^= 1;
	tr_open(&t, BOOT2, false);
	assert_non_null(t.rep.reinit);
	assert_int_equal(t.rep.found, 5);
	assert_int_equal(t.rep.earlier_boot, 5);
	assert_int_equal(t.rep.corrupt, 0);
	check_held(&t, m, 5);
	tr_open(&t, BOOT2, false);	/* the header was rewritten */
	assert_null(t.rep.reinit);
	check_held(&t, m, 5);
	free(img);
	tr_free(&t);
}

static void test_random_memory(void **state)
{
	u64 seed;

	(void)state;
	for (seed = 1; seed <= 8; seed++) {
		struct mrec m[3];
		struct tr t;
		const struct osr_entry *e;
		u64 i;

		rnd_state = seed * 0x9e3779b97f4a7c15ull;
		tr_init(&t, (seed % 2 ? 64 : 37) * KIB + seed * 3, 64);
		if (seed == 8)	/* a valid header over random records */
			tr_open(&t, BOOT1, false);
		for (i = seed == 8 ? OSR_DATA_OFF : 0; i < t.size; i++)
			t.mem[i] = (u8)rnd();
		tr_open(&t, BOOT1, seed % 3 == 0);
		if (seed == 8)
			assert_null(t.rep.reinit);
		else
			assert_non_null(t.rep.reinit);
		assert_int_equal(t.rep.found, 0);
		assert_null(osr_next(&t.r, 0));
		for (i = 0; i < 3; i++) {
			m[i] = (struct mrec){ .tag = 80 + (u32)i,
					      .blen = 500 * (u32)i + 3,
					      .rid = i + 1, .seq = i + 1,
					      .boot = BOOT1 };
			e = append_ok(&t, &m[i]);
			assert_ptr_equal(osr_find(&t.r, NULL, 0), e);
		}
		check_held(&t, m, 3);
		tr_open(&t, BOOT2, false);
		assert_null(t.rep.reinit);
		assert_int_equal(t.rep.found, 3);
		check_held(&t, m, 3);
		tr_free(&t);
	}
}

static void test_size_change(void **state)
{
	struct mrec m[12];
	struct tr t;
	u8 *mem;
	u64 small = 24 * KIB, data_small = small - OSR_DATA_OFF;
	u32 i, inside = 0, off = 0;

	(void)state;
	tr_init(&t, 64 * KIB, 64);
	tr_open(&t, BOOT1, false);
	for (i = 0; i < 12; i++) {
		m[i] = (struct mrec){ .tag = 90 + i, .blen = 3000 + i,
				      .rid = i + 1, .seq = i + 1,
				      .boot = BOOT1 };
		append_ok(&t, &m[i]);
		if (off + rec_len(m[i].blen) <= data_small)
			inside++;
		off += rec_len(m[i].blen);
	}
	mem = t.mem;

	/* shrunk: reinitialised, the records inside the new area kept */
	t.size = small;
	tr_open(&t, BOOT1, false);
	assert_non_null(t.rep.reinit);
	assert_int_equal(t.rep.found, inside);
	assert_int_equal(t.rep.corrupt, 1);	/* the one across the end */
	check_held(&t, m, inside);
	tr_open(&t, BOOT1, false);
	assert_null(t.rep.reinit);

	/* grown: everything inside is still found */
	t.size = 64 * KIB;
	tr_open(&t, BOOT2, false);
	assert_non_null(t.rep.reinit);
	assert_int_equal(t.rep.found, 12);
	check_held(&t, m, 12);
	assert_ptr_equal(t.mem, mem);
	tr_free(&t);
}

static void test_efbig(void **state)
{
	struct tr t;
	u8 *img;
	int rc;

	(void)state;
	tr_init(&t, 16 * KIB, 8);
	tr_open(&t, BOOT1, true);
	img = malloc(t.size);
	assert_non_null(img);
	memcpy(img, t.mem, t.size);
	assert_null(append_tag(&t, 1, (u32)t.r.data_size - REC_HDR + 1, 0,
			       3, &rc));
	assert_int_equal(rc, -EFBIG);
	assert_memory_equal(img, t.mem, t.size);
	{
		struct osr_seg s[3] = { { img, 0xffffffffu },
					{ img, 0xffffffffu },
					{ img, 0x10 } };
		const struct osr_entry *e = NULL;

		assert_int_equal(osr_append(&t.r, 1, 0, s, 3, &e), -EFBIG);
		assert_null(e);
	}
	assert_memory_equal(img, t.mem, t.size);
	assert_int_equal(t.r.idx_count, 0);
	/* the largest that fits */
	assert_non_null(append_tag(&t, 2, (u32)t.r.data_size - REC_HDR, 0,
				   2, &rc));
	assert_int_equal(rc, 0);
	/* and with overwrite, the next one replaces it */
	assert_non_null(append_tag(&t, 3, 10, 0, 1, &rc));
	assert_int_equal(t.r.overwritten, 1);
	free(img);
	tr_free(&t);
}

static void test_index_capacity(void **state)
{
	struct ring *g = calloc(1, sizeof(*g));
	struct tr t;
	u32 i;

	(void)state;
	assert_non_null(g);
	/* keep: the index full refuses even with space left */
	tr_init(&t, 64 * KIB, 4);
	ring_init(g, 64 * KIB, 4, false, BOOT1);
	tr_open(&t, BOOT1, false);
	for (i = 0; i < 4; i++)
		assert_int_equal(ring_step(g, &t, 100), 0);
	assert_int_equal(ring_step(g, &t, 100), -ENOSPC);
	assert_int_equal(t.r.overwritten, 0);
	check_held(&t, g->held, 4);

	/* overwrite: the oldest makes way */
	tr_open(&t, BOOT1, true);
	g->overwrite = true;
	g->wo = g->held[3].off + rec_len(100);
	for (i = 0; i < 6; i++)
		assert_int_equal(ring_step(g, &t, 100), 0);
	assert_int_equal(g->overwritten, 6);
	assert_int_equal(t.r.overwritten, 6);
	check_held(&t, g->held, 4);
	assert_int_equal(g->held[0].rid, 7);

	/* recovery into a smaller index keeps the newest */
	{
		struct tr u;

		tr_init(&u, t.size, 2);
		memcpy(u.mem, t.mem, t.size);
		tr_open(&u, BOOT1, false);
		assert_int_equal(u.rep.index_full, 2);
		check_held(&u, g->held + 2, 2);
		/* ... and the two left out stay out with a larger index */
		tr_free(&t);
		tr_init(&t, u.size, 16);
		memcpy(t.mem, u.mem, u.size);
		tr_open(&t, BOOT1, false);
		assert_int_equal(t.rep.index_full, 0);
		assert_int_equal(t.rep.corrupt, 0);
		check_held(&t, g->held + 2, 2);
		tr_free(&u);
	}
	free(g);
	tr_free(&t);
}

/* A provisional record lends the next seq; the real one takes it. */
static void test_provisional(void **state)
{
	struct mrec m[3];
	const struct osr_entry *p, *e;
	struct tr t;
	u64 prid;

	(void)state;
	tr_init(&t, 32 * KIB, 16);
	tr_open(&t, BOOT1, false);
	m[0] = (struct mrec){ .tag = 1, .blen = 10, .rid = 1, .seq = 1,
			      .boot = BOOT1 };
	append_ok(&t, &m[0]);
	osr_count_lost(&t.r, 5, "lost");
	m[1] = (struct mrec){ .tag = 2, .blen = 20, .rid = 2, .seq = 2,
			      .boot = BOOT1,
			      .flags = OSR_F_PANIC | OSR_F_PROVISIONAL,
			      .lost_before = 1 };
	p = append_ok(&t, &m[1]);
	prid = p->rid;
	m[2] = (struct mrec){ .tag = 3, .blen = 30, .rid = 3, .seq = 2,
			      .boot = BOOT1, .lost_before = 1 };
	e = append_ok(&t, &m[2]);
	assert_ptr_equal(osr_find(&t.r, BOOT1, 2), e);	/* the newest */
	assert_int_equal(t.r.idx_count, 3);
	osr_discard(&t.r, prid);
	assert_int_equal(t.r.idx_count, 2);
	osr_discard(&t.r, prid);			/* unknown: nothing */
	osr_discard(&t.r, 12345);
	m[1] = m[2];
	check_held(&t, m, 2);
	tr_open(&t, BOOT1, false);
	assert_int_equal(t.rep.corrupt, 0);
	check_held(&t, m, 2);

	/* the kernel died before the real record: the provisional survives */
	m[2] = (struct mrec){ .tag = 4, .blen = 40, .rid = 4, .seq = 3,
			      .boot = BOOT1,
			      .flags = OSR_F_PANIC | OSR_F_PROVISIONAL };
	append_ok(&t, &m[2]);
	tr_open(&t, BOOT2, false);
	assert_int_equal(t.rep.found, 3);
	assert_int_equal(t.rep.earlier_boot, 3);
	check_held(&t, m, 3);
	tr_free(&t);
}


/*
 * Issue 10, item 2: an OOM in progress (a provisional record of this boot)
 * is not a record: GET (osr_find), LIST (osr_next) and ACK (osr_ack,
 * osr_ack_all) never see it.  Before, 'show' during an OOM returned it as
 * a panic record and 'ack --all' freed it.
 */
static void test_provisional_hidden(void **state)
{
	const struct osr_entry *real, *prov;
	struct tr t;
	int rc;

	(void)state;
	tr_init(&t, 32 * KIB, 16);
	tr_open(&t, BOOT1, false);
	real = append_tag(&t, 1, 100, 0, 1, &rc);
	assert_int_equal(rc, 0);
	prov = append_tag(&t, 2, 100, OSR_F_PANIC | OSR_F_PROVISIONAL, 1, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(prov->seq, 2);		/* lent, not taken */
	real = &t.r.idx[0];
	assert_ptr_equal(osr_find(&t.r, NULL, 0), real);
	assert_ptr_equal(osr_find(&t.r, BOOT1, 0), real);
	assert_null(osr_find(&t.r, BOOT1, 2));
	assert_int_equal(osr_ack(&t.r, BOOT1, 2), -ENOENT);
	assert_ptr_equal(osr_next(&t.r, 0), real);
	assert_null(osr_next(&t.r, real->rid));
	assert_int_equal(osr_ack_all(&t.r), 1);
	/* the OOM in progress keeps its record, should it end in a panic */
	assert_int_equal(t.r.idx_count, 1);
	assert_true(t.r.idx[0].flags & OSR_F_PROVISIONAL);
	assert_null(osr_find(&t.r, NULL, 0));
	assert_null(osr_next(&t.r, 0));

	/* the next boot finds it: a panic record, visible and acknowledgeable */
	tr_open(&t, BOOT2, false);
	assert_int_equal(t.rep.found, 1);
	assert_non_null(osr_find(&t.r, BOOT1, 2));
	assert_non_null(osr_find(&t.r, BOOT1, 0));
	assert_non_null(osr_next(&t.r, 0));
	assert_int_equal(osr_ack_all(&t.r), 1);
	assert_int_equal(t.r.idx_count, 0);
	tr_free(&t);
}

/*
 * Item 2: a provisional record never evicts a held one, whatever the
 * policy: neither for a free index slot nor for space.
 */
static void test_provisional_never_evicts(void **state)
{
	const struct osr_entry *e;
	struct tr t;
	u64 rids[3];
	u32 i;
	int rc;

	(void)state;
	/* index full (3 slots), overwrite policy */
	tr_init(&t, 64 * KIB, 3);
	tr_open(&t, BOOT1, true);
	for (i = 0; i < 3; i++) {
		e = append_tag(&t, 10 + i, 200, 0, 1, &rc);
		assert_int_equal(rc, 0);
		rids[i] = e->rid;
	}
	for (i = 0; i < 20; i++) {
		e = append_tag(&t, 50 + i, 200,
			       OSR_F_PANIC | OSR_F_PROVISIONAL, 1, &rc);
		assert_int_equal(rc, -ENOSPC);
		assert_null(e);
	}
	assert_int_equal(t.r.idx_count, 3);
	assert_int_equal(t.r.overwritten, 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(t.r.idx[i].rid, rids[i]);
	tr_free(&t);

	/* data area full, index not: overwrite policy */
	tr_init(&t, 16 * KIB, 64);
	tr_open(&t, BOOT1, true);
	for (i = 0; i < 4; i++) {	/* 4 x 3064 of a 12288-byte area */
		e = append_tag(&t, 20 + i, 3000, 0, 1, &rc);
		assert_int_equal(rc, 0);
	}
	e = append_tag(&t, 30, 3000, OSR_F_PANIC | OSR_F_PROVISIONAL, 1, &rc);
	assert_int_equal(rc, -ENOSPC);
	assert_int_equal(t.r.idx_count, 4);
	assert_int_equal(t.r.overwritten, 0);
	/* a real record still may, under that policy */
	e = append_tag(&t, 31, 3000, 0, 1, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(t.r.overwritten, 1);
	tr_free(&t);
}

/*
 * Item 2: discarding the newest record (a provisional one that turned out
 * not needed) gives its space back: a burst of OOM calls without a kill
 * leaves the write offset where it was, and a region with room for one
 * more record still has it.
 */
static void test_discard_gives_space_back(void **state)
{
	const struct osr_entry *e;
	struct tr t;
	u64 wo, rid;
	u32 i, n;
	int rc;

	(void)state;
	tr_init(&t, 16 * KIB, 64);
	tr_open(&t, BOOT1, false);
	/* fill the data area with records of 1000 body bytes, keep policy */
	for (n = 0;; n++) {
		e = append_tag(&t, 100 + n, 1000, 0, 1, &rc);
		if (rc)
			break;
	}
	assert_int_equal(rc, -ENOSPC);
	/* acknowledge the oldest: room for one at the start */
	assert_int_equal(osr_ack(&t.r, BOOT1, 1), 0);
	wo = t.r.write_off;
	for (i = 0; i < 50; i++) {
		e = append_tag(&t, 500 + i, 1000,
			       OSR_F_PANIC | OSR_F_PROVISIONAL, 1, &rc);
		assert_int_equal(rc, 0);
		rid = e->rid;
		osr_discard(&t.r, rid);
		assert_int_equal(t.r.write_off, wo);
	}
	assert_int_equal(t.r.idx_count, n - 1);
	/* the kill that follows the burst is stored */
	e = append_tag(&t, 900, 1000, 0, 1, &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(e->seq, n + 1);
	assert_int_equal(t.r.idx_count, n);
	tr_free(&t);
}

/*
 * Item 5 (lookups are binary searches): osr_find, osr_next agree with a
 * model over records of four boots, with acknowledgements punching holes,
 * for every (boot, seq) held, every one not held and seq 0.
 */
static void test_lookup_model(void **state)
{
	static const u8 *boots[4] = { BOOT1, BOOT2, BOOT3, BOOT1 + 1 };
	static u8 boot4[OSR_BOOT_ID_BYTES];
	struct mrec *m = calloc(4096, sizeof(*m));
	bool *acked = calloc(4096, sizeof(*acked));
	const struct osr_entry *e;
	struct tr t;
	u32 b, i, k, n = 0, held;
	u64 rid;
	int rc;

	(void)state;
	assert_non_null(m);
	assert_non_null(acked);
	memcpy(boot4, BOOT3, sizeof(boot4));
	boot4[5] ^= 0xff;
	boots[3] = boot4;
	tr_init(&t, 4096 * KIB, 4096);
	for (b = 0; b < 4; b++) {
		tr_open(&t, boots[b], false);
		for (i = 0; i < 300 + 97 * b; i++, n++) {
			e = append_tag(&t, n, 8 + n % 50, 0, 1, &rc);
			assert_int_equal(rc, 0);
			m[n] = (struct mrec){ .tag = n, .blen = 8 + n % 50,
					      .rid = e->rid, .seq = e->seq,
					      .boot = boots[b] };
			assert_int_equal(e->seq, i + 1);
		}
		/* every 7th of this boot acknowledged */
		for (k = 0; k < n; k++)
			if (m[k].boot == boots[b] && k % 7 == 3) {
				assert_int_equal(osr_ack(&t.r, m[k].boot,
							 m[k].seq), 0);
				acked[k] = true;
			}
	}
	tr_open(&t, boots[3], false);
	held = 0;
	for (k = 0; k < n; k++) {
		e = osr_find(&t.r, m[k].boot, m[k].seq);
		if (acked[k]) {
			assert_null(e);
			continue;
		}
		held++;
		assert_non_null(e);
		assert_int_equal(e->rid, m[k].rid);
		assert_memory_equal(e->boot_id, m[k].boot, OSR_BOOT_ID_BYTES);
	}
	assert_int_equal(t.r.idx_count, held);
	/* the newest of each boot, and seqs never given */
	for (b = 0; b < 4; b++) {
		u64 newest = 0;

		for (k = 0; k < n; k++)
			if (m[k].boot == boots[b] && !acked[k])
				newest = m[k].rid;
		e = osr_find(&t.r, boots[b], 0);
		assert_non_null(e);
		assert_int_equal(e->rid, newest);
		assert_null(osr_find(&t.r, boots[b], 100000));
	}
	assert_null(osr_find(&t.r, (const u8 *)"no such boot id!", 1));
	assert_int_equal(osr_find(&t.r, NULL, 0)->rid,
			 osr_find(&t.r, boots[3], 0)->rid);
	/* osr_next visits exactly the held ones, in rid order, from anywhere */
	for (k = 0, rid = 0; k < n; k++) {
		if (acked[k])
			continue;
		e = osr_next(&t.r, rid);
		assert_non_null(e);
		assert_int_equal(e->rid, m[k].rid);
		rid = e->rid;
		if (k % 5 == 0 && k) {
			e = osr_next(&t.r, m[k].rid - 1);
			assert_int_equal(e->rid, m[k].rid);
		}
	}
	assert_null(osr_next(&t.r, rid));
	free(m);
	free(acked);
	tr_free(&t);
}

/*
 * Item 1: a model of a write-back cache.  The region's memory is the cache;
 * "RAM" is a second buffer that receives only what region.c writes back
 * (osr_wb, whole 64-byte lines).  A reset keeps RAM alone.  A committed
 * record must be in RAM: the next boot, opening RAM, finds it whole, and an
 * acknowledged one stays acknowledged.  Before (WB mapping, smp_wmb() only,
 * nothing written back) the next boot found nothing: that is what a
 * persistent region without write-back (persist false here) still shows.
 */
static u8 *wb_cache, *wb_ram;
static u64 wb_size;
static unsigned int wb_calls;

static void wb_to_ram(const void *p, size_t n)
{
	u64 a = (u64)((const u8 *)p - wb_cache), b = a + n;

	assert_true(b <= wb_size);
	a &= ~63ull;
	b = (b + 63) & ~63ull;
	if (b > wb_size)
		b = wb_size;
	memcpy(wb_ram + a, wb_cache + a, b - a);
	wb_calls++;
}

static void persist_round(bool persist, u32 *found_after_commit,
			  u32 *found_after_ack)
{
	struct osr_region r;
	struct osr_report rep;
	struct osr_entry *idx = calloc(64, sizeof(*idx));
	struct tr u;
	u8 body[3000];
	struct osr_seg seg = { body, sizeof(body) };
	const struct osr_entry *e;

	wb_size = 64 * KIB;
	wb_cache = calloc(1, wb_size);
	wb_ram = calloc(1, wb_size);
	assert_non_null(idx);
	assert_non_null(wb_cache);
	assert_non_null(wb_ram);
	fill_body(body, 77, sizeof(body));
	osr_wb_hook = wb_to_ram;
	assert_int_equal(osr_open_persist(&r, wb_cache, wb_size, BOOT1, idx, 64,
					  false, persist, &rep), 0);
	assert_int_equal(osr_append(&r, 7, 0, &seg, 1, &e), 0);
	assert_int_equal(osr_append(&r, 7, 0, &seg, 1, &e), 0);
	osr_wb_hook = NULL;

	/* reset: the next boot sees RAM only */
	tr_init(&u, wb_size, 64);
	memcpy(u.mem, wb_ram, wb_size);
	tr_open(&u, BOOT2, false);
	*found_after_commit = u.rep.found;
	if (u.rep.found)
		check_body(&u.r, &u.r.idx[0], 77, sizeof(body));
	tr_free(&u);

	osr_wb_hook = wb_to_ram;
	assert_int_equal(osr_ack(&r, BOOT1, 1), 0);
	osr_wb_hook = NULL;
	tr_init(&u, wb_size, 64);
	memcpy(u.mem, wb_ram, wb_size);
	tr_open(&u, BOOT2, false);
	*found_after_ack = u.rep.found;
	assert_int_equal(u.rep.corrupt, 0);
	tr_free(&u);
	free(idx);
	free(wb_cache);
	free(wb_ram);
}

static void test_persist_write_back(void **state)
{
	u32 c, a;

	(void)state;
	wb_calls = 0;
	persist_round(true, &c, &a);
	assert_true(wb_calls > 0);
	assert_int_equal(c, 2);
	assert_int_equal(a, 1);
	/* without write-back (the old behaviour, and volatile mode) */
	wb_calls = 0;
	persist_round(false, &c, &a);
	assert_int_equal(wb_calls, 0);
	assert_int_equal(c, 0);
}

/*
 * Item 4 (RT): the split append.  A reservation is invisible until it is
 * published, refuses a second one, and osr_fits() says beforehand what
 * osr_reserve() will do.
 */
static void test_reserve_publish(void **state)
{
	const struct osr_entry *e;
	struct osr_wip w, w2;
	struct tr t;
	u8 a[100], b[50];

	(void)state;
	fill_body(a, 1, sizeof(a));
	fill_body(b, 2, sizeof(b));
	tr_init(&t, 16 * KIB, 4);
	tr_open(&t, BOOT1, false);
	assert_true(osr_fits(&t.r, 0, 150));
	assert_false(osr_fits(&t.r, 0, t.r.data_size));
	assert_int_equal(osr_reserve(&t.r, 7, 0, 150, &w), 0);
	assert_false(osr_fits(&t.r, 0, 10));
	assert_int_equal(osr_reserve(&t.r, 7, 0, 10, &w2), -EBUSY);
	assert_null(osr_find(&t.r, NULL, 0));
	assert_null(osr_next(&t.r, 0));
	osr_fill(&t.r, &w, a, sizeof(a));
	osr_fill(&t.r, &w, b, sizeof(b));
	osr_seal(&t.r, &w);
	assert_null(osr_find(&t.r, NULL, 0));
	assert_int_equal(osr_publish(&t.r, &w, &e), 0);
	assert_ptr_equal(osr_find(&t.r, NULL, 0), e);
	assert_int_equal(e->seq, 1);
	tr_open(&t, BOOT2, false);
	assert_int_equal(t.rep.found, 1);
	assert_int_equal(t.rep.corrupt, 0);
	/* keep policy, index full: osr_fits says no, as osr_reserve does */
	while (osr_fits(&t.r, 0, 100))
		assert_int_equal(osr_append(&t.r, 7, 0,
					    &(struct osr_seg){ a, 100 }, 1,
					    &e), 0);
	assert_int_equal(osr_reserve(&t.r, 7, 0, 100, &w), -ENOSPC);
	assert_int_equal(t.r.idx_count, 4);
	tr_free(&t);
}

/*
 * Two valid records with one rid (a copy, or memory of something else):
 * the one dropped at open must not come back at the next open.  Memory:
 * rid 1 of this boot, rid 3 of this boot, then (copied from a region of
 * another boot) rids 2 and 3 of that boot.  The first open keeps only
 * rid 1 (rid 2 of the other boot, then rid 3 of this boot again, break
 * the one-run-per-boot order; the second rid 3 is a duplicate); a record
 * appended then must survive a reload.  (fuzz_recover found this: the
 * duplicate stayed COMMITTED and, at the reload, made the new record look
 * out of order.)
 */
static void test_duplicate_rid_not_resurrected(void **state)
{
	struct mrec m[2];
	struct tr t, o;
	const struct osr_entry *e;
	u32 i, off[2], len[2];
	int rc;

	(void)state;
	/* the other boot's records, far from where this boot's will be */
	tr_init(&o, 16 * KIB, 64);
	tr_open(&o, BOOT2, false);
	assert_non_null(append_tag(&o, 40, 4000, 0, 1, &rc));
	for (i = 0; i < 2; i++) {
		e = append_tag(&o, 41 + i, 10, 0, 1, &rc);
		assert_non_null(e);
		assert_int_equal(e->rid, 2 + i);
		off[i] = e->off;
		len[i] = e->len;
	}

	tr_init(&t, 16 * KIB, 64);
	tr_open(&t, BOOT1, false);
	m[0] = (struct mrec){ .tag = 50, .blen = 10, .rid = 1, .seq = 1,
			      .boot = BOOT1 };
	append_ok(&t, &m[0]);
	assert_non_null(append_tag(&t, 51, 10, 0, 1, &rc));
	assert_non_null(append_tag(&t, 52, 10, 0, 1, &rc));
	assert_int_equal(osr_ack(&t.r, BOOT1, 2), 0);
	for (i = 0; i < 2; i++) {
		assert_true(off[i] >= 3 * rec_len(10));
		memcpy(t.mem + OSR_DATA_OFF + off[i],
		       o.mem + OSR_DATA_OFF + off[i], len[i]);
	}

	tr_open(&t, BOOT1, false);	/* module reload */
	assert_int_equal(t.rep.found, 1);
	assert_int_equal(t.rep.corrupt, 3);
	check_held(&t, m, 1);
	m[1] = (struct mrec){ .tag = 53, .blen = 10, .rid = 4, .seq = 4,
			      .boot = BOOT1 };
	append_ok(&t, &m[1]);

	tr_open(&t, BOOT1, false);	/* again: nothing new is dropped */
	assert_int_equal(t.rep.found, 2);
	assert_int_equal(t.rep.corrupt, 0);
	check_held(&t, m, 2);
	tr_free(&t);
	tr_free(&o);
}

/*
 * osr_signed(): what store.c asks before formatting a claimed range.  A
 * blank range (zeros, random bytes: a first boot, a cold boot, memory of
 * something else) is not signed; once opened it is, and it stays signed
 * with either header copy damaged, as long as one carries the magic.
 */
static void test_signed(void **state)
{
	struct tr t;
	u64 i;

	(void)state;
	tr_init(&t, 16 * KIB, 8);
	assert_false(osr_signed(t.mem, t.size));
	srand(7);
	for (i = 0; i < t.size; i++)
		t.mem[i] = (u8)rand();
	((struct osr_header *)t.mem)->magic = 0;
	((struct osr_header *)(t.mem + OSR_HDR_SLOT))->magic = 0;
	assert_false(osr_signed(t.mem, t.size));
	assert_false(osr_signed(NULL, t.size));
	tr_open(&t, BOOT1, false);
	assert_non_null(t.rep.reinit);
	assert_true(osr_signed(t.mem, t.size));
	memset(t.mem, 0xff, OSR_HDR_SLOT);	/* copy A gone */
	assert_true(osr_signed(t.mem, t.size));
	memset(t.mem + OSR_HDR_SLOT, 0, OSR_HDR_SLOT);	/* and copy B */
	assert_false(osr_signed(t.mem, t.size));
	assert_false(osr_signed(t.mem, OSR_MIN_SIZE - 1));
	tr_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_args),
		cmocka_unit_test(test_open_zeroed_append_find_read),
		cmocka_unit_test(test_reboot),
		cmocka_unit_test(test_reload_same_boot),
		cmocka_unit_test(test_reload_seq_after_ack),
		cmocka_unit_test(test_torn_fresh_space),
		cmocka_unit_test(test_torn_over_acked_wrap),
		cmocka_unit_test(test_torn_overwrite_held),
		cmocka_unit_test(test_bad_checksum),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_wrap_keep_with_acks),
		cmocka_unit_test(test_keep_full_and_lost),
		cmocka_unit_test(test_overwrite_ring),
		cmocka_unit_test(test_ack),
		cmocka_unit_test(test_header_copies),
		cmocka_unit_test(test_random_memory),
		cmocka_unit_test(test_size_change),
		cmocka_unit_test(test_efbig),
		cmocka_unit_test(test_index_capacity),
		cmocka_unit_test(test_provisional),
		cmocka_unit_test(test_provisional_hidden),
		cmocka_unit_test(test_provisional_never_evicts),
		cmocka_unit_test(test_discard_gives_space_back),
		cmocka_unit_test(test_lookup_model),
		cmocka_unit_test(test_persist_write_back),
		cmocka_unit_test(test_reserve_publish),
		cmocka_unit_test(test_duplicate_rid_not_resurrected),
		cmocka_unit_test(test_signed),
	};

	return cmocka_run_group_tests_name("region", tests, NULL, NULL);
}
