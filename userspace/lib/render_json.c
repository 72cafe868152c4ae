// SPDX-License-Identifier: GPL-2.0
/*
 * render_json.c - build the JSON object of one record with json-c: the
 * top level, trigger, victim and memcg.  The task table and the machine
 * nests are built in render_json_tasks.c and render_json_machine.c.
 * Memory quantities are converted to kB exactly as the kernel's report
 * does; what the record does not carry is null.  Strings from the kernel
 * follow the UTF-8 rule of json_bytes.h; a kind or constraint this CLI
 * does not know is "unknown(N)".
 */
#include "json_util.h"
#include "render_json.h"

/* Return o, or free it and return NULL when err. */
static struct json_object *done(struct json_object *o, int err)
{
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static int add_nodemask(struct json_object *o, const struct osn_record *rec)
{
	char buf[OSN_NODEMASK_LEN];

	if (!rec->nodemask_words)
		return jadd_null(o, "nodemask");
	if (osn_format_nodemask(rec->nodemask, rec->nodemask_words, buf,
				sizeof(buf)))
		return -1;
	return jadd_str(o, "nodemask", buf);
}

static struct json_object *trigger_to_json(const struct osn_record *rec)
{
	const struct osn_trigger *t = &rec->trigger;
	struct json_object *o = json_object_new_object();
	char gfp[OSN_GFP_LEN], cons[OSN_ENUM_LEN];

	if (!o)
		return NULL;
	return done(o, osn_format_gfp(rec->gfp_mask, gfp, sizeof(gfp)) ||
		    jadd_int(o, "pid", t->pid) ||
		    jadd_int(o, "tgid", t->tgid) ||
		    jadd_bytes(o, "comm", t->comm) ||
		    jadd_str(o, "gfp_mask", gfp) ||
		    jadd_bytes(o, "gfp_flags",
			       rec->has_gfp_flags ? rec->gfp_flags : NULL) ||
		    jadd_int(o, "order", rec->order) ||
		    jadd_int(o, "oom_score_adj", t->oom_score_adj) ||
		    jadd_str(o, "constraint",
			     rec->has_constraint ?
			     osn_constraint_str(rec->constraint, cons,
						sizeof(cons)) : NULL) ||
		    add_nodemask(o, rec) ||
		    jadd_opt(o, "totalpages", rec->totalpages));
}

static struct json_object *task_victim_json(const struct osn_record *rec,
					    const struct osn_task *v)
{
	uint32_t ps = rec->page_size;
	bool mm = !v->no_mm;
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	return done(o, jadd_int(o, "pid", v->pid) ||
		    jadd_int(o, "tgid", v->tgid) ||
		    jadd_bytes(o, "comm", v->comm) ||
		    jadd_int(o, "uid", v->uid) ||
		    jadd_kb_if(o, "total_vm_kb", mm,
			       osn_pages_to_kb(v->total_vm_pages, ps)) ||
		    jadd_kb_if(o, "anon_rss_kb", mm,
			       osn_pages_to_kb(v->rss_anon_pages, ps)) ||
		    jadd_kb_if(o, "file_rss_kb", mm,
			       osn_pages_to_kb(v->rss_file_pages, ps)) ||
		    jadd_kb_if(o, "shmem_rss_kb", mm,
			       osn_pages_to_kb(v->rss_shmem_pages, ps)) ||
		    jadd_kb_if(o, "pgtables_kb", mm,
			       osn_bytes_to_kb(v->pgtables_bytes)) ||
		    jadd_int(o, "oom_score_adj", v->oom_score_adj) ||
		    jadd_kb_if(o, "swap_kb", mm && v->swap_ents.has,
			       osn_pages_to_kb(v->swap_ents.v, ps)) ||
		    jadd_bool(o, "mm_readable", mm) ||
		    jadd_opt(o, "ppid", v->ppid) ||
		    jadd_utf8(o, "state",
			      v->state ? (char[2]){ v->state, '\0' } : NULL) ||
		    (v->has_points ? jadd_int(o, "points", v->points) :
				     jadd_null(o, "points")) ||
		    jadd_bytes(o, "cgroup", v->cgroup_id.has ?
			       osn_record_cgroup_path(rec, v->cgroup_id.v) :
			       NULL) ||
		    jadd_bool(o, "exiting", v->exiting));
}

static struct json_object *victim_to_json(const struct osn_record *rec)
{
	return task_victim_json(rec, &rec->victim);
}

/* "victims": every victim of the call, each as "victim" is. */
static struct json_object *victims_to_json(const struct osn_record *rec)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	if (!a)
		return NULL;
	for (i = 0; i < rec->nr_victims; i++) {
		struct json_object *v = task_victim_json(rec, &rec->victims[i]);

		if (!v || json_object_array_add(a, v)) {
			json_object_put(v);
			json_object_put(a);
			return NULL;
		}
	}
	return a;
}

/* A memcg limit in kB; null for "max" (no limit) or when not sent. */
static int add_limit(struct json_object *o, const char *key,
		     struct osn_opt pages, uint32_t page_size)
{
	if (!pages.has || osn_page_counter_is_max(pages.v, page_size))
		return jadd_null(o, key);
	return jadd_uint(o, key, osn_pages_to_kb(pages.v, page_size));
}

static struct json_object *memcg_to_json(const struct osn_record *rec)
{
	const struct osn_memcg *m = &rec->memcg;
	uint32_t ps = rec->page_size;
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	return done(o, jadd_bytes(o, "path", rec->memcg_path) ||
		    jadd_opt(o, "id", m->id) ||
		    jadd_opt_kb(o, "usage_kb", m->usage_pages, ps) ||
		    add_limit(o, "max_kb", m->max_pages, ps) ||
		    add_limit(o, "high_kb", m->high_pages, ps) ||
		    jadd_opt_kb(o, "swap_kb", m->swap_pages, ps) ||
		    add_limit(o, "swap_max_kb", m->swap_max_pages, ps) ||
		    jadd_opt(o, "oom", m->oom_events) ||
		    jadd_opt(o, "oom_kill", m->oom_kill_events));
}

static struct json_object *omitted_to_json(const struct osn_record *rec)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	return done(o, jadd_uint(o, "count", rec->tasks_omitted.v) ||
		    jadd_opt_kb(o, "rss_kb", rec->tasks_omitted_rss_pages,
				rec->page_size));
}

/* Add key: build(rec) when present, null when not. */
static int add_part(struct json_object *o, const char *key, bool present,
		    struct json_object *(*build)(const struct osn_record *),
		    const struct osn_record *rec)
{
	return present ? jadd(o, key, build(rec)) : jadd_null(o, key);
}

/* The boot that wrote the record, as a UUID string, or null. */
static int add_boot_id(struct json_object *o, const struct osn_record *rec)
{
	char boot[OSN_BOOT_ID_STR_LEN];

	if (!rec->has_boot_id)
		return jadd_null(o, "boot_id");
	if (osn_format_boot_id(rec->boot_id, boot, sizeof(boot)))
		return -1;
	return jadd_str(o, "boot_id", boot);
}

struct json_object *osn_record_to_json(const struct osn_record *rec)
{
	char time[OSN_TIME_LEN], kbuf[OSN_ENUM_LEN];
	const char *kind = osn_kind_str(rec->kind, kbuf, sizeof(kbuf));
	struct json_object *o;

	if (osn_format_time(rec->time_ns, time, sizeof(time)))
		return NULL;

	o = json_object_new_object();
	if (!o)
		return NULL;
	return done(o, jadd_uint(o, "seq", rec->seq) ||
		    add_boot_id(o, rec) ||
		    jadd_bool(o, "earlier_boot", rec->earlier_boot) ||
		    jadd_bool(o, "acknowledged", rec->acknowledged) ||
		    jadd_str(o, "time", time) ||
		    jadd_uint(o, "time_ns", rec->time_ns) ||
		    jadd_str(o, "kind", kind) ||
		    jadd_bool(o, "panic", rec->panic) ||
		    jadd_opt(o, "lost_before", rec->lost_before) ||
		    jadd_int(o, "page_size", rec->page_size) ||
		    jadd(o, "trigger", trigger_to_json(rec)) ||
		    add_part(o, "victim", rec->has_victim, victim_to_json,
			     rec) ||
		    add_part(o, "victims", rec->has_victims, victims_to_json,
			     rec) ||
		    jadd_opt(o, "victims_omitted", rec->victims_omitted) ||
		    jadd_bool(o, "no_task_walk", rec->no_task_walk) ||
		    jadd_bool(o, "tasks_dropped", rec->tasks_dropped) ||
		    add_part(o, "memcg", rec->has_memcg, memcg_to_json, rec) ||
		    jadd_opt(o, "capture_ns", rec->capture_ns) ||
		    add_part(o, "tasks_omitted", rec->tasks_omitted.has,
			     omitted_to_json, rec) ||
		    jadd_opt(o, "tasks_unreadable", rec->tasks_unreadable) ||
		    jadd_opt(o, "kthreads", rec->kthreads) ||
		    jadd_opt(o, "cgroups_omitted", rec->cgroups_omitted) ||
		    add_part(o, "zones", rec->has_zones, osn_json_zones, rec) ||
		    add_part(o, "meminfo", rec->has_meminfo, osn_json_meminfo,
			     rec) ||
		    jadd_opt(o, "facts_age_ns", rec->facts_age_ns) ||
		    add_part(o, "vmstat", rec->has_vmstat, osn_json_vmstat,
			     rec) ||
		    add_part(o, "system", rec->has_system, osn_json_system,
			     rec) ||
		    (rec->has_tables &&
		     jadd(o, "tasks", osn_json_tasks(rec))));
}
