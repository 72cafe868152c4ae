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
 */
#include "region.h"

#define ALIGN_UP(x) (((x) + OSR_ALIGN - 1) & ~(u64)(OSR_ALIGN - 1))

/*
 * rids and seqs are counters from 1 that 2^63 appends cannot reach: a
 * larger one was not written by region.c, and would wrap the next one.
 */
#define OSR_COUNTER_MAX 0x8000000000000000ull

static struct osr_header *hdr_at(const struct osr_region *r, unsigned int i)
{
	return (struct osr_header *)(r->base + i * OSR_HDR_SLOT);
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
	OSR_WRITE_ONCE(rec_at(r, r->idx[i].off)->state, OSR_STATE_ACKED);
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

/* Index a recovered record; when full, the lowest rid makes way. */
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
		if (r->idx[low].rid > rec->rid)
			return;
		e = &r->idx[low];
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

static bool same_boot(const u8 *a, const u8 *b)
{
	return !memcmp(a, b, OSR_BOOT_ID_BYTES);
}

/*
 * region.c never gives a rid twice: two valid records with one rid were not
 * both written by it (a copy, or memory of something else).  Keep the one
 * placed first, count the rest as corrupt.
 */
static void drop_duplicates(struct osr_region *r, struct osr_report *rep)
{
	u32 i = 1;

	while (i < r->idx_count) {
		if (r->idx[i].rid == r->idx[i - 1].rid) {
			idx_remove(r, i);
			rep->corrupt++;
		} else {
			i++;
		}
	}
}

int osr_open(struct osr_region *r, void *base, u64 size, const u8 *boot_id,
	     struct osr_entry *idx, u32 idx_cap, bool overwrite,
	     struct osr_report *rep)
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

	r->next_rid = 1;
	r->next_seq = 1;
	for (i = 0; i < r->idx_count; i++) {
		const struct osr_entry *e = &r->idx[i];

		if (same_boot(e->boot_id, boot_id)) {
			if (e->seq >= r->next_seq)
				r->next_seq = e->seq + 1;
		} else {
			rep->earlier_boot++;
		}
	}
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
	rep->found = r->idx_count;
	r->corrupt = rep->corrupt;

	if (rep->reinit) {
		/* both copies: a stale valid one must not come back later */
		write_header(r);
		write_header(r);
	}
	return 0;
}

/* Where a record of @len bytes goes, making room; -ENOSPC if it may not. */
static int make_room(struct osr_region *r, u64 len, u64 *pos)
{
	u64 at = r->write_off;
	u32 i;

	if (r->idx_count == r->idx_cap) {
		if (!r->overwrite)
			return -ENOSPC;
		release(r, 0);
		r->overwritten++;
	}
	if (at + len > r->data_size)
		at = 0;
	for (i = 0; i < r->idx_count;) {
		const struct osr_entry *e = &r->idx[i];

		if (e->off >= at + len || e->off + e->len <= at) {
			i++;
			continue;
		}
		if (!r->overwrite)
			return -ENOSPC;
		release(r, i);
		r->overwritten++;
	}
	*pos = at;
	return 0;
}

int osr_append(struct osr_region *r, u32 body_version, u32 flags,
	       const struct osr_seg *segs, unsigned int nsegs,
	       const struct osr_entry **out)
{
	struct osr_record *rec;
	struct osr_entry *e;
	u64 body = 0, len, pos;
	unsigned int i;
	u8 *dst;
	int ret;

	for (i = 0; i < nsegs; i++)
		body += segs[i].len;
	len = ALIGN_UP(sizeof(*rec) + body);
	if (len > r->data_size || len > 0xffffffffull)
		return -EFBIG;
	ret = make_room(r, len, &pos);
	if (ret)
		return ret;

	rec = rec_at(r, pos);
	OSR_WRITE_ONCE(rec->state, OSR_STATE_WRITING);
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
	dst = (u8 *)(rec + 1);
	for (i = 0; i < nsegs; i++) {
		memcpy(dst, segs[i].p, segs[i].len);
		dst += segs[i].len;
	}
	memset(dst, 0, len - sizeof(*rec) - body);
	rec->crc = record_crc(rec);
	osr_write_barrier();
	OSR_WRITE_ONCE(rec->state, OSR_STATE_COMMITTED);

	e = &r->idx[r->idx_count++];
	e->rid = rec->rid;
	e->seq = rec->seq;
	e->lost_before = rec->lost_before;
	e->off = pos;
	e->len = len;
	e->flags = flags;
	e->body_version = body_version;
	memcpy(e->boot_id, r->boot_id, OSR_BOOT_ID_BYTES);

	r->hdr.last_rid = r->next_rid++;
	r->write_off = pos + len;
	/* a provisional record lends the next seq; the real one takes it */
	if (!(flags & OSR_F_PROVISIONAL)) {
		memcpy(r->hdr.last_boot_id, r->boot_id, OSR_BOOT_ID_BYTES);
		r->hdr.last_seq = r->next_seq++;
		r->lost_pending = 0;
	}
	write_header(r);
	if (out)
		*out = e;
	return 0;
}

void osr_count_lost(struct osr_region *r, u32 pid, const char *comm)
{
	r->lost_pending++;
	r->hdr.lost++;
	r->hdr.lost_last_pid = pid;
	memset(r->hdr.lost_last_comm, 0, OSR_COMM_LEN);
	memcpy(r->hdr.lost_last_comm, comm,
	       strnlen(comm, OSR_COMM_LEN - 1));
	write_header(r);
}

static int find_index(const struct osr_region *r, const u8 *boot_id, u64 seq)
{
	u32 i;

	if (!boot_id)
		boot_id = r->boot_id;
	for (i = r->idx_count; i-- > 0;) {
		const struct osr_entry *e = &r->idx[i];

		if (same_boot(e->boot_id, boot_id) && (!seq || e->seq == seq))
			return i;
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

u32 osr_ack_all(struct osr_region *r)
{
	u32 n = r->idx_count;

	while (r->idx_count)
		release(r, r->idx_count - 1);
	return n;
}

/* Drops a provisional record without counting it anywhere. */
void osr_discard(struct osr_region *r, u64 rid)
{
	u32 i;

	for (i = 0; i < r->idx_count; i++) {
		if (r->idx[i].rid == rid) {
			release(r, i);
			return;
		}
	}
}

/* @boot_id NULL: the current boot.  @seq 0: that boot's newest record. */
const struct osr_entry *osr_find(const struct osr_region *r,
				 const u8 *boot_id, u64 seq)
{
	int i = find_index(r, boot_id, seq);

	return i < 0 ? NULL : &r->idx[i];
}

/* The held record with the smallest rid greater than @after_rid. */
const struct osr_entry *osr_next(const struct osr_region *r, u64 after_rid)
{
	u32 i;

	for (i = 0; i < r->idx_count; i++)
		if (r->idx[i].rid > after_rid)
			return &r->idx[i];
	return NULL;
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
	u32 i, n = 0;

	for (i = 0; i < r->idx_count; i++)
		if (!same_boot(r->idx[i].boot_id, r->boot_id))
			n++;
	return n;
}
