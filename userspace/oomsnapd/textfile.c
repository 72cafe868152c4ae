// SPDX-License-Identifier: GPL-2.0
/*
 * textfile.c - the node_exporter textfile target (--textfile FILE.prom):
 * Prometheus text exposition format 0.0.4, rewritten atomically after
 * each pass that changed it.
 *
 * A counter must never go down, and retention deletes archive files: so
 * the counts are not recounted from the archive but kept in
 * <state-dir>/targets/textfile.state (JSON: counted, the name of the last
 * archive file counted; last_kill_ns; kills, by kind), saved before the
 * cursor moves.  A file at or before "counted" is never counted again,
 * even when a crash left the cursor behind: each record is counted once.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "format.h"
#include "status.h"
#include "targets.h"

#define MAX_KINDS	16
#define NSEC		((uint64_t)1000000000)

struct kind_count {
	char kind[32];
	uint64_t n;
};

static struct {
	char path[PATH_MAX];
	bool loaded, changed;
	char counted[OSN_ARCHIVE_NAME_LEN];
	uint64_t last_kill_ns;
	struct kind_count kinds[MAX_KINDS];
	size_t nkinds;
	bool has_module;
	struct osn_status module;
} tf;

static void state_path(char *buf, size_t size)
{
	snprintf(buf, size, "%s/textfile.state", osnd_targets_dir());
}

/* NULL when out of room or when kind could not be a label value as is. */
static struct kind_count *kind_slot(const char *kind)
{
	struct kind_count *k;
	size_t i;

	if (!*kind || strlen(kind) >= sizeof(k->kind) ||
	    strspn(kind, "abcdefghijklmnopqrstuvwxyz0123456789_-()") !=
	    strlen(kind))
		return NULL;

	for (i = 0; i < tf.nkinds; i++)
		if (!strcmp(tf.kinds[i].kind, kind))
			return &tf.kinds[i];
	if (tf.nkinds == MAX_KINDS)
		return NULL;
	k = &tf.kinds[tf.nkinds++];
	snprintf(k->kind, sizeof(k->kind), "%s", kind);
	k->n = 0;
	return k;
}

static int cmp_kind(const void *a, const void *b)
{
	return strcmp(((const struct kind_count *)a)->kind,
		      ((const struct kind_count *)b)->kind);
}

static int load_state(void)
{
	char path[PATH_MAX + 32];
	struct json_object *o, *v;
	struct kind_count *k;
	uint32_t i;

	if (tf.loaded)
		return 0;
	tf.nkinds = 0;
	tf.counted[0] = '\0';
	tf.last_kill_ns = 0;
	/* The known kinds at 0, so a series exists before its first kill. */
	for (i = 0; osn_kind_name(i); i++)
		kind_slot(osn_kind_name(i));
	state_path(path, sizeof(path));
	o = json_object_from_file(path);
	if (!o && access(path, F_OK) == 0) {
		osnd_log(LOG_ERR, "target textfile: %s is not a state file "
			 "oomsnapd wrote; remove it (the counts then start "
			 "again from the archive files present)", path);
		return -EINVAL;
	}
	if (o) {
		if (json_object_object_get_ex(o, "counted", &v))
			snprintf(tf.counted, sizeof(tf.counted), "%s",
				 json_object_get_string(v));
		if (json_object_object_get_ex(o, "last_kill_ns", &v))
			tf.last_kill_ns = json_object_get_uint64(v);
		if (json_object_object_get_ex(o, "kills", &v) &&
		    json_object_is_type(v, json_type_object)) {
			json_object_object_foreach(v, key, val) {
				k = kind_slot(key);
				if (k)
					k->n = json_object_get_uint64(val);
			}
		}
		json_object_put(o);
	}
	tf.loaded = true;
	tf.changed = true;	/* written once at start */
	return 0;
}

static int save_state(void)
{
	struct json_object *o, *kills;
	char path[PATH_MAX + 32];
	const char *s;
	size_t i;
	int err = -ENOMEM;

	o = json_object_new_object();
	kills = json_object_new_object();
	if (!o || !kills)
		goto out;
	for (i = 0; i < tf.nkinds; i++)
		if (json_object_object_add(kills, tf.kinds[i].kind,
				json_object_new_uint64(tf.kinds[i].n)))
			goto out;
	if (json_object_object_add(o, "counted",
				   json_object_new_string(tf.counted)) ||
	    json_object_object_add(o, "last_kill_ns",
				   json_object_new_uint64(tf.last_kill_ns)))
		goto out;
	err = json_object_object_add(o, "kills", kills) ? -ENOMEM : 0;
	kills = NULL;
	if (err)
		goto out;
	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	state_path(path, sizeof(path));
	err = s ? osnd_write_atomic(path, s, strlen(s)) : -ENOMEM;
out:
	json_object_put(kills);
	json_object_put(o);
	return err;
}

static int textfile_deliver(struct osnd_target *t, struct osn_archive *a,
			    const char *name)
{
	char src[PATH_MAX];
	struct json_object *o, *v;
	struct kind_count *k;
	uint64_t time_ns;
	int err;

	(void)t;
	err = load_state();
	if (err)
		return err;
	if (tf.counted[0] && strcmp(name, tf.counted) <= 0)
		return 0;	/* counted before a crash */
	if (osn_archive_parse_name(name, &time_ns, NULL, NULL))
		return 0;
	snprintf(src, sizeof(src), "%s/%s", osn_archive_path(a), name);
	o = json_object_from_file(src);
	if (!o)
		/* Gone (retention, by hand): nothing to count. */
		return access(src, F_OK) && errno == ENOENT ? 0 : -EINVAL;
	if (!json_object_object_get_ex(o, "kind", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		json_object_put(o);
		return -EINVAL;
	}
	k = kind_slot(json_object_get_string(v));
	json_object_put(o);
	if (!k)
		return -EINVAL;
	k->n++;
	if (time_ns > tf.last_kill_ns)
		tf.last_kill_ns = time_ns;
	snprintf(tf.counted, sizeof(tf.counted), "%s", name);
	tf.changed = true;
	err = save_state();
	if (err)
		tf.loaded = false;	/* not saved: read the file again */
	return err;
}

static int textfile_flush(struct osnd_target *t)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	int err;

	(void)t;
	err = load_state();
	if (err)
		return err;
	if (!tf.changed)
		return 0;
	f = open_memstream(&buf, &len);
	if (!f)
		return -ENOMEM;
	qsort(tf.kinds, tf.nkinds, sizeof(tf.kinds[0]), cmp_kind);
	fprintf(f, "# HELP oomsnap_kills_total OOM kills archived by "
		"oomsnapd, by kind.\n"
		"# TYPE oomsnap_kills_total counter\n");
	for (i = 0; i < tf.nkinds; i++)
		fprintf(f, "oomsnap_kills_total{kind=\"%s\"} %" PRIu64 "\n",
			tf.kinds[i].kind, tf.kinds[i].n);
	if (tf.has_module)
		fprintf(f, "# HELP oomsnap_kills_unstored_total OOM kills the "
			"kernel module could not store.\n"
			"# TYPE oomsnap_kills_unstored_total counter\n"
			"oomsnap_kills_unstored_total %" PRIu64 "\n"
			"# HELP oomsnap_records_unacknowledged Records the "
			"kernel module holds that are not archived yet.\n"
			"# TYPE oomsnap_records_unacknowledged gauge\n"
			"oomsnap_records_unacknowledged %" PRIu32 "\n",
			tf.module.lost, tf.module.unacked);
	if (tf.last_kill_ns)
		fprintf(f, "# HELP oomsnap_last_kill_timestamp_seconds Kill "
			"time of the newest archived record.\n"
			"# TYPE oomsnap_last_kill_timestamp_seconds gauge\n"
			"oomsnap_last_kill_timestamp_seconds %" PRIu64
			".%09" PRIu64 "\n", tf.last_kill_ns / NSEC,
			tf.last_kill_ns % NSEC);
	if (tf.has_module)
		fprintf(f, "# HELP oomsnap_persistent Whether the kernel "
			"module's records survive a warm reboot.\n"
			"# TYPE oomsnap_persistent gauge\n"
			"oomsnap_persistent %d\n", tf.module.persistent);
	if (fclose(f)) {
		free(buf);
		return -ENOMEM;
	}
	err = osnd_write_atomic(tf.path, buf, len);
	free(buf);
	if (!err)
		tf.changed = false;
	return err;
}

void osnd_textfile_module(const struct osn_status *st)
{
	if (!st) {
		if (tf.has_module)
			tf.changed = true;
		tf.has_module = false;
		return;
	}
	if (!tf.has_module || tf.module.lost != st->lost ||
	    tf.module.unacked != st->unacked ||
	    tf.module.persistent != st->persistent)
		tf.changed = true;
	tf.has_module = true;
	tf.module = *st;
}

int osnd_textfile_add(const char *path)
{
	struct osnd_target *t;

	memset(&tf, 0, sizeof(tf));
	snprintf(tf.path, sizeof(tf.path), "%s", path);
	t = osnd_targets_add("textfile", textfile_deliver, NULL);
	if (!t)
		return -ENOSPC;
	t->flush = textfile_flush;
	snprintf(t->id, sizeof(t->id), "textfile");
	return 0;
}
