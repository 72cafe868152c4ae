// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_watch.c - `oomsnap watch [--json] [--backlog] [--state-dir DIR]`:
 * print each OOM kill as the module records it; with --backlog, every
 * record already held (by the kernel, and in the archive) first.  One socket subscribes to the records multicast
 * group (and to nlctrl's notifications, to see the module go away);
 * another fetches each new record with a GET dump.  Text: one `list` line
 * per record; --json: one compact JSON object per line (JSON Lines), the
 * whole record.  stdout is flushed after each record.  When notifications
 * are lost (socket buffer full), LIST catches up.  The backlog is listed
 * after subscribing, so that a kill in between is in the list or arrives
 * as a notification (or both: a record of this boot is printed once, by
 * its seq).  Runs until SIGINT or
 * SIGTERM (exit 0) or until the module goes away (exit 2).
 */
#define _GNU_SOURCE		/* ppoll() */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "render_json.h"
#include "render_text.h"

static const char usage[] =
	"usage: " PROG_NAME " watch [--json] [--backlog] [--state-dir DIR]\n";

static const char help[] =
	"\n"
	"Wait for OOM kills and print each one as the module records it: a\n"
	"line as in '" PROG_NAME " list' (the header first), or with --json\n"
	"the whole record as one JSON object per line (JSON Lines).  Only\n"
	"kills of the current boot recorded after the start are printed,\n"
	"unless --backlog asks for every record held first.\n"
	"Runs until interrupted (SIGINT, SIGTERM: exit status 0) or until the\n"
	"module is unloaded (exit status 2).\n"
	"\n"
	"  --json           print JSON Lines\n"
	"  --backlog        first print every record the kernel holds and\n"
	"                   every archived one (any boot), oldest first\n"
	"  --state-dir DIR  the archive for --backlog is DIR/records\n"
	"                   (default " OSN_STATE_DIR_DEFAULT ")\n"
	"  -h, --help       show this help\n";

/* Returned through the library when w->rc holds the exit status. */
#define STOP	(-ECANCELED)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

struct watch {
	struct osn_nl *sub;	/* the subscription */
	struct osn_nl *req;	/* LIST and GET */
	bool json;
	bool header_done;
	uint64_t last;		/* highest seq of this boot printed or seen */
	int rc;			/* exit status when STOP */
};

static int module_gone(struct watch *w)
{
	fprintf(stderr, PROG_NAME ": watch: the kernel module went away "
		"(generic netlink family '%s' unregistered); stopping\n",
		OOMSNAP_GENL_NAME);
	w->rc = OSN_EXIT_UNAVAILABLE;
	return STOP;
}

static int fail(struct watch *w, struct osn_nl *nl, int err)
{
	if (err == -OSN_ENOFAMILY)
		return module_gone(w);
	w->rc = cli_nl_failure(nl, err);
	return STOP;
}

static int print_record(struct watch *w, const struct osn_record *rec)
{
	struct json_object *o;
	int bad;

	if (w->json) {
		o = osn_record_to_json(rec);
		if (!o) {
			fprintf(stderr, PROG_NAME ": failed to build the JSON "
				"output: out of memory\n");
			w->rc = OSN_EXIT_FAILURE;
			return STOP;
		}
		bad = puts(json_object_to_json_string_ext(o,
				JSON_C_TO_STRING_PLAIN |
				JSON_C_TO_STRING_NOSLASHESCAPE)) < 0;
		json_object_put(o);
	} else {
		bad = (!w->header_done && osn_text_list_header(stdout)) ||
		      osn_text_list_line(stdout, rec);
		w->header_done = true;
	}
	if (bad || fflush(stdout)) {
		w->rc = OSN_EXIT_OUTPUT;
		return STOP;
	}
	return 0;
}

/* Fetch record seq of the current boot and print it, unless seen. */
static int fetch(struct watch *w, uint64_t seq)
{
	struct osn_target t = { .has_seq = true, .seq = seq };
	struct osn_record rec = { .seq = 0 };
	int err, rc;

	if (seq <= w->last)
		return 0;
	err = osn_nl_get_record(w->req, &t, &rec);
	if (err == -OSN_ENORECORD || err == -OSN_EOVERWRITTEN) {
		err = osn_nl_check_family(w->req);
		if (err)
			return fail(w, w->req, err);
		fprintf(stderr, PROG_NAME ": watch: record %" PRIu64 " is "
			"already gone (overwritten or acknowledged)\n", seq);
		w->last = seq;
		return 0;
	}
	if (err)
		return fail(w, w->req, err);
	rc = print_record(w, &rec);
	osn_record_free(&rec);
	if (!rc)
		w->last = seq;
	return rc;
}

static int on_event(uint64_t seq, void *arg)
{
	return fetch(arg, seq);
}

/* The sequence numbers of the current boot's records, as LIST gives. */
struct seqs {
	uint64_t *v;
	size_t n, cap;
};

static int collect_seq(struct osn_record *rec, void *arg)
{
	struct seqs *s = arg;

	if (rec->earlier_boot)
		return 0;
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		uint64_t *v = reallocarray(s->v, cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	s->v[s->n++] = rec->seq;
	return 0;
}

static int list_seqs(struct watch *w, struct seqs *s)
{
	int err = osn_nl_list(w->req, collect_seq, s);

	if (err) {
		free(s->v);
		s->v = NULL;
		return fail(w, w->req, err);
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Notifications were lost: print what LIST has beyond the last one. */
static int catch_up(struct watch *w)
{
	struct seqs s = { NULL, 0, 0 };
	size_t i;
	int err;

	fprintf(stderr, PROG_NAME ": watch: notifications were lost (the "
		"socket buffer was full); catching up from the record list\n");
	err = list_seqs(w, &s);
	if (err)
		return err;
	qsort(s.v, s.n, sizeof(*s.v), cmp_u64);
	for (i = 0; i < s.n && !err; i++)
		err = fetch(w, s.v[i]);
	free(s.v);
	return err;
}

/* Records already stored at the start are not printed. */
static int baseline(struct watch *w)
{
	struct seqs s = { NULL, 0, 0 };
	size_t i;
	int err = list_seqs(w, &s);

	if (err)
		return err;
	for (i = 0; i < s.n; i++)
		if (s.v[i] > w->last)
			w->last = s.v[i];
	free(s.v);
	return 0;
}

/*
 * Every record held, oldest first: the kernel's (LIST, after subscribing)
 * and the archive's.  w->last becomes the highest seq of this boot among
 * them, so that their notifications still queued are not printed again.
 */
static int backlog(struct watch *w)
{
	struct cli_sources s;
	struct osn_record rec;
	unsigned int from;
	size_t i;
	int rc = cli_sources_gather(&s, 0);

	if (rc) {
		w->rc = rc;
		return STOP;
	}
	cli_sources_report_bad(&s);
	for (i = 0; i < s.m.n && !rc; i++) {
		struct osn_merge_item *it = &s.m.v[i];

		if (!it->earlier_boot && it->seq > w->last)
			w->last = it->seq;
		memset(&rec, 0, sizeof(rec));
		rc = cli_sources_fetch(&s, it, &rec, &from);
		if (rc == OSN_EXIT_NORECORD) {
			/* gone meanwhile: said on stderr; go on */
			rc = 0;
			continue;
		}
		if (rc) {
			w->rc = rc;
			rc = STOP;
			break;
		}
		rc = print_record(w, &rec);
		osn_record_free(&rec);
	}
	cli_sources_free(&s);
	return rc;
}

static int loop(struct watch *w, const sigset_t *waitmask)
{
	struct pollfd p = { .fd = osn_nl_fd(w->sub), .events = POLLIN };
	int err;

	while (!stop) {
		if (ppoll(&p, 1, NULL, waitmask) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, PROG_NAME ": watch: poll failed: %s\n",
				strerror(errno));
			return OSN_EXIT_FAILURE;
		}
		err = osn_nl_read_events(w->sub, on_event, w);
		if (err == -OSN_ELOST)
			err = catch_up(w);
		if (err == STOP)
			return w->rc;
		if (err && fail(w, w->sub, err) == STOP)
			return w->rc;
	}
	return OSN_EXIT_OK;
}

static int watch(bool json, bool with_backlog)
{
	struct watch w = { .json = json };
	struct sigaction sa;
	sigset_t block, old;
	int err, rc;

	/* SIGINT/SIGTERM only interrupt the wait (ppoll): never a request. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);

	rc = cli_connect(&w.sub);
	if (!rc) {
		err = osn_nl_subscribe(w.sub);
		if (err)
			rc = cli_nl_failure(w.sub, err);
	}
	if (!rc)
		rc = cli_connect(&w.req);
	/* After subscribing: a kill in between is not missed. */
	if (!rc && (with_backlog ? backlog(&w) : baseline(&w)) == STOP)
		rc = w.rc;
	if (!rc)
		rc = loop(&w, &old);
	osn_nl_free(w.req);
	osn_nl_free(w.sub);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int cmd_watch(int argc, char **argv)
{
	struct cli_args a;
	int rc = cli_parse_args(argc, argv, "watch", usage, help,
				CLI_JSON | CLI_BACKLOG | CLI_STATE_DIR, &a);

	return rc >= 0 ? rc : watch(a.json, a.backlog);
}
