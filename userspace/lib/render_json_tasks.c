// SPDX-License-Identifier: GPL-2.0
/*
 * render_json_tasks.c - the "tasks" array of `oomsnap show --json`: one
 * object per row of the task table, largest RSS first, memory in kB (swap
 * entries are pages), the cgroup path from the record's cgroup table, the
 * start time on the wall clock.  Unknown values are null; comm and cgroup
 * follow the UTF-8 rule of json_bytes.h (a state byte that is not ASCII
 * cannot be represented; the netlink decoder takes letters only).
 */
#include <stdlib.h>

#include "json_util.h"

struct json_object *osn_json_task(const struct osn_record *rec,
				  const struct osn_task *t)
{
	uint32_t ps = rec->page_size;
	bool mm = !t->no_mm;
	uint64_t start = 0;
	bool has_start = !osn_task_start_time(rec, t, &start);
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (jadd_int(o, "pid", t->pid) ||
	    jadd_int(o, "tgid", t->tgid) ||
	    jadd_opt(o, "ppid", t->ppid) ||
	    jadd_int(o, "uid", t->uid) ||
	    jadd_bytes(o, "comm", t->comm) ||
	    jadd_utf8(o, "state",
		      t->state ? (char[2]){ t->state, '\0' } : NULL) ||
	    jadd_kb_if(o, "total_vm_kb", mm,
		       osn_pages_to_kb(t->total_vm_pages, ps)) ||
	    jadd_kb_if(o, "rss_kb", mm,
		       osn_pages_to_kb(osn_task_rss_pages(t), ps)) ||
	    jadd_kb_if(o, "rss_anon_kb", mm,
		       osn_pages_to_kb(t->rss_anon_pages, ps)) ||
	    jadd_kb_if(o, "rss_file_kb", mm,
		       osn_pages_to_kb(t->rss_file_pages, ps)) ||
	    jadd_kb_if(o, "rss_shmem_kb", mm,
		       osn_pages_to_kb(t->rss_shmem_pages, ps)) ||
	    jadd_kb_if(o, "pgtables_kb", mm,
		       osn_bytes_to_kb(t->pgtables_bytes)) ||
	    jadd_kb_if(o, "swap_kb", mm && t->swap_ents.has,
		       osn_pages_to_kb(t->swap_ents.v, ps)) ||
	    jadd_int(o, "oom_score_adj", t->oom_score_adj) ||
	    (t->has_points ? jadd_int(o, "points", t->points) :
			     jadd_null(o, "points")) ||
	    jadd_bytes(o, "cgroup", t->cgroup_id.has ?
		       osn_record_cgroup_path(rec, t->cgroup_id.v) : NULL) ||
	    jadd_time(o, "start_time", has_start, start) ||
	    jadd_bool(o, "in_scope", t->in_scope) ||
	    jadd_bool(o, "mm_readable", mm)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *osn_json_tasks(const struct osn_record *rec)
{
	const struct osn_task **sorted;
	struct json_object *arr;
	size_t i;

	if (osn_tasks_by_rss(rec, &sorted))
		return NULL;
	arr = json_object_new_array();
	for (i = 0; arr && i < rec->nr_tasks; i++) {
		struct json_object *t = osn_json_task(rec, sorted[i]);

		if (!t || json_object_array_add(arr, t)) {
			json_object_put(t);
			json_object_put(arr);
			arr = NULL;
		}
	}
	free(sorted);
	return arr;
}
