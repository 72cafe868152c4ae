// SPDX-License-Identifier: GPL-2.0
/*
 * render_report.c - the second part of `oomsnap show`: the record in the
 * layout of the kernel's own OOM report (mm/oom_kill.c, mm/show_mem.c), so
 * that operators read it as they read dmesg, with what the kernel log
 * lacks added: the task table sorted by RSS with each process's points and
 * the victim's row marked '*'.  Lines the record has no data for are left
 * out; a panic record (no victim) ends where the kernel panicked.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "format.h"
#include "kill_line.h"
#include "render_text.h"
#include "text_out.h"

#define COMM_BUF	OSN_ESC_LEN(OOMSNAP_COMM_LEN)
#define PATH_BUF	OSN_ESC_LEN(OOMSNAP_PATH_LEN)
#define NAME_BUF	OSN_ESC_LEN(OOMSNAP_NAME_LEN)
#define GFP_FLAGS_BUF	OSN_ESC_LEN(OOMSNAP_GFP_FLAGS_LEN)

static uint64_t kb(uint64_t pages, const struct osn_record *rec)
{
	return osn_pages_to_kb(pages, rec->page_size);
}

/* dump_header(): "%s invoked oom-killer: gfp_mask=%#x(%pGg), ..." */
static void print_trigger_line(struct tout *o, const struct osn_record *rec)
{
	char comm[COMM_BUF], gfp[OSN_GFP_LEN], flags[GFP_FLAGS_BUF];

	if (osn_format_gfp(rec->gfp_mask, gfp, sizeof(gfp))) {
		tout_fail(o, -EINVAL);
		return;
	}
	tout_printf(o, "%s invoked oom-killer: gfp_mask=%s",
		    osn_escape(rec->trigger.comm, comm, sizeof(comm)), gfp);
	if (rec->has_gfp_flags)
		tout_printf(o, "(%s)", osn_escape(rec->gfp_flags, flags,
						  sizeof(flags)));
	tout_printf(o, ", order=%d, oom_score_adj=%d\n", rec->order,
		    rec->trigger.oom_score_adj);
}

/* A memcg limit in kB, or "max". */
static const char *limit(char *buf, size_t size, struct osn_opt pages,
			 const struct osn_record *rec)
{
	if (osn_page_counter_is_max(pages.v, rec->page_size))
		return "max";
	snprintf(buf, size, "%" PRIu64 "kB", kb(pages.v, rec));
	return buf;
}

/* mem_cgroup_print_oom_meminfo(): "memory: usage %llukB, limit %llukB" */
static void print_memcg(struct tout *o, const struct osn_record *rec)
{
	const struct osn_memcg *m = &rec->memcg;
	char buf[32];

	if (m->usage_pages.has && m->max_pages.has)
		tout_printf(o, "memory: usage %" PRIu64 "kB, limit %s\n",
			    kb(m->usage_pages.v, rec),
			    limit(buf, sizeof(buf), m->max_pages, rec));
	if (m->swap_pages.has && m->swap_max_pages.has)
		tout_printf(o, "swap: usage %" PRIu64 "kB, limit %s\n",
			    kb(m->swap_pages.v, rec),
			    limit(buf, sizeof(buf), m->swap_max_pages, rec));
	if (m->oom_events.has && m->oom_kill_events.has)
		tout_printf(o, "memory.events: oom %" PRIu64 ", oom_kill %"
			    PRIu64 "\n", m->oom_events.v,
			    m->oom_kill_events.v);
}

/* Mem-Info, from the meminfo totals (kB; the kernel prints pages). */
static void print_meminfo(struct tout *o, const struct osn_record *rec)
{
	static const struct {
		int attr;
		const char *name;
		bool kb;
		bool eol;
	} items[] = {
		{ OOMSNAP_MEMINFO_A_ACTIVE_ANON, "active_anon", true, false },
		{ OOMSNAP_MEMINFO_A_INACTIVE_ANON, "inactive_anon", true,
		  false },
		{ OOMSNAP_MEMINFO_A_ACTIVE_FILE, "active_file", true, false },
		{ OOMSNAP_MEMINFO_A_INACTIVE_FILE, "inactive_file", true,
		  false },
		{ OOMSNAP_MEMINFO_A_UNEVICTABLE, "unevictable", true, true },
		{ OOMSNAP_MEMINFO_A_DIRTY, "dirty", true, false },
		{ OOMSNAP_MEMINFO_A_WRITEBACK, "writeback", true, false },
		{ OOMSNAP_MEMINFO_A_SHMEM, "shmem", true, true },
		{ OOMSNAP_MEMINFO_A_SLAB_RECLAIMABLE, "slab_reclaimable", true,
		  false },
		{ OOMSNAP_MEMINFO_A_SLAB_UNRECLAIMABLE, "slab_unreclaimable",
		  true, false },
		{ OOMSNAP_MEMINFO_A_PAGE_TABLES, "pagetables", true, false },
		{ OOMSNAP_MEMINFO_A_KERNEL_STACK, "kernel_stack", true, true },
		{ OOMSNAP_MEMINFO_A_MEM_TOTAL, "MemTotal", true, false },
		{ OOMSNAP_MEMINFO_A_MEM_FREE, "MemFree", true, false },
		{ OOMSNAP_MEMINFO_A_MEM_AVAILABLE, "MemAvailable", true, true },
		{ OOMSNAP_MEMINFO_A_SWAP_TOTAL, "SwapTotal", true, false },
		{ OOMSNAP_MEMINFO_A_SWAP_FREE, "SwapFree", true, false },
		{ OOMSNAP_MEMINFO_A_COMMITTED_AS, "Committed_AS", true, true },
		{ OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL, "HugePages_Total", false,
		  false },
		{ OOMSNAP_MEMINFO_A_HUGEPAGES_FREE, "HugePages_Free", false,
		  false },
		{ OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE, "overcommit_memory", false,
		  true },
	};
	bool line = false;
	size_t i;

	tout_printf(o, "Mem-Info:\n");
	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		struct osn_opt v = rec->meminfo[items[i].attr];

		if (v.has) {
			tout_printf(o, "%s%s:%" PRIu64 "%s", line ? " " : "",
				    items[i].name, v.v,
				    items[i].kb ? "kB" : "");
			line = true;
		}
		if (items[i].eol && line) {
			tout_printf(o, "\n");
			line = false;
		}
	}
}

/* show_free_areas(): the watermark line and lowmem_reserve of a zone. */
static void print_zone(struct tout *o, const struct osn_record *rec,
		       const struct osn_zone *z)
{
	char name[NAME_BUF];
	unsigned int i;

	tout_printf(o, "Node %u %s free:%" PRIu64 "kB boost:%" PRIu64 "kB "
		    "min:%" PRIu64 "kB low:%" PRIu64 "kB high:%" PRIu64 "kB "
		    "present:%" PRIu64 "kB managed:%" PRIu64 "kB\n",
		    z->node, osn_escape(z->name, name, sizeof(name)),
		    kb(z->free, rec), kb(z->boost, rec), kb(z->min, rec),
		    kb(z->low, rec), kb(z->high, rec), kb(z->present, rec),
		    kb(z->managed, rec));
	tout_printf(o, "lowmem_reserve[]:");
	for (i = 0; i < z->nr_reserve; i++)
		tout_printf(o, " %" PRIu64, z->lowmem_reserve[i]);
	tout_printf(o, "\n");
}

/* show_free_areas(): "Node 0 DMA32: 3*4kB 2*8kB ... = 28kB" */
static void print_buddy(struct tout *o, const struct osn_record *rec,
			const struct osn_zone *z)
{
	char name[NAME_BUF];
	uint64_t total = 0;
	unsigned int i;

	tout_printf(o, "Node %u %s: ", z->node,
		    osn_escape(z->name, name, sizeof(name)));
	for (i = 0; i < z->nr_orders; i++) {
		uint64_t size = osn_block_kb(i, rec->page_size);

		tout_printf(o, "%" PRIu64 "*%" PRIu64 "kB ", z->free_blocks[i],
			    size);
		total += z->free_blocks[i] * size;
	}
	tout_printf(o, "= %" PRIu64 "kB\n", total);
}

static void print_zones(struct tout *o, const struct osn_record *rec)
{
	size_t i;

	for (i = 0; i < rec->nr_zones; i++)
		print_zone(o, rec, &rec->zones[i]);
	for (i = 0; i < rec->nr_zones; i++)
		print_buddy(o, rec, &rec->zones[i]);
}

/* A number, or "-" when unknown. */
static const char *num(char *buf, size_t size, bool known, uint64_t v)
{
	if (!known)
		return "-";
	snprintf(buf, size, "%" PRIu64, v);
	return buf;
}

/* dump_task(), with the points and the victim mark added. */
static void print_task(struct tout *o, const struct osn_record *rec,
		       const struct osn_task *t)
{
	char vm[24], rss[24], anon[24], file[24], shmem[24], pgt[24], swap[24];
	char points[24], comm[COMM_BUF];
	bool mm = !t->no_mm;

	if (t->has_points)
		snprintf(points, sizeof(points), "%" PRId64, t->points);
	tout_printf(o, "%c [%7u] %5u %5u %8s %8s %8s %8s %9s %8s %8s"
		    "         %5d %8s %s\n",
		    rec->has_victim && t->tgid == rec->victim.tgid ?
		    '*' : ' ',
		    t->pid, t->uid, t->tgid,
		    num(vm, sizeof(vm), mm, t->total_vm_pages),
		    num(rss, sizeof(rss), mm, osn_task_rss_pages(t)),
		    num(anon, sizeof(anon), mm, t->rss_anon_pages),
		    num(file, sizeof(file), mm, t->rss_file_pages),
		    num(shmem, sizeof(shmem), mm, t->rss_shmem_pages),
		    num(pgt, sizeof(pgt), mm, t->pgtables_bytes),
		    num(swap, sizeof(swap), mm && t->swap_ents.has,
			t->swap_ents.v),
		    t->oom_score_adj, t->has_points ? points : "-",
		    osn_escape(t->comm, comm, sizeof(comm)));
}

/* dump_tasks(): every process, largest RSS first.  A memcg OOM: its own. */
static void print_tasks(struct tout *o, const struct osn_record *rec)
{
	const struct osn_task **sorted;
	char path[PATH_BUF];
	size_t i, hidden = 0;
	int err = osn_tasks_by_rss(rec, &sorted);

	if (err) {
		tout_fail(o, err);
		return;
	}
	tout_printf(o, "Tasks state (memory values in pages):\n"
		    "  [  pid  ]   uid  tgid total_vm      rss rss_anon "
		    "rss_file rss_shmem pgtables_bytes swapents "
		    "oom_score_adj   points name\n");
	for (i = 0; i < rec->nr_tasks; i++) {
		if (rec->has_memcg && !sorted[i]->in_scope) {
			hidden++;
			continue;
		}
		print_task(o, rec, sorted[i]);
	}
	free(sorted);
	if (hidden)
		tout_printf(o, "(%zu %s outside %s not listed; see --json)\n",
			    hidden, hidden == 1 ? "process" : "processes",
			    osn_escape(rec->memcg_path, path, sizeof(path)));
}

/*
 * dump_oom_summary(): "oom-kill:constraint=...,nodemask=...,task=...",
 * without the cpuset part (not recorded).
 */
static void print_constraint_line(struct tout *o, const struct osn_record *rec)
{
	const struct osn_task *v = &rec->victim;
	const char *task_cgroup = v->cgroup_id.has ?
		osn_record_cgroup_path(rec, v->cgroup_id.v) : NULL;
	char comm[COMM_BUF], path[PATH_BUF], cons[OSN_ENUM_LEN];
	char *mask = NULL;

	if (rec->nodemask_words) {
		mask = malloc(OSN_NODEMASK_LEN);
		if (!mask || osn_format_nodemask(rec->nodemask,
						 rec->nodemask_words, mask,
						 OSN_NODEMASK_LEN)) {
			free(mask);
			tout_fail(o, -ENOMEM);
			return;
		}
	}
	/* The kernel prints a NULL nodemask as "(null)". */
	tout_printf(o, "oom-kill:constraint=%s,nodemask=%s",
		    osn_constraint_kernel_str(rec->constraint, cons,
					      sizeof(cons)),
		    mask ? mask : "(null)");
	free(mask);
	if (rec->has_memcg)
		tout_printf(o, ",oom_memcg=%s",
			    osn_escape(rec->memcg_path, path, sizeof(path)));
	else
		tout_printf(o, ",global_oom");
	/* The victim's cgroup v2 path: its memcg's, as the kernel prints it
	 * when the memory controller is enabled down to its cgroup. */
	if (task_cgroup)
		tout_printf(o, ",task_memcg=%s",
			    osn_escape(task_cgroup, path, sizeof(path)));
	tout_printf(o, ",task=%s,pid=%u,uid=%u\n",
		    osn_escape(v->comm, comm, sizeof(comm)), v->pid, v->uid);
}

/*
 * __oom_kill_process(): "Out of memory: Killed process ..." (kill_line.c).
 * Where the kernel logged no such line, a note in its place says why.
 */
static void print_kill_line(struct tout *o, const struct osn_record *rec)
{
	const struct osn_task *v = &rec->victim;
	char line[OSN_KILL_LINE_LEN], comm[COMM_BUF];
	int n;

	if (!rec->has_victim) {
		/* check_panic_on_oom(): dump_header(oc, NULL), then panic(). */
		tout_printf(o, "(the kernel panicked here: panic_on_oom is set, "
			    "and no process was killed)\n");
		return;
	}
	if (v->exiting) {
		tout_printf(o, "(the kernel logged no kill: %s (pid %u) was "
			    "already exiting, and its memory was reaped "
			    "without a kill)\n",
			    osn_escape(v->comm, comm, sizeof(comm)), v->pid);
		return;
	}
	n = osn_kill_line(rec, line, sizeof(line));
	if (n < 0) {
		tout_fail(o, n);
		return;
	}
	tout_printf(o, "%s\n", line);
}

int osn_text_kernel_report(FILE *f, const struct osn_record *rec)
{
	struct tout o = { .f = f };

	print_trigger_line(&o, rec);
	if (rec->has_memcg)
		print_memcg(&o, rec);
	if (rec->has_meminfo)
		print_meminfo(&o, rec);
	if (rec->has_zones)
		print_zones(&o, rec);
	if (rec->has_tables)
		print_tasks(&o, rec);
	/* dump_oom_summary() needs a victim: a panic has none. */
	if (rec->has_constraint && rec->has_victim)
		print_constraint_line(&o, rec);
	print_kill_line(&o, rec);
	return o.err;
}
