// SPDX-License-Identifier: GPL-2.0
/*
 * test_syslog_format.c - unit tests of the RFC 5424 message of a record
 * (syslog_format.c): the exact message of a plain kill, PRI (daemon.err,
 * daemon.crit for a panic), TIMESTAMP from the kill time, the params of
 * each kind of record, escaping of '"', '\' and ']' in SD-PARAM values,
 * UTF-8 (invalid bytes as U+FFFD; a BOM before MSG only when it is not
 * pure ASCII), HOSTNAME and PROCID, the length limit (MSG cut first, then
 * comm and memcg, every result checked by a parser written from RFC 5424's
 * ABNF), SD-ID rules and RFC 6587 octet counting.  Expected messages are
 * written from the RFCs and the inputs, never copied from the output.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "json_bytes.h"
#include "record.h"
#include "syslog_format.h"

#define FILE_NAME	"20231114T221320.123456789Z_" \
			"3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b_7.json"
#define BOOT		"3f2c1b8e-2c7e-4d7e-9b7a-1c2d3e4f5a6b"
#define BOM		"\xef\xbb\xbf"
#define BUF		4096

static const uint8_t boot_bin[16] = {
	0x3f, 0x2c, 0x1b, 0x8e, 0x2c, 0x7e, 0x4d, 0x7e,
	0x9b, 0x7a, 0x1c, 0x2d, 0x3e, 0x4f, 0x5a, 0x6b,
};

/* A global OOM on a 4 KiB page kernel, 2023-11-14T22:13:20.123456789Z. */
static struct osn_record global_rec(void)
{
	struct osn_record r = {
		.seq = 7,
		.time_ns = 1700000000123456789ULL,
		.kind = OOMSNAP_KIND_GLOBAL,
		.page_size = 4096,
		.has_victim = true,
		.victim = { .pid = 4242, .tgid = 4242, .comm = "stress-ng",
			    .uid = 1000, .total_vm_pages = 25000,
			    .rss_anon_pages = 12345, .rss_file_pages = 100,
			    .rss_shmem_pages = 3, .pgtables_bytes = 10240,
			    .oom_score_adj = 500 },
		.has_boot_id = true,
	};
	memcpy(r.boot_id, boot_bin, sizeof(r.boot_id));
	return r;
}

static ssize_t fmt(char *buf, size_t max_len, const struct osn_record *r)
{
	return osnd_syslog_format(buf, BUF, max_len, r, FILE_NAME, "web1",
				  NULL, 812);
}

/*
 * A parser of RFC 5424 SYSLOG-MSG, for what this formatter writes: true
 * when m is valid, with the offset of MSG (0: none) in *msg.  MSG must
 * be BOM + UTF-8 with a non-ASCII character, or pure ASCII without BOM.
 */
static bool printusascii(unsigned char c)
{
	return c >= 33 && c <= 126;
}

static bool token(const char **p, size_t max)
{
	size_t n = 0;

	while (printusascii(**p) && n < max) {
		(*p)++;
		n++;
	}
	if (!n || **p != ' ')
		return false;
	(*p)++;
	return true;
}

static bool sd_name(const char **p)
{
	size_t n = 0;

	while (printusascii(**p) && !strchr("= ]\"", **p)) {
		(*p)++;
		n++;
	}
	return n >= 1 && n <= 32;
}

static bool valid(const char *m, size_t len, size_t *msg)
{
	const char *p = m, *end = m + len;
	size_t i;

	*msg = 0;
	if (strlen(m) != len || !osn_utf8_valid(m, len))
		return false;
	if (*p++ != '<')
		return false;
	for (i = 0; *p >= '0' && *p <= '9'; i++)
		p++;
	if (i < 1 || i > 3 || *p++ != '>' || *p++ != '1' || *p++ != ' ')
		return false;
	if (!token(&p, 32) || !token(&p, 255) || !token(&p, 48) ||
	    !token(&p, 128) || !token(&p, 32))
		return false;
	if (*p++ != '[' || !sd_name(&p))
		return false;
	while (*p == ' ') {
		p++;
		if (!sd_name(&p) || *p++ != '=' || *p++ != '"')
			return false;
		while (*p != '"') {
			if (!*p || *p == ']')
				return false;
			if (*p == '\\') {
				/* Only these three are escaped here. */
				if (!p[1] || !strchr("\"\\]", p[1]))
					return false;
				p++;
			}
			p++;
		}
		p++;
	}
	if (*p++ != ']')
		return false;
	if (p == end)
		return true;
	if (*p++ != ' ' || p == end)
		return false;
	*msg = p - m;
	if (!strncmp(p, BOM, 3)) {
		for (p += 3; p < end; p++)
			if ((unsigned char)*p >= 0x80)
				return true;
		return false;	/* a BOM before pure ASCII */
	}
	for (; p < end; p++)
		if ((unsigned char)*p >= 0x80)
			return false;	/* UTF-8 without its BOM */
	return true;
}

static void assert_valid(const char *m, ssize_t len)
{
	size_t msg;

	assert_true(len > 0);
	if (!valid(m, len, &msg))
		fail_msg("not a valid RFC 5424 message: %s", m);
}

/*
 * The unescaped value of param name in m (a valid message), or NULL when
 * it is absent: the params are walked from '[', so that an escaped ']'
 * in a value does not end the search.
 */
static const char *param(const char *m, const char *name, char *buf,
			 size_t size)
{
	const char *p = strchr(m, '[');
	size_t o, n = strlen(name);
	bool match;

	p += strcspn(p, " ]");
	while (*p == ' ') {
		p++;
		match = !strncmp(p, name, n) && p[n] == '=';
		p = strchr(p, '=') + 2;
		for (o = 0; *p != '"'; p++) {
			if (*p == '\\')
				p++;
			if (match && o + 1 < size)
				buf[o++] = *p;
		}
		p++;
		if (match) {
			buf[o] = '\0';
			return buf;
		}
	}
	return NULL;
}

static void test_exact_message(void **state)
{
	struct osn_record r = global_rec();
	/* rss_kb = (12345 + 100 + 3) * 4; the kill line: total-vm 25000 * 4,
	 * anon 12345 * 4, file 100 * 4, shmem 3 * 4, pgtables 10240 >> 10 */
	const char *want =
		"<27>1 2023-11-14T22:13:20.123456Z web1 oomsnap 812 OOMKILL "
		"[oomsnap@32473 seq=\"7\" boot=\"" BOOT "\" kind=\"global\" "
		"pid=\"4242\" comm=\"stress-ng\" rss_kb=\"49792\" file=\""
		FILE_NAME "\"] Out of memory: Killed process 4242 (stress-ng) "
		"total-vm:100000kB, anon-rss:49380kB, file-rss:400kB, "
		"shmem-rss:12kB, UID:1000 pgtables:10kB oom_score_adj:500";
	char buf[BUF];
	ssize_t n;

	(void)state;
	n = fmt(buf, OSND_SYSLOG_MAX_LEN, &r);
	assert_int_equal(n, strlen(want));
	assert_string_equal(buf, want);
	assert_valid(buf, n);
}

/* PRI = facility * 8 + severity: daemon (3) err (3), crit (2). */
static void test_pri(void **state)
{
	struct osn_record r = global_rec();
	char buf[BUF], v[64];
	ssize_t n;

	(void)state;
	assert_true(fmt(buf, OSND_SYSLOG_MAX_LEN, &r) > 0);
	assert_memory_equal(buf, "<27>1 ", 6);

	r.kind = OOMSNAP_KIND_MEMCG;
	assert_true(fmt(buf, OSND_SYSLOG_MAX_LEN, &r) > 0);
	assert_memory_equal(buf, "<27>1 ", 6);

	r = global_rec();
	r.panic = true;
	r.has_victim = false;
	memset(&r.victim, 0, sizeof(r.victim));
	n = fmt(buf, OSND_SYSLOG_MAX_LEN, &r);
	assert_valid(buf, n);
	assert_memory_equal(buf, "<26>1 ", 6);
	/* No victim: no pid, comm or rss_kb. */
	assert_null(param(buf, "pid", v, sizeof(v)));
	assert_null(param(buf, "comm", v, sizeof(v)));
	assert_null(param(buf, "rss_kb", v, sizeof(v)));
	assert_non_null(strstr(buf, "[oomsnap@32473 seq=\"7\" boot=\"" BOOT
				    "\" kind=\"global\" file=\"" FILE_NAME
				    "\"] Out of memory: panic_on_oom"));
}

static void check_time(uint64_t time_ns, const char *want)
{
	struct osn_record r = global_rec();
	char buf[BUF], ts[40];

	r.time_ns = time_ns;
	assert_true(fmt(buf, OSND_SYSLOG_MAX_LEN, &r) > 0);
	snprintf(ts, sizeof(ts), "<27>1 %s web1 ", want);
	assert_memory_equal(buf, ts, strlen(ts));
}

/* The kill time, UTC, microseconds (cut, not rounded), "Z". */
static void test_timestamp(void **state)
{
	(void)state;
	check_time(0, "1970-01-01T00:00:00.000000Z");
	check_time(1700000000999999999ULL, "2023-11-14T22:13:20.999999Z");
	check_time(951782400000001000ULL, "2000-02-29T00:00:00.000001Z");
	/* The last time 64 bits of ns hold: 18446744073.709551615 s. */
	check_time(UINT64_MAX, "2554-07-21T23:34:33.709551Z");
}

/* RFC 5424 6.3.3: '"', '\' and ']' in PARAM-VALUE escaped; MSG is not. */
static void test_escaping(void **state)
{
	struct osn_record r = global_rec();
	char buf[BUF], v[300];
	ssize_t n;

	(void)state;
	strcpy(r.victim.comm, "a\"b\\c]d");
	r.kind = OOMSNAP_KIND_MEMCG;
	r.has_memcg = true;
	strcpy(r.memcg_path, "/x\"y\\z]");
	n = fmt(buf, OSND_SYSLOG_MAX_LEN, &r);
	assert_valid(buf, n);
	assert_non_null(strstr(buf, " comm=\"a\\\"b\\\\c\\]d\" "));
	assert_non_null(strstr(buf, " memcg=\"/x\\\"y\\\\z\\]\" file=\""));
	assert_string_equal(param(buf, "comm", v, sizeof(v)), "a\"b\\c]d");
	assert_string_equal(param(buf, "memcg", v, sizeof(v)), "/x\"y\\z]");
	assert_non_null(strstr(buf, "] Memory cgroup out of memory: Killed "
				    "process 4242 (a\"b\\c]d) total-vm:"));
}

/* Invalid bytes become U+FFFD; a BOM only before a non-ASCII MSG. */
static void test_utf8(void **state)
{
	struct osn_record r = global_rec();
	char buf[BUF], v[300];
	const char *msg;
	ssize_t n;

	(void)state;
	/* Pure ASCII: MSG-ANY, no BOM. */
	n = fmt(buf, OSND_SYSLOG_MAX_LEN, &r);
	assert_valid(buf, n);
	assert_non_null(strstr(buf, "\"] Out of memory: "));

	/* Invalid bytes, in SD and in MSG. */
	strcpy(r.victim.comm, "ab\xff\xfe");
	r.kind = OOMSNAP_KIND_MEMCG;
	r.has_memcg = true;
	strcpy(r.memcg_path, "/caf\xc3\xa9\xc3");
	n = fmt(buf, OSND_SYSLOG_MAX_LEN, &r);
	assert_valid(buf, n);
	assert_string_equal(param(buf, "comm", v, sizeof(v)),
			    "ab\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(param(buf, "memcg", v, sizeof(v)),
			    "/caf\xc3\xa9\xef\xbf\xbd");
	msg = strstr(buf, "\"] ");
	assert_non_null(msg);
	assert_memory_equal(msg + 3, BOM "Memory cgroup out of memory: "
			    "Killed process 4242 (ab\xef\xbf\xbd\xef\xbf\xbd) ",
			    3 + 56);

	/* Valid non-ASCII: kept, with a BOM. */
	strcpy(r.victim.comm, "h\xc3\xa9llo");
	n = fmt(buf, OSND_SYSLOG_MAX_LEN, &r);
	assert_valid(buf, n);
	assert_string_equal(param(buf, "comm", v, sizeof(v)), "h\xc3\xa9llo");
	assert_non_null(strstr(buf, "\"] " BOM "Memory cgroup"));
}

static void test_hostname_procid(void **state)
{
	struct osn_record r = global_rec();
	char buf[BUF], host[300], want[300];

	(void)state;
	assert_true(osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN, &r,
				       FILE_NAME, "", NULL, 1) > 0);
	assert_non_null(strstr(buf, "Z - oomsnap 1 OOMKILL ["));
	assert_true(osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN, &r,
				       FILE_NAME, NULL, NULL, 0) > 0);
	assert_non_null(strstr(buf, "Z - oomsnap - OOMKILL ["));
	/* Only PRINTUSASCII: each other byte one '_'. */
	assert_true(osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN, &r,
				       FILE_NAME, "my host\x01\xc3\xa9", NULL,
				       -5) > 0);
	assert_non_null(strstr(buf, "Z my_host___ oomsnap - OOMKILL ["));
	/* At most 255. */
	memset(host, 'h', 300);
	host[299] = '\0';
	assert_true(osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN, &r,
				       FILE_NAME, host, NULL, 812) > 0);
	snprintf(want, sizeof(want), "Z %.255s oomsnap 812 ", host);
	assert_non_null(strstr(buf, want));
	assert_valid(buf, strlen(buf));
}

/* The params of other records. */
static void test_params(void **state)
{
	struct osn_record r = global_rec();
	char buf[BUF], v[64];
	ssize_t n;

	(void)state;
	r.has_boot_id = false;
	r.victim.no_mm = true;
	r.kind = 99;
	n = fmt(buf, OSND_SYSLOG_MAX_LEN, &r);
	assert_valid(buf, n);
	assert_non_null(strstr(buf, "[oomsnap@32473 seq=\"7\" "
				    "kind=\"unknown(99)\" pid=\"4242\" "
				    "comm=\"stress-ng\" file=\""));
	assert_null(param(buf, "boot", v, sizeof(v)));
	assert_null(param(buf, "rss_kb", v, sizeof(v)));

	r = global_rec();
	r.kind = OOMSNAP_KIND_MEMCG;
	r.has_memcg = true;
	strcpy(r.memcg_path, "/system.slice/app.service");
	n = osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN, &r, FILE_NAME,
			       "web1", "acme@99999", 812);
	assert_valid(buf, n);
	assert_non_null(strstr(buf, "[acme@99999 seq=\"7\" boot=\"" BOOT
				    "\" kind=\"memcg\" pid=\"4242\" "
				    "comm=\"stress-ng\" rss_kb=\"49792\" "
				    "memcg=\"/system.slice/app.service\" "
				    "file=\"" FILE_NAME "\"] "));
}

/* MSG is cut first, at exactly the limit when it is ASCII. */
static void test_cut_msg(void **state)
{
	struct osn_record r = global_rec();
	char full[BUF], buf[BUF];
	ssize_t len, n;

	(void)state;
	len = fmt(full, OSND_SYSLOG_MAX_LEN, &r);
	assert_true(len > 0);
	assert_int_equal(fmt(buf, len, &r), len);
	n = fmt(buf, len - 10, &r);
	assert_int_equal(n, len - 10);
	assert_memory_equal(buf, full, n);
	assert_valid(buf, n);
	/* The buffer's size limits too. */
	n = osnd_syslog_format(buf, len - 20 + 1, OSND_SYSLOG_MAX_LEN, &r,
			       FILE_NAME, "web1", NULL, 812);
	assert_int_equal(n, len - 20);
	assert_memory_equal(buf, full, n);
}

/*
 * Every limit from the whole message down to nothing: valid or -ENOSPC
 * (and then for every smaller limit), never longer than the limit, the
 * SD values intact while any MSG is left, cut values prefixes of theirs.
 */
static void test_every_limit(void **state)
{
	struct osn_record r = global_rec();
	char full[BUF], buf[BUF], fcomm[300], fmemcg[300], v[300];
	ssize_t len, n;
	size_t max, msg, lost = 0;
	bool enospc = false, cut_sd = false;

	(void)state;
	/* Multi-byte characters, escapes and an invalid byte everywhere. */
	strcpy(r.victim.comm, "\xc3\xa9]\"\xe2\x82\xac\\\xf0\x9f\x98\x80\xff");
	r.kind = OOMSNAP_KIND_MEMCG;
	r.has_memcg = true;
	strcpy(r.memcg_path, "/k\xc3\xa4se]]/\xe2\x82\xac\\\"/"
	       "\xf0\x9f\x90\xa7/a]b\xc3\xa9\xc3\xa9\xc3\xa9/end");
	len = fmt(full, OSND_SYSLOG_MAX_LEN, &r);
	assert_valid(full, len);
	param(full, "comm", fcomm, sizeof(fcomm));
	param(full, "memcg", fmemcg, sizeof(fmemcg));

	for (max = len; max + 1 > 0; max--) {
		n = fmt(buf, max, &r);
		if (n == -ENOSPC) {
			enospc = true;
			continue;
		}
		assert_false(enospc);
		assert_true(n > 0 && (size_t)n <= max);
		if (!valid(buf, n, &msg))
			fail_msg("limit %zu: invalid: %s", max, buf);
		if (max - n > lost)
			lost = max - n;
		param(buf, "comm", v, sizeof(v));
		assert_memory_equal(v, fcomm, strlen(v));
		param(buf, "memcg", v, sizeof(v));
		assert_memory_equal(v, fmemcg, strlen(v));
		if (msg) {
			/* MSG goes first: SD untouched while it is there. */
			assert_false(cut_sd);
			assert_string_equal(param(buf, "comm", v, sizeof(v)),
					    fcomm);
			assert_string_equal(param(buf, "memcg", v, sizeof(v)),
					    fmemcg);
		} else if (strcmp(param(buf, "comm", v, sizeof(v)), fcomm) ||
			   strcmp(param(buf, "memcg", v, sizeof(v)), fmemcg)) {
			cut_sd = true;
		}
	}
	assert_true(cut_sd);
	assert_true(enospc);
	/* Nothing wasted but a character, an escape, a BOM or a space. */
	assert_true(lost <= 6);
}

/* The mandatory part must fit. */
static void test_enospc(void **state)
{
	struct osn_record r = global_rec();
	char buf[BUF];

	(void)state;
	assert_int_equal(fmt(buf, 100, &r), -ENOSPC);
	assert_int_equal(osnd_syslog_format(buf, 0, OSND_SYSLOG_MAX_LEN, &r,
					    FILE_NAME, "web1", NULL, 812),
			 -ENOSPC);
	assert_int_equal(osnd_syslog_format(buf, 100, OSND_SYSLOG_MAX_LEN, &r,
					    FILE_NAME, "web1", NULL, 812),
			 -ENOSPC);
}

static void test_einval(void **state)
{
	struct osn_record r = global_rec();
	char buf[BUF], name[200];

	(void)state;
	assert_int_equal(osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN,
					    NULL, FILE_NAME, "h", NULL, 1),
			 -EINVAL);
	assert_int_equal(osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN, &r,
					    NULL, "h", NULL, 1), -EINVAL);
	assert_int_equal(osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN, &r,
					    "", "h", NULL, 1), -EINVAL);
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN, &r,
					    name, "h", NULL, 1), -EINVAL);
	assert_int_equal(osnd_syslog_format(buf, BUF, OSND_SYSLOG_MAX_LEN, &r,
					    FILE_NAME, "h", "oomsnap", 1),
			 -EINVAL);
}

static void sd_ok(const char *id)
{
	char why[256] = "";

	if (osnd_syslog_check_sd_id(id, why, sizeof(why)))
		fail_msg("'%s' refused: %s", id, why);
}

static void sd_bad(const char *id, const char *want)
{
	char why[256] = "";

	if (osnd_syslog_check_sd_id(id, why, sizeof(why)) != -EINVAL)
		fail_msg("'%s' accepted", id);
	if (!strstr(why, want))
		fail_msg("'%s': reason \"%s\" lacks \"%s\"", id, why, want);
}

static void test_sd_id(void **state)
{
	(void)state;
	sd_ok(OSND_SYSLOG_SD_ID_DEFAULT);
	sd_ok("a@1");
	sd_ok("my.app-x_y@4242");
	sd_ok("abcdefghijklmnopqrstuvwxyz@12345");	/* 32 */
	sd_bad("abcdefghijklmnopqrstuvwxyz@123456", "at most 32");
	sd_bad("", "empty");
	sd_bad(NULL, "empty");
	sd_bad("oomsnap", "reserved for IANA");
	sd_bad("@32473", "not NAME@PEN");
	sd_bad("oomsnap@", "not NAME@PEN");
	sd_bad("oomsnap@12a", "not NAME@PEN");
	sd_bad("a@1@2", "not NAME@PEN");
	sd_bad("a b@1", "byte 2 is 0x20");
	sd_bad("a=b@1", "byte 2 is 0x3d");
	sd_bad("a]b@1", "byte 2 is 0x5d");
	sd_bad("a\"b@1", "byte 2 is 0x22");
	sd_bad("\xc3\xa9@1", "byte 1 is 0xc3");
	sd_bad("a\tb@1", "byte 2 is 0x09");
}

/* RFC 6587 3.4.1: MSG-LEN SP SYSLOG-MSG, MSG-LEN in octets. */
static void test_octet_counting(void **state)
{
	struct osn_record r = global_rec();
	char buf[BUF], pre[24], frame[BUF + 24];
	ssize_t n;

	(void)state;
	assert_int_equal(osnd_syslog_octet_prefix(0, pre, sizeof(pre)), 2);
	assert_string_equal(pre, "0 ");
	assert_int_equal(osnd_syslog_octet_prefix(2048, pre, sizeof(pre)), 5);
	assert_string_equal(pre, "2048 ");
	assert_int_equal(osnd_syslog_octet_prefix(2048, pre, 5), -ENOSPC);
	assert_int_equal(osnd_syslog_octet_prefix(2048, pre, 6), 5);

	/* Octets, not characters: a UTF-8 comm counts its bytes. */
	strcpy(r.victim.comm, "\xe2\x82\xac\xe2\x82\xac");
	n = fmt(buf, OSND_SYSLOG_MAX_LEN, &r);
	assert_valid(buf, n);
	snprintf(frame, sizeof(frame), "%zu %s", strlen(buf), buf);
	assert_int_equal(osnd_syslog_octet_prefix(n, pre, sizeof(pre)),
			 strchr(frame, ' ') - frame + 1);
	assert_memory_equal(frame, pre, strlen(pre));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_message),
		cmocka_unit_test(test_pri),
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_hostname_procid),
		cmocka_unit_test(test_params),
		cmocka_unit_test(test_cut_msg),
		cmocka_unit_test(test_every_limit),
		cmocka_unit_test(test_enospc),
		cmocka_unit_test(test_einval),
		cmocka_unit_test(test_sd_id),
		cmocka_unit_test(test_octet_counting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
