// SPDX-License-Identifier: GPL-2.0
/*
 * test_parse_seq.c - unit tests of osn_parse_seq(): the SEQ argument of
 * `oomsnap show` is a positive decimal integer, nothing else.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "parse_seq.h"

static void test_valid(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} ok[] = {
		{ "1", 1 },
		{ "42", 42 },
		{ "007", 7 },
		{ "18446744073709551615", UINT64_MAX },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		uint64_t v = 0;

		if (osn_parse_seq(ok[i].s, &v) != 0 || v != ok[i].v)
			fail_msg("'%s' not parsed as %ju", ok[i].s,
				 (uintmax_t)ok[i].v);
	}
}

static void test_invalid(void **state)
{
	static const char *const bad[] = {
		"", "0", "00", "-1", "+1", " 1", "1 ", "1x", "abc", "0x10",
		"1.0", "1e3", "18446744073709551616",
		"99999999999999999999999",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 12345;

		if (osn_parse_seq(bad[i], &v) != -EINVAL || v != 12345)
			fail_msg("'%s' accepted (or *out changed)", bad[i]);
	}
	assert_int_equal(osn_parse_seq(NULL, NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests_name("parse_seq", tests, NULL, NULL);
}
