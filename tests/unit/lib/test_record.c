// SPDX-License-Identifier: GPL-2.0
/*
 * test_record.c - unit tests of osn_record_parse(): real generic netlink
 * messages built with libnl's message API (no kernel), decoded and checked
 * field by field; every malformed variant must be refused with -EINVAL.
 * The thin (issue-3) record is built here; the full snapshot summary comes
 * from fixture.c.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "fixture.h"
#include "oomsnap.h"
#include "record.h"
#include "record_json.h"
#include "render_json.h"

/* What the test puts into a message. */
struct fx {
	uint8_t version;
	uint64_t seq, time_ns;
	uint32_t kind, page_size, gfp_mask;
	int32_t order;
	uint32_t t_pid, t_tgid;
	const char *t_comm;
	int32_t t_adj;
	uint32_t v_pid, v_tgid, v_uid;
	const char *v_comm;
	uint64_t v_total_vm, v_anon, v_file, v_shmem, v_pgtables;
	int32_t v_adj;
	const char *memcg_path;		/* NULL: no OOMSNAP_A_MEMCG nest */
	/* Attribute types to leave out (0: none). */
	int skip_top, skip_trigger, skip_victim, skip_memcg;
	bool extra;			/* add attributes unknown to the CLI */
	/* Replace the victim's comm attribute by these raw bytes. */
	const void *v_comm_raw;
	int v_comm_raw_len;
};

static const struct fx global_fx = {
	.version = OOMSNAP_GENL_VERSION,
	.seq = 7, .time_ns = 1700000000123456789ULL,
	.kind = OOMSNAP_KIND_GLOBAL, .page_size = 4096,
	.gfp_mask = 0x140dca, .order = 3,
	.t_pid = 1001, .t_tgid = 1000, .t_comm = "kworker/u8:2",
	.t_adj = -17,
	.v_pid = 4243, .v_tgid = 4242, .v_uid = 1000, .v_comm = "stress-ng",
	.v_total_vm = 25000, .v_anon = 12345, .v_file = 100, .v_shmem = 3,
	.v_pgtables = 10240, .v_adj = 500,
};

static struct fx memcg_fx(void)
{
	struct fx f = global_fx;

	f.kind = OOMSNAP_KIND_MEMCG;
	f.memcg_path = "/test/sub";
	return f;
}

static void put_task(struct nl_msg *m, const struct fx *f, bool victim)
{
	int skip = victim ? f->skip_victim : f->skip_trigger;
	/* The kernel's nla_nest_start() sets NLA_F_NESTED; do so once. */
	int type = victim ? (OOMSNAP_A_VICTIM | NLA_F_NESTED)
			  : OOMSNAP_A_TRIGGER;
	struct nlattr *nest = nla_nest_start(m, type);

	assert_non_null(nest);
#define P(attr, call) \
	do { if (skip != (attr)) assert_int_equal(call, 0); } while (0)
	P(OOMSNAP_TASK_A_PID, nla_put_u32(m, OOMSNAP_TASK_A_PID,
					  victim ? f->v_pid : f->t_pid));
	P(OOMSNAP_TASK_A_TGID, nla_put_u32(m, OOMSNAP_TASK_A_TGID,
					   victim ? f->v_tgid : f->t_tgid));
	if (victim && f->v_comm_raw)
		P(OOMSNAP_TASK_A_COMM, nla_put(m, OOMSNAP_TASK_A_COMM,
					       f->v_comm_raw_len,
					       f->v_comm_raw));
	else
		P(OOMSNAP_TASK_A_COMM,
		  nla_put_string(m, OOMSNAP_TASK_A_COMM,
				 victim ? f->v_comm : f->t_comm));
	if (victim) {
		P(OOMSNAP_TASK_A_UID, nla_put_u32(m, OOMSNAP_TASK_A_UID,
						  f->v_uid));
		assert_int_equal(nla_put(m, OOMSNAP_TASK_A_PAD, 0, NULL), 0);
		P(OOMSNAP_TASK_A_TOTAL_VM_PAGES,
		  nla_put_u64(m, OOMSNAP_TASK_A_TOTAL_VM_PAGES, f->v_total_vm));
		P(OOMSNAP_TASK_A_RSS_ANON_PAGES,
		  nla_put_u64(m, OOMSNAP_TASK_A_RSS_ANON_PAGES, f->v_anon));
		P(OOMSNAP_TASK_A_RSS_FILE_PAGES,
		  nla_put_u64(m, OOMSNAP_TASK_A_RSS_FILE_PAGES, f->v_file));
		P(OOMSNAP_TASK_A_RSS_SHMEM_PAGES,
		  nla_put_u64(m, OOMSNAP_TASK_A_RSS_SHMEM_PAGES, f->v_shmem));
		P(OOMSNAP_TASK_A_PGTABLES_BYTES,
		  nla_put_u64(m, OOMSNAP_TASK_A_PGTABLES_BYTES,
			      f->v_pgtables));
	}
	P(OOMSNAP_TASK_A_OOM_SCORE_ADJ,
	  nla_put_s32(m, OOMSNAP_TASK_A_OOM_SCORE_ADJ,
		      victim ? f->v_adj : f->t_adj));
#undef P
	if (f->extra) {
		assert_int_equal(nla_put_u32(m, OOMSNAP_TASK_A_MAX + 1, 99), 0);
		assert_int_equal(nla_put_string(m, OOMSNAP_TASK_A_MAX + 9,
						 "future"), 0);
	}
	assert_int_equal(nla_nest_end(m, nest), 0);
}

static struct nl_msg *build(const struct fx *f)
{
	struct nl_msg *m = nlmsg_alloc();
	int skip = f->skip_top;

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				    0, 0, OOMSNAP_CMD_GET, f->version));
#define P(attr, call) \
	do { if (skip != (attr)) assert_int_equal(call, 0); } while (0)
	assert_int_equal(nla_put(m, OOMSNAP_A_PAD, 0, NULL), 0);
	P(OOMSNAP_A_SEQ, nla_put_u64(m, OOMSNAP_A_SEQ, f->seq));
	P(OOMSNAP_A_TIME_NS, nla_put_u64(m, OOMSNAP_A_TIME_NS, f->time_ns));
	P(OOMSNAP_A_KIND, nla_put_u32(m, OOMSNAP_A_KIND, f->kind));
	P(OOMSNAP_A_PAGE_SIZE, nla_put_u32(m, OOMSNAP_A_PAGE_SIZE,
					   f->page_size));
	P(OOMSNAP_A_GFP_MASK, nla_put_u32(m, OOMSNAP_A_GFP_MASK, f->gfp_mask));
	P(OOMSNAP_A_ORDER, nla_put_s32(m, OOMSNAP_A_ORDER, f->order));
#undef P
	if (f->extra)
		assert_int_equal(nla_put_u64(m, OOMSNAP_A_MAX + 1, 1), 0);
	if (skip != OOMSNAP_A_TRIGGER)
		put_task(m, f, false);
	if (skip != OOMSNAP_A_VICTIM)
		put_task(m, f, true);
	if (f->memcg_path && skip != OOMSNAP_A_MEMCG) {
		struct nlattr *nest = nla_nest_start(m, OOMSNAP_A_MEMCG);

		assert_non_null(nest);
		if (f->skip_memcg != OOMSNAP_MEMCG_A_PATH)
			assert_int_equal(nla_put_string(m, OOMSNAP_MEMCG_A_PATH,
							f->memcg_path), 0);
		if (f->extra)
			assert_int_equal(nla_put_u32(m, OOMSNAP_MEMCG_A_MAX + 1,
						     5), 0);
		assert_int_equal(nla_nest_end(m, nest), 0);
	}
	if (f->extra)
		assert_int_equal(nla_put_string(m, OOMSNAP_A_MAX + 7,
						"from the future"), 0);
	return m;
}

/* Expect -EINVAL with the decoder naming a missing attribute. */
static void assert_missing(const struct fx *f, const char *what)
{
	struct nl_msg *m = build(f);
	struct osn_record r;
	const char *why = NULL;
	int err = osn_record_parse_why(nlmsg_hdr(m), &r, &why);

	nlmsg_free(m);
	if (err != -EINVAL || !why || !strstr(why, "missing"))
		fail_msg("%s: got %d (%s), want -EINVAL (missing ...)", what,
			 err, why ? why : "no reason");
}

static int parse_fx(const struct fx *f, struct osn_record *rec)
{
	struct nl_msg *m = build(f);
	int err = osn_record_parse(nlmsg_hdr(m), rec);

	nlmsg_free(m);
	return err;
}

static void test_full_global_record(void **state)
{
	struct osn_record r;

	(void)state;
	/* Poison: every field must come from the message. */
	memset(&r, 0xa5, sizeof(r));
	assert_int_equal(parse_fx(&global_fx, &r), 0);

	assert_int_equal(r.seq, 7);
	assert_true(r.time_ns == 1700000000123456789ULL);
	assert_int_equal(r.kind, OOMSNAP_KIND_GLOBAL);
	assert_int_equal(r.page_size, 4096);
	assert_int_equal(r.gfp_mask, 0x140dca);
	assert_int_equal(r.order, 3);
	assert_int_equal(r.trigger.pid, 1001);
	assert_int_equal(r.trigger.tgid, 1000);
	assert_string_equal(r.trigger.comm, "kworker/u8:2");
	assert_int_equal(r.trigger.oom_score_adj, -17);
	assert_int_equal(r.victim.pid, 4243);
	assert_int_equal(r.victim.tgid, 4242);
	assert_string_equal(r.victim.comm, "stress-ng");
	assert_int_equal(r.victim.uid, 1000);
	assert_int_equal(r.victim.total_vm_pages, 25000);
	assert_int_equal(r.victim.rss_anon_pages, 12345);
	assert_int_equal(r.victim.rss_file_pages, 100);
	assert_int_equal(r.victim.rss_shmem_pages, 3);
	assert_int_equal(r.victim.pgtables_bytes, 10240);
	assert_int_equal(r.victim.oom_score_adj, 500);
	assert_false(r.has_memcg);
	/* A thin (issue-3) record: every snapshot field is absent. */
	assert_false(r.victim.no_mm);
	assert_false(r.victim.has_points);
	assert_false(r.victim.ppid.has || r.victim.swap_ents.has ||
		     r.victim.cgroup_id.has || r.victim.start_time_ns.has);
	assert_int_equal(r.victim.state, 0);
	assert_false(r.victim.exiting);
	assert_false(r.has_gfp_flags || r.has_constraint);
	assert_int_equal(r.nodemask_words, 0);
	assert_false(r.totalpages.has || r.capture_ns.has ||
		     r.tasks_stored.has || r.tasks_omitted.has ||
		     r.cgroups_stored.has);
	assert_false(r.has_zones || r.has_meminfo || r.has_vmstat ||
		     r.has_system || r.has_tables);
	assert_null(r.zones);
	assert_null(r.vmstat);
}

static void test_large_values(void **state)
{
	struct fx f = global_fx;
	struct osn_record r;

	(void)state;
	f.seq = UINT64_MAX;
	f.time_ns = UINT64_MAX;
	f.v_total_vm = 1ULL << 40;
	f.v_pid = UINT32_MAX;
	f.v_adj = -1000;
	f.t_adj = 1000;
	assert_int_equal(parse_fx(&f, &r), 0);
	assert_true(r.seq == UINT64_MAX);
	assert_true(r.time_ns == UINT64_MAX);
	assert_true(r.victim.total_vm_pages == 1ULL << 40);
	assert_true(r.victim.pid == UINT32_MAX);
	assert_int_equal(r.victim.oom_score_adj, -1000);
	assert_int_equal(r.trigger.oom_score_adj, 1000);
}

static void test_memcg_record(void **state)
{
	struct fx f = memcg_fx();
	struct osn_record r;

	(void)state;
	assert_int_equal(parse_fx(&f, &r), 0);
	assert_int_equal(r.kind, OOMSNAP_KIND_MEMCG);
	assert_true(r.has_memcg);
	assert_string_equal(r.memcg_path, "/test/sub");
	assert_string_equal(r.victim.comm, "stress-ng");
}

static void test_sysrq_record(void **state)
{
	struct fx f = global_fx;
	struct osn_record r;

	(void)state;
	f.kind = OOMSNAP_KIND_SYSRQ;
	f.order = -1;
	f.gfp_mask = 0;
	assert_int_equal(parse_fx(&f, &r), 0);
	assert_int_equal(r.kind, OOMSNAP_KIND_SYSRQ);
	assert_int_equal(r.order, -1);
	assert_int_equal(r.gfp_mask, 0);
}

static void test_missing_top_level(void **state)
{
	static const int required[] = {
		OOMSNAP_A_SEQ, OOMSNAP_A_TIME_NS, OOMSNAP_A_KIND,
		OOMSNAP_A_PAGE_SIZE, OOMSNAP_A_GFP_MASK, OOMSNAP_A_ORDER,
		OOMSNAP_A_TRIGGER, OOMSNAP_A_VICTIM,
	};
	char what[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		struct fx f = global_fx;

		f.skip_top = required[i];
		snprintf(what, sizeof(what), "without top-level attribute %d",
			 required[i]);
		assert_missing(&f, what);
	}
}

static void test_missing_trigger_field(void **state)
{
	static const int required[] = {
		OOMSNAP_TASK_A_PID, OOMSNAP_TASK_A_TGID, OOMSNAP_TASK_A_COMM,
		OOMSNAP_TASK_A_OOM_SCORE_ADJ,
	};
	char what[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		struct fx f = global_fx;

		f.skip_trigger = required[i];
		snprintf(what, sizeof(what), "trigger without attribute %d",
			 required[i]);
		assert_missing(&f, what);
	}
}

static void test_missing_victim_field(void **state)
{
	static const int required[] = {
		OOMSNAP_TASK_A_PID, OOMSNAP_TASK_A_TGID, OOMSNAP_TASK_A_COMM,
		OOMSNAP_TASK_A_UID, OOMSNAP_TASK_A_TOTAL_VM_PAGES,
		OOMSNAP_TASK_A_RSS_ANON_PAGES, OOMSNAP_TASK_A_RSS_FILE_PAGES,
		OOMSNAP_TASK_A_RSS_SHMEM_PAGES, OOMSNAP_TASK_A_PGTABLES_BYTES,
		OOMSNAP_TASK_A_OOM_SCORE_ADJ,
	};
	char what[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		struct fx f = global_fx;

		f.skip_victim = required[i];
		snprintf(what, sizeof(what), "victim without attribute %d",
			 required[i]);
		assert_missing(&f, what);
	}
}

static void test_memcg_inconsistent(void **state)
{
	struct osn_record r;
	struct fx f;

	(void)state;
	/* memcg kind without the MEMCG nest */
	f = memcg_fx();
	f.skip_top = OOMSNAP_A_MEMCG;
	assert_missing(&f, "memcg record without OOMSNAP_A_MEMCG");
	/* MEMCG nest without its path */
	f = memcg_fx();
	f.skip_memcg = OOMSNAP_MEMCG_A_PATH;
	assert_missing(&f, "OOMSNAP_A_MEMCG without its path");
	/* a MEMCG nest on a global record */
	f = global_fx;
	f.memcg_path = "/test/sub";
	assert_int_equal(parse_fx(&f, &r), -EINVAL);
}

/* A kind from a newer module is kept, never refused (test_compat.c). */
static void test_unknown_kind(void **state)
{
	struct fx f = global_fx;
	struct osn_record r;

	(void)state;
	f.kind = __OOMSNAP_KIND_LAST;
	assert_int_equal(parse_fx(&f, &r), 0);
	assert_int_equal(r.kind, __OOMSNAP_KIND_LAST);
	osn_record_free(&r);
	f.kind = UINT32_MAX;
	assert_int_equal(parse_fx(&f, &r), 0);
	assert_int_equal(r.kind, UINT32_MAX);
	osn_record_free(&r);
}

static void test_page_size(void **state)
{
	static const uint32_t bad[] = { 0, 3, 512, 4095, 4097, 12288 };
	static const uint32_t good[] = { 4096, 16384, 65536 };
	struct osn_record r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct fx f = global_fx;

		f.page_size = bad[i];
		if (parse_fx(&f, &r) != -EINVAL)
			fail_msg("page size %u accepted", bad[i]);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		struct fx f = global_fx;

		f.page_size = good[i];
		assert_int_equal(parse_fx(&f, &r), 0);
		assert_int_equal(r.page_size, good[i]);
	}
}

static void test_comm(void **state)
{
	struct fx f = global_fx;
	struct osn_record r;

	(void)state;
	/* 15 characters + NUL: the longest comm there is */
	f.v_comm = "abcdefghijklmno";
	assert_int_equal(parse_fx(&f, &r), 0);
	assert_string_equal(r.victim.comm, "abcdefghijklmno");

	/* too long (20 characters) */
	f.v_comm = "abcdefghijklmnopqrst";
	assert_int_equal(parse_fx(&f, &r), -EINVAL);
	f = global_fx;
	f.t_comm = "abcdefghijklmnop";	/* 16 + NUL */
	assert_int_equal(parse_fx(&f, &r), -EINVAL);

	/* no NUL at all */
	f = global_fx;
	f.v_comm_raw = "abcd";
	f.v_comm_raw_len = 4;
	assert_int_equal(parse_fx(&f, &r), -EINVAL);
	/* 16 bytes, none of them NUL */
	f.v_comm_raw = "abcdefghijklmnop";
	f.v_comm_raw_len = 16;
	assert_int_equal(parse_fx(&f, &r), -EINVAL);
	/* empty attribute */
	f.v_comm_raw = "";
	f.v_comm_raw_len = 0;
	assert_int_equal(parse_fx(&f, &r), -EINVAL);
}

static void test_memcg_path_length(void **state)
{
	char path[OOMSNAP_PATH_LEN + 1];
	struct fx f = memcg_fx();
	struct osn_record r;

	(void)state;
	memset(path, 'p', sizeof(path));
	path[0] = '/';
	path[OOMSNAP_PATH_LEN - 1] = '\0';	/* 255 characters: fits */
	f.memcg_path = path;
	assert_int_equal(parse_fx(&f, &r), 0);
	assert_int_equal(strlen(r.memcg_path), OOMSNAP_PATH_LEN - 1);

	path[OOMSNAP_PATH_LEN - 1] = 'p';
	path[OOMSNAP_PATH_LEN] = '\0';		/* 256 characters: too long */
	assert_int_equal(parse_fx(&f, &r), -EINVAL);
}

/* A message whose attribute has the wrong size: refused, not guessed. */
static void test_wrong_sizes(void **state)
{
	struct nl_msg *m;
	struct fx f = global_fx;
	struct osn_record r;

	(void)state;
	/* KIND as a u64 instead of a u32 */
	f.skip_top = OOMSNAP_A_KIND;
	m = build(&f);
	assert_int_equal(nla_put_u64(m, OOMSNAP_A_KIND, 0), 0);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), &r), -EINVAL);
	nlmsg_free(m);
	/* SEQ as a u32 instead of a u64 */
	f.skip_top = OOMSNAP_A_SEQ;
	m = build(&f);
	assert_int_equal(nla_put_u32(m, OOMSNAP_A_SEQ, 1), 0);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), &r), -EINVAL);
	nlmsg_free(m);
	/* the control: the right sizes appended instead are accepted */
	f.skip_top = OOMSNAP_A_SEQ;
	m = build(&f);
	assert_int_equal(nla_put_u64(m, OOMSNAP_A_SEQ, 1), 0);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), &r), 0);
	assert_int_equal(r.seq, 1);
	nlmsg_free(m);
}

static void test_unknown_attributes_ignored(void **state)
{
	struct fx f = memcg_fx();
	struct osn_record r, plain;

	(void)state;
	assert_int_equal(parse_fx(&f, &plain), 0);
	f.extra = true;
	assert_int_equal(parse_fx(&f, &r), 0);
	assert_int_equal(r.seq, 7);
	assert_string_equal(r.victim.comm, "stress-ng");
	assert_int_equal(r.victim.oom_score_adj, 500);
	assert_string_equal(r.memcg_path, "/test/sub");
	assert_memory_equal(&r, &plain, sizeof(r));
}

static void test_newer_version_refused(void **state)
{
	struct fx f = global_fx;
	struct osn_record r;

	(void)state;
	f.version = OOMSNAP_GENL_VERSION + 1;
	assert_int_equal(parse_fx(&f, &r), -EINVAL);
}

static void test_truncated_message(void **state)
{
	struct nl_msg *m = nlmsg_alloc_simple(FAKE_FAMILY, 0);
	struct osn_record r;
	const char *why = NULL;

	(void)state;
	assert_non_null(m);
	/* No genetlink header at all. */
	assert_int_equal(osn_record_parse_why(nlmsg_hdr(m), &r, &why),
			 -EINVAL);
	assert_non_null(why);
	nlmsg_free(m);
}

/* ---- the full snapshot summary (fixture.c) ---- */

/* Decode m (freed); the result of osn_record_parse_why(). */
static int parse_msg(struct nl_msg *m, struct osn_record *r,
		     const char **why)
{
	int err = osn_record_parse_why(nlmsg_hdr(m), r, why);

	nlmsg_free(m);
	return err;
}

/* m must be refused, for a reason containing what. */
static void assert_refused(struct nl_msg *m, const char *what)
{
	struct osn_record r;
	const char *why = NULL;
	int err = parse_msg(m, &r, &why);

	if (err != -EINVAL || !why || !strstr(why, what))
		fail_msg("got %d (%s), want -EINVAL (%s)", err,
			 why ? why : "no reason", what);
}

static void test_snapshot_summary(void **state)
{
	struct osn_record r;

	(void)state;
	assert_int_equal(parse_msg(fx_summary(&snap_global), &r, NULL), 0);
	assert_true(r.has_gfp_flags);
	assert_string_equal(r.gfp_flags, "GFP_HIGHUSER_MOVABLE|__GFP_COMP");
	assert_int_equal(r.constraint, OOMSNAP_CONSTRAINT_MEMORY_POLICY);
	assert_int_equal(r.nodemask_words, 2);
	assert_true(r.nodemask[0] == 0xb);
	assert_true(r.totalpages.v == 2000000);
	/* the victim is a full row */
	assert_int_equal(r.victim.ppid.v, 1);
	assert_int_equal(r.victim.state, 'R');
	assert_true(r.victim.has_points && r.victim.points == 21000);
	assert_true(r.victim.swap_ents.v == 64);
	assert_true(r.victim.in_scope);
	/* counts, zones, meminfo, vmstat, system */
	assert_true(r.tasks_stored.v == 4 && r.cgroups_stored.v == 2);
	assert_int_equal(r.nr_zones, 2);
	assert_true(r.meminfo[OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL].v == 16);
	assert_false(r.meminfo[OOMSNAP_MEMINFO_A_DIRTY].has);
	assert_int_equal(r.nr_vmstat, 2);
	assert_string_equal(r.vmstat[0].name, "pgscan_direct");
	assert_true(r.vmstat[0].value == 12345);
	assert_string_equal(r.system.hostname, "web-1");
	/* a summary has no tables */
	assert_false(r.has_tables);
	assert_int_equal(r.nr_tasks, 0);
	osn_record_free(&r);
	assert_null(r.zones);
}

static void test_snapshot_memcg(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;

	(void)state;
	s.kind = OOMSNAP_KIND_MEMCG;
	s.constraint = OOMSNAP_CONSTRAINT_MEMCG;
	s.nodemask_words = 0;
	s.memcg_path = "/test/sub";
	s.mc_id = 1234;
	s.mc_usage = 25600;
	s.mc_max = 25600;
	s.mc_high = 9223372036854775807ULL / 4096;
	s.mc_swap = 0;
	s.mc_swap_max = 0;
	s.mc_oom = 3;
	s.mc_oom_kill = 2;
	assert_int_equal(parse_msg(fx_summary(&s), &r, NULL), 0);
	assert_true(r.has_memcg);
	assert_string_equal(r.memcg_path, "/test/sub");
	assert_true(r.memcg.id.has && r.memcg.id.v == 1234);
	assert_true(r.memcg.usage_pages.v == 25600);
	assert_true(r.memcg.max_pages.v == 25600);
	assert_true(r.memcg.high_pages.v == 2251799813685247ULL);
	assert_true(r.memcg.swap_max_pages.has &&
		    r.memcg.swap_max_pages.v == 0);
	assert_true(r.memcg.oom_events.v == 3 &&
		    r.memcg.oom_kill_events.v == 2);
	assert_int_equal(r.nodemask_words, 0);
	osn_record_free(&r);
}

/* NO_MM: the process is listed, its memory unknown; points may be absent. */
static void test_victim_no_mm(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;
	struct nl_msg *m;
	struct nlattr *nest;

	(void)state;
	s.victim.no_mm = true;
	s.victim.has_points = false;
	s.victim.exiting = true;
	assert_int_equal(parse_msg(fx_summary(&s), &r, NULL), 0);
	assert_true(r.victim.no_mm);
	assert_true(r.victim.exiting);
	assert_false(r.victim.has_points);
	assert_false(r.victim.swap_ents.has);
	assert_true(r.victim.total_vm_pages == 0 &&
		    osn_task_rss_pages(&r.victim) == 0);
	osn_record_free(&r);

	/* NO_MM and memory attributes: which one is true?  Refused. */
	m = fx_summary(&s);
	nest = nla_nest_start(m, OOMSNAP_A_VICTIM | NLA_F_NESTED);
	fx_put_task(m, &s.victim);	/* the last VICTIM counts */
	assert_int_equal(nla_put_u64(m, OOMSNAP_TASK_A_RSS_ANON_PAGES, 5), 0);
	assert_int_equal(nla_nest_end(m, nest), 0);
	assert_refused(m, "NO_MM");
}

/* Appended attributes replace the fixture's (libnl keeps the last one). */
static void test_snapshot_invalid(void **state)
{
	static const uint64_t words[OSN_NODEMASK_WORDS + 1] = { 1 };
	struct t_snap s = snap_global;
	struct nl_msg *m;
	struct nlattr *nest;

	(void)state;
	s.nodemask_words = 0;

	/* An unknown constraint is kept: test_compat.c. */
	m = fx_summary(&s);
	assert_int_equal(nla_put(m, OOMSNAP_A_NODEMASK, 12, words), 0);
	assert_refused(m, "not made of u64");
	m = fx_summary(&s);
	assert_int_equal(nla_put(m, OOMSNAP_A_NODEMASK, sizeof(words),
				 words), 0);
	assert_refused(m, "longer than");
	m = fx_summary(&s);
	assert_int_equal(nla_put(m, OOMSNAP_A_NODEMASK, 0, NULL), 0);
	assert_refused(m, "empty");

	/* refused by libnl's policy check or by the decoder: either way */
	m = fx_summary(&s);
	assert_int_equal(nla_put(m, OOMSNAP_A_GFP_FLAGS, 3, "abc"), 0);
	assert_refused(m, "");

	m = fx_summary(&s);
	assert_int_equal(nla_put_u64(m, OOMSNAP_A_TASKS_STORED, 4), 0);
	assert_refused(m, "wrong size");

	/* a flag with a payload */
	m = fx_summary(&s);
	nest = nla_nest_start(m, OOMSNAP_A_VICTIM | NLA_F_NESTED);
	fx_put_task(m, &snap_rows[0]);
	assert_int_equal(nla_put_u32(m, OOMSNAP_TASK_A_EXITING, 1), 0);
	assert_int_equal(nla_nest_end(m, nest), 0);
	assert_refused(m, "flag");
}

static void test_snapshot_machine_invalid(void **state)
{
	static const uint64_t orders[OSN_MAX_ORDERS + 1];
	struct nl_msg *m;
	struct nlattr *nest, *e;

	(void)state;
	/* a zone without its free blocks */
	m = fx_summary(&snap_global);
	nest = nla_nest_start(m, OOMSNAP_A_ZONES | NLA_F_NESTED);
	e = nla_nest_start(m, OOMSNAP_A_LIST_ENTRY | NLA_F_NESTED);
	assert_int_equal(nla_put_u32(m, OOMSNAP_ZONE_A_NODE, 0), 0);
	assert_int_equal(nla_put_string(m, OOMSNAP_ZONE_A_NAME, "Normal"), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_FREE_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_MIN_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_LOW_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_HIGH_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_BOOST_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_MANAGED_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_PRESENT_PAGES, 1), 0);
	assert_int_equal(nla_put(m, OOMSNAP_ZONE_A_LOWMEM_RESERVE, 8, orders),
			 0);
	assert_int_equal(nla_nest_end(m, e), 0);
	assert_int_equal(nla_nest_end(m, nest), 0);
	assert_refused(m, "missing OOMSNAP_ZONE_A_FREE_BLOCKS");

	/* more orders than this CLI keeps */
	m = fx_summary(&snap_global);
	nest = nla_nest_start(m, OOMSNAP_A_ZONES | NLA_F_NESTED);
	e = nla_nest_start(m, OOMSNAP_A_LIST_ENTRY | NLA_F_NESTED);
	assert_int_equal(nla_put_u32(m, OOMSNAP_ZONE_A_NODE, 0), 0);
	assert_int_equal(nla_put_string(m, OOMSNAP_ZONE_A_NAME, "Normal"), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_FREE_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_MIN_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_LOW_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_HIGH_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_BOOST_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_MANAGED_PAGES, 1), 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_ZONE_A_PRESENT_PAGES, 1), 0);
	assert_int_equal(nla_put(m, OOMSNAP_ZONE_A_LOWMEM_RESERVE, 8, orders),
			 0);
	assert_int_equal(nla_put(m, OOMSNAP_ZONE_A_FREE_BLOCKS,
				 sizeof(orders), orders), 0);
	assert_int_equal(nla_nest_end(m, e), 0);
	assert_int_equal(nla_nest_end(m, nest), 0);
	assert_refused(m, "longer than");

	/* a vmstat counter without a value */
	m = fx_summary(&snap_global);
	nest = nla_nest_start(m, OOMSNAP_A_VMSTAT | NLA_F_NESTED);
	e = nla_nest_start(m, OOMSNAP_A_LIST_ENTRY | NLA_F_NESTED);
	assert_int_equal(nla_put_string(m, OOMSNAP_VMSTAT_A_NAME, "oom_kill"),
			 0);
	assert_int_equal(nla_nest_end(m, e), 0);
	assert_int_equal(nla_nest_end(m, nest), 0);
	assert_refused(m, "missing OOMSNAP_VMSTAT_A_VALUE");

	/* a system nest without the hostname */
	m = fx_summary(&snap_global);
	nest = nla_nest_start(m, OOMSNAP_A_SYSTEM | NLA_F_NESTED);
	assert_int_equal(nla_put_string(m, OOMSNAP_SYSTEM_A_RELEASE, "6.1"),
			 0);
	assert_int_equal(nla_put_u64(m, OOMSNAP_SYSTEM_A_UPTIME_NS, 1), 0);
	assert_int_equal(nla_nest_end(m, nest), 0);
	assert_refused(m, "missing OOMSNAP_SYSTEM_A_HOSTNAME");

	/* a meminfo value of the wrong size */
	m = fx_summary(&snap_global);
	nest = nla_nest_start(m, OOMSNAP_A_MEMINFO | NLA_F_NESTED);
	assert_int_equal(nla_put_u32(m, OOMSNAP_MEMINFO_A_MEM_FREE, 1), 0);
	assert_int_equal(nla_nest_end(m, nest), 0);
	assert_refused(m, "wrong size");
}

/* Optional parts really are optional: no boot id, empty zone list. */
static void test_snapshot_optional_parts(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;

	(void)state;
	s.boot_id = NULL;
	s.nr_zones = 0;
	s.nr_vmstat = 0;
	s.meminfo_set = 0;
	s.gfp_flags = NULL;
	assert_int_equal(parse_msg(fx_summary(&s), &r, NULL), 0);
	assert_true(r.has_system);
	assert_false(r.system.has_boot_id);
	assert_false(r.has_gfp_flags);
	/* libnl drops empty nests: absent, as from an older module */
	assert_int_equal(r.nr_zones, 0);
	assert_int_equal(r.nr_vmstat, 0);
	osn_record_free(&r);
}

/* ---- records of earlier boots, acknowledgement, panic, losses ---- */

/* "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b" as 16 bytes */
static const uint8_t boot_a[16] = {
	0x0f, 0x3c, 0x1b, 0x8e, 0x2c, 0x7e, 0x4d, 0x7e,
	0x9b, 0x7a, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b,
};

static void test_boot_attributes(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;

	(void)state;
	s.boot_bin = boot_a;
	s.earlier_boot = true;
	s.acknowledged = true;
	s.has_lost_before = true;
	s.lost_before = 3;
	memset(&r, 0xa5, sizeof(r));
	assert_int_equal(parse_msg(fx_summary(&s), &r, NULL), 0);
	assert_true(r.has_boot_id);
	assert_memory_equal(r.boot_id, boot_a, 16);
	assert_true(r.earlier_boot);
	assert_true(r.acknowledged);
	assert_false(r.panic);
	assert_true(r.has_victim);
	assert_true(r.lost_before.has && r.lost_before.v == 3);
	osn_record_free(&r);

	/* An older module sends none of them: all absent, false. */
	memset(&r, 0xa5, sizeof(r));
	assert_int_equal(parse_msg(fx_summary(&snap_global), &r, NULL), 0);
	assert_false(r.has_boot_id);
	assert_false(r.earlier_boot);
	assert_false(r.acknowledged);
	assert_false(r.panic);
	assert_false(r.lost_before.has);
	assert_true(r.has_victim);
	osn_record_free(&r);
}

/* panic_on_oom: the kernel panicked before choosing a victim. */
static void test_panic_without_victim(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;

	(void)state;
	s.panic = true;
	s.boot_bin = boot_a;
	memset(&r, 0xa5, sizeof(r));
	assert_int_equal(parse_msg(fx_summary(&s), &r, NULL), 0);
	assert_true(r.panic);
	assert_false(r.has_victim);
	assert_int_equal(r.victim.pid, 0);
	assert_int_equal(r.victim.comm[0], '\0');
	/* the rest of the record is all there */
	assert_int_equal(r.seq, 42);
	assert_int_equal(r.trigger.pid, 501);
	assert_int_equal(r.nr_zones, 2);
	assert_null(osn_record_victim_row(&r));
	osn_record_free(&r);
}

static void test_victim_required_unless_panic(void **state)
{
	struct t_snap s = snap_global;

	(void)state;
	/* no victim, no PANIC: refused */
	s.panic = true;
	{
		struct nl_msg *m = fx_summary(&s);
		struct nlattr *a = nlmsg_find_attr(nlmsg_hdr(m),
						   GENL_HDRLEN,
						   OOMSNAP_A_PANIC);

		/* Take PANIC out again: rename it to an unknown type. */
		assert_non_null(a);
		a->nla_type = OOMSNAP_A_MAX + 5;
		assert_refused(m, "missing OOMSNAP_A_VICTIM");
	}
	/* PANIC with a victim: inconsistent, refused */
	s.panic_with_victim = true;
	assert_refused(fx_summary(&s), "OOMSNAP_A_VICTIM on a panic record");
}

static void test_boot_attributes_invalid(void **state)
{
	struct t_snap s = snap_global;
	struct nl_msg *m;

	(void)state;
	/* a boot id of 15 bytes */
	m = fx_summary(&s);
	assert_int_equal(nla_put(m, OOMSNAP_A_BOOT_ID, 15, boot_a), 0);
	assert_refused(m, "wrong size");
	/* an earlier boot, but which one? */
	s.earlier_boot = true;
	assert_refused(fx_summary(&s), "EARLIER_BOOT without");
	s.earlier_boot = false;
	/* a flag with a payload */
	m = fx_summary(&s);
	assert_int_equal(nla_put_u32(m, OOMSNAP_A_ACKNOWLEDGED, 1), 0);
	assert_refused(m, "flag");
	/* LOST_BEFORE is a u64 (libnl's policy already refuses 4 bytes) */
	m = fx_summary(&s);
	assert_int_equal(nla_put_u32(m, OOMSNAP_A_LOST_BEFORE, 1), 0);
	assert_refused(m, "malformed attributes");
}

/*
 * Issue 10, item 3: one record per out_of_memory() call, with every
 * victim: OOMSNAP_A_VICTIMS decoded, the first the victim itself, the JSON
 * "victims" array (each as "victim"), and back from JSON the same record.
 */
static void test_victims_group(void **state)
{
	static const struct t_task group[2] = {
		{ .pid = 5001, .tgid = 5001, .ppid = 1, .uid = 0,
		  .comm = "member-a", .state = 'S', .total_vm = 1000,
		  .anon = 300, .file = 20, .shmem = 1, .pgtables_bytes = 8192,
		  .swap_ents = 0, .adj = 0, .has_points = true, .points = 321,
		  .cgroup_id = 77, .start_ns = 5 },
		{ .pid = 5002, .tgid = 5002, .comm = "member-b",
		  .no_mm = true, .exiting = true, .cgroup_id = 77 },
	};
	struct t_snap s = snap_global;
	struct osn_record r, back;
	struct json_object *o, *a;
	const char *why;

	(void)state;
	s.send_victims = true;
	s.group = group;
	s.nr_group = 2;
	s.has_victims_omitted = true;
	s.victims_omitted = 3;
	assert_int_equal(parse_msg(fx_summary(&s), &r, NULL), 0);
	assert_true(r.has_victims);
	assert_int_equal(r.nr_victims, 3);
	assert_memory_equal(&r.victims[0], &r.victim, sizeof(r.victim));
	assert_int_equal(r.victims[1].pid, 5001);
	assert_true(r.victims[1].rss_anon_pages == 300);
	assert_true(r.victims[1].has_points && r.victims[1].points == 321);
	assert_int_equal(r.victims[2].pid, 5002);
	assert_true(r.victims[2].no_mm && r.victims[2].exiting);
	assert_true(r.victims_omitted.has && r.victims_omitted.v == 3);
	assert_false(r.no_task_walk);

	o = osn_record_to_json(&r);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "victims", &a));
	assert_int_equal(json_object_array_length(a), 3);
	assert_int_equal(json_object_get_int(json_object_object_get(
		json_object_array_get_idx(a, 1), "pid")), 5001);
	/* 300 pages of 4 kB */
	assert_int_equal(json_object_get_int(json_object_object_get(
		json_object_array_get_idx(a, 1), "anon_rss_kb")), 1200);
	assert_string_equal(json_object_to_json_string(
		json_object_array_get_idx(a, 0)),
		json_object_to_json_string(json_object_object_get(o,
								  "victim")));
	assert_int_equal(osn_record_from_json(o, &back, &why), 0);
	assert_int_equal(back.nr_victims, 3);
	assert_int_equal(back.victims[2].pid, 5002);
	assert_true(back.victims_omitted.v == 3);
	json_object_put(o);
	osn_record_free(&back);
	osn_record_free(&r);

	/* the rate-limited and dropped-table flags */
	s.send_victims = false;
	s.no_task_walk = true;
	s.tasks_dropped = true;
	assert_int_equal(parse_msg(fx_summary(&s), &r, NULL), 0);
	assert_false(r.has_victims);
	assert_true(r.no_task_walk && r.tasks_dropped);
	osn_record_free(&r);

	/* the first of the victims must be the victim */
	s = snap_global;
	s.send_victims = true;
	s.group = group;
	s.nr_group = 1;
	s.victims_first_differs = true;
	assert_int_equal(parse_msg(fx_summary(&s), &r, &why), -EINVAL);
	assert_non_null(strstr(why, "not OOMSNAP_A_VICTIM"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_victims_group),
		cmocka_unit_test(test_full_global_record),
		cmocka_unit_test(test_large_values),
		cmocka_unit_test(test_memcg_record),
		cmocka_unit_test(test_sysrq_record),
		cmocka_unit_test(test_missing_top_level),
		cmocka_unit_test(test_missing_trigger_field),
		cmocka_unit_test(test_missing_victim_field),
		cmocka_unit_test(test_memcg_inconsistent),
		cmocka_unit_test(test_unknown_kind),
		cmocka_unit_test(test_page_size),
		cmocka_unit_test(test_comm),
		cmocka_unit_test(test_memcg_path_length),
		cmocka_unit_test(test_wrong_sizes),
		cmocka_unit_test(test_unknown_attributes_ignored),
		cmocka_unit_test(test_newer_version_refused),
		cmocka_unit_test(test_truncated_message),
		cmocka_unit_test(test_snapshot_summary),
		cmocka_unit_test(test_snapshot_memcg),
		cmocka_unit_test(test_victim_no_mm),
		cmocka_unit_test(test_snapshot_invalid),
		cmocka_unit_test(test_snapshot_machine_invalid),
		cmocka_unit_test(test_snapshot_optional_parts),
		cmocka_unit_test(test_boot_attributes),
		cmocka_unit_test(test_panic_without_victim),
		cmocka_unit_test(test_victim_required_unless_panic),
		cmocka_unit_test(test_boot_attributes_invalid),
	};

	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
