// SPDX-License-Identifier: GPL-2.0
/*
 * facts.c - hand the module the machine facts it cannot read itself
 * (lib/facts.h: swap total, huge pages, vm.overcommit_memory,
 * vm.panic_on_oom), at each connection and every OSND_FACTS_PERIOD_S, so
 * that a record's copy of them is at most that old (the record says how
 * old).  A failure is logged (rate-limited) and retried at the next
 * period; it never stops the daemon.
 */
#include <errno.h>
#include <syslog.h>

#include "daemon.h"
#include "facts.h"
#include "log.h"
#include "nlclient.h"

void osnd_hand_facts(struct osnd *d)
{
	static struct osnd_ratelimit rl = { .interval = OSND_LOG_INTERVAL_S };
	static bool told_unsupported;
	struct osn_facts f;
	const char *why;
	int err;

	if (!d->req)
		return;
	if (osn_facts_read("/proc", &f, &why) < 0) {
		if (osnd_ratelimit_ok(&rl, osnd_now_mono(), NULL))
			osnd_log(LOG_WARNING, "cannot read %s: records will "
				 "have no swap total, huge pages, overcommit "
				 "mode or panic_on_oom; is /proc mounted?",
				 why);
		return;
	}
	err = osn_nl_set_facts(d->req, &f);
	if (err == -OSN_EUNSUPPORTED) {
		if (!told_unsupported)
			osnd_log(LOG_NOTICE, "the oomsnap module takes no "
				 "facts (an older version): its records read "
				 "swap and sysctls themselves, or lack them");
		told_unsupported = true;
	} else if (err && osnd_ratelimit_ok(&rl, osnd_now_mono(), NULL)) {
		osnd_log(LOG_WARNING, "failed to %s: %s; records will carry "
			 "older facts (their age says how old); retrying in "
			 "%ds", osn_nl_step(d->req), osn_nl_errmsg(d->req),
			 OSND_FACTS_PERIOD_S);
	}
}
