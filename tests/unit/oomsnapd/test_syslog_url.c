// SPDX-License-Identifier: GPL-2.0
/*
 * test_syslog_url.c - unit tests of osnd_syslog_parse_url() (syslog_url.c):
 * each transport with its default port, names, IPv4 and bracketed IPv6
 * hosts, explicit ports at the edges of the range, and the URLs it must
 * refuse, each with a reason that names what is wrong.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "syslog_url.h"

static void ok(const char *url, enum osnd_syslog_transport t,
	       const char *host, const char *port)
{
	struct osnd_syslog_url u;
	char why[256] = "";

	if (osnd_syslog_parse_url(url, &u, why, sizeof(why)))
		fail_msg("'%s' refused: %s", url, why);
	assert_int_equal(u.transport, t);
	assert_string_equal(u.host, host);
	assert_string_equal(u.port, port);
}

/* Refused, and the reason holds want. */
static void bad(const char *url, const char *want)
{
	struct osnd_syslog_url u;
	char why[256] = "";

	if (osnd_syslog_parse_url(url, &u, why, sizeof(why)) != -EINVAL)
		fail_msg("'%s' accepted", url);
	if (!strstr(why, want))
		fail_msg("'%s': reason \"%s\" lacks \"%s\"", url, why, want);
}

static void test_default_ports(void **state)
{
	(void)state;
	ok("udp://logs.example.com", OSND_SYSLOG_UDP, "logs.example.com",
	   "514");
	ok("tcp://logs.example.com", OSND_SYSLOG_TCP, "logs.example.com",
	   "514");
	ok("tls://logs.example.com", OSND_SYSLOG_TLS, "logs.example.com",
	   "6514");
	ok("relp://logs.example.com", OSND_SYSLOG_RELP, "logs.example.com",
	   "2514");
}

static void test_hosts_and_ports(void **state)
{
	(void)state;
	ok("udp://192.0.2.10:5140", OSND_SYSLOG_UDP, "192.0.2.10", "5140");
	ok("tcp://[2001:db8::1]", OSND_SYSLOG_TCP, "2001:db8::1", "514");
	ok("tls://[::1]:6515", OSND_SYSLOG_TLS, "::1", "6515");
	ok("relp://[::ffff:192.0.2.1]:1", OSND_SYSLOG_RELP,
	   "::ffff:192.0.2.1", "1");
	ok("udp://loghost:65535", OSND_SYSLOG_UDP, "loghost", "65535");
	ok("udp://log_host-1.internal", OSND_SYSLOG_UDP,
	   "log_host-1.internal", "514");
	/* The scheme is case-insensitive (RFC 3986); a leading 0 is fine. */
	ok("TLS://Logs.Example.com:0514", OSND_SYSLOG_TLS, "Logs.Example.com",
	   "514");
}

static void test_transport_names(void **state)
{
	(void)state;
	assert_string_equal(osnd_syslog_transport_name(OSND_SYSLOG_UDP),
			    "udp");
	assert_string_equal(osnd_syslog_transport_name(OSND_SYSLOG_TCP),
			    "tcp");
	assert_string_equal(osnd_syslog_transport_name(OSND_SYSLOG_TLS),
			    "tls");
	assert_string_equal(osnd_syslog_transport_name(OSND_SYSLOG_RELP),
			    "relp");
	assert_string_equal(osnd_syslog_transport_name(42), "?");
}

static void test_bad_scheme(void **state)
{
	(void)state;
	bad("ftp://logs.example.com", "'ftp' is not a syslog transport (use "
	    "udp://, tcp://, tls:// or relp://)");
	bad("syslog://logs", "'syslog' is not a syslog transport");
	bad("logs.example.com:514", "is not a syslog URL");
	bad("", "empty");
	bad("udp:/logs", "is not a syslog URL");
}

static void test_bad_host(void **state)
{
	(void)state;
	bad("udp://", "no host");
	bad("udp://:514", "no host");
	bad("tcp://[2001:db8::1", "closing ']'");
	bad("tcp://[]", "not an IPv6 address");
	bad("tcp://[not:v6:zz]", "not an IPv6 address");
	bad("tcp://[192.0.2.1]", "not an IPv6 address");
	bad("udp://2001:db8::1", "write it in brackets");
	bad("udp://::1", "write it in brackets");
	bad("udp://192.0.2.300", "not an IPv4 address");
	bad("udp://1.2.3", "not an IPv4 address");
	bad("udp://bad host", "not a host name");
	bad("udp://-logs", "not a host name");
	bad("udp://h\xc3\xa9", "not a host name");
}

static void test_bad_port(void **state)
{
	(void)state;
	bad("udp://logs:", "port after ':' is missing");
	bad("udp://logs:0", "out of range");
	bad("udp://logs:65536", "out of range");
	bad("udp://logs:99999999999999999999", "out of range");
	bad("udp://logs:51a", "'51a' is not a number");
	bad("udp://logs:-1", "not a number");
	bad("udp://logs: 514", "not a number");
	bad("tcp://[::1]514", "unexpected '514'");
}

static void test_no_path_query_userinfo(void **state)
{
	(void)state;
	bad("udp://logs/", "no path");
	bad("udp://logs:514/x", "remove '/x'");
	bad("udp://logs:514/a:b", "remove '/a:b'");
	bad("udp://logs?x=1", "remove '?x=1'");
	bad("udp://logs#frag", "remove '#frag'");
	bad("tcp://user@logs", "user info");
	bad("tcp://user:pw@logs:514", "user info");
	bad("tcp://[::1]:514/", "remove '/'");
	bad("udp://logs]", "unexpected ']'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_ports),
		cmocka_unit_test(test_hosts_and_ports),
		cmocka_unit_test(test_transport_names),
		cmocka_unit_test(test_bad_scheme),
		cmocka_unit_test(test_bad_host),
		cmocka_unit_test(test_bad_port),
		cmocka_unit_test(test_no_path_query_userinfo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
