// SPDX-License-Identifier: GPL-2.0
/*
 * test_proto_version.c - unit tests of osn_nl_proto_mismatch()
 * (nlclient.c): what the CLI and oomsnapd say when the loaded module's
 * generic netlink family has another version than OOMSNAP_GENL_VERSION:
 * both versions, the module's own version string, and which side to
 * upgrade with which package.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "nlclient.h"

static void test_older_module(void **state)
{
	char buf[512], want[512];

	(void)state;
	/* a module older than this program: upgrade the module */
	assert_true(osn_nl_proto_mismatch(0, "0.0.9", buf, sizeof(buf)) > 0);
	snprintf(want, sizeof(want), "the loaded oomsnap module 0.0.9 speaks protocol "
		 "version 0, this program speaks version %u: upgrade the module",
		 OOMSNAP_GENL_VERSION);
	assert_memory_equal(buf, want, strlen(want));
	assert_non_null(strstr(buf, "oomsnap-dkms"));
	assert_non_null(strstr(buf, "rmmod oomsnap && modprobe oomsnap"));
}

static void test_newer_module(void **state)
{
	char buf[512];

	(void)state;
	assert_true(osn_nl_proto_mismatch(OOMSNAP_GENL_VERSION + 1, NULL, buf,
					  sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "the loaded oomsnap module speaks protocol version"));
	assert_non_null(strstr(buf, "upgrade this program to the module's version (the oomsnap package)"));
	assert_null(strstr(buf, "oomsnap-dkms"));
	assert_int_equal(osn_nl_proto_mismatch(2, NULL, buf, 20), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_older_module),
		cmocka_unit_test(test_newer_module),
	};

	return cmocka_run_group_tests_name("proto_version", tests, NULL, NULL);
}
