// SPDX-License-Identifier: GPL-2.0
/*
 * kill_line.c - the kernel's "Killed process" line of a record, and what
 * is said instead when there was no kill (see kill_line.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include "format.h"
#include "kill_line.h"

static uint64_t kb(uint64_t pages, const struct osn_record *rec)
{
	return osn_pages_to_kb(pages, rec->page_size);
}

int osn_kill_line(const struct osn_record *rec, char *buf, size_t size)
{
	const struct osn_task *v;
	/* oom_kill_process()'s message, as out_of_memory() chooses it. */
	const char *message;
	char comm[OSN_ESC_LEN(OOMSNAP_COMM_LEN)];
	int n;

	if (!rec || !buf)
		return -EINVAL;
	v = &rec->victim;
	message = rec->kind == OOMSNAP_KIND_MEMCG ?
		  "Memory cgroup out of memory" : "Out of memory";
	osn_escape(v->comm, comm, sizeof(comm));
	if (!rec->has_victim)
		/* check_panic_on_oom() panics with "Out of memory: ..." */
		n = snprintf(buf, size, "Out of memory: panic_on_oom is "
			     "enabled; the kernel panicked, no process was "
			     "killed");
	else if (v->exiting)
		/* oom_kill_process(): task_will_free_mem(), no message. */
		n = snprintf(buf, size, "%s: process %u (%s) was already "
			     "exiting; its memory was reaped without a kill",
			     message, v->pid, comm);
	else if (v->no_mm)
		n = snprintf(buf, size, "%s: OOM victim %u (%s) is already "
			     "exiting. Skip killing the task", message, v->pid,
			     comm);
	else
		n = snprintf(buf, size, "%s: Killed process %u (%s) "
			     "total-vm:%" PRIu64 "kB, anon-rss:%" PRIu64 "kB, "
			     "file-rss:%" PRIu64 "kB, shmem-rss:%" PRIu64 "kB, "
			     "UID:%u pgtables:%" PRIu64 "kB oom_score_adj:%d",
			     message, v->pid, comm, kb(v->total_vm_pages, rec),
			     kb(v->rss_anon_pages, rec),
			     kb(v->rss_file_pages, rec),
			     kb(v->rss_shmem_pages, rec), v->uid,
			     osn_bytes_to_kb(v->pgtables_bytes),
			     v->oom_score_adj);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= size)
		return -ENOSPC;
	return n;
}
