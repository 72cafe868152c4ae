// SPDX-License-Identifier: GPL-2.0
/*
 * test_recref.c - unit tests of the record references of `show` and `ack`
 * (SEQ or BOOT:SEQ, BOOT a boot id or a prefix of one), of the resolution
 * of a prefix against stored boot ids, and of the UUID form of a boot id.
 * Expected values are written out by hand from the 16 bytes.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "format.h"
#include "recref.h"

/* "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b" */
static const uint8_t boot_a[16] = {
	0x0f, 0x3c, 0x1b, 0x8e, 0x2c, 0x7e, 0x4d, 0x7e,
	0x9b, 0x7a, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b,
};
/* "0f3c1b8f-0000-..." : shares "0f3c1b8" with boot_a */
static const uint8_t boot_b[16] = {
	0x0f, 0x3c, 0x1b, 0x8f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* "a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90" */
static const uint8_t boot_c[16] = {
	0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18,
	0x29, 0x3a, 0x4b, 0x5c, 0x6d, 0x7e, 0x8f, 0x90,
};

static void test_format_boot_id(void **state)
{
	static const uint8_t ones[16] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	char buf[OSN_BOOT_ID_STR_LEN];

	(void)state;
	assert_int_equal(osn_format_boot_id(boot_a, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b");
	assert_int_equal(osn_format_boot_id(boot_c, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90");
	assert_int_equal(osn_format_boot_id(ones, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "ffffffff-ffff-ffff-ffff-ffffffffffff");
	assert_int_equal(strlen(buf), 36);
	assert_int_equal(osn_format_boot_id(boot_a, buf, 36), -EOVERFLOW);
}

static void test_parse_seq_only(void **state)
{
	struct osn_ref r;

	(void)state;
	assert_int_equal(osn_parse_ref("17", &r), 0);
	assert_false(r.has_boot);
	assert_true(r.seq == 17);
	assert_int_equal(osn_parse_ref("18446744073709551615", &r), 0);
	assert_true(r.seq == UINT64_MAX);
}

static void test_parse_full_id(void **state)
{
	static const char *const forms[] = {
		"0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b:5",
		"0F3C1B8E-2C7E-4D7E-9B7A-1C2D3E4F5A6B:5",
		"0f3c1b8e2c7e4d7e9b7a1c2d3e4f5a6b:5",
	};
	uint8_t id[16];
	struct osn_ref r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		memset(id, 0, sizeof(id));
		if (osn_parse_ref(forms[i], &r))
			fail_msg("'%s' refused", forms[i]);
		assert_true(r.has_boot);
		assert_int_equal(r.nhex, 32);
		assert_true(r.seq == 5);
		assert_true(osn_ref_full_id(&r, id));
		assert_memory_equal(id, boot_a, 16);
		assert_true(osn_ref_matches(&r, boot_a));
		assert_false(osn_ref_matches(&r, boot_b));
	}
}

static void test_parse_prefix(void **state)
{
	uint8_t id[16];
	struct osn_ref r;

	(void)state;
	assert_int_equal(osn_parse_ref("0f3c:7", &r), 0);
	assert_true(r.has_boot);
	assert_int_equal(r.nhex, 4);
	assert_string_equal(r.hex, "0f3c");
	assert_true(r.seq == 7);
	assert_false(osn_ref_full_id(&r, id));

	/* upper case and the UUID's dashes, cut anywhere after one */
	assert_int_equal(osn_parse_ref("0F3C1B8E-2C7E:3", &r), 0);
	assert_string_equal(r.hex, "0f3c1b8e2c7e");
	assert_int_equal(r.nhex, 12);
	assert_int_equal(osn_parse_ref("0f3c1b8e-2c7e-4d7:1", &r), 0);
	assert_string_equal(r.hex, "0f3c1b8e2c7e4d7");
	assert_true(osn_ref_matches(&r, boot_a));
	assert_false(osn_ref_matches(&r, boot_c));
}

static void test_parse_malformed(void **state)
{
	static const char *const bad[] = {
		"", ":", ":5", "0f3c:", "0f3c:0", "0f3c:x", "0f3c:-1",
		"0f3:1",			/* 3 digits: too short */
		"0f3g:1",			/* not hex */
		"0f3c1-b8e:1",			/* dash out of place */
		"-0f3c:1",
		"0f3c1b8e--2c7e:1",
		"0f3c1b8e-:1",			/* trailing dash */
		"0f3c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b0:1", /* 33 digits */
		"0f3c:1:2", "a:b:c", "0f3c :1", "0f3c: 1", "0x0f3c:1",
		"0", "-1", "1.5",
	};
	struct osn_ref r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (osn_parse_ref(bad[i], &r) != -EINVAL)
			fail_msg("'%s' accepted", bad[i]);
	assert_int_equal(osn_parse_ref(NULL, &r), -EINVAL);
}

static void test_resolve(void **state)
{
	uint8_t v[4][16], id[16];
	struct osn_ref r;

	(void)state;
	memcpy(v[0], boot_a, 16);
	memcpy(v[1], boot_b, 16);
	memcpy(v[2], boot_a, 16);	/* a boot with two records */
	memcpy(v[3], boot_c, 16);

	/* unique */
	assert_int_equal(osn_parse_ref("a1b2:1", &r), 0);
	assert_int_equal(osn_resolve_boot(&r, (const void *)v, 4, id), 0);
	assert_memory_equal(id, boot_c, 16);
	assert_int_equal(osn_parse_ref("0f3c1b8e:1", &r), 0);
	assert_int_equal(osn_resolve_boot(&r, (const void *)v, 4, id), 0);
	assert_memory_equal(id, boot_a, 16);
	/* "0f3c" starts both boot_a and boot_b */
	assert_int_equal(osn_parse_ref("0f3c:1", &r), 0);
	assert_int_equal(osn_resolve_boot(&r, (const void *)v, 4, id),
			 -EEXIST);
	/* 0f3c1b8 too: the 8th digit tells them apart */
	assert_int_equal(osn_parse_ref("0f3c1b8:1", &r), 0);
	assert_int_equal(osn_resolve_boot(&r, (const void *)v, 4, id),
			 -EEXIST);
	/* unknown */
	assert_int_equal(osn_parse_ref("dead:1", &r), 0);
	assert_int_equal(osn_resolve_boot(&r, (const void *)v, 4, id),
			 -ENOENT);
	assert_int_equal(osn_resolve_boot(&r, (const void *)v, 0, id),
			 -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_boot_id),
		cmocka_unit_test(test_parse_seq_only),
		cmocka_unit_test(test_parse_full_id),
		cmocka_unit_test(test_parse_prefix),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_resolve),
	};

	return cmocka_run_group_tests_name("recref", tests, NULL, NULL);
}
