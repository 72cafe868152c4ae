// SPDX-License-Identifier: GPL-2.0
/*
 * cli_ref.c - the SEQ|BOOT:SEQ argument of `show` and `ack`: parse it,
 * resolve a boot id prefix against the boot ids of the stored records
 * (LIST), and name a record in messages.  Prints its errors (one place, so
 * that show and ack say the same thing).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "format.h"

int cli_parse_ref(const char *usage, const char *cmd, const char *arg,
		  struct osn_ref *ref)
{
	if (!osn_parse_ref(arg, ref))
		return OSN_EXIT_OK;
	if (strchr(arg, ':'))
		return cli_usage_error(usage, "%s: '%s' is not BOOT:SEQ (BOOT: "
				       "a boot id or at least %d of its first "
				       "hex digits; SEQ: a positive decimal "
				       "integer)", cmd, arg,
				       OSN_BOOT_PREFIX_MIN);
	return cli_usage_error(usage, "%s: SEQ must be a positive decimal "
			       "integer, not '%s'", cmd, arg);
}

/* The distinct boot ids of the stored records. */
struct boots {
	uint8_t (*ids)[OOMSNAP_BOOT_ID_BYTES];
	size_t n, cap;
};

static int collect_boot(struct osn_record *rec, void *arg)
{
	struct boots *b = arg;
	size_t i;

	if (!rec->has_boot_id)
		return 0;
	for (i = 0; i < b->n; i++)
		if (!memcmp(b->ids[i], rec->boot_id, OOMSNAP_BOOT_ID_BYTES))
			return 0;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		void *v = reallocarray(b->ids, cap, sizeof(*b->ids));

		if (!v)
			return -ENOMEM;
		b->ids = v;
		b->cap = cap;
	}
	memcpy(b->ids[b->n++], rec->boot_id, OOMSNAP_BOOT_ID_BYTES);
	return 0;
}

static void print_candidates(const struct osn_ref *ref,
			     const struct boots *b)
{
	char id[OSN_BOOT_ID_STR_LEN];
	size_t i;

	for (i = 0; i < b->n; i++)
		if (osn_ref_matches(ref, b->ids[i]) &&
		    !osn_format_boot_id(b->ids[i], id, sizeof(id)))
			fprintf(stderr, "  %s\n", id);
}

int cli_resolve_ref(struct osn_nl *nl, const struct osn_ref *ref,
		    struct osn_target *t)
{
	struct boots b = { NULL, 0, 0 };
	int err, rc = OSN_EXIT_OK;

	memset(t, 0, sizeof(*t));
	t->has_seq = true;
	t->seq = ref->seq;
	if (!ref->has_boot)
		return OSN_EXIT_OK;
	t->has_boot_id = true;
	if (osn_ref_full_id(ref, t->boot_id))
		return OSN_EXIT_OK;

	err = osn_nl_list(nl, collect_boot, &b);
	if (err) {
		rc = cli_nl_failure(nl, err);
	} else {
		err = osn_resolve_boot(ref, (const void *)b.ids, b.n,
				       t->boot_id);
		if (err == -ENOENT) {
			fprintf(stderr, PROG_NAME ": no stored record is of a "
				"boot whose id starts with '%s' (see: "
				PROG_NAME " list)\n", ref->hex);
			rc = OSN_EXIT_NORECORD;
		} else if (err) {
			fprintf(stderr, PROG_NAME ": boot id prefix '%s' is "
				"ambiguous; give more digits of one of:\n",
				ref->hex);
			print_candidates(ref, &b);
			rc = OSN_EXIT_USAGE;
		}
	}
	free(b.ids);
	return rc;
}

const char *cli_target_name(const struct osn_target *t, char *buf,
			    size_t size)
{
	char id[OSN_BOOT_ID_STR_LEN];

	if (t->has_boot_id && !osn_format_boot_id(t->boot_id, id, sizeof(id)))
		snprintf(buf, size, "%.8s:%" PRIu64, id, t->seq);
	else
		snprintf(buf, size, "%" PRIu64, t->seq);
	return buf;
}
