/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json_util.h - small json-c helpers for the JSON renderers: add a value
 * under a key, failing cleanly when out of memory; kernel strings by the
 * UTF-8 rule of json_bytes.h (jadd_bytes).  Internal to the
 * library.  Every helper returns 0, or -1 with the value freed.
 */
#ifndef OSN_JSON_UTIL_H
#define OSN_JSON_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "format.h"
#include "json_bytes.h"
#include "record.h"

/* Add val under key; consumes val.  NULL val (allocation failed) fails. */
static inline int jadd(struct json_object *obj, const char *key,
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

static inline int jadd_null(struct json_object *obj, const char *key)
{
	return json_object_object_add(obj, key, NULL) ? -1 : 0;
}

static inline int jadd_int(struct json_object *obj, const char *key,
			   int64_t v)
{
	return jadd(obj, key, json_object_new_int64(v));
}

static inline int jadd_uint(struct json_object *obj, const char *key,
			    uint64_t v)
{
	return jadd(obj, key, json_object_new_uint64(v));
}

static inline int jadd_bool(struct json_object *obj, const char *key, bool v)
{
	return jadd(obj, key, json_object_new_boolean(v));
}

/* A string, or null when s is NULL. */
static inline int jadd_str(struct json_object *obj, const char *key,
			   const char *s)
{
	return s ? jadd(obj, key, json_object_new_string(s)) :
		   jadd_null(obj, key);
}

/*
 * A string from the kernel (comm, cgroup path, hostname, ...): bytes that
 * may not be UTF-8, by the rule of json_bytes.h (key, and key_hex when
 * needed); null when s is NULL.
 */
static inline int jadd_bytes(struct json_object *obj, const char *key,
			     const char *s)
{
	return osn_json_add_bytes(obj, key, s) ? -1 : 0;
}

/*
 * A string that must be UTF-8 as it is (a boot id, ...): fails when it is
 * not, as the record cannot be represented then; null when s is NULL.
 */
static inline int jadd_utf8(struct json_object *obj, const char *key,
			    const char *s)
{
	if (s && !osn_utf8_valid(s, strlen(s)))
		return -1;
	return jadd_str(obj, key, s);
}

/* An optional number, or null. */
static inline int jadd_opt(struct json_object *obj, const char *key,
			   struct osn_opt o)
{
	return o.has ? jadd_uint(obj, key, o.v) : jadd_null(obj, key);
}

/* An optional page count as kB, or null. */
static inline int jadd_opt_kb(struct json_object *obj, const char *key,
			      struct osn_opt pages, uint32_t page_size)
{
	return pages.has ? jadd_uint(obj, key,
				     osn_pages_to_kb(pages.v, page_size)) :
			   jadd_null(obj, key);
}

/* A memory quantity that is null when unknown (known is false). */
static inline int jadd_kb_if(struct json_object *obj, const char *key,
			     bool known, uint64_t kb)
{
	return known ? jadd_uint(obj, key, kb) : jadd_null(obj, key);
}

/* An RFC 3339 time, or null when unknown. */
static inline int jadd_time(struct json_object *obj, const char *key,
			    bool known, uint64_t time_ns)
{
	char buf[OSN_TIME_LEN];

	if (!known || osn_format_time(time_ns, buf, sizeof(buf)))
		return jadd_null(obj, key);
	return jadd_str(obj, key, buf);
}

/* Build helpers of the renderers (render_json_*.c). */
struct json_object *osn_json_task(const struct osn_record *rec,
				  const struct osn_task *t);
struct json_object *osn_json_tasks(const struct osn_record *rec);
struct json_object *osn_json_zones(const struct osn_record *rec);
struct json_object *osn_json_meminfo(const struct osn_record *rec);
struct json_object *osn_json_vmstat(const struct osn_record *rec);
struct json_object *osn_json_system(const struct osn_record *rec);

#endif /* OSN_JSON_UTIL_H */
