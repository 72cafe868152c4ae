// SPDX-License-Identifier: GPL-2.0
/*
 * cli_sources.c - the records of the kernel and of the archive, read
 * together for list, show and watch: LIST (tolerant: a record that does not
 * decode is named, not fatal) and the archive's files (read, or by name
 * only), merged by lib/merge.c; and one whole record fetched from where it
 * is held.  The module may be missing when there is an archive: a note,
 * not an error.  Prints its errors and notes (one place, so that every
 * command says the same thing).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "format.h"
#include "record_json.h"

const char *cli_archive_file(const struct cli_sources *s, const char *name,
			     char *buf, size_t size)
{
	snprintf(buf, size, "%s/%s", s->ar ? osn_archive_path(s->ar) : "?",
		 name);
	return buf;
}

static int on_record(struct osn_record *rec, void *arg)
{
	struct cli_sources *s = arg;

	return osn_merge_add(&s->m, rec, OSN_SOURCE_KERNEL, NULL);
}

static int on_bad(const struct osn_undecodable *u, void *arg)
{
	struct cli_sources *s = arg;
	struct osn_merge_bad b = {
		.source = OSN_SOURCE_KERNEL,
		.has_seq = u->has_seq, .seq = u->seq,
		.has_boot_id = u->has_boot_id,
	};

	memcpy(b.boot_id, u->boot_id, sizeof(b.boot_id));
	snprintf(b.why, sizeof(b.why), "%s", u->why);
	return osn_merge_add_bad(&s->m, &b);
}

static const char *archive_dir(void)
{
	static char buf[4096];

	snprintf(buf, sizeof(buf), "%s/" OSN_ARCHIVE_SUBDIR,
		 cli_state_dir ? cli_state_dir : OSN_STATE_DIR_DEFAULT);
	return buf;
}

static int archive_error(const char *what, int err)
{
	bool perm = err == -EACCES || err == -EPERM;

	fprintf(stderr, PROG_NAME ": failed to %s the archive %s: %s; %s\n",
		what, archive_dir(), strerror(-err), perm ?
		"run as root, or name a readable copy with --state-dir DIR" :
		"check that folder, or name another with --state-dir DIR");
	return perm ? OSN_EXIT_UNAVAILABLE : OSN_EXIT_FAILURE;
}

/* The kernel's records into s->m; s->nl stays NULL when they are not read. */
static int gather_kernel(struct cli_sources *s)
{
	struct osn_nl *nl = osn_nl_alloc();
	int err, rc;

	if (!nl) {
		fprintf(stderr, PROG_NAME ": failed to allocate the netlink "
			"client: %s\n", strerror(ENOMEM));
		return OSN_EXIT_FAILURE;
	}
	err = osn_nl_connect(nl);
	if (!err)
		err = osn_nl_list_tolerant(nl, on_record, on_bad, s);
	if (!err) {
		s->nl = nl;
		return OSN_EXIT_OK;
	}
	if (s->ar && err == -OSN_ENOFAMILY) {
		fprintf(stderr, PROG_NAME ": note: %s: showing the archive "
			"%s alone\n", cli_family_hidden() ?
			"the kernel module's netlink family is not visible "
			"from this network namespace" :
			"the kernel module is not loaded",
			osn_archive_path(s->ar));
		rc = OSN_EXIT_OK;
	} else if (s->ar && err == -EPERM) {
		fprintf(stderr, PROG_NAME ": note: the kernel's records were "
			"not read (that needs CAP_NET_ADMIN: run as root): "
			"showing the archive %s alone\n",
			osn_archive_path(s->ar));
		rc = OSN_EXIT_OK;
	} else {
		rc = cli_nl_failure(nl, err);
	}
	osn_nl_free(nl);
	return rc;
}

static int gather_archive(struct cli_sources *s, unsigned int flags)
{
	static const uint8_t zero[OOMSNAP_BOOT_ID_BYTES];
	struct osn_archive_entry *ents = NULL;
	struct osn_record rec;
	size_t i, n = 0;
	const char *why;
	int err = osn_archive_scan(s->ar, &ents, &n, NULL);

	if (err)
		return archive_error("read", err);
	for (i = 0; i < n && !err; i++) {
		const struct osn_archive_entry *e = &ents[i];
		struct osn_merge_bad b = { .source = OSN_SOURCE_ARCHIVE };

		if (!(flags & CLI_SRC_READ)) {
			bool has_boot = memcmp(e->boot_id, zero, sizeof(zero));

			err = osn_merge_add_entry(&s->m, e, has_boot &&
				(!s->have_boot ||
				 memcmp(e->boot_id, s->boot, sizeof(s->boot))));
			continue;
		}
		why = NULL;
		err = osn_archive_read(s->ar, e->name, &rec, &why);
		if (err == -ENOENT) {
			/* removed since the scan (the daemon's retention) */
			err = 0;
			continue;
		}
		if (!err) {
			/* list shows summaries: the task table is not kept */
			free(rec.tasks);
			rec.tasks = NULL;
			rec.nr_tasks = 0;
			rec.has_tables = false;
			err = osn_merge_add(&s->m, &rec, OSN_SOURCE_ARCHIVE,
					    e->name);
			if (err)
				osn_record_free(&rec);
			continue;
		}
		if (err == -ENOMEM)
			break;
		b.has_seq = true;
		b.seq = e->seq;
		b.has_boot_id = memcmp(e->boot_id, zero, sizeof(zero)) != 0;
		memcpy(b.boot_id, e->boot_id, sizeof(b.boot_id));
		snprintf(b.archive_file, sizeof(b.archive_file), "%s", e->name);
		snprintf(b.why, sizeof(b.why), "%s",
			 why ? why : strerror(-err));
		err = osn_merge_add_bad(&s->m, &b);
	}
	free(ents);
	if (err) {
		fprintf(stderr, PROG_NAME ": failed to read the archive: %s\n",
			strerror(-err));
		return OSN_EXIT_FAILURE;
	}
	return OSN_EXIT_OK;
}

int cli_sources_gather(struct cli_sources *s, unsigned int flags)
{
	int err, rc;

	memset(s, 0, sizeof(*s));
	s->have_boot = !osn_current_boot_id(s->boot);
	err = osn_archive_open(cli_state_dir, false, &s->ar);
	if ((err == -ENOENT || err == -ENOTDIR) && cli_state_dir) {
		/* asked for by name: a missing archive is not "none yet" */
		fprintf(stderr, PROG_NAME ": no archive in %s (no folder %s/"
			OSN_ARCHIVE_SUBDIR "): check the --state-dir folder\n",
			cli_state_dir, cli_state_dir);
		return OSN_EXIT_UNAVAILABLE;
	} else if (err == -ENOENT || err == -ENOTDIR) {
		s->ar = NULL;
	} else if (err) {
		s->ar = NULL;
		return archive_error("open", err);
	}
	rc = gather_kernel(s);
	if (!rc && s->ar)
		rc = gather_archive(s, flags);
	if (rc) {
		cli_sources_free(s);
		return rc;
	}
	osn_merge_finish(&s->m);
	return OSN_EXIT_OK;
}

void cli_sources_free(struct cli_sources *s)
{
	osn_merge_free(&s->m);
	osn_nl_free(s->nl);
	osn_archive_close(s->ar);
	memset(s, 0, sizeof(*s));
}

/* "BOOT8:SEQ" or "SEQ" of what is known of a bad entry. */
static const char *bad_name(const struct osn_merge_bad *b, char *buf,
			    size_t size)
{
	char id[OSN_BOOT_ID_STR_LEN];

	if (!b->has_seq)
		snprintf(buf, size, "(sequence number unknown)");
	else if (b->has_boot_id &&
		 !osn_format_boot_id(b->boot_id, id, sizeof(id)))
		snprintf(buf, size, "%.8s:%" PRIu64, id, b->seq);
	else
		snprintf(buf, size, "%" PRIu64, b->seq);
	return buf;
}

void cli_sources_report_bad(const struct cli_sources *s)
{
	char name[64], path[4096];
	size_t i;

	for (i = 0; i < s->m.nbad; i++) {
		const struct osn_merge_bad *b = &s->m.bad[i];

		if (b->source == OSN_SOURCE_KERNEL)
			fprintf(stderr, PROG_NAME ": record %s held by the "
				"kernel could not be decoded (%s), so it is "
				"left out; the module is probably newer than "
				"this CLI: upgrade oomsnap\n",
				bad_name(b, name, sizeof(name)), b->why);
		else
			fprintf(stderr, PROG_NAME ": archive file %s could "
				"not be decoded (%s), so record %s is left "
				"out; if it was written by a newer oomsnapd, "
				"upgrade oomsnap, else the file is damaged\n",
				cli_archive_file(s, b->archive_file, path,
						 sizeof(path)),
				b->why, bad_name(b, name, sizeof(name)));
	}
}

static int read_archived(struct cli_sources *s, struct osn_merge_item *it,
			 struct osn_record *out)
{
	char path[4096];
	const char *why = NULL;
	int err;

	/* Read whole (the merge may hold it without its task table). */
	err = osn_archive_read(s->ar, it->archive_file, out, &why);
	if (!err)
		return OSN_EXIT_OK;
	cli_archive_file(s, it->archive_file, path, sizeof(path));
	if (err == -ENOENT) {
		fprintf(stderr, PROG_NAME ": archive file %s was removed "
			"while it was being read (oomsnapd's retention); run "
			"the command again\n", path);
		return OSN_EXIT_NORECORD;
	}
	if (err == -EINVAL)
		fprintf(stderr, PROG_NAME ": archive file %s could not be "
			"decoded (%s); if it was written by a newer oomsnapd, "
			"upgrade oomsnap, else the file is damaged\n", path,
			why ? why : "?");
	else
		fprintf(stderr, PROG_NAME ": failed to read archive file %s: "
			"%s\n", path, strerror(-err));
	return err == -EACCES || err == -EPERM ? OSN_EXIT_UNAVAILABLE :
	       OSN_EXIT_FAILURE;
}

int cli_sources_fetch(struct cli_sources *s, struct osn_merge_item *it,
		      struct osn_record *out, unsigned int *from)
{
	struct osn_target t = { .has_seq = true, .seq = it->seq };
	bool archived = (it->source & OSN_SOURCE_ARCHIVE) && s->ar;
	int err;

	if ((it->source & OSN_SOURCE_KERNEL) && s->nl) {
		t.has_boot_id = it->has_boot_id;
		memcpy(t.boot_id, it->boot_id, sizeof(t.boot_id));
		err = osn_nl_get_record(s->nl, &t, out);
		if (!err) {
			*from = OSN_SOURCE_KERNEL;
			return OSN_EXIT_OK;
		}
		/*
		 * Acknowledged and reused, or overwritten, meanwhile; or a
		 * copy this CLI cannot decode: the archived one will do.
		 */
		if (archived && err == -OSN_EDECODE)
			fprintf(stderr, PROG_NAME ": note: the kernel's copy "
				"could not be decoded (%s); showing the "
				"archived one\n", osn_nl_errmsg(s->nl));
		if (!archived || (err != -OSN_ENORECORD &&
				  err != -OSN_EOVERWRITTEN &&
				  err != -OSN_EDECODE)) {
			if (err == -OSN_ENORECORD) {
				char name[64];

				fprintf(stderr, PROG_NAME ": record %s is no "
					"longer held by the kernel "
					"(acknowledged or overwritten); run "
					"the command again\n",
					cli_target_name(&t, name,
							sizeof(name)));
				return OSN_EXIT_NORECORD;
			}
			return cli_nl_failure(s->nl, err);
		}
	}
	if (!archived) {
		fprintf(stderr, PROG_NAME ": the record is in neither the "
			"kernel nor the archive any more; run the command "
			"again\n");
		return OSN_EXIT_NORECORD;
	}
	*from = OSN_SOURCE_ARCHIVE;
	return read_archived(s, it, out);
}
