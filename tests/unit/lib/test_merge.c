// SPDX-License-Identifier: GPL-2.0
/*
 * test_merge.c - the kernel's records and the archive's as one list
 * (merge.h): one item per (boot id, seq), its sources joined, the
 * kernel's copy preferred, oldest kill first, the newest of any boot, and
 * entries that did not decode kept aside.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "merge.h"

static const uint8_t boot_a[16] = { 0xaa, 1 };
static const uint8_t boot_b[16] = { 0xbb, 2 };

/* A record of boot (NULL: none) and seq at t seconds; tag marks the copy. */
static struct osn_record rec(const uint8_t *boot, uint64_t seq, uint64_t t,
			     bool tag)
{
	struct osn_record r = { .seq = seq, .time_ns = t * 1000000000ULL,
				.page_size = 4096, .has_victim = true };

	if (boot) {
		r.has_boot_id = true;
		memcpy(r.boot_id, boot, 16);
	}
	/* the kernel's copy says acknowledged, the archive's not */
	r.acknowledged = tag;
	return r;
}

static void add(struct osn_merge *m, const uint8_t *boot, uint64_t seq,
		uint64_t t, unsigned int source, const char *file)
{
	struct osn_record r = rec(boot, seq, t,
				  source == OSN_SOURCE_KERNEL);

	assert_int_equal(osn_merge_add(m, &r, source, file), 0);
}

static void test_kernel_only(void **state)
{
	struct osn_merge m = OSN_MERGE_INIT;

	(void)state;
	add(&m, boot_a, 2, 200, OSN_SOURCE_KERNEL, NULL);
	add(&m, boot_a, 1, 100, OSN_SOURCE_KERNEL, NULL);
	osn_merge_finish(&m);
	assert_int_equal(m.n, 2);
	assert_int_equal(m.v[0].seq, 1);
	assert_int_equal(m.v[1].seq, 2);
	assert_int_equal(m.v[0].source, OSN_SOURCE_KERNEL);
	assert_string_equal(m.v[0].archive_file, "");
	assert_string_equal(osn_source_name(m.v[0].source), "kernel");
	assert_int_equal(m.nbad, 0);
	osn_merge_free(&m);
}

static void test_archive_only(void **state)
{
	struct osn_merge m = OSN_MERGE_INIT;

	(void)state;
	add(&m, boot_a, 1, 100, OSN_SOURCE_ARCHIVE, "f1");
	osn_merge_finish(&m);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.v[0].source, OSN_SOURCE_ARCHIVE);
	assert_string_equal(m.v[0].archive_file, "f1");
	assert_string_equal(osn_source_name(m.v[0].source), "archive");
	assert_true(m.v[0].has_rec);
	osn_merge_free(&m);
}

static void test_overlap(void **state)
{
	struct osn_merge m = OSN_MERGE_INIT;

	(void)state;
	/* kernel 1, 2; archive 2, 3 (the kernel forgot 0 and 1's ack) */
	add(&m, boot_a, 3, 300, OSN_SOURCE_ARCHIVE, "f3");
	add(&m, boot_a, 2, 200, OSN_SOURCE_ARCHIVE, "f2");
	add(&m, boot_a, 1, 100, OSN_SOURCE_KERNEL, NULL);
	add(&m, boot_a, 2, 200, OSN_SOURCE_KERNEL, NULL);
	/* a second file of the same record: one item, the first file */
	add(&m, boot_a, 3, 300, OSN_SOURCE_ARCHIVE, "f3bis");
	osn_merge_finish(&m);
	assert_int_equal(m.n, 3);
	assert_int_equal(m.v[0].seq, 1);
	assert_int_equal(m.v[0].source, OSN_SOURCE_KERNEL);
	assert_int_equal(m.v[1].seq, 2);
	assert_int_equal(m.v[1].source,
			 OSN_SOURCE_KERNEL | OSN_SOURCE_ARCHIVE);
	assert_string_equal(osn_source_name(m.v[1].source), "kernel+archive");
	assert_string_equal(osn_source_short(m.v[1].source), "both");
	assert_string_equal(m.v[1].archive_file, "f2");
	/* the kernel's copy is the one kept */
	assert_int_equal(m.v[1].rec_source, OSN_SOURCE_KERNEL);
	assert_true(m.v[1].rec.acknowledged);
	assert_int_equal(m.v[2].seq, 3);
	assert_string_equal(m.v[2].archive_file, "f3");
	assert_int_equal(m.v[2].source, OSN_SOURCE_ARCHIVE);
	osn_merge_free(&m);
}

static void test_same_seq_two_boots(void **state)
{
	struct osn_merge m = OSN_MERGE_INIT;
	const struct osn_merge_item *it;

	(void)state;
	add(&m, boot_b, 1, 500, OSN_SOURCE_KERNEL, NULL);
	add(&m, boot_a, 1, 100, OSN_SOURCE_ARCHIVE, "a1");
	add(&m, NULL, 1, 50, OSN_SOURCE_KERNEL, NULL);
	osn_merge_finish(&m);
	assert_int_equal(m.n, 3);
	it = osn_merge_find(&m, boot_a, 1);
	assert_non_null(it);
	assert_string_equal(it->archive_file, "a1");
	it = osn_merge_find(&m, boot_b, 1);
	assert_non_null(it);
	assert_int_equal(it->source, OSN_SOURCE_KERNEL);
	it = osn_merge_find(&m, NULL, 1);
	assert_non_null(it);
	assert_false(it->has_boot_id);
	assert_null(osn_merge_find(&m, boot_a, 2));
	osn_merge_free(&m);
}

static void test_newest_of_any_boot(void **state)
{
	struct osn_merge m = OSN_MERGE_INIT;
	const struct osn_merge_item *it;

	(void)state;
	assert_null(osn_merge_newest(&m));
	/* after a reboot: the current boot has nothing newer */
	add(&m, boot_a, 7, 900, OSN_SOURCE_ARCHIVE, "old7");
	add(&m, boot_a, 6, 800, OSN_SOURCE_KERNEL, NULL);
	add(&m, boot_b, 1, 100, OSN_SOURCE_KERNEL, NULL);
	osn_merge_finish(&m);
	it = osn_merge_newest(&m);
	assert_non_null(it);
	assert_int_equal(it->seq, 7);
	assert_memory_equal(it->boot_id, boot_a, 16);
	assert_int_equal(it->source, OSN_SOURCE_ARCHIVE);
	osn_merge_free(&m);
}

static void test_entry_by_name(void **state)
{
	struct osn_merge m = OSN_MERGE_INIT;
	struct osn_archive_entry e = { .name = "n2", .seq = 2,
				       .time_ns = 200000000000ULL };
	struct osn_archive_entry none = { .name = "n9", .seq = 9,
					  .time_ns = 1 };

	(void)state;
	memcpy(e.boot_id, boot_a, 16);
	add(&m, boot_a, 2, 200, OSN_SOURCE_KERNEL, NULL);
	assert_int_equal(osn_merge_add_entry(&m, &e, true), 0);
	/* all zeros in a name: a record without a boot id */
	assert_int_equal(osn_merge_add_entry(&m, &none, true), 0);
	osn_merge_finish(&m);
	assert_int_equal(m.n, 2);
	assert_false(m.v[0].has_boot_id);
	assert_false(m.v[0].has_rec);
	assert_int_equal(m.v[1].source,
			 OSN_SOURCE_KERNEL | OSN_SOURCE_ARCHIVE);
	assert_true(m.v[1].has_rec);
	assert_string_equal(m.v[1].archive_file, "n2");
	osn_merge_free(&m);
}

static void test_undecodable(void **state)
{
	struct osn_merge m = OSN_MERGE_INIT;
	struct osn_merge_bad b = { .source = OSN_SOURCE_KERNEL,
				   .has_seq = true, .seq = 4,
				   .why = "bad zone" };
	struct osn_merge_bad f = { .source = OSN_SOURCE_ARCHIVE,
				   .archive_file = "x.json",
				   .why = "not valid JSON" };

	(void)state;
	add(&m, boot_a, 3, 300, OSN_SOURCE_KERNEL, NULL);
	assert_int_equal(osn_merge_add_bad(&m, &b), 0);
	assert_int_equal(osn_merge_add_bad(&m, &f), 0);
	add(&m, boot_a, 5, 500, OSN_SOURCE_KERNEL, NULL);
	osn_merge_finish(&m);
	/* the others are all there; the bad ones are named aside */
	assert_int_equal(m.n, 2);
	assert_int_equal(m.nbad, 2);
	assert_int_equal(m.bad[0].seq, 4);
	assert_string_equal(m.bad[0].why, "bad zone");
	assert_string_equal(m.bad[1].archive_file, "x.json");
	osn_merge_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_only),
		cmocka_unit_test(test_archive_only),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_same_seq_two_boots),
		cmocka_unit_test(test_newest_of_any_boot),
		cmocka_unit_test(test_entry_by_name),
		cmocka_unit_test(test_undecodable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
