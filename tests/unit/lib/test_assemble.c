// SPDX-License-Identifier: GPL-2.0
/*
 * test_assemble.c - unit tests of the GET dump assembly (assemble.c): the
 * messages of fixture.c (summary, task chunks, cgroup chunk) become one
 * record with every field; any inconsistency (counts, SEQ, order, a second
 * summary) is refused and nothing is handed out.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "assemble.h"
#include "fixture.h"
#include "record.h"

/* Add m to a and free it; the result of osn_assembly_add(). */
static int feed(struct osn_assembly *a, struct nl_msg *m)
{
	int err = osn_assembly_add(a, nlmsg_hdr(m));

	nlmsg_free(m);
	return err;
}

/* The standard dump: summary, rows 0-2, row 3, both cgroups. */
static void feed_standard(struct osn_assembly *a, const struct t_snap *s)
{
	assert_int_equal(feed(a, fx_summary(s)), 0);
	assert_int_equal(feed(a, fx_task_chunk(s->seq, snap_rows, 3)), 0);
	assert_int_equal(feed(a, fx_task_chunk(s->seq, snap_rows + 3, 1)), 0);
	assert_int_equal(feed(a, fx_cgroup_chunk(s->seq, snap_cgroups, 2)),
			 0);
}

static const struct osn_task *row_by_pid(const struct osn_record *r,
					 uint32_t pid)
{
	size_t i;

	for (i = 0; i < r->nr_tasks; i++)
		if (r->tasks[i].pid == pid)
			return &r->tasks[i];
	fail_msg("no row with pid %u", pid);
	return NULL;
}

static void test_dump_assembles(void **state)
{
	struct osn_assembly a;
	struct osn_record r;
	const struct osn_task *t;
	const struct osn_zone *z;

	(void)state;
	memset(&r, 0xa5, sizeof(r));	/* poison: all must come from finish */
	osn_assembly_init(&a);
	feed_standard(&a, &snap_global);
	assert_int_equal(osn_assembly_finish(&a, &r), 0);

	/* summary */
	assert_int_equal(r.seq, 42);
	assert_true(r.time_ns == 1700000000000000000ULL);
	assert_int_equal(r.kind, OOMSNAP_KIND_GLOBAL);
	assert_int_equal(r.page_size, 4096);
	assert_int_equal(r.gfp_mask, 0x140dca);
	assert_true(r.has_gfp_flags);
	assert_string_equal(r.gfp_flags, "GFP_HIGHUSER_MOVABLE|__GFP_COMP");
	assert_int_equal(r.order, 0);
	assert_true(r.has_constraint);
	assert_int_equal(r.constraint, OOMSNAP_CONSTRAINT_MEMORY_POLICY);
	assert_int_equal(r.nodemask_words, 2);
	assert_true(r.nodemask[0] == 0xb && r.nodemask[1] == 0);
	assert_true(r.totalpages.has && r.totalpages.v == 2000000);
	assert_true(r.capture_ns.has && r.capture_ns.v == 123456);
	assert_int_equal(r.trigger.pid, 501);
	assert_int_equal(r.trigger.tgid, 500);
	assert_string_equal(r.trigger.comm, "allocator");
	assert_false(r.has_memcg);
	assert_true(r.tasks_stored.has && r.tasks_stored.v == 4);
	assert_true(r.tasks_omitted.has && r.tasks_omitted.v == 2);
	assert_true(r.tasks_omitted_rss_pages.v == 1000);
	assert_true(r.tasks_unreadable.v == 1 && r.kthreads.v == 50);
	assert_true(r.cgroups_stored.v == 2 && r.cgroups_omitted.has &&
		    r.cgroups_omitted.v == 0);

	/* victim: a full row */
	assert_int_equal(r.victim.pid, 4242);
	assert_int_equal(r.victim.ppid.v, 1);
	assert_int_equal(r.victim.state, 'R');
	assert_true(r.victim.swap_ents.has && r.victim.swap_ents.v == 64);
	assert_true(r.victim.has_points && r.victim.points == 21000);
	assert_true(r.victim.cgroup_id.has && r.victim.cgroup_id.v == 77);
	assert_true(r.victim.start_time_ns.v == 5000000000ULL);
	assert_true(r.victim.in_scope);
	assert_false(r.victim.exiting);
	assert_false(r.victim.no_mm);

	/* machine */
	assert_true(r.has_zones);
	assert_int_equal(r.nr_zones, 2);
	z = &r.zones[0];
	assert_int_equal(z->node, 0);
	assert_string_equal(z->name, "DMA32");
	assert_true(z->free == 1000 && z->min == 100 && z->low == 125 &&
		    z->high == 150 && z->boost == 0 && z->managed == 200000 &&
		    z->present == 262144);
	assert_int_equal(z->nr_reserve, 5);
	assert_true(z->lowmem_reserve[2] == 1000 && z->lowmem_reserve[4] == 0);
	assert_int_equal(z->nr_orders, 11);
	assert_true(z->free_blocks[0] == 3 && z->free_blocks[10] == 1);
	assert_string_equal(r.zones[1].name, "Normal");
	assert_true(r.zones[1].boost == 7);
	assert_true(r.has_meminfo);
	assert_true(r.meminfo[OOMSNAP_MEMINFO_A_MEM_TOTAL].has);
	assert_true(r.meminfo[OOMSNAP_MEMINFO_A_MEM_TOTAL].v == 8000000);
	assert_false(r.meminfo[OOMSNAP_MEMINFO_A_SWAP_TOTAL].has);
	assert_true(r.meminfo[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE].v == 2);
	assert_true(r.has_vmstat);
	assert_int_equal(r.nr_vmstat, 2);
	assert_string_equal(r.vmstat[1].name, "oom_kill");
	assert_true(r.vmstat[1].value == 3);
	assert_true(r.has_system);
	assert_string_equal(r.system.release, "6.1.0-13-amd64");
	assert_string_equal(r.system.hostname, "web-1");
	assert_true(r.system.uptime_ns == 100000000000ULL);
	assert_true(r.system.has_boot_id);
	assert_string_equal(r.system.boot_id,
			    "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b");

	/* the tables */
	assert_true(r.has_tables);
	assert_int_equal(r.nr_tasks, 4);
	assert_int_equal(r.nr_cgroups, 2);
	t = row_by_pid(&r, 3001);
	assert_int_equal(t->tgid, 3000);
	assert_string_equal(t->comm, "bigdb");
	assert_int_equal(t->uid, 999);
	assert_int_equal(t->state, 'S');
	assert_true(t->total_vm_pages == 90000 && t->rss_anon_pages == 30000 &&
		    t->rss_file_pages == 500 && t->rss_shmem_pages == 0 &&
		    t->pgtables_bytes == 409600);
	assert_int_equal(t->oom_score_adj, -1000);
	assert_false(t->has_points);
	assert_true(t->in_scope);
	assert_string_equal(osn_record_cgroup_path(&r, t->cgroup_id.v),
			    "/system.slice");
	t = row_by_pid(&r, 900);
	assert_true(t->no_mm);
	assert_false(t->swap_ents.has);
	assert_int_equal(t->state, 'D');
	assert_int_equal(t->ppid.v, 800);
	assert_null(osn_record_cgroup_path(&r, t->cgroup_id.v));
	t = osn_record_victim_row(&r);
	assert_non_null(t);
	assert_int_equal(t->pid, 4242);
	assert_string_equal(osn_record_cgroup_path(&r, t->cgroup_id.v),
			    "/user.slice/hog.scope");
	/* the assembly let go of the record */
	assert_null(a.rec.tasks);
	osn_record_free(&r);
	osn_assembly_free(&a);
}

static void test_dump_without_rows(void **state)
{
	struct t_snap s = snap_global;
	struct osn_assembly a;
	struct osn_record r;

	(void)state;
	s.tasks_stored = 0;
	s.cgroups_stored = 0;
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&s)), 0);
	assert_int_equal(osn_assembly_finish(&a, &r), 0);
	assert_true(r.has_tables);
	assert_int_equal(r.nr_tasks, 0);
	assert_null(osn_record_victim_row(&r));
	osn_record_free(&r);
	osn_assembly_free(&a);
}

/* finish must refuse, name why, and leave *out alone. */
static void assert_finish_refused(struct osn_assembly *a, const char *why)
{
	struct osn_record r;

	memset(&r, 0x5a, sizeof(r));
	assert_int_equal(osn_assembly_finish(a, &r), -EINVAL);
	assert_non_null(a->why);
	if (!strstr(a->why, why))
		fail_msg("refused for '%s', expected '%s'", a->why, why);
	assert_int_equal(r.seq, 0x5a5a5a5a5a5a5a5aULL);
	osn_assembly_free(a);
}

static void assert_add_refused(struct osn_assembly *a, struct nl_msg *m,
			       const char *why)
{
	assert_int_equal(feed(a, m), -EINVAL);
	assert_non_null(a->why);
	if (!strstr(a->why, why))
		fail_msg("refused for '%s', expected '%s'", a->why, why);
	osn_assembly_free(a);
}

static void test_dump_fewer_rows(void **state)
{
	struct osn_assembly a;

	(void)state;
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(42, snap_rows, 3)), 0);
	assert_int_equal(feed(&a, fx_cgroup_chunk(42, snap_cgroups, 2)), 0);
	assert_finish_refused(&a, "fewer task rows");
}

static void test_dump_more_rows(void **state)
{
	struct t_snap s = snap_global;
	struct osn_assembly a;

	(void)state;
	s.tasks_stored = 3;	/* but 4 come */
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&s)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(42, snap_rows, 3)), 0);
	assert_add_refused(&a, fx_task_chunk(42, snap_rows + 3, 1),
			   "more task rows");
}

static void test_dump_cgroup_counts(void **state)
{
	struct t_snap s = snap_global;
	struct osn_assembly a;

	(void)state;
	/* one cgroup short */
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&s)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(42, snap_rows, 4)), 0);
	assert_int_equal(feed(&a, fx_cgroup_chunk(42, snap_cgroups, 1)), 0);
	assert_finish_refused(&a, "fewer cgroups");
	/* one too many */
	s.cgroups_stored = 1;
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&s)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(42, snap_rows, 4)), 0);
	assert_add_refused(&a, fx_cgroup_chunk(42, snap_cgroups, 2),
			   "more cgroups");
}

static void test_dump_wrong_seq(void **state)
{
	struct osn_assembly a;

	(void)state;
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(42, snap_rows, 3)), 0);
	assert_add_refused(&a, fx_task_chunk(41, snap_rows + 3, 1),
			   "another record");
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(42, snap_rows, 4)), 0);
	assert_add_refused(&a, fx_cgroup_chunk(43, snap_cgroups, 2),
			   "another record");
}

static void test_dump_out_of_order(void **state)
{
	struct osn_assembly a;
	struct nl_msg *m;
	struct nlattr *list;

	(void)state;
	/* task rows after the cgroups */
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(42, snap_rows, 3)), 0);
	assert_int_equal(feed(&a, fx_cgroup_chunk(42, snap_cgroups, 2)), 0);
	assert_add_refused(&a, fx_task_chunk(42, snap_rows + 3, 1),
			   "after the cgroup table");
	/* a continuation first */
	osn_assembly_init(&a);
	assert_add_refused(&a, fx_task_chunk(42, snap_rows, 3),
			   "before the summary");
	/* two summaries */
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	assert_add_refused(&a, fx_summary(&snap_global), "second");
	/* both tables in one message */
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	m = fx_task_chunk(42, snap_rows, 1);
	list = nla_nest_start(m, OOMSNAP_A_CGROUPS | NLA_F_NESTED);
	assert_non_null(list);
	/* libnl drops an empty nest: keep it, it is there all the same */
	assert_int_equal(nla_nest_end_keep_empty(m, list), 0);
	assert_add_refused(&a, m, "both tables");
	/* nothing at all */
	osn_assembly_init(&a);
	assert_finish_refused(&a, "no record");
}

static void test_dump_chunk_without_seq(void **state)
{
	struct osn_assembly a;
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *list, *e;

	(void)state;
	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				    0, 0, OOMSNAP_CMD_GET,
				    OOMSNAP_GENL_VERSION));
	list = nla_nest_start(m, OOMSNAP_A_TASKS | NLA_F_NESTED);
	e = nla_nest_start(m, OOMSNAP_A_LIST_ENTRY | NLA_F_NESTED);
	fx_put_task(m, &snap_rows[0]);
	assert_int_equal(nla_nest_end(m, e), 0);
	assert_int_equal(nla_nest_end(m, list), 0);
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	assert_add_refused(&a, m, "without OOMSNAP_A_SEQ");
}

/* A summary that does not say how many rows follow cannot be checked. */
static void test_dump_summary_without_counts(void **state)
{
	struct t_snap s = snap_global;
	struct osn_assembly a;

	(void)state;
	s.no_counts = true;
	osn_assembly_init(&a);
	assert_add_refused(&a, fx_summary(&s), "how many");
}

static void test_dump_duplicate_cgroup(void **state)
{
	static const struct t_cgroup twice[2] = {
		{ 78, "/system.slice" }, { 78, "/other" },
	};
	struct osn_assembly a;

	(void)state;
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(42, snap_rows, 4)), 0);
	assert_int_equal(feed(&a, fx_cgroup_chunk(42, twice, 2)), 0);
	assert_finish_refused(&a, "twice");
}

/* A continuation message with an open list nest of type (close it). */
static struct nl_msg *begin_chunk(int type, struct nlattr **list)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				    0, 0, OOMSNAP_CMD_GET,
				    OOMSNAP_GENL_VERSION));
	assert_int_equal(nla_put_u64(m, OOMSNAP_A_SEQ, 42), 0);
	*list = nla_nest_start(m, type | NLA_F_NESTED);
	assert_non_null(*list);
	return m;
}

/* A task row must carry what the kernel always sends for one. */
static void test_dump_bad_row(void **state)
{
	struct t_task row = snap_rows[3];
	struct osn_assembly a;
	struct nl_msg *m;
	struct nlattr *list, *e;

	(void)state;
	/* memory attributes on a NO_MM row */
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	m = begin_chunk(OOMSNAP_A_TASKS, &list);
	e = nla_nest_start(m, OOMSNAP_A_LIST_ENTRY | NLA_F_NESTED);
	fx_put_task(m, &row);
	assert_int_equal(nla_put_u64(m, OOMSNAP_TASK_A_TOTAL_VM_PAGES, 1), 0);
	assert_int_equal(nla_nest_end(m, e), 0);
	assert_int_equal(nla_nest_end(m, list), 0);
	assert_add_refused(&a, m, "NO_MM");

	/* a row without its swap entries */
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	m = begin_chunk(OOMSNAP_A_TASKS, &list);
	e = nla_nest_start(m, OOMSNAP_A_LIST_ENTRY | NLA_F_NESTED);
	assert_int_equal(nla_put_u32(m, OOMSNAP_TASK_A_PID, 1), 0);
	assert_int_equal(nla_put_u32(m, OOMSNAP_TASK_A_TGID, 1), 0);
	assert_int_equal(nla_put_u32(m, OOMSNAP_TASK_A_PPID, 0), 0);
	assert_int_equal(nla_put_u32(m, OOMSNAP_TASK_A_UID, 0), 0);
	assert_int_equal(nla_put_string(m, OOMSNAP_TASK_A_COMM, "init"), 0);
	assert_int_equal(nla_put_s32(m, OOMSNAP_TASK_A_OOM_SCORE_ADJ, 0), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_TASK_A_CGROUP_ID, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_TASK_A_START_TIME_NS, 0), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_TASK_A_TOTAL_VM_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_TASK_A_RSS_ANON_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_TASK_A_RSS_FILE_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_TASK_A_RSS_SHMEM_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_TASK_A_PGTABLES_BYTES, 1), 0);
	assert_int_equal(nla_nest_end(m, e), 0);
	assert_int_equal(nla_nest_end(m, list), 0);
	assert_add_refused(&a, m, "missing OOMSNAP_TASK_A_SWAP_ENTS");

	/* a state that is not a letter */
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	row = snap_rows[0];
	row.state = '\x1b';
	assert_add_refused(&a, fx_task_chunk(42, &row, 1), "not a letter");
}

/*
 * Attributes of a type this CLI does not know, in a continuation or among
 * the entries of a list, are a future extension: ignored.
 */
static void test_dump_unknown_attributes(void **state)
{
	struct osn_assembly a;
	struct osn_record r;
	struct nl_msg *m;
	struct nlattr *list, *e;
	size_t i;

	(void)state;
	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(&snap_global)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(42, snap_rows, 4)), 0);
	m = begin_chunk(OOMSNAP_A_CGROUPS, &list);
	assert_int_equal(nla_put_u32(m, 2, 12345), 0);	/* not an entry */
	for (i = 0; i < 2; i++) {
		e = nla_nest_start(m, OOMSNAP_A_LIST_ENTRY | NLA_F_NESTED);
		assert_int_equal(nla_put_u64(m, OOMSNAP_CGROUP_A_ID,
					     snap_cgroups[i].id), 0);
		assert_int_equal(nla_put_string(m, OOMSNAP_CGROUP_A_PATH,
						snap_cgroups[i].path), 0);
		assert_int_equal(nla_put_u32(m, OOMSNAP_CGROUP_A_MAX + 4, 1),
				 0);
		assert_int_equal(nla_nest_end(m, e), 0);
	}
	assert_int_equal(nla_nest_end(m, list), 0);
	assert_int_equal(nla_put_u32(m, OOMSNAP_A_MAX + 3, 7), 0);
	assert_int_equal(feed(&a, m), 0);
	assert_int_equal(osn_assembly_finish(&a, &r), 0);
	assert_int_equal(r.nr_cgroups, 2);
	/* sorted by id */
	assert_true(r.cgroups[0].id == 77 && r.cgroups[1].id == 78);
	osn_record_free(&r);
	osn_assembly_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dump_assembles),
		cmocka_unit_test(test_dump_without_rows),
		cmocka_unit_test(test_dump_fewer_rows),
		cmocka_unit_test(test_dump_more_rows),
		cmocka_unit_test(test_dump_cgroup_counts),
		cmocka_unit_test(test_dump_wrong_seq),
		cmocka_unit_test(test_dump_out_of_order),
		cmocka_unit_test(test_dump_chunk_without_seq),
		cmocka_unit_test(test_dump_summary_without_counts),
		cmocka_unit_test(test_dump_duplicate_cgroup),
		cmocka_unit_test(test_dump_bad_row),
		cmocka_unit_test(test_dump_unknown_attributes),
	};

	return cmocka_run_group_tests_name("assemble", tests, NULL, NULL);
}
