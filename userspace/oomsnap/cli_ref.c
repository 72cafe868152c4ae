// SPDX-License-Identifier: GPL-2.0
/*
 * cli_ref.c - the SEQ|BOOT:SEQ argument of `show` and `ack`: parse it,
 * resolve a boot id prefix against the boot ids of the stored records
 * (LIST; for show, those of the kernel and the archive together), and
 * name a record in messages.  Prints its errors (one place, so
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

static int add_boot(struct boots *b, const uint8_t *id)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (!memcmp(b->ids[i], id, OOMSNAP_BOOT_ID_BYTES))
			return 0;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		void *v = reallocarray(b->ids, cap, sizeof(*b->ids));

		if (!v)
			return -ENOMEM;
		b->ids = v;
		b->cap = cap;
	}
	memcpy(b->ids[b->n++], id, OOMSNAP_BOOT_ID_BYTES);
	return 0;
}

static int collect_boot(struct osn_record *rec, void *arg)
{
	return rec->has_boot_id ? add_boot(arg, rec->boot_id) : 0;
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

/* The bad entry of boot (NULL: none) and seq, if one is. */
static const struct osn_merge_bad *find_bad(const struct osn_merge *m,
					    const uint8_t *boot, uint64_t seq)
{
	size_t i;

	for (i = 0; i < m->nbad; i++) {
		const struct osn_merge_bad *b = &m->bad[i];

		if (b->has_seq && b->seq == seq &&
		    b->has_boot_id == (boot != NULL) &&
		    (!boot || !memcmp(b->boot_id, boot, sizeof(b->boot_id))))
			return b;
	}
	return NULL;
}

/* The boot id ref's prefix names among the merged records, into id. */
static int resolve_prefix(const struct osn_merge *m,
			  const struct osn_ref *ref, uint8_t *id)
{
	struct boots b = { NULL, 0, 0 };
	size_t i;
	int err = 0, rc = OSN_EXIT_OK;

	for (i = 0; i < m->n && !err; i++)
		if (m->v[i].has_boot_id)
			err = add_boot(&b, m->v[i].boot_id);
	for (i = 0; i < m->nbad && !err; i++)
		if (m->bad[i].has_boot_id)
			err = add_boot(&b, m->bad[i].boot_id);
	if (!err)
		err = osn_resolve_boot(ref, (const void *)b.ids, b.n, id);
	if (err == -ENOENT) {
		fprintf(stderr, PROG_NAME ": no record, held or archived, is "
			"of a boot whose id starts with '%s' (see: " PROG_NAME
			" list)\n", ref->hex);
		rc = OSN_EXIT_NORECORD;
	} else if (err == -EEXIST) {
		fprintf(stderr, PROG_NAME ": boot id prefix '%s' is "
			"ambiguous; give more digits of one of:\n", ref->hex);
		print_candidates(ref, &b);
		rc = OSN_EXIT_USAGE;
	} else if (err) {
		fprintf(stderr, PROG_NAME ": failed to resolve the boot id "
			"prefix: %s\n", strerror(-err));
		rc = OSN_EXIT_FAILURE;
	}
	free(b.ids);
	return rc;
}

struct osn_merge_item *cli_resolve_merged(struct cli_sources *s,
					  const struct osn_ref *ref, int *rc)
{
	const struct osn_merge_item *it = NULL;
	const struct osn_merge_bad *bad;
	struct osn_target t = { .has_seq = true, .seq = ref->seq };
	const uint8_t *boot = NULL;
	char name[64];

	*rc = OSN_EXIT_OK;
	if (!ref->has_boot) {
		/* The current boot; a module too old to send boot ids too. */
		if (s->have_boot) {
			boot = s->boot;
			it = osn_merge_find(&s->m, boot, ref->seq);
		}
		if (!it && osn_merge_find(&s->m, NULL, ref->seq)) {
			boot = NULL;
			it = osn_merge_find(&s->m, NULL, ref->seq);
		}
	} else {
		if (!osn_ref_full_id(ref, t.boot_id)) {
			*rc = resolve_prefix(&s->m, ref, t.boot_id);
			if (*rc)
				return NULL;
		}
		t.has_boot_id = true;
		boot = t.boot_id;
		it = osn_merge_find(&s->m, boot, ref->seq);
	}
	if (it)
		return (struct osn_merge_item *)it;

	cli_target_name(&t, name, sizeof(name));
	if (!ref->has_boot && s->have_boot) {
		t.has_boot_id = true;
		memcpy(t.boot_id, s->boot, sizeof(t.boot_id));
	}
	bad = find_bad(&s->m, t.has_boot_id ? t.boot_id : NULL, ref->seq);
	if (bad) {
		cli_sources_report_bad(&(struct cli_sources){
			.ar = s->ar,
			.m = { .bad = (struct osn_merge_bad *)bad, .nbad = 1 },
		});
		*rc = OSN_EXIT_FAILURE;
		return NULL;
	}
	fprintf(stderr, PROG_NAME ": no record %s%s, held by the kernel or "
		"archived (see: " PROG_NAME " list)\n", name,
		ref->has_boot ? "" : " of the current boot");
	*rc = OSN_EXIT_NORECORD;
	return NULL;
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
