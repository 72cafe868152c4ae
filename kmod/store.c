// SPDX-License-Identifier: GPL-2.0
/*
 * store.c - where records live: a region of memory that survives a warm
 * reboot (reserved with memmap= or reserve_mem=, claimed and mapped here),
 * or, without one, a vmalloc'd buffer that does not ("volatile").  Both use
 * the same format and logic (region.c); this file adds the claim, the
 * mapping, the lock and the module's view of a record (struct
 * oomsnap_store_meta).
 *
 * Locking: store_lock is the innermost lock, a raw spinlock: it is taken
 * from the OOM path with preemption disabled (the mark_victim probe,
 * task_lock(victim) held; the kretprobe handlers of out_of_memory(); the
 * OOM notifier), where on PREEMPT_RT a spinlock_t would be a sleeping lock,
 * and from process context holding nothing else.  It never covers more than
 * a bounded step: a record is reserved under it, its megabytes are copied,
 * checksummed and written back outside it (the only writer is the OOM path,
 * serialized by oom_lock; a reserved record is not indexed, so no reader or
 * acknowledgement touches its bytes), and it is published under it again.
 * Readers copy at most READ_CHUNK bytes per acquisition; ACK --all releases
 * ACK_BATCH records per acquisition.  It is never taken from interrupts.
 *
 * Why records survive the reset after a panic (persistent mode).  The
 * region stays mapped write-back (memremap(MEMREMAP_WB): for a memmap=
 * range a cached mapping, for a reserve_mem= range, which is System RAM,
 * the kernel's own direct map), and region.c writes back every line that
 * recovery depends on, in order (compat.h: arch_wb_cache_pmem(), CLWB or
 * CLFLUSHOPT/CLFLUSH, then wmb()): the WRITING state, then the record and
 * its CRC, then the COMMITTED state, then the header copy.  smp_wmb()
 * alone, as before, orders the stores in the cache and puts nothing in
 * RAM, and nothing on the way down writes it back later: panic() ->
 * emergency_restart() -> native_machine_emergency_restart() resets
 * through the keyboard controller, ACPI, the CF9 port or a triple fault
 * with no WBINVD, and the other CPUs, stopped by smp_send_stop(), run
 * WBINVD in stop_this_cpu() only on CPUs with AMD SME (arch/x86/kernel/
 * process.c); the panicking CPU never does (6.1 and 6.12 alike).  Whether
 * dirty lines reach DRAM across a reset is up to the platform, so without
 * write-back a record committed microseconds before panic_on_oom fires can
 * be in cache only.
 *
 * Why not ramoops' way, a write-combined mapping: memremap(MEMREMAP_WC)
 * refuses System RAM, so a reserve_mem= range would need vmap() of its
 * pages with pgprot_writecombine() (as persistent_ram_vmap() does), an
 * alias of another memory type over RAM the direct map keeps write-back,
 * which the x86 PAT rules call undefined (speculative loads through the
 * WB alias can bring lines back into the cache); and every read of WC
 * memory is uncached: recovery CRCs the whole region at load, GET copies
 * records out.  Writing back costs one CLWB per 64-byte line of each
 * record, once, at commit (a 3.9 MB record of 32768 rows: ~61,000 lines,
 * outside store_lock) and one line per acknowledgement, and costs nothing
 * in volatile mode (vmalloc'd memory needs none).
 *
 * What that guarantees on real hardware (README "Persistence"): a kexec
 * (kdump or kexec -e) keeps memory and caches coherent, records survive;
 * a warm reset keeps what was written back, if the firmware does not
 * scrub or re-initialise memory; a cold boot or power loss keeps nothing.
 * QEMU models no cache: the VM tests show the format and the order, the
 * write-back model is tested on region.c in tests/unit (test_persist_*).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kernel.h>
#include <linux/random.h>
#include <linux/sched.h>
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
#define OOMSNAP_BODY_VERSION 3	/* 2: page size, vmstat names, facts; 3: victims */

/* Body bytes copied per store_lock acquisition by readers. */
#define READ_CHUNK 4096
/* Records acknowledged per store_lock acquisition by ACK --all. */
#define ACK_BATCH 64

static DEFINE_RAW_SPINLOCK(store_lock);
static struct osr_region reg;
static struct osr_entry *idx;
static void *mem;
static struct oomsnap_store_status st;	/* the fixed part of the status */
static bool claimed;		/* a reserved range, mapped */
static bool requested;		/* ...and requested in the resource tree */
/* a reserve_mem= range, marked as oomsnap's in the resource tree */
static struct resource named_res = {
	.name = "oomsnap",
	.flags = IORESOURCE_MEM | IORESOURCE_BUSY,
};
static bool inserted;

/* Sleepable, module load and unload: give the range back. */
static void release_range(void)
{
	if (requested)
		release_mem_region(st.mem_address, st.mem_size);
	if (inserted)
		remove_resource(&named_res);
	requested = false;
	inserted = false;
}
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

/*
 * Sleepable, module load.  A mem_address/mem_size range must lie wholly in
 * memory the kernel reserved and does not use: what memmap=SIZE$ADDR makes
 * ("Reserved" in /proc/iomem).  System RAM would pass request_mem_region()
 * where no driver claimed it and then be overwritten under the kernel's
 * feet; ACPI tables and NVS are firmware's; a range that runs out of the
 * reserved one (a PCI hole, RAM) is a typo.  What the resource tree cannot
 * tell apart is a firmware-reserved range from one memmap= reserved: both
 * are "Reserved"; the header check at load (region.c) and the size must
 * then be right.
 */
static bool range_is_reserved(phys_addr_t start, phys_addr_t len)
{
	if (region_intersects(start, len, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("[%pa, +%llu) is System RAM the kernel uses, not a reserved range: boot with memmap=%lluK$%pa (in GRUB: memmap=%lluK\\$%pa) first, or check mem_address\n",
		       &start, (u64)len, (u64)len >> 10, &start, (u64)len >> 10,
		       &start);
		return false;
	}
	if (region_intersects(start, len, IORESOURCE_MEM,
			      IORES_DESC_ACPI_TABLES) != REGION_DISJOINT ||
	    region_intersects(start, len, IORESOURCE_MEM,
			      IORES_DESC_ACPI_NV_STORAGE) != REGION_DISJOINT) {
		pr_err("[%pa, +%llu) overlaps the firmware's ACPI tables or NVS (/proc/iomem): check mem_address; oomsnap needs a range of its own, reserved with memmap=SIZE$ADDR\n",
		       &start, (u64)len);
		return false;
	}
	if (region_intersects(start, len, IORESOURCE_MEM,
			      IORES_DESC_RESERVED) != REGION_INTERSECTS) {
		pr_err("[%pa, +%llu) is not wholly inside a reserved range (/proc/iomem \"Reserved\"): boot with memmap=%lluK$%pa, or check mem_address and mem_size\n",
		       &start, (u64)len, (u64)len >> 10, &start);
		return false;
	}
	return true;
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
	 * RAM held by memblock, found by its name, and System RAM is a busy
	 * resource, which request_mem_region() cannot nest in; so it is
	 * inserted as an "oomsnap" child of it (insert_resource(), as the
	 * kernel marks "Crash kernel"): /proc/iomem shows whose it is, and a
	 * second claim of the same name by a driver that also marks it
	 * (another oomsnap load, anything using insert_resource() or
	 * request_resource()) fails instead of sharing it.  A driver that
	 * maps the name without marking it (ramoops.mem_name=) cannot be
	 * seen from here: its header then has no oomsnap magic, and the
	 * next load refuses the region unless mem_init=1 (below).
	 */
#ifdef OOMSNAP_NO_WB_CACHE
	pr_err("persistent records need a way to write cache lines back to memory, which this architecture's kernel does not export to oomsnap; load without mem_address/mem_name (volatile records)\n");
	return ERR_PTR(-EOPNOTSUPP);
#endif
	if (!st.mem_name && !range_is_reserved(start, len))
		return ERR_PTR(-EINVAL);
	st.mem_address = start;
	st.mem_size = len;
	if (!st.mem_name) {
		if (!request_mem_region(start, len, "oomsnap")) {
			pr_err("cannot reserve [%pa, +%llu): in use by another driver (ramoops?); reserve a range of its own with memmap=SIZE$ADDR\n",
			       &start, (u64)len);
			return ERR_PTR(-EBUSY);
		}
		requested = true;
	} else {
		named_res.start = start;
		named_res.end = start + len - 1;
		if (insert_resource(&iomem_resource, &named_res)) {
			pr_err("the reserve_mem region '%s' [%pa, +%llu) is already claimed (see /proc/iomem): give oomsnap a reserve_mem name of its own (reserve_mem=SIZE:4096:oomsnap, mem_name=oomsnap)\n",
			       st.mem_name, &start, (u64)len);
			return ERR_PTR(-EBUSY);
		}
		inserted = true;
	}
	base = memremap(start, len, MEMREMAP_WB);
	if (!base) {
		release_range();
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

	/*
	 * A region with no oomsnap header at all is new, or it is not ours:
	 * a mistyped mem_address inside firmware-reserved memory (an ACPI
	 * table copy, a BIOS log) is "Reserved" in /proc/iomem exactly like
	 * a memmap= range, and a reserve_mem= name can be shared with
	 * ramoops.  Formatting it would overwrite that memory at load, so it
	 * happens only when the operator says the range is reserved for
	 * oomsnap: mem_init=1.  The module cannot know it otherwise: the
	 * kernel's command line (saved_command_line) is not exported, and
	 * the resource tree names a memmap= range and firmware's alike.  The
	 * parameter stays in modprobe.d with mem_address, because a cold
	 * boot blanks the region too (random bytes or zeros: no magic), and
	 * a region the module refuses after every power cycle records
	 * nothing.  Whoever writes mem_init=1 checks the range first (the
	 * firmware's own map, /sys/firmware/memmap, lists a memmap= range as
	 * RAM and firmware memory as reserved).  A region with the magic in
	 * either copy, valid or not, has been ours: it is recovered as ever.
	 */
	if (claimed && !osr_signed(mem, size)) {
		if (!p->mem_init) {
			pr_err("[%pa, +%llu) holds no oomsnap header: not formatting memory that may be the firmware's or another driver's (check mem_address%s); if the range is reserved for oomsnap, add mem_init=1 (a blank region, as at the first boot or after a cold boot, is then formatted)\n",
			       &st.mem_address, size,
			       st.mem_name ? " and that no other driver uses the reserve_mem name" : " against memmap=");
			ret = -ENODATA;
			goto err_mem;
		}
		pr_info("[%pa, +%llu) holds no oomsnap header: formatting it (mem_init=1)\n",
			&st.mem_address, size);
	}

	ret = osr_open_persist(&reg, mem, size, boot_id, idx, p->max_records,
			       p->overwrite, claimed, &rep);
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
	st.index_full = rep.index_full;
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
		release_range();
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
		release_range();
		claimed = false;
	} else {
		vfree(mem);
	}
	mem = NULL;
	vfree(idx);
	idx = NULL;
}

/*
 * Atomic-safe; the OOM path, serialized by oom_lock (the only writer).
 * Appends a record made of @hdr and @parts: reserved under store_lock,
 * copied, checksummed and written back outside it, published under it.
 * 0 (and *rid); -ENOSPC: no room under the policy; -EFBIG: larger than the
 * store; -EBUSY: another commit is under way.  Nothing is counted here: the
 * caller may retry smaller, then counts what it could not store.
 */
/*
 * store_lock on the OOM path.  In panic context (the panic notifier) a
 * stopped CPU may hold it forever: only try.
 */
static bool lock_store_oom(void)
{
	if (READ_ONCE(oomsnap_panicking))
		return raw_spin_trylock(&store_lock);
	raw_spin_lock(&store_lock);
	return true;
}

int oomsnap_store_commit(struct oomsnap_record *hdr,
			 const struct oomsnap_part *parts, unsigned int nparts,
			 u32 flags, u64 *rid)
{
	const struct osr_entry *e;
	struct osr_wip w;
	u32 held;
	size_t body = sizeof(*hdr);
	unsigned int i;
	int ret;

	for (i = 0; i < nparts; i++)
		body += parts[i].len;
	if (!lock_store_oom())
		return -EBUSY;
	held = reg.idx_count;
	ret = osr_reserve(&reg, OOMSNAP_BODY_VERSION, flags, body, &w);
	if (reg.idx_count < held)	/* made room by evicting */
		generation++;
	raw_spin_unlock(&store_lock);
	if (ret)
		return ret;

	hdr->seq = w.seq;
	hdr->size = body;
	hdr->lost_before = w.lost_before;
	osr_fill(&reg, &w, hdr, sizeof(*hdr));
	for (i = 0; i < nparts; i++)
		osr_fill(&reg, &w, parts[i].p, parts[i].len);
	osr_seal(&reg, &w);

	if (!lock_store_oom())
		return -EBUSY;	/* panic: left WRITING, skipped as torn */
	ret = osr_publish(&reg, &w, &e);
	if (!ret && rid)
		*rid = e->rid;
	raw_spin_unlock(&store_lock);
	return ret;
}

/* Atomic-safe.  Whether a record of @body_len bytes would be stored now. */
bool oomsnap_store_fits(size_t body_len, u32 flags)
{
	bool fits;

	if (!lock_store_oom())
		return false;
	fits = osr_fits(&reg, flags, body_len);
	raw_spin_unlock(&store_lock);
	return fits;
}

/* Atomic-safe.  @n kills not stored; @pid, @comm: the last of them. */
void oomsnap_store_count_lost(u64 n, u32 pid, const char *comm)
{
	raw_spin_lock(&store_lock);
	osr_count_lost_n(&reg, n, pid, comm);
	raw_spin_unlock(&store_lock);
}

/* Atomic-safe.  Drops a provisional record that turned out not needed. */
void oomsnap_store_discard(u64 rid)
{
	if (!lock_store_oom())
		return;
	osr_discard(&reg, rid);
	raw_spin_unlock(&store_lock);
}

/* @boot_id NULL: current boot; @seq 0: its newest.  -ENOENT if not held. */
int oomsnap_store_lookup(const u8 *boot_id, u64 seq,
			 struct oomsnap_store_meta *m)
{
	const struct osr_entry *e;

	raw_spin_lock(&store_lock);
	e = osr_find(&reg, boot_id, seq);
	if (e)
		meta_of(e, m);
	raw_spin_unlock(&store_lock);
	return e ? 0 : -ENOENT;
}

/* The held record after @after_rid in region order; -ENOENT at the end. */
int oomsnap_store_next(u64 after_rid, struct oomsnap_store_meta *m)
{
	const struct osr_entry *e;

	raw_spin_lock(&store_lock);
	e = osr_next(&reg, after_rid);
	if (e)
		meta_of(e, m);
	raw_spin_unlock(&store_lock);
	return e ? 0 : -ENOENT;
}

/*
 * Process context.  Copies body bytes of record @rid, READ_CHUNK bytes per
 * acquisition of store_lock; -ENOENT once it is gone (rids are never given
 * twice, so a record replaced between chunks is seen as gone).
 */
int oomsnap_store_read(u64 rid, u64 off, void *dst, size_t len)
{
	const struct osr_entry *e;
	u8 *d = dst;
	size_t n;
	int ret = 0;

	while (len && !ret) {
		n = min_t(size_t, len, READ_CHUNK);
		raw_spin_lock(&store_lock);
		e = osr_get(&reg, rid);
		ret = e ? osr_read(&reg, e, off, d, n) : -ENOENT;
		raw_spin_unlock(&store_lock);
		off += n;
		d += n;
		len -= n;
		if (len)
			cond_resched();
	}
	return ret;
}

int oomsnap_store_ack(const u8 *boot_id, u64 seq)
{
	int ret;

	raw_spin_lock(&store_lock);
	ret = osr_ack(&reg, boot_id, seq);
	if (!ret)
		generation++;
	raw_spin_unlock(&store_lock);
	return ret;
}

/* Process context.  ACK_BATCH records per acquisition of store_lock. */
u32 oomsnap_store_ack_all(void)
{
	bool more = true;
	u32 n = 0, got;

	while (more) {
		raw_spin_lock(&store_lock);
		got = osr_ack_some(&reg, ACK_BATCH, &more);
		if (got)
			generation++;
		n += got;
		raw_spin_unlock(&store_lock);
		if (more)
			cond_resched();
	}
	return n;
}

void oomsnap_store_status(struct oomsnap_store_status *out)
{
	raw_spin_lock(&store_lock);
	*out = st;
	/* a provisional record of this boot is an OOM in progress, not held */
	out->records = reg.idx_count - reg.nr_hidden;
	out->unacked = out->records;	/* acknowledged records are not held */
	out->earlier_boot = reg.nr_earlier;
	out->lost = reg.hdr.lost;
	out->lost_last_pid = reg.hdr.lost_last_pid;
	memcpy(out->lost_last_comm, reg.hdr.lost_last_comm, OSR_COMM_LEN);
	out->lost_last_comm[OSR_COMM_LEN - 1] = '\0';
	memcpy(out->boot_id, reg.boot_id, OSR_BOOT_ID_BYTES);
	out->overwritten = reg.overwritten;
	raw_spin_unlock(&store_lock);
}

/* The newest seq of the current boot, 0 if none (for announcements). */
u64 oomsnap_store_last_seq(void)
{
	u64 seq;

	raw_spin_lock(&store_lock);
	seq = reg.next_seq - 1;
	raw_spin_unlock(&store_lock);
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

	raw_spin_lock(&store_lock);
	g = generation;
	raw_spin_unlock(&store_lock);
	return g;
}
