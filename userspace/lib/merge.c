// SPDX-License-Identifier: GPL-2.0
/*
 * merge.c - one list of records from the kernel's LIST and the archive:
 * everything is added, then sorted by (boot id, seq) so that the copies
 * of one record are neighbours and become one item, then sorted by kill
 * time.  Pure; never prints.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "merge.h"

static struct osn_merge_item *new_item(struct osn_merge *m)
{
	struct osn_merge_item *it;

	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		void *v = reallocarray(m->v, cap, sizeof(*m->v));

		if (!v)
			return NULL;
		m->v = v;
		m->cap = cap;
	}
	it = &m->v[m->n];
	memset(it, 0, sizeof(*it));
	it->added = m->n++;
	return it;
}

static void set_file(struct osn_merge_item *it, const char *file)
{
	if (file)
		snprintf(it->archive_file, sizeof(it->archive_file), "%s",
			 file);
}

int osn_merge_add(struct osn_merge *m, struct osn_record *rec,
		  unsigned int source, const char *file)
{
	struct osn_merge_item *it = new_item(m);

	if (!it)
		return -ENOMEM;
	it->has_boot_id = rec->has_boot_id;
	memcpy(it->boot_id, rec->boot_id, sizeof(it->boot_id));
	it->seq = rec->seq;
	it->time_ns = rec->time_ns;
	it->earlier_boot = rec->earlier_boot;
	it->source = source;
	if (source == OSN_SOURCE_ARCHIVE)
		set_file(it, file);
	it->has_rec = true;
	it->rec_source = source;
	osn_record_move(&it->rec, rec);
	return 0;
}

int osn_merge_add_entry(struct osn_merge *m,
			const struct osn_archive_entry *e, bool earlier_boot)
{
	static const uint8_t zero[OOMSNAP_BOOT_ID_BYTES];
	struct osn_merge_item *it = new_item(m);

	if (!it)
		return -ENOMEM;
	/* archive.h: all zeros in the name for a record without one */
	it->has_boot_id = memcmp(e->boot_id, zero, sizeof(zero)) != 0;
	memcpy(it->boot_id, e->boot_id, sizeof(it->boot_id));
	it->seq = e->seq;
	it->time_ns = e->time_ns;
	it->earlier_boot = earlier_boot;
	it->source = OSN_SOURCE_ARCHIVE;
	set_file(it, e->name);
	return 0;
}

int osn_merge_add_bad(struct osn_merge *m, const struct osn_merge_bad *b)
{
	if (m->nbad == m->cap_bad) {
		size_t cap = m->cap_bad ? m->cap_bad * 2 : 8;
		void *v = reallocarray(m->bad, cap, sizeof(*m->bad));

		if (!v)
			return -ENOMEM;
		m->bad = v;
		m->cap_bad = cap;
	}
	m->bad[m->nbad++] = *b;
	return 0;
}

static int cmp_key(const struct osn_merge_item *a,
		   const struct osn_merge_item *b)
{
	int c;

	if (a->has_boot_id != b->has_boot_id)
		return a->has_boot_id ? 1 : -1;
	c = a->has_boot_id ? memcmp(a->boot_id, b->boot_id,
				    sizeof(a->boot_id)) : 0;
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int cmp_by_key(const void *x, const void *y)
{
	const struct osn_merge_item *a = x, *b = y;
	int c = cmp_key(a, b);

	if (c)
		return c;
	return a->added < b->added ? -1 : a->added > b->added;
}

static int cmp_by_time(const void *x, const void *y)
{
	const struct osn_merge_item *a = x, *b = y;

	if (a->time_ns != b->time_ns)
		return a->time_ns < b->time_ns ? -1 : 1;
	return cmp_key(a, b);
}

/* Fold the copies v[1..n-1] of one record into v[0]. */
static void fold(struct osn_merge_item *v, size_t n)
{
	struct osn_merge_item *keep = NULL;
	unsigned int source = 0;
	char file[OSN_ARCHIVE_NAME_LEN] = "";
	size_t i;

	for (i = 0; i < n; i++) {
		source |= v[i].source;
		if (!file[0] && v[i].archive_file[0])
			memcpy(file, v[i].archive_file, sizeof(file));
		/* The kernel's copy, else the first with a record. */
		if (!keep || (v[i].has_rec &&
			      (!keep->has_rec ||
			       (v[i].rec_source == OSN_SOURCE_KERNEL &&
				keep->rec_source != OSN_SOURCE_KERNEL))))
			keep = &v[i];
	}
	if (keep != &v[0]) {
		struct osn_merge_item t = v[0];

		v[0] = *keep;
		*keep = t;
	}
	for (i = 1; i < n; i++)
		osn_record_free(&v[i].rec);
	v[0].source = source;
	memcpy(v[0].archive_file, file, sizeof(file));
}

void osn_merge_finish(struct osn_merge *m)
{
	size_t i, j, out = 0;

	if (!m->n)
		return;
	qsort(m->v, m->n, sizeof(*m->v), cmp_by_key);
	for (i = 0; i < m->n; i = j) {
		for (j = i + 1; j < m->n && !cmp_key(&m->v[i], &m->v[j]); j++)
			;
		fold(&m->v[i], j - i);
		if (out != i)
			m->v[out] = m->v[i];
		out++;
	}
	m->n = out;
	qsort(m->v, m->n, sizeof(*m->v), cmp_by_time);
}

const struct osn_merge_item *osn_merge_newest(const struct osn_merge *m)
{
	return m->n ? &m->v[m->n - 1] : NULL;
}

const struct osn_merge_item *osn_merge_find(const struct osn_merge *m,
					    const uint8_t *boot_id,
					    uint64_t seq)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		const struct osn_merge_item *it = &m->v[i];

		if (it->seq == seq && it->has_boot_id == (boot_id != NULL) &&
		    (!boot_id || !memcmp(it->boot_id, boot_id,
					 sizeof(it->boot_id))))
			return it;
	}
	return NULL;
}

const char *osn_source_name(unsigned int source)
{
	switch (source) {
	case OSN_SOURCE_KERNEL:
		return "kernel";
	case OSN_SOURCE_ARCHIVE:
		return "archive";
	case OSN_SOURCE_KERNEL | OSN_SOURCE_ARCHIVE:
		return "kernel+archive";
	default:
		return "-";
	}
}

const char *osn_source_short(unsigned int source)
{
	return source == (OSN_SOURCE_KERNEL | OSN_SOURCE_ARCHIVE) ? "both" :
	       osn_source_name(source);
}

void osn_merge_free(struct osn_merge *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		osn_record_free(&m->v[i].rec);
	free(m->v);
	free(m->bad);
	memset(m, 0, sizeof(*m));
}
