// SPDX-License-Identifier: GPL-2.0
/*
 * test_module_signing.c - unit tests of osn_signed_modules_only()
 * (module_signing.c) on sysfs trees made here with the files' real
 * formats: /sys/kernel/security/lockdown ("none [integrity]
 * confidentiality", kernel_lockdown(7)) and module.sig_enforce ("Y"/"N").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "module_signing.h"
#include "tmptree.h"

static char root[] = "/tmp/test_module_signing.XXXXXX";

static void put(const char *rel, const char *text)
{
	tt_put(root, rel, text);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return tt_rm(root, "");
}

static void test_levels(void **state)
{
	char why[128] = "";

	(void)state;
	/* nothing to tell by (no securityfs, no module parameter) */
	assert_int_equal(osn_signed_modules_only(root, why, sizeof(why)), 0);
	put("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	put("/sys/module/module/parameters/sig_enforce", "N\n");
	assert_int_equal(osn_signed_modules_only(root, why, sizeof(why)), 0);
	put("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	assert_int_equal(osn_signed_modules_only(root, why, sizeof(why)), 1);
	assert_string_equal(why, "lockdown: integrity, as under Secure Boot");
	put("/sys/kernel/security/lockdown", "none integrity [confidentiality]\n");
	assert_int_equal(osn_signed_modules_only(root, why, sizeof(why)), 1);
	assert_string_equal(why, "lockdown: confidentiality, as under Secure Boot");
	/* enforced signatures without lockdown */
	put("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	put("/sys/module/module/parameters/sig_enforce", "Y\n");
	assert_int_equal(osn_signed_modules_only(root, why, sizeof(why)), 1);
	assert_string_equal(why, "module.sig_enforce=1");
}

/* The sentence the CLI and oomsnapd print, from one place. */
static void test_advice(void **state)
{
	char buf[512] = "untouched";

	(void)state;
	put("/sys/kernel/security/lockdown", "[none] integrity confidentiality\n");
	put("/sys/module/module/parameters/sig_enforce", "N\n");
	assert_int_equal(osn_module_signing_advice(root, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "untouched");
	put("/sys/kernel/security/lockdown", "none [integrity] confidentiality\n");
	assert_int_equal(osn_module_signing_advice(root, buf, sizeof(buf)), 1);
	assert_non_null(strstr(buf, "(lockdown: integrity, as under Secure Boot)"));
	assert_non_null(strstr(buf, "'Operation not permitted' or 'Key was rejected by service'"));
	assert_non_null(strstr(buf, "mokutil --import /var/lib/dkms/mok.pub"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_advice),
	};

	return cmocka_run_group_tests_name("module_signing", tests, setup, teardown);
}
