/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake_kernel.h - a fake oomsnap module for the daemon's tests: defines
 * the nlclient functions oomsnapd calls (so the linker never takes
 * lib/nlclient.o) over a table of records.  Include it in one test file.
 * The module is "loaded" while fake_module_file is NULL or exists; the
 * subscriber's fd is fake_event_fd, and each byte read from it is an
 * event: 'n' a new record, 'l' a new record whose notification was lost
 * (ENOBUFS), 'g' the module went away.  Every ACK checks that the
 * record's archive file is already there.
 */
#ifndef OSN_TEST_FAKE_KERNEL_H
#define OSN_TEST_FAKE_KERNEL_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "facts.h"
#include "fixture.h"

static const uint8_t boot_old[16] = { 0xaa, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
				      11, 12, 13, 14, 15 };
static const uint8_t boot_now[16] = { 0xbb, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
				      11, 12, 13, 14, 15 };

struct krec {
	uint64_t seq;
	const uint8_t *boot;
	bool acked;
	int get_err;		/* what GET returns (0: the record) */
	int gets;		/* GET calls */
};

static struct krec store[64];
static size_t nstore;
static int ack_fail;		/* ACKs to fail with -OSN_ENETLINK */
static int acks;
static struct osn_archive *arch;	/* where ACKed files must be */
static const char *fake_module_file;
static int fake_event_fd = -1;
static bool fake_subscribed;	/* a LIST before it is a bug */

static void add(uint64_t seq, const uint8_t *boot, bool acked, int get_err)
{
	store[nstore++] = (struct krec){ .seq = seq, .boot = boot,
					 .acked = acked, .get_err = get_err };
}

static void make_record(const struct krec *k, struct osn_record *rec)
{
	struct t_snap s = snap_global;
	struct nl_msg *m;

	s.seq = k->seq;
	s.time_ns = 1700000000000000000ULL + k->seq * 1000000000ULL;
	s.boot_bin = k->boot;
	s.earlier_boot = k->boot == boot_old;
	s.acknowledged = k->acked;
	m = fx_summary(&s);
	assert_non_null(m);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), rec), 0);
	nlmsg_free(m);
}

static struct krec *find(const struct osn_target *t)
{
	const uint8_t *boot = t->has_boot_id ? t->boot_id : boot_now;
	size_t i;

	for (i = 0; i < nstore; i++)
		if (store[i].seq == t->seq && !memcmp(store[i].boot, boot, 16))
			return &store[i];
	return NULL;
}

static bool loaded(void)
{
	return !fake_module_file || !access(fake_module_file, F_OK);
}

struct osn_nl *osn_nl_alloc(void) { return calloc(1, 1); }
/* A disconnect frees both clients: subscribe again before a LIST. */
void osn_nl_free(struct osn_nl *nl) { free(nl); fake_subscribed = false; }
int osn_nl_fd(const struct osn_nl *nl) { (void)nl; return fake_event_fd; }
const char *osn_nl_step(const struct osn_nl *nl) { (void)nl; return "test"; }
const char *osn_nl_errmsg(const struct osn_nl *nl) { (void)nl; return "fake"; }

int osn_nl_connect(struct osn_nl *nl)
{
	(void)nl;
	return loaded() ? 0 : -OSN_ENOFAMILY;
}

int osn_nl_subscribe(struct osn_nl *nl)
{
	(void)nl;
	fake_subscribed = true;
	return 0;
}

int osn_nl_status(struct osn_nl *nl, struct osn_status *out)
{
	(void)nl;
	memset(out, 0, sizeof(*out));
	memcpy(out->boot_id, boot_now, 16);
	return 0;
}

/* SET_FACTS: counted, with the last swap total handed in. */
static int facts_handed;
static struct osn_opt facts_swap;
int osn_nl_set_facts(struct osn_nl *nl, const struct osn_facts *f)
{
	(void)nl;
	facts_handed++;
	facts_swap = f->v[OOMSNAP_MEMINFO_A_SWAP_TOTAL];
	return loaded() ? 0 : -OSN_ENOFAMILY;
}

int osn_nl_read_events(struct osn_nl *nl, osn_event_cb cb, void *arg)
{
	char c;
	int err;

	(void)nl;
	while (read(fake_event_fd, &c, 1) == 1) {
		switch (c) {
		case 'n':
			add(store[nstore - 1].seq + 1, boot_now, false, 0);
			err = cb(store[nstore - 1].seq, arg);
			if (err)
				return err;
			break;
		case 'l':
			add(store[nstore - 1].seq + 1, boot_now, false, 0);
			return -OSN_ELOST;
		case 'g':
			return -OSN_ENOFAMILY;
		}
	}
	return 0;
}

/* LIST_BAD as get_err: the summary itself does not decode. */
#define LIST_BAD	(-100000)

int osn_nl_list_tolerant(struct osn_nl *nl, osn_record_cb cb,
			 osn_bad_record_cb bad, void *arg)
{
	struct osn_undecodable u;
	struct osn_record rec;
	size_t i;
	int err;

	(void)nl;
	if (!fake_subscribed)
		fail_msg("LIST before the subscription");
	if (!loaded())
		return -OSN_ENOFAMILY;
	for (i = 0; i < nstore; i++) {
		if (store[i].get_err == LIST_BAD) {
			memset(&u, 0, sizeof(u));
			u.has_seq = true;
			u.seq = store[i].seq;
			u.has_boot_id = true;
			memcpy(u.boot_id, store[i].boot, sizeof(u.boot_id));
			snprintf(u.why, sizeof(u.why), "unknown attribute size");
			err = bad(&u, arg);
		} else {
			make_record(&store[i], &rec);
			err = cb(&rec, arg);
			osn_record_free(&rec);
		}
		if (err)
			return err;
	}
	return 0;
}

int osn_nl_get_record(struct osn_nl *nl, const struct osn_target *t,
		      struct osn_record *out)
{
	struct krec *k = find(t);

	(void)nl;
	if (!k)
		return -OSN_ENORECORD;
	k->gets++;
	if (k->get_err)
		return k->get_err;
	make_record(k, out);
	return 0;
}

int osn_nl_ack(struct osn_nl *nl, const struct osn_target *t,
	       uint32_t *acked)
{
	char name[OSN_ARCHIVE_NAME_LEN], path[256];
	struct osn_record rec;
	struct krec *k;

	(void)nl;
	assert_true(t->has_seq && t->has_boot_id && !t->ack_all);
	k = find(t);
	if (!k)
		return -OSN_ENORECORD;
	/* Crash safety: the file is there before the kernel hears of it. */
	make_record(k, &rec);
	assert_int_equal(osn_archive_name(&rec, name, sizeof(name)), 0);
	osn_record_free(&rec);
	snprintf(path, sizeof(path), "%s/%s", osn_archive_path(arch), name);
	if (access(path, F_OK))
		fail_msg("ACK of %s before its file was written", name);
	if (ack_fail) {
		ack_fail--;
		return -OSN_ENETLINK;
	}
	acks++;
	*acked = !k->acked;
	k->acked = true;
	return 0;
}

#endif /* OSN_TEST_FAKE_KERNEL_H */
