// SPDX-License-Identifier: GPL-2.0
/*
 * record_json.c - a record back from the JSON object osn_record_to_json()
 * builds, key by key in the renderers' order (render_json*.c).  Every
 * value is checked for its type and range and every derived value (kB of
 * whole pages, rss_kb the sum of its parts, strings in the canonical form
 * of json_bytes.h, times and masks as format.c writes them) against its
 * sources, so that what is accepted renders back to the same JSON text;
 * anything else is refused with the key named, never guessed.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "format.h"
#include "json_bytes.h"
#include "record_json.h"

#define NSEC_PER_SEC	1000000000ULL
#define NSEC_PER_USEC	1000ULL

/* Where in the object the parser is, for the reason of a refusal. */
struct jp {
	const char *where;		/* "", "trigger", "tasks[3]", ... */
	char wbuf[48];
	struct osn_record *rec;
	size_t cap_cgroups;
};

static __thread char why_buf[192];

static int bad(struct jp *p, const char *key, const char *what)
{
	snprintf(why_buf, sizeof(why_buf), "%s%s%s: %s", p->where,
		 *p->where && key ? "." : "", key ? key : "", what);
	return -EINVAL;
}

/* The value under key (NULL for null); -EINVAL when the key is absent. */
static int field(struct jp *p, struct json_object *o, const char *key,
		 struct json_object **v)
{
	if (!json_object_object_get_ex(o, key, v))
		return bad(p, key, "missing");
	return 0;
}

/* An integer in [min, max]; null only when has is not NULL (*has false). */
static int get_num(struct jp *p, struct json_object *o, const char *key,
		   int64_t min, uint64_t max, bool *has, int64_t *sv,
		   uint64_t *uv)
{
	struct json_object *v;
	int64_t i;
	uint64_t u;
	int err = field(p, o, key, &v);

	if (err)
		return err;
	if (has)
		*has = v != NULL;
	if (!v) {
		if (has)
			return 0;
		return bad(p, key, "is null");
	}
	if (!json_object_is_type(v, json_type_int))
		return bad(p, key, "not an integer");
	i = json_object_get_int64(v);
	if (i < 0) {
		if (i < min)
			return bad(p, key, "out of range");
		if (sv)
			*sv = i;
		if (uv)
			*uv = (uint64_t)i;
		return 0;
	}
	u = json_object_get_uint64(v);
	if (u > max || (min > 0 && u < (uint64_t)min))
		return bad(p, key, "out of range");
	if (sv)
		*sv = (int64_t)u;
	if (uv)
		*uv = u;
	return 0;
}

static int get_u64(struct jp *p, struct json_object *o, const char *key,
		   uint64_t max, uint64_t *v)
{
	return get_num(p, o, key, 0, max, NULL, NULL, v);
}

static int get_u32(struct jp *p, struct json_object *o, const char *key,
		   uint32_t *v)
{
	uint64_t u;
	int err = get_u64(p, o, key, UINT32_MAX, &u);

	if (!err)
		*v = (uint32_t)u;
	return err;
}

static int get_s32(struct jp *p, struct json_object *o, const char *key,
		   int32_t *v)
{
	int64_t s;
	int err = get_num(p, o, key, INT32_MIN, INT32_MAX, NULL, &s, NULL);

	if (!err)
		*v = (int32_t)s;
	return err;
}

static int get_opt(struct jp *p, struct json_object *o, const char *key,
		   uint64_t max, struct osn_opt *v)
{
	*v = (struct osn_opt){ false, 0 };
	return get_num(p, o, key, 0, max, &v->has, NULL, &v->v);
}

/* A kB value back to pages: it must be a whole number of them. */
static int kb_to_pages(struct jp *p, const char *key, uint64_t kb,
		       uint32_t page_size, uint64_t *pages)
{
	uint64_t per = page_size / 1024;

	if (kb % per)
		return bad(p, key, "not a whole number of pages");
	*pages = kb / per;
	return 0;
}

static int get_pages(struct jp *p, struct json_object *o, const char *key,
		     uint64_t *pages)
{
	uint64_t kb;
	int err = get_u64(p, o, key, UINT64_MAX, &kb);

	return err ? err : kb_to_pages(p, key, kb, p->rec->page_size, pages);
}

/* As get_opt(), for a key added later: an older archive file lacks it. */
static int get_opt_added(struct jp *p, struct json_object *o, const char *key,
			 uint64_t max, struct osn_opt *v)
{
	if (!json_object_object_get_ex(o, key, NULL)) {
		*v = (struct osn_opt){ false, 0 };
		return 0;
	}
	return get_opt(p, o, key, max, v);
}

static int get_opt_pages(struct jp *p, struct json_object *o,
			 const char *key, struct osn_opt *v)
{
	int err = get_opt(p, o, key, UINT64_MAX, v);

	if (err || !v->has)
		return err;
	return kb_to_pages(p, key, v->v, p->rec->page_size, &v->v);
}

static int get_bool(struct jp *p, struct json_object *o, const char *key,
		    bool *b)
{
	struct json_object *v;
	int err = field(p, o, key, &v);

	if (err)
		return err;
	if (!v || !json_object_is_type(v, json_type_boolean))
		return bad(p, key, "not true or false");
	*b = json_object_get_boolean(v);
	return 0;
}

/* An object or array under key; NULL for null when nullable. */
static int get_typed(struct jp *p, struct json_object *o, const char *key,
		     enum json_type type, bool nullable,
		     struct json_object **v)
{
	int err = field(p, o, key, v);

	if (err)
		return err;
	if (!*v && nullable)
		return 0;
	if (!*v || !json_object_is_type(*v, type))
		return bad(p, key, type == json_type_array ? "not an array" :
			   "not an object");
	return 0;
}

/* A string that is no kernel bytes (a name, a number's text). */
static int get_plain(struct jp *p, struct json_object *o, const char *key,
		     bool nullable, const char **s)
{
	struct json_object *v;
	int err = field(p, o, key, &v);

	if (err)
		return err;
	*s = NULL;
	if (!v && nullable)
		return 0;
	if (!v || !json_object_is_type(v, json_type_string))
		return bad(p, key, "not a string");
	*s = json_object_get_string(v);
	return 0;
}

/*
 * Kernel bytes by the rule of json_bytes.h into buf.  Only the form the
 * renderer writes is accepted: key_hex exactly when the bytes are not
 * UTF-8, and key then their U+FFFD-replaced text.
 */
static int get_bytes(struct jp *p, struct json_object *o, const char *key,
		     char *buf, size_t size, bool *present)
{
	struct json_object *v, *canon, *cv, *h;
	char hkey[64];
	bool hex, want_hex;
	int err = field(p, o, key, &v);

	if (err)
		return err;
	buf[0] = '\0';
	if (present)
		*present = v != NULL;
	if (!v) {
		if (present)
			return 0;
		return bad(p, key, "is null");
	}
	if (!json_object_is_type(v, json_type_string))
		return bad(p, key, "not a string");
	if (osn_json_get_bytes(o, key, buf, size))
		return bad(p, key, "too long, holds a NUL, or its _hex sibling "
			   "is not hex");

	snprintf(hkey, sizeof(hkey), "%s_hex", key);
	hex = json_object_object_get_ex(o, hkey, &h);
	canon = json_object_new_object();
	if (!canon || osn_json_add_bytes(canon, key, buf)) {
		json_object_put(canon);
		return -ENOMEM;
	}
	want_hex = json_object_object_get_ex(canon, hkey, NULL);
	json_object_object_get_ex(canon, key, &cv);
	err = hex != want_hex ||
	      strcmp(json_object_get_string(cv), json_object_get_string(v));
	json_object_put(canon);
	if (err)
		return bad(p, key, hex ? "_hex sibling does not match the text" :
			   "not valid UTF-8 and no _hex sibling");
	return 0;
}

int osn_current_boot_id(uint8_t id[OOMSNAP_BOOT_ID_BYTES])
{
	char buf[64];
	size_t n;
	FILE *f = fopen(OSN_BOOT_ID_PATH, "re");

	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	return osn_parse_boot_id(buf, id);
}

int osn_parse_time(const char *s, uint64_t *time_ns)
{
	char back[OSN_TIME_LEN];
	struct tm tm = { 0 };
	unsigned int usec;
	time_t t;
	int n = -1;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d.%6uZ%n", &tm.tm_year,
		   &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &usec, &n) != 7 || n < 0 || s[n])
		return -EINVAL;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (t < 0 || usec >= 1000000)
		return -EINVAL;
	*time_ns = (uint64_t)t * NSEC_PER_SEC + usec * NSEC_PER_USEC;
	/* Month 13, second 61, missing zeros: not as the formatter wrote it. */
	if (osn_format_time(*time_ns, back, sizeof(back)) || strcmp(back, s))
		return -EINVAL;
	return 0;
}

/* A name of name(), or "unknown(N)" for a value it does not name. */
static int get_enum(struct jp *p, struct json_object *o, const char *key,
		    bool nullable, bool *has, uint32_t *v, unsigned int last,
		    const char *(*name)(uint32_t),
		    const char *(*str)(uint32_t, char *, size_t))
{
	char buf[OSN_ENUM_LEN];
	unsigned long long n;
	const char *s;
	char *end;
	uint32_t i;
	int err = get_plain(p, o, key, nullable, &s);

	if (err)
		return err;
	if (has)
		*has = s != NULL;
	if (!s)
		return 0;
	for (i = 0; i < last; i++) {
		if (name(i) && !strcmp(name(i), s)) {
			*v = i;
			return 0;
		}
	}
	if (strncmp(s, "unknown(", 8) || s[8] < '0' || s[8] > '9')
		return bad(p, key, "not a name this library knows, nor "
			   "unknown(N)");
	errno = 0;
	n = strtoull(s + 8, &end, 10);
	if (errno || n > UINT32_MAX || strcmp(end, ")"))
		return bad(p, key, "unknown(N) with N not a 32-bit number");
	/* "unknown(1)" for a known value, or with leading zeros: refused. */
	if (strcmp(str((uint32_t)n, buf, sizeof(buf)), s))
		return bad(p, key, "unknown(N) of a known value or not in "
			   "canonical form");
	*v = (uint32_t)n;
	return 0;
}

static int parse_gfp(struct jp *p, struct json_object *o)
{
	char back[OSN_GFP_LEN];
	unsigned long long v;
	const char *s;
	char *end;
	int err = get_plain(p, o, "gfp_mask", false, &s);

	if (err)
		return err;
	if (strncmp(s, "0x", 2))
		return bad(p, "gfp_mask", "not 0x<hex>");
	errno = 0;
	v = strtoull(s + 2, &end, 16);
	if (errno || *end || v > UINT32_MAX)
		return bad(p, "gfp_mask", "not a 32-bit 0x<hex>");
	p->rec->gfp_mask = (uint32_t)v;
	if (osn_format_gfp(p->rec->gfp_mask, back, sizeof(back)) ||
	    strcmp(back, s))
		return bad(p, "gfp_mask", "not in the kernel's form (0x, lower "
			   "case, no leading zeros)");
	return 0;
}

/* "0-1,3" as the kernel's %*pbl writes it, back into words. */
static int parse_nodemask(struct jp *p, struct json_object *o)
{
	struct osn_record *r = p->rec;
	char back[OSN_NODEMASK_LEN];
	unsigned long first, last, max = 0, n;
	const char *s, *c;
	char *end;
	int err = get_plain(p, o, "nodemask", true, &s);

	if (err || !s)
		return err;
	memset(r->nodemask, 0, sizeof(r->nodemask));
	for (c = s; *c;) {
		if (*c < '0' || *c > '9')
			return bad(p, "nodemask", "not a list of nodes");
		first = last = strtoul(c, &end, 10);
		if (*end == '-') {
			if (end[1] < '0' || end[1] > '9')
				return bad(p, "nodemask", "bad range");
			last = strtoul(end + 1, &end, 10);
		}
		if (first > last || last >= OSN_NODEMASK_WORDS * 64)
			return bad(p, "nodemask", "node out of range");
		for (n = first; n <= last; n++)
			r->nodemask[n / 64] |= 1ULL << (n % 64);
		if (last > max)
			max = last;
		if (*end == ',' && end[1])
			end++;
		else if (*end)
			return bad(p, "nodemask", "not a list of nodes");
		c = end;
	}
	r->nodemask_words = max / 64 + 1;
	if (osn_format_nodemask(r->nodemask, r->nodemask_words, back,
				sizeof(back)) || strcmp(back, s))
		return bad(p, "nodemask", "not in the kernel's form");
	return 0;
}

static int parse_trigger(struct jp *p, struct json_object *o)
{
	struct osn_record *r = p->rec;
	int err;

	p->where = "trigger";
	if ((err = get_u32(p, o, "pid", &r->trigger.pid)) ||
	    (err = get_u32(p, o, "tgid", &r->trigger.tgid)) ||
	    (err = get_bytes(p, o, "comm", r->trigger.comm,
			     sizeof(r->trigger.comm), NULL)) ||
	    (err = parse_gfp(p, o)) ||
	    (err = get_bytes(p, o, "gfp_flags", r->gfp_flags,
			     sizeof(r->gfp_flags), &r->has_gfp_flags)) ||
	    (err = get_s32(p, o, "order", &r->order)) ||
	    (err = get_s32(p, o, "oom_score_adj",
			   &r->trigger.oom_score_adj)) ||
	    (err = get_enum(p, o, "constraint", true, &r->has_constraint,
			    &r->constraint, __OOMSNAP_CONSTRAINT_LAST,
			    osn_constraint_name, osn_constraint_str)) ||
	    (err = parse_nodemask(p, o)) ||
	    (err = get_opt(p, o, "totalpages", UINT64_MAX, &r->totalpages)))
		return err;
	return 0;
}

/* The id of path in the cgroup table being rebuilt (added if new). */
static int cgroup_id(struct jp *p, const char *path, uint64_t *id)
{
	struct osn_record *r = p->rec;
	size_t i;

	for (i = r->nr_cgroups; i-- > 0;) {
		if (!strcmp(r->cgroups[i].path, path)) {
			*id = r->cgroups[i].id;
			return 0;
		}
	}
	if (r->nr_cgroups == p->cap_cgroups) {
		size_t cap = p->cap_cgroups ? p->cap_cgroups * 2 : 16;
		void *v = reallocarray(r->cgroups, cap, sizeof(*r->cgroups));

		if (!v)
			return -ENOMEM;
		r->cgroups = v;
		p->cap_cgroups = cap;
	}
	/* Made-up ids, ascending: the table stays sorted by id. */
	r->cgroups[r->nr_cgroups].id = r->nr_cgroups + 1;
	strcpy(r->cgroups[r->nr_cgroups].path, path);
	*id = r->cgroups[r->nr_cgroups++].id;
	return 0;
}

static int get_cgroup(struct jp *p, struct json_object *o,
		      struct osn_task *t)
{
	char path[OOMSNAP_PATH_LEN];
	bool present;
	int err = get_bytes(p, o, "cgroup", path, sizeof(path), &present);

	if (err || !present)
		return err;
	t->cgroup_id.has = true;
	return cgroup_id(p, path, &t->cgroup_id.v);
}

static int get_state(struct jp *p, struct json_object *o, char *state)
{
	const char *s;
	int err = get_plain(p, o, "state", true, &s);

	if (err)
		return err;
	if (s && strlen(s) != 1)
		return bad(p, "state", "not one letter");
	*state = s ? s[0] : '\0';
	return 0;
}

static int get_points(struct jp *p, struct json_object *o,
		      struct osn_task *t)
{
	return get_num(p, o, "points", INT64_MIN, INT64_MAX, &t->has_points,
		       &t->points, NULL);
}

/*
 * The memory of a process: mm_readable, then each quantity, all null when
 * it is not readable.  rss: the key of the anon quantity ("anon_rss_kb"
 * for the victim, "rss_anon_kb" for a row).
 */
struct mem_keys {
	const char *anon, *file, *shmem;
};

static int get_mem(struct jp *p, struct json_object *o, struct osn_task *t,
		   const struct mem_keys *k)
{
	static const char *const all[] = { "total_vm_kb", "pgtables_kb",
					   "swap_kb" };
	bool mm;
	uint64_t kb;
	size_t i;
	int err;

	if ((err = get_bool(p, o, "mm_readable", &mm)))
		return err;
	t->no_mm = !mm;
	if (t->no_mm) {
		const char *keys[] = { all[0], all[1], all[2], k->anon,
				       k->file, k->shmem };
		struct json_object *v;

		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			if ((err = field(p, o, keys[i], &v)))
				return err;
			if (v)
				return bad(p, keys[i], "not null while "
					   "mm_readable is false");
		}
		return 0;
	}
	if ((err = get_pages(p, o, "total_vm_kb", &t->total_vm_pages)) ||
	    (err = get_pages(p, o, k->anon, &t->rss_anon_pages)) ||
	    (err = get_pages(p, o, k->file, &t->rss_file_pages)) ||
	    (err = get_pages(p, o, k->shmem, &t->rss_shmem_pages)) ||
	    (err = get_u64(p, o, "pgtables_kb", UINT64_MAX >> 10, &kb)) ||
	    (err = get_opt_pages(p, o, "swap_kb", &t->swap_ents)))
		return err;
	t->pgtables_bytes = kb << 10;
	return 0;
}

static int parse_victim_as(struct jp *p, struct json_object *o,
			   struct osn_task *v)
{
	static const struct mem_keys mk = { "anon_rss_kb", "file_rss_kb",
					     "shmem_rss_kb" };
	int err;

	if (!json_object_is_type(o, json_type_object))
		return bad(p, NULL, "not a JSON object");
	if ((err = get_u32(p, o, "pid", &v->pid)) ||
	    (err = get_u32(p, o, "tgid", &v->tgid)) ||
	    (err = get_bytes(p, o, "comm", v->comm, sizeof(v->comm), NULL)) ||
	    (err = get_u32(p, o, "uid", &v->uid)) ||
	    (err = get_s32(p, o, "oom_score_adj", &v->oom_score_adj)) ||
	    (err = get_mem(p, o, v, &mk)) ||
	    (err = get_opt(p, o, "ppid", UINT32_MAX, &v->ppid)) ||
	    (err = get_state(p, o, &v->state)) ||
	    (err = get_points(p, o, v)) ||
	    (err = get_cgroup(p, o, v)) ||
	    (err = get_bool(p, o, "exiting", &v->exiting)))
		return err;
	return 0;
}

static int parse_victim(struct jp *p, struct json_object *o)
{
	p->where = "victim";
	return parse_victim_as(p, o, &p->rec->victim);
}

/* "victims" (added later: absent from older archives), the victim first. */
static int parse_victims(struct jp *p, struct json_object *o)
{
	struct osn_record *r = p->rec;
	struct json_object *arr = NULL;
	size_t i, n;
	int err;

	if (json_object_object_get_ex(o, "victims_omitted", NULL) &&
	    (err = get_opt(p, o, "victims_omitted", UINT32_MAX,
			   &r->victims_omitted)))
		return err;
	if (json_object_object_get_ex(o, "no_task_walk", NULL) &&
	    (err = get_bool(p, o, "no_task_walk", &r->no_task_walk)))
		return err;
	if (json_object_object_get_ex(o, "tasks_dropped", NULL) &&
	    (err = get_bool(p, o, "tasks_dropped", &r->tasks_dropped)))
		return err;
	if (json_object_object_get_ex(o, "victims", NULL) &&
	    (err = get_typed(p, o, "victims", json_type_array, true, &arr)))
		return err;
	if (!arr)
		return 0;
	if (r->panic)
		return bad(p, "victims", "not null on a panic record");
	n = json_object_array_length(arr);
	if (!n)
		return bad(p, "victims", "empty");
	r->victims = calloc(n, sizeof(*r->victims));
	if (!r->victims)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		snprintf(p->wbuf, sizeof(p->wbuf), "victims[%zu]", i);
		p->where = p->wbuf;
		err = parse_victim_as(p, json_object_array_get_idx(arr, i),
				      &r->victims[i]);
		if (err)
			return err;
		r->nr_victims++;
	}
	p->where = "";
	if (memcmp(&r->victims[0], &r->victim, sizeof(r->victim)))
		return bad(p, "victims", "the first is not the victim");
	r->has_victims = true;
	return 0;
}

/*
 * A memcg limit: null is "max" (no limit) when its counter was sent, since
 * the module sends the memcg counters all together (kmod/genl.c), and
 * "not sent" when the counter was not either.
 */
static int get_limit(struct jp *p, struct json_object *o, const char *key,
		     bool counter_sent, struct osn_opt *v)
{
	int err = get_opt_pages(p, o, key, v);

	if (!err && !v->has && counter_sent)
		*v = (struct osn_opt){ true, UINT64_MAX };
	if (!err && v->has && v->v != UINT64_MAX &&
	    osn_page_counter_is_max(v->v, p->rec->page_size))
		return bad(p, key, "above the largest limit (is \"max\", "
			   "written null)");
	return err;
}

static int parse_memcg(struct jp *p, struct json_object *o)
{
	struct osn_record *r = p->rec;
	struct osn_memcg *m = &r->memcg;
	int err;

	p->where = "memcg";
	if ((err = get_bytes(p, o, "path", r->memcg_path,
			     sizeof(r->memcg_path), NULL)) ||
	    (err = get_opt(p, o, "id", UINT64_MAX, &m->id)) ||
	    (err = get_opt_pages(p, o, "usage_kb", &m->usage_pages)) ||
	    (err = get_limit(p, o, "max_kb", m->usage_pages.has,
			     &m->max_pages)) ||
	    (err = get_limit(p, o, "high_kb", m->usage_pages.has,
			     &m->high_pages)) ||
	    (err = get_opt_pages(p, o, "swap_kb", &m->swap_pages)) ||
	    (err = get_limit(p, o, "swap_max_kb", m->swap_pages.has,
			     &m->swap_max_pages)) ||
	    (err = get_opt(p, o, "oom", UINT64_MAX, &m->oom_events)) ||
	    (err = get_opt(p, o, "oom_kill", UINT64_MAX,
			   &m->oom_kill_events)))
		return err;
	r->has_memcg = true;
	return 0;
}

static int parse_omitted(struct jp *p, struct json_object *o)
{
	struct osn_record *r = p->rec;
	int err;

	p->where = "tasks_omitted";
	r->tasks_omitted.has = true;
	if ((err = get_u64(p, o, "count", UINT64_MAX, &r->tasks_omitted.v)) ||
	    (err = get_opt_pages(p, o, "rss_kb", &r->tasks_omitted_rss_pages)))
		return err;
	return 0;
}

static int u64_array(struct jp *p, struct json_object *o, const char *key,
		     uint64_t *v, unsigned int max, unsigned int *n)
{
	struct json_object *arr, *e;
	size_t i, len;
	int err = get_typed(p, o, key, json_type_array, false, &arr);

	if (err)
		return err;
	len = json_object_array_length(arr);
	if (len > max)
		return bad(p, key, "too many entries");
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(arr, i);
		if (!e || !json_object_is_type(e, json_type_int) ||
		    json_object_get_int64(e) < 0)
			return bad(p, key, "an entry is not a non-negative "
				   "integer");
		v[i] = json_object_get_uint64(e);
	}
	*n = len;
	return 0;
}

static int parse_zone(struct jp *p, struct json_object *o, struct osn_zone *z)
{
	int err;

	if (!json_object_is_type(o, json_type_object))
		return bad(p, NULL, "not an object");
	if ((err = get_u32(p, o, "node", &z->node)) ||
	    (err = get_bytes(p, o, "zone", z->name, sizeof(z->name), NULL)) ||
	    (err = get_pages(p, o, "free_kb", &z->free)) ||
	    (err = get_pages(p, o, "min_kb", &z->min)) ||
	    (err = get_pages(p, o, "low_kb", &z->low)) ||
	    (err = get_pages(p, o, "high_kb", &z->high)) ||
	    (err = get_pages(p, o, "boost_kb", &z->boost)) ||
	    (err = get_pages(p, o, "managed_kb", &z->managed)) ||
	    (err = get_pages(p, o, "present_kb", &z->present)) ||
	    (err = u64_array(p, o, "lowmem_reserve", z->lowmem_reserve,
			     OSN_MAX_ZONE_IDX, &z->nr_reserve)) ||
	    (err = u64_array(p, o, "free_blocks", z->free_blocks,
			     OSN_MAX_ORDERS, &z->nr_orders)))
		return err;
	return 0;
}

static int parse_zones(struct jp *p, struct json_object *arr)
{
	struct osn_record *r = p->rec;
	size_t i, n = json_object_array_length(arr);
	int err;

	r->has_zones = true;
	if (!n)
		return 0;
	r->zones = calloc(n, sizeof(*r->zones));
	if (!r->zones)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		snprintf(p->wbuf, sizeof(p->wbuf), "zones[%zu]", i);
		p->where = p->wbuf;
		err = parse_zone(p, json_object_array_get_idx(arr, i),
				 &r->zones[i]);
		if (err)
			return err;
		r->nr_zones++;
	}
	return 0;
}

static int parse_meminfo(struct jp *p, struct json_object *o)
{
	struct osn_record *r = p->rec;
	unsigned int i;
	int err;

	p->where = "meminfo";
	r->has_meminfo = true;
	for (i = 0; i <= OOMSNAP_MEMINFO_A_MAX; i++) {
		const char *key = osn_meminfo_key(i);

		if (key && (err = (i == OOMSNAP_MEMINFO_A_PANIC_ON_OOM ?
				   get_opt_added : get_opt)(p, o, key,
							    UINT64_MAX,
							    &r->meminfo[i])))
			return err;
	}
	return 0;
}

static int parse_vmstat(struct jp *p, struct json_object *o)
{
	struct osn_record *r = p->rec;
	size_t n = json_object_object_length(o);
	int err;

	p->where = "vmstat";
	r->has_vmstat = true;
	if (!n)
		return 0;
	r->vmstat = calloc(n, sizeof(*r->vmstat));
	if (!r->vmstat)
		return -ENOMEM;
	json_object_object_foreach(o, key, val) {
		struct osn_vmstat *v = &r->vmstat[r->nr_vmstat];

		(void)val;
		if (!key[0] || strlen(key) >= sizeof(v->name))
			return bad(p, key, "counter name empty or too long");
		strcpy(v->name, key);
		if ((err = get_u64(p, o, key, UINT64_MAX, &v->value)))
			return err;
		r->nr_vmstat++;
	}
	return 0;
}

static int parse_system(struct jp *p, struct json_object *o)
{
	struct osn_system *s = &p->rec->system;
	const char *boot;
	int err;

	p->where = "system";
	p->rec->has_system = true;
	if ((err = get_bytes(p, o, "release", s->release, sizeof(s->release),
			     NULL)) ||
	    (err = get_bytes(p, o, "hostname", s->hostname,
			     sizeof(s->hostname), NULL)) ||
	    (err = get_u64(p, o, "uptime_ns", UINT64_MAX, &s->uptime_ns)) ||
	    (err = get_plain(p, o, "boot_id", true, &boot)))
		return err;
	if (boot) {
		if (strlen(boot) >= sizeof(s->boot_id))
			return bad(p, "boot_id", "too long");
		strcpy(s->boot_id, boot);
		s->has_boot_id = true;
	}
	return 0;
}

/*
 * start_time is the wall clock of the record's time minus the process's
 * age (uptime minus its start on the boot-based clock): the age is what
 * the JSON gives back, so the start on the boot-based clock is rebuilt
 * from the record's uptime and renders to the same text.
 */
static int get_start(struct jp *p, struct json_object *o,
		     struct osn_task *t)
{
	struct osn_record *r = p->rec;
	uint64_t wall, age;
	const char *s;
	int err = get_plain(p, o, "start_time", true, &s);

	if (err || !s)
		return err;
	if (osn_parse_time(s, &wall))
		return bad(p, "start_time", "not an RFC 3339 time as oomsnap "
			   "writes it");
	if (!r->has_system)
		return bad(p, "start_time", "given on a record without "
			   "system.uptime_ns");
	if (wall > r->time_ns || r->time_ns - wall > r->system.uptime_ns)
		return bad(p, "start_time", "after the kill or before the "
			   "boot");
	age = r->time_ns - wall;
	t->start_time_ns = (struct osn_opt){ true, r->system.uptime_ns - age };
	return 0;
}

static int parse_task(struct jp *p, struct json_object *o, struct osn_task *t)
{
	static const struct mem_keys mk = { "rss_anon_kb", "rss_file_kb",
					    "rss_shmem_kb" };
	struct json_object *v;
	uint64_t rss;
	int err;

	if (!json_object_is_type(o, json_type_object))
		return bad(p, NULL, "not an object");
	if ((err = get_u32(p, o, "pid", &t->pid)) ||
	    (err = get_u32(p, o, "tgid", &t->tgid)) ||
	    (err = get_opt(p, o, "ppid", UINT32_MAX, &t->ppid)) ||
	    (err = get_u32(p, o, "uid", &t->uid)) ||
	    (err = get_bytes(p, o, "comm", t->comm, sizeof(t->comm), NULL)) ||
	    (err = get_state(p, o, &t->state)) ||
	    (err = get_mem(p, o, t, &mk)) ||
	    (err = get_s32(p, o, "oom_score_adj", &t->oom_score_adj)) ||
	    (err = get_points(p, o, t)) ||
	    (err = get_cgroup(p, o, t)) ||
	    (err = get_start(p, o, t)) ||
	    (err = get_bool(p, o, "in_scope", &t->in_scope)))
		return err;
	if (t->no_mm) {
		if ((err = field(p, o, "rss_kb", &v)))
			return err;
		return v ? bad(p, "rss_kb", "not null while mm_readable is "
			       "false") : 0;
	}
	if ((err = get_u64(p, o, "rss_kb", UINT64_MAX, &rss)))
		return err;
	if (rss != osn_pages_to_kb(osn_task_rss_pages(t), p->rec->page_size))
		return bad(p, "rss_kb", "not rss_anon_kb + rss_file_kb + "
			   "rss_shmem_kb");
	return 0;
}

static int parse_tasks(struct jp *p, struct json_object *arr)
{
	struct osn_record *r = p->rec;
	size_t i, n = json_object_array_length(arr);
	int err;

	r->has_tables = true;
	if (n) {
		r->tasks = calloc(n, sizeof(*r->tasks));
		if (!r->tasks)
			return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		snprintf(p->wbuf, sizeof(p->wbuf), "tasks[%zu]", i);
		p->where = p->wbuf;
		err = parse_task(p, json_object_array_get_idx(arr, i),
				 &r->tasks[i]);
		if (err)
			return err;
		r->nr_tasks++;
	}
	/* As a record assembled from a GET dump says of itself. */
	r->tasks_stored = (struct osn_opt){ true, r->nr_tasks };
	r->cgroups_stored = (struct osn_opt){ true, r->nr_cgroups };
	return 0;
}

static int parse_time(struct jp *p, struct json_object *o)
{
	struct osn_record *r = p->rec;
	char back[OSN_TIME_LEN];
	struct osn_opt ns;
	const char *s;
	int err = get_plain(p, o, "time", false, &s);

	if (err)
		return err;
	if (osn_parse_time(s, &r->time_ns))
		return bad(p, "time", "not an RFC 3339 time as oomsnap writes "
			   "it");
	/* time_ns (added later) is exact: time drops the nanoseconds. */
	if (json_object_object_get_ex(o, "time_ns", NULL)) {
		if ((err = get_opt(p, o, "time_ns", UINT64_MAX, &ns)))
			return err;
		if (!ns.has)
			return bad(p, "time_ns", "is null");
		if (osn_format_time(ns.v, back, sizeof(back)) ||
		    strcmp(back, s))
			return bad(p, "time_ns", "is not the same time as "
				   "time");
		r->time_ns = ns.v;
	}
	return 0;
}

static int parse_top(struct jp *p, struct json_object *o)
{
	struct osn_record *r = p->rec;
	struct json_object *trig, *victim, *memcg, *omit, *zones, *mi, *vm;
	struct json_object *sys, *tasks;
	const char *boot;
	int err;

	if (!json_object_is_type(o, json_type_object))
		return bad(p, NULL, "not a JSON object");
	if ((err = get_u64(p, o, "seq", UINT64_MAX, &r->seq)) ||
	    (err = get_plain(p, o, "boot_id", true, &boot)) ||
	    (err = get_bool(p, o, "earlier_boot", &r->earlier_boot)) ||
	    (err = get_bool(p, o, "acknowledged", &r->acknowledged)) ||
	    (err = parse_time(p, o)) ||
	    (err = get_enum(p, o, "kind", false, NULL, &r->kind,
			    __OOMSNAP_KIND_LAST, osn_kind_name,
			    osn_kind_str)) ||
	    (err = get_bool(p, o, "panic", &r->panic)) ||
	    (err = get_opt(p, o, "lost_before", UINT64_MAX,
			   &r->lost_before)) ||
	    (err = get_u32(p, o, "page_size", &r->page_size)))
		return err;
	if (boot) {
		if (osn_parse_boot_id(boot, r->boot_id))
			return bad(p, "boot_id", "not a boot id (lower-case "
				   "UUID)");
		r->has_boot_id = true;
	}
	if (r->earlier_boot && !r->has_boot_id)
		return bad(p, "earlier_boot", "true on a record without "
			   "boot_id");
	if (r->page_size < 1024 || (r->page_size & (r->page_size - 1)))
		return bad(p, "page_size", "not a power of two >= 1024");

	/* Every nest is looked up first: a missing key is named as such. */
	if ((err = get_typed(p, o, "trigger", json_type_object, false,
			     &trig)) ||
	    (err = get_typed(p, o, "victim", json_type_object, true,
			     &victim)) ||
	    (err = get_typed(p, o, "memcg", json_type_object, true,
			     &memcg)) ||
	    (err = get_opt(p, o, "capture_ns", UINT64_MAX, &r->capture_ns)) ||
	    (err = get_opt_added(p, o, "facts_age_ns", UINT64_MAX,
				 &r->facts_age_ns)) ||
	    (err = get_typed(p, o, "tasks_omitted", json_type_object, true,
			     &omit)) ||
	    (err = get_opt(p, o, "tasks_unreadable", UINT64_MAX,
			   &r->tasks_unreadable)) ||
	    (err = get_opt(p, o, "kthreads", UINT64_MAX, &r->kthreads)) ||
	    (err = get_opt(p, o, "cgroups_omitted", UINT64_MAX,
			   &r->cgroups_omitted)) ||
	    (err = get_typed(p, o, "zones", json_type_array, true, &zones)) ||
	    (err = get_typed(p, o, "meminfo", json_type_object, true, &mi)) ||
	    (err = get_typed(p, o, "vmstat", json_type_object, true, &vm)) ||
	    (err = get_typed(p, o, "system", json_type_object, true, &sys)))
		return err;
	tasks = NULL;
	if (json_object_object_get_ex(o, "tasks", NULL) &&
	    (err = get_typed(p, o, "tasks", json_type_array, false, &tasks)))
		return err;

	if (r->panic && victim)
		return bad(p, "victim", "not null on a panic record");
	if (!r->panic && !victim)
		return bad(p, "victim", "null on a record that is no panic");
	if (osn_kind_name(r->kind) &&
	    (r->kind == OOMSNAP_KIND_MEMCG) != (memcg != NULL))
		return bad(p, "memcg", r->kind == OOMSNAP_KIND_MEMCG ?
			   "null on a memcg record" :
			   "not null on a global or sysrq record");

	/* system first: a row's start time needs the uptime. */
	if ((err = parse_trigger(p, trig)) ||
	    (sys && (err = parse_system(p, sys))) ||
	    (victim && (err = parse_victim(p, victim))) ||
	    (memcg && (err = parse_memcg(p, memcg))) ||
	    (omit && (err = parse_omitted(p, omit))) ||
	    (zones && (err = parse_zones(p, zones))) ||
	    (mi && (err = parse_meminfo(p, mi))) ||
	    (vm && (err = parse_vmstat(p, vm))) ||
	    (tasks && (err = parse_tasks(p, tasks))))
		return err;
	p->where = "";
	if ((err = parse_victims(p, o)))
		return err;
	r->has_victim = victim != NULL;
	return 0;
}

int osn_record_from_json(struct json_object *o, struct osn_record *out,
			 const char **why)
{
	struct jp p = { .where = "", .rec = out };
	int err;

	memset(out, 0, sizeof(*out));
	err = o ? parse_top(&p, o) : bad(&p, NULL, "not a JSON object");
	if (err)
		osn_record_free(out);
	if (why)
		*why = err == -EINVAL ? why_buf : NULL;
	return err;
}
