// SPDX-License-Identifier: GPL-2.0
/*
 * ring.c - the record store: a ring of fixed-size records allocated once, at
 * module load, so that committing a record on the OOM path never allocates.
 *
 * Records are numbered from 1 in commit order; record N lives in slot
 * (N - 1) % capacity.  When the ring is full the oldest record is
 * overwritten; every overwrite is counted and reported (rate-limited).
 *
 * Locking: ring_lock (irq-safe spinlock) protects the slots and counters.
 * It is the innermost lock: commit takes it from the mark_victim probe with
 * oom_lock and task_lock(victim) held; readers take it from process context
 * holding nothing else.  Nothing is called with it held but memcpy.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "oomsnap_internal.h"

static DEFINE_SPINLOCK(ring_lock);
static struct oomsnap_record *ring;
static unsigned int ring_cap;
static u64 ring_next_seq = 1;	/* the seq the next commit gets */
static u64 ring_overwritten;	/* records lost to overwrite since load */

/* Sleepable, at module load.  Allocates every slot there will ever be. */
int oomsnap_ring_init(unsigned int capacity)
{
	ring = kvcalloc(capacity, sizeof(*ring), GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	ring_cap = capacity;
	return 0;
}

/* Sleepable, at module unload, after every capture hook is gone. */
void oomsnap_ring_exit(void)
{
	kvfree(ring);
	ring = NULL;
}

unsigned int oomsnap_ring_capacity(void)
{
	return ring_cap;
}

static struct oomsnap_record *slot_of(u64 seq)
{
	return &ring[(seq - 1) % ring_cap];
}

/* Oldest seq still held; caller holds ring_lock. */
static u64 oldest_seq(void)
{
	return ring_next_seq > ring_cap ? ring_next_seq - ring_cap : 1;
}

/*
 * Any context, including atomic with oom_lock and task_lock(victim) held.
 * Copies @rec into the ring, numbers it, and returns its seq.
 */
u64 oomsnap_ring_commit(const struct oomsnap_record *rec)
{
	struct oomsnap_record *slot;
	unsigned long flags;
	bool overwrote;
	u64 seq, lost;

	spin_lock_irqsave(&ring_lock, flags);
	seq = ring_next_seq++;
	slot = slot_of(seq);
	overwrote = slot->seq != 0;
	if (overwrote)
		ring_overwritten++;
	lost = ring_overwritten;
	memcpy(slot, rec, sizeof(*slot));
	slot->seq = seq;
	spin_unlock_irqrestore(&ring_lock, flags);

	if (overwrote)
		pr_warn_ratelimited("record ring full (%u records): record %llu overwrote an unread older one (%llu overwritten since load); raise max_records\n",
				    ring_cap, seq, lost);
	return seq;
}

/* Any context.  Copies record @seq into @out; false if it is not held. */
bool oomsnap_ring_read_seq(u64 seq, struct oomsnap_record *out)
{
	unsigned long flags;
	bool found;

	spin_lock_irqsave(&ring_lock, flags);
	found = seq != 0 && seq < ring_next_seq && seq >= oldest_seq();
	if (found)
		memcpy(out, slot_of(seq), sizeof(*out));
	spin_unlock_irqrestore(&ring_lock, flags);
	return found;
}

/* Any context.  Copies the oldest record with seq > @after into @out. */
bool oomsnap_ring_read_next(u64 after, struct oomsnap_record *out)
{
	unsigned long flags;
	bool found;
	u64 seq;

	spin_lock_irqsave(&ring_lock, flags);
	seq = max(after + 1, oldest_seq());
	found = seq < ring_next_seq;
	if (found)
		memcpy(out, slot_of(seq), sizeof(*out));
	spin_unlock_irqrestore(&ring_lock, flags);
	return found;
}

/* Any context.  Copies the newest record into @out; false if none. */
bool oomsnap_ring_read_newest(struct oomsnap_record *out)
{
	unsigned long flags;
	bool found;

	spin_lock_irqsave(&ring_lock, flags);
	found = ring_next_seq > 1;
	if (found)
		memcpy(out, slot_of(ring_next_seq - 1), sizeof(*out));
	spin_unlock_irqrestore(&ring_lock, flags);
	return found;
}

/* Any context.  The seq of the newest record, 0 when there is none. */
u64 oomsnap_ring_last_seq(void)
{
	unsigned long flags;
	u64 seq;

	spin_lock_irqsave(&ring_lock, flags);
	seq = ring_next_seq - 1;
	spin_unlock_irqrestore(&ring_lock, flags);
	return seq;
}
