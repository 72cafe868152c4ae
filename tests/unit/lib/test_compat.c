// SPDX-License-Identifier: GPL-2.0
/*
 * test_compat.c - unit tests of what a CLI older than the module must
 * survive: a kind or constraint it does not know (decoded, kept as the
 * number, shown as "unknown(N)" in JSON and text), and a LIST reply with a
 * record that does not decode (osn_nl_list_msg(), the per-message handling
 * of osn_nl_list_tolerant(): the others still arrive, the bad one is
 * described with its seq and boot id); and, of a broken one, page counts
 * whose kB would wrap (refused, never printed wrapped).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "assemble.h"
#include "fixture.h"
#include "format.h"
#include "nlclient.h"
#include "record.h"
#include "render_json.h"
#include "render_text.h"

static const uint8_t boot_x[OOMSNAP_BOOT_ID_BYTES] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

static int parse_snap(const struct t_snap *s, struct osn_record *r,
		      const char **why)
{
	struct nl_msg *m = fx_summary(s);
	int err = osn_record_parse_why(nlmsg_hdr(m), r, why);

	nlmsg_free(m);
	return err;
}

static const char *json_str(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		fail_msg("key '%s' missing or not a string", key);
	return json_object_get_string(v);
}

static char *render(int (*fn)(FILE *, const struct osn_record *),
		    const struct osn_record *rec)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(f, rec), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_enum_strings(void **state)
{
	char buf[OSN_ENUM_LEN];

	(void)state;
	assert_string_equal(osn_kind_str(OOMSNAP_KIND_MEMCG, buf, sizeof(buf)),
			    "memcg");
	assert_string_equal(osn_kind_str(7, buf, sizeof(buf)), "unknown(7)");
	assert_string_equal(osn_kind_str(UINT32_MAX, buf, sizeof(buf)),
			    "unknown(4294967295)");
	assert_string_equal(osn_constraint_str(OOMSNAP_CONSTRAINT_CPUSET, buf,
					       sizeof(buf)), "cpuset");
	assert_string_equal(osn_constraint_str(42, buf, sizeof(buf)),
			    "unknown(42)");
	assert_string_equal(osn_constraint_kernel_str(OOMSNAP_CONSTRAINT_NONE,
						      buf, sizeof(buf)),
			    "CONSTRAINT_NONE");
	assert_string_equal(osn_constraint_kernel_str(42, buf, sizeof(buf)),
			    "unknown(42)");
	assert_null(osn_kind_help(99));
}

/* kind 99, constraint 42: decoded, numbers kept, "unknown(N)" shown. */
static void test_unknown_kind_and_constraint(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;
	struct json_object *o, *trigger;
	const char *why = NULL;
	char *text;

	(void)state;
	s.kind = 99;
	s.constraint = 42;
	if (parse_snap(&s, &r, &why))
		fail_msg("refused: %s", why ? why : "?");
	assert_int_equal(r.kind, 99);
	assert_true(r.has_constraint);
	assert_int_equal(r.constraint, 42);
	assert_false(r.has_memcg);

	o = osn_record_to_json(&r);
	assert_non_null(o);
	assert_string_equal(json_str(o, "kind"), "unknown(99)");
	assert_true(json_object_object_get_ex(o, "trigger", &trigger));
	assert_string_equal(json_str(trigger, "constraint"), "unknown(42)");
	json_object_put(o);

	text = render(osn_text_list_line, &r);
	assert_non_null(strstr(text, " unknown(99) "));
	free(text);
	text = render(osn_text_show, &r);
	assert_non_null(strstr(text, "kind:      unknown(99) ("));
	assert_non_null(strstr(text, "oom-kill:constraint=unknown(42),"));
	free(text);
	osn_record_free(&r);
}

/* An unknown kind with a MEMCG nest, or without one: both decode. */
static void test_unknown_kind_memcg_nest(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;
	struct json_object *o, *memcg;
	const char *why = NULL;
	char *text;

	(void)state;
	s.kind = 7;
	s.memcg_path = "/newer/kind";
	s.mc_id = 5;
	if (parse_snap(&s, &r, &why))
		fail_msg("refused: %s", why ? why : "?");
	assert_true(r.has_memcg);
	assert_string_equal(r.memcg_path, "/newer/kind");
	o = osn_record_to_json(&r);
	assert_non_null(o);
	assert_string_equal(json_str(o, "kind"), "unknown(7)");
	assert_true(json_object_object_get_ex(o, "memcg", &memcg));
	assert_string_equal(json_str(memcg, "path"), "/newer/kind");
	json_object_put(o);
	text = render(osn_text_show, &r);
	assert_non_null(strstr(text, "unknown(7)"));
	free(text);
	osn_record_free(&r);

	/* A known kind still keeps its rule. */
	s.kind = OOMSNAP_KIND_GLOBAL;
	assert_int_equal(parse_snap(&s, &r, &why), -EINVAL);
	assert_non_null(strstr(why, "OOMSNAP_A_MEMCG"));
	s.kind = OOMSNAP_KIND_MEMCG;
	s.memcg_path = NULL;
	assert_int_equal(parse_snap(&s, &r, &why), -EINVAL);
}

/* What the callbacks saw. */
struct seen {
	unsigned int good, bad;
	uint64_t good_seq[4];
	struct osn_undecodable u[4];
	int stop_good, stop_bad;	/* return codes */
};

static int on_good(struct osn_record *rec, void *arg)
{
	struct seen *s = arg;

	if (s->good < 4)
		s->good_seq[s->good] = rec->seq;
	s->good++;
	return s->stop_good;
}

static int on_bad(const struct osn_undecodable *u, void *arg)
{
	struct seen *s = arg;

	if (s->bad < 4)
		s->u[s->bad] = *u;
	s->bad++;
	return s->stop_bad;
}

static int feed(struct nl_msg *m, osn_bad_record_cb bad, struct seen *seen)
{
	int err = osn_nl_list_msg(nlmsg_hdr(m), on_good, bad, seen);

	nlmsg_free(m);
	return err;
}

static void test_list_msg_good(void **state)
{
	struct seen seen = { .good = 0 };

	(void)state;
	assert_int_equal(feed(fx_summary(&snap_global), on_bad, &seen), 0);
	assert_int_equal(seen.good, 1);
	assert_int_equal(seen.bad, 0);
	assert_int_equal(seen.good_seq[0], snap_global.seq);
	/* the callback stops: its code comes back */
	seen.stop_good = -ENOSPC;
	assert_int_equal(feed(fx_summary(&snap_global), on_bad, &seen),
			 -ENOSPC);
	seen.stop_good = 1;
	assert_int_equal(feed(fx_summary(&snap_global), on_bad, &seen),
			 -EINVAL);
}

static void test_list_msg_bad(void **state)
{
	struct t_snap s = snap_global;
	struct seen seen = { .good = 0 };

	(void)state;
	s.seq = 77;
	s.boot_bin = boot_x;
	s.page_size = 1000;		/* refused: not a power of two */
	assert_int_equal(feed(fx_summary(&s), on_bad, &seen), 0);
	assert_int_equal(seen.good, 0);
	assert_int_equal(seen.bad, 1);
	assert_true(seen.u[0].has_seq);
	assert_int_equal(seen.u[0].seq, 77);
	assert_true(seen.u[0].has_boot_id);
	assert_memory_equal(seen.u[0].boot_id, boot_x, sizeof(boot_x));
	assert_non_null(strstr(seen.u[0].why, "page size"));

	/* without a boot id */
	s.boot_bin = NULL;
	assert_int_equal(feed(fx_summary(&s), on_bad, &seen), 0);
	assert_int_equal(seen.bad, 2);
	assert_true(seen.u[1].has_seq);
	assert_false(seen.u[1].has_boot_id);

	/* bad stops: its code comes back */
	seen.stop_bad = -ECANCELED;
	assert_int_equal(feed(fx_summary(&s), on_bad, &seen), -ECANCELED);
	assert_int_equal(seen.bad, 3);
	seen.stop_bad = 2;
	assert_int_equal(feed(fx_summary(&s), on_bad, &seen), -EINVAL);

	/* no bad callback: skipped */
	assert_int_equal(feed(fx_summary(&s), NULL, &seen), 0);
	assert_int_equal(seen.bad, 4);
	assert_int_equal(seen.good, 0);
}

/* Attributes that do not parse: seq still found; a SEQ of the wrong size
 * or a truncated message: none. */
static void test_list_msg_salvage(void **state)
{
	struct seen seen = { .good = 0 };
	struct nl_msg *m;
	uint32_t short_seq = 5;
	uint16_t short_kind = 1;

	(void)state;
	/* a u32 of 2 bytes: the policy refuses the attribute stream */
	m = fx_summary(&snap_global);
	assert_int_equal(nla_put(m, OOMSNAP_A_KIND, sizeof(short_kind),
				 &short_kind), 0);
	assert_int_equal(feed(m, on_bad, &seen), 0);
	assert_int_equal(seen.bad, 1);
	assert_true(seen.u[0].has_seq);
	assert_int_equal(seen.u[0].seq, snap_global.seq);
	assert_non_null(strstr(seen.u[0].why, "malformed"));

	m = nlmsg_alloc();
	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				    0, NLM_F_MULTI, OOMSNAP_CMD_LIST,
				    OOMSNAP_GENL_VERSION));
	assert_int_equal(nla_put(m, OOMSNAP_A_SEQ, sizeof(short_seq),
				 &short_seq), 0);
	assert_int_equal(nla_put(m, OOMSNAP_A_BOOT_ID, 4, boot_x), 0);
	assert_int_equal(feed(m, on_bad, &seen), 0);
	assert_int_equal(seen.bad, 2);
	assert_false(seen.u[1].has_seq);
	assert_false(seen.u[1].has_boot_id);
	assert_true(seen.u[1].why[0] != '\0');

	/* only a netlink header: no genl header at all */
	m = nlmsg_alloc_simple(FAKE_FAMILY, NLM_F_MULTI);
	assert_non_null(m);
	assert_int_equal(feed(m, on_bad, &seen), 0);
	assert_int_equal(seen.bad, 3);
	assert_false(seen.u[2].has_seq);
	assert_non_null(strstr(seen.u[2].why, "truncated"));
}

/* A dump of good, bad, good: both good records arrive, in order. */
static void test_list_msg_sequence(void **state)
{
	struct t_snap a = snap_global, b = snap_global, c = snap_global;
	struct seen seen = { .good = 0 };

	(void)state;
	a.seq = 1;
	b.seq = 2;
	b.kind = OOMSNAP_KIND_MEMCG;	/* without its MEMCG nest: refused */
	c.seq = 3;
	c.kind = 12;			/* unknown: decoded */
	assert_int_equal(feed(fx_summary(&a), on_bad, &seen), 0);
	assert_int_equal(feed(fx_summary(&b), on_bad, &seen), 0);
	assert_int_equal(feed(fx_summary(&c), on_bad, &seen), 0);
	assert_int_equal(seen.good, 2);
	assert_int_equal(seen.good_seq[0], 1);
	assert_int_equal(seen.good_seq[1], 3);
	assert_int_equal(seen.bad, 1);
	assert_int_equal(seen.u[0].seq, 2);
	assert_non_null(strstr(seen.u[0].why, "OOMSNAP_A_MEMCG"));
}

/* Page counts whose kB would wrap are refused, not printed wrapped. */
static void test_kb_overflow_refused(void **state)
{
	struct t_snap s = snap_global;
	struct t_task rows[SNAP_ROWS];
	struct osn_assembly as;
	struct osn_record r;
	struct nl_msg *m;
	const char *why = NULL;

	(void)state;
	s.victim.anon = UINT64_MAX / 4 + 1;	/* 4 kB a page */
	assert_int_equal(parse_snap(&s, &r, &why), -EINVAL);
	assert_non_null(strstr(why, "does not fit in 64 bits"));
	s.victim.anon = UINT64_MAX / 4;
	s.victim.file = UINT64_MAX / 4;		/* the sum wraps */
	assert_int_equal(parse_snap(&s, &r, &why), -EINVAL);
	s = snap_global;
	s.victim.anon = UINT64_MAX / 4;		/* the largest that fits */
	s.victim.file = s.victim.shmem = 0;
	assert_int_equal(parse_snap(&s, &r, &why), 0);
	osn_record_free(&r);

	/* a row of the task table */
	memcpy(rows, snap_rows, sizeof(rows));
	rows[1].total_vm = UINT64_MAX;
	osn_assembly_init(&as);
	m = fx_summary(&snap_global);
	assert_int_equal(osn_assembly_add(&as, nlmsg_hdr(m)), 0);
	nlmsg_free(m);
	m = fx_task_chunk(snap_global.seq, rows, SNAP_ROWS);
	assert_int_equal(osn_assembly_add(&as, nlmsg_hdr(m)), -EINVAL);
	assert_non_null(strstr(as.why, "does not fit in 64 bits"));
	nlmsg_free(m);
	osn_assembly_free(&as);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enum_strings),
		cmocka_unit_test(test_unknown_kind_and_constraint),
		cmocka_unit_test(test_unknown_kind_memcg_nest),
		cmocka_unit_test(test_list_msg_good),
		cmocka_unit_test(test_list_msg_bad),
		cmocka_unit_test(test_list_msg_salvage),
		cmocka_unit_test(test_list_msg_sequence),
		cmocka_unit_test(test_kb_overflow_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
