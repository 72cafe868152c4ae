// SPDX-License-Identifier: GPL-2.0
/*
 * render_json_machine.c - the machine-wide parts of a record as JSON:
 * "zones" (watermarks in kB, lowmem_reserve in pages as the kernel prints
 * it, free blocks per order), "meminfo" (kB; null when not sent),
 * "vmstat" ({name: value}) and "system".  Zone names, release and
 * hostname follow the UTF-8 rule of json_bytes.h; vmstat names (keys) and
 * the boot id have no K_hex form: a record where they are not UTF-8
 * cannot be represented (the netlink decoder refuses them).
 */
#include <string.h>

#include "json_util.h"

static struct json_object *u64_array(const uint64_t *v, unsigned int n)
{
	struct json_object *arr = json_object_new_array();
	unsigned int i;

	for (i = 0; arr && i < n; i++) {
		struct json_object *e = json_object_new_uint64(v[i]);

		if (!e || json_object_array_add(arr, e)) {
			json_object_put(e);
			json_object_put(arr);
			arr = NULL;
		}
	}
	return arr;
}

static struct json_object *zone_to_json(const struct osn_zone *z,
					uint32_t ps)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (jadd_int(o, "node", z->node) ||
	    jadd_bytes(o, "zone", z->name) ||
	    jadd_uint(o, "free_kb", osn_pages_to_kb(z->free, ps)) ||
	    jadd_uint(o, "min_kb", osn_pages_to_kb(z->min, ps)) ||
	    jadd_uint(o, "low_kb", osn_pages_to_kb(z->low, ps)) ||
	    jadd_uint(o, "high_kb", osn_pages_to_kb(z->high, ps)) ||
	    jadd_uint(o, "boost_kb", osn_pages_to_kb(z->boost, ps)) ||
	    jadd_uint(o, "managed_kb", osn_pages_to_kb(z->managed, ps)) ||
	    jadd_uint(o, "present_kb", osn_pages_to_kb(z->present, ps)) ||
	    jadd(o, "lowmem_reserve",
		 u64_array(z->lowmem_reserve, z->nr_reserve)) ||
	    jadd(o, "free_blocks", u64_array(z->free_blocks, z->nr_orders))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

struct json_object *osn_json_zones(const struct osn_record *rec)
{
	struct json_object *arr = json_object_new_array();
	size_t i;

	for (i = 0; arr && i < rec->nr_zones; i++) {
		struct json_object *z = zone_to_json(&rec->zones[i],
						     rec->page_size);

		if (!z || json_object_array_add(arr, z)) {
			json_object_put(z);
			json_object_put(arr);
			arr = NULL;
		}
	}
	return arr;
}

struct json_object *osn_json_meminfo(const struct osn_record *rec)
{
	struct json_object *o = json_object_new_object();
	unsigned int i;

	for (i = 0; o && i <= OOMSNAP_MEMINFO_A_MAX; i++) {
		const char *key = osn_meminfo_key(i);

		if (key && jadd_opt(o, key, rec->meminfo[i])) {
			json_object_put(o);
			o = NULL;
		}
	}
	return o;
}

struct json_object *osn_json_vmstat(const struct osn_record *rec)
{
	struct json_object *o = json_object_new_object();
	size_t i;

	for (i = 0; o && i < rec->nr_vmstat; i++) {
		const char *name = rec->vmstat[i].name;

		/* A key has no K_hex form: one that is not UTF-8 fails. */
		if (!osn_utf8_valid(name, strlen(name)) ||
		    jadd_uint(o, name, rec->vmstat[i].value)) {
			json_object_put(o);
			o = NULL;
		}
	}
	return o;
}

struct json_object *osn_json_system(const struct osn_record *rec)
{
	const struct osn_system *s = &rec->system;
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (jadd_bytes(o, "release", s->release) ||
	    jadd_bytes(o, "hostname", s->hostname) ||
	    jadd_uint(o, "uptime_ns", s->uptime_ns) ||
	    jadd_utf8(o, "boot_id", s->has_boot_id ? s->boot_id : NULL)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}
