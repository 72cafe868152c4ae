// SPDX-License-Identifier: GPL-2.0
/*
 * test_journald_fields.c - unit tests of the journal entry of a record
 * (journald_fields.c), without a journal: the exact field list of a kill,
 * a panic record (PRIORITY 2, no victim fields), a memcg OOM, a victim
 * without memory, invalid UTF-8 as U+FFFD, a path too long; and that the
 * catalog shipped with oomsnapd (userspace/oomsnapd/oomsnap.catalog)
 * explains exactly OSND_JOURNALD_MESSAGE_ID, so the two cannot drift.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "journald_fields.h"
#include "record.h"

#define BOOT	"3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b"
#define PATH	"/var/lib/oomsnap/records/20231114T221320.123456789Z_" \
		BOOT "_7.json"

static const uint8_t boot_bin[16] = {
	0x3f, 0x2c, 0x1b, 0x8e, 0x2c, 0x7e, 0x4d, 0x7e,
	0x9b, 0x7a, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b,
};

static struct osnd_jfields f;

/* A global OOM on a 4 KiB page kernel, 2023-11-14T22:13:20.123456789Z. */
static struct osn_record global_rec(void)
{
	struct osn_record r = {
		.seq = 7,
		.time_ns = 1700000000123456789ULL,
		.kind = OOMSNAP_KIND_GLOBAL,
		.page_size = 4096,
		.has_victim = true,
		.victim = { .pid = 4242, .tgid = 4242, .comm = "stress-ng",
			    .uid = 1000, .total_vm_pages = 25000,
			    .rss_anon_pages = 12345, .rss_file_pages = 100,
			    .rss_shmem_pages = 3, .pgtables_bytes = 10240,
			    .oom_score_adj = 500 },
		.has_boot_id = true,
	};
	memcpy(r.boot_id, boot_bin, sizeof(r.boot_id));
	return r;
}

/* Field i is exactly want ("NAME=value"), with no NUL counted. */
static void assert_field(size_t i, const char *want)
{
	assert_true(i < f.n);
	if (f.iov[i].iov_len != strlen(want) ||
	    memcmp(f.iov[i].iov_base, want, f.iov[i].iov_len))
		fail_msg("field %zu is \"%.*s\", not \"%s\"", i,
			 (int)f.iov[i].iov_len, (char *)f.iov[i].iov_base,
			 want);
}

/* The value of field name, NUL-terminated in buf; NULL if absent. */
static const char *value(const char *name, char *buf, size_t size)
{
	size_t i, n = strlen(name), len;

	for (i = 0; i < f.n; i++) {
		const char *s = f.iov[i].iov_base;

		len = f.iov[i].iov_len;
		if (len > n && !memcmp(s, name, n) && s[n] == '=') {
			snprintf(buf, size, "%.*s", (int)(len - n - 1),
				 s + n + 1);
			return buf;
		}
	}
	return NULL;
}

static void test_kill(void **state)
{
	struct osn_record r = global_rec();

	(void)state;
	assert_int_equal(osnd_journald_fields(&r, PATH, &f), 0);
	assert_field(0, "MESSAGE_ID=" OSND_JOURNALD_MESSAGE_ID);
	assert_field(1, "PRIORITY=3");
	assert_field(2, "SYSLOG_IDENTIFIER=oomsnap");
	/* The kernel's line: total-vm 25000 * 4, anon 12345 * 4, file
	 * 100 * 4, shmem 3 * 4, pgtables 10240 >> 10. */
	assert_field(3, "MESSAGE=Out of memory: Killed process 4242 "
		     "(stress-ng) total-vm:100000kB, anon-rss:49380kB, "
		     "file-rss:400kB, shmem-rss:12kB, UID:1000 pgtables:10kB "
		     "oom_score_adj:500");
	assert_field(4, "OOMSNAP_SEQ=7");
	assert_field(5, "OOMSNAP_BOOT_ID=" BOOT);
	assert_field(6, "OOMSNAP_KILL_TIME_USEC=1700000000123456");
	assert_field(7, "OOMSNAP_KIND=global");
	assert_field(8, "OOMSNAP_VICTIM_PID=4242");
	assert_field(9, "OOMSNAP_VICTIM_COMM=stress-ng");
	/* (12345 + 100 + 3) * 4 */
	assert_field(10, "OOMSNAP_VICTIM_RSS_KB=49792");
	assert_field(11, "OOMSNAP_RECORD=" PATH);
	assert_int_equal(f.n, 12);
}

static void test_panic(void **state)
{
	struct osn_record r = global_rec();
	char v[512];

	(void)state;
	r.panic = true;
	r.has_victim = false;
	memset(&r.victim, 0, sizeof(r.victim));
	assert_int_equal(osnd_journald_fields(&r, PATH, &f), 0);
	assert_string_equal(value("PRIORITY", v, sizeof(v)), "2");
	assert_string_equal(value("MESSAGE", v, sizeof(v)),
			    "Out of memory: panic_on_oom is enabled; the "
			    "kernel panicked, no process was killed");
	assert_null(value("OOMSNAP_VICTIM_PID", v, sizeof(v)));
	assert_null(value("OOMSNAP_VICTIM_COMM", v, sizeof(v)));
	assert_null(value("OOMSNAP_VICTIM_RSS_KB", v, sizeof(v)));
	assert_string_equal(value("OOMSNAP_RECORD", v, sizeof(v)), PATH);
}

static void test_memcg_no_mm(void **state)
{
	struct osn_record r = global_rec();
	char v[512];

	(void)state;
	r.kind = OOMSNAP_KIND_MEMCG;
	r.has_memcg = true;
	strcpy(r.memcg_path, "/system.slice/app.service");
	r.has_boot_id = false;
	r.victim.no_mm = true;
	assert_int_equal(osnd_journald_fields(&r, PATH, &f), 0);
	assert_string_equal(value("OOMSNAP_KIND", v, sizeof(v)), "memcg");
	assert_string_equal(value("OOMSNAP_MEMCG", v, sizeof(v)),
			    "/system.slice/app.service");
	assert_string_equal(value("MESSAGE", v, sizeof(v)),
			    "Memory cgroup out of memory: OOM victim 4242 "
			    "(stress-ng) is already exiting. Skip killing the "
			    "task");
	assert_null(value("OOMSNAP_BOOT_ID", v, sizeof(v)));
	assert_null(value("OOMSNAP_VICTIM_RSS_KB", v, sizeof(v)));
	assert_string_equal(value("OOMSNAP_VICTIM_PID", v, sizeof(v)),
			    "4242");

	r.kind = 99;
	assert_int_equal(osnd_journald_fields(&r, PATH, &f), 0);
	assert_string_equal(value("OOMSNAP_KIND", v, sizeof(v)),
			    "unknown(99)");
}

/* Text fields are valid UTF-8, invalid bytes U+FFFD; control as \xNN. */
static void test_utf8(void **state)
{
	struct osn_record r = global_rec();
	char v[512];

	(void)state;
	strcpy(r.victim.comm, "ab\xff\x1b");
	r.kind = OOMSNAP_KIND_MEMCG;
	r.has_memcg = true;
	strcpy(r.memcg_path, "/caf\xc3\xa9\xc3");
	assert_int_equal(osnd_journald_fields(&r, PATH, &f), 0);
	assert_string_equal(value("OOMSNAP_VICTIM_COMM", v, sizeof(v)),
			    "ab\xef\xbf\xbd\x1b");
	assert_string_equal(value("OOMSNAP_MEMCG", v, sizeof(v)),
			    "/caf\xc3\xa9\xef\xbf\xbd");
	assert_non_null(strstr(value("MESSAGE", v, sizeof(v)),
			       "Killed process 4242 (ab\xef\xbf\xbd\\x1b) "));
}

static void test_errors(void **state)
{
	struct osn_record r = global_rec();
	char *path;

	(void)state;
	assert_int_equal(osnd_journald_fields(NULL, PATH, &f), -EINVAL);
	assert_int_equal(osnd_journald_fields(&r, NULL, &f), -EINVAL);
	assert_int_equal(osnd_journald_fields(&r, PATH, NULL), -EINVAL);
	path = malloc(PATH_MAX + 1);
	assert_non_null(path);
	memset(path, 'p', PATH_MAX);
	path[PATH_MAX] = '\0';
	assert_int_equal(osnd_journald_fields(&r, path, &f), -ENAMETOOLONG);
	/* The longest path fits, with the longest memcg. */
	path[PATH_MAX - 1] = '\0';
	r.has_memcg = true;
	memset(r.memcg_path, '\xff', OOMSNAP_PATH_LEN - 1);
	r.memcg_path[OOMSNAP_PATH_LEN - 1] = '\0';
	assert_int_equal(osnd_journald_fields(&r, path, &f), 0);
	free(path);
}

/* The catalog next to journald.c: "../../../userspace/oomsnapd" from here. */
static FILE *open_catalog(void)
{
	char path[PATH_MAX];
	const char *slash = strrchr(__FILE__, '/');

	snprintf(path, sizeof(path), "%.*s/../../../userspace/oomsnapd/"
		 "oomsnap.catalog", slash ? (int)(slash - __FILE__) : 1,
		 slash ? __FILE__ : ".");
	return fopen(path, "r");
}

static void test_catalog_id(void **state)
{
	char line[256];
	size_t entries = 0;
	FILE *c = open_catalog();

	(void)state;
	if (!c)
		fail_msg("cannot open userspace/oomsnapd/oomsnap.catalog");
	while (fgets(line, sizeof(line), c)) {
		if (strncmp(line, "-- ", 3))
			continue;
		line[strcspn(line, "\n")] = '\0';
		assert_string_equal(line + 3, OSND_JOURNALD_MESSAGE_ID);
		entries++;
	}
	fclose(c);
	assert_int_equal(entries, 1);
	/* A valid id128: 32 lower-case hex digits. */
	assert_int_equal(strlen(OSND_JOURNALD_MESSAGE_ID), 32);
	assert_int_equal(strspn(OSND_JOURNALD_MESSAGE_ID, "0123456789abcdef"),
			 32);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kill),
		cmocka_unit_test(test_panic),
		cmocka_unit_test(test_memcg_no_mm),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_catalog_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
