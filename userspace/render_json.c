// SPDX-License-Identifier: GPL-2.0
/*
 * render_json.c - build the JSON object of one record with json-c.  Memory
 * quantities are converted to kB exactly as the kernel's report does.
 */
#include "format.h"
#include "render_json.h"

/* Add val under key; consumes val.  NULL val (allocation failed) fails. */
static int add(struct json_object *obj, const char *key,
	       struct json_object *val)
{
	if (!val)
		return -1;
	if (json_object_object_add(obj, key, val)) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

static int add_int(struct json_object *obj, const char *key, int64_t v)
{
	return add(obj, key, json_object_new_int64(v));
}

static int add_uint(struct json_object *obj, const char *key, uint64_t v)
{
	return add(obj, key, json_object_new_uint64(v));
}

static int add_str(struct json_object *obj, const char *key, const char *s)
{
	return add(obj, key, json_object_new_string(s));
}

static struct json_object *trigger_to_json(const struct osn_record *rec)
{
	const struct osn_trigger *t = &rec->trigger;
	struct json_object *o = json_object_new_object();
	char gfp[OSN_GFP_LEN];

	if (!o)
		return NULL;
	if (osn_format_gfp(rec->gfp_mask, gfp, sizeof(gfp)) ||
	    add_int(o, "pid", t->pid) ||
	    add_int(o, "tgid", t->tgid) ||
	    add_str(o, "comm", t->comm) ||
	    add_str(o, "gfp_mask", gfp) ||
	    add_int(o, "order", rec->order) ||
	    add_int(o, "oom_score_adj", t->oom_score_adj)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *victim_to_json(const struct osn_record *rec)
{
	const struct osn_victim *v = &rec->victim;
	uint32_t ps = rec->page_size;
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (add_int(o, "pid", v->pid) ||
	    add_int(o, "tgid", v->tgid) ||
	    add_str(o, "comm", v->comm) ||
	    add_int(o, "uid", v->uid) ||
	    add_uint(o, "total_vm_kb", osn_pages_to_kb(v->total_vm_pages, ps)) ||
	    add_uint(o, "anon_rss_kb", osn_pages_to_kb(v->rss_anon_pages, ps)) ||
	    add_uint(o, "file_rss_kb", osn_pages_to_kb(v->rss_file_pages, ps)) ||
	    add_uint(o, "shmem_rss_kb",
		     osn_pages_to_kb(v->rss_shmem_pages, ps)) ||
	    add_uint(o, "pgtables_kb", osn_bytes_to_kb(v->pgtables_bytes)) ||
	    add_int(o, "oom_score_adj", v->oom_score_adj)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *memcg_to_json(const struct osn_record *rec)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (add_str(o, "path", rec->memcg_path)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *osn_record_to_json(const struct osn_record *rec)
{
	const char *kind = osn_kind_name(rec->kind);
	char time[OSN_TIME_LEN];
	struct json_object *o;
	int err;

	if (!kind || osn_format_time(rec->time_ns, time, sizeof(time)))
		return NULL;

	o = json_object_new_object();
	if (!o)
		return NULL;
	err = add_uint(o, "seq", rec->seq) ||
	      add_str(o, "time", time) ||
	      add_str(o, "kind", kind) ||
	      add_int(o, "page_size", rec->page_size) ||
	      add(o, "trigger", trigger_to_json(rec)) ||
	      add(o, "victim", victim_to_json(rec));
	if (!err) {
		if (rec->has_memcg)
			err = add(o, "memcg", memcg_to_json(rec));
		else
			err = json_object_object_add(o, "memcg", NULL);
	}
	if (err) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
