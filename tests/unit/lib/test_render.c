// SPDX-License-Identifier: GPL-2.0
/*
 * test_render.c - unit tests of the JSON and text renderers and of the
 * unit/time formatters.  Expected values are worked out by hand from the
 * inputs (kB = pages * page_size / 1024, pgtables kB = bytes / 1024), never
 * copied from the program's output.
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

#include "format.h"
#include "record.h"
#include "render_json.h"
#include "render_text.h"

/* A global OOM on a 4 KiB page kernel. */
static struct osn_record global_rec(void)
{
	struct osn_record r = {
		.seq = 7,
		.time_ns = 1700000000123456789ULL,
		.kind = OOMSNAP_KIND_GLOBAL,
		.page_size = 4096,
		.gfp_mask = 0x140dca,
		.order = 0,
		.trigger = { .pid = 1001, .tgid = 1000, .comm = "stress-ng",
			     .oom_score_adj = 0 },
		.has_victim = true,
		.victim = { .pid = 4242, .tgid = 4242, .comm = "stress-ng",
			    .uid = 1000, .total_vm_pages = 25000,
			    .rss_anon_pages = 12345, .rss_file_pages = 100,
			    .rss_shmem_pages = 3, .pgtables_bytes = 10240,
			    .oom_score_adj = 500 },
	};
	return r;
}

/* A memcg OOM on a 16 KiB page kernel. */
static struct osn_record memcg_rec(void)
{
	struct osn_record r = {
		.seq = 12,
		.time_ns = 0,
		.kind = OOMSNAP_KIND_MEMCG,
		.page_size = 16384,
		.gfp_mask = 0xcc0,
		.order = 2,
		.trigger = { .pid = 77, .tgid = 70, .comm = "java",
			     .oom_score_adj = -100 },
		.has_victim = true,
		.victim = { .pid = 80, .tgid = 70, .comm = "java",
			    .uid = 0, .total_vm_pages = 10,
			    .rss_anon_pages = 3, .rss_file_pages = 1,
			    .rss_shmem_pages = 0, .pgtables_bytes = 10239,
			    .oom_score_adj = -1000 },
		.has_memcg = true,
		.memcg_path = "/test/sub",
	};
	return r;
}

/* key must exist in obj with type t; returns it. */
static struct json_object *get(struct json_object *obj, const char *key,
			       enum json_type t)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		fail_msg("key '%s' missing", key);
	if (json_object_get_type(v) != t)
		fail_msg("key '%s' is a %s, not a %s", key,
			 json_type_to_name(json_object_get_type(v)),
			 json_type_to_name(t));
	return v;
}

static int64_t get_int(struct json_object *obj, const char *key)
{
	return json_object_get_int64(get(obj, key, json_type_int));
}

static const char *get_str(struct json_object *obj, const char *key)
{
	return json_object_get_string(get(obj, key, json_type_string));
}

/* Render to a string and parse it back: what a consumer sees. */
static struct json_object *roundtrip(const struct osn_record *r)
{
	struct json_object *o = osn_record_to_json(r), *back;

	assert_non_null(o);
	back = json_tokener_parse(json_object_to_json_string_ext(o,
							OSN_JSON_FLAGS));
	assert_non_null(back);
	json_object_put(o);
	return back;
}

static void test_json_keys_and_types(void **state)
{
	struct osn_record r = global_rec();
	struct json_object *o = roundtrip(&r), *t, *v;

	(void)state;
	assert_int_equal(get_int(o, "seq"), 7);
	assert_string_equal(get_str(o, "time"), "2023-11-14T22:13:20.123456Z");
	assert_string_equal(get_str(o, "kind"), "global");
	assert_int_equal(get_int(o, "page_size"), 4096);

	t = get(o, "trigger", json_type_object);
	assert_int_equal(get_int(t, "pid"), 1001);
	assert_int_equal(get_int(t, "tgid"), 1000);
	assert_string_equal(get_str(t, "comm"), "stress-ng");
	assert_string_equal(get_str(t, "gfp_mask"), "0x140dca");
	assert_int_equal(get_int(t, "order"), 0);
	assert_int_equal(get_int(t, "oom_score_adj"), 0);

	v = get(o, "victim", json_type_object);
	assert_int_equal(get_int(v, "pid"), 4242);
	assert_int_equal(get_int(v, "tgid"), 4242);
	assert_string_equal(get_str(v, "comm"), "stress-ng");
	assert_int_equal(get_int(v, "uid"), 1000);
	/* 4096-byte pages: 4 kB each */
	assert_int_equal(get_int(v, "total_vm_kb"), 100000);
	assert_int_equal(get_int(v, "anon_rss_kb"), 49380);
	assert_int_equal(get_int(v, "file_rss_kb"), 400);
	assert_int_equal(get_int(v, "shmem_rss_kb"), 12);
	assert_int_equal(get_int(v, "pgtables_kb"), 10);
	assert_int_equal(get_int(v, "oom_score_adj"), 500);

	get(o, "memcg", json_type_null);
	/*
	 * A thin (issue-3) record: the snapshot keys are there, null (or
	 * false), and nothing else: the issue-3 keys plus the documented
	 * additions, no "tasks" (no task table).
	 */
	get(t, "gfp_flags", json_type_null);
	get(t, "constraint", json_type_null);
	get(t, "nodemask", json_type_null);
	get(t, "totalpages", json_type_null);
	get(v, "ppid", json_type_null);
	get(v, "state", json_type_null);
	get(v, "swap_kb", json_type_null);
	get(v, "points", json_type_null);
	get(v, "cgroup", json_type_null);
	assert_false(json_object_get_boolean(get(v, "exiting",
						 json_type_boolean)));
	assert_true(json_object_get_boolean(get(v, "mm_readable",
						json_type_boolean)));
	get(o, "capture_ns", json_type_null);
	get(o, "tasks_omitted", json_type_null);
	get(o, "tasks_unreadable", json_type_null);
	get(o, "kthreads", json_type_null);
	get(o, "cgroups_omitted", json_type_null);
	get(o, "zones", json_type_null);
	get(o, "meminfo", json_type_null);
	get(o, "vmstat", json_type_null);
	get(o, "system", json_type_null);
	/* The keys of records that survive reboots: none sent, so null or
	 * false. */
	get(o, "boot_id", json_type_null);
	get(o, "lost_before", json_type_null);
	assert_false(json_object_get_boolean(get(o, "earlier_boot",
						 json_type_boolean)));
	assert_false(json_object_get_boolean(get(o, "acknowledged",
						 json_type_boolean)));
	assert_false(json_object_get_boolean(get(o, "panic",
						 json_type_boolean)));
	assert_false(json_object_object_get_ex(o, "tasks", NULL));
	/* time_ns: the exact time, which "time" (microseconds) drops */
	assert_true((uint64_t)json_object_get_uint64(get(o, "time_ns",
			json_type_int)) == 1700000000123456789ULL);
	get(o, "facts_age_ns", json_type_null);	/* no facts handed in */
	/* one snapshot per OOM call: no victims list in a thin record */
	get(o, "victims", json_type_null);
	get(o, "victims_omitted", json_type_null);
	assert_false(json_object_get_boolean(get(o, "no_task_walk",
						 json_type_boolean)));
	assert_false(json_object_get_boolean(get(o, "tasks_dropped",
						 json_type_boolean)));
	assert_int_equal(json_object_object_length(o), 16 + 5 + 1 + 1 + 4);
	assert_int_equal(json_object_object_length(t), 10);
	assert_int_equal(json_object_object_length(v), 17);
	json_object_put(o);
}

static void test_json_memcg_16k_pages(void **state)
{
	struct osn_record r = memcg_rec();
	struct json_object *o = roundtrip(&r), *v, *m, *t;

	(void)state;
	assert_string_equal(get_str(o, "kind"), "memcg");
	assert_string_equal(get_str(o, "time"), "1970-01-01T00:00:00.000000Z");
	assert_int_equal(get_int(o, "page_size"), 16384);
	t = get(o, "trigger", json_type_object);
	assert_string_equal(get_str(t, "gfp_mask"), "0xcc0");
	assert_int_equal(get_int(t, "order"), 2);
	assert_int_equal(get_int(t, "oom_score_adj"), -100);
	v = get(o, "victim", json_type_object);
	/* 16384-byte pages: 16 kB each; 10239 bytes of page tables: 9 kB */
	assert_int_equal(get_int(v, "total_vm_kb"), 160);
	assert_int_equal(get_int(v, "anon_rss_kb"), 48);
	assert_int_equal(get_int(v, "file_rss_kb"), 16);
	assert_int_equal(get_int(v, "shmem_rss_kb"), 0);
	assert_int_equal(get_int(v, "pgtables_kb"), 9);
	assert_int_equal(get_int(v, "uid"), 0);
	assert_int_equal(get_int(v, "oom_score_adj"), -1000);
	m = get(o, "memcg", json_type_object);
	assert_string_equal(get_str(m, "path"), "/test/sub");
	/* a thin record has no counters: null */
	get(m, "usage_kb", json_type_null);
	get(m, "max_kb", json_type_null);
	get(m, "oom_kill", json_type_null);
	assert_int_equal(json_object_object_length(m), 9);
	json_object_put(o);
}

static void test_json_sysrq(void **state)
{
	struct osn_record r = global_rec();
	struct json_object *o, *t;

	(void)state;
	r.kind = OOMSNAP_KIND_SYSRQ;
	r.order = -1;
	r.gfp_mask = 0;
	o = roundtrip(&r);
	assert_string_equal(get_str(o, "kind"), "sysrq");
	t = get(o, "trigger", json_type_object);
	assert_int_equal(get_int(t, "order"), -1);
	/* The kernel's %#x prints 0 as "0x0" (glibc's as "0"). */
	assert_string_equal(get_str(t, "gfp_mask"), "0x0");
	get(o, "memcg", json_type_null);
	json_object_put(o);
}

static void test_json_text_form(void **state)
{
	struct osn_record r = memcg_rec();
	struct json_object *o = osn_record_to_json(&r);
	const char *s;

	(void)state;
	assert_non_null(o);
	s = json_object_to_json_string_ext(o, OSN_JSON_FLAGS);
	/* Slashes are not escaped; 64-bit values stay exact integers. */
	assert_non_null(strstr(s, "\"/test/sub\""));
	json_object_put(o);

	r.seq = UINT64_MAX;
	o = osn_record_to_json(&r);
	assert_non_null(o);
	s = json_object_to_json_string_ext(o, OSN_JSON_FLAGS);
	assert_non_null(strstr(s, "18446744073709551615"));
	json_object_put(o);
}

static void test_time_format(void **state)
{
	char buf[OSN_TIME_LEN];

	(void)state;
	assert_int_equal(osn_format_time(0, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "1970-01-01T00:00:00.000000Z");
	/* 1700000000 s is 2023-11-14 22:13:20 UTC */
	assert_int_equal(osn_format_time(1700000000123456789ULL, buf,
					 sizeof(buf)), 0);
	assert_string_equal(buf, "2023-11-14T22:13:20.123456Z");
	/* Sub-microsecond digits are dropped, not rounded. */
	assert_int_equal(osn_format_time(1700000000999999999ULL, buf,
					 sizeof(buf)), 0);
	assert_string_equal(buf, "2023-11-14T22:13:20.999999Z");
	/* 951782400 s is 2000-02-29 00:00:00 UTC (leap day) */
	assert_int_equal(osn_format_time(951782400000001000ULL, buf,
					 sizeof(buf)), 0);
	assert_string_equal(buf, "2000-02-29T00:00:00.000001Z");
	/* Too small a buffer is an error, not a truncated time. */
	assert_int_equal(osn_format_time(0, buf, 10), -EOVERFLOW);
}

static void test_units(void **state)
{
	(void)state;
	assert_int_equal(osn_pages_to_kb(100, 4096), 400);
	assert_int_equal(osn_pages_to_kb(3, 16384), 48);
	assert_int_equal(osn_pages_to_kb(1, 65536), 64);
	assert_int_equal(osn_pages_to_kb(0, 4096), 0);
	assert_int_equal(osn_bytes_to_kb(10240), 10);
	assert_int_equal(osn_bytes_to_kb(1023), 0);
	assert_int_equal(osn_bytes_to_kb(2047), 1);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(osn_kind_name(OOMSNAP_KIND_GLOBAL), "global");
	assert_string_equal(osn_kind_name(OOMSNAP_KIND_MEMCG), "memcg");
	assert_string_equal(osn_kind_name(OOMSNAP_KIND_SYSRQ), "sysrq");
	assert_null(osn_kind_name(__OOMSNAP_KIND_LAST));
}

/* Run fn on rec into a memory stream; return the text (free() it). */
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

/* The line of text starting with prefix, without its newline (free()). */
static char *line_starting(const char *text, const char *prefix)
{
	const char *p = text;

	for (;;) {
		const char *end = strchr(p, '\n');

		if (!strncmp(p, prefix, strlen(prefix))) {
			assert_non_null(end);
			return strndup(p, end - p);
		}
		if (!end)
			break;
		p = end + 1;
	}
	fail_msg("no line starting with '%s' in:\n%s", prefix, text);
	return NULL;
}

static void test_text_show_kernel_lines(void **state)
{
	struct osn_record r = global_rec();
	char *text = render(osn_text_show, &r), *line;

	(void)state;
	/* total-vm 25000 * 4, anon 12345 * 4, file 100 * 4, shmem 3 * 4,
	 * pgtables 10240 / 1024 */
	line = line_starting(text, "Out of memory: Killed process");
	assert_string_equal(line, "Out of memory: "
			    "Killed process 4242 (stress-ng) "
			    "total-vm:100000kB, anon-rss:49380kB, "
			    "file-rss:400kB, shmem-rss:12kB, UID:1000 "
			    "pgtables:10kB oom_score_adj:500");
	free(line);
	line = line_starting(text, "stress-ng invoked");
	assert_string_equal(line, "stress-ng invoked oom-killer: "
			    "gfp_mask=0x140dca, order=0, oom_score_adj=0");
	free(line);
	assert_non_null(strstr(text, "2023-11-14T22:13:20.123456Z"));
	assert_non_null(strstr(text, "global"));
	assert_non_null(strstr(text, "pid 1001"));	/* the trigger's */
	assert_null(strstr(text, "memcg:"));
	free(text);
}

static void test_text_show_memcg(void **state)
{
	struct osn_record r = memcg_rec();
	char *text = render(osn_text_show, &r), *line;

	(void)state;
	/* 16 kB pages: 10, 3, 1, 0 pages; pgtables 10239 / 1024 = 9 */
	line = line_starting(text, "Memory cgroup out of memory: Killed");
	assert_string_equal(line, "Memory cgroup out of memory: "
			    "Killed process 80 (java) "
			    "total-vm:160kB, anon-rss:48kB, file-rss:16kB, "
			    "shmem-rss:0kB, UID:0 pgtables:9kB "
			    "oom_score_adj:-1000");
	free(line);
	line = line_starting(text, "java invoked");
	assert_string_equal(line, "java invoked oom-killer: gfp_mask=0xcc0, "
			    "order=2, oom_score_adj=-100");
	free(line);
	assert_non_null(strstr(text, "/test/sub"));
	assert_non_null(strstr(text, "memcg"));
	free(text);
}

static void test_text_list(void **state)
{
	/* 16 bytes: "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b" */
	static const uint8_t boot[16] = {
		0x0f, 0x3c, 0x1b, 0x8e, 0x2c, 0x7e, 0x4d, 0x7e,
		0x9b, 0x7a, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b,
	};
	struct osn_record g = global_rec(), m = memcg_rec();
	char seq[32], bootc[32], time[64], kind[16], comm[32], rss[32];
	char unit[8], ack[8], memcg[OOMSNAP_PATH_LEN], *buf = NULL, *l2, *l3;
	size_t len = 0;
	unsigned int pid;
	FILE *f;

	(void)state;
	/* The memcg record: written by an earlier boot, acknowledged. */
	m.has_boot_id = true;
	memcpy(m.boot_id, boot, sizeof(boot));
	m.earlier_boot = true;
	m.acknowledged = true;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	assert_int_equal(osn_text_list_header(f), 0);
	assert_int_equal(osn_text_list_line(f, &g), 0);
	assert_int_equal(osn_text_list_line(f, &m), 0);
	assert_int_equal(fclose(f), 0);

	assert_int_equal(strncmp(buf, "SEQ", 3), 0);
	assert_non_null(strstr(buf, "TIME"));
	assert_non_null(strstr(buf, "BOOT"));
	assert_non_null(strstr(buf, "ACK"));
	l2 = strchr(buf, '\n') + 1;
	l3 = strchr(l2, '\n') + 1;
	assert_string_equal(strchr(l3, '\n'), "\n");	/* exactly 3 lines */

	/* RSS = anon + file + shmem: (12345 + 100 + 3) * 4 = 49792 kB */
	assert_int_equal(sscanf(l2, "%31s %31s %63s %15s %u %31s %31s %7s "
				"%7s %255s", seq, bootc, time, kind, &pid, comm,
				rss, unit, ack, memcg), 10);
	assert_string_equal(seq, "7");
	assert_string_equal(bootc, "-");	/* no boot id sent */
	assert_string_equal(time, "2023-11-14T22:13:20.123456Z");
	assert_string_equal(kind, "global");
	assert_int_equal(pid, 4242);
	assert_string_equal(comm, "stress-ng");
	assert_string_equal(rss, "49792");
	assert_string_equal(unit, "kB");
	assert_string_equal(ack, "no");
	assert_string_equal(memcg, "-");

	/* (3 + 1 + 0) * 16 = 64 kB */
	assert_int_equal(sscanf(l3, "%31s %31s %63s %15s %u %31s %31s %7s "
				"%7s %255s", seq, bootc, time, kind, &pid, comm,
				rss, unit, ack, memcg), 10);
	assert_string_equal(seq, "12");
	/* the first 8 hex digits, '*': an earlier boot */
	assert_string_equal(bootc, "0f3c1b8e*");
	assert_string_equal(time, "1970-01-01T00:00:00.000000Z");
	assert_string_equal(kind, "memcg");
	assert_int_equal(pid, 80);
	assert_string_equal(comm, "java");
	assert_string_equal(rss, "64");
	assert_string_equal(unit, "kB");
	assert_string_equal(ack, "yes");
	assert_string_equal(memcg, "/test/sub");
	free(buf);
}

/* A process name must not be able to send escape sequences to a terminal. */
static void test_text_escapes_control_chars(void **state)
{
	struct osn_record r = memcg_rec();
	char *text;

	(void)state;
	strcpy(r.victim.comm, "ev\x1b[2Jil");
	strcpy(r.memcg_path, "/a\nb");
	text = render(osn_text_show, &r);
	assert_null(strchr(text, '\x1b'));
	assert_non_null(strstr(text, "Killed process 80 (ev\\x1b[2Jil) "));
	assert_non_null(strstr(text, "/a\\x0ab"));
	free(text);
	text = render(osn_text_list_line, &r);
	assert_null(strchr(text, '\x1b'));
	assert_string_equal(strchr(text, '\n'), "\n");	/* one line */
	free(text);
}

/* A failed write is reported, so that the CLI can exit with status 4. */
static void test_text_write_error(void **state)
{
	struct osn_record r = global_rec();
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_true(osn_text_show(f, &r) < 0);
	assert_true(osn_text_list_line(f, &r) < 0);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_keys_and_types),
		cmocka_unit_test(test_json_memcg_16k_pages),
		cmocka_unit_test(test_json_sysrq),
		cmocka_unit_test(test_json_text_form),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_text_show_kernel_lines),
		cmocka_unit_test(test_text_show_memcg),
		cmocka_unit_test(test_text_list),
		cmocka_unit_test(test_text_escapes_control_chars),
		cmocka_unit_test(test_text_write_error),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
