// SPDX-License-Identifier: GPL-2.0
/*
 * syslog_format.c - a record as an RFC 5424 message (syslog_format.h):
 * HEADER SP STRUCTURED-DATA [SP MSG], fitted into the length limit by
 * cutting MSG first, then the longest free-text SD values.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "archive.h"
#include "format.h"
#include "kill_line.h"
#include "syslog_format.h"
#include "json_bytes.h"

#define APP_NAME	"oomsnap"
#define MSGID		"OOMKILL"
#define BOM		"\xef\xbb\xbf"
#define BOM_LEN		3
#define HOSTNAME_MAX	255
/* "<26>1 " TIMESTAMP(27) SP HOSTNAME SP APP-NAME SP PROCID SP MSGID */
#define HEADER_LEN	(6 + 27 + 1 + HOSTNAME_MAX + 1 + 7 + 1 + 20 + 1 + 7 + 1)
#define NPARAMS		8

struct param {
	const char *name;
	const char *value;	/* valid UTF-8 */
	size_t len;		/* bytes of value used */
	bool cuttable;		/* free text, not an identifier */
};

/* The values of the params, each valid UTF-8. */
struct values {
	char seq[24], boot[OSN_BOOT_ID_STR_LEN], kind[OSN_ENUM_LEN];
	char pid[16], rss_kb[24];
	char comm[OSN_UTF8_FIX_LEN(OOMSNAP_COMM_LEN)];
	char memcg[OSN_UTF8_FIX_LEN(OOMSNAP_PATH_LEN)];
	char file[OSN_UTF8_FIX_LEN(OSN_ARCHIVE_NAME_LEN)];
};

static int __attribute__((format(printf, 3, 4)))
fail(char *why, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, size, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int osnd_syslog_check_sd_id(const char *sd_id, char *why, size_t size)
{
	const char *at;
	size_t len, i;

	if (!sd_id || !*sd_id)
		return fail(why, size, "the SD-ID is empty (write NAME@PEN, "
			    "e.g. %s)", OSND_SYSLOG_SD_ID_DEFAULT);
	len = strlen(sd_id);
	if (len >= OSND_SYSLOG_SD_ID_LEN)
		return fail(why, size, "the SD-ID '%.40s' is %zu characters "
			    "long; at most %d are allowed", sd_id, len,
			    OSND_SYSLOG_SD_ID_LEN - 1);
	for (i = 0; i < len; i++) {
		unsigned char c = sd_id[i];

		if (c < 33 || c > 126 || strchr("=]\"", c))
			return fail(why, size, "the SD-ID may hold printable "
				    "US-ASCII but '=', ' ', ']' and '\"'; "
				    "byte %zu is 0x%02x", i + 1, c);
	}
	at = strchr(sd_id, '@');
	if (!at)
		return fail(why, size, "the SD-ID '%s' has no '@': names "
			    "without one are reserved for IANA; write "
			    "NAME@PEN with your private enterprise number, "
			    "e.g. %s", sd_id, OSND_SYSLOG_SD_ID_DEFAULT);
	if (at == sd_id || !at[1] || strchr(at + 1, '@') ||
	    strspn(at + 1, "0123456789") != strlen(at + 1))
		return fail(why, size, "the SD-ID '%s' is not NAME@PEN (a "
			    "name, one '@', then the digits of a private "
			    "enterprise number, e.g. %s)", sd_id,
			    OSND_SYSLOG_SD_ID_DEFAULT);
	return 0;
}

/* RFC 5424 section 6.3.3: '"', '\' and ']' are escaped with '\'. */
static bool special(char c)
{
	return c == '"' || c == '\\' || c == ']';
}

/* Bytes of the character that starts with c (s is valid UTF-8). */
static size_t char_len(unsigned char c)
{
	return c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

static size_t escaped_len(const char *s, size_t len)
{
	size_t i, n = len;

	for (i = 0; i < len; i++)
		n += special(s[i]);
	return n;
}

/* The longest whole-character prefix of s whose escaped form fits max. */
static size_t escaped_fit(const char *s, size_t len, size_t max)
{
	size_t i = 0, e = 0, n, w;

	while (i < len) {
		n = char_len(s[i]);
		w = n + special(s[i]);
		if (e + w > max)
			break;
		e += w;
		i += n;
	}
	return i;
}

static size_t sd_len(const char *sd_id, const struct param *p, size_t n)
{
	size_t len = 2 + strlen(sd_id), i;	/* "[" SD-ID ... "]" */

	for (i = 0; i < n; i++)	/* SP name="value" */
		len += 1 + strlen(p[i].name) + 3 +
		       escaped_len(p[i].value, p[i].len);
	return len;
}

/* Cut the longest free-text values until excess octets are gone. */
static int cut_values(struct param *p, size_t n, size_t excess)
{
	size_t i, best, e, best_e;

	while (excess) {
		best = n;
		best_e = 0;
		for (i = 0; i < n; i++) {
			e = escaped_len(p[i].value, p[i].len);
			if (p[i].cuttable && e > best_e) {
				best = i;
				best_e = e;
			}
		}
		if (best == n)
			return -ENOSPC;
		if (best_e <= excess) {
			p[best].len = 0;
			excess -= best_e;
			continue;
		}
		p[best].len = escaped_fit(p[best].value, p[best].len,
					  best_e - excess);
		break;
	}
	return 0;
}

/* HOSTNAME: NILVALUE or 1-255 PRINTUSASCII. */
static void put_hostname(char *buf, const char *hostname)
{
	size_t i;

	if (!hostname || !*hostname) {
		strcpy(buf, "-");
		return;
	}
	for (i = 0; hostname[i] && i < HOSTNAME_MAX; i++) {
		unsigned char c = hostname[i];

		buf[i] = c >= 33 && c <= 126 ? c : '_';
	}
	buf[i] = '\0';
}

static int header(char *buf, size_t size, const struct osn_record *rec,
		  const char *hostname, long procid)
{
	char ts[OSN_TIME_LEN], host[HOSTNAME_MAX + 1], pid[24] = "-";
	int n;

	/* Exactly "YYYY-mm-ddTHH:MM:SS.uuuuuuZ": a 4-digit year. */
	if (osn_format_time(rec->time_ns, ts, sizeof(ts)) || strlen(ts) != 27)
		return -EINVAL;
	put_hostname(host, hostname);
	if (procid > 0)
		snprintf(pid, sizeof(pid), "%ld", procid);
	n = snprintf(buf, size, "<%d>1 %s %s " APP_NAME " %s " MSGID,
		     LOG_DAEMON | (rec->panic ? LOG_CRIT : LOG_ERR), ts, host,
		     pid);
	return n < 0 || (size_t)n >= size ? -EINVAL : n;
}

static void add(struct param *p, size_t *n, const char *name,
		const char *value, bool cuttable)
{
	p[*n] = (struct param){ name, value, strlen(value), cuttable };
	(*n)++;
}

static size_t params(const struct osn_record *rec, const char *file_name,
		     struct values *v, struct param *p)
{
	const struct osn_task *t = &rec->victim;
	size_t n = 0;

	snprintf(v->seq, sizeof(v->seq), "%" PRIu64, rec->seq);
	add(p, &n, "seq", v->seq, false);
	if (rec->has_boot_id &&
	    !osn_format_boot_id(rec->boot_id, v->boot, sizeof(v->boot)))
		add(p, &n, "boot", v->boot, false);
	add(p, &n, "kind", osn_kind_str(rec->kind, v->kind, sizeof(v->kind)),
	    false);
	if (rec->has_victim) {
		snprintf(v->pid, sizeof(v->pid), "%" PRIu32, t->pid);
		add(p, &n, "pid", v->pid, false);
		osn_utf8_fix(t->comm, v->comm, sizeof(v->comm));
		add(p, &n, "comm", v->comm, true);
		if (!t->no_mm) {
			snprintf(v->rss_kb, sizeof(v->rss_kb), "%" PRIu64,
				 osn_pages_to_kb(osn_task_rss_pages(t),
						 rec->page_size));
			add(p, &n, "rss_kb", v->rss_kb, false);
		}
	}
	if (rec->has_memcg) {
		osn_utf8_fix(rec->memcg_path, v->memcg, sizeof(v->memcg));
		add(p, &n, "memcg", v->memcg, true);
	}
	osn_utf8_fix(file_name, v->file, sizeof(v->file));
	add(p, &n, "file", v->file, false);
	return n;
}

/*
 * The longest prefix of msg (len bytes, valid UTF-8) that fits in avail
 * octets with its BOM, which it needs only when it is not pure ASCII.
 */
static size_t fit_msg(const char *msg, size_t len, size_t avail, bool *bom)
{
	size_t ascii = 0, n;

	while (ascii < len && !((unsigned char)msg[ascii] & 0x80))
		ascii++;
	*bom = false;
	if (ascii == len)
		return len < avail ? len : avail;
	if (avail < BOM_LEN || avail - BOM_LEN <= ascii)
		return ascii < avail ? ascii : avail;
	n = osn_utf8_cut(msg, len, avail - BOM_LEN);
	if (n <= ascii)		/* the first other character left out */
		return ascii;
	*bom = true;
	return n;
}

/* Append s[0..len) to buf at *o, escaped when esc. */
static void put(char *buf, size_t *o, const char *s, size_t len, bool esc)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (esc && special(s[i]))
			buf[(*o)++] = '\\';
		buf[(*o)++] = s[i];
	}
}

ssize_t osnd_syslog_format(char *buf, size_t size, size_t max_len,
			   const struct osn_record *rec, const char *file_name,
			   const char *hostname, const char *sd_id,
			   long procid)
{
	char hdr[HEADER_LEN + 1], line[OSN_KILL_LINE_LEN];
	char msg[OSN_UTF8_FIX_LEN(OSN_KILL_LINE_LEN)];
	struct param p[NPARAMS];
	struct values v;
	size_t np, i, limit, base, mlen, o = 0;
	bool bom = false;
	int hlen, err;

	if (!buf || !rec || !file_name || !*file_name ||
	    strlen(file_name) >= OSN_ARCHIVE_NAME_LEN)
		return -EINVAL;
	if (!sd_id)
		sd_id = OSND_SYSLOG_SD_ID_DEFAULT;
	if (osnd_syslog_check_sd_id(sd_id, line, sizeof(line)))
		return -EINVAL;
	hlen = header(hdr, sizeof(hdr), rec, hostname, procid);
	if (hlen < 0)
		return hlen;
	err = osn_kill_line(rec, line, sizeof(line));
	if (err < 0)
		return err;
	mlen = osn_utf8_fix(line, msg, sizeof(msg));
	np = params(rec, file_name, &v, p);

	if (!size)
		return -ENOSPC;
	limit = max_len < size - 1 ? max_len : size - 1;
	base = hlen + 1 + sd_len(sd_id, p, np);
	if (base > limit) {
		mlen = 0;
		if (cut_values(p, np, base - limit))
			return -ENOSPC;
	} else if (limit - base >= 2) {
		mlen = fit_msg(msg, mlen, limit - base - 1, &bom);
	} else {
		mlen = 0;
	}

	put(buf, &o, hdr, hlen, false);
	put(buf, &o, " [", 2, false);
	put(buf, &o, sd_id, strlen(sd_id), false);
	for (i = 0; i < np; i++) {
		buf[o++] = ' ';
		put(buf, &o, p[i].name, strlen(p[i].name), false);
		put(buf, &o, "=\"", 2, false);
		put(buf, &o, p[i].value, p[i].len, true);
		buf[o++] = '"';
	}
	buf[o++] = ']';
	if (mlen) {
		buf[o++] = ' ';
		if (bom)
			put(buf, &o, BOM, BOM_LEN, false);
		put(buf, &o, msg, mlen, false);
	}
	buf[o] = '\0';
	return o;
}

int osnd_syslog_octet_prefix(size_t msg_len, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%zu ", msg_len);

	return n < 0 || (size_t)n >= size ? -ENOSPC : n;
}
