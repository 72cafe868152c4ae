// SPDX-License-Identifier: GPL-2.0
/*
 * store.c - where records live: a region of memory that survives a warm
 * reboot (reserved with memmap= or reserve_mem=, claimed and mapped here),
 * or, without one, a vmalloc'd buffer that does not ("volatile").  Both use
 * the same format and logic (region.c); this file adds the claim, the
 * mapping, the lock and the module's view of a record (struct
 * oomsnap_store_meta).
 *
 * Locking: store_lock is the innermost lock.  It is taken from the OOM path
 * (the mark_victim probe: atomic, oom_lock and task_lock(victim) held; the
 * OOM notifier and the out_of_memory() return handler: oom_lock held) and
 * from process context holding nothing else.  Under it run only region.c's
 * bounded copies and checksums.  It is never taken from interrupts.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include "compat.h"
#include "oomsnap_internal.h"
#include "region.h"

/*
 * Layout of the module's record body; bump when struct oomsnap_record or
 * the rows/cgroups after it change.
 */
#define OOMSNAP_BODY_VERSION 2

static DEFINE_SPINLOCK(store_lock);
static struct osr_region reg;
static struct osr_entry *idx;
static void *mem;
static struct oomsnap_store_status st;	/* the fixed part of the status */
static bool claimed;		/* a reserved range, mapped */
static bool requested;		/* ...and requested in the resource tree */
/* store_lock; bumped when a held record leaves (see oomsnap_store_generation) */
static u64 generation = 1;

static void meta_of(const struct osr_entry *e, struct oomsnap_store_meta *m)
{
	m->rid = e->rid;
	m->seq = e->seq;
	m->lost_before = e->lost_before;
	m->flags = e->flags;
	m->body_len = osr_body_len(e);
	memcpy(m->boot_id, e->boot_id, OSR_BOOT_ID_BYTES);
	m->earlier_boot = memcmp(e->boot_id, reg.boot_id, OSR_BOOT_ID_BYTES);
	m->readable = e->body_version == OOMSNAP_BODY_VERSION;
}

/* "8c5e...-..." (/proc/sys/kernel/random/boot_id) to 16 bytes. */
static bool parse_boot_id(const char *s, u8 *out)
{
	int i = 0, hi, lo;

	while (*s && i < OSR_BOOT_ID_BYTES) {
		if (*s == '-') {
			s++;
			continue;
		}
		hi = hex_to_bin(s[0]);
		lo = s[1] ? hex_to_bin(s[1]) : -1;
		if (hi < 0 || lo < 0)
			return false;
		out[i++] = hi << 4 | lo;
		s += 2;
	}
	return i == OSR_BOOT_ID_BYTES && !*s;
}

/* Sleepable, module load: claim and map a reserved range. */
static void *claim(const struct oomsnap_store_params *p, u64 *size)
{
	phys_addr_t start = p->mem_address, len = p->mem_size;
	void *base;

	if (p->mem_name && *p->mem_name) {
		if (oomsnap_reserve_mem_find(p->mem_name, &start, &len)) {
			pr_err("no reserve_mem region named '%s'; boot with reserve_mem=SIZE:4096:%s (kernel 6.11+), or use mem_address/mem_size with memmap=\n",
			       p->mem_name, p->mem_name);
			return ERR_PTR(-ENOENT);
		}
		st.mem_name = p->mem_name;
	}
	if (len < OSR_MIN_SIZE || len > 0xffffffffull) {
		pr_err("mem_size=%llu is out of range (%u bytes to 4 GiB)\n",
		       (u64)len, OSR_MIN_SIZE);
		return ERR_PTR(-EINVAL);
	}
	/*
	 * A memmap= range is "reserved" in the resource tree: request it, so
	 * that no other driver maps it too.  A reserve_mem= range is System
	 * RAM held by memblock, reachable only by its name: it cannot and
	 * need not be requested (ramoops maps such RAM the same way).
	 */
	requested = !st.mem_name;
	if (requested && !request_mem_region(start, len, "oomsnap")) {
		pr_err("cannot reserve [%pa, +%llu): in use by another driver (ramoops?); reserve a range of its own with memmap=SIZE$ADDR\n",
		       &start, (u64)len);
		return ERR_PTR(-EBUSY);
	}
	base = memremap(start, len, MEMREMAP_WB);
	if (!base) {
		if (requested)
			release_mem_region(start, len);
		pr_err("cannot map [%pa, +%llu)\n", &start, (u64)len);
		return ERR_PTR(-ENOMEM);
	}
	claimed = true;
	st.persistent = true;
	st.mem_address = start;
	st.mem_size = len;
	*size = len;
	return base;
}

/* Sleepable, module load.  Recovers what the region holds. */
int oomsnap_store_init(const struct oomsnap_store_params *p)
{
	struct osr_report rep;
	u8 boot_id[OSR_BOOT_ID_BYTES];
	char boot_str[OOMSNAP_BOOT_ID_LEN];
	u64 size;
	u32 i;
	int ret;

	oomsnap_boot_id(boot_str);
	if (!parse_boot_id(boot_str, boot_id)) {
		get_random_bytes(boot_id, sizeof(boot_id));
		pr_warn("no boot id: records of this load are told apart from earlier boots by a random id\n");
	}

	idx = vmalloc(array_size(p->max_records, sizeof(*idx)));
	if (!idx)
		return -ENOMEM;

	if (p->mem_size || (p->mem_name && *p->mem_name)) {
		mem = claim(p, &size);
		if (IS_ERR(mem)) {
			ret = PTR_ERR(mem);
			mem = NULL;
			goto err_idx;
		}
	} else {
		size = p->buffer_size;
		mem = vzalloc(size);
		if (!mem) {
			ret = -ENOMEM;
			goto err_idx;
		}
	}
	if (size - OSR_DATA_OFF < p->record_max + sizeof(struct osr_record)) {
		pr_err("the %s (%llu kB) cannot hold one record of max_tasks rows (%zu kB); give it more memory or lower max_tasks\n",
		       claimed ? "region" : "buffer", size >> 10,
		       p->record_max >> 10);
		ret = -EINVAL;
		goto err_mem;
	}

	ret = osr_open(&reg, mem, size, boot_id, idx, p->max_records,
		       p->overwrite, &rep);
	if (ret)
		goto err_mem;

	/* a provisional record of this very boot: a reload, not a panic */
	for (i = 0; i < reg.idx_count;) {
		const struct osr_entry *e = &reg.idx[i];

		if ((e->flags & OSR_F_PROVISIONAL) &&
		    !memcmp(e->boot_id, reg.boot_id, OSR_BOOT_ID_BYTES))
			osr_discard(&reg, e->rid);
		else
			i++;
	}

	st.capacity = p->max_records;
	st.overwrite = p->overwrite;
	st.corrupt = rep.corrupt;
	if (claimed && rep.reinit) {
		strscpy(st.reinit, rep.reinit, sizeof(st.reinit));
		pr_warn("region at %pa: %s; re-initialised after keeping %u valid record(s) (%llu corrupt skipped)\n",
			&st.mem_address, rep.reinit, rep.found, rep.corrupt);
	}
	if (claimed)
		pr_info("persistent region at %pa, %llu kB: %u record(s) recovered, %u from earlier boots, %llu corrupt or torn skipped, %llu kill(s) not stored since it was created\n",
			&st.mem_address, size >> 10, rep.found,
			rep.earlier_boot, rep.corrupt, reg.hdr.lost);
	if (rep.index_full)
		pr_warn("%u valid record(s) in the region did not fit max_records=%u; the oldest were dropped\n",
			rep.index_full, p->max_records);
	return 0;

err_mem:
	if (claimed) {
		memunmap(mem);
		if (requested)
			release_mem_region(st.mem_address, st.mem_size);
		claimed = false;
	} else {
		vfree(mem);
	}
	mem = NULL;
err_idx:
	vfree(idx);
	idx = NULL;
	return ret;
}

/* Sleepable, module unload, after every capture hook is gone. */
void oomsnap_store_exit(void)
{
	if (claimed) {
		memunmap(mem);
		if (requested)
			release_mem_region(st.mem_address, st.mem_size);
		claimed = false;
	} else {
		vfree(mem);
	}
	mem = NULL;
	vfree(idx);
	idx = NULL;
}

/*
 * Atomic-safe.  Appends a record made of @hdr, @rows and @cgroups.
 * 0 (and *rid), -ENOSPC: the store is full of unacknowledged records and
 * the kill was counted as not stored; -EFBIG: larger than the store.
 */
int oomsnap_store_commit(struct oomsnap_record *hdr,
			 const void *rows, size_t rows_len,
			 const void *cgroups, size_t cg_len, u32 flags, u64 *rid)
{
	struct osr_seg segs[3] = {
		{ hdr, sizeof(*hdr) }, { rows, rows_len }, { cgroups, cg_len },
	};
	const struct osr_entry *e;
	u32 held;
	int ret;

	spin_lock(&store_lock);
	held = reg.idx_count;
	hdr->seq = reg.next_seq;
	hdr->size = sizeof(*hdr) + rows_len + cg_len;
	hdr->lost_before = reg.lost_pending;
	ret = osr_append(&reg, OOMSNAP_BODY_VERSION, flags, segs, 3, &e);
	if (!ret && rid)
		*rid = e->rid;
	if (reg.idx_count < held + !ret)	/* made room by evicting */
		generation++;
	if (ret && !(flags & OSR_F_PROVISIONAL))
		osr_count_lost(&reg, hdr->victim.pid, hdr->victim.comm);
	spin_unlock(&store_lock);
	return ret;
}

/* Atomic-safe.  Drops a provisional record that turned out not needed. */
void oomsnap_store_discard(u64 rid)
{
	spin_lock(&store_lock);
	osr_discard(&reg, rid);
	spin_unlock(&store_lock);
}

/* @boot_id NULL: current boot; @seq 0: its newest.  -ENOENT if not held. */
int oomsnap_store_lookup(const u8 *boot_id, u64 seq,
			 struct oomsnap_store_meta *m)
{
	const struct osr_entry *e;

	spin_lock(&store_lock);
	e = osr_find(&reg, boot_id, seq);
	if (e)
		meta_of(e, m);
	spin_unlock(&store_lock);
	return e ? 0 : -ENOENT;
}

/* The held record after @after_rid in region order; -ENOENT at the end. */
int oomsnap_store_next(u64 after_rid, struct oomsnap_store_meta *m)
{
	const struct osr_entry *e;

	spin_lock(&store_lock);
	e = osr_next(&reg, after_rid);
	if (e)
		meta_of(e, m);
	spin_unlock(&store_lock);
	return e ? 0 : -ENOENT;
}

/* Copies body bytes of record @rid; -ENOENT once it is gone. */
int oomsnap_store_read(u64 rid, u64 off, void *dst, size_t len)
{
	const struct osr_entry *e;
	int ret = -ENOENT;

	spin_lock(&store_lock);
	e = osr_next(&reg, rid - 1);
	if (e && e->rid == rid)
		ret = osr_read(&reg, e, off, dst, len);
	spin_unlock(&store_lock);
	return ret;
}

int oomsnap_store_ack(const u8 *boot_id, u64 seq)
{
	int ret;

	spin_lock(&store_lock);
	ret = osr_ack(&reg, boot_id, seq);
	if (!ret)
		generation++;
	spin_unlock(&store_lock);
	return ret;
}

u32 oomsnap_store_ack_all(void)
{
	u32 n;

	spin_lock(&store_lock);
	n = osr_ack_all(&reg);
	if (n)
		generation++;
	spin_unlock(&store_lock);
	return n;
}

void oomsnap_store_status(struct oomsnap_store_status *out)
{
	u32 i, held = 0, earlier_boot = 0;

	spin_lock(&store_lock);
	*out = st;
	/* a provisional record of this boot is an OOM in progress, not held */
	for (i = 0; i < reg.idx_count; i++) {
		const struct osr_entry *e = &reg.idx[i];
		bool earlier = memcmp(e->boot_id, reg.boot_id,
				      OSR_BOOT_ID_BYTES);

		if ((e->flags & OSR_F_PROVISIONAL) && !earlier)
			continue;
		held++;
		if (earlier)
			earlier_boot++;
	}
	out->records = held;
	out->unacked = held;	/* acknowledged records are not held */
	out->earlier_boot = earlier_boot;
	out->lost = reg.hdr.lost;
	out->lost_last_pid = reg.hdr.lost_last_pid;
	memcpy(out->lost_last_comm, reg.hdr.lost_last_comm, OSR_COMM_LEN);
	out->lost_last_comm[OSR_COMM_LEN - 1] = '\0';
	memcpy(out->boot_id, reg.boot_id, OSR_BOOT_ID_BYTES);
	spin_unlock(&store_lock);
}

/* The newest seq of the current boot, 0 if none (for announcements). */
u64 oomsnap_store_last_seq(void)
{
	u64 seq;

	spin_lock(&store_lock);
	seq = reg.next_seq - 1;
	spin_unlock(&store_lock);
	return seq;
}

/*
 * Process context.  Changes whenever a held record leaves the store
 * (evicted to make room, or acknowledged); never 0.  A dump that sees it
 * change may have missed a record (genl.c sets NLM_F_DUMP_INTR).
 */
u64 oomsnap_store_generation(void)
{
	u64 g;

	spin_lock(&store_lock);
	g = generation;
	spin_unlock(&store_lock);
	return g;
}
