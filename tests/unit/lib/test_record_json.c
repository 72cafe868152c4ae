// SPDX-License-Identifier: GPL-2.0
/*
 * test_record_json.c - osn_record_from_json(), the inverse of the JSON
 * renderer: every record the fixtures build (summaries and whole records,
 * memcg, panic, sysrq, earlier boot, unknown kind, invalid UTF-8 names)
 * renders, parses back and renders again to the same text, byte for byte;
 * malformed objects are refused with the key named.  Then
 * osn_archive_read() on files written into a temporary folder.
 */
#include <errno.h>
#include <fcntl.h>
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

#include "archive.h"
#include "archive_internal.h"
#include "assemble.h"
#include "fixture.h"
#include "format.h"
#include "record.h"
#include "record_json.h"
#include "render_json.h"

static const uint8_t boot_a[16] = { 0x0f, 0x3c, 0x1b, 0x8e, 0x2c, 0x7e,
				    0x4d, 0x7e, 0x9b, 0x7a, 0x1c, 0x2d,
				    0x3e, 0x4f, 0x5a, 0x6b };

static void summary(const struct t_snap *s, struct osn_record *r)
{
	struct nl_msg *m = fx_summary(s);
	const char *why = NULL;
	int err = osn_record_parse_why(nlmsg_hdr(m), r, &why);

	nlmsg_free(m);
	if (err)
		fail_msg("fixture does not decode: %s", why ? why : "?");
}

static int feed(struct osn_assembly *a, struct nl_msg *m)
{
	int err = osn_assembly_add(a, nlmsg_hdr(m));

	nlmsg_free(m);
	return err;
}

/* A whole record: summary, the rows, the cgroups, as a GET dump. */
static void whole(const struct t_snap *s, const struct t_task *rows,
		  size_t n, struct osn_record *r)
{
	struct osn_assembly a;

	osn_assembly_init(&a);
	assert_int_equal(feed(&a, fx_summary(s)), 0);
	assert_int_equal(feed(&a, fx_task_chunk(s->seq, rows, n)), 0);
	assert_int_equal(feed(&a, fx_cgroup_chunk(s->seq, snap_cgroups,
						  SNAP_CGROUPS)), 0);
	if (osn_assembly_finish(&a, r))
		fail_msg("fixture does not assemble: %s", a.why);
	osn_assembly_free(&a);
}

/* The text show --json prints; free() it. */
static char *render(const struct osn_record *r)
{
	struct json_object *o = osn_record_to_json(r);
	char *s;

	assert_non_null(o);
	s = strdup(json_object_to_json_string_ext(o, OSN_JSON_FLAGS));
	json_object_put(o);
	assert_non_null(s);
	return s;
}

/* render -> text -> parse -> render: the same text, and the same keys. */
static void round_trip(const struct osn_record *r)
{
	struct osn_record back;
	struct json_object *o;
	const char *why = NULL;
	char *one = render(r), *two;

	o = json_tokener_parse(one);
	assert_non_null(o);
	if (osn_record_from_json(o, &back, &why))
		fail_msg("refused its own JSON: %s\n%s", why, one);
	json_object_put(o);
	two = render(&back);
	assert_string_equal(one, two);
	/* What the JSON carries exactly comes back exactly. */
	assert_int_equal(back.seq, r->seq);
	assert_true(back.time_ns == r->time_ns);
	assert_int_equal(back.kind, r->kind);
	assert_int_equal(back.has_tables, r->has_tables);
	assert_int_equal(back.nr_tasks, r->nr_tasks);
	assert_int_equal(back.earlier_boot, r->earlier_boot);
	assert_memory_equal(back.boot_id, r->boot_id, sizeof(r->boot_id));
	osn_record_free(&back);
	free(one);
	free(two);
}

/* Both forms of one snapshot. */
static void both_forms(const struct t_snap *s, const struct t_task *rows)
{
	struct osn_record r;

	summary(s, &r);
	round_trip(&r);
	osn_record_free(&r);
	whole(s, rows, SNAP_ROWS, &r);
	round_trip(&r);
	osn_record_free(&r);
}

static void test_global(void **state)
{
	struct t_snap s = snap_global;

	(void)state;
	both_forms(&s, snap_rows);
	/* nanoseconds that "time" does not show */
	s.time_ns = 1700000000123456789ULL;
	both_forms(&s, snap_rows);
}

static void test_memcg(void **state)
{
	struct t_snap s = snap_global;

	(void)state;
	s.kind = OOMSNAP_KIND_MEMCG;
	s.constraint = OOMSNAP_CONSTRAINT_MEMCG;
	s.memcg_path = "/user.slice/hog.scope";
	s.mc_id = 77;
	s.mc_usage = 25600;
	s.mc_max = 25600;
	s.mc_high = UINT64_MAX;		/* "max": null in JSON */
	s.mc_swap = 0;
	s.mc_swap_max = INT64_MAX / 4096;	/* PAGE_COUNTER_MAX */
	s.mc_oom = 3;
	s.mc_oom_kill = 1;
	both_forms(&s, snap_rows);
}

static void test_memcg_limits_come_back(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r, back;
	struct json_object *o;

	(void)state;
	s.kind = OOMSNAP_KIND_MEMCG;
	s.memcg_path = "/a";
	s.mc_usage = 100;
	s.mc_max = UINT64_MAX;
	s.mc_high = 200;
	summary(&s, &r);
	o = osn_record_to_json(&r);
	assert_int_equal(osn_record_from_json(o, &back, NULL), 0);
	/* null with its counter sent is "max", for the text report */
	assert_true(back.memcg.max_pages.has);
	assert_true(osn_page_counter_is_max(back.memcg.max_pages.v, 4096));
	assert_int_equal(back.memcg.high_pages.v, 200);
	assert_string_equal(back.memcg_path, "/a");
	json_object_put(o);
	osn_record_free(&back);
	osn_record_free(&r);
}

static void test_panic_sysrq_earlier_boot(void **state)
{
	struct t_snap s = snap_global;

	(void)state;
	s.panic = true;
	s.boot_bin = boot_a;
	s.earlier_boot = true;
	s.acknowledged = true;
	s.has_lost_before = true;
	s.lost_before = 5;
	both_forms(&s, snap_rows);

	s = snap_global;
	s.kind = OOMSNAP_KIND_SYSRQ;
	s.order = -1;
	s.gfp_mask = 0;
	s.gfp_flags = NULL;
	s.nodemask_words = 0;
	s.boot_bin = boot_a;
	both_forms(&s, snap_rows);
}

static void test_unknown_kind(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;
	char *text;

	(void)state;
	s.kind = 7;
	s.constraint = 9;
	summary(&s, &r);
	text = render(&r);
	assert_non_null(strstr(text, "\"unknown(7)\""));
	assert_non_null(strstr(text, "\"unknown(9)\""));
	free(text);
	round_trip(&r);
	osn_record_free(&r);
}

static void test_invalid_utf8(void **state)
{
	struct t_task rows[SNAP_ROWS];
	struct t_snap s = snap_global;
	struct osn_record r, back;
	struct json_object *o;

	(void)state;
	memcpy(rows, snap_rows, sizeof(rows));
	/* cut inside a two-byte character, and a lone 0xff */
	rows[1].comm = "caf\xc3";
	s.t_comm = "x\xffy";
	s.victim.comm = "hog\xe2\x82";
	rows[0].comm = s.victim.comm;
	s.hostname = "h\xfe";
	both_forms(&s, rows);

	whole(&s, rows, SNAP_ROWS, &r);
	o = osn_record_to_json(&r);
	assert_int_equal(osn_record_from_json(o, &back, NULL), 0);
	assert_string_equal(back.trigger.comm, "x\xffy");
	assert_string_equal(back.victim.comm, "hog\xe2\x82");
	json_object_put(o);
	osn_record_free(&back);
	osn_record_free(&r);
}

static void test_task_details(void **state)
{
	struct osn_record r, back;
	struct json_object *o;
	size_t i;

	(void)state;
	whole(&snap_global, snap_rows, SNAP_ROWS, &r);
	o = osn_record_to_json(&r);
	assert_int_equal(osn_record_from_json(o, &back, NULL), 0);
	for (i = 0; i < back.nr_tasks; i++) {
		const struct osn_task *t = &back.tasks[i];

		if (t->pid == 4242) {
			/* start 5 s after boot, uptime 100 s */
			assert_int_equal(t->start_time_ns.v, 5000000000ULL);
			assert_string_equal(osn_record_cgroup_path(&back,
					    t->cgroup_id.v),
					    "/user.slice/hog.scope");
		}
		if (t->pid == 900) {
			assert_true(t->no_mm);
			/* its cgroup was not in the kernel's table */
			assert_false(t->cgroup_id.has);
		}
	}
	assert_int_equal(back.nodemask[0], 0xb);
	assert_int_equal(back.gfp_mask, 0x140dca);
	json_object_put(o);
	osn_record_free(&back);
	osn_record_free(&r);
}

/* The whole record's JSON with key (a.b for a nest) set to val. */
static struct json_object *mutated(const char *nest, const char *key,
				   struct json_object *val)
{
	struct osn_record r;
	struct json_object *o, *in;

	whole(&snap_global, snap_rows, SNAP_ROWS, &r);
	o = osn_record_to_json(&r);
	osn_record_free(&r);
	assert_non_null(o);
	in = o;
	if (nest && !strcmp(nest, "tasks[0]"))
		in = json_object_array_get_idx(json_object_object_get(o,
						"tasks"), 0);
	else if (nest)
		in = json_object_object_get(o, nest);
	assert_non_null(in);
	if (val == (void *)1)
		json_object_object_del(in, key);
	else
		json_object_object_add(in, key, val);
	return o;
}

#define DELETE	((struct json_object *)1)

static void refused(const char *nest, const char *key,
		    struct json_object *val, const char *why_part)
{
	struct json_object *o = mutated(nest, key, val);
	struct osn_record r;
	const char *why = NULL;

	assert_int_equal(osn_record_from_json(o, &r, &why), -EINVAL);
	assert_non_null(why);
	if (!strstr(why, why_part))
		fail_msg("reason '%s' does not name '%s'", why, why_part);
	json_object_put(o);
}

static void test_malformed(void **state)
{
	(void)state;
	refused(NULL, "seq", DELETE, "seq: missing");
	refused(NULL, "seq", json_object_new_string("42"),
		"seq: not an integer");
	refused(NULL, "seq", json_object_new_int64(-1), "seq: out of range");
	refused(NULL, "seq", json_object_new_double(4.5), "seq: not an int");
	refused(NULL, "page_size", json_object_new_int(3000), "page_size");
	refused(NULL, "time", json_object_new_string(
		"2023-13-14T22:13:20.000000Z"), "time");
	refused(NULL, "time", json_object_new_string(
		"2023-11-14T22:13:20Z"), "time");
	refused(NULL, "time_ns", json_object_new_uint64(1), "time_ns");
	refused(NULL, "kind", json_object_new_string("bogus"), "kind");
	refused(NULL, "kind", json_object_new_string("unknown(1)"), "kind");
	refused(NULL, "kind", json_object_new_string("unknown(07)"), "kind");
	refused(NULL, "kind", json_object_new_string("unknown(x)"), "kind");
	refused(NULL, "boot_id", json_object_new_string("0F3C"), "boot_id");
	refused(NULL, "earlier_boot", json_object_new_int(1), "earlier_boot");
	refused(NULL, "victim", NULL, "victim");
	refused(NULL, "memcg", json_object_new_object(), "memcg");
	refused(NULL, "zones", json_object_new_string("x"), "zones");
	refused(NULL, "tasks", json_object_new_object(), "tasks");
	refused("trigger", "pid", json_object_new_int64(1LL << 32),
		"trigger.pid: out of range");
	refused("trigger", "gfp_mask", json_object_new_string("0x0140dca"),
		"trigger.gfp_mask");
	refused("trigger", "gfp_mask", json_object_new_string("140dca"),
		"trigger.gfp_mask");
	refused("trigger", "nodemask", json_object_new_string("1-0"),
		"trigger.nodemask");
	refused("trigger", "nodemask", json_object_new_string("0,1"),
		"trigger.nodemask");
	refused("trigger", "comm", json_object_new_int(3), "trigger.comm");
	refused("trigger", "comm_hex", json_object_new_string("6869"),
		"trigger.comm");
	refused("trigger", "comm", json_object_new_string(
		"0123456789abcdefXYZ"), "trigger.comm");
	refused("trigger", "order", json_object_new_int64(1LL << 31),
		"trigger.order");
	refused("victim", "total_vm_kb", json_object_new_int(4001),
		"victim.total_vm_kb: not a whole number of pages");
	refused("victim", "mm_readable", DELETE, "victim.mm_readable");
	refused("victim", "state", json_object_new_string("RS"),
		"victim.state");
	refused("tasks[0]", "rss_kb", json_object_new_int(4), "tasks[0].rss_kb");
	refused("tasks[0]", "start_time", json_object_new_string(
		"2030-01-01T00:00:00.000000Z"), "tasks[0].start_time");
	refused("system", "uptime_ns", DELETE, "system.uptime_ns");
	refused("meminfo", "mem_total_kb", DELETE, "meminfo.mem_total_kb");
	refused("vmstat", "oom_kill", json_object_new_boolean(1),
		"vmstat.oom_kill");
}

static void test_not_an_object(void **state)
{
	struct json_object *o = json_object_new_array();
	struct osn_record r;
	const char *why = NULL;

	(void)state;
	assert_int_equal(osn_record_from_json(o, &r, &why), -EINVAL);
	assert_non_null(why);
	json_object_put(o);
	assert_int_equal(osn_record_from_json(NULL, &r, &why), -EINVAL);
}

static void test_parsers(void **state)
{
	uint8_t id[16];
	uint64_t t;

	(void)state;
	assert_int_equal(osn_parse_boot_id(
		"0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b", id), 0);
	assert_memory_equal(id, boot_a, 16);
	assert_int_equal(osn_parse_boot_id(
		"0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b\n", id), -EINVAL);
	assert_int_equal(osn_parse_boot_id("0f3c1b8e2c7e4d7e9b7a1c2d3e4f5a6b",
					   id), -EINVAL);
	assert_int_equal(osn_parse_time("2023-11-14T22:13:20.123456Z", &t), 0);
	assert_true(t == 1700000000123456000ULL);
	assert_int_equal(osn_parse_time("1970-01-01T00:00:00.000000Z", &t), 0);
	assert_true(t == 0);
	assert_int_equal(osn_parse_time("2023-02-30T00:00:00.000000Z", &t),
			 -EINVAL);
	assert_int_equal(osn_parse_time("2023-11-14T22:13:20.123456Z ", &t),
			 -EINVAL);
}

/* --- osn_archive_read() on files in a temporary folder --- */

struct tmp_archive {
	char root[64];
	struct osn_archive a;
};

static int setup_archive(void **state)
{
	struct tmp_archive *t = calloc(1, sizeof(*t));
	static char state_dir[64];

	assert_non_null(t);
	strcpy(t->root, "/tmp/test_record_json.XXXXXX");
	assert_non_null(mkdtemp(t->root));
	snprintf(state_dir, sizeof(state_dir), "%s", t->root);
	t->a.state_dir = state_dir;
	t->a.dir = t->root;
	t->a.dirfd = open(t->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(t->a.dirfd >= 0);
	*state = t;
	return 0;
}

static int teardown_archive(void **state)
{
	struct tmp_archive *t = *state;
	char cmd[128];

	close(t->a.dirfd);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->root);
	if (system(cmd))
		return -1;
	free(t);
	return 0;
}

static void put_file(struct tmp_archive *t, const char *name,
		     const char *text)
{
	int fd = openat(t->a.dirfd, name, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

/* rec as the daemon writes it: show --json's text and "\n". */
static void put_record(struct tmp_archive *t, const struct osn_record *r,
		       char *name)
{
	char *text = render(r);
	size_t len = strlen(text);

	text = realloc(text, len + 2);
	assert_non_null(text);
	strcpy(text + len, "\n");
	assert_int_equal(osn_archive_name(r, name, OSN_ARCHIVE_NAME_LEN), 0);
	put_file(t, name, text);
	free(text);
}

static void test_archive_read(void **state)
{
	struct tmp_archive *t = *state;
	char name[OSN_ARCHIVE_NAME_LEN];
	struct t_snap s = snap_global;
	struct osn_record r, back;
	const char *why = "x";
	char *one, *two;

	s.boot_bin = boot_a;		/* surely not this machine's boot */
	s.time_ns = 1700000000123456789ULL;
	whole(&s, snap_rows, SNAP_ROWS, &r);
	put_record(t, &r, name);

	assert_int_equal(osn_archive_read(&t->a, name, &back, &why), 0);
	assert_null(why);
	assert_true(back.earlier_boot);
	assert_true(back.has_tables);
	back.earlier_boot = false;
	one = render(&r);
	two = render(&back);
	assert_string_equal(one, two);
	free(one);
	free(two);
	osn_record_free(&back);
	osn_record_free(&r);

	assert_int_equal(osn_archive_read(&t->a, "20231114T221320.123456789Z_"
					  "0f3c1b8e-2c7e-4d7e-9b7a-"
					  "1c2d3e4f5a6b_9.json", &back, &why),
			 -ENOENT);
}

static void test_archive_read_this_boot(void **state)
{
	struct tmp_archive *t = *state;
	char name[OSN_ARCHIVE_NAME_LEN], now[64];
	struct t_snap s = snap_global;
	struct osn_record r, back;
	uint8_t id[16];
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");

	if (!f || !fgets(now, sizeof(now), f)) {
		if (f)
			fclose(f);
		skip();
	}
	fclose(f);
	now[strcspn(now, "\n")] = '\0';
	assert_int_equal(osn_parse_boot_id(now, id), 0);
	s.boot_bin = id;
	s.earlier_boot = true;	/* what the file says is not believed */
	summary(&s, &r);
	put_record(t, &r, name);
	assert_int_equal(osn_archive_read(&t->a, name, &back, NULL), 0);
	assert_false(back.earlier_boot);
	osn_record_free(&back);
	osn_record_free(&r);
}

static void bad_file(struct tmp_archive *t, const char *name,
		     const char *text, const char *why_part)
{
	struct osn_record back;
	const char *why = NULL;

	put_file(t, name, text);
	assert_int_equal(osn_archive_read(&t->a, name, &back, &why), -EINVAL);
	assert_non_null(why);
	if (!strstr(why, why_part))
		fail_msg("reason '%s' does not say '%s'", why, why_part);
}

static void test_archive_read_bad(void **state)
{
	struct tmp_archive *t = *state;
	char name[OSN_ARCHIVE_NAME_LEN], other[OSN_ARCHIVE_NAME_LEN];
	struct t_snap s = snap_global;
	struct osn_record r;
	char *text;

	(void)state;
	s.boot_bin = boot_a;
	summary(&s, &r);
	assert_int_equal(osn_archive_name(&r, name, sizeof(name)), 0);
	text = render(&r);

	bad_file(t, name, "", "truncated");
	bad_file(t, name, "{\"seq\": ", "truncated");
	bad_file(t, name, "[1, 2]", "not a JSON object");
	bad_file(t, name, "{} {}", "JSON");
	bad_file(t, name, "{\"seq\": 1}", "missing");
	/* the right record under another record's name */
	r.seq = 43;
	assert_int_equal(osn_archive_name(&r, other, sizeof(other)), 0);
	bad_file(t, other, text, "name does not match");
	free(text);
	osn_record_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global),
		cmocka_unit_test(test_memcg),
		cmocka_unit_test(test_memcg_limits_come_back),
		cmocka_unit_test(test_panic_sysrq_earlier_boot),
		cmocka_unit_test(test_unknown_kind),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_task_details),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_not_an_object),
		cmocka_unit_test(test_parsers),
		cmocka_unit_test_setup_teardown(test_archive_read,
						setup_archive,
						teardown_archive),
		cmocka_unit_test_setup_teardown(test_archive_read_this_boot,
						setup_archive,
						teardown_archive),
		cmocka_unit_test_setup_teardown(test_archive_read_bad,
						setup_archive,
						teardown_archive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
