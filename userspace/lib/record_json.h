/* SPDX-License-Identifier: GPL-2.0 */
/*
 * record_json.h - the inverse of osn_record_to_json(): a record back from
 * its JSON object (an archive file, the output of `show --json` or of
 * `list --json`), exactly: rendering the result gives the same JSON text.
 * Never prints; pure but for osn_current_boot_id().
 */
#ifndef OSN_RECORD_JSON_H
#define OSN_RECORD_JSON_H

#include <stdint.h>

#include <json-c/json.h>

#include "format.h"
#include "record.h"

/*
 * Decode o into *out (need not be initialized; osn_record_free() it on
 * success).  Both forms are read: the summary (no "tasks") and the whole
 * record ("tasks": out->has_tables, with a cgroup table rebuilt from the
 * paths the rows and the victim name; its ids are made up, the kernel's
 * are not in the JSON).  Keys this library does not know are ignored;
 * "kind" and "constraint" may be "unknown(N)" (N is kept).
 *
 * Returns 0; -EINVAL when o is not a record: a key the renderer always
 * writes is missing, a value has the wrong type or is out of range, a kB
 * value is not a whole number of pages, values contradict each other (a
 * victim on a panic record, rss_kb not the sum of its parts, a memcg nest
 * on a non-memcg record, ...); *why (when why is not NULL) then names the
 * key and the reason, valid until the next call in the same thread.
 * -ENOMEM.  On failure *out holds nothing.
 */
int osn_record_from_json(struct json_object *o, struct osn_record *out,
			 const char **why);

/* osn_parse_boot_id(), the inverse of osn_format_boot_id(): format.h. */

#define OSN_BOOT_ID_PATH	"/proc/sys/kernel/random/boot_id"

/* The running kernel's boot id (reads OSN_BOOT_ID_PATH): 0 or -errno. */
int osn_current_boot_id(uint8_t id[OOMSNAP_BOOT_ID_BYTES]);

/*
 * The inverse of osn_format_time(): "YYYY-mm-ddTHH:MM:SS.uuuuuuZ" exactly
 * as it writes it, into ns since the epoch.  0 or -EINVAL.
 */
int osn_parse_time(const char *s, uint64_t *time_ns);

#endif /* OSN_RECORD_JSON_H */
