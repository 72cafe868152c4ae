// SPDX-License-Identifier: GPL-2.0
/*
 * region.c - the record region (format: region_format.h): recovery of what
 * an earlier boot left, appending committed records, acknowledging them,
 * and counting the kills that could not be stored.
 *
 * Pure logic over caller-owned memory: no locks, no allocation, no sleeping
 * (safe in atomic context; the caller serializes).  Built into the module
 * and, unchanged, into the cmocka tests and the libFuzzer target.
 *
 * Memory that survived a reboot is never trusted: every length is bounded
 * before it is used, every record's CRC is checked before it is believed,
 * and nothing is read or written outside [base, base + size).
 *
 * Writing a record is split so that the caller's lock covers only short
 * steps: osr_reserve() (under the lock: room, placement, the WRITING
 * state), osr_fill()/osr_seal() (outside it: the body, its CRC and the
 * write-back of its lines; one writer at a time, the caller serializes
 * writers among themselves), osr_publish() (under the lock: the COMMITTED
 * state, the index, the header).  Readers and acknowledgements only touch
 * indexed records, and a reserved record is not indexed until published.
 *
 * Persistence (r->persist): every store that recovery relies on is written
 * back with osr_wb() and ordered with osr_wb_fence() before the store that
 * depends on it: the WRITING state before the body, the body and CRC
 * before the COMMITTED state, an ACKED state before its bytes are reused,
 * a header copy before the next one.  Where those lines sit in a cache at
 * a reset is the caller's business (store.c explains it).
 *
 * Lookups: the index is in rid order, each boot's records form one run in
 * it with increasing seqs (osr_open() drops what breaks this), so osr_next
 * and rid lookups are binary searches, and a (boot, seq) lookup is a binary
 * search within that boot's run, found from the newest run backwards.
 *
 * A provisional record of the current boot (an OOM in progress that may
 * still end in a panic) is hidden: osr_find, osr_next and the
 * acknowledgements skip it; it never evicts a record; osr_discard() of the
 * newest record gives its space back.
 */
#include "region.h"

#define ALIGN_UP(x) (((x) + OSR_ALIGN - 1) & ~(u64)(OSR_ALIGN - 1))

/*
 * rids and seqs are counters from 1 that 2^63 appends cannot reach: a
 * larger one was not written by region.c, and would wrap the next one.
 */
#define OSR_COUNTER_MAX 0x8000000000000000ull

#ifndef __KERNEL__
void (*osr_wb_hook)(const void *p, size_t n);
#endif

static bool same_boot(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, OSR_BOOT_ID_BYTES);
}

/* A provisional record of this boot: an OOM in progress, not a record. */
static bool hidden(const struct osr_region *r, const struct osr_entry *e)
{
	return (e->flags & OSR_F_PROVISIONAL) && same_boot(e->boot_id, r->boot_id);
}

/* Writes back [p, p + n) when the region must survive a reset. */
static void wb(const struct osr_region *r, const void *p, u64 n)
{
	if (r->persist)
		osr_wb(p, n);
}

static void wb_fence(const struct osr_region *r)
{
	if (r->persist)
		osr_wb_fence();
}

/* One aligned store of a record's state, written back and ordered. */
static void set_state(const struct osr_region *r, struct osr_record *rec,
		      u32 state)
{
	OSR_WRITE_ONCE(rec->state, state);
	wb(r, &rec->state, sizeof(rec->state));
	wb_fence(r);
}

static struct osr_header *hdr_at(const struct osr_region *r, unsigned int i)
{
	return (struct osr_header *)(r->base + i * OSR_HDR_SLOT);
}

/*
 * Whether either header copy of the region at @base carries the oomsnap
 * magic, valid or not: the region has been ours before.  A region without
 * it is new, or memory of something else (store.c decides what to do).
 */
bool osr_signed(const void *base, u64 size)
{
	const struct osr_header *a = base, *b = base + OSR_HDR_SLOT;

	if (!base || size < OSR_MIN_SIZE)
		return false;
	return a->magic == OSR_MAGIC || b->magic == OSR_MAGIC;
}

static struct osr_record *rec_at(const struct osr_region *r, u64 off)
{
	return (struct osr_record *)(r->base + OSR_DATA_OFF + off);
}

static u32 header_crc(const struct osr_header *h)
{
	struct osr_header c = *h;

	c.crc = 0;
	return osr_crc32(0, &c, sizeof(c));
}

/* CRC of a record: its header with state and crc as 0, then its body. */
static u32 record_crc(const struct osr_record *rec)
{
	struct osr_record c = *rec;

	c.state = 0;
	c.crc = 0;
	return osr_crc32(osr_crc32(0, &c, sizeof(c)), rec + 1,
			 rec->len - sizeof(*rec));
}

static const char *header_problem(const struct osr_header *h, u64 size)
{
	if (h->magic != OSR_MAGIC)
		return "no oomsnap header (a new region, or memory of something else)";
	if (h->version != OSR_VERSION ||
	    h->header_size != sizeof(struct osr_header))
		return "header of another oomsnap format version";
	if (h->crc != header_crc(h))
		return "header checksum mismatch";
	if (h->region_size != size)
		return "region size changed";
	if (h->last_seq >= OSR_COUNTER_MAX || h->last_rid >= OSR_COUNTER_MAX)
		return "header counters out of range";
	return NULL;
}

/* Writes the inactive copy, then makes it the active one. */
static void write_header(struct osr_region *r)
{
	unsigned int slot = r->hdr_slot ^ 1;

	r->hdr.writes++;
	r->hdr.crc = header_crc(&r->hdr);
	memcpy(hdr_at(r, slot), &r->hdr, sizeof(r->hdr));
	wb(r, hdr_at(r, slot), sizeof(r->hdr));
	wb_fence(r);
	osr_write_barrier();
	r->hdr_slot = slot;
}

static void idx_remove(struct osr_region *r, u32 i)
{
	memmove(&r->idx[i], &r->idx[i + 1],
		(r->idx_count - i - 1) * sizeof(r->idx[0]));
	r->idx_count--;
}

/* Frees the space of held record @i: one aligned store, then unindexed. */
static void release(struct osr_region *r, u32 i)
{
	const struct osr_entry *e = &r->idx[i];

	if (hidden(r, e))
		r->nr_hidden--;
	else if (!same_boot(e->boot_id, r->boot_id))
		r->nr_earlier--;
	set_state(r, rec_at(r, e->off), OSR_STATE_ACKED);
	idx_remove(r, i);
}

/*
 * By rid, then by place: duplicates (see drop_duplicates) sort the same way
 * at every open, so the one kept is always the same.
 */
static int rid_less(const struct osr_entry *a, const struct osr_entry *b)
{
	return a->rid < b->rid || (a->rid == b->rid && a->off < b->off);
}

/* Heapsort by rid: in place, no recursion, no allocation. */
static void sift(struct osr_entry *v, u32 i, u32 n)
{
	struct osr_entry t;
	u32 c;

	for (; (c = 2 * i + 1) < n; i = c) {
		if (c + 1 < n && rid_less(&v[c], &v[c + 1]))
			c++;
		if (!rid_less(&v[i], &v[c]))
			return;
		t = v[i];
		v[i] = v[c];
		v[c] = t;
	}
}

static void sort_by_rid(struct osr_entry *v, u32 n)
{
	struct osr_entry t;
	u32 i;

	for (i = n / 2; i-- > 0;)
		sift(v, i, n);
	for (i = n; i-- > 1;) {
		t = v[0];
		v[0] = v[i];
		v[i] = t;
		sift(v, 0, i);
	}
}

/*
 * Index a recovered record; when full, the lowest rid makes way.  The one
 * left out is freed (ACKED) in the region, as the load message says it was
 * dropped: left COMMITTED it would come back at the next open with a larger
 * max_records, or once newer records are acked.
 */
static void idx_recovered(struct osr_region *r, const struct osr_record *rec,
			  u64 off, struct osr_report *rep)
{
	struct osr_entry *e;
	u32 i, low = 0;

	if (r->idx_count == r->idx_cap) {
		for (i = 1; i < r->idx_count; i++)
			if (r->idx[i].rid < r->idx[low].rid)
				low = i;
		rep->index_full++;
		if (r->idx[low].rid > rec->rid) {
			set_state(r, rec_at(r, off), OSR_STATE_ACKED);
			return;
		}
		e = &r->idx[low];
		set_state(r, rec_at(r, e->off), OSR_STATE_ACKED);
	} else {
		e = &r->idx[r->idx_count++];
	}
	e->rid = rec->rid;
	e->seq = rec->seq;
	e->lost_before = rec->lost_before;
	e->off = off;
	e->len = rec->len;
	e->flags = rec->flags;
	e->body_version = rec->body_version;
	memcpy(e->boot_id, rec->boot_id, OSR_BOOT_ID_BYTES);
}

/* Walks the data area; every read bounded by data_size. */
static void scan(struct osr_region *r, struct osr_report *rep)
{
	u64 p = 0;

	while (p + sizeof(struct osr_record) <= r->data_size) {
		const struct osr_record *rec = rec_at(r, p);
		u32 state = OSR_READ_ONCE(rec->state);
		u32 len = rec->len;
		bool sane = rec->magic == OSR_REC_MAGIC &&
			    len >= sizeof(*rec) && len % OSR_ALIGN == 0 &&
			    len <= r->data_size - p;

		if (!sane) {
			/* a record header with a wrong length is corrupt */
			if (rec->magic == OSR_REC_MAGIC &&
			    (state == OSR_STATE_COMMITTED ||
			     state == OSR_STATE_WRITING))
				rep->corrupt++;
			p += OSR_ALIGN;
			continue;
		}
		if (state == OSR_STATE_COMMITTED && record_crc(rec) == rec->crc &&
		    rec->rid && rec->rid < OSR_COUNTER_MAX &&
		    rec->seq && rec->seq < OSR_COUNTER_MAX) {
			idx_recovered(r, rec, p, rep);
			p += len;
			continue;
		}
		if (state == OSR_STATE_ACKED && record_crc(rec) == rec->crc) {
			p += len;	/* free space, intact: skip it whole */
			continue;
		}
		/*
		 * Torn (WRITING), or COMMITTED with a bad checksum: counted.
		 * An acknowledged record partly overwritten by a newer one is
		 * just free space.
		 */
		if (state != OSR_STATE_ACKED)
			rep->corrupt++;
		p += OSR_ALIGN;
	}
}

/*
 * Drops entry @i at open and frees its bytes, so that the next open does
 * not find it again and decide otherwise.
 */
static void forget(struct osr_region *r, u32 i)
{
	set_state(r, rec_at(r, r->idx[i].off), OSR_STATE_ACKED);
	idx_remove(r, i);
}

/*
 * region.c never gives a rid twice: two valid records with one rid were not
 * both written by it (a copy, or memory of something else).  Keep the one
 * placed first, count the rest as corrupt and free them: a copy left
 * COMMITTED would come back at the next open, after the kept one may have
 * gone, and could then break the order of records appended since.
 */
static void drop_duplicates(struct osr_region *r, struct osr_report *rep)
{
	u32 i = 1;

	while (i < r->idx_count) {
		if (r->idx[i].rid == r->idx[i - 1].rid) {
			forget(r, i);
			rep->corrupt++;
		} else {
			i++;
		}
	}
}

/* The end of the run that starts at @i, among contiguous runs [0, @n). */
static u32 run_end(const struct osr_region *r, u32 i, u32 n)
{
	const u8 *b = r->idx[i].boot_id;
	u32 lo = i + 1, hi, step = 1;

	while (i + step < n && same_boot(r->idx[i + step].boot_id, b)) {
		lo = i + step + 1;
		step *= 2;
	}
	hi = i + step < n ? i + step : n;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (same_boot(r->idx[mid].boot_id, b))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * region.c writes the records of one boot one after the other, seqs
 * increasing, and a boot never comes back: in rid order each boot is one
 * run.  Entries that break this (memory of something else, or a copy) are
 * dropped and counted, so that lookups can search.  At load; each new run
 * is checked against the runs before it, O(runs log n) each.
 */
static void drop_out_of_order(struct osr_region *r, struct osr_report *rep)
{
	u32 i = 1, j;

	while (i < r->idx_count) {
		const struct osr_entry *e = &r->idx[i], *p = &r->idx[i - 1];
		bool bad = false;

		if (same_boot(e->boot_id, p->boot_id)) {
			/* a provisional record lends its seq to the next */
			bad = e->seq < p->seq ||
			      (e->seq == p->seq &&
			       !(p->flags & OSR_F_PROVISIONAL));
		} else {
			/* a new run: its boot must not have had one before */
			for (j = 0; j < i && !bad; j = run_end(r, j, i))
				bad = same_boot(r->idx[j].boot_id, e->boot_id);
		}
		if (bad) {
			forget(r, i);
			rep->corrupt++;
		} else {
			i++;
		}
	}
	/*
	 * This boot appends after everything: its run must be the last.
	 * Records of another boot after it cannot have been written since.
	 */
	for (i = 0; i < r->idx_count; i = run_end(r, i, r->idx_count))
		if (same_boot(r->idx[i].boot_id, r->boot_id))
			break;
	if (i < r->idx_count) {
		j = run_end(r, i, r->idx_count);
		while (r->idx_count > j) {
			forget(r, r->idx_count - 1);
			rep->corrupt++;
		}
	}
}

int osr_open(struct osr_region *r, void *base, u64 size, const u8 *boot_id,
	     struct osr_entry *idx, u32 idx_cap, bool overwrite,
	     struct osr_report *rep)
{
	return osr_open_persist(r, base, size, boot_id, idx, idx_cap,
				overwrite, false, rep);
}

int osr_open_persist(struct osr_region *r, void *base, u64 size,
		     const u8 *boot_id, struct osr_entry *idx, u32 idx_cap,
		     bool overwrite, bool persist, struct osr_report *rep)
{
	const char *pa, *pb;
	struct osr_header *a, *b;
	u32 i;

	memset(rep, 0, sizeof(*rep));
	if (!base || size < OSR_MIN_SIZE || size > 0xffffffffull ||
	    !idx || !idx_cap)
		return -EINVAL;

	memset(r, 0, sizeof(*r));
	r->base = base;
	r->size = size;
	r->data_size = (size - OSR_DATA_OFF) & ~(u64)(OSR_ALIGN - 1);
	r->idx = idx;
	r->idx_cap = idx_cap;
	r->overwrite = overwrite;
	r->persist = persist;
	memcpy(r->boot_id, boot_id, OSR_BOOT_ID_BYTES);

	a = hdr_at(r, 0);
	b = hdr_at(r, 1);
	pa = header_problem(a, size);
	pb = header_problem(b, size);
	if (!pa && (pb || a->writes >= b->writes)) {
		r->hdr = *a;
		r->hdr_slot = 0;
	} else if (!pb) {
		r->hdr = *b;
		r->hdr_slot = 1;
	} else {
		/* only what the records prove survives: they are checked next */
		rep->reinit = pa;
		memset(&r->hdr, 0, sizeof(r->hdr));
		r->hdr.magic = OSR_MAGIC;
		r->hdr.version = OSR_VERSION;
		r->hdr.header_size = sizeof(struct osr_header);
		r->hdr.region_size = size;
		r->hdr.generation = 1;
		r->hdr_slot = 1;
	}

	scan(r, rep);
	sort_by_rid(r->idx, r->idx_count);
	drop_duplicates(r, rep);
	drop_out_of_order(r, rep);

	r->next_rid = 1;
	r->next_seq = 1;
	for (i = 0; i < r->idx_count; i++) {
		const struct osr_entry *e = &r->idx[i];

		if (same_boot(e->boot_id, boot_id)) {
			if (e->seq >= r->next_seq)
				r->next_seq = e->seq + 1;
			if (hidden(r, e))
				r->nr_hidden++;
		} else {
			rep->earlier_boot++;
		}
	}
	r->nr_earlier = rep->earlier_boot;
	if (same_boot(r->hdr.last_boot_id, boot_id) &&
	    r->hdr.last_seq >= r->next_seq)
		r->next_seq = r->hdr.last_seq + 1;
	if (r->hdr.last_rid >= r->next_rid)
		r->next_rid = r->hdr.last_rid + 1;
	if (r->idx_count) {
		const struct osr_entry *last = &r->idx[r->idx_count - 1];

		if (last->rid >= r->next_rid)
			r->next_rid = last->rid + 1;
		r->write_off = last->off + last->len;
	}
	r->undo_rid = 0;
	rep->found = r->idx_count;
	r->corrupt = rep->corrupt;

	if (rep->reinit) {
		/* both copies: a stale valid one must not come back later */
		write_header(r);
		write_header(r);
	}
	return 0;
}

/*
 * Where a record of @len bytes goes, making room; -ENOSPC if it may not.
 * Evicts held records only when @evict (the overwrite policy, and never
 * for a provisional record); refuses before changing anything.
 */
static int make_room(struct osr_region *r, u64 len, bool evict, u64 *pos)
{
	u64 at = r->write_off;
	u32 i;

	if (r->idx_count == r->idx_cap) {
		if (!evict)
			return -ENOSPC;
		release(r, 0);
		r->overwritten++;
	}
	if (at + len > r->data_size)
		at = 0;
	if (!evict) {
		for (i = 0; i < r->idx_count; i++) {
			const struct osr_entry *e = &r->idx[i];

			if (e->off < at + len && e->off + e->len > at)
				return -ENOSPC;
		}
	}
	for (i = 0; i < r->idx_count;) {
		const struct osr_entry *e = &r->idx[i];

		if (e->off >= at + len || e->off + e->len <= at) {
			i++;
			continue;
		}
		release(r, i);
		r->overwritten++;
	}
	*pos = at;
	return 0;
}

static bool may_evict(const struct osr_region *r, u32 flags)
{
	return r->overwrite && !(flags & OSR_F_PROVISIONAL);
}

/* Whether osr_reserve() of @body_len bytes would succeed now. */
bool osr_fits(const struct osr_region *r, u32 flags, u64 body_len)
{
	u64 len = ALIGN_UP(sizeof(struct osr_record) + body_len);
	u64 at = r->write_off;
	u32 i;

	if (r->wip || len > r->data_size || len > 0xffffffffull)
		return false;
	if (may_evict(r, flags))
		return true;
	if (r->idx_count == r->idx_cap)
		return false;
	if (at + len > r->data_size)
		at = 0;
	for (i = 0; i < r->idx_count; i++) {
		const struct osr_entry *e = &r->idx[i];

		if (e->off < at + len && e->off + e->len > at)
			return false;
	}
	return true;
}

int osr_reserve(struct osr_region *r, u32 body_version, u32 flags,
		u64 body_len, struct osr_wip *w)
{
	struct osr_record *rec, c;
	u64 len, pos;
	int ret;

	memset(w, 0, sizeof(*w));
	if (r->wip)
		return -EBUSY;
	len = ALIGN_UP(sizeof(*rec) + body_len);
	if (len > r->data_size || len > 0xffffffffull)
		return -EFBIG;
	ret = make_room(r, len, may_evict(r, flags), &pos);
	if (ret)
		return ret;

	rec = rec_at(r, pos);
	set_state(r, rec, OSR_STATE_WRITING);
	osr_write_barrier();
	rec->magic = OSR_REC_MAGIC;
	rec->len = len;
	rec->body_version = body_version;
	rec->rid = r->next_rid;
	rec->seq = r->next_seq;
	memcpy(rec->boot_id, r->boot_id, OSR_BOOT_ID_BYTES);
	rec->flags = flags;
	rec->crc = 0;
	rec->lost_before = r->lost_pending;

	c = *rec;
	c.state = 0;
	w->crc = osr_crc32(0, &c, sizeof(c));
	w->pos = pos;
	w->len = len;
	w->body = body_len;
	w->rid = rec->rid;
	w->seq = rec->seq;
	w->lost_before = rec->lost_before;
	w->flags = flags;
	w->active = true;
	r->wip = true;
	return 0;
}

void osr_fill(const struct osr_region *r, struct osr_wip *w, const void *p,
	      u64 len)
{
	u8 *dst = (u8 *)(rec_at(r, w->pos) + 1) + w->filled;

	if (!w->active || len > w->body - w->filled)
		return;
	memcpy(dst, p, len);
	w->crc = osr_crc32(w->crc, p, len);
	w->filled += len;
}

void osr_seal(const struct osr_region *r, struct osr_wip *w)
{
	struct osr_record *rec = rec_at(r, w->pos);
	u64 pad = w->len - sizeof(*rec) - w->filled;
	u8 *dst = (u8 *)(rec + 1) + w->filled;

	if (!w->active)
		return;
	memset(dst, 0, pad);
	w->crc = osr_crc32(w->crc, dst, pad);
	rec->crc = w->crc;
	wb(r, rec, w->len);
	wb_fence(r);
	osr_write_barrier();
	w->sealed = true;
}

int osr_publish(struct osr_region *r, struct osr_wip *w,
		const struct osr_entry **out)
{
	struct osr_record *rec = rec_at(r, w->pos);
	struct osr_entry *e;

	if (!w->active || !w->sealed || w->filled != w->body) {
		osr_cancel(r, w);
		return -EINVAL;
	}
	set_state(r, rec, OSR_STATE_COMMITTED);

	e = &r->idx[r->idx_count++];
	e->rid = w->rid;
	e->seq = w->seq;
	e->lost_before = w->lost_before;
	e->off = w->pos;
	e->len = w->len;
	e->flags = w->flags;
	e->body_version = rec->body_version;
	memcpy(e->boot_id, r->boot_id, OSR_BOOT_ID_BYTES);
	if (hidden(r, e))
		r->nr_hidden++;

	r->undo_rid = w->rid;
	r->undo_off = r->write_off;
	r->hdr.last_rid = r->next_rid++;
	r->write_off = w->pos + w->len;
	/* a provisional record lends the next seq; the real one takes it */
	if (!(w->flags & OSR_F_PROVISIONAL)) {
		memcpy(r->hdr.last_boot_id, r->boot_id, OSR_BOOT_ID_BYTES);
		r->hdr.last_seq = r->next_seq++;
		r->lost_pending = 0;
	}
	write_header(r);
	w->active = false;
	r->wip = false;
	if (out)
		*out = e;
	return 0;
}

/* A reservation given up: its bytes stay WRITING, which is free space. */
void osr_cancel(struct osr_region *r, struct osr_wip *w)
{
	if (w->active) {
		w->active = false;
		r->wip = false;
	}
}

int osr_append(struct osr_region *r, u32 body_version, u32 flags,
	       const struct osr_seg *segs, unsigned int nsegs,
	       const struct osr_entry **out)
{
	struct osr_wip w;
	u64 body = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < nsegs; i++)
		body += segs[i].len;
	ret = osr_reserve(r, body_version, flags, body, &w);
	if (ret)
		return ret;
	for (i = 0; i < nsegs; i++)
		osr_fill(r, &w, segs[i].p, segs[i].len);
	osr_seal(r, &w);
	return osr_publish(r, &w, out);
}

void osr_count_lost(struct osr_region *r, u32 pid, const char *comm)
{
	osr_count_lost_n(r, 1, pid, comm);
}

void osr_count_lost_n(struct osr_region *r, u64 n, u32 pid, const char *comm)
{
	if (!n)
		return;
	r->lost_pending += n;
	r->hdr.lost += n;
	r->hdr.lost_last_pid = pid;
	memset(r->hdr.lost_last_comm, 0, OSR_COMM_LEN);
	memcpy(r->hdr.lost_last_comm, comm,
	       strnlen(comm, OSR_COMM_LEN - 1));
	write_header(r);
}

/* The first index whose rid is greater than @rid (binary search). */
static u32 upper_rid(const struct osr_region *r, u64 rid)
{
	u32 lo = 0, hi = r->idx_count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (r->idx[mid].rid <= rid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first index of the run (same boot, contiguous) that ends at @end. */
static u32 run_start(const struct osr_region *r, u32 end)
{
	const u8 *b = r->idx[end].boot_id;
	u32 lo = 0, hi = end, step = 1;

	/* gallop back, then bisect: runs are contiguous (osr_open) */
	while (step <= end && same_boot(r->idx[end - step].boot_id, b)) {
		hi = end - step;
		step *= 2;
	}
	lo = step <= end ? end - step + 1 : 0;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (same_boot(r->idx[mid].boot_id, b))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* In run [lo, hi): the entry with @seq (0: the newest), not hidden. */
static int find_in_run(const struct osr_region *r, u32 lo, u32 hi, u64 seq)
{
	u32 a = lo, b = hi;

	if (!seq) {
		while (hi > lo && hidden(r, &r->idx[hi - 1]))
			hi--;
		return hi > lo ? (int)(hi - 1) : -1;
	}
	while (a < b) {
		u32 mid = a + (b - a) / 2;

		if (r->idx[mid].seq < seq)
			a = mid + 1;
		else
			b = mid;
	}
	/* a provisional record lends its seq to the real one after it */
	for (; a < hi && r->idx[a].seq == seq; a++)
		if (!hidden(r, &r->idx[a]))
			return a;
	return -1;
}

static int find_index(const struct osr_region *r, const u8 *boot_id, u64 seq)
{
	u32 end = r->idx_count, start;

	if (!boot_id)
		boot_id = r->boot_id;
	/* from the newest run back: the current boot's is the last one */
	while (end) {
		start = run_start(r, end - 1);
		if (same_boot(r->idx[start].boot_id, boot_id))
			return find_in_run(r, start, end, seq);
		end = start;
	}
	return -1;
}

int osr_ack(struct osr_region *r, const u8 *boot_id, u64 seq)
{
	int i;

	if (!seq)
		return -ENOENT;
	i = find_index(r, boot_id, seq);
	if (i < 0)
		return -ENOENT;
	release(r, i);
	return 0;
}

u32 osr_ack_some(struct osr_region *r, u32 max, bool *more)
{
	u32 i = r->idx_count, n = 0;

	while (i-- > 0 && n < max) {
		if (hidden(r, &r->idx[i]))
			continue;
		release(r, i);
		n++;
	}
	*more = r->idx_count > r->nr_hidden;
	return n;
}

u32 osr_ack_all(struct osr_region *r)
{
	bool more = true;
	u32 n = 0;

	while (more)
		n += osr_ack_some(r, r->idx_count, &more);
	return n;
}

/* Drops a provisional record without counting it anywhere. */
void osr_discard(struct osr_region *r, u64 rid)
{
	const struct osr_entry *e = osr_get(r, rid);
	u32 i;

	if (!e)
		return;
	i = e - r->idx;
	/* the newest record: its space is given back */
	if (rid == r->undo_rid && i == r->idx_count - 1 &&
	    e->off + e->len == r->write_off) {
		release(r, i);
		r->write_off = r->undo_off;
		r->undo_rid = 0;
		return;
	}
	release(r, i);
}

/* @boot_id NULL: the current boot.  @seq 0: that boot's newest record. */
const struct osr_entry *osr_find(const struct osr_region *r,
				 const u8 *boot_id, u64 seq)
{
	int i = find_index(r, boot_id, seq);

	return i < 0 ? NULL : &r->idx[i];
}

/* The visible held record with the smallest rid greater than @after_rid. */
const struct osr_entry *osr_next(const struct osr_region *r, u64 after_rid)
{
	u32 i;

	for (i = upper_rid(r, after_rid); i < r->idx_count; i++)
		if (!hidden(r, &r->idx[i]))
			return &r->idx[i];
	return NULL;
}

/* The held record @rid, hidden or not; NULL when not held. */
const struct osr_entry *osr_get(const struct osr_region *r, u64 rid)
{
	u32 i = upper_rid(r, rid);

	return i && r->idx[i - 1].rid == rid ? &r->idx[i - 1] : NULL;
}

/* Copies body bytes [off, off + len) of @e; -EINVAL outside the body. */
int osr_read(const struct osr_region *r, const struct osr_entry *e, u64 off,
	     void *dst, u64 len)
{
	u64 body = osr_body_len(e);

	if (off > body || len > body - off)
		return -EINVAL;
	memcpy(dst, (const u8 *)(rec_at(r, e->off) + 1) + off, len);
	return 0;
}

u32 osr_count_earlier(const struct osr_region *r)
{
	return r->nr_earlier;
}
