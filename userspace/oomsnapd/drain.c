// SPDX-License-Identifier: GPL-2.0
/*
 * drain.c - the heart of oomsnapd: LIST the records the kernel holds, and
 * for each one not acknowledged (of any boot) GET it whole, write it to
 * the archive durably, and only then ACK it.  A crash at any instant
 * leaves the record unacknowledged in the kernel, so the next run writes
 * the same file again (its name comes from the record alone): never a
 * lost record, never a second file.  When a write fails nothing more is
 * acknowledged until one succeeds.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "format.h"
#include "notify.h"

#define GET_TRIES	5	/* a record overwritten while read */

struct pending {
	struct osnd_id *v;
	size_t n, cap;
	struct osnd *d;
};

const char *osnd_id_name(const struct osnd_id *id, char *buf, size_t size)
{
	if (id->has_boot_id)
		snprintf(buf, size, "%02x%02x%02x%02x:%" PRIu64, id->boot_id[0],
			 id->boot_id[1], id->boot_id[2], id->boot_id[3],
			 id->seq);
	else
		snprintf(buf, size, "%" PRIu64, id->seq);
	return buf;
}

static int collect(struct osn_record *rec, void *arg)
{
	struct pending *p = arg;
	struct osnd_id *v;

	if (rec->acknowledged)
		return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 64;
		v = reallocarray(p->v, p->cap, sizeof(*v));
		if (!v)
			return -ENOMEM;
		p->v = v;
	}
	v = &p->v[p->n++];
	v->seq = rec->seq;
	v->has_boot_id = rec->has_boot_id;
	memcpy(v->boot_id, rec->boot_id, sizeof(v->boot_id));
	return 0;
}

static bool same_id(const struct osnd_id *a, const struct osnd_id *b)
{
	return a->seq == b->seq && a->has_boot_id == b->has_boot_id &&
	       !memcmp(a->boot_id, b->boot_id, sizeof(a->boot_id));
}

/* Count an undecodable record once, however often it is listed. */
static void undecodable(struct osnd *d, const struct osnd_id *id,
			const char *why)
{
	unsigned long held = 0;
	struct osnd_id *v;
	char name[64];
	size_t i;

	for (i = 0; i < d->nbad; i++)
		if (same_id(&d->bad[i], id))
			return;
	if (d->nbad == d->capbad) {
		d->capbad = d->capbad ? d->capbad * 2 : 16;
		v = reallocarray(d->bad, d->capbad, sizeof(*v));
		if (!v)
			return;
		d->bad = v;
	}
	d->bad[d->nbad++] = *id;
	d->st.undecodable++;
	d->dirty = true;
	if (osnd_ratelimit_ok(&d->decode_rl, osnd_now_mono(), &held))
		osnd_log(LOG_ERR, "record %s cannot be decoded (%s); it is "
			 "left in the kernel, not acknowledged (the module and "
			 "oomsnapd may be from different versions)%s",
			 osnd_id_name(id, name, sizeof(name)),
			 why ? why : osn_nl_errmsg(d->req), held ? "; more such records "
			 "were not logged" : "");
}

static bool stop_pending(const struct osnd *d)
{
	sigset_t set;
	int sig;

	if (!d->stop_signals || sigpending(&set))
		return false;
	for (sig = 1; sig < NSIG; sig++)
		if (sigismember(d->stop_signals, sig) == 1 &&
		    sigismember(&set, sig) == 1)
			return true;
	return false;
}

static int ack(struct osnd *d, const struct osnd_id *id,
	       const struct osn_record *rec)
{
	struct osn_target t = { .has_seq = true, .seq = id->seq,
				.has_boot_id = true };
	uint32_t acked = 0;
	char name[64];
	int err;

	if (rec->has_boot_id)
		memcpy(t.boot_id, rec->boot_id, sizeof(t.boot_id));
	else if (d->have_boot_id)
		memcpy(t.boot_id, d->boot_id, sizeof(t.boot_id));
	else
		return 0;	/* an old module: no ACK without a boot id */
	err = osn_nl_ack(d->req, &t, &acked);
	if (err == -OSN_ENORECORD || err == -OSN_EUNSUPPORTED) {
		if (osnd_ratelimit_ok(&d->nl_rl, osnd_now_mono(), NULL))
			osnd_log(LOG_WARNING, "record %s is archived but the "
				 "ACK failed (%s: %s)",
				 osnd_id_name(id, name, sizeof(name)),
				 osn_nl_step(d->req), osn_nl_errmsg(d->req));
		return 0;
	}
	if (err)
		return err;
	d->st.acked += acked;
	if (d->st.pending)
		d->st.pending--;
	d->dirty = true;
	return 0;
}

/* One record: 0 (done, gone, or skipped), -EAGAIN (archive failing), or
 * a netlink failure. */
static int archive_one(struct osnd *d, const struct osnd_id *id)
{
	struct osn_target t = { .has_seq = true, .seq = id->seq,
				.has_boot_id = id->has_boot_id };
	char fname[OSN_ARCHIVE_NAME_LEN], name[64];
	struct osn_record rec;
	int err, i;

	memcpy(t.boot_id, id->boot_id, sizeof(t.boot_id));
	for (i = 0; i < GET_TRIES; i++) {
		memset(&rec, 0, sizeof(rec));
		err = osn_nl_get_record(d->req, &t, &rec);
		if (err != -OSN_EOVERWRITTEN)
			break;
	}
	if (err == -OSN_EOVERWRITTEN) {
		osnd_log(LOG_WARNING, "record %s was overwritten %d times while "
			 "being read; trying again at the next pass",
			 osnd_id_name(id, name, sizeof(name)), GET_TRIES);
		return 0;
	}
	if (err == -OSN_ENORECORD) {
		d->st.gone++;
		d->dirty = true;
		osnd_log(LOG_WARNING, "record %s is gone from the kernel before "
			 "it could be archived (overwritten, or acknowledged "
			 "by someone else)", osnd_id_name(id, name, sizeof(name)));
		return 0;
	}
	if (err == -OSN_EDECODE) {
		undecodable(d, id, NULL);
		return 0;
	}
	if (err)
		return err;

	err = osn_archive_write(d->archive, &rec, fname, sizeof(fname));
	if (err) {
		if (osn_archive_name(&rec, fname, sizeof(fname)))
			snprintf(fname, sizeof(fname), "%s",
				 osnd_id_name(id, name, sizeof(name)));
		osnd_archive_failed(d, err, fname);
		osn_record_free(&rec);
		return -EAGAIN;
	}
	osnd_archive_ok(d);
	d->st.archived++;
	d->dirty = true;
	osnd_log(LOG_INFO, "archived record %s as %s",
		 osnd_id_name(id, name, sizeof(name)), fname);
	/* Only now: the file is on disk, the folder entry too. */
	err = ack(d, id, &rec);
	osn_record_free(&rec);
	return err;
}

/* A LIST entry that does not decode: count it (once) and go on. */
static int list_bad(const struct osn_undecodable *u, void *arg)
{
	struct pending *p = arg;
	struct osnd_id id = { .seq = u->seq, .has_boot_id = u->has_boot_id };

	memcpy(id.boot_id, u->boot_id, sizeof(id.boot_id));
	if (u->has_seq) {
		undecodable(p->d, &id, u->why);
	} else if (osnd_ratelimit_ok(&p->d->decode_rl, osnd_now_mono(), NULL)) {
		osnd_log(LOG_ERR, "a record in the kernel's list cannot be "
			 "decoded, not even its sequence number (%s); it is "
			 "left in the kernel (the module and oomsnapd may be "
			 "from different versions)", u->why);
	}
	return 0;
}

int osnd_drain(struct osnd *d)
{
	struct pending p = { NULL, 0, 0, d };
	size_t i;
	int err;

	/* One summary that does not decode must not stop the others. */
	err = osn_nl_list_tolerant(d->req, collect, list_bad, &p);
	if (err) {
		free(p.v);
		return err;
	}
	if (d->st.pending != p.n) {
		d->st.pending = p.n;
		d->dirty = true;
	}
	err = 0;
	for (i = 0; i < p.n && !err; i++) {
		if (stop_pending(d))
			break;
		err = archive_one(d, &p.v[i]);
		osnd_publish(d);
		osnd_watchdog_kick();	/* a long backlog is not a hang */
	}
	free(p.v);
	if (err == -EAGAIN)
		return 0;
	return err;
}
