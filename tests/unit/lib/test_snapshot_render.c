// SPDX-License-Identifier: GPL-2.0
/*
 * test_snapshot_render.c - unit tests of the JSON and text output of a
 * full kill-time snapshot: the fixture's GET dump (fixture.c) is assembled
 * and rendered, and every value is checked against what the fixture's
 * inputs give by hand (4 KiB pages: kB = pages * 4; pgtables kB = bytes /
 * 1024; swap kB = entries * 4; start time = kill time - (uptime - start)).
 * Nothing is copied from the program's output.
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
#include <netlink/genl/genl.h>

#include "assemble.h"
#include "fixture.h"
#include "format.h"
#include "record.h"
#include "render_json.h"
#include "render_text.h"

/* The fixture's whole record, as `show` gets it. */
static void assemble(const struct t_snap *s, const struct t_task *rows,
		     size_t nrows, struct osn_record *out)
{
	struct osn_assembly a;
	struct nl_msg *msgs[3];
	size_t i, n = 0;

	msgs[n++] = fx_summary(s);
	if (nrows)
		msgs[n++] = fx_task_chunk(s->seq, rows, nrows);
	if (s->cgroups_stored)
		msgs[n++] = fx_cgroup_chunk(s->seq, snap_cgroups,
					    s->cgroups_stored);
	osn_assembly_init(&a);
	for (i = 0; i < n; i++) {
		assert_int_equal(osn_assembly_add(&a, nlmsg_hdr(msgs[i])), 0);
		nlmsg_free(msgs[i]);
	}
	assert_int_equal(osn_assembly_finish(&a, out), 0);
	osn_assembly_free(&a);
}

static void assemble_global(struct osn_record *out)
{
	assemble(&snap_global, snap_rows, SNAP_ROWS, out);
}

/* ---- JSON helpers ---- */

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

static bool get_bool(struct json_object *obj, const char *key)
{
	return json_object_get_boolean(get(obj, key, json_type_boolean));
}

/* Element i of an array of integers. */
static int64_t elem(struct json_object *arr, size_t i)
{
	struct json_object *e = json_object_array_get_idx(arr, i);

	assert_true(json_object_is_type(e, json_type_int));
	return json_object_get_int64(e);
}

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

static struct json_object *task_by_pid(struct json_object *tasks, int pid)
{
	size_t i;

	for (i = 0; i < json_object_array_length(tasks); i++) {
		struct json_object *t = json_object_array_get_idx(tasks, i);

		if (get_int(t, "pid") == pid)
			return t;
	}
	fail_msg("no task with pid %d", pid);
	return NULL;
}

/* ---- JSON ---- */

static void test_json_trigger_and_victim(void **state)
{
	struct osn_record r;
	struct json_object *o, *t, *v;

	(void)state;
	assemble_global(&r);
	o = roundtrip(&r);
	t = get(o, "trigger", json_type_object);
	assert_int_equal(get_int(t, "pid"), 501);
	assert_int_equal(get_int(t, "tgid"), 500);
	assert_string_equal(get_str(t, "gfp_mask"), "0x140dca");
	assert_string_equal(get_str(t, "gfp_flags"),
			    "GFP_HIGHUSER_MOVABLE|__GFP_COMP");
	assert_string_equal(get_str(t, "constraint"), "mempolicy");
	/* words { 0xb }: nodes 0, 1 and 3 */
	assert_string_equal(get_str(t, "nodemask"), "0-1,3");
	assert_int_equal(get_int(t, "totalpages"), 2000000);

	v = get(o, "victim", json_type_object);
	assert_int_equal(get_int(v, "pid"), 4242);
	assert_int_equal(get_int(v, "ppid"), 1);
	assert_string_equal(get_str(v, "state"), "R");
	assert_int_equal(get_int(v, "points"), 21000);
	assert_string_equal(get_str(v, "cgroup"), "/user.slice/hog.scope");
	assert_false(get_bool(v, "exiting"));
	assert_true(get_bool(v, "mm_readable"));
	/* 50000 / 20000 / 300 / 10 pages * 4; 204800 B / 1024; 64 ents * 4 */
	assert_int_equal(get_int(v, "total_vm_kb"), 200000);
	assert_int_equal(get_int(v, "anon_rss_kb"), 80000);
	assert_int_equal(get_int(v, "file_rss_kb"), 1200);
	assert_int_equal(get_int(v, "shmem_rss_kb"), 40);
	assert_int_equal(get_int(v, "pgtables_kb"), 200);
	assert_int_equal(get_int(v, "swap_kb"), 256);
	assert_int_equal(get_int(v, "oom_score_adj"), 200);
	get(o, "memcg", json_type_null);
	json_object_put(o);
	osn_record_free(&r);
}

static void test_json_tasks(void **state)
{
	static const int by_rss[] = { 3001, 4242, 800, 900 };
	struct osn_record r;
	struct json_object *o, *tasks, *t;
	size_t i;

	(void)state;
	assemble_global(&r);
	o = roundtrip(&r);
	tasks = get(o, "tasks", json_type_array);
	assert_int_equal(json_object_array_length(tasks), 4);
	/* largest RSS first: 30500, 20310, 150 pages, then no memory */
	for (i = 0; i < 4; i++)
		assert_int_equal(get_int(json_object_array_get_idx(tasks, i),
					 "pid"), by_rss[i]);

	t = task_by_pid(tasks, 3001);
	assert_int_equal(get_int(t, "tgid"), 3000);
	assert_int_equal(get_int(t, "ppid"), 1);
	assert_int_equal(get_int(t, "uid"), 999);
	assert_string_equal(get_str(t, "comm"), "bigdb");
	assert_string_equal(get_str(t, "state"), "S");
	assert_int_equal(get_int(t, "total_vm_kb"), 90000 * 4);
	assert_int_equal(get_int(t, "rss_kb"), (30000 + 500 + 0) * 4);
	assert_int_equal(get_int(t, "rss_anon_kb"), 120000);
	assert_int_equal(get_int(t, "rss_file_kb"), 2000);
	assert_int_equal(get_int(t, "rss_shmem_kb"), 0);
	assert_int_equal(get_int(t, "pgtables_kb"), 400);	/* 409600 B */
	assert_int_equal(get_int(t, "swap_kb"), 0);
	assert_int_equal(get_int(t, "oom_score_adj"), -1000);
	get(t, "points", json_type_null);	/* never chosen */
	assert_string_equal(get_str(t, "cgroup"), "/system.slice");
	/* killed at 22:13:20, uptime 100 s, started at 1 s: 99 s before */
	assert_string_equal(get_str(t, "start_time"),
			    "2023-11-14T22:11:41.000000Z");
	assert_true(get_bool(t, "in_scope"));
	assert_true(get_bool(t, "mm_readable"));

	t = task_by_pid(tasks, 4242);
	assert_int_equal(get_int(t, "rss_kb"), (20000 + 300 + 10) * 4);
	assert_int_equal(get_int(t, "points"), 21000);
	assert_int_equal(get_int(t, "swap_kb"), 64 * 4);
	/* started at 5 s: 95 s before the kill */
	assert_string_equal(get_str(t, "start_time"),
			    "2023-11-14T22:11:45.000000Z");

	t = task_by_pid(tasks, 800);
	assert_int_equal(get_int(t, "swap_kb"), 2 * 4);
	assert_int_equal(get_int(t, "pgtables_kb"), 40);	/* 40960 B */
	assert_int_equal(get_int(t, "points"), 150);

	/* NO_MM: listed, memory unknown, cgroup 99 not in the table */
	t = task_by_pid(tasks, 900);
	assert_false(get_bool(t, "mm_readable"));
	get(t, "total_vm_kb", json_type_null);
	get(t, "rss_kb", json_type_null);
	get(t, "rss_anon_kb", json_type_null);
	get(t, "rss_file_kb", json_type_null);
	get(t, "rss_shmem_kb", json_type_null);
	get(t, "pgtables_kb", json_type_null);
	get(t, "swap_kb", json_type_null);
	get(t, "points", json_type_null);
	get(t, "cgroup", json_type_null);
	assert_string_equal(get_str(t, "state"), "D");
	assert_int_equal(get_int(t, "ppid"), 800);
	assert_string_equal(get_str(t, "start_time"),
			    "2023-11-14T22:11:43.000000Z");
	assert_int_equal(json_object_object_length(t), 19);
	json_object_put(o);
	osn_record_free(&r);
}

static void test_json_counts_and_machine(void **state)
{
	struct osn_record r;
	struct json_object *o, *x, *z, *arr;

	(void)state;
	assemble_global(&r);
	o = roundtrip(&r);
	assert_int_equal(get_int(o, "capture_ns"), 123456);
	x = get(o, "tasks_omitted", json_type_object);
	assert_int_equal(get_int(x, "count"), 2);
	assert_int_equal(get_int(x, "rss_kb"), 1000 * 4);
	assert_int_equal(get_int(o, "tasks_unreadable"), 1);
	assert_int_equal(get_int(o, "kthreads"), 50);
	assert_int_equal(get_int(o, "cgroups_omitted"), 0);

	arr = get(o, "zones", json_type_array);
	assert_int_equal(json_object_array_length(arr), 2);
	z = json_object_array_get_idx(arr, 0);
	assert_int_equal(get_int(z, "node"), 0);
	assert_string_equal(get_str(z, "zone"), "DMA32");
	assert_int_equal(get_int(z, "free_kb"), 4000);
	assert_int_equal(get_int(z, "min_kb"), 400);
	assert_int_equal(get_int(z, "low_kb"), 500);
	assert_int_equal(get_int(z, "high_kb"), 600);
	assert_int_equal(get_int(z, "boost_kb"), 0);
	assert_int_equal(get_int(z, "managed_kb"), 800000);
	assert_int_equal(get_int(z, "present_kb"), 1048576);
	/* lowmem_reserve stays in pages, as the kernel prints it */
	x = get(z, "lowmem_reserve", json_type_array);
	assert_int_equal(json_object_array_length(x), 5);
	assert_int_equal(elem(x, 2), 1000);
	x = get(z, "free_blocks", json_type_array);
	assert_int_equal(json_object_array_length(x), 11);
	assert_int_equal(elem(x, 0), 3);
	assert_int_equal(elem(x, 10), 1);
	z = json_object_array_get_idx(arr, 1);
	assert_int_equal(get_int(z, "boost_kb"), 28);

	x = get(o, "meminfo", json_type_object);
	assert_int_equal(json_object_object_length(x), 22);
	get(x, "panic_on_oom", json_type_null);	/* no facts handed in */
	assert_int_equal(get_int(x, "mem_total_kb"), 8000000);
	assert_int_equal(get_int(x, "mem_free_kb"), 50000);
	assert_int_equal(get_int(x, "mem_available_kb"), 60000);
	assert_int_equal(get_int(x, "active_anon_kb"), 4000000);
	assert_int_equal(get_int(x, "shmem_kb"), 1234);
	assert_int_equal(get_int(x, "hugepages_total"), 16);
	assert_int_equal(get_int(x, "overcommit_mode"), 2);
	get(x, "swap_total_kb", json_type_null);
	get(x, "committed_as_kb", json_type_null);
	get(x, "hugepages_free", json_type_null);

	x = get(o, "vmstat", json_type_object);
	assert_int_equal(json_object_object_length(x), 2);
	assert_int_equal(get_int(x, "pgscan_direct"), 12345);
	assert_int_equal(get_int(x, "oom_kill"), 3);

	x = get(o, "system", json_type_object);
	assert_string_equal(get_str(x, "release"), "6.1.0-13-amd64");
	assert_string_equal(get_str(x, "hostname"), "web-1");
	assert_int_equal(get_int(x, "uptime_ns"), 100000000000LL);
	assert_string_equal(get_str(x, "boot_id"),
			    "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b");
	json_object_put(o);
	osn_record_free(&r);
}

/* `list --json` prints summaries: no "tasks", no cgroup table. */
static void test_json_summary_has_no_tasks(void **state)
{
	struct nl_msg *m = fx_summary(&snap_global);
	struct osn_record r;
	struct json_object *o, *v;

	(void)state;
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), &r), 0);
	nlmsg_free(m);
	o = roundtrip(&r);
	assert_false(json_object_object_get_ex(o, "tasks", NULL));
	v = get(o, "victim", json_type_object);
	get(v, "cgroup", json_type_null);
	assert_int_equal(get_int(v, "points"), 21000);
	get(o, "zones", json_type_array);
	json_object_put(o);
	osn_record_free(&r);
}

static void test_json_memcg_limits(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;
	struct json_object *o, *m, *t;

	(void)state;
	s.kind = OOMSNAP_KIND_MEMCG;
	s.constraint = OOMSNAP_CONSTRAINT_MEMCG;
	s.nodemask_words = 0;
	s.memcg_path = "/test/sub";
	s.mc_id = 1234;
	s.mc_usage = 25600;			/* 102400 kB */
	s.mc_max = 25600;
	s.mc_high = 9223372036854775807ULL / 4096; /* PAGE_COUNTER_MAX */
	s.mc_swap = 3;				/* 12 kB */
	s.mc_swap_max = UINT64_MAX;		/* also "max" */
	s.mc_oom = 3;
	s.mc_oom_kill = 2;
	assemble(&s, snap_rows, SNAP_ROWS, &r);
	o = roundtrip(&r);
	t = get(o, "trigger", json_type_object);
	assert_string_equal(get_str(t, "constraint"), "memcg");
	get(t, "nodemask", json_type_null);
	m = get(o, "memcg", json_type_object);
	assert_string_equal(get_str(m, "path"), "/test/sub");
	assert_int_equal(get_int(m, "id"), 1234);
	assert_int_equal(get_int(m, "usage_kb"), 102400);
	assert_int_equal(get_int(m, "max_kb"), 102400);
	get(m, "high_kb", json_type_null);
	assert_int_equal(get_int(m, "swap_kb"), 12);
	get(m, "swap_max_kb", json_type_null);
	assert_int_equal(get_int(m, "oom"), 3);
	assert_int_equal(get_int(m, "oom_kill"), 2);
	json_object_put(o);
	osn_record_free(&r);

	/* 16 KiB pages: PAGE_COUNTER_MAX is LONG_MAX / 16384 */
	r = (struct osn_record){ .page_size = 16384 };
	assert_true(osn_page_counter_is_max(562949953421311ULL, 16384));
	assert_false(osn_page_counter_is_max(562949953421310ULL, 16384));
	assert_false(osn_page_counter_is_max(2251799813685247ULL - 1, 4096));
	assert_true(osn_page_counter_is_max(2251799813685247ULL, 4096));
	assert_true(osn_page_counter_is_max(UINT64_MAX, 65536));
}

static void test_nodemask_format(void **state)
{
	static const struct {
		uint64_t w[2];
		const char *want;
	} cases[] = {
		{ { 0x1, 0 }, "0" },
		{ { 0xb, 0 }, "0-1,3" },
		{ { 0x5, 0 }, "0,2" },
		{ { 0, 0 }, "" },
		{ { 1ULL << 63, 1 }, "63-64" },
		{ { UINT64_MAX, UINT64_MAX }, "0-127" },
		{ { 0xf0, 1ULL << 63 }, "4-7,127" },
	};
	char buf[OSN_NODEMASK_LEN];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(osn_format_nodemask(cases[i].w, 2, buf,
						     sizeof(buf)), 0);
		assert_string_equal(buf, cases[i].want);
	}
	/* "0-1,3" needs 6 bytes: 5 is too few, not a cut list */
	assert_int_equal(osn_format_nodemask(cases[1].w, 2, buf, 5),
			 -EOVERFLOW);
}

static void test_units_snapshot(void **state)
{
	(void)state;
	/* swap entries are pages */
	assert_int_equal(osn_pages_to_kb(64, 4096), 256);
	assert_int_equal(osn_pages_to_kb(64, 65536), 4096);
	/* buddy block sizes: (page_size / 1024) << order */
	assert_int_equal(osn_block_kb(0, 4096), 4);
	assert_int_equal(osn_block_kb(10, 4096), 4096);
	assert_int_equal(osn_block_kb(3, 16384), 128);
}

static void test_start_time(void **state)
{
	struct osn_record r = {
		.time_ns = 1700000000000000000ULL,
		.has_system = true,
		.system = { .uptime_ns = 100000000000ULL },
	};
	struct osn_task t = { .start_time_ns = { true, 40000000000ULL } };
	uint64_t when;

	(void)state;
	/* started 60 s before the kill */
	assert_int_equal(osn_task_start_time(&r, &t, &when), 0);
	assert_true(when == 1700000000000000000ULL - 60000000000ULL);
	/* started at boot */
	t.start_time_ns.v = 0;
	assert_int_equal(osn_task_start_time(&r, &t, &when), 0);
	assert_true(when == 1700000000000000000ULL - 100000000000ULL);
	/* after the kill: inconsistent */
	t.start_time_ns.v = 100000000001ULL;
	assert_int_equal(osn_task_start_time(&r, &t, &when), -ENODATA);
	/* no uptime, no start time */
	t.start_time_ns.v = 1;
	r.has_system = false;
	assert_int_equal(osn_task_start_time(&r, &t, &when), -ENODATA);
	r.has_system = true;
	t.start_time_ns.has = false;
	assert_int_equal(osn_task_start_time(&r, &t, &when), -ENODATA);
	/* uptime longer than the epoch time: would be before 1970 */
	t.start_time_ns = (struct osn_opt){ true, 0 };
	r.time_ns = 5;
	assert_int_equal(osn_task_start_time(&r, &t, &when), -ENODATA);
}

/* ---- text ---- */

static char *show(const struct osn_record *rec)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(osn_text_show(f, rec), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

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

static void assert_line(const char *text, const char *prefix,
			const char *want)
{
	char *line = line_starting(text, prefix);

	assert_string_equal(line, want);
	free(line);
}

/* The summary part, in plain words. */
static void test_text_summary(void **state)
{
	struct osn_record r;
	char *text;

	(void)state;
	assemble_global(&r);
	text = show(&r);
	assert_line(text, "  victim:", "  victim:    pid 4242, tgid 4242, "
		    "hog, uid 1000, rss 81240 kB, oom_score_adj 200, "
		    "points 21000");
	assert_line(text, "  outcome:", "  outcome:   killed");
	/* bigdb: (30000 + 500) * 4 kB > the victim's 81240 kB */
	assert_line(text, "  note:", "  note:      the victim is not the "
		    "largest process: bigdb (pid 3001) had 122000 kB; its "
		    "oom_score_adj is -1000, so the kernel never chooses it");
	/* 2 rows left out, 1000 pages */
	assert_line(text, "  omitted:", "  omitted:   2 processes left out of "
		    "the task table (the lowest points go first), 4000 kB of "
		    "RSS in all");
	assert_non_null(strstr(text, "  unread:    1 process"));
	assert_line(text, "  host:",
		    "  host:      web-1, Linux 6.1.0-13-amd64");
	free(text);
	osn_record_free(&r);
}

static void test_text_kernel_lines(void **state)
{
	struct osn_record r;
	char *text;

	(void)state;
	assemble_global(&r);
	text = show(&r);
	assert_line(text, "allocator invoked", "allocator invoked oom-killer: "
		    "gfp_mask=0x140dca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), "
		    "order=0, oom_score_adj=0");
	/* the victim's cgroup 77 is /user.slice/hog.scope in the table */
	assert_line(text, "oom-kill:", "oom-kill:constraint="
		    "CONSTRAINT_MEMORY_POLICY,nodemask=0-1,3,global_oom,"
		    "task_memcg=/user.slice/hog.scope,task=hog,pid=4242,"
		    "uid=1000");
	assert_line(text, "Out of memory:", "Out of memory: Killed process "
		    "4242 (hog) total-vm:200000kB, anon-rss:80000kB, "
		    "file-rss:1200kB, shmem-rss:40kB, UID:1000 pgtables:200kB "
		    "oom_score_adj:200");
	assert_line(text, "MemTotal:", "MemTotal:8000000kB MemFree:50000kB "
		    "MemAvailable:60000kB");
	assert_line(text, "HugePages_Total:", "HugePages_Total:16 "
		    "overcommit_memory:2");
	/* 1000, 0, 100, 125, 150, 262144, 200000 pages * 4 */
	assert_line(text, "Node 0 DMA32 free:", "Node 0 DMA32 free:4000kB "
		    "boost:0kB min:400kB low:500kB high:600kB "
		    "present:1048576kB managed:800000kB");
	assert_line(text, "lowmem_reserve[]: 0 0 1000",
		    "lowmem_reserve[]: 0 0 1000 1000 0");
	/* 3*4 + 2*8 + 1*16 + 1*4096 = 4140 */
	assert_line(text, "Node 0 DMA32:", "Node 0 DMA32: 3*4kB 2*8kB 1*16kB "
		    "0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB 0*2048kB "
		    "1*4096kB = 4140kB");
	/* 10*4 + 5*8 = 80 */
	assert_line(text, "Node 0 Normal:", "Node 0 Normal: 10*4kB 5*8kB "
		    "0*16kB 0*32kB 0*64kB 0*128kB 0*256kB 0*512kB 0*1024kB "
		    "0*2048kB 0*4096kB = 80kB");
	/* the report comes after the summary, in the kernel's order */
	assert_true(strstr(text, "As in the kernel log:") <
		    strstr(text, "allocator invoked"));
	assert_true(strstr(text, "allocator invoked") <
		    strstr(text, "Mem-Info:"));
	assert_true(strstr(text, "Node 0 Normal:") <
		    strstr(text, "Tasks state"));
	assert_true(strstr(text, "Tasks state") < strstr(text, "oom-kill:"));
	assert_true(strstr(text, "oom-kill:") <
		    strstr(text, "Out of memory: Killed"));
	free(text);
	osn_record_free(&r);
}

struct row {
	char mark;
	unsigned int pid;
	char rss[24], points[24], comm[32];
};

/* The rows of the task table, in the order printed. */
static size_t table_rows(const char *text, struct row *rows, size_t max)
{
	const char *p = strstr(text, "Tasks state (memory values in pages):\n");
	char header[256];
	size_t n = 0;

	assert_non_null(p);
	p = strchr(p, '\n') + 1;
	assert_int_equal(sscanf(p, "%255[^\n]", header), 1);
	assert_string_equal(header, "  [  pid  ]   uid  tgid total_vm      rss "
			    "rss_anon rss_file rss_shmem pgtables_bytes "
			    "swapents oom_score_adj   points name");
	for (p = strchr(p, '\n') + 1; p[0] && p[1] == ' ' && p[2] == '[';
	     p = strchr(p, '\n') + 1) {
		char skip[7][24];
		int adj;

		assert_true(n < max);
		rows[n].mark = p[0];
		assert_int_equal(sscanf(p + 2, "[%u] %23s %23s %23s %23s %23s "
					"%23s %23s %23s %23s %d %23s %31s",
					&rows[n].pid, skip[0], skip[1],
					skip[2], rows[n].rss, skip[3], skip[4],
					skip[5], skip[6], skip[6], &adj,
					rows[n].points, rows[n].comm), 13);
		n++;
	}
	return n;
}

static void test_text_task_table(void **state)
{
	static const struct {
		char mark;
		unsigned int pid;
		const char *rss, *points, *comm;
	} want[] = {
		/* rss in pages, largest first; the victim marked '*' */
		{ ' ', 3001, "30500", "-", "bigdb" },
		{ '*', 4242, "20310", "21000", "hog" },
		{ ' ', 800, "150", "150", "sshd" },
		{ ' ', 900, "-", "-", "stuck" },
	};
	struct row rows[8];
	struct osn_record r;
	char *text;
	size_t i;

	(void)state;
	assemble_global(&r);
	text = show(&r);
	assert_int_equal(table_rows(text, rows, 8), 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(rows[i].mark, want[i].mark);
		assert_int_equal(rows[i].pid, want[i].pid);
		assert_string_equal(rows[i].rss, want[i].rss);
		assert_string_equal(rows[i].points, want[i].points);
		assert_string_equal(rows[i].comm, want[i].comm);
	}
	free(text);
	osn_record_free(&r);
}

/* An exiting victim was reaped, not killed: no "Killed process" line. */
static void test_text_exiting_victim(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;
	char *text;

	(void)state;
	s.victim.exiting = true;
	assemble(&s, snap_rows, SNAP_ROWS, &r);
	text = show(&r);
	assert_null(strstr(text, "Killed process"));
	assert_line(text, "  outcome:", "  outcome:   it was already exiting: "
		    "the kernel reaped its memory without killing it");
	assert_null(strstr(text, "Out of memory:"));
	assert_null(strstr(text, "As in the kernel log"));
	assert_non_null(strstr(text, "\nIn the layout of the kernel's report "
				     "(it logged none for this kill):\n"));
	assert_non_null(strstr(text, "(the kernel logged no kill: hog (pid "
				     "4242) was already exiting"));
	free(text);
	osn_record_free(&r);
}

/* A memcg OOM: its usage and limit, and only its own tasks listed. */
static void test_text_memcg(void **state)
{
	struct t_task rows[SNAP_ROWS];
	struct t_snap s = snap_global;
	struct row out[8];
	struct osn_record r;
	char *text;

	(void)state;
	memcpy(rows, snap_rows, sizeof(rows));
	rows[1].in_scope = false;	/* bigdb is outside the cgroup */
	s.kind = OOMSNAP_KIND_MEMCG;
	s.constraint = OOMSNAP_CONSTRAINT_MEMCG;
	s.nodemask_words = 0;
	s.memcg_path = "/test/sub";
	s.mc_usage = 25600;
	s.mc_max = 25600;
	s.mc_high = 9223372036854775807ULL / 4096;
	s.mc_swap = 0;
	s.mc_swap_max = 9223372036854775807ULL / 4096;
	assemble(&s, rows, SNAP_ROWS, &r);
	text = show(&r);
	assert_line(text, "memory:", "memory: usage 102400kB, limit 102400kB");
	assert_line(text, "swap:", "swap: usage 0kB, limit max");
	assert_line(text, "oom-kill:", "oom-kill:constraint=CONSTRAINT_MEMCG,"
		    "nodemask=(null),oom_memcg=/test/sub,task_memcg="
		    "/user.slice/hog.scope,task=hog,pid=4242,uid=1000");
	assert_line(text, "Memory cgroup out of memory:", "Memory cgroup out "
		    "of memory: Killed process 4242 (hog) total-vm:200000kB, "
		    "anon-rss:80000kB, file-rss:1200kB, shmem-rss:40kB, "
		    "UID:1000 pgtables:200kB oom_score_adj:200");
	/* the largest process is outside the cgroup: no note */
	assert_null(strstr(text, "  note:"));
	assert_int_equal(table_rows(text, out, 8), 3);
	assert_int_equal(out[0].pid, 4242);
	assert_int_equal(out[0].mark, '*');
	assert_non_null(strstr(text, "(1 process outside /test/sub not "
				     "listed"));
	/* no memory is read outside the memcg: the RSS is the memcg's */
	assert_line(text, "  omitted:", "  omitted:   2 processes left out of "
		    "the task table (those outside /test/sub first, then the "
		    "lowest points), 4000 kB of RSS in it");
	free(text);
	osn_record_free(&r);
}

/* A victim whose mm was gone: as the kernel's "already exiting" line. */
static void test_text_victim_no_mm(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;
	char *text;

	(void)state;
	s.victim.no_mm = true;
	s.victim.has_points = false;
	assemble(&s, snap_rows, SNAP_ROWS, &r);
	text = show(&r);
	assert_line(text, "Out of memory:", "Out of memory: OOM victim 4242 "
		    "(hog) is already exiting. Skip killing the task");
	assert_non_null(strstr(text, "rss unknown"));
	free(text);
	osn_record_free(&r);
}

/* Names from the machine cannot drive the terminal either. */
static void test_text_escapes(void **state)
{
	struct t_task rows[SNAP_ROWS];
	struct t_snap s = snap_global;
	struct osn_record r;
	char *text;

	(void)state;
	memcpy(rows, snap_rows, sizeof(rows));
	rows[2].comm = "ss\x1b]0;pwn\x07";
	s.hostname = "host\x1b[2J";
	assemble(&s, rows, SNAP_ROWS, &r);
	text = show(&r);
	assert_null(strchr(text, '\x1b'));
	assert_null(strchr(text, '\x07'));
	assert_non_null(strstr(text, " ss\\x1b]0;pwn\\x07\n"));
	assert_non_null(strstr(text, "host\\x1b[2J"));
	free(text);
	osn_record_free(&r);
}

/* ---- records of earlier boots, panic, losses ---- */

/* "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b" as 16 bytes */
static const uint8_t boot_a[16] = {
	0x0f, 0x3c, 0x1b, 0x8e, 0x2c, 0x7e, 0x4d, 0x7e,
	0x9b, 0x7a, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b,
};

/* No line of text starts with prefix. */
static void assert_no_line(const char *text, const char *prefix)
{
	const char *p = text;

	for (; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, prefix, strlen(prefix)))
			fail_msg("a line starts with '%s' in:\n%s", prefix,
				 text);
}

/* panic_on_oom: the kernel panicked before it chose a victim. */
static void test_panic_record(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;
	struct json_object *o;
	char *text, *line = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	s.panic = true;
	s.boot_bin = boot_a;
	assemble(&s, snap_rows, SNAP_ROWS, &r);

	text = show(&r);
	assert_line(text, "OOM #", "OOM #42");
	assert_line(text, "  outcome:", "  outcome:   OOM, kernel panicked "
		    "(panic_on_oom), no victim");
	assert_line(text, "  victim:", "  victim:    none");
	/* the largest candidate: bigdb, (30000 + 500) * 4 = 122000 kB */
	assert_line(text, "  largest:", "  largest:   bigdb (pid 3001) had "
		    "122000 kB");
	/* the task table is still there, with no row marked the victim */
	assert_non_null(strstr(text, "Tasks state (memory values in pages):"));
	assert_non_null(strstr(text, "[   4242]"));
	assert_no_line(text, "* [");
	/* no kill, so no kill line and no oom-kill summary line */
	assert_null(strstr(text, "Killed process"));
	assert_no_line(text, "oom-kill:");
	assert_non_null(strstr(text, "the kernel panicked here"));
	free(text);

	o = roundtrip(&r);
	get(o, "victim", json_type_null);
	assert_true(get_bool(o, "panic"));
	assert_string_equal(get_str(o, "kind"), "global");
	assert_int_equal(json_object_array_length(get(o, "tasks",
						      json_type_array)), 4);
	json_object_put(o);

	/* list: kind "panic", no pid, comm or RSS */
	f = open_memstream(&line, &len);
	assert_non_null(f);
	assert_int_equal(osn_text_list_line(f, &r), 0);
	assert_int_equal(fclose(f), 0);
	{
		char seq[16], boot[16], time[64], kind[16], pid[16], comm[16];
		char rss[16], ack[8], memcg[16];

		assert_int_equal(sscanf(line, "%15s %15s %63s %15s %15s %15s "
					"%15s %7s %15s", seq, boot, time, kind,
					pid, comm, rss, ack, memcg), 9);
		assert_string_equal(seq, "42");
		assert_string_equal(boot, "0f3c1b8e");	/* this boot: no '*' */
		assert_string_equal(kind, "panic");
		assert_string_equal(pid, "-");
		assert_string_equal(comm, "-");
		assert_string_equal(rss, "-");
		assert_string_equal(ack, "no");
		assert_string_equal(memcg, "-");
	}
	free(line);
	osn_record_free(&r);
}

static void test_boot_and_losses(void **state)
{
	struct t_snap s = snap_global;
	struct osn_record r;
	struct json_object *o;
	char *text;

	(void)state;
	s.boot_bin = boot_a;
	s.earlier_boot = true;
	s.acknowledged = true;
	s.has_lost_before = true;
	s.lost_before = 3;
	assemble(&s, snap_rows, SNAP_ROWS, &r);

	text = show(&r);
	assert_line(text, "OOM kill #", "OOM kill #42");
	assert_line(text, "  boot:", "  boot:      0f3c1b8e-2c7e-4d7e-9b7a-"
		    "1c2d3e4f5a6b, an earlier boot (this record is "
		    "0f3c1b8e:42)");
	assert_line(text, "  lost:", "  lost:      3 kill(s) before this one "
		    "were not stored (the store was full)");
	assert_non_null(strstr(text, "  stored:    acknowledged"));
	/* a victim: killed as usual */
	assert_line(text, "  outcome:", "  outcome:   killed");
	free(text);

	o = roundtrip(&r);
	assert_string_equal(get_str(o, "boot_id"),
			    "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b");
	assert_true(get_bool(o, "earlier_boot"));
	assert_true(get_bool(o, "acknowledged"));
	assert_false(get_bool(o, "panic"));
	assert_int_equal(get_int(o, "lost_before"), 3);
	assert_int_equal(get_int(get(o, "victim", json_type_object), "pid"),
			 4242);
	json_object_put(o);
	osn_record_free(&r);

	/* None lost: no "lost:" line; JSON 0. */
	s.lost_before = 0;
	s.earlier_boot = false;
	assemble(&s, snap_rows, SNAP_ROWS, &r);
	text = show(&r);
	assert_no_line(text, "  lost:");
	assert_line(text, "  boot:", "  boot:      0f3c1b8e-2c7e-4d7e-9b7a-"
		    "1c2d3e4f5a6b, the current boot");
	free(text);
	o = roundtrip(&r);
	assert_int_equal(get_int(o, "lost_before"), 0);
	json_object_put(o);
	osn_record_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_trigger_and_victim),
		cmocka_unit_test(test_json_tasks),
		cmocka_unit_test(test_json_counts_and_machine),
		cmocka_unit_test(test_json_summary_has_no_tasks),
		cmocka_unit_test(test_json_memcg_limits),
		cmocka_unit_test(test_nodemask_format),
		cmocka_unit_test(test_units_snapshot),
		cmocka_unit_test(test_start_time),
		cmocka_unit_test(test_text_summary),
		cmocka_unit_test(test_text_kernel_lines),
		cmocka_unit_test(test_text_task_table),
		cmocka_unit_test(test_text_exiting_victim),
		cmocka_unit_test(test_text_memcg),
		cmocka_unit_test(test_text_victim_no_mm),
		cmocka_unit_test(test_text_escapes),
		cmocka_unit_test(test_panic_record),
		cmocka_unit_test(test_boot_and_losses),
	};

	return cmocka_run_group_tests_name("snapshot render", tests, NULL,
					   NULL);
}
