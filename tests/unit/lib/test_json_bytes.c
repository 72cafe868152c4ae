// SPDX-License-Identifier: GPL-2.0
/*
 * test_json_bytes.c - unit tests of the UTF-8 rule for kernel strings in
 * JSON (json_bytes.h) and of its use by the record and status renderers:
 * a comm cut inside a multi-byte character, a cgroup path with byte 0xff,
 * overlong forms and surrogates; zone names and gfp_flags too, and the
 * refusal of the strings that have no _hex form.  Every rendered document must parse with
 * json-c and be valid UTF-8 as printed; K_hex appears only when the bytes
 * are not UTF-8, and osn_json_get_bytes() gives the exact bytes back.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <netlink/msg.h>

#include "assemble.h"
#include "fixture.h"
#include "json_bytes.h"
#include "record.h"
#include "render_json.h"
#include "status.h"

/* "процессор" is 18 bytes; comm keeps 15: 7 letters and half of "о". */
#define CUT_COMM	"\xd0\xbf\xd1\x80\xd0\xbe\xd1\x86\xd0\xb5\xd1\x81\xd1\x81\xd0"
/* The same with the lone lead byte as U+FFFD. */
#define CUT_FIXED	"\xd0\xbf\xd1\x80\xd0\xbe\xd1\x86\xd0\xb5\xd1\x81\xd1\x81" \
			"\xef\xbf\xbd"
#define CUT_HEX		"d0bfd180d0bed186d0b5d181d181d0"
#define FF_PATH		"/system.slice/a\xff" "b.service"
#define FF_HEX		"2f73797374656d2e736c6963652f61ff622e73657276696365"

static const char *printed(struct json_object *o)
{
	return json_object_to_json_string_ext(o, OSN_JSON_FLAGS);
}

/* The printed form of o is UTF-8 and parses back; returns the parse. */
static struct json_object *check_doc(struct json_object *o)
{
	const char *s = printed(o);
	struct json_object *back;

	assert_non_null(s);
	if (!osn_utf8_valid(s, strlen(s)))
		fail_msg("the JSON printed is not valid UTF-8: %s", s);
	back = json_tokener_parse(s);
	if (!back)
		fail_msg("the JSON printed does not parse: %s", s);
	return back;
}

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v) || !v)
		fail_msg("key '%s' missing or null", key);
	return v;
}

static bool has_key(struct json_object *o, const char *key)
{
	return json_object_object_get_ex(o, key, NULL);
}

/* key of o is want (as printed), key_hex is hex (NULL: must be absent),
 * and get_bytes gives raw back. */
static void check_key(struct json_object *o, const char *key,
		      const char *want, const char *hex, const char *raw)
{
	char hkey[64], buf[512];

	snprintf(hkey, sizeof(hkey), "%s_hex", key);
	assert_string_equal(json_object_get_string(member(o, key)), want);
	if (hex)
		assert_string_equal(json_object_get_string(member(o, hkey)),
				    hex);
	else if (has_key(o, hkey))
		fail_msg("'%s' present for valid UTF-8", hkey);
	assert_int_equal(osn_json_get_bytes(o, key, buf, sizeof(buf)), 0);
	assert_string_equal(buf, raw);
}

static void test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		bool valid;
	} cases[] = {
		{ "", true },
		{ "plain ascii", true },
		{ "\xd0\xbf\xd1\x80\xd0\xbe", true },		/* "про" */
		{ "\xe2\x82\xac", true },			/* U+20AC */
		{ "\xf0\x9f\x98\x80", true },			/* U+1F600 */
		{ "\xf4\x8f\xbf\xbf", true },			/* U+10FFFF */
		{ "\xed\x9f\xbf", true },			/* U+D7FF */
		{ CUT_COMM, false },				/* cut */
		{ "\xff", false },
		{ "\x80", false },				/* lone cont. */
		{ "\xc0\xaf", false },				/* overlong / */
		{ "\xc1\xbf", false },				/* overlong */
		{ "\xe0\x80\xaf", false },			/* overlong / */
		{ "\xe0\x9f\xbf", false },			/* overlong */
		{ "\xf0\x80\x80\xaf", false },			/* overlong / */
		{ "\xf0\x8f\xbf\xbf", false },			/* overlong */
		{ "\xed\xa0\x80", false },			/* U+D800 */
		{ "\xed\xbf\xbf", false },			/* U+DFFF */
		{ "\xed\xa0\xbd\xed\xb8\x80", false },		/* CESU pair */
		{ "\xf4\x90\x80\x80", false },			/* > U+10FFFF */
		{ "\xf5\x80\x80\x80", false },
		{ "\xe2\x82", false },				/* truncated */
		{ "a\xe2\x28\xa1", false },			/* bad cont. */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (osn_utf8_valid(cases[i].s, strlen(cases[i].s)) !=
		    cases[i].valid)
			fail_msg("case %zu: want %s", i,
				 cases[i].valid ? "valid" : "invalid");
}

static void test_add_bytes(void **state)
{
	static const struct {
		const char *raw, *want, *hex;
	} cases[] = {
		{ "hog", "hog", NULL },
		{ "\xf0\x9f\x98\x80x", "\xf0\x9f\x98\x80x", NULL },
		{ CUT_COMM, CUT_FIXED, CUT_HEX },
		{ FF_PATH, "/system.slice/a\xef\xbf\xbd" "b.service", FF_HEX },
		/* overlong "/": each of its bytes is invalid on its own */
		{ "a\xc0\xaf", "a\xef\xbf\xbd\xef\xbf\xbd", "61c0af" },
		/* U+D800, encoded: three bytes, three U+FFFD */
		{ "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		  "eda080" },
		{ "\xf4\x90\x80\x80",
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		  "f4908080" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct json_object *o = json_object_new_object(), *back;

		assert_non_null(o);
		assert_int_equal(osn_json_add_bytes(o, "k", cases[i].raw), 0);
		back = check_doc(o);
		check_key(o, "k", cases[i].want, cases[i].hex, cases[i].raw);
		check_key(back, "k", cases[i].want, cases[i].hex,
			  cases[i].raw);
		json_object_put(back);
		json_object_put(o);
	}
}

static void test_add_bytes_null(void **state)
{
	struct json_object *o = json_object_new_object(), *v = NULL;
	char buf[8];

	(void)state;
	assert_non_null(o);
	assert_int_equal(osn_json_add_bytes(o, "k", NULL), 0);
	assert_true(json_object_object_get_ex(o, "k", &v));
	assert_null(v);
	assert_false(has_key(o, "k_hex"));
	assert_int_equal(osn_json_get_bytes(o, "k", buf, sizeof(buf)), 1);
	assert_string_equal(buf, "");
	json_object_put(o);
}

static void test_get_bytes_refused(void **state)
{
	struct json_object *o;
	char buf[8];

	(void)state;
	o = json_tokener_parse("{\"k\":\"x\",\"k_hex\":\"6\"}");
	assert_non_null(o);
	assert_int_equal(osn_json_get_bytes(o, "k", buf, sizeof(buf)),
			 -EINVAL);
	json_object_put(o);
	o = json_tokener_parse("{\"k\":\"x\",\"k_hex\":\"6100\"}");
	assert_non_null(o);
	assert_int_equal(osn_json_get_bytes(o, "k", buf, sizeof(buf)),
			 -EINVAL);
	json_object_put(o);
	o = json_tokener_parse("{\"k\":\"x\",\"k_hex\":\"zz\"}");
	assert_non_null(o);
	assert_int_equal(osn_json_get_bytes(o, "k", buf, sizeof(buf)),
			 -EINVAL);
	json_object_put(o);
	/* too long for buf */
	o = json_tokener_parse("{\"k\":\"x\",\"k_hex\":\"6161616161616161\"}");
	assert_non_null(o);
	assert_int_equal(osn_json_get_bytes(o, "k", buf, sizeof(buf)),
			 -EINVAL);
	json_object_put(o);
}

/* The whole record (summary and tables) of s, rows and cgroups. */
static void assemble(const struct t_snap *s, const struct t_task *rows,
		     size_t nrows, const struct t_cgroup *cg, size_t ncg,
		     struct osn_record *out)
{
	struct nl_msg *msgs[3];
	struct osn_assembly as;
	size_t i;

	msgs[0] = fx_summary(s);
	msgs[1] = fx_task_chunk(s->seq, rows, nrows);
	msgs[2] = fx_cgroup_chunk(s->seq, cg, ncg);
	osn_assembly_init(&as);
	for (i = 0; i < 3; i++) {
		if (osn_assembly_add(&as, nlmsg_hdr(msgs[i])))
			fail_msg("message %zu refused: %s", i, as.why);
		nlmsg_free(msgs[i]);
	}
	if (osn_assembly_finish(&as, out))
		fail_msg("assembly refused: %s", as.why);
	osn_assembly_free(&as);
}

static struct json_object *task_row(struct json_object *rec, uint32_t pid)
{
	struct json_object *tasks = member(rec, "tasks");
	size_t i;

	for (i = 0; i < json_object_array_length(tasks); i++) {
		struct json_object *t = json_object_array_get_idx(tasks, i);

		if (json_object_get_int64(member(t, "pid")) == pid)
			return t;
	}
	fail_msg("no task row with pid %u", pid);
	return NULL;
}

/* A memcg record whose strings are all bytes that are not UTF-8. */
static struct json_object *bad_strings_json(struct osn_record *rec)
{
	static const struct t_cgroup cg[2] = {
		{ 77, FF_PATH },
		{ 78, "/ok.slice" },
	};
	struct t_task rows[SNAP_ROWS];
	struct t_snap s = snap_global;
	struct json_object *o;

	memcpy(rows, snap_rows, sizeof(rows));
	rows[0].comm = CUT_COMM;		/* the victim's row */
	rows[2].comm = "\xed\xa0\x80sshd";	/* a surrogate */
	s.kind = OOMSNAP_KIND_MEMCG;
	s.constraint = OOMSNAP_CONSTRAINT_MEMCG;
	s.memcg_path = FF_PATH;
	s.t_comm = "\xc0\xaf" "alloc";		/* overlong "/" */
	s.victim.comm = CUT_COMM;
	s.hostname = "host\xff";
	s.release = "6.1.0-\xe0\x80\xaf";
	assemble(&s, rows, SNAP_ROWS, cg, 2, rec);
	o = osn_record_to_json(rec);
	assert_non_null(o);
	return o;
}

static void check_bad_strings(struct json_object *o)
{
	struct json_object *trigger = member(o, "trigger");
	struct json_object *victim = member(o, "victim");
	struct json_object *sys = member(o, "system");
	struct json_object *memcg = member(o, "memcg");

	check_key(trigger, "comm", "\xef\xbf\xbd\xef\xbf\xbd" "alloc",
		  "c0af616c6c6f63", "\xc0\xaf" "alloc");
	check_key(victim, "comm", CUT_FIXED, CUT_HEX, CUT_COMM);
	check_key(victim, "cgroup", "/system.slice/a\xef\xbf\xbd" "b.service",
		  FF_HEX, FF_PATH);
	check_key(memcg, "path", "/system.slice/a\xef\xbf\xbd" "b.service",
		  FF_HEX, FF_PATH);
	check_key(sys, "hostname", "host\xef\xbf\xbd", "686f7374ff",
		  "host\xff");
	check_key(sys, "release",
		  "6.1.0-\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
		  "362e312e302de080af", "6.1.0-\xe0\x80\xaf");
	check_key(task_row(o, 4242), "comm", CUT_FIXED, CUT_HEX, CUT_COMM);
	check_key(task_row(o, 4242), "cgroup",
		  "/system.slice/a\xef\xbf\xbd" "b.service", FF_HEX, FF_PATH);
	check_key(task_row(o, 800), "comm",
		  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdsshd", "eda08073736864",
		  "\xed\xa0\x80sshd");
	/* valid strings: no _hex sibling */
	check_key(task_row(o, 3001), "comm", "bigdb", NULL, "bigdb");
	check_key(task_row(o, 3001), "cgroup", "/ok.slice", NULL,
		  "/ok.slice");
	check_key(json_object_array_get_idx(member(o, "zones"), 0), "zone",
		  "DMA32", NULL, "DMA32");
}

static void test_record_json_bad_strings(void **state)
{
	struct osn_record rec;
	struct json_object *o, *back;

	(void)state;
	o = bad_strings_json(&rec);
	back = check_doc(o);
	check_bad_strings(o);
	check_bad_strings(back);	/* what a consumer reads */
	json_object_put(back);
	json_object_put(o);
	osn_record_free(&rec);
}

/* The valid fixture: no _hex key anywhere in the document. */
static void test_record_json_no_hex_when_valid(void **state)
{
	struct osn_record rec;
	struct json_object *o;

	(void)state;
	assemble(&snap_global, snap_rows, SNAP_ROWS, snap_cgroups,
		 SNAP_CGROUPS, &rec);
	o = osn_record_to_json(&rec);
	assert_non_null(o);
	json_object_put(check_doc(o));
	assert_null(strstr(printed(o), "_hex"));
	json_object_put(o);
	osn_record_free(&rec);
}

/* The same document through Python's json module, when it is there. */
static void test_record_json_python(void **state)
{
	struct osn_record rec;
	struct json_object *o;
	FILE *p;

	(void)state;
	if (access("/usr/bin/python3", X_OK)) {
		print_message("python3 not installed: skipped\n");
		skip();
	}
	o = bad_strings_json(&rec);
	p = popen("/usr/bin/python3 -c 'import json,sys; "
		  "json.load(sys.stdin)'", "w");
	assert_non_null(p);
	assert_true(fputs(printed(o), p) >= 0);
	assert_int_equal(pclose(p), 0);
	json_object_put(o);
	osn_record_free(&rec);
}

static void test_status_json_last_comm(void **state)
{
	struct osn_status st;
	struct json_object *o, *back;

	(void)state;
	memset(&st, 0, sizeof(st));
	snprintf(st.version, sizeof(st.version), "0.4");
	st.lost = 3;
	st.lost_last_pid = (struct osn_opt){ true, 4242 };
	st.has_lost_last_comm = true;
	memcpy(st.lost_last_comm, CUT_COMM, sizeof(CUT_COMM));
	o = osn_status_to_json(&st);
	assert_non_null(o);
	back = check_doc(o);
	check_key(member(o, "lost"), "last_comm", CUT_FIXED, CUT_HEX,
		  CUT_COMM);
	check_key(member(back, "lost"), "last_comm", CUT_FIXED, CUT_HEX,
		  CUT_COMM);
	json_object_put(back);
	json_object_put(o);

	snprintf(st.lost_last_comm, sizeof(st.lost_last_comm), "hog");
	o = osn_status_to_json(&st);
	assert_non_null(o);
	check_key(member(o, "lost"), "last_comm", "hog", NULL, "hog");
	json_object_put(o);
}

/* Zone names and gfp_flags take the rule too; vmstat names (JSON keys)
 * and the system boot id have no _hex form: refused by the decoder. */
static void test_other_kernel_strings(void **state)
{
	static const char *const bad_names[] = { "pgscan\xff" };
	static const uint64_t values[] = { 1 };
	struct t_zone zone = { .node = 0, .name = "DMA\xff", .nr_reserve = 1,
			       .nr_orders = 1 };
	struct t_snap s = snap_global;
	struct osn_record rec;
	struct json_object *o, *back;
	struct nl_msg *m;
	const char *why = NULL;

	(void)state;
	s.zones = &zone;
	s.nr_zones = 1;
	s.gfp_flags = "GFP_\xc0";
	m = fx_summary(&s);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), &rec), 0);
	nlmsg_free(m);
	o = osn_record_to_json(&rec);
	assert_non_null(o);
	back = check_doc(o);
	check_key(json_object_array_get_idx(member(back, "zones"), 0), "zone",
		  "DMA\xef\xbf\xbd", "444d41ff", "DMA\xff");
	check_key(member(back, "trigger"), "gfp_flags", "GFP_\xef\xbf\xbd",
		  "4746505fc0", "GFP_\xc0");
	json_object_put(back);
	json_object_put(o);
	osn_record_free(&rec);

	s = snap_global;
	s.vm_names = bad_names;
	s.vm_values = values;
	s.nr_vmstat = 1;
	m = fx_summary(&s);
	assert_int_equal(osn_record_parse_why(nlmsg_hdr(m), &rec, &why),
			 -EINVAL);
	assert_non_null(strstr(why, "vmstat counter name is not UTF-8"));
	nlmsg_free(m);

	s = snap_global;
	s.boot_id = "0f3c1b8e-\xff";
	m = fx_summary(&s);
	assert_int_equal(osn_record_parse_why(nlmsg_hdr(m), &rec, &why),
			 -EINVAL);
	assert_non_null(strstr(why, "BOOT_ID is not UTF-8"));
	nlmsg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_add_bytes),
		cmocka_unit_test(test_add_bytes_null),
		cmocka_unit_test(test_get_bytes_refused),
		cmocka_unit_test(test_record_json_bad_strings),
		cmocka_unit_test(test_record_json_no_hex_when_valid),
		cmocka_unit_test(test_record_json_python),
		cmocka_unit_test(test_status_json_last_comm),
		cmocka_unit_test(test_other_kernel_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
