/* SPDX-License-Identifier: GPL-2.0 */
/*
 * daemon.h - what the parts of oomsnapd share: the daemon's state (struct
 * osnd), its exit statuses, and the entry points of each part:
 *   lock.c     one instance per state folder (flock)
 *   follow.c   connect, subscribe, the main loop, --once
 *   drain.c    LIST, GET, archive, then ACK every unacknowledged record
 *   state.c    counters, the archive error, the runtime status file and
 *              systemd's STATUS=
 * and, declared in their own headers, retention.c and the forwarding
 * targets (targets.h: the outbox, jsonl.c, textfile.c).
 */
#ifndef OSND_DAEMON_H
#define OSND_DAEMON_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sysexits.h>
#include <time.h>

#include "archive.h"
#include "config.h"
#include "daemon_status.h"
#include "log.h"
#include "nlclient.h"

#define PROG_NAME	"oomsnapd"

/* Documented in oomsnapd.8. */
enum osnd_exit {
	OSND_EXIT_OK		= 0,
	OSND_EXIT_FAILURE	= 1,		/* --once: netlink failure */
	OSND_EXIT_USAGE		= EX_USAGE,	/* 64: bad command line */
	OSND_EXIT_UNAVAILABLE	= EX_UNAVAILABLE, /* 69: --once: a target failed */
	OSND_EXIT_CANTCREAT	= EX_CANTCREAT,	/* 73: state or runtime folder */
	OSND_EXIT_IOERR		= EX_IOERR,	/* 74: --once: archive write failed */
	OSND_EXIT_LOCKED	= EX_TEMPFAIL,	/* 75: another instance runs */
	OSND_EXIT_NOPERM	= EX_NOPERM,	/* 77: not root (CAP_NET_ADMIN) */
	OSND_EXIT_CONFIG	= EX_CONFIG,	/* 78: bad configuration */
};

#define OSND_RECONNECT_S	5	/* module not loaded: retry period */
#define OSND_LOG_INTERVAL_S	60	/* repeated errors: once a minute */
#define OSND_FACTS_PERIOD_S	10	/* facts.c: hand them in this often */

/* A record's identity: (boot id, seq). */
struct osnd_id {
	uint64_t seq;
	bool has_boot_id;
	uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];
};

struct osnd {
	const struct osnd_config *cfg;
	struct osn_archive *archive;
	struct osn_nl *req;		/* LIST, GET, ACK; NULL: not connected */
	struct osn_nl *sub;		/* the subscription */
	bool have_boot_id;		/* the current boot, from STATUS */
	uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];

	struct osn_daemon_status st;	/* published as oomsnapd.json */
	bool dirty;			/* st changed since published */
	char last_notify[256];
	bool failing;			/* the last archive write failed */
	bool targets_failing;		/* the last pass of a target failed */
	struct osnd_ratelimit err_rl;	/* archive write errors */
	struct osnd_ratelimit decode_rl;	/* undecodable records */
	struct osnd_ratelimit nl_rl;	/* netlink failures */
	struct osnd_id *bad;		/* undecodable records seen */
	size_t nbad, capbad;
	const sigset_t *stop_signals;	/* pending: stop after this record */
};

/* lock.c: flock <state-dir>/oomsnapd.lock; 0 or an exit status. */
int osnd_lock(const char *state_dir, int *fd);

/* follow.c: run until SIGTERM/SIGINT, or one pass (--once). */
int osnd_run(struct osnd *d, bool once);

/* facts.c: hand the module the facts it cannot read (connected only). */
void osnd_hand_facts(struct osnd *d);

/*
 * drain.c: archive and ACK every unacknowledged record the kernel holds.
 * 0 when done or when the archive is failing (d->failing: try again after
 * --retry-interval); a negative nlclient code when the connection failed.
 */
int osnd_drain(struct osnd *d);

/* "3f2c1b8e:7" for messages. */
const char *osnd_id_name(const struct osnd_id *id, char *buf, size_t size);

/* state.c */
void osnd_state_init(struct osnd *d, const char *version);
void osnd_set_state(struct osnd *d, enum osn_daemon_state s);
void osnd_archive_failed(struct osnd *d, int err, const char *name);
void osnd_archive_ok(struct osnd *d);
/* Write the status file and STATUS= when something changed. */
void osnd_publish(struct osnd *d);
/* "archived 12, acked 12, pending 0, archive OK" */
void osnd_status_line(const struct osnd *d, char *buf, size_t size);
void osnd_state_free(struct osnd *d);

#endif /* OSND_DAEMON_H */
