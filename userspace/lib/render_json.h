/* SPDX-License-Identifier: GPL-2.0 */
/*
 * render_json.h - one record as a json-c object (the JSON contract of
 * `oomsnap show --json` and of each element of `oomsnap list --json`).
 */
#ifndef OSN_RENDER_JSON_H
#define OSN_RENDER_JSON_H

#include <json-c/json.h>

#include "record.h"

/* Flags for json_object_to_json_string_ext() used by the CLI. */
#define OSN_JSON_FLAGS	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED | \
			 JSON_C_TO_STRING_NOSLASHESCAPE)

/*
 * Build the object for rec: seq, boot_id (UUID string or null),
 * earlier_boot, acknowledged, time, time_ns (exact: time has microseconds),
 * kind, panic, lost_before (or null),
 * page_size, trigger{}, victim{} (null for a panic record),
 * memcg{} or null, capture_ns, tasks_omitted{}, tasks_unreadable, kthreads,
 * cgroups_omitted, zones[], meminfo{}, vmstat{}, system{} (each null when
 * the record does not carry it), and tasks[] when rec has its task table
 * (a record assembled from a GET dump; absent from summaries).  Returns a
 * new reference (json_object_put() it), or NULL when out of memory or when
 * rec cannot be represented.
 */
struct json_object *osn_record_to_json(const struct osn_record *rec);

#endif /* OSN_RENDER_JSON_H */
