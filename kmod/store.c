// SPDX-License-Identifier: GPL-2.0
/*
 * store.c - the record store: one byte buffer and an index, both allocated
 * at module load, so that committing a record on the OOM path never
 * allocates.
 *
 * Records are variable-size blobs (record.h) laid out one after another;
 * a blob that does not fit before the end of the buffer starts again at
 * offset 0.  Records are numbered from 1 in commit order.  When space or
 * index slots run out, the oldest records are evicted; every eviction is
 * counted and reported (rate-limited).
 *
 * Locking: store_lock is the innermost lock.  Commit takes it from the
 * mark_victim probe (atomic, oom_lock and task_lock(victim) held); readers
 * take it from process context holding nothing else.  Nothing runs under it
 * but index arithmetic and memcpy.  It is never taken from interrupts.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "oomsnap_internal.h"

struct store_idx {
	u64 seq;
	size_t off;
	size_t len;
};

static DEFINE_SPINLOCK(store_lock);
static u8 *buf;
static size_t buf_size;
static size_t wr_off;			/* where the next blob goes */
static struct store_idx *idx;		/* a ring of index entries */
static unsigned int idx_cap, idx_first, idx_count;
static u64 next_seq = 1;
static u64 evicted;

/* Sleepable, module load. */
int oomsnap_store_init(size_t size, unsigned int max_records)
{
	buf = vmalloc(size);
	idx = vmalloc(array_size(max_records, sizeof(*idx)));
	if (!buf || !idx) {
		oomsnap_store_exit();
		return -ENOMEM;
	}
	buf_size = size;
	idx_cap = max_records;
	return 0;
}

/* Sleepable, module unload, after every capture hook is gone. */
void oomsnap_store_exit(void)
{
	vfree(buf);
	vfree(idx);
	buf = NULL;
	idx = NULL;
}

static struct store_idx *nth(unsigned int i)
{
	return &idx[(idx_first + i) % idx_cap];
}

static void evict_oldest(void)
{
	idx_first = (idx_first + 1) % idx_cap;
	idx_count--;
	evicted++;
}

/* Caller holds store_lock.  Frees [off, off + len) of older blobs. */
static void make_room(size_t len)
{
	if (wr_off + len > buf_size) {
		/* the tail is abandoned: evict whatever still lives there */
		while (idx_count && nth(0)->off >= wr_off)
			evict_oldest();
		wr_off = 0;
	}
	while (idx_count && nth(0)->off >= wr_off &&
	       nth(0)->off < wr_off + len)
		evict_oldest();
	if (idx_count == idx_cap)
		evict_oldest();
}

/*
 * Atomic-safe.  Appends the blob made of @hdr (whose seq and size are set
 * here), @rows and @cgroups; returns its seq, or 0 if it can never fit.
 */
u64 oomsnap_store_commit(struct oomsnap_record *hdr,
			 const void *rows, size_t rows_len,
			 const void *cgroups, size_t cg_len)
{
	size_t len = sizeof(*hdr) + rows_len + cg_len;
	u64 seq, before, lost;
	struct store_idx *e;
	u8 *dst;

	if (len > buf_size)
		return 0;

	spin_lock(&store_lock);
	before = evicted;
	make_room(len);
	lost = evicted;
	seq = next_seq++;
	hdr->seq = seq;
	hdr->size = len;
	dst = buf + wr_off;
	memcpy(dst, hdr, sizeof(*hdr));
	memcpy(dst + sizeof(*hdr), rows, rows_len);
	memcpy(dst + sizeof(*hdr) + rows_len, cgroups, cg_len);
	e = nth(idx_count++);
	e->seq = seq;
	e->off = wr_off;
	e->len = len;
	wr_off += len;
	spin_unlock(&store_lock);

	if (lost != before)
		pr_warn_ratelimited("record store full: record %llu evicted %llu older record(s) (%llu since load); raise buffer_kb or max_records\n",
				    seq, lost - before, lost);
	return seq;
}

/* Caller holds store_lock. */
static struct store_idx *find(u64 seq)
{
	unsigned int i;

	if (!idx_count)
		return NULL;
	if (!seq)
		return nth(idx_count - 1);
	i = seq - nth(0)->seq;	/* seqs are consecutive in the index */
	if (seq < nth(0)->seq || i >= idx_count)
		return NULL;
	return nth(i);
}

/*
 * Any context.  Copies @len bytes at @off of record @seq (0: the newest)
 * into @dst.  -ENOENT if the record is not (or no longer) held, -EINVAL if
 * the range is outside it.
 */
int oomsnap_store_read(u64 seq, size_t off, void *dst, size_t len)
{
	struct store_idx *e;
	int ret = 0;

	spin_lock(&store_lock);
	e = find(seq);
	if (!e)
		ret = -ENOENT;
	else if (off > e->len || len > e->len - off)
		ret = -EINVAL;
	else
		memcpy(dst, buf + e->off + off, len);
	spin_unlock(&store_lock);
	return ret;
}

/* Any context.  The seq of the oldest record after @after, 0 if none. */
u64 oomsnap_store_next(u64 after)
{
	u64 seq = 0;

	spin_lock(&store_lock);
	if (idx_count) {
		seq = max(after + 1, nth(0)->seq);
		if (seq > nth(idx_count - 1)->seq)
			seq = 0;
	}
	spin_unlock(&store_lock);
	return seq;
}

/* Any context.  The seq of the newest record ever committed, 0 if none. */
u64 oomsnap_store_last_seq(void)
{
	u64 seq;

	spin_lock(&store_lock);
	seq = next_seq - 1;
	spin_unlock(&store_lock);
	return seq;
}
