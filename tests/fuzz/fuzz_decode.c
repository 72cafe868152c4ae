// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_decode.c - libFuzzer target for the userspace decoders of what the
 * module sends (userspace/lib, built with ASan and UBSan): the input is a
 * sequence of generic netlink messages, as a LIST or GET dump delivers
 * them.
 *
 * Framing: each message is a little-endian u16 length, then that many
 * bytes of genlmsghdr and attributes (the last one takes what is left if
 * the length is larger).  The harness puts an nlmsghdr in front whose
 * nlmsg_len is exactly the header plus those bytes, in a buffer malloc'd
 * at that size, so that the attribute parsing is what gets fuzzed and
 * ASan reports any read past the message.
 *
 * Every message goes to the record decoder, the tolerant LIST handling,
 * the STATUS and ACK reply decoders and the notification classifier (as
 * a message of the oomsnap family, then as one of nlctrl); the
 * sequence goes to the GET dump assembler.  Whatever decodes is rendered:
 * record JSON (checked: it prints as valid UTF-8 and parses back), the
 * record read back from that JSON (when osn_record_from_json() is built
 * in: FUZZ_RECORD_JSON) must render to the same text, the text renderers
 * into /dev/null, the status as JSON and text.  With FUZZ_RECORD_JSON,
 * an input that starts with '{' is JSON text for osn_record_from_json()
 * instead (what it accepts must render, be accepted again and then render
 * the same).  A violated invariant aborts (libFuzzer reports a crash).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "assemble.h"
#include "event.h"
#include "json_bytes.h"
#include "nlclient.h"
#include "record.h"
#include "render_json.h"
#include "render_text.h"
#include "status.h"
#ifdef FUZZ_RECORD_JSON
#include "record_json.h"
#endif

#define FAMILY		0x1d
#define MAX_MSGS	16

static FILE *devnull;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_decode: invariant violated: %s\n", what);
		abort();
	}
}

/* An nlmsghdr, then n bytes of data: malloc'd at exactly that size. */
static struct nlmsghdr *make_msg(const uint8_t *data, size_t n)
{
	struct nlmsghdr *nlh = malloc(NLMSG_HDRLEN + n);

	if (!nlh)
		abort();
	memset(nlh, 0, NLMSG_HDRLEN);
	nlh->nlmsg_len = NLMSG_HDRLEN + n;
	nlh->nlmsg_type = FAMILY;
	nlh->nlmsg_flags = NLM_F_MULTI;
	memcpy((char *)nlh + NLMSG_HDRLEN, data, n);
	return nlh;
}

/* The printed JSON of o: valid UTF-8 that json-c parses back. */
static char *checked_json(struct json_object *o, bool utf8)
{
	const char *s = json_object_to_json_string_ext(o, OSN_JSON_FLAGS);
	struct json_object *back;
	char *copy;

	check(s != NULL, "JSON printing failed");
	if (utf8)
		check(osn_utf8_valid(s, strlen(s)),
		      "record JSON is not valid UTF-8");
	back = json_tokener_parse(s);
	check(back != NULL, "printed JSON does not parse");
	json_object_put(back);
	copy = strdup(s);
	check(copy != NULL, "out of memory");
	return copy;
}

#ifdef FUZZ_RECORD_JSON
/* JSON -> record -> JSON gives the same text (record_json.h). */
static void check_roundtrip(struct json_object *o, const char *text)
{
	struct osn_record back;
	struct json_object *o2;
	const char *why = NULL;
	char *text2;
	int err;

	err = osn_record_from_json(o, &back, &why);
	if (err == -ENOMEM)
		return;
	if (err) {
		fprintf(stderr, "fuzz_decode: osn_record_from_json refused "
			"what osn_record_to_json wrote: %s\n%s\n",
			why ? why : "?", text);
		abort();
	}
	o2 = osn_record_to_json(&back);
	if (o2) {
		text2 = checked_json(o2, true);
		if (strcmp(text, text2)) {
			fprintf(stderr, "fuzz_decode: JSON round trip "
				"differs:\n%s\n---\n%s\n", text, text2);
			abort();
		}
		free(text2);
		json_object_put(o2);
	}
	osn_record_free(&back);
}
#endif

static void render_record(const struct osn_record *rec)
{
	struct json_object *o = osn_record_to_json(rec);
	char *text;

	/* NULL only when out of memory or the time does not fit. */
	if (o) {
		text = checked_json(o, true);
#ifdef FUZZ_RECORD_JSON
		check_roundtrip(o, text);
#endif
		free(text);
		json_object_put(o);
	}
	(void)osn_text_list_line(devnull, rec);
	(void)osn_text_show(devnull, rec);
}

static int on_record(struct osn_record *rec, void *arg)
{
	(void)rec;
	(void)arg;
	return 0;
}

static int on_bad(const struct osn_undecodable *u, void *arg)
{
	(void)arg;
	check(u->why[0] != '\0', "an undecodable record without a reason");
	check(memchr(u->why, '\0', sizeof(u->why)) != NULL,
	      "why not NUL-terminated");
	return 0;
}

static void one_message(struct nlmsghdr *nlh)
{
	struct osn_record rec;
	struct osn_status st;
	const char *why = NULL;
	uint32_t acked;
	uint64_t seq;
	int err;

	err = osn_record_parse_why(nlh, &rec, &why);
	check(err == 0 || err == -EINVAL || err == -ENOMEM,
	      "record decoder: unexpected code");
	check(err != -EINVAL || why != NULL, "record refused without reason");
	if (!err) {
		render_record(&rec);
		osn_record_free(&rec);
	}

	err = osn_nl_list_msg(nlh, on_record, on_bad, NULL);
	check(err == 0 || err == -ENOMEM, "list handling: unexpected code");

	why = NULL;
	err = osn_status_parse(nlh, &st, &why);
	check(err == 0 || err == -EINVAL, "status decoder: unexpected code");
	check(err != -EINVAL || why != NULL, "status refused without reason");
	if (!err) {
		struct json_object *o = osn_status_to_json(&st);

		if (o) {
			free(checked_json(o, false));
			json_object_put(o);
		}
		(void)osn_text_status(devnull, &st);
	}

	why = NULL;
	err = osn_acked_parse(nlh, &acked, &why);
	check(err == 0 || err == -EINVAL, "ACK decoder: unexpected code");
	check(err != -EINVAL || why != NULL, "ACK refused without reason");

	err = osn_event_parse(nlh, FAMILY, &seq);
	check(err == -EINVAL || err == OSN_EV_OTHER || err == OSN_EV_RECORD,
	      "event classifier: unexpected code");
	/* The same bytes as a message of nlctrl (CTRL_CMD_DELFAMILY?). */
	nlh->nlmsg_type = GENL_ID_CTRL;
	err = osn_event_parse(nlh, FAMILY, &seq);
	check(err == OSN_EV_OTHER || err == OSN_EV_GONE,
	      "event classifier: unexpected code for nlctrl");
	nlh->nlmsg_type = FAMILY;
}

#ifdef FUZZ_RECORD_JSON
/*
 * An input that starts with '{' is JSON text instead: what
 * osn_record_from_json() accepts renders to JSON that it accepts again,
 * and from then on the text is stable.
 */
static void json_input(const uint8_t *data, size_t size)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o, *o2;
	struct osn_record rec;
	char *text;
	int err;

	if (!tok)
		return;
	o = json_tokener_parse_ex(tok, (const char *)data, (int)size);
	json_tokener_free(tok);
	if (!o)
		return;
	err = osn_record_from_json(o, &rec, NULL);
	json_object_put(o);
	check(err == 0 || err == -EINVAL || err == -ENOMEM,
	      "osn_record_from_json: unexpected code");
	if (err)
		return;
	(void)osn_text_list_line(devnull, &rec);
	(void)osn_text_show(devnull, &rec);
	o2 = osn_record_to_json(&rec);
	osn_record_free(&rec);
	if (!o2)
		return;
	text = checked_json(o2, true);
	check_roundtrip(o2, text);
	free(text);
	json_object_put(o2);
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct nlmsghdr *msgs[MAX_MSGS];
	struct osn_assembly as;
	struct osn_record rec;
	size_t n = 0, i, len;
	bool failed = false;
	int err;

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (!devnull)
			abort();
	}
#ifdef FUZZ_RECORD_JSON
	if (size && data[0] == '{') {
		json_input(data, size);
		return 0;
	}
#endif
	while (size >= 2 && n < MAX_MSGS) {
		len = data[0] | (size_t)data[1] << 8;
		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		msgs[n++] = make_msg(data, len);
		data += len;
		size -= len;
	}

	osn_assembly_init(&as);
	for (i = 0; i < n; i++) {
		one_message(msgs[i]);
		if (failed)
			continue;
		err = osn_assembly_add(&as, msgs[i]);
		check(err == 0 || err == -EINVAL || err == -ENOMEM,
		      "assembler: unexpected code");
		check(err != -EINVAL || as.why != NULL,
		      "assembler refused without reason");
		failed = err != 0;
	}
	if (!failed && n) {
		memset(&rec, 0, sizeof(rec));
		err = osn_assembly_finish(&as, &rec);
		check(err == 0 || err == -EINVAL, "assembler: finish code");
		if (!err) {
			check(rec.has_tables, "an assembled record without "
					      "its tables");
			render_record(&rec);
			osn_record_free(&rec);
		}
	}
	osn_assembly_free(&as);
	for (i = 0; i < n; i++)
		free(msgs[i]);
	return 0;
}
