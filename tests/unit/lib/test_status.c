// SPDX-License-Identifier: GPL-2.0
/*
 * test_status.c - unit tests of the issue-5 protocol pieces of the CLI:
 * the STATUS reply (persistent and volatile) decoded, refused when
 * inconsistent, rendered as text and JSON; the ACK and GET requests built
 * by nlclient's osn_nl_build_request() and parsed back with libnl; the
 * ACK reply; the notifications `watch` reads.  Messages are built with
 * libnl as kmod/genl.c puts them; nothing is sent.  Expected values are
 * worked out by hand (kB = bytes / 1024).
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
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "event.h"
#include "fixture.h"
#include "nlclient.h"
#include "status.h"

#define OK(call)	assert_int_equal((call), 0)

/* "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b" */
static const uint8_t boot_a[16] = {
	0x0f, 0x3c, 0x1b, 0x8e, 0x2c, 0x7e, 0x4d, 0x7e,
	0x9b, 0x7a, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b,
};

/* What a STATUS reply carries. */
struct st_fx {
	bool persistent, overwrite;
	uint64_t mem_address, mem_size;
	bool no_mem_address;		/* persistent, but address left out */
	const char *mem_name, *reinit;	/* NULL: not sent */
	uint32_t capacity, records, unacked, earlier;
	uint64_t lost, corrupt;
	uint32_t lost_pid;
	const char *lost_comm;		/* sent with lost_pid when lost > 0 */
	bool no_boot_id;
	bool counters;			/* the dropped counters (newer module) */
	uint64_t cnt[OSN_STATUS_NR_DROPPED];
};

static const struct st_fx persistent_fx = {
	.persistent = true, .overwrite = true,
	.mem_address = 0x100000000ULL, .mem_size = 1048576, /* 1024 kB */
	.mem_name = "oomsnap", .reinit = "bad magic",
	.capacity = 64, .records = 5, .unacked = 3, .earlier = 2,
	.lost = 7, .corrupt = 1, .lost_pid = 1234, .lost_comm = "hog",
};

static const struct st_fx volatile_fx = {
	.capacity = 128, .records = 1, .unacked = 1,
};

static struct nl_msg *status_msg(const struct st_fx *f)
{
	struct nl_msg *m = nlmsg_alloc();
	struct nlattr *nest;

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				    0, 0, OOMSNAP_CMD_STATUS,
				    OOMSNAP_GENL_VERSION));
	nest = nla_nest_start(m, OOMSNAP_A_STATUS | NLA_F_NESTED);
	assert_non_null(nest);
	OK(nla_put_string(m, OOMSNAP_STATUS_A_VERSION, "0.2.0"));
	if (f->persistent) {
		OK(nla_put_flag(m, OOMSNAP_STATUS_A_PERSISTENT));
		if (!f->no_mem_address)
			OK(nla_put_u64(m, OOMSNAP_STATUS_A_MEM_ADDRESS,
				       f->mem_address));
		OK(nla_put_u64(m, OOMSNAP_STATUS_A_MEM_SIZE, f->mem_size));
	}
	if (f->mem_name)
		OK(nla_put_string(m, OOMSNAP_STATUS_A_MEM_NAME, f->mem_name));
	OK(nla_put_u32(m, OOMSNAP_STATUS_A_CAPACITY, f->capacity));
	OK(nla_put_u32(m, OOMSNAP_STATUS_A_RECORDS, f->records));
	OK(nla_put_u32(m, OOMSNAP_STATUS_A_UNACKED, f->unacked));
	OK(nla_put_u32(m, OOMSNAP_STATUS_A_EARLIER_BOOT, f->earlier));
	OK(nla_put_u64(m, OOMSNAP_STATUS_A_LOST, f->lost));
	if (f->lost) {
		OK(nla_put_u32(m, OOMSNAP_STATUS_A_LOST_LAST_PID, f->lost_pid));
		OK(nla_put_string(m, OOMSNAP_STATUS_A_LOST_LAST_COMM,
				  f->lost_comm));
	}
	OK(nla_put_u64(m, OOMSNAP_STATUS_A_CORRUPT, f->corrupt));
	if (f->overwrite)
		OK(nla_put_flag(m, OOMSNAP_STATUS_A_OVERWRITE));
	if (f->reinit)
		OK(nla_put_string(m, OOMSNAP_STATUS_A_REINIT, f->reinit));
	if (!f->no_boot_id)
		OK(nla_put(m, OOMSNAP_STATUS_A_BOOT_ID, 16, boot_a));
	if (f->counters) {
		size_t i;

		for (i = 0; i < OSN_STATUS_NR_DROPPED; i++) {
			int a = osn_status_dropped[i].attr;

			if (a == OOMSNAP_STATUS_A_INDEX_FULL)
				OK(nla_put_u32(m, a, (uint32_t)f->cnt[i]));
			else
				OK(nla_put_u64(m, a, f->cnt[i]));
		}
	}
	/* an attribute from the future: ignored */
	OK(nla_put_u32(m, OOMSNAP_STATUS_A_MAX + 3, 1));
	OK(nla_nest_end(m, nest));
	return m;
}

static int parse_status(const struct st_fx *f, struct osn_status *st,
			const char **why)
{
	struct nl_msg *m = status_msg(f);
	int err = osn_status_parse(nlmsg_hdr(m), st, why);

	nlmsg_free(m);
	return err;
}

static char *text_of(const struct osn_status *st)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(osn_text_status(f, st), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static struct json_object *get(struct json_object *o, const char *key,
			       enum json_type t)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("key '%s' missing", key);
	if (json_object_get_type(v) != t)
		fail_msg("key '%s' is a %s, not a %s", key,
			 json_type_to_name(json_object_get_type(v)),
			 json_type_to_name(t));
	return v;
}

static int64_t get_int(struct json_object *o, const char *key)
{
	return json_object_get_int64(get(o, key, json_type_int));
}

static const char *get_str(struct json_object *o, const char *key)
{
	return json_object_get_string(get(o, key, json_type_string));
}

static struct json_object *json_of(const struct osn_status *st)
{
	struct json_object *o = osn_status_to_json(st), *back;

	assert_non_null(o);
	back = json_tokener_parse(json_object_to_json_string(o));
	assert_non_null(back);
	json_object_put(o);
	return back;
}

static void test_status_persistent(void **state)
{
	struct osn_status st;
	struct json_object *o, *lost;
	char *text;

	(void)state;
	memset(&st, 0xa5, sizeof(st));
	assert_int_equal(parse_status(&persistent_fx, &st, NULL), 0);
	assert_string_equal(st.version, "0.2.0");
	assert_true(st.persistent);
	assert_true(st.mem_address.has && st.mem_address.v == 0x100000000ULL);
	assert_true(st.mem_size.has && st.mem_size.v == 1048576);
	assert_true(st.has_mem_name);
	assert_string_equal(st.mem_name, "oomsnap");
	assert_int_equal(st.capacity, 64);
	assert_int_equal(st.records, 5);
	assert_int_equal(st.unacked, 3);
	assert_int_equal(st.earlier_boot, 2);
	assert_true(st.lost == 7 && st.corrupt == 1);
	assert_true(st.lost_last_pid.has && st.lost_last_pid.v == 1234);
	assert_string_equal(st.lost_last_comm, "hog");
	assert_true(st.overwrite);
	assert_true(st.has_reinit);
	assert_string_equal(st.reinit, "bad magic");
	assert_memory_equal(st.boot_id, boot_a, 16);

	text = text_of(&st);
	/* 0x100000000 = 4294967296; 1048576 bytes / 1024 = 1024 kB */
	assert_non_null(strstr(text, "persistent: records survive warm "
			       "reboots, region at 0x100000000 size 1024 kB"));
	assert_null(strstr(text, "volatile"));
	assert_non_null(strstr(text, "64 records"));
	assert_non_null(strstr(text, "5 held, 3 unacknowledged, 2 from "
			       "earlier boots"));
	assert_non_null(strstr(text, "7 kills"));
	assert_non_null(strstr(text, "pid 1234, hog"));
	assert_non_null(strstr(text, "1 record skipped"));
	assert_non_null(strstr(text, "overwrite oldest"));
	assert_non_null(strstr(text, "bad magic"));
	assert_non_null(strstr(text, "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b"));
	free(text);

	o = json_of(&st);
	assert_string_equal(get_str(o, "version"), "0.2.0");
	assert_true(json_object_get_boolean(get(o, "persistent",
						json_type_boolean)));
	assert_int_equal(get_int(o, "mem_address"), 4294967296LL);
	assert_int_equal(get_int(o, "mem_size_kb"), 1024);
	assert_string_equal(get_str(o, "mem_name"), "oomsnap");
	assert_int_equal(get_int(o, "capacity"), 64);
	assert_int_equal(get_int(o, "records"), 5);
	assert_int_equal(get_int(o, "unacked"), 3);
	assert_int_equal(get_int(o, "earlier_boot"), 2);
	lost = get(o, "lost", json_type_object);
	assert_int_equal(get_int(lost, "count"), 7);
	assert_int_equal(get_int(lost, "last_pid"), 1234);
	assert_string_equal(get_str(lost, "last_comm"), "hog");
	assert_int_equal(json_object_object_length(lost), 3);
	assert_int_equal(get_int(o, "corrupt"), 1);
	assert_string_equal(get_str(o, "policy"), "overwrite-oldest");
	assert_string_equal(get_str(o, "reinit"), "bad magic");
	assert_string_equal(get_str(o, "boot_id"),
			    "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b");
	/* no SET_FACTS yet: null, not zeros */
	get(o, "facts", json_type_null);
	/* an older module: every dropped counter null, none in the text */
	assert_int_equal(json_object_object_length(get(o, "dropped",
						       json_type_object)),
			 OSN_STATUS_NR_DROPPED);
	get(get(o, "dropped", json_type_object), "overwritten",
	    json_type_null);
	assert_int_equal(json_object_object_length(o), 16);
	json_object_put(o);
}

static void test_status_volatile(void **state)
{
	struct osn_status st;
	struct json_object *o, *lost;
	char *text;

	(void)state;
	assert_int_equal(parse_status(&volatile_fx, &st, NULL), 0);
	assert_false(st.persistent);
	assert_false(st.mem_address.has || st.mem_size.has);
	assert_false(st.has_mem_name || st.has_reinit || st.overwrite);
	assert_false(st.lost_last_pid.has || st.has_lost_last_comm);

	text = text_of(&st);
	assert_non_null(strstr(text, "volatile: records will not survive a "
			       "reboot"));
	assert_null(strstr(text, "persistent"));
	assert_non_null(strstr(text, "128 records"));
	assert_non_null(strstr(text, "0 kills"));
	assert_non_null(strstr(text, "keep oldest"));
	assert_null(strstr(text, "reinit"));
	free(text);

	o = json_of(&st);
	assert_false(json_object_get_boolean(get(o, "persistent",
						 json_type_boolean)));
	get(o, "mem_address", json_type_null);
	get(o, "mem_size_kb", json_type_null);
	get(o, "mem_name", json_type_null);
	get(o, "reinit", json_type_null);
	lost = get(o, "lost", json_type_object);
	assert_int_equal(get_int(lost, "count"), 0);
	get(lost, "last_pid", json_type_null);
	get(lost, "last_comm", json_type_null);
	assert_string_equal(get_str(o, "policy"), "keep-oldest");
	json_object_put(o);
}

static void assert_status_refused(const struct st_fx *f, const char *what)
{
	struct osn_status st;
	const char *why = NULL;
	int err = parse_status(f, &st, &why);

	if (err != -EINVAL || !why || !strstr(why, what))
		fail_msg("got %d (%s), want -EINVAL (%s)", err,
			 why ? why : "no reason", what);
}

static void test_status_refused(void **state)
{
	struct st_fx f = persistent_fx;
	struct nl_msg *m;
	struct osn_status st;
	const char *why = NULL;

	(void)state;
	f.no_boot_id = true;
	assert_status_refused(&f, "missing OOMSNAP_STATUS_A_BOOT_ID");
	f = persistent_fx;
	f.no_mem_address = true;
	assert_status_refused(&f, "MEM_ADDRESS");
	f = persistent_fx;
	f.unacked = 6;			/* of 5 records */
	assert_status_refused(&f, "more unacknowledged");
	f = persistent_fx;
	f.earlier = 6;
	assert_status_refused(&f, "earlier-boot");

	/* no OOMSNAP_A_STATUS nest at all */
	m = nlmsg_alloc();
	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				    0, 0, OOMSNAP_CMD_STATUS,
				    OOMSNAP_GENL_VERSION));
	assert_int_equal(osn_status_parse(nlmsg_hdr(m), &st, &why), -EINVAL);
	assert_non_null(strstr(why, "missing OOMSNAP_A_STATUS"));
	nlmsg_free(m);
}

/* The request as the kernel would parse it. */
static void parse_request(struct nl_msg *m, uint8_t cmd,
			  struct nlattr **tb)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct genlmsghdr *g = nlmsg_data(nlh);

	/* (NLM_F_REQUEST is added when libnl sends it) */
	assert_int_equal(nlh->nlmsg_type, FAKE_FAMILY);
	assert_int_equal(g->cmd, cmd);
	assert_int_equal(g->version, OOMSNAP_GENL_VERSION);
	OK(genlmsg_parse(nlh, 0, tb, OOMSNAP_A_MAX, NULL));
}

static void test_ack_request(void **state)
{
	struct osn_target t = { .has_seq = true, .seq = 5,
				.has_boot_id = true };
	struct nlattr *tb[OOMSNAP_A_MAX + 1];
	struct nl_msg *m;
	uint64_t seq;
	int i;

	(void)state;
	memcpy(t.boot_id, boot_a, 16);
	OK(osn_nl_build_request(FAKE_FAMILY, OOMSNAP_CMD_ACK, NLM_F_ACK, &t,
				&m));
	parse_request(m, OOMSNAP_CMD_ACK, tb);
	assert_true(nlmsg_hdr(m)->nlmsg_flags & NLM_F_ACK);
	assert_non_null(tb[OOMSNAP_A_SEQ]);
	assert_int_equal(nla_len(tb[OOMSNAP_A_SEQ]), 8);
	memcpy(&seq, nla_data(tb[OOMSNAP_A_SEQ]), 8);
	assert_true(seq == 5);
	assert_non_null(tb[OOMSNAP_A_BOOT_ID]);
	assert_int_equal(nla_len(tb[OOMSNAP_A_BOOT_ID]), 16);
	assert_memory_equal(nla_data(tb[OOMSNAP_A_BOOT_ID]), boot_a, 16);
	/* nothing else */
	for (i = 0; i <= OOMSNAP_A_MAX; i++)
		if (i != OOMSNAP_A_SEQ && i != OOMSNAP_A_BOOT_ID && tb[i])
			fail_msg("attribute %d in the ACK request", i);
	nlmsg_free(m);

	/* --all: the flag alone, no payload */
	memset(&t, 0, sizeof(t));
	t.ack_all = true;
	OK(osn_nl_build_request(FAKE_FAMILY, OOMSNAP_CMD_ACK, NLM_F_ACK, &t,
				&m));
	parse_request(m, OOMSNAP_CMD_ACK, tb);
	assert_non_null(tb[OOMSNAP_A_ACK_ALL]);
	assert_int_equal(nla_len(tb[OOMSNAP_A_ACK_ALL]), 0);
	for (i = 0; i <= OOMSNAP_A_MAX; i++)
		if (i != OOMSNAP_A_ACK_ALL && tb[i])
			fail_msg("attribute %d in the ACK --all request", i);
	nlmsg_free(m);
}

static void test_get_request(void **state)
{
	struct osn_target t = { .has_seq = true, .seq = 3 };
	struct nlattr *tb[OOMSNAP_A_MAX + 1];
	struct nl_msg *m;
	uint64_t seq;
	int i;

	(void)state;
	/* SEQ alone: the current boot, no boot id */
	OK(osn_nl_build_request(FAKE_FAMILY, OOMSNAP_CMD_GET, NLM_F_DUMP, &t,
				&m));
	parse_request(m, OOMSNAP_CMD_GET, tb);
	assert_true((nlmsg_hdr(m)->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP);
	memcpy(&seq, nla_data(tb[OOMSNAP_A_SEQ]), 8);
	assert_true(seq == 3);
	assert_null(tb[OOMSNAP_A_BOOT_ID]);
	assert_null(tb[OOMSNAP_A_ACK_ALL]);
	nlmsg_free(m);

	/* BOOT:SEQ */
	t.has_boot_id = true;
	memcpy(t.boot_id, boot_a, 16);
	OK(osn_nl_build_request(FAKE_FAMILY, OOMSNAP_CMD_GET, NLM_F_DUMP, &t,
				&m));
	parse_request(m, OOMSNAP_CMD_GET, tb);
	assert_int_equal(nla_len(tb[OOMSNAP_A_BOOT_ID]), 16);
	assert_memory_equal(nla_data(tb[OOMSNAP_A_BOOT_ID]), boot_a, 16);
	nlmsg_free(m);

	/* no target (newest record, LIST, STATUS): no attributes */
	OK(osn_nl_build_request(FAKE_FAMILY, OOMSNAP_CMD_STATUS, NLM_F_ACK,
				NULL, &m));
	parse_request(m, OOMSNAP_CMD_STATUS, tb);
	for (i = 0; i <= OOMSNAP_A_MAX; i++)
		assert_null(tb[i]);
	assert_int_equal(genlmsg_attrlen(nlmsg_data(nlmsg_hdr(m)), 0), 0);
	nlmsg_free(m);
}

static void test_ack_reply(void **state)
{
	struct nl_msg *m = nlmsg_alloc();
	const char *why = NULL;
	uint32_t n = 99;

	(void)state;
	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAKE_FAMILY,
				    0, 0, OOMSNAP_CMD_ACK,
				    OOMSNAP_GENL_VERSION));
	/* no OOMSNAP_A_ACKED yet */
	assert_int_equal(osn_acked_parse(nlmsg_hdr(m), &n, &why), -EINVAL);
	assert_non_null(strstr(why, "missing OOMSNAP_A_ACKED"));
	OK(nla_put_u32(m, OOMSNAP_A_ACKED, 2));
	OK(osn_acked_parse(nlmsg_hdr(m), &n, &why));
	assert_int_equal(n, 2);
	nlmsg_free(m);
}

static struct nl_msg *genl_msg(int type, uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 0, type, 0, 0, cmd, 1));
	return m;
}

static void test_events(void **state)
{
	struct nl_msg *m;
	uint64_t seq = 0;

	(void)state;
	/* a new record of the current boot */
	m = genl_msg(FAKE_FAMILY, OOMSNAP_CMD_NEW_RECORD);
	OK(nla_put_u64(m, OOMSNAP_A_SEQ, 9));
	assert_int_equal(osn_event_parse(nlmsg_hdr(m), FAKE_FAMILY, &seq),
			 OSN_EV_RECORD);
	assert_true(seq == 9);
	nlmsg_free(m);
	/* without its SEQ */
	m = genl_msg(FAKE_FAMILY, OOMSNAP_CMD_NEW_RECORD);
	assert_int_equal(osn_event_parse(nlmsg_hdr(m), FAKE_FAMILY, &seq),
			 -EINVAL);
	nlmsg_free(m);
	/* the module unloaded: nlctrl's DELFAMILY, by id or by name */
	m = genl_msg(GENL_ID_CTRL, CTRL_CMD_DELFAMILY);
	OK(nla_put_u16(m, CTRL_ATTR_FAMILY_ID, FAKE_FAMILY));
	OK(nla_put_string(m, CTRL_ATTR_FAMILY_NAME, "oomsnap"));
	assert_int_equal(osn_event_parse(nlmsg_hdr(m), FAKE_FAMILY, &seq),
			 OSN_EV_GONE);
	nlmsg_free(m);
	m = genl_msg(GENL_ID_CTRL, CTRL_CMD_DELFAMILY);
	OK(nla_put_string(m, CTRL_ATTR_FAMILY_NAME, "oomsnap"));
	assert_int_equal(osn_event_parse(nlmsg_hdr(m), FAKE_FAMILY, &seq),
			 OSN_EV_GONE);
	nlmsg_free(m);
	/* another family going away, or coming: not ours */
	m = genl_msg(GENL_ID_CTRL, CTRL_CMD_DELFAMILY);
	OK(nla_put_u16(m, CTRL_ATTR_FAMILY_ID, FAKE_FAMILY + 1));
	OK(nla_put_string(m, CTRL_ATTR_FAMILY_NAME, "oomsnapx"));
	assert_int_equal(osn_event_parse(nlmsg_hdr(m), FAKE_FAMILY, &seq),
			 OSN_EV_OTHER);
	nlmsg_free(m);
	m = genl_msg(GENL_ID_CTRL, CTRL_CMD_NEWFAMILY);
	OK(nla_put_string(m, CTRL_ATTR_FAMILY_NAME, "oomsnap"));
	assert_int_equal(osn_event_parse(nlmsg_hdr(m), FAKE_FAMILY, &seq),
			 OSN_EV_OTHER);
	nlmsg_free(m);
	/* our family, another command */
	m = genl_msg(FAKE_FAMILY, OOMSNAP_CMD_GET);
	assert_int_equal(osn_event_parse(nlmsg_hdr(m), FAKE_FAMILY, &seq),
			 OSN_EV_OTHER);
	nlmsg_free(m);
}

/*
 * Issue 10, item 2: every internal counter of what was dropped reaches
 * `oomsnap status`, text and JSON ("dropped"), zero or not.
 */
static void test_status_dropped_counters(void **state)
{
	struct st_fx f = persistent_fx;
	struct osn_status st;
	struct json_object *o, *d;
	char *text, line[128];
	size_t i;

	(void)state;
	f.counters = true;
	for (i = 0; i < OSN_STATUS_NR_DROPPED; i++)
		f.cnt[i] = i * 10 + 1;
	f.cnt[1] = 0;
	assert_int_equal(parse_status(&f, &st, NULL), 0);
	for (i = 0; i < OSN_STATUS_NR_DROPPED; i++)
		assert_true(st.dropped[i].has && st.dropped[i].v == f.cnt[i]);
	text = text_of(&st);
	assert_non_null(strstr(text, "dropped since load"));
	for (i = 0; i < OSN_STATUS_NR_DROPPED; i++) {
		snprintf(line, sizeof(line), "  %-22s %llu  ",
			 osn_status_dropped[i].key,
			 (unsigned long long)f.cnt[i]);
		assert_non_null(strstr(text, line));
	}
	free(text);
	o = json_of(&st);
	d = get(o, "dropped", json_type_object);
	assert_int_equal(json_object_object_length(d), OSN_STATUS_NR_DROPPED);
	assert_int_equal(get_int(d, "overwritten"), 1);
	assert_int_equal(get_int(d, "records_unstored"), 0);
	assert_int_equal(get_int(d, "probe_missed"), 31);
	assert_int_equal(get_int(d, "index_full"), 101);
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_persistent),
		cmocka_unit_test(test_status_dropped_counters),
		cmocka_unit_test(test_status_volatile),
		cmocka_unit_test(test_status_refused),
		cmocka_unit_test(test_ack_request),
		cmocka_unit_test(test_get_request),
		cmocka_unit_test(test_ack_reply),
		cmocka_unit_test(test_events),
	};

	return cmocka_run_group_tests_name("status, ack, events", tests, NULL,
					   NULL);
}
