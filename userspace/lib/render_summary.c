// SPDX-License-Identifier: GPL-2.0
/*
 * render_summary.c - the first part of `oomsnap show`: what happened, in
 * plain words, for someone woken up by it: the kind, the boot that wrote
 * it, who triggered it, who was killed and how big it was (or that the
 * kernel panicked before killing anyone), whether a larger process was
 * spared and why, kills not stored before it, and what the task table
 * left out.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "format.h"
#include "render_text.h"
#include "text_out.h"

#define COMM_BUF	OSN_ESC_LEN(OOMSNAP_COMM_LEN)
#define PATH_BUF	OSN_ESC_LEN(OOMSNAP_PATH_LEN)
#define NAME_BUF	OSN_ESC_LEN(OOMSNAP_NAME_LEN)

static uint64_t kb(uint64_t pages, const struct osn_record *rec)
{
	return osn_pages_to_kb(pages, rec->page_size);
}

static void print_memcg(struct tout *o, const struct osn_record *rec)
{
	const struct osn_memcg *m = &rec->memcg;
	char path[PATH_BUF];

	tout_printf(o, "  memcg:     %s",
		    osn_escape(rec->memcg_path, path, sizeof(path)));
	if (m->usage_pages.has)
		tout_printf(o, ", usage %" PRIu64 " kB",
			    kb(m->usage_pages.v, rec));
	if (m->max_pages.has) {
		if (osn_page_counter_is_max(m->max_pages.v, rec->page_size))
			tout_printf(o, ", no limit");
		else
			tout_printf(o, " of a %" PRIu64 " kB limit",
				    kb(m->max_pages.v, rec));
	}
	tout_printf(o, "\n");
}

static void print_trigger(struct tout *o, const struct osn_record *rec)
{
	const struct osn_trigger *t = &rec->trigger;
	char comm[COMM_BUF];

	tout_printf(o, "  trigger:   pid %u, tgid %u, %s", t->pid, t->tgid,
		    osn_escape(t->comm, comm, sizeof(comm)));
	if (rec->order >= 0 && rec->order < 32) {
		uint64_t size = osn_block_kb(rec->order, rec->page_size);

		if (rec->kind == OOMSNAP_KIND_MEMCG)
			tout_printf(o, ": charging %" PRIu64 " kB (order %d) "
				    "hit the limit", size, rec->order);
		else
			tout_printf(o, ": %" PRIu64 " kB (order %d) could not "
				    "be allocated", size, rec->order);
	}
	tout_printf(o, "\n");
}

/* The other victims of the same OOM (memory.oom.group), one line each. */
static void print_group(struct tout *o, const struct osn_record *rec)
{
	char comm[COMM_BUF];
	size_t i;

	if (rec->nr_victims < 2 && !rec->victims_omitted.v)
		return;
	tout_printf(o, "  group:     %zu more killed with it (memory.oom.group)",
		    rec->nr_victims ? rec->nr_victims - 1 : 0);
	if (rec->victims_omitted.v)
		tout_printf(o, ", and %" PRIu64 " not listed (the module keeps "
			    "%zu per record)", rec->victims_omitted.v,
			    rec->nr_victims);
	tout_printf(o, "\n");
	for (i = 1; i < rec->nr_victims; i++) {
		const struct osn_task *v = &rec->victims[i];

		tout_printf(o, "             pid %u, %s, ", v->pid,
			    osn_escape(v->comm, comm, sizeof(comm)));
		if (v->no_mm)
			tout_printf(o, "rss unknown");
		else
			tout_printf(o, "rss %" PRIu64 " kB",
				    kb(osn_task_rss_pages(v), rec));
		tout_printf(o, "%s\n", v->exiting ? ", already exiting" : "");
	}
}

static void print_victim(struct tout *o, const struct osn_record *rec)
{
	const struct osn_task *v = &rec->victim;
	char comm[COMM_BUF];

	if (!rec->has_victim) {
		tout_printf(o, "  victim:    none\n"
			    "  outcome:   OOM, kernel panicked (panic_on_oom), "
			    "no victim\n");
		return;
	}

	tout_printf(o, "  victim:    pid %u, tgid %u, %s, uid %u, ", v->pid,
		    v->tgid, osn_escape(v->comm, comm, sizeof(comm)), v->uid);
	if (v->no_mm)
		tout_printf(o, "rss unknown (no memory left to read)");
	else
		tout_printf(o, "rss %" PRIu64 " kB",
			    kb(osn_task_rss_pages(v), rec));
	tout_printf(o, ", oom_score_adj %d", v->oom_score_adj);
	if (v->has_points)
		tout_printf(o, ", points %" PRId64, v->points);
	tout_printf(o, "\n  outcome:   %s\n",
		    v->exiting ? "it was already exiting: the kernel reaped "
				 "its memory without killing it" :
		    v->no_mm ? "its memory was already gone: the kernel "
			       "skipped killing it" :
		    "killed");
	print_group(o, rec);
}

/* Rows that could have been chosen for this OOM: a memcg's own tasks. */
static bool candidate(const struct osn_record *rec, const struct osn_task *t)
{
	if (t->no_mm)
		return false;
	return rec->kind != OOMSNAP_KIND_MEMCG || t->in_scope;
}

/* "the victim is not the largest process: X (pid N) had M kB; why" */
static void print_largest(struct tout *o, const struct osn_record *rec)
{
	const struct osn_task *v = &rec->victim, *big = NULL;
	char comm[COMM_BUF], path[PATH_BUF];
	size_t i;

	for (i = 0; i < rec->nr_tasks; i++) {
		const struct osn_task *t = &rec->tasks[i];

		if ((rec->has_victim && t->tgid == v->tgid) ||
		    !candidate(rec, t))
			continue;
		if (!big || osn_task_rss_pages(t) > osn_task_rss_pages(big))
			big = t;
	}
	if (big && !rec->has_victim) {
		/* A panic: who would have been the first suspect. */
		tout_printf(o, "  largest:   %s (pid %u) had %" PRIu64 " kB\n",
			    osn_escape(big->comm, comm, sizeof(comm)),
			    big->pid, kb(osn_task_rss_pages(big), rec));
		return;
	}
	if (!big || (!v->no_mm &&
		     osn_task_rss_pages(big) <= osn_task_rss_pages(v)))
		return;
	tout_printf(o, "  note:      the victim is not the largest process");
	if (rec->has_memcg)
		tout_printf(o, " in %s",
			    osn_escape(rec->memcg_path, path, sizeof(path)));
	tout_printf(o, ": %s (pid %u) had %" PRIu64 " kB",
		    osn_escape(big->comm, comm, sizeof(comm)), big->pid,
		    kb(osn_task_rss_pages(big), rec));
	if (!big->has_points && big->oom_score_adj == -1000)
		tout_printf(o, "; its oom_score_adj is -1000, so the kernel "
			    "never chooses it");
	else if (!big->has_points)
		tout_printf(o, "; the kernel could not choose it (unkillable, "
			    "already being reaped, or in vfork)");
	else if (v->has_points)
		tout_printf(o, "; it scored %" PRId64 " points (oom_score_adj "
			    "%d), the victim %" PRId64, big->points,
			    big->oom_score_adj, v->points);
	else
		tout_printf(o, "; it scored %" PRId64 " points (oom_score_adj "
			    "%d)", big->points, big->oom_score_adj);
	tout_printf(o, "\n");
}

static const char *processes(uint64_t n)
{
	return n == 1 ? "process" : "processes";
}

static void print_table_notes(struct tout *o, const struct osn_record *rec)
{
	char path[PATH_BUF];

	if (rec->tasks_omitted.has && rec->tasks_omitted.v && rec->has_memcg) {
		/* the module reads no memory outside the memcg (kmod/tasks.c) */
		tout_printf(o, "  omitted:   %" PRIu64 " %s left out of the "
			    "task table (those outside %s first, then the "
			    "lowest points)", rec->tasks_omitted.v,
			    processes(rec->tasks_omitted.v),
			    osn_escape(rec->memcg_path, path, sizeof(path)));
		if (rec->tasks_omitted_rss_pages.has)
			tout_printf(o, ", %" PRIu64 " kB of RSS in it",
				    kb(rec->tasks_omitted_rss_pages.v, rec));
		tout_printf(o, "\n");
	} else if (rec->tasks_omitted.has && rec->tasks_omitted.v) {
		tout_printf(o, "  omitted:   %" PRIu64 " %s left out of the "
			    "task table (the lowest points go first)",
			    rec->tasks_omitted.v,
			    processes(rec->tasks_omitted.v));
		if (rec->tasks_omitted_rss_pages.has)
			tout_printf(o, ", %" PRIu64 " kB of RSS in all",
				    kb(rec->tasks_omitted_rss_pages.v, rec));
		tout_printf(o, "\n");
	}
	if (rec->tasks_unreadable.has && rec->tasks_unreadable.v)
		tout_printf(o, "  unread:    %" PRIu64 " %s listed without "
			    "memory (it could not be read at the kill)\n",
			    rec->tasks_unreadable.v,
			    processes(rec->tasks_unreadable.v));
	if (rec->cgroups_omitted.has && rec->cgroups_omitted.v)
		tout_printf(o, "  cgroups:   %" PRIu64 " cgroup %s not kept\n",
			    rec->cgroups_omitted.v,
			    rec->cgroups_omitted.v == 1 ? "path" : "paths");
}

/* The boot that wrote the record, and how to address it. */
static void print_boot(struct tout *o, const struct osn_record *rec)
{
	char id[OSN_BOOT_ID_STR_LEN];

	if (!rec->has_boot_id ||
	    osn_format_boot_id(rec->boot_id, id, sizeof(id)))
		return;
	if (rec->earlier_boot)
		tout_printf(o, "  boot:      %s, an earlier boot (this record "
			    "is %.8s:%" PRIu64 ")\n", id, id, rec->seq);
	else
		tout_printf(o, "  boot:      %s, the current boot\n", id);
}

/* What the store says about the record and the kills around it. */
static void print_store_notes(struct tout *o, const struct osn_record *rec)
{
	if (rec->lost_before.has && rec->lost_before.v)
		tout_printf(o, "  lost:      %" PRIu64 " kill(s) before this "
			    "one were not stored (the store was full)\n",
			    rec->lost_before.v);
	if (rec->acknowledged)
		tout_printf(o, "  stored:    acknowledged (kept elsewhere; "
			    "the module may reuse its space)\n");
	if (rec->no_task_walk)
		tout_printf(o, "  tasks:     not taken: one of a storm of "
			    "exiting-task marks past the rate limit\n");
	if (rec->tasks_dropped)
		tout_printf(o, "  tasks:     not kept: the task table did not "
			    "fit in the store\n");
}

int osn_text_summary(FILE *f, const struct osn_record *rec)
{
	char time[OSN_TIME_LEN], host[NAME_BUF], release[NAME_BUF];
	char kbuf[OSN_ENUM_LEN];
	const char *kind = osn_kind_str(rec->kind, kbuf, sizeof(kbuf));
	const char *help = osn_kind_help(rec->kind);
	struct tout o = { .f = f };

	if (osn_format_time(rec->time_ns, time, sizeof(time)))
		return -EINVAL;
	if (!help)
		help = "a kind this oomsnap does not know: the module is newer";

	tout_printf(&o, "%s #%" PRIu64 "\n"
		    "  time:      %s\n"
		    "  kind:      %s (%s)%s\n",
		    rec->has_victim ? "OOM kill" : "OOM", rec->seq, time, kind,
		    help,
		    rec->panic ? ", then a kernel panic" : "");
	print_boot(&o, rec);
	if (rec->has_system)
		tout_printf(&o, "  host:      %s, Linux %s\n",
			    osn_escape(rec->system.hostname, host,
				       sizeof(host)),
			    osn_escape(rec->system.release, release,
				       sizeof(release)));
	if (rec->has_memcg)
		print_memcg(&o, rec);
	print_trigger(&o, rec);
	print_victim(&o, rec);
	print_largest(&o, rec);
	print_store_notes(&o, rec);
	print_table_notes(&o, rec);
	tout_printf(&o, "  page size: %u bytes\n", rec->page_size);
	return o.err;
}
