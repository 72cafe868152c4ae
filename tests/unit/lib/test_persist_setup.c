// SPDX-License-Identifier: GPL-2.0
/*
 * test_persist_setup.c - unit tests of persist_setup.c: the setup file
 * read back (the text setup-persistence writes, and ones edited by hand),
 * the kernel command line matched against it the way the kernel reads
 * memmap= and reserve_mem= (memparse), and the verdict `oomsnap status`
 * prints for each state of the module.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "persist_plan.h"
#include "persist_setup.h"

static char conf[] = "/tmp/test_persist_setup.XXXXXX";

static void write_conf(const char *text)
{
	FILE *f = fopen(conf, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	int fd = mkstemp(conf);

	(void)state;
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(conf);
	return 0;
}

/* The text setup-persistence writes, read back. */
static void test_roundtrip(void **state)
{
	struct osn_persist_plan p = { OSN_PERSIST_MEMMAP, 16 << 20, 0x100000000ULL };
	struct osn_persist_setup s;
	char buf[1024];

	(void)state;
	assert_true(osn_persist_modprobe_conf(&p, buf, sizeof(buf)) > 0);
	write_conf(buf);
	assert_int_equal(osn_persist_setup_read(conf, "BOOT_IMAGE=/vmlinuz ro memmap=16M$0x100000000 quiet\n", &s), 0);
	assert_int_equal(s.conf_err, 0);
	assert_true(s.configured && s.has_address && !s.has_name);
	assert_int_equal(s.mem_address, 0x100000000ULL);
	assert_int_equal(s.mem_size, 16777216);
	assert_true(s.booted_with);
	/* the same range written other ways, as memparse() reads them */
	osn_persist_setup_read(conf, "memmap=0x1000000$4G", &s);
	assert_true(s.booted_with);
	osn_persist_setup_read(conf, "memmap=16384K$0x100000000", &s);
	assert_true(s.booted_with);
	/* another range, another size, a near miss */
	osn_persist_setup_read(conf, "memmap=16M$0x110000000", &s);
	assert_false(s.booted_with);
	osn_persist_setup_read(conf, "memmap=32M$0x100000000", &s);
	assert_false(s.booted_with);
	osn_persist_setup_read(conf, "xmemmap=16M$0x100000000 memmap=16M$0x100000000x", &s);
	assert_false(s.booted_with);

	p.method = OSN_PERSIST_RESERVE_MEM;
	assert_true(osn_persist_modprobe_conf(&p, buf, sizeof(buf)) > 0);
	write_conf(buf);
	osn_persist_setup_read(conf, "ro reserve_mem=16M:4096:oomsnap", &s);
	assert_true(s.has_name && s.booted_with);
	assert_string_equal(s.mem_name, "oomsnap");
	osn_persist_setup_read(conf, "ro reserve_mem=16M:4096:oomsnap2 reserve_mem=1M:4096:oom", &s);
	assert_false(s.booted_with);
}

static void test_bad_conf(void **state)
{
	struct osn_persist_setup s;
	char why[1024];

	(void)state;
	osn_persist_setup_read("/nonexistent/oomsnap.conf", "", &s);
	assert_int_equal(s.conf_err, -ENOENT);
	write_conf("# nothing\noptions other mem_name=oomsnap\n");
	osn_persist_setup_read(conf, "", &s);
	assert_int_equal(s.conf_err, -EINVAL);
	write_conf("options oomsnap mem_address=0x100000000\n");	/* no size */
	osn_persist_setup_read(conf, "", &s);
	assert_int_equal(s.conf_err, -EINVAL);
	assert_int_equal(osn_persist_verdict(&s, NULL, conf, why, sizeof(why)),
			 OSN_PERSIST_BAD_CONF);
	assert_non_null(strstr(why, "setup-persistence --force"));
}

static void test_verdicts(void **state)
{
	struct osn_status st = { 0 };
	struct osn_persist_setup s;
	char why[1024];

	(void)state;
	/* nothing set up */
	osn_persist_setup_read("/nonexistent/oomsnap.conf", "", &s);
	assert_int_equal(osn_persist_verdict(&s, &st, conf, why, sizeof(why)),
			 OSN_PERSIST_NOT_SET_UP);
	assert_non_null(strstr(why, "oomsnap setup-persistence"));
	st.persistent = true;
	st.mem_address = (struct osn_opt){ true, 0x18000000 };
	assert_int_equal(osn_persist_verdict(&s, &st, conf, why, sizeof(why)),
			 OSN_PERSIST_BY_HAND);

	write_conf("options oomsnap mem_address=0x100000000 mem_size=16777216 mem_init=1\n");
	/* booted without the parameter: update-grub, reboot */
	osn_persist_setup_read(conf, "ro quiet", &s);
	st.persistent = false;
	assert_int_equal(osn_persist_verdict(&s, &st, conf, why, sizeof(why)),
			 OSN_PERSIST_NOT_BOOTED);
	assert_non_null(strstr(why, "update-grub"));
	assert_int_equal(osn_persist_verdict(&s, NULL, conf, why, sizeof(why)),
			 OSN_PERSIST_NOT_BOOTED);
	/* booted with it; module loaded without the options */
	osn_persist_setup_read(conf, "ro memmap=16M$0x100000000", &s);
	assert_int_equal(osn_persist_verdict(&s, &st, conf, why, sizeof(why)),
			 OSN_PERSIST_NOT_LOADED_WITH);
	assert_non_null(strstr(why, "modprobe oomsnap"));
	/* and in use */
	st.persistent = true;
	st.mem_address = (struct osn_opt){ true, 0x100000000ULL };
	assert_int_equal(osn_persist_verdict(&s, &st, conf, why, sizeof(why)),
			 OSN_PERSIST_IN_USE);
	assert_string_equal(osn_persist_state_name(OSN_PERSIST_IN_USE), "in-use");
	/* another region than the one set up */
	st.mem_address.v = 0x18000000;
	assert_int_equal(osn_persist_verdict(&s, &st, conf, why, sizeof(why)),
			 OSN_PERSIST_OTHER_REGION);
	/* a reserve_mem setup needs the name, not an address */
	write_conf("options oomsnap mem_name=oomsnap mem_init=1\n");
	osn_persist_setup_read(conf, "reserve_mem=16M:4096:oomsnap", &s);
	assert_int_equal(osn_persist_verdict(&s, &st, conf, why, sizeof(why)),
			 OSN_PERSIST_OTHER_REGION);
	st.has_mem_name = true;
	strcpy(st.mem_name, "oomsnap");
	assert_int_equal(osn_persist_verdict(&s, &st, conf, why, sizeof(why)),
			 OSN_PERSIST_IN_USE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_bad_conf),
		cmocka_unit_test(test_verdicts),
	};

	return cmocka_run_group_tests_name("persist_setup", tests, setup, teardown);
}
