// SPDX-License-Identifier: GPL-2.0
/*
 * fixture.c - the standard kill-time snapshot of the unit tests and the
 * builders of its generic netlink messages, attribute by attribute as
 * kmod/genl.c puts them.  Nests get NLA_F_NESTED as the kernel's
 * nla_nest_start() sets it.  (u64 values go in with libnl's nla_put_u64,
 * which adds no OOMSNAP_A_PAD where nla_put_u64_64bit may: the decoder
 * must not care either way.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "fixture.h"

/*
 * 4 KiB pages: every page count is 4 kB.  The record was taken at
 * 1700000000 s (2023-11-14T22:13:20Z), 100 s after boot.
 */
const struct t_task snap_rows[4] = {
	/* the victim: rss (20000 + 300 + 10) * 4 = 81240 kB */
	{ .pid = 4242, .tgid = 4242, .ppid = 1, .uid = 1000, .comm = "hog",
	  .state = 'R', .total_vm = 50000, .anon = 20000, .file = 300,
	  .shmem = 10, .pgtables_bytes = 204800, .swap_ents = 64, .adj = 200,
	  .has_points = true, .points = 21000, .cgroup_id = 77,
	  .start_ns = 5000000000ULL, .in_scope = true },
	/* larger than the victim, never chosen: rss 30500 * 4 = 122000 kB */
	{ .pid = 3001, .tgid = 3000, .ppid = 1, .uid = 999, .comm = "bigdb",
	  .state = 'S', .total_vm = 90000, .anon = 30000, .file = 500,
	  .shmem = 0, .pgtables_bytes = 409600, .swap_ents = 0, .adj = -1000,
	  .has_points = false, .cgroup_id = 78, .start_ns = 1000000000ULL,
	  .in_scope = true },
	/* small: rss 150 * 4 = 600 kB */
	{ .pid = 800, .tgid = 800, .ppid = 1, .uid = 0, .comm = "sshd",
	  .state = 'S', .total_vm = 5000, .anon = 100, .file = 50,
	  .shmem = 0, .pgtables_bytes = 40960, .swap_ents = 2, .adj = 0,
	  .has_points = true, .points = 150, .cgroup_id = 78,
	  .start_ns = 2000000000ULL, .in_scope = true },
	/* memory unreadable; its cgroup is not in the cgroup table */
	{ .pid = 900, .tgid = 900, .ppid = 800, .uid = 0, .comm = "stuck",
	  .state = 'D', .no_mm = true, .adj = 0, .cgroup_id = 99,
	  .start_ns = 3000000000ULL, .in_scope = true },
};

const struct t_cgroup snap_cgroups[2] = {
	{ 78, "/system.slice" },
	{ 77, "/user.slice/hog.scope" },
};

static const struct t_zone snap_zones[2] = {
	/* buddy: 3*4 + 2*8 + 1*16 + 1*4096 = 4140 kB */
	{ .node = 0, .name = "DMA32", .free = 1000, .min = 100, .low = 125,
	  .high = 150, .boost = 0, .managed = 200000, .present = 262144,
	  .nr_reserve = 5, .reserve = { 0, 0, 1000, 1000, 0 },
	  .nr_orders = 11, .blocks = { 3, 2, 1, 0, 0, 0, 0, 0, 0, 0, 1 } },
	/* buddy: 10*4 + 5*8 = 80 kB */
	{ .node = 0, .name = "Normal", .free = 500, .min = 200, .low = 250,
	  .high = 300, .boost = 7, .managed = 1800000, .present = 1835008,
	  .nr_reserve = 5, .reserve = { 0, 0, 0, 0, 0 },
	  .nr_orders = 11, .blocks = { 10, 5 } },
};

static const char *const snap_vm_names[] = { "pgscan_direct", "oom_kill" };
static const uint64_t snap_vm_values[] = { 12345, 3 };

#define MI(a)	(1u << OOMSNAP_MEMINFO_A_##a)

const struct t_snap snap_global = {
	.seq = 42, .time_ns = 1700000000000000000ULL,
	.kind = OOMSNAP_KIND_GLOBAL, .page_size = 4096,
	.gfp_mask = 0x140dca,
	.gfp_flags = "GFP_HIGHUSER_MOVABLE|__GFP_COMP",
	.order = 0,
	.constraint = OOMSNAP_CONSTRAINT_MEMORY_POLICY,
	.nodemask_words = 2, .nodemask = { 0xb, 0 },	/* nodes 0, 1, 3 */
	.totalpages = 2000000, .capture_ns = 123456,
	.t_pid = 501, .t_tgid = 500, .t_comm = "allocator", .t_adj = 0,
	.victim = { .pid = 4242, .tgid = 4242, .ppid = 1, .uid = 1000,
		    .comm = "hog", .state = 'R', .total_vm = 50000,
		    .anon = 20000, .file = 300, .shmem = 10,
		    .pgtables_bytes = 204800, .swap_ents = 64, .adj = 200,
		    .has_points = true, .points = 21000, .cgroup_id = 77,
		    .start_ns = 5000000000ULL, .in_scope = true },
	.tasks_stored = 4, .tasks_omitted = 2, .tasks_omitted_rss = 1000,
	.tasks_unreadable = 1, .kthreads = 50, .cgroups_stored = 2,
	.cgroups_omitted = 0,
	.zones = snap_zones, .nr_zones = 2,
	.meminfo = {
		[OOMSNAP_MEMINFO_A_MEM_TOTAL] = 8000000,
		[OOMSNAP_MEMINFO_A_MEM_FREE] = 50000,
		[OOMSNAP_MEMINFO_A_MEM_AVAILABLE] = 60000,
		[OOMSNAP_MEMINFO_A_ACTIVE_ANON] = 4000000,
		[OOMSNAP_MEMINFO_A_SHMEM] = 1234,
		[OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL] = 16,
		[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE] = 2,
	},
	/* SWAP_TOTAL and the others not set: absent, null in JSON */
	.meminfo_set = MI(MEM_TOTAL) | MI(MEM_FREE) | MI(MEM_AVAILABLE) |
		       MI(ACTIVE_ANON) | MI(SHMEM) | MI(HUGEPAGES_TOTAL) |
		       MI(OVERCOMMIT_MODE),
	.vm_names = snap_vm_names, .vm_values = snap_vm_values,
	.nr_vmstat = 2,
	.release = "6.1.0-13-amd64", .hostname = "web-1",
	.boot_id = "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b",
	.uptime_ns = 100000000000ULL,
};

#define OK(call)	assert_int_equal((call), 0)
#define NEST(m, type)	nla_nest_start((m), (type) | NLA_F_NESTED)

void fx_put_task(struct nl_msg *m, const struct t_task *t)
{
	OK(nla_put_u32(m, OOMSNAP_TASK_A_PID, t->pid));
	OK(nla_put_u32(m, OOMSNAP_TASK_A_TGID, t->tgid));
	OK(nla_put_u32(m, OOMSNAP_TASK_A_PPID, t->ppid));
	OK(nla_put_u32(m, OOMSNAP_TASK_A_UID, t->uid));
	OK(nla_put_string(m, OOMSNAP_TASK_A_COMM, t->comm));
	if (t->state)
		OK(nla_put_u8(m, OOMSNAP_TASK_A_STATE, t->state));
	OK(nla_put_s32(m, OOMSNAP_TASK_A_OOM_SCORE_ADJ, t->adj));
	OK(nla_put_u64(m, OOMSNAP_TASK_A_CGROUP_ID, t->cgroup_id));
	OK(nla_put_u64(m, OOMSNAP_TASK_A_START_TIME_NS, t->start_ns));
	if (t->no_mm) {
		OK(nla_put_flag(m, OOMSNAP_TASK_A_NO_MM));
	} else {
		OK(nla_put_u64(m, OOMSNAP_TASK_A_TOTAL_VM_PAGES, t->total_vm));
		OK(nla_put_u64(m, OOMSNAP_TASK_A_RSS_ANON_PAGES, t->anon));
		OK(nla_put_u64(m, OOMSNAP_TASK_A_RSS_FILE_PAGES, t->file));
		OK(nla_put_u64(m, OOMSNAP_TASK_A_RSS_SHMEM_PAGES, t->shmem));
		OK(nla_put_u64(m, OOMSNAP_TASK_A_PGTABLES_BYTES,
			       t->pgtables_bytes));
		OK(nla_put_u64(m, OOMSNAP_TASK_A_SWAP_ENTS, t->swap_ents));
	}
	if (t->has_points)
		OK(nla_put_s64(m, OOMSNAP_TASK_A_POINTS, t->points));
	if (t->in_scope)
		OK(nla_put_flag(m, OOMSNAP_TASK_A_IN_SCOPE));
	if (t->exiting)
		OK(nla_put_flag(m, OOMSNAP_TASK_A_EXITING));
}

static struct nl_msg *new_msg(void)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				    0, NLM_F_MULTI, OOMSNAP_CMD_GET,
				    OOMSNAP_GENL_VERSION));
	return m;
}

static void put_zone(struct nl_msg *m, const struct t_zone *z)
{
	struct nlattr *e = NEST(m, OOMSNAP_A_LIST_ENTRY);

	assert_non_null(e);
	OK(nla_put_u32(m, OOMSNAP_ZONE_A_NODE, z->node));
	OK(nla_put_string(m, OOMSNAP_ZONE_A_NAME, z->name));
	OK(nla_put_u64(m, OOMSNAP_ZONE_A_FREE_PAGES, z->free));
	OK(nla_put_u64(m, OOMSNAP_ZONE_A_MIN_PAGES, z->min));
	OK(nla_put_u64(m, OOMSNAP_ZONE_A_LOW_PAGES, z->low));
	OK(nla_put_u64(m, OOMSNAP_ZONE_A_HIGH_PAGES, z->high));
	OK(nla_put_u64(m, OOMSNAP_ZONE_A_BOOST_PAGES, z->boost));
	OK(nla_put_u64(m, OOMSNAP_ZONE_A_MANAGED_PAGES, z->managed));
	OK(nla_put_u64(m, OOMSNAP_ZONE_A_PRESENT_PAGES, z->present));
	OK(nla_put(m, OOMSNAP_ZONE_A_LOWMEM_RESERVE,
		   z->nr_reserve * sizeof(uint64_t), z->reserve));
	OK(nla_put(m, OOMSNAP_ZONE_A_FREE_BLOCKS,
		   z->nr_orders * sizeof(uint64_t), z->blocks));
	OK(nla_nest_end(m, e));
}

static void put_machine(struct nl_msg *m, const struct t_snap *s)
{
	struct nlattr *nest;
	size_t i;

	nest = NEST(m, OOMSNAP_A_ZONES);
	assert_non_null(nest);
	for (i = 0; i < s->nr_zones; i++)
		put_zone(m, &s->zones[i]);
	OK(nla_nest_end(m, nest));

	nest = NEST(m, OOMSNAP_A_MEMINFO);
	assert_non_null(nest);
	for (i = 0; i <= OOMSNAP_MEMINFO_A_MAX; i++)
		if (s->meminfo_set & (1u << i))
			OK(nla_put_u64(m, i, s->meminfo[i]));
	OK(nla_nest_end(m, nest));

	nest = NEST(m, OOMSNAP_A_VMSTAT);
	assert_non_null(nest);
	for (i = 0; i < s->nr_vmstat; i++) {
		struct nlattr *e = NEST(m, OOMSNAP_A_LIST_ENTRY);

		assert_non_null(e);
		OK(nla_put_string(m, OOMSNAP_VMSTAT_A_NAME, s->vm_names[i]));
		OK(nla_put_u64(m, OOMSNAP_VMSTAT_A_VALUE, s->vm_values[i]));
		OK(nla_nest_end(m, e));
	}
	OK(nla_nest_end(m, nest));

	nest = NEST(m, OOMSNAP_A_SYSTEM);
	assert_non_null(nest);
	OK(nla_put_string(m, OOMSNAP_SYSTEM_A_RELEASE, s->release));
	OK(nla_put_string(m, OOMSNAP_SYSTEM_A_HOSTNAME, s->hostname));
	OK(nla_put_u64(m, OOMSNAP_SYSTEM_A_UPTIME_NS, s->uptime_ns));
	if (s->boot_id)
		OK(nla_put_string(m, OOMSNAP_SYSTEM_A_BOOT_ID, s->boot_id));
	OK(nla_nest_end(m, nest));
}

static void put_memcg(struct nl_msg *m, const struct t_snap *s)
{
	struct nlattr *nest = NEST(m, OOMSNAP_A_MEMCG);

	assert_non_null(nest);
	OK(nla_put_string(m, OOMSNAP_MEMCG_A_PATH, s->memcg_path));
	OK(nla_put_u64(m, OOMSNAP_MEMCG_A_ID, s->mc_id));
	OK(nla_put_u64(m, OOMSNAP_MEMCG_A_USAGE_PAGES, s->mc_usage));
	OK(nla_put_u64(m, OOMSNAP_MEMCG_A_MAX_PAGES, s->mc_max));
	OK(nla_put_u64(m, OOMSNAP_MEMCG_A_HIGH_PAGES, s->mc_high));
	OK(nla_put_u64(m, OOMSNAP_MEMCG_A_SWAP_PAGES, s->mc_swap));
	OK(nla_put_u64(m, OOMSNAP_MEMCG_A_SWAP_MAX_PAGES, s->mc_swap_max));
	OK(nla_put_u64(m, OOMSNAP_MEMCG_A_OOM_EVENTS, s->mc_oom));
	OK(nla_put_u64(m, OOMSNAP_MEMCG_A_OOM_KILL_EVENTS, s->mc_oom_kill));
	OK(nla_nest_end(m, nest));
}

struct nl_msg *fx_summary(const struct t_snap *s)
{
	struct nl_msg *m = new_msg();
	struct nlattr *nest;

	OK(nla_put_u64(m, OOMSNAP_A_SEQ, s->seq));
	OK(nla_put_u64(m, OOMSNAP_A_TIME_NS, s->time_ns));
	OK(nla_put_u32(m, OOMSNAP_A_KIND, s->kind));
	OK(nla_put_u32(m, OOMSNAP_A_PAGE_SIZE, s->page_size));
	OK(nla_put_u32(m, OOMSNAP_A_GFP_MASK, s->gfp_mask));
	if (s->gfp_flags)
		OK(nla_put_string(m, OOMSNAP_A_GFP_FLAGS, s->gfp_flags));
	OK(nla_put_s32(m, OOMSNAP_A_ORDER, s->order));
	OK(nla_put_u32(m, OOMSNAP_A_CONSTRAINT, s->constraint));
	OK(nla_put_u64(m, OOMSNAP_A_TOTALPAGES, s->totalpages));
	if (s->nodemask_words)
		OK(nla_put(m, OOMSNAP_A_NODEMASK,
			   s->nodemask_words * sizeof(uint64_t), s->nodemask));

	nest = NEST(m, OOMSNAP_A_TRIGGER);
	assert_non_null(nest);
	OK(nla_put_u32(m, OOMSNAP_TASK_A_PID, s->t_pid));
	OK(nla_put_u32(m, OOMSNAP_TASK_A_TGID, s->t_tgid));
	OK(nla_put_string(m, OOMSNAP_TASK_A_COMM, s->t_comm));
	OK(nla_put_s32(m, OOMSNAP_TASK_A_OOM_SCORE_ADJ, s->t_adj));
	OK(nla_nest_end(m, nest));

	if (!s->panic || s->panic_with_victim) {
		nest = NEST(m, OOMSNAP_A_VICTIM);
		assert_non_null(nest);
		fx_put_task(m, &s->victim);
		OK(nla_nest_end(m, nest));
	}
	if (s->send_victims) {
		size_t i;

		nest = NEST(m, OOMSNAP_A_VICTIMS);
		assert_non_null(nest);
		for (i = 0; i <= s->nr_group; i++) {
			const struct t_task *v = !i ? &s->victim :
						 &s->group[i - 1];
			struct nlattr *e;

			if (s->victims_first_differs && s->nr_group)
				v = i == 0 ? &s->group[0] :
				    i == 1 ? &s->victim : v;
			e = NEST(m, OOMSNAP_A_LIST_ENTRY);
			assert_non_null(e);
			fx_put_task(m, v);
			OK(nla_nest_end(m, e));
		}
		OK(nla_nest_end(m, nest));
	}
	if (s->has_victims_omitted)
		OK(nla_put_u32(m, OOMSNAP_A_VICTIMS_OMITTED,
			       s->victims_omitted));
	if (s->no_task_walk)
		OK(nla_put_flag(m, OOMSNAP_A_NO_TASK_WALK));
	if (s->tasks_dropped)
		OK(nla_put_flag(m, OOMSNAP_A_TASKS_DROPPED));
	if (s->boot_bin)
		OK(nla_put(m, OOMSNAP_A_BOOT_ID, OOMSNAP_BOOT_ID_BYTES,
			   s->boot_bin));
	if (s->earlier_boot)
		OK(nla_put_flag(m, OOMSNAP_A_EARLIER_BOOT));
	if (s->acknowledged)
		OK(nla_put_flag(m, OOMSNAP_A_ACKNOWLEDGED));
	if (s->panic)
		OK(nla_put_flag(m, OOMSNAP_A_PANIC));
	if (s->has_lost_before)
		OK(nla_put_u64(m, OOMSNAP_A_LOST_BEFORE, s->lost_before));

	if (s->memcg_path)
		put_memcg(m, s);
	OK(nla_put_u64(m, OOMSNAP_A_CAPTURE_NS, s->capture_ns));
	if (!s->no_counts)
		OK(nla_put_u32(m, OOMSNAP_A_TASKS_STORED, s->tasks_stored));
	OK(nla_put_u32(m, OOMSNAP_A_TASKS_OMITTED, s->tasks_omitted));
	OK(nla_put_u64(m, OOMSNAP_A_TASKS_OMITTED_RSS_PAGES,
		       s->tasks_omitted_rss));
	OK(nla_put_u32(m, OOMSNAP_A_TASKS_UNREADABLE, s->tasks_unreadable));
	OK(nla_put_u32(m, OOMSNAP_A_KTHREADS, s->kthreads));
	if (!s->no_counts)
		OK(nla_put_u32(m, OOMSNAP_A_CGROUPS_STORED,
			       s->cgroups_stored));
	OK(nla_put_u32(m, OOMSNAP_A_CGROUPS_OMITTED, s->cgroups_omitted));
	put_machine(m, s);
	return m;
}

static struct nl_msg *chunk(uint64_t seq, int type, struct nlattr **list)
{
	struct nl_msg *m = new_msg();

	OK(nla_put_u64(m, OOMSNAP_A_SEQ, seq));
	*list = NEST(m, type);
	assert_non_null(*list);
	return m;
}

struct nl_msg *fx_task_chunk(uint64_t seq, const struct t_task *rows,
			     size_t n)
{
	struct nlattr *list;
	struct nl_msg *m = chunk(seq, OOMSNAP_A_TASKS, &list);
	size_t i;

	for (i = 0; i < n; i++) {
		struct nlattr *e = NEST(m, OOMSNAP_A_LIST_ENTRY);

		assert_non_null(e);
		fx_put_task(m, &rows[i]);
		OK(nla_nest_end(m, e));
	}
	OK(nla_nest_end(m, list));
	return m;
}

struct nl_msg *fx_cgroup_chunk(uint64_t seq, const struct t_cgroup *c,
			       size_t n)
{
	struct nlattr *list;
	struct nl_msg *m = chunk(seq, OOMSNAP_A_CGROUPS, &list);
	size_t i;

	for (i = 0; i < n; i++) {
		struct nlattr *e = NEST(m, OOMSNAP_A_LIST_ENTRY);

		assert_non_null(e);
		OK(nla_put_u64(m, OOMSNAP_CGROUP_A_ID, c[i].id));
		OK(nla_put_string(m, OOMSNAP_CGROUP_A_PATH, c[i].path));
		OK(nla_nest_end(m, e));
	}
	OK(nla_nest_end(m, list));
	return m;
}
