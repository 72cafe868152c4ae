// SPDX-License-Identifier: GPL-2.0
/*
 * test_persist_plan.c - unit tests of persist_plan.c, the region that
 * `oomsnap setup-persistence` sets up: sizes as the kernel's memparse()
 * reads them, /proc/iomem parsing, the memmap= address chosen or refused
 * on memory maps written here after real machines' (a QEMU guest with RAM
 * above 4 GiB, a 3 GiB one, one with a crash kernel and firmware holes),
 * and the GRUB and modprobe.d text, whose '$' escaping is worked out by
 * hand from sh(1) and GRUB's script quoting.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "persist_plan.h"

#define GIB	(1ULL << 30)
#define MIB	(1ULL << 20)

/* A 6 GiB QEMU q35 guest: RAM below the PCI hole, then from 4 GiB. */
static const char qemu6g[] =
	"00000000-00000fff : Reserved\n"
	"00001000-0009fbff : System RAM\n"
	"0009fc00-0009ffff : Reserved\n"
	"000f0000-000fffff : Reserved\n"
	"  000f0000-000fffff : System ROM\n"
	"00100000-7ffdffff : System RAM\n"
	"  01000000-01ffffff : Kernel code\n"
	"  02000000-0266ffff : Kernel rodata\n"
	"7ffe0000-7fffffff : Reserved\n"
	"b0000000-bfffffff : PCI MMCONFIG 0000 [bus 00-ff]\n"
	"  b0000000-bfffffff : Reserved\n"
	"fed00000-fed003ff : HPET 0\n"
	"fffc0000-ffffffff : Reserved\n"
	"100000000-1ffffffff : System RAM\n"
	"380000000000-3807ffffffff : PCI Bus 0000:00\n";

static int parse(const char *text, struct osn_mem_range *m, size_t max)
{
	return osn_iomem_parse(text, m, max);
}

static void test_size(void **state)
{
	char why[OSN_PERSIST_WHY_LEN];
	uint64_t b = 0;

	(void)state;
	assert_int_equal(osn_persist_parse_size("16M", &b, why, sizeof(why)), 0);
	assert_int_equal(b, 16777216);
	assert_int_equal(osn_persist_parse_size("1G", &b, why, sizeof(why)), 0);
	assert_int_equal(b, 1073741824);
	assert_int_equal(osn_persist_parse_size("2048k", &b, why, sizeof(why)), 0);
	assert_int_equal(b, 2097152);
	assert_int_equal(osn_persist_parse_size("16777216", &b, why, sizeof(why)), 0);
	assert_int_equal(b, 16777216);
	/* refused: no guessing */
	assert_int_equal(osn_persist_parse_size("16MB", &b, why, sizeof(why)), -EINVAL);
	assert_int_equal(osn_persist_parse_size("", &b, why, sizeof(why)), -EINVAL);
	assert_int_equal(osn_persist_parse_size("-1M", &b, why, sizeof(why)), -EINVAL);
	assert_int_equal(osn_persist_parse_size("512K", &b, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "from 1M to 4G"));
	assert_int_equal(osn_persist_parse_size("5G", &b, why, sizeof(why)), -EINVAL);
	assert_int_equal(osn_persist_parse_size("1048577", &b, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "4 KiB pages"));
	assert_int_equal(osn_persist_parse_size("99999999999999999999", &b, why, sizeof(why)),
			 -EINVAL);
}

static void test_iomem_parse(void **state)
{
	struct osn_mem_range m[32];
	int n;

	(void)state;
	n = parse(qemu6g, m, 32);
	assert_int_equal(n, 15);
	assert_int_equal(m[5].start, 0x100000);
	assert_int_equal(m[5].end, 0x7ffdffff);
	assert_string_equal(m[5].name, "System RAM");
	assert_int_equal(m[5].depth, 0);
	assert_int_equal(m[6].depth, 1);
	assert_string_equal(m[6].name, "Kernel code");
	assert_int_equal(m[13].start, 0x100000000ULL);
	assert_int_equal(m[13].end, 0x1ffffffffULL);
	/* more entries than room: refused, never a partial map */
	assert_int_equal(parse(qemu6g, m, 4), -E2BIG);
	assert_int_equal(parse(qemu6g, m, 15), 15);
	/* what a user who is not root reads */
	assert_int_equal(parse("00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n",
			       m, 32), -EPERM);
	assert_int_equal(parse("garbage\n", m, 32), -EINVAL);
	assert_int_equal(parse("2000-1000 : System RAM\n", m, 32), -EINVAL);
}

static void test_pick_above_4g(void **state)
{
	char why[OSN_PERSIST_WHY_LEN];
	struct osn_mem_range m[32];
	uint64_t a = 0;
	int n = parse(qemu6g, m, 32);

	(void)state;
	/* the first 256 MiB boundary at 4 GiB: RAM goes on to 8 GiB */
	assert_int_equal(osn_persist_pick_address(m, n, NULL, 0, 16 * MIB, &a, why,
						  sizeof(why)), 0);
	assert_int_equal(a, 4 * GIB);
	/* 3 GiB from 4 GiB would leave less than 1 GiB above it */
	assert_int_equal(osn_persist_pick_address(m, n, NULL, 0, 3 * GIB + MIB, &a, why,
						  sizeof(why)), -ENOSPC);
}

/* A crash kernel at 4 GiB and a firmware hole the firmware's map shows. */
static void test_pick_avoids(void **state)
{
	static const char text[] =
		"00100000-bfffffff : System RAM\n"
		"100000000-4ffffffff : System RAM\n"
		"  100000000-10fffffff : Crash kernel\n";
	struct osn_mem_range m[8], fw[3] = {
		{ 0x100000, 0xbfffffff, 0, "System RAM" },
		{ 0x100000000ULL, 0x110ffffffULL, 0, "System RAM" },
		/* 0x111000000..0x12fffffff: not RAM to the firmware (iomem
		 * shows it as RAM, e.g. after a mem= or memmap= of its own) */
		{ 0x130000000ULL, 0x4ffffffffULL, 0, "System RAM" },
	};
	char why[OSN_PERSIST_WHY_LEN];
	uint64_t a = 0;
	int n = parse(text, m, 8);

	(void)state;
	assert_int_equal(n, 3);
	/* 0x100000000 holds the crash kernel; 0x110000000 is next */
	assert_int_equal(osn_persist_pick_address(m, n, NULL, 0, 16 * MIB, &a, why,
						  sizeof(why)), 0);
	assert_int_equal(a, 0x110000000ULL);
	/* the firmware agrees for 16 MiB at 0x110000000 ... */
	assert_int_equal(osn_persist_pick_address(m, n, fw, 3, 16 * MIB, &a, why,
						  sizeof(why)), 0);
	assert_int_equal(a, 0x110000000ULL);
	/* ... but 32 MiB there runs into its hole, and so does 0x120000000;
	 * 0x130000000 is the first that is RAM to both */
	assert_int_equal(osn_persist_pick_address(m, n, fw, 3, 32 * MIB, &a, why,
						  sizeof(why)), 0);
	assert_int_equal(a, 0x130000000ULL);
}

/* 3 GiB, nothing above 4 GiB: refused, never a guess below it. */
static void test_pick_refuses_low(void **state)
{
	static const char text[] =
		"00001000-0009fbff : System RAM\n"
		"00100000-bffdffff : System RAM\n";
	char why[OSN_PERSIST_WHY_LEN];
	struct osn_mem_range m[4];
	uint64_t a = 0;
	int n = parse(text, m, 4);

	(void)state;
	assert_int_equal(osn_persist_pick_address(m, n, NULL, 0, 16 * MIB, &a, why,
						  sizeof(why)), -ENOSPC);
	assert_non_null(strstr(why, "reserve_mem"));
	assert_non_null(strstr(why, "--address"));
	assert_int_equal(a, 0);
}

static void test_check_address(void **state)
{
	static const char reserved[] =
		"00100000-bfffffff : System RAM\n"
		"100000000-100ffffff : Reserved\n"
		"101000000-1ffffffff : System RAM\n";
	struct osn_mem_range m[32], fw[2] = {
		{ 0x100000, 0xbfffffff, 0, "System RAM" },
		{ 0x100000000ULL, 0x1ffffffffULL, 0, "System RAM" },
	};
	char why[OSN_PERSIST_WHY_LEN];
	int n = parse(qemu6g, m, 32);

	(void)state;
	assert_int_equal(osn_persist_check_address(m, n, NULL, 0, 0x40000000, 16 * MIB,
						   why, sizeof(why)), 0);
	/* the kernel's own code */
	assert_int_equal(osn_persist_check_address(m, n, NULL, 0, 0x1000000, 16 * MIB,
						   why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "Kernel code"));
	/* the PCI hole */
	assert_int_equal(osn_persist_check_address(m, n, NULL, 0, 0xb0000000, 16 * MIB,
						   why, sizeof(why)), -EINVAL);
	/* across the end of RAM below the hole */
	assert_int_equal(osn_persist_check_address(m, n, NULL, 0, 0x7f000000, 16 * MIB,
						   why, sizeof(why)), -EINVAL);
	assert_int_equal(osn_persist_check_address(m, n, NULL, 0, 0x40000001, 16 * MIB,
						   why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "4 KiB"));
	/* reserved by an earlier memmap= of it: Reserved in iomem, RAM to the
	 * firmware */
	n = parse(reserved, m, 32);
	assert_int_equal(osn_persist_check_address(m, n, fw, 2, 0x100000000ULL, 16 * MIB,
						   why, sizeof(why)), 0);
	/* without the firmware's map a Reserved range may be the firmware's */
	assert_int_equal(osn_persist_check_address(m, n, NULL, 0, 0x100000000ULL, 16 * MIB,
						   why, sizeof(why)), -EINVAL);
	/* firmware memory */
	fw[1].name[0] = 'X';
	assert_int_equal(osn_persist_check_address(m, n, fw, 2, 0x100000000ULL, 16 * MIB,
						   why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "/sys/firmware/memmap"));
}

static void test_text(void **state)
{
	struct osn_persist_plan rm = { OSN_PERSIST_RESERVE_MEM, 16 * MIB, 0 };
	struct osn_persist_plan mm = { OSN_PERSIST_MEMMAP, 16 * MIB, 0x100000000ULL };
	struct osn_persist_plan odd = { OSN_PERSIST_MEMMAP, 1536 * 1024, 0x130000000ULL };
	char buf[1024];

	(void)state;
	assert_int_equal(osn_persist_kernel_param(&rm, buf, sizeof(buf)), 28);
	assert_string_equal(buf, "reserve_mem=16M:4096:oomsnap");
	osn_persist_kernel_param(&mm, buf, sizeof(buf));
	assert_string_equal(buf, "memmap=16M$0x100000000");
	osn_persist_kernel_param(&odd, buf, sizeof(buf));
	assert_string_equal(buf, "memmap=1536K$0x130000000");
	assert_int_equal(osn_persist_kernel_param(&mm, buf, 10), -ENOSPC);

	/* sh turns \\\$ in double quotes into \$, GRUB's parser \$ into $ */
	assert_true(osn_persist_grub_cfg(&mm, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "\nGRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX memmap=16M\\\\\\$0x100000000\"\n"));
	assert_true(osn_persist_grub_cfg(&rm, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "\nGRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX reserve_mem=16M:4096:oomsnap\"\n"));
	assert_int_equal(osn_persist_grub_cfg(&rm, buf, 100), -ENOSPC);

	assert_true(osn_persist_modprobe_conf(&mm, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "\noptions oomsnap mem_address=0x100000000 mem_size=16777216 mem_init=1\n"));
	assert_true(osn_persist_modprobe_conf(&rm, buf, sizeof(buf)) > 0);
	assert_non_null(strstr(buf, "\noptions oomsnap mem_name=oomsnap mem_init=1\n"));
	assert_int_equal(osn_persist_modprobe_conf(&rm, buf, 300), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_iomem_parse),
		cmocka_unit_test(test_pick_above_4g),
		cmocka_unit_test(test_pick_avoids),
		cmocka_unit_test(test_pick_refuses_low),
		cmocka_unit_test(test_check_address),
		cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests_name("persist_plan", tests, NULL, NULL);
}
