// SPDX-License-Identifier: GPL-2.0
/*
 * test_kill_line.c - unit tests of osn_kill_line() (kill_line.c): the
 * kernel's kill line for records whose numbers are set here.  The expected
 * strings are written from the kernel's formats in mm/oom_kill.c,
 * __oom_kill_process():
 *   "%s: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB,
 *    file-rss:%lukB, shmem-rss:%lukB, UID:%u pgtables:%lukB
 *    oom_score_adj:%hd"
 *   "%s: OOM victim %d (%s) is already exiting. Skip killing the task"
 * with kB = pages * page_size / 1024 and pgtables kB = bytes >> 10,
 * worked out by hand; never copied from the program's output.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kill_line.h"
#include "record.h"

/* A global OOM on a 4 KiB page kernel. */
static struct osn_record global_rec(void)
{
	struct osn_record r = {
		.seq = 3,
		.time_ns = 1700000000000000000ULL,
		.kind = OOMSNAP_KIND_GLOBAL,
		.page_size = 4096,
		.has_victim = true,
		.victim = { .pid = 1234, .tgid = 1234, .comm = "stress-ng",
			    .uid = 1000, .total_vm_pages = 100000,
			    .rss_anon_pages = 2500, .rss_file_pages = 300,
			    .rss_shmem_pages = 7, .pgtables_bytes = 40960,
			    .oom_score_adj = 0 },
	};
	return r;
}

static void test_global_kill(void **state)
{
	struct osn_record r = global_rec();
	/* 100000 * 4 = 400000, 2500 * 4 = 10000, 300 * 4 = 1200,
	 * 7 * 4 = 28, 40960 >> 10 = 40. */
	const char *want = "Out of memory: Killed process 1234 (stress-ng) "
			   "total-vm:400000kB, anon-rss:10000kB, "
			   "file-rss:1200kB, shmem-rss:28kB, UID:1000 "
			   "pgtables:40kB oom_score_adj:0";
	char buf[OSN_KILL_LINE_LEN];

	(void)state;
	assert_int_equal(osn_kill_line(&r, buf, sizeof(buf)), strlen(want));
	assert_string_equal(buf, want);
	assert_null(strchr(buf, '\n'));
}

/* 64 KiB pages, a negative adj, pgtables not a multiple of 1024. */
static void test_memcg_kill(void **state)
{
	struct osn_record r = global_rec();
	/* 10 * 64 = 640, 3 * 64 = 192, 1 * 64 = 64, 0, 5000 >> 10 = 4. */
	const char *want = "Memory cgroup out of memory: Killed process 80 "
			   "(java) total-vm:640kB, anon-rss:192kB, "
			   "file-rss:64kB, shmem-rss:0kB, UID:0 pgtables:4kB "
			   "oom_score_adj:-500";
	char buf[OSN_KILL_LINE_LEN];

	(void)state;
	r.kind = OOMSNAP_KIND_MEMCG;
	r.has_memcg = true;
	strcpy(r.memcg_path, "/app.slice");
	r.page_size = 65536;
	r.victim = (struct osn_task){ .pid = 80, .tgid = 80, .comm = "java",
				      .uid = 0, .total_vm_pages = 10,
				      .rss_anon_pages = 3,
				      .rss_file_pages = 1,
				      .pgtables_bytes = 5000,
				      .oom_score_adj = -500 };
	assert_int_equal(osn_kill_line(&r, buf, sizeof(buf)), strlen(want));
	assert_string_equal(buf, want);
}

/* sysrq and kinds this library does not know: "Out of memory". */
static void test_other_kinds(void **state)
{
	struct osn_record r = global_rec();
	char buf[OSN_KILL_LINE_LEN];

	(void)state;
	r.kind = OOMSNAP_KIND_SYSRQ;
	assert_true(osn_kill_line(&r, buf, sizeof(buf)) > 0);
	assert_memory_equal(buf, "Out of memory: Killed process 1234 ", 35);
	r.kind = 99;
	assert_true(osn_kill_line(&r, buf, sizeof(buf)) > 0);
	assert_memory_equal(buf, "Out of memory: Killed process 1234 ", 35);
}

static void test_no_mm(void **state)
{
	struct osn_record r = global_rec();
	char buf[OSN_KILL_LINE_LEN];

	(void)state;
	r.victim.no_mm = true;
	r.victim.total_vm_pages = r.victim.rss_anon_pages = 0;
	r.victim.rss_file_pages = r.victim.rss_shmem_pages = 0;
	r.victim.pgtables_bytes = 0;
	assert_true(osn_kill_line(&r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "Out of memory: OOM victim 1234 (stress-ng) "
			    "is already exiting. Skip killing the task");
	r.kind = OOMSNAP_KIND_MEMCG;
	assert_true(osn_kill_line(&r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "Memory cgroup out of memory: OOM victim "
			    "1234 (stress-ng) is already exiting. Skip "
			    "killing the task");
}

/* The kernel logs nothing for an exiting victim: our own words. */
static void test_exiting(void **state)
{
	struct osn_record r = global_rec();
	char buf[OSN_KILL_LINE_LEN];

	(void)state;
	r.victim.exiting = true;
	assert_true(osn_kill_line(&r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "Out of memory: process 1234 (stress-ng) "
			    "was already exiting; its memory was reaped "
			    "without a kill");
}

static void test_panic(void **state)
{
	struct osn_record r = global_rec();
	char buf[OSN_KILL_LINE_LEN];

	(void)state;
	r.has_victim = false;
	r.panic = true;
	memset(&r.victim, 0, sizeof(r.victim));
	assert_true(osn_kill_line(&r, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "Out of memory: panic_on_oom is enabled; "
			    "the kernel panicked, no process was killed");
}

/* A comm cannot drive a terminal: control characters as \xNN. */
static void test_control_chars(void **state)
{
	struct osn_record r = global_rec();
	char buf[OSN_KILL_LINE_LEN];

	(void)state;
	strcpy(r.victim.comm, "a\nb\x1b");
	assert_true(osn_kill_line(&r, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "Killed process 1234 (a\\x0ab\\x1b) "));
	assert_null(strchr(buf, '\n'));
}

/* The longest line fits OSN_KILL_LINE_LEN: every number at its maximum. */
static void test_longest(void **state)
{
	struct osn_record r = global_rec();
	char buf[OSN_KILL_LINE_LEN];
	int n;

	(void)state;
	r.kind = OOMSNAP_KIND_MEMCG;
	r.page_size = 1024;
	memset(r.victim.comm, '\x01', OOMSNAP_COMM_LEN - 1);
	r.victim.comm[OOMSNAP_COMM_LEN - 1] = '\0';
	r.victim.pid = r.victim.uid = UINT32_MAX;
	r.victim.total_vm_pages = r.victim.rss_anon_pages = UINT64_MAX;
	r.victim.rss_file_pages = r.victim.rss_shmem_pages = UINT64_MAX;
	r.victim.pgtables_bytes = UINT64_MAX;
	r.victim.oom_score_adj = INT32_MIN;
	n = osn_kill_line(&r, buf, sizeof(buf));
	assert_true(n > 0 && n < OSN_KILL_LINE_LEN);
	assert_int_equal(strlen(buf), n);
}

static void test_errors(void **state)
{
	struct osn_record r = global_rec();
	char buf[20];

	(void)state;
	assert_int_equal(osn_kill_line(NULL, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(osn_kill_line(&r, NULL, 10), -EINVAL);
	assert_int_equal(osn_kill_line(&r, buf, sizeof(buf)), -ENOSPC);
	/* What fits is there, terminated. */
	assert_string_equal(buf, "Out of memory: Kill");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_global_kill),
		cmocka_unit_test(test_memcg_kill),
		cmocka_unit_test(test_other_kinds),
		cmocka_unit_test(test_no_mm),
		cmocka_unit_test(test_exiting),
		cmocka_unit_test(test_panic),
		cmocka_unit_test(test_control_chars),
		cmocka_unit_test(test_longest),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
