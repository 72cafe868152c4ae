// SPDX-License-Identifier: GPL-2.0
/*
 * test_facts.c - the facts userspace hands the module (lib/facts.c, the
 * SET_FACTS request of nlclient.c) and how records and STATUS carry them
 * back: procfs files parsed strictly (what does not parse stays absent,
 * never 0), the request's nest holds exactly what was read, a record's
 * FACTS_AGE_NS decoded and put in JSON (null when absent), the STATUS
 * facts nest decoded, refused without its age, rendered.  The procfs
 * files are written here, in the kernel's format; nothing is sent.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "facts.h"
#include "fixture.h"
#include "nlclient.h"
#include "record.h"
#include "render_json.h"
#include "status.h"

#define OK(call)	assert_int_equal((call), 0)

static char dir[64];

static void put_file(const char *name, const char *text)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	char path[128];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/osn-facts-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sys", dir);
	OK(mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/sys/vm", dir);
	OK(mkdir(path, 0755));
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* /proc/meminfo as 6.12 prints it (excerpt). */
static const char meminfo[] =
	"MemTotal:         236604 kB\n"
	"SwapCached:            0 kB\n"
	"SwapTotal:       2097148 kB\n"
	"SwapFree:        2097148 kB\n"
	"HugePages_Total:       3\n"
	"HugePages_Free:        1\n"
	"HugePages_Rsvd:        0\n"
	"Hugepagesize:       2048 kB\n";

static void test_read(void **state)
{
	struct osn_facts f;
	const char *why = "x";

	(void)state;
	put_file("meminfo", meminfo);
	put_file("sys/vm/overcommit_memory", "1\n");
	put_file("sys/vm/panic_on_oom", "0\n");
	assert_int_equal(osn_facts_read(dir, &f, &why), 5);
	assert_null(why);
	assert_true(f.v[OOMSNAP_MEMINFO_A_SWAP_TOTAL].has);
	assert_int_equal(f.v[OOMSNAP_MEMINFO_A_SWAP_TOTAL].v, 2097148);
	assert_int_equal(f.v[OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL].v, 3);
	assert_int_equal(f.v[OOMSNAP_MEMINFO_A_HUGEPAGES_FREE].v, 1);
	assert_true(f.v[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE].has);
	assert_int_equal(f.v[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE].v, 1);
	assert_true(f.v[OOMSNAP_MEMINFO_A_PANIC_ON_OOM].has);
	assert_int_equal(f.v[OOMSNAP_MEMINFO_A_PANIC_ON_OOM].v, 0);
	/* SwapFree, MemTotal are not facts: the module reads them */
	assert_false(f.v[OOMSNAP_MEMINFO_A_SWAP_FREE].has);
	assert_false(f.v[OOMSNAP_MEMINFO_A_MEM_TOTAL].has);
}

/* What does not parse is absent, not 0; a missing file too. */
static void test_read_partial(void **state)
{
	struct osn_facts f;
	char path[128];

	(void)state;
	put_file("meminfo", "SwapTotal:   12x kB\nHugePages_Total:  -1\n"
		 "HugePages_Free:        7\n");
	put_file("sys/vm/overcommit_memory", "banana\n");
	snprintf(path, sizeof(path), "%s/sys/vm/panic_on_oom", dir);
	unlink(path);
	assert_int_equal(osn_facts_read(dir, &f, NULL), 1);
	assert_false(f.v[OOMSNAP_MEMINFO_A_SWAP_TOTAL].has);
	assert_false(f.v[OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL].has);
	assert_true(f.v[OOMSNAP_MEMINFO_A_HUGEPAGES_FREE].has);
	assert_false(f.v[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE].has);
	assert_false(f.v[OOMSNAP_MEMINFO_A_PANIC_ON_OOM].has);
}

static void test_read_none(void **state)
{
	struct osn_facts f;
	const char *why = NULL;
	char path[128];

	(void)state;
	snprintf(path, sizeof(path), "%s/nowhere", dir);
	assert_int_equal(osn_facts_read(path, &f, &why), -ENOENT);
	assert_non_null(why);
	assert_non_null(strstr(why, "nowhere/meminfo"));
}

/* The request: SET_FACTS, an ACK asked for, a nest of exactly the facts. */
static void test_request(void **state)
{
	struct nlattr *tb[OOMSNAP_A_MAX + 1], *mi[OOMSNAP_MEMINFO_A_MAX + 1];
	struct osn_facts f;
	struct nl_msg *m;
	struct nlmsghdr *nlh;
	int i, n = 0;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.v[OOMSNAP_MEMINFO_A_SWAP_TOTAL] = (struct osn_opt){ true, 0 };
	f.v[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE] = (struct osn_opt){ true, 2 };
	OK(osn_nl_build_facts(FAKE_FAMILY, &f, &m));
	nlh = nlmsg_hdr(m);
	assert_int_equal(nlh->nlmsg_type, FAKE_FAMILY);
	assert_true(nlh->nlmsg_flags & NLM_F_ACK);
	assert_int_equal(((struct genlmsghdr *)nlmsg_data(nlh))->cmd,
			 OOMSNAP_CMD_SET_FACTS);
	OK(genlmsg_parse(nlh, 0, tb, OOMSNAP_A_MAX, NULL));
	for (i = 0; i <= OOMSNAP_A_MAX; i++)
		n += tb[i] != NULL;
	assert_int_equal(n, 1);
	assert_non_null(tb[OOMSNAP_A_MEMINFO]);
	OK(nla_parse_nested(mi, OOMSNAP_MEMINFO_A_MAX, tb[OOMSNAP_A_MEMINFO],
			    NULL));
	for (i = 0, n = 0; i <= OOMSNAP_MEMINFO_A_MAX; i++)
		n += mi[i] != NULL;
	assert_int_equal(n, 2);
	/* a swap total of 0 is a fact, sent as 0 */
	assert_non_null(mi[OOMSNAP_MEMINFO_A_SWAP_TOTAL]);
	assert_int_equal(nla_get_u64(mi[OOMSNAP_MEMINFO_A_SWAP_TOTAL]), 0);
	assert_int_equal(nla_get_u64(mi[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE]), 2);
	nlmsg_free(m);
}

static struct json_object *record_json(bool with_age)
{
	struct nl_msg *m = fx_summary(&snap_global);
	struct osn_record rec;
	struct json_object *o, *v;

	assert_non_null(m);
	if (with_age)
		OK(nla_put_u64(m, OOMSNAP_A_FACTS_AGE_NS, 4500000000ULL));
	OK(osn_record_parse(nlmsg_hdr(m), &rec));
	nlmsg_free(m);
	assert_int_equal(rec.facts_age_ns.has, with_age);
	if (with_age)
		assert_int_equal(rec.facts_age_ns.v, 4500000000ULL);
	o = osn_record_to_json(&rec);
	osn_record_free(&rec);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "facts_age_ns", &v));
	return o;
}

static void test_record_age(void **state)
{
	struct json_object *o, *v;

	(void)state;
	o = record_json(true);
	json_object_object_get_ex(o, "facts_age_ns", &v);
	assert_true(json_object_is_type(v, json_type_int));
	assert_int_equal(json_object_get_int64(v), 4500000000LL);
	json_object_put(o);
	o = record_json(false);
	json_object_object_get_ex(o, "facts_age_ns", &v);
	assert_null(v);
	json_object_put(o);
}

static struct nl_msg *status_msg(bool facts, bool age)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *nest, *f;
	static const uint8_t boot[16] = { 1 };

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				    0, 0, OOMSNAP_CMD_STATUS,
				    OOMSNAP_GENL_VERSION));
	nest = nla_nest_start(m, OOMSNAP_A_STATUS | NLA_F_NESTED);
	OK(nla_put_string(m, OOMSNAP_STATUS_A_VERSION, "0.2.0"));
	OK(nla_put_u32(m, OOMSNAP_STATUS_A_CAPACITY, 8));
	OK(nla_put_u32(m, OOMSNAP_STATUS_A_RECORDS, 0));
	OK(nla_put_u32(m, OOMSNAP_STATUS_A_UNACKED, 0));
	OK(nla_put_u32(m, OOMSNAP_STATUS_A_EARLIER_BOOT, 0));
	OK(nla_put_u64(m, OOMSNAP_STATUS_A_LOST, 0));
	OK(nla_put_u64(m, OOMSNAP_STATUS_A_CORRUPT, 0));
	OK(nla_put(m, OOMSNAP_STATUS_A_BOOT_ID, 16, boot));
	if (facts) {
		f = nla_nest_start(m, OOMSNAP_STATUS_A_FACTS | NLA_F_NESTED);
		OK(nla_put_u64(m, OOMSNAP_MEMINFO_A_SWAP_TOTAL, 1024));
		OK(nla_put_u64(m, OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL, 2));
		OK(nla_put_u64(m, OOMSNAP_MEMINFO_A_HUGEPAGES_FREE, 2));
		OK(nla_put_u64(m, OOMSNAP_MEMINFO_A_PANIC_ON_OOM, 1));
		OK(nla_nest_end(m, f));
	}
	if (age)
		OK(nla_put_u64(m, OOMSNAP_STATUS_A_FACTS_AGE_NS,
			       12000000001ULL));
	OK(nla_nest_end(m, nest));
	return m;
}

static void test_status(void **state)
{
	struct osn_status st;
	struct nl_msg *m;
	struct json_object *o, *f, *v;
	const char *why = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	m = status_msg(true, true);
	OK(osn_status_parse(nlmsg_hdr(m), &st, NULL));
	nlmsg_free(m);
	assert_true(st.has_facts);
	assert_int_equal(st.facts_age_ns, 12000000001ULL);
	assert_int_equal(st.facts[OOMSNAP_MEMINFO_A_SWAP_TOTAL].v, 1024);
	assert_false(st.facts[OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE].has);

	o = osn_status_to_json(&st);
	assert_true(json_object_object_get_ex(o, "facts", &f));
	assert_int_equal(json_object_object_length(f), 6);
	json_object_object_get_ex(f, "age_ns", &v);
	assert_int_equal(json_object_get_int64(v), 12000000001LL);
	json_object_object_get_ex(f, "swap_total_kb", &v);
	assert_int_equal(json_object_get_int64(v), 1024);
	json_object_object_get_ex(f, "panic_on_oom", &v);
	assert_int_equal(json_object_get_int64(v), 1);
	assert_true(json_object_object_get_ex(f, "overcommit_mode", &v));
	assert_null(v);
	json_object_put(o);

	fp = open_memstream(&text, &len);
	OK(osn_text_status(fp, &st));
	fclose(fp);
	/* 12000000001 ns: 12 s */
	assert_non_null(strstr(text, "facts:         handed in 12 s ago: "
			       "swap_total_kb 1024 hugepages_total 2 "
			       "hugepages_free 2 overcommit_mode unknown "
			       "panic_on_oom 1\n"));
	free(text);

	/* facts without their age: refused */
	m = status_msg(true, false);
	assert_int_equal(osn_status_parse(nlmsg_hdr(m), &st, &why), -EINVAL);
	nlmsg_free(m);
	assert_non_null(strstr(why, "FACTS_AGE_NS"));

	/* none handed in: null, and the text says how to */
	m = status_msg(false, false);
	OK(osn_status_parse(nlmsg_hdr(m), &st, NULL));
	nlmsg_free(m);
	assert_false(st.has_facts);
	o = osn_status_to_json(&st);
	assert_true(json_object_object_get_ex(o, "facts", &f));
	assert_null(f);
	json_object_put(o);
	text = NULL;
	fp = open_memstream(&text, &len);
	OK(osn_text_status(fp, &st));
	fclose(fp);
	assert_non_null(strstr(text, "facts:         none handed in"));
	assert_non_null(strstr(text, "oomsnap facts"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read),
		cmocka_unit_test(test_read_partial),
		cmocka_unit_test(test_read_none),
		cmocka_unit_test(test_request),
		cmocka_unit_test(test_record_age),
		cmocka_unit_test(test_status),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
