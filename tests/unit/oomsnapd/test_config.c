// SPDX-License-Identifier: GPL-2.0
/*
 * test_config.c - unit tests of oomsnapd's settings (oomsnapd/config.c):
 * durations and sizes, every key of the file equal to its flag, the
 * defaults, and every error of a configuration file naming the file and
 * the line (unknown key, no '=', missing value, bad value, a key given
 * twice: an error, by design), the syslog targets' URLs and files, and
 * the checks of the settings taken together (osnd_config_check).
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

#include "config.h"

static char path[64];

static void write_conf(const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int setup(void **state)
{
	int fd;

	(void)state;
	snprintf(path, sizeof(path), "/tmp/test_config.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void test_durations(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(osnd_parse_duration("0", &v), 0);
	assert_true(v == 0);
	assert_int_equal(osnd_parse_duration("45", &v), 0);
	assert_true(v == 45);
	assert_int_equal(osnd_parse_duration("45s", &v), 0);
	assert_true(v == 45);
	assert_int_equal(osnd_parse_duration("30m", &v), 0);
	assert_true(v == 1800);
	assert_int_equal(osnd_parse_duration("12h", &v), 0);
	assert_true(v == 43200);
	assert_int_equal(osnd_parse_duration("90d", &v), 0);
	assert_true(v == 90 * 86400);
	assert_int_equal(osnd_parse_duration("2w", &v), 0);
	assert_true(v == 14 * 86400);
	assert_int_equal(osnd_parse_duration("", &v), -EINVAL);
	assert_int_equal(osnd_parse_duration("d", &v), -EINVAL);
	assert_int_equal(osnd_parse_duration("9x", &v), -EINVAL);
	assert_int_equal(osnd_parse_duration("1hh", &v), -EINVAL);
	assert_int_equal(osnd_parse_duration("-1s", &v), -EINVAL);
	assert_int_equal(osnd_parse_duration("1.5h", &v), -EINVAL);
	assert_int_equal(osnd_parse_duration("99999999999999999999", &v),
			 -ERANGE);
	assert_int_equal(osnd_parse_duration("99999999999999999w", &v),
			 -ERANGE);
}

static void test_sizes(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(osnd_parse_size("0", &v), 0);
	assert_true(v == 0);
	assert_int_equal(osnd_parse_size("4096", &v), 0);
	assert_true(v == 4096);
	assert_int_equal(osnd_parse_size("64K", &v), 0);
	assert_true(v == 65536);
	assert_int_equal(osnd_parse_size("500M", &v), 0);
	assert_true(v == 500ULL << 20);
	assert_int_equal(osnd_parse_size("1G", &v), 0);
	assert_true(v == 1ULL << 30);
	assert_int_equal(osnd_parse_size("1g", &v), 0);
	assert_true(v == 1ULL << 30);
	assert_int_equal(osnd_parse_size("2GB", &v), 0);
	assert_true(v == 2ULL << 30);
	assert_int_equal(osnd_parse_size("2GiB", &v), 0);
	assert_true(v == 2ULL << 30);
	assert_int_equal(osnd_parse_size("1T", &v), 0);
	assert_true(v == 1ULL << 40);
	assert_int_equal(osnd_parse_size("1Q", &v), -EINVAL);
	assert_int_equal(osnd_parse_size("G", &v), -EINVAL);
	assert_int_equal(osnd_parse_size("1 G", &v), -EINVAL);
	assert_int_equal(osnd_parse_size("99999999999T", &v), -ERANGE);
}

static void test_format(void **state)
{
	char b[32];

	(void)state;
	osnd_format_duration(0, b, sizeof(b));
	assert_string_equal(b, "0");
	osnd_format_duration(90 * 86400, b, sizeof(b));
	assert_string_equal(b, "90d");
	osnd_format_duration(14 * 86400, b, sizeof(b));
	assert_string_equal(b, "2w");
	osnd_format_duration(5, b, sizeof(b));
	assert_string_equal(b, "5s");
	osnd_format_duration(90, b, sizeof(b));
	assert_string_equal(b, "90s");
	osnd_format_size(1ULL << 30, b, sizeof(b));
	assert_string_equal(b, "1G");
	osnd_format_size(1000, b, sizeof(b));
	assert_string_equal(b, "1000");
	osnd_format_size(0, b, sizeof(b));
	assert_string_equal(b, "0");
}

static void test_defaults(void **state)
{
	struct osnd_config c;
	size_t i;

	(void)state;
	osnd_config_defaults(&c);
	assert_string_equal(c.state_dir, "/var/lib/oomsnap");
	assert_string_equal(c.runtime_dir, "/run/oomsnap");
	assert_true(c.max_age_s == 0);
	assert_true(c.max_size == 1ULL << 30);
	assert_true(c.retry_s == 5);
	/* The documented defaults are the real ones. */
	for (i = 0; i < osnd_nkeys; i++) {
		struct osnd_config d;
		char why[OSND_MSG_LEN];

		osnd_config_defaults(&d);
		assert_int_equal(osnd_config_set(&d, osnd_keys[i].name,
						 osnd_keys[i].dflt, why,
						 sizeof(why)), 0);
		assert_memory_equal(&c, &d, sizeof(c));
	}
}

/* Each key in a file has the same effect as the flag of that name. */
static void test_key_equals_flag(void **state)
{
	static const char *const values[] = {
		"/srv/oomsnap", "/run/x", "90d", "500M", "30s",
		"/tmp/oomsnap-test.jsonl", "/tmp/oomsnap-test.prom", "yes",
		"tcp://127.0.0.1:6514", "/etc/passwd", "/etc/passwd",
		"/etc/passwd", "site@12345", "20s",
	};
	struct osnd_config by_file, by_flag;
	char text[256], msg[OSND_MSG_LEN];
	size_t i;

	(void)state;
	assert_int_equal(osnd_nkeys, sizeof(values) / sizeof(values[0]));
	for (i = 0; i < osnd_nkeys; i++) {
		osnd_config_defaults(&by_file);
		osnd_config_defaults(&by_flag);
		snprintf(text, sizeof(text), "# a comment\n\n  %s =  %s  \n",
			 osnd_keys[i].name, values[i]);
		write_conf(text);
		assert_int_equal(osnd_config_load(&by_file, path, msg,
						  sizeof(msg)), 0);
		assert_int_equal(osnd_config_set(&by_flag, osnd_keys[i].name,
						 values[i], msg, sizeof(msg)),
				 0);
		/* Only the file knows where a key was set. */
		assert_int_equal(by_file.line[i], 3);
		assert_ptr_equal(by_file.path, path);
		memset(by_file.line, 0, sizeof(by_file.line));
		by_file.path = NULL;
		assert_memory_equal(&by_file, &by_flag, sizeof(by_file));
	}
	assert_true(by_file.syslog_timeout_s == 20);	/* the last key */
}

static void test_whole_file(void **state)
{
	struct osnd_config c;
	char msg[OSND_MSG_LEN];

	(void)state;
	osnd_config_defaults(&c);
	write_conf("state-dir = /srv/state\nruntime-dir=/run/o\n"
		   "max-age = 12h\nmax-size = 0\nretry-interval = 1m\n");
	assert_int_equal(osnd_config_load(&c, path, msg, sizeof(msg)), 0);
	assert_string_equal(c.state_dir, "/srv/state");
	assert_string_equal(c.runtime_dir, "/run/o");
	assert_true(c.max_age_s == 43200);
	assert_true(c.max_size == 0);
	assert_true(c.retry_s == 60);
}

/* The file fails with "PATH:LINE: ..." containing what. */
static void expect_error(const char *text, unsigned int line,
			 const char *what)
{
	struct osnd_config c;
	char msg[OSND_MSG_LEN], prefix[128];

	osnd_config_defaults(&c);
	write_conf(text);
	assert_int_equal(osnd_config_load(&c, path, msg, sizeof(msg)),
			 -EINVAL);
	snprintf(prefix, sizeof(prefix), "%s:%u: ", path, line);
	if (strncmp(msg, prefix, strlen(prefix)) || !strstr(msg, what))
		fail_msg("got '%s', want '%s...%s'", msg, prefix, what);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("max-age = 1d\nmaxage = 1d\n", 2, "unknown key 'maxage'");
	expect_error("\n\nmax-age\n", 3, "expected 'key = value'");
	expect_error("max-size =\n", 1, "missing value for 'max-size'");
	expect_error("max-age = 9x\n", 1, "'9x' is not a duration");
	expect_error("max-age = 90d # keep 3 months\n", 1, "not a duration");
	expect_error("max-size = lots\n", 1, "'lots' is not a size");
	expect_error("retry-interval = 0\n", 1, "out of range");
	expect_error("state-dir = relative/path\n", 1, "not an absolute path");
	expect_error("max-age = 1d\n# x\nmax-age = 2d\n", 3,
		     "'max-age' is set twice (first on line 1)");
	/* Flags are not keys of the file. */
	expect_error("once = yes\n", 1, "unknown key 'once'");
	expect_error("config = /etc/x\n", 1, "unknown key 'config'");
	/* The targets' files: a folder that exists, a name node_exporter
	 * reads. */
	expect_error("jsonl = /nonexistent-oomsnap/k.jsonl\n", 1,
		     "jsonl: the folder /nonexistent-oomsnap does not exist");
	expect_error("jsonl = k.jsonl\n", 1, "not an absolute path");
	expect_error("jsonl = /tmp/\n", 1, "names a folder");
	expect_error("\ntextfile = /tmp/oomsnap.txt\n", 2,
		     "does not end in '.prom'");
	expect_error("textfile = /tmp/.prom\n", 1, "does not end in '.prom'");
	expect_error("textfile = /nonexistent-oomsnap/o.prom\n", 1,
		     "the folder /nonexistent-oomsnap does not exist");
	/* The syslog targets: URLs it can use, files it can read. */
	expect_error("journald = true\n", 1, "'true' is neither yes nor no");
	expect_error("syslog = ftp://logs:21\n", 1, "syslog: ");
	expect_error("syslog = tcp://\n", 1, "syslog: ");
	expect_error("syslog = tcp://logs:99999\n", 1, "syslog: ");
	expect_error("syslog = udp://a\nsyslog = tcp://b\nsyslog = udp://a\n",
		     3, "udp://a is given twice");
	expect_error("syslog-ca = /nonexistent-oomsnap/ca.pem\n", 1,
		     "syslog-ca: cannot read /nonexistent-oomsnap/ca.pem");
	expect_error("syslog-ca = /tmp\n", 1, "not a regular file");
	expect_error("syslog-sd-id = oomsnap\n", 1, "syslog-sd-id: ");
	expect_error("syslog-sd-id = oom snap@1\n", 1, "syslog-sd-id: ");
	expect_error("syslog-timeout = 0\n", 1, "from 1s to 30s");
	expect_error("syslog-timeout = 1m\n", 1, "from 1s to 30s");
}

/* syslog is the one repeatable key; "none" clears it. */
static void test_syslog_list(void **state)
{
	struct osnd_config c;
	char msg[OSND_MSG_LEN];

	(void)state;
	osnd_config_defaults(&c);
	write_conf("syslog = udp://a\nsyslog = relp://[::1]:2514\n"
		   "syslog = tls://logs.example.com\n");
	assert_int_equal(osnd_config_load(&c, path, msg, sizeof(msg)), 0);
	assert_int_equal(c.nsyslog, 3);
	assert_string_equal(c.syslog[1], "relp://[::1]:2514");
	assert_int_equal(osnd_config_set(&c, "syslog", "none", msg,
					 sizeof(msg)), 0);
	assert_int_equal(c.nsyslog, 0);
}

/* What only the settings together tell, with the line to fix. */
static void test_check(void **state)
{
	struct osnd_config c;
	char msg[OSND_MSG_LEN], want[128];

	(void)state;
	osnd_config_defaults(&c);
	write_conf("# client certificate\n\nsyslog-cert = /etc/passwd\n");
	assert_int_equal(osnd_config_load(&c, path, msg, sizeof(msg)), 0);
	assert_int_equal(osnd_config_check(&c, msg, sizeof(msg)), -EINVAL);
	snprintf(want, sizeof(want), "%s:3: syslog-cert: ", path);
	assert_non_null(strstr(msg, want));
	assert_non_null(strstr(msg, "set syslog-key too"));

	/* A CA file that is no certificate, given as a flag. */
	osnd_config_defaults(&c);
	assert_int_equal(osnd_config_set(&c, "syslog", "tls://logs", msg,
					 sizeof(msg)), 0);
	assert_int_equal(osnd_config_set(&c, "syslog-ca", "/etc/passwd", msg,
					 sizeof(msg)), 0);
	assert_int_equal(osnd_config_check(&c, msg, sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "--syslog-ca /etc/passwd: "));

	/* Nothing to check without TLS. */
	osnd_config_defaults(&c);
	assert_int_equal(osnd_config_set(&c, "syslog", "relp://logs", msg,
					 sizeof(msg)), 0);
	assert_int_equal(osnd_config_check(&c, msg, sizeof(msg)), 0);
}

static void test_missing_file(void **state)
{
	struct osnd_config c;
	char msg[OSND_MSG_LEN];

	(void)state;
	osnd_config_defaults(&c);
	assert_int_equal(osnd_config_load(&c, "/nonexistent/oomsnapd.conf",
					  msg, sizeof(msg)), -ENOENT);
	assert_non_null(strstr(msg, "/nonexistent/oomsnapd.conf: "));
}

static void test_set_unknown(void **state)
{
	struct osnd_config c;
	char why[OSND_MSG_LEN];

	(void)state;
	osnd_config_defaults(&c);
	assert_int_equal(osnd_config_set(&c, "max_age", "1d", why,
					 sizeof(why)), -ENOENT);
	assert_int_equal(osnd_config_set(&c, "max-age", "1y", why,
					 sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "'1y'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test_setup_teardown(test_key_equals_flag, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_whole_file, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_syslog_list, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_check, setup, teardown),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_set_unknown),
	};

	return cmocka_run_group_tests_name("oomsnapd config", tests, NULL,
					   NULL);
}
