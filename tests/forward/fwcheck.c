// SPDX-License-Identifier: GPL-2.0
/*
 * fwcheck.c - read back what oomsnapd forwarded, for tests/forward/run.sh:
 * one normalized line per message, so that the script can compare them
 * with the records it seeded (mkarchive.c).  Independent of oomsnapd's
 * code: JSON is read with json-c, syslog with a parser of RFC 5424 here.
 *
 *     fwcheck jsonl FILE
 *         FILE is JSON Lines: every line one JSON object.  Prints, a line
 *         each:  seq boot_id kind panic pid comm_hex rss_kb memcg_hex
 *         (tab-separated; "-" where the record has no victim or memcg;
 *         the bytes of comm/memcg from K_hex when present, else from K).
 *
 *     fwcheck syslog FILE SD-ID
 *         FILE is written by rsyslog with the template (a JSON
 *         object a line, so that any byte of a message fits)
 *             {"app":"%app-name:::json%","msgid":"%msgid:::json%",
 *              "sd":"%structured-data:::json%","raw":"%rawmsg:::json%"}
 *         Each rawmsg is parsed as RFC 5424 (strictly: PRI, VERSION 1,
 *         TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID, STRUCTURED-DATA);
 *         rsyslog's own APP-NAME, MSGID and STRUCTURED-DATA must equal
 *         what the raw message holds.  Prints, a line each:
 *             seq boot kind pid comm_hex rss_kb memcg_hex file app msgid
 *             time pri
 *         with the parameters of element SD-ID, escapes undone ("-" for
 *         a parameter that is absent).
 *
 * A line that cannot be read prints "BAD <line number>: <why>" instead,
 * so that a comparison with the expected lines fails and shows why.
 * Exit 0 when FILE could be read (even with BAD lines), 2 otherwise.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#define MAX_PARAMS	32
#define VAL_LEN		1024

static unsigned long lineno;

static void bad(const char *why)
{
	printf("BAD %lu: %s\n", lineno, why);
}

static void put_hex(const char *s, size_t n)
{
	size_t i;

	if (!n)
		fputs("\"\"", stdout);	/* empty, not absent */
	for (i = 0; i < n; i++)
		printf("%02x", (unsigned char)s[i]);
}

/* ------------------------------------------------------------ JSON Lines */

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static bool jint(struct json_object *o, const char *key, int64_t *out)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_int))
		return false;
	*out = json_object_get_int64(v);
	return true;
}

/* The bytes of key: key_hex when present, else key.  NULL when absent. */
static const char *jbytes(struct json_object *o, const char *key, char *buf,
			  size_t size, size_t *len)
{
	char hk[64];
	const char *s, *h;
	unsigned int b;
	size_t i, n;

	s = jstr(o, key);
	if (!s)
		return NULL;
	snprintf(hk, sizeof(hk), "%s_hex", key);
	h = jstr(o, hk);
	if (!h) {
		*len = strlen(s);
		return s;
	}
	n = strlen(h);
	if (n % 2 || n / 2 > size)
		return NULL;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(h + 2 * i, "%2x", &b) != 1)
			return NULL;
		buf[i] = (char)b;
	}
	*len = n / 2;
	return buf;
}

static void jsonl_line(const char *line, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o, *v, *victim = NULL, *memcg = NULL, *pb;
	char cbuf[256], mbuf[1024];
	const char *boot, *kind, *comm, *path;
	int64_t seq, pid, a, f, s;
	size_t clen, mlen;
	bool panic;

	o = json_tokener_parse_ex(tok, line, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len) {
		bad("not one JSON value");
		goto out;
	}
	if (!json_object_is_type(o, json_type_object)) {
		bad("not a JSON object");
		goto out;
	}
	boot = jstr(o, "boot_id");
	kind = jstr(o, "kind");
	if (!jint(o, "seq", &seq) || !boot || !kind ||
	    !json_object_object_get_ex(o, "panic", &pb) ||
	    !json_object_is_type(pb, json_type_boolean)) {
		bad("no seq, boot_id, kind or panic");
		goto out;
	}
	panic = json_object_get_boolean(pb);
	if (json_object_object_get_ex(o, "victim", &v) &&
	    json_object_is_type(v, json_type_object))
		victim = v;
	if (json_object_object_get_ex(o, "memcg", &v) &&
	    json_object_is_type(v, json_type_object))
		memcg = v;
	printf("%lld\t%s\t%s\t%d\t", (long long)seq, boot, kind, panic);
	if (victim) {
		comm = jbytes(victim, "comm", cbuf, sizeof(cbuf), &clen);
		if (!jint(victim, "pid", &pid) || !comm ||
		    !jint(victim, "anon_rss_kb", &a) ||
		    !jint(victim, "file_rss_kb", &f) ||
		    !jint(victim, "shmem_rss_kb", &s)) {
			printf("\n");
			bad("victim without pid, comm or rss");
			goto out;
		}
		printf("%lld\t", (long long)pid);
		put_hex(comm, clen);
		printf("\t%lld\t", (long long)(a + f + s));
	} else {
		printf("-\t-\t-\t");
	}
	path = memcg ? jbytes(memcg, "path", mbuf, sizeof(mbuf), &mlen) : NULL;
	if (path)
		put_hex(path, mlen);
	else
		printf("-");
	printf("\n");
out:
	json_object_put(o);
	json_tokener_free(tok);
}

/* ---------------------------------------------------------------- syslog */

struct param {
	char name[33];
	char val[VAL_LEN];
	size_t len;
};

struct msg {
	char time[64], app[64], msgid[64];
	const char *sd;		/* into the raw message */
	size_t sd_len;
	struct param params[MAX_PARAMS];
	size_t nparams;
	bool found;		/* element SD-ID present */
};

/* An RFC 5424 header field: 1..max PRINTUSASCII, or "-". */
static const char *token(const char *p, char *out, size_t max, const char **err)
{
	size_t n = 0;

	while (*p > 32 && *p < 127) {
		if (n == max || n + 1 >= 64) {
			*err = "header field too long";
			return NULL;
		}
		out[n++] = *p++;
	}
	out[n] = '\0';
	if (!n) {
		*err = "empty header field";
		return NULL;
	}
	if (*p != ' ') {
		*err = "header field not followed by a space";
		return NULL;
	}
	return p + 1;
}

static bool sd_name_char(char c)
{
	return c > 32 && c < 127 && c != '=' && c != ']' && c != '"';
}

/*
 * Parse STRUCTURED-DATA at p: "-" or 1*SD-ELEMENT.  The parameters of the
 * element named id go to m.  Returns the end, or NULL with *err.
 */
static const char *parse_sd(const char *p, const char *id, struct msg *m,
			    const char **err)
{
	char name[33];
	struct param *pr;
	size_t n, i;
	bool mine;

	if (*p == '-')
		return p + 1;
	if (*p != '[') {
		*err = "no STRUCTURED-DATA";
		return NULL;
	}
	while (*p == '[') {
		p++;
		for (n = 0; sd_name_char(*p); p++) {
			if (n == 32) {
				*err = "SD-ID longer than 32";
				return NULL;
			}
			name[n++] = *p;
		}
		name[n] = '\0';
		if (!n) {
			*err = "empty SD-ID";
			return NULL;
		}
		mine = !strcmp(name, id);
		if (mine && m->found) {
			*err = "element SD-ID twice";
			return NULL;
		}
		m->found |= mine;
		while (*p == ' ') {
			p++;
			for (n = 0; sd_name_char(*p); p++) {
				if (n == 32) {
					*err = "PARAM-NAME longer than 32";
					return NULL;
				}
				name[n++] = *p;
			}
			name[n] = '\0';
			if (!n || *p != '=' || p[1] != '"') {
				*err = "malformed SD-PARAM";
				return NULL;
			}
			p += 2;
			pr = NULL;
			if (mine) {
				for (i = 0; i < m->nparams; i++)
					if (!strcmp(m->params[i].name, name)) {
						*err = "a PARAM-NAME twice";
						return NULL;
					}
				if (m->nparams == MAX_PARAMS) {
					*err = "too many params";
					return NULL;
				}
				pr = &m->params[m->nparams++];
				snprintf(pr->name, sizeof(pr->name), "%s", name);
				pr->len = 0;
			}
			/* PARAM-VALUE: '"', '\' and ']' MUST be escaped. */
			for (;;) {
				char c = *p;

				if (!c) {
					*err = "PARAM-VALUE not closed";
					return NULL;
				}
				if (c == '"')
					break;
				if (c == ']') {
					*err = "']' not escaped in PARAM-VALUE";
					return NULL;
				}
				if (c == '\\' && (p[1] == '"' || p[1] == '\\' ||
						  p[1] == ']')) {
					c = p[1];
					p++;
				}
				/* A lone '\' stays (RFC 5424 6.3.3). */
				if (pr) {
					if (pr->len == VAL_LEN) {
						*err = "PARAM-VALUE too long";
						return NULL;
					}
					pr->val[pr->len++] = c;
				}
				p++;
			}
			p++;
		}
		if (*p != ']') {
			*err = "SD-ELEMENT not closed";
			return NULL;
		}
		p++;
	}
	return p;
}

static const struct param *param(const struct msg *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nparams; i++)
		if (!strcmp(m->params[i].name, name))
			return &m->params[i];
	return NULL;
}

static void put_text(const struct msg *m, const char *name)
{
	const struct param *p = param(m, name);
	size_t i;

	if (!p) {
		fputs("-", stdout);
		return;
	}
	for (i = 0; i < p->len; i++)
		if ((unsigned char)p->val[i] < 32 || p->val[i] == 127) {
			fputs("(control character)", stdout);
			return;
		}
	fwrite(p->val, 1, p->len, stdout);
	if (!p->len)
		fputs("\"\"", stdout);
}

static void put_bytes(const struct msg *m, const char *name)
{
	const struct param *p = param(m, name);

	if (p)
		put_hex(p->val, p->len);
	else
		fputs("-", stdout);
}

/* Check raw (one RFC 5424 message) against what rsyslog parsed of it. */
static void syslog_msg(const char *raw, size_t raw_len, const char *app,
		       const char *msgid, const char *sd, size_t sd_len,
		       const char *id)
{
	const char *p, *err = NULL;
	struct msg *m;
	unsigned int pri;
	char tok[64];
	int n = 0;

	m = calloc(1, sizeof(*m));
	if (!m) {
		bad("out of memory");
		return;
	}
	if (strlen(raw) != raw_len) {
		bad("a NUL byte in the message");
		goto out;
	}
	/* <PRI>1 */
	if (sscanf(raw, "<%3u>1 %n", &pri, &n) != 1 || !n || pri > 191 ||
	    (raw[1] == '0' && raw[2] != '>')) {
		bad("no <PRI>1 (not RFC 5424)");
		goto out;
	}
	p = raw + n;
	if (!(p = token(p, m->time, 64, &err)) ||
	    !(p = token(p, tok, 255, &err)) ||		/* HOSTNAME */
	    !(p = token(p, m->app, 48, &err)) ||
	    !(p = token(p, tok, 128, &err)) ||		/* PROCID */
	    !(p = token(p, m->msgid, 32, &err))) {
		bad(err);
		goto out;
	}
	m->sd = p;
	p = parse_sd(p, id, m, &err);
	if (!p) {
		bad(err);
		goto out;
	}
	m->sd_len = (size_t)(p - m->sd);
	if (*p && *p != ' ') {
		bad("STRUCTURED-DATA not followed by a space or the end");
		goto out;
	}
	if (strcmp(app, m->app) || strcmp(msgid, m->msgid)) {
		bad("rsyslog parsed another APP-NAME or MSGID than sent");
		goto out;
	}
	if (sd_len != m->sd_len || memcmp(sd, m->sd, sd_len)) {
		bad("rsyslog's STRUCTURED-DATA differs from the one sent");
		goto out;
	}
	if (!m->found) {
		bad("no SD element of the expected SD-ID");
		goto out;
	}
	put_text(m, "seq");
	putchar('\t');
	put_text(m, "boot");
	putchar('\t');
	put_text(m, "kind");
	putchar('\t');
	put_text(m, "pid");
	putchar('\t');
	put_bytes(m, "comm");
	putchar('\t');
	put_text(m, "rss_kb");
	putchar('\t');
	put_bytes(m, "memcg");
	putchar('\t');
	put_text(m, "file");
	printf("\t%s\t%s\t%s\t%u\n", m->app, m->msgid, m->time, pri);
out:
	free(m);
}

/* One line of the template: {"app": .., "msgid": .., "sd": .., "raw": ..} */
static void syslog_line(const char *line, size_t len, const char *id)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o, *app, *msgid, *sd, *raw;

	o = json_tokener_parse_ex(tok, line, (int)len);
	if (!o || json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != len ||
	    !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "app", &app) ||
	    !json_object_object_get_ex(o, "msgid", &msgid) ||
	    !json_object_object_get_ex(o, "sd", &sd) ||
	    !json_object_object_get_ex(o, "raw", &raw) ||
	    !json_object_is_type(app, json_type_string) ||
	    !json_object_is_type(msgid, json_type_string) ||
	    !json_object_is_type(sd, json_type_string) ||
	    !json_object_is_type(raw, json_type_string))
		bad("not a line of the test's rsyslog template");
	else
		syslog_msg(json_object_get_string(raw),
			   (size_t)json_object_get_string_len(raw),
			   json_object_get_string(app),
			   json_object_get_string(msgid),
			   json_object_get_string(sd),
			   (size_t)json_object_get_string_len(sd), id);
	json_object_put(o);
	json_tokener_free(tok);
}

int main(int argc, char **argv)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	bool jsonl;
	FILE *in;

	if (argc < 3 || ((strcmp(argv[1], "jsonl") || argc != 3) &&
			 (strcmp(argv[1], "syslog") || argc != 4))) {
		fprintf(stderr, "usage: fwcheck jsonl FILE | "
			"fwcheck syslog FILE SD-ID\n");
		return 2;
	}
	jsonl = !strcmp(argv[1], "jsonl");
	in = fopen(argv[2], "r");
	if (!in) {
		fprintf(stderr, "fwcheck: %s: %s\n", argv[2], strerror(errno));
		return 2;
	}
	while ((len = getline(&line, &cap, in)) > 0) {
		lineno++;
		if (line[len - 1] != '\n') {
			bad("last line not terminated");
			break;
		}
		line[--len] = '\0';
		if (strlen(line) != (size_t)len) {
			bad("a NUL byte in the line");
			continue;
		}
		if (jsonl)
			jsonl_line(line, (size_t)len);
		else
			syslog_line(line, (size_t)len, argv[3]);
	}
	free(line);
	fclose(in);
	return fflush(stdout) ? 2 : 0;
}
