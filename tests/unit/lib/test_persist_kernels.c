// SPDX-License-Identifier: GPL-2.0
/*
 * test_persist_kernels.c - unit tests of osn_kernels_have_reserve_mem()
 * (persist_kernels.c) on roots laid out here as Debian lays out kernels:
 * /boot/vmlinuz-VER, /lib/modules/VER, the headers'
 * /usr/src/linux-headers-VER/Module.symvers (tab-separated, as in
 * linux-headers-6.12.117+deb12-amd64, where reserve_mem_find_by_name is
 * EXPORT_SYMBOL_GPL), and /boot/System.map-VER as Debian ships it: a
 * one-line stub pointing at the -dbg package.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "persist_kernels.h"
#include "tmptree.h"

static char root[] = "/tmp/test_persist_kernels.XXXXXX";

static void put(const char *rel, const char *text)
{
	tt_put(root, rel, text);
}

static void rm(const char *rel)
{
	assert_int_equal(tt_rm(root, rel), 0);
}

static const char stub_map[] =
	"ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n";
static const char symvers_612[] =
	"0x6a5cb5ee\t__get_free_pages\tvmlinux\tEXPORT_SYMBOL\t\n"
	"0x716072ec\treserve_mem_find_by_name\tvmlinux\tEXPORT_SYMBOL_GPL\t\n";
static const char symvers_61[] =
	"0x6a5cb5ee\t__get_free_pages\tvmlinux\tEXPORT_SYMBOL\t\n"
	"0x1c3c8ef5\treserve_mem_x\tvmlinux\tEXPORT_SYMBOL\t\n";

static void kernel(const char *ver, const char *symvers)
{
	char p[256];

	snprintf(p, sizeof(p), "/boot/vmlinuz-%s", ver);
	put(p, "MZ");
	snprintf(p, sizeof(p), "/boot/System.map-%s", ver);
	put(p, stub_map);
	snprintf(p, sizeof(p), "/lib/modules/%s/modules.order", ver);
	put(p, "");
	if (symvers) {
		snprintf(p, sizeof(p), "/usr/src/linux-headers-%s/Module.symvers", ver);
		put(p, symvers);
	}
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	rm("");
	return 0;
}

static void test_kernels(void **state)
{
	char which[512] = "";
	int nk = -1;

	(void)state;
	/* no kernel at all */
	assert_int_equal(osn_kernels_have_reserve_mem(root, which, sizeof(which), &nk), 0);
	assert_non_null(strstr(which, "no kernel"));

	/* one 6.12 with headers */
	kernel("6.12.117+deb12-amd64", symvers_612);
	assert_int_equal(osn_kernels_have_reserve_mem(root, which, sizeof(which), &nk), 1);
	assert_int_equal(nk, 1);

	/* a modules folder without a kernel (headers only, or removed) */
	put("/lib/modules/6.1.0-9-amd64/build/Makefile", "");
	assert_int_equal(osn_kernels_have_reserve_mem(root, which, sizeof(which), &nk), 1);
	assert_int_equal(nk, 1);

	/* a 6.1 next to it: memmap= for both */
	kernel("6.1.0-57-amd64", symvers_61);
	assert_int_equal(osn_kernels_have_reserve_mem(root, which, sizeof(which), &nk), 0);
	assert_int_equal(nk, 2);
	assert_string_equal(which, "kernel 6.1.0-57-amd64 has no reserve_mem (it came in 6.11)");

	/* a kernel without headers: the stub map cannot tell */
	rm("/usr/src/linux-headers-6.1.0-57-amd64");
	assert_int_equal(osn_kernels_have_reserve_mem(root, which, sizeof(which), &nk), 0);
	assert_non_null(strstr(which, "kernel 6.1.0-57-amd64: no Module.symvers"));

	/* ... unless its System.map has symbols */
	put("/boot/System.map-6.1.0-57-amd64",
	    "ffffffff81000000 T _stext\nffffffff81234560 T reserve_mem_find_by_name\n");
	assert_int_equal(osn_kernels_have_reserve_mem(root, which, sizeof(which), &nk), 1);
	assert_int_equal(nk, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernels),
	};

	return cmocka_run_group_tests_name("persist_kernels", tests, setup, teardown);
}
