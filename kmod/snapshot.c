// SPDX-License-Identifier: GPL-2.0
/*
 * snapshot.c - the machine-wide part of a record: zones with watermarks and
 * buddy free blocks, memory totals, reclaim event counters, the memory
 * cgroup that hit its limit, and who the machine is.
 *
 * Every function here runs on the OOM path in atomic context (from the
 * oom:mark_victim probe, oom_lock and task_lock(victim) held) and only
 * reads: counters, per-CPU sums, fields of zones and of the pinned memcg.
 * Nothing allocates, sleeps or takes a lock, except facts.c's raw
 * facts_lock (a copy of a few words); the memcg's path comes from
 * cgroup_path.c's lock-free walk (a v1 memcg: cgroup_path(), not on RT).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/oom.h>
#include <linux/page_counter.h>
#include <linux/string.h>
#include <linux/swap.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <linux/vmstat.h>
#include "compat.h"
#include "oomsnap_internal.h"

#define K(pages) ((u64)(pages) << (PAGE_SHIFT - 10))

/* Event counters kept, by their /proc/vmstat names. */
static const struct {
	const char *name;
	enum vm_event_item item;
} vmstat_events[] = {
	{ "pgscan_kswapd", PGSCAN_KSWAPD },
	{ "pgscan_direct", PGSCAN_DIRECT },
	{ "pgsteal_kswapd", PGSTEAL_KSWAPD },
	{ "pgsteal_direct", PGSTEAL_DIRECT },
#ifdef CONFIG_ZONE_DMA
	{ "allocstall_dma", ALLOCSTALL_DMA },
#endif
#ifdef CONFIG_ZONE_DMA32
	{ "allocstall_dma32", ALLOCSTALL_DMA32 },
#endif
	{ "allocstall_normal", ALLOCSTALL_NORMAL },
	{ "allocstall_movable", ALLOCSTALL_MOVABLE },
	{ "pswpin", PSWPIN },
	{ "pswpout", PSWPOUT },
	{ "pgmajfault", PGMAJFAULT },
#ifdef CONFIG_COMPACTION
	{ "compact_stall", COMPACTSTALL },
	{ "compact_fail", COMPACTFAIL },
#endif
	{ "oom_kill", OOM_KILL },
};

/*
 * all_vm_events() takes cpus_read_lock() and may sleep: sum the per-CPU
 * counters ourselves, over online CPUs as /proc/vmstat does.
 */
static u64 sum_vm_event(enum vm_event_item item)
{
	u64 sum = 0;
	int cpu;

	for_each_online_cpu(cpu)
		sum += per_cpu(vm_event_states, cpu).event[item];
	return sum;
}

u64 oomsnap_oom_kill_count(void)
{
	return sum_vm_event(OOM_KILL);
}

static void read_vmstat(struct oomsnap_record *rec)
{
	unsigned int i;

	BUILD_BUG_ON(ARRAY_SIZE(vmstat_events) > OOMSNAP_MAX_VMSTAT);
	for (i = 0; i < ARRAY_SIZE(vmstat_events); i++) {
		rec->vmstat[i] = sum_vm_event(vmstat_events[i].item);
		strscpy(rec->vmstat_name[i], vmstat_events[i].name,
			sizeof(rec->vmstat_name[i]));
	}
	rec->nr_vmstat = ARRAY_SIZE(vmstat_events);
}

static void set_kb(struct oomsnap_meminfo *m, int attr, u64 kb)
{
	m->kb[attr] = kb;
	m->valid |= BIT(attr);
}

static void read_meminfo(struct oomsnap_record *rec)
{
	struct oomsnap_meminfo *m = &rec->meminfo;
	u64 age;

	BUILD_BUG_ON(OOMSNAP_MEMINFO_A_MAX >= BITS_PER_LONG);
	set_kb(m, OOMSNAP_MEMINFO_A_MEM_TOTAL, K(totalram_pages()));
	set_kb(m, OOMSNAP_MEMINFO_A_MEM_FREE,
	       K(global_zone_page_state(NR_FREE_PAGES)));
	set_kb(m, OOMSNAP_MEMINFO_A_MEM_AVAILABLE, K(si_mem_available()));
	set_kb(m, OOMSNAP_MEMINFO_A_ACTIVE_ANON,
	       K(global_node_page_state(NR_ACTIVE_ANON)));
	set_kb(m, OOMSNAP_MEMINFO_A_INACTIVE_ANON,
	       K(global_node_page_state(NR_INACTIVE_ANON)));
	set_kb(m, OOMSNAP_MEMINFO_A_ACTIVE_FILE,
	       K(global_node_page_state(NR_ACTIVE_FILE)));
	set_kb(m, OOMSNAP_MEMINFO_A_INACTIVE_FILE,
	       K(global_node_page_state(NR_INACTIVE_FILE)));
	set_kb(m, OOMSNAP_MEMINFO_A_UNEVICTABLE,
	       K(global_node_page_state(NR_UNEVICTABLE)));
	set_kb(m, OOMSNAP_MEMINFO_A_DIRTY,
	       K(global_node_page_state(NR_FILE_DIRTY)));
	set_kb(m, OOMSNAP_MEMINFO_A_WRITEBACK,
	       K(global_node_page_state(NR_WRITEBACK)));
	set_kb(m, OOMSNAP_MEMINFO_A_SHMEM, K(global_node_page_state(NR_SHMEM)));
	set_kb(m, OOMSNAP_MEMINFO_A_SLAB_RECLAIMABLE,
	       K(global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B)));
	set_kb(m, OOMSNAP_MEMINFO_A_SLAB_UNRECLAIMABLE,
	       K(global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B)));
	set_kb(m, OOMSNAP_MEMINFO_A_PAGE_TABLES,
	       K(global_node_page_state(NR_PAGETABLE)));
	set_kb(m, OOMSNAP_MEMINFO_A_KERNEL_STACK,
	       global_node_page_state(NR_KERNEL_STACK_KB));
	set_kb(m, OOMSNAP_MEMINFO_A_SWAP_FREE, K(get_nr_swap_pages()));
	set_kb(m, OOMSNAP_MEMINFO_A_COMMITTED_AS, K(vm_memory_committed()));
	if (oomsnap_facts_read(m, &age)) {
		rec->has_facts = 1;
		rec->facts_age_ns = age;
	}
}

static void read_zone(struct oomsnap_zone *z, int nid, struct zone *zone)
{
	unsigned int i;

	z->node = nid;
	strscpy(z->name, zone->name, sizeof(z->name));
	z->free = zone_page_state(zone, NR_FREE_PAGES);
	z->min = min_wmark_pages(zone);
	z->low = low_wmark_pages(zone);
	z->high = high_wmark_pages(zone);
	z->boost = zone->watermark_boost;
	z->managed = zone_managed_pages(zone);
	z->present = zone->present_pages;

	BUILD_BUG_ON(MAX_NR_ZONES > OOMSNAP_MAX_ZONE_IDX);
	z->nr_reserve = MAX_NR_ZONES;
	for (i = 0; i < MAX_NR_ZONES; i++)
		z->lowmem_reserve[i] = zone->lowmem_reserve[i];

	/* unlocked like /proc/pagetypeinfo's counts: a racy but sane read */
	BUILD_BUG_ON(ARRAY_SIZE(zone->free_area) > OOMSNAP_MAX_ORDERS);
	z->nr_orders = ARRAY_SIZE(zone->free_area);
	for (i = 0; i < ARRAY_SIZE(zone->free_area); i++)
		z->free_blocks[i] = READ_ONCE(zone->free_area[i].nr_free);
}

/*
 * for_each_populated_zone() needs first_online_pgdat()/next_zone(), which
 * are not exported: walk the online nodes' zone arrays instead.
 */
static void read_zones(struct oomsnap_record *rec)
{
	int nid, i;

	for_each_online_node(nid) {
		pg_data_t *pgdat = NODE_DATA(nid);

		for (i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];

			if (!populated_zone(zone))
				continue;
			if (rec->nr_zones == OOMSNAP_MAX_ZONES) {
				rec->nr_zones_omitted++;
				continue;
			}
			read_zone(&rec->zones[rec->nr_zones++], nid, zone);
		}
	}
}

/* @oc->memcg is pinned by the caller of out_of_memory(). */
static void read_memcg(struct oomsnap_memcg_info *m,
		       const struct oom_control *oc)
{
#ifdef CONFIG_MEMCG
	struct mem_cgroup *memcg = oc->memcg;

	if (!memcg)
		return;
	m->present = true;
	rcu_read_lock();
	if (oomsnap_cgroup_path(memcg->css.cgroup, m->path, sizeof(m->path)) < 0)
		strscpy(m->path, "?", sizeof(m->path));
	rcu_read_unlock();
	m->id = cgroup_id(memcg->css.cgroup);
	m->usage = page_counter_read(&memcg->memory);
	m->max = READ_ONCE(memcg->memory.max);
	m->high = READ_ONCE(memcg->memory.high);
	m->swap = page_counter_read(&memcg->swap);
	m->swap_max = READ_ONCE(memcg->swap.max);
	m->oom_events = atomic_long_read(&memcg->memory_events[MEMCG_OOM]);
	m->oom_kill_events =
		atomic_long_read(&memcg->memory_events[MEMCG_OOM_KILL]);
#endif
}

static void read_system(struct oomsnap_system *s)
{
	/* utsname is read without uts_sem: a racing sethostname() can tear it */
	strscpy(s->release, init_uts_ns.name.release, sizeof(s->release));
	strscpy(s->hostname, init_uts_ns.name.nodename, sizeof(s->hostname));
	s->uptime_ns = ktime_get_boot_fast_ns();
	oomsnap_boot_id(s->boot_id);
}

/* Atomic; oom_lock held, @oc live (inside out_of_memory()). */
void oomsnap_snapshot_machine(struct oomsnap_record *rec,
			      const struct oom_control *oc)
{
	struct oomsnap_trigger *t = &rec->trigger;

	BUILD_BUG_ON((int)CONSTRAINT_MEMCG != (int)OOMSNAP_CONSTRAINT_MEMCG);
	t->constraint = (enum oomsnap_constraint)oc->constraint;
	/* vsnprintf's %pGg: no locks, no allocation */
	snprintf(t->gfp_flags, sizeof(t->gfp_flags), "%pGg", &t->gfp_mask);
	t->totalpages = oc->totalpages;
	if (oc->nodemask) {
		t->has_nodemask = true;
		bitmap_copy((unsigned long *)t->nodemask,
			    nodes_addr(*oc->nodemask),
			    min_t(unsigned int, MAX_NUMNODES,
				  OOMSNAP_NODEMASK_WORDS * 64));
	}
	read_memcg(&rec->memcg, oc);
	read_zones(rec);
	read_meminfo(rec);
	read_vmstat(rec);
	read_system(&rec->system);
	rec->page_size = PAGE_SIZE;
}
