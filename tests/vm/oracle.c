// SPDX-License-Identifier: GPL-2.0
/*
 * oracle - check oomsnap's records against the kernel's own OOM report.
 *
 *   oracle [options] <dmesg.txt> <records.json>
 *
 * dmesg.txt is the kernel log (with or without "[   12.345678] " stamps).
 * records.json is the output of "oomsnap list --json" (an array of record
 * objects) or of "oomsnap show --json" (one object).
 *
 * Every "Killed process" line in the log (a pid's first within one OOM: see
 * repeated_kill()) must have exactly one record whose victim.pid matches,
 * and the number of records must equal the number of kills.  For each kill
 * every victim field, the kind, the trigger (from the nearest preceding
 * "invoked oom-killer" line) and the memcg path (from the nearest preceding
 * "oom-kill:constraint=" line) are compared.
 *
 * A full record (one with a "tasks" key; --full demands one) is also checked
 * against the rest of the report of its kill: gfp_flags, constraint and
 * nodemask of the trigger; min/low/high/present/managed of every zone line;
 * and every row of the kernel's task dump ("Tasks state ..." then one
 * "[  pid  ] ..." row per process; 6.12's header adds the rss split) against
 * the "tasks" row with the same pid: uid, tgid, total_vm, rss (and its
 * split), pgtables, swap, oom_score_adj, comm, in_scope and points (computed
 * as oom_badness() does, from the row and trigger.totalpages).  The rows
 * marked in_scope must be exactly the dump's rows; for a global OOM, "tasks"
 * is the dump plus pid 1.  Also capture_ns (0 < ns < 5 s) and kthreads.
 *
 * Options:
 *   --full              every record must be a full record
 *   --some              the records are some of the kills only (e.g. one
 *                       "show" of several kills, or a store that was full):
 *                       every record must match a "Killed process" line,
 *                       kills without a record are not checked
 *   --totalpages N      trigger.totalpages must be N
 *   --memcg-max KB      memcg.max_kb must be KB (and totalpages KB / page)
 *   --max-tasks N       the module was loaded with max_tasks=N: "tasks" has
 *                       N rows, the victim and the highest points; the rest
 *                       counted in tasks_omitted {count, rss_kb}
 *   --pid1-rss PAGES    pid 1's RSS (the dump omits pid 1), for
 *                       tasks_omitted.rss_kb; repeat for several readings
 *   --pid1-rss-slack PAGES  how far pid 1's RSS as the OOM killer reads it
 *                       may be from --pid1-rss: from 6.2 the RSS counters
 *                       are per-CPU; the OOM killer (and oomsnap) read
 *                       their approximate total, /proc the exact sum, which
 *                       differ by less than a batch (32) per counter and CPU
 *   --procs FILE        no task dump (vm.oom_dump_tasks=0): FILE is the
 *                       process list taken before the OOM ("self PID", then
 *                       "PID PPID UID COMM" lines, from hog -P); each one
 *                       but self must be in "tasks" (ppid, uid, comm), and
 *                       nothing else but the victim
 *
 * One line per field: "[ OK ] <field> <value>" or "[FAIL] <field> json=<a>
 * kernel=<b>"; the task table is summarized, its mismatches listed.
 *
 * Exit: 0 all fields match; 1 a mismatch, or no kill at all in the log;
 * 2 a file cannot be read or parsed; 64 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ctype.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#define MAX_EVENTS 256

struct row {		/* one row of the kernel's task dump */
	long pid, uid, tgid, adj;
	unsigned long total_vm, rss, anon, file, shmem, pgtables_bytes, swapents;
	char comm[64];
};

struct zone {		/* one "Node N ZONE free:..." line */
	long node;
	char name[32];
	unsigned long free, min, low, high, present, managed;
};

#define MAX_ZONES 16

struct trigger {
	char comm[64];
	unsigned long gfp;
	char gfp_flags[512];
	int has_flags;
	long order;
	long adj;
	/* the rest of this report */
	struct zone zones[MAX_ZONES];
	int nzones;
	int has_dump, dump_split;	/* split: 6.12's rss_anon/file/shmem */
	struct row *rows;
	int nrows, rows_cap;
	int in_dump;			/* still reading rows */
	int closed;			/* a kill followed: later lines are not this report's */
};

struct constraint {
	char constraint[64];
	char oom_memcg[512];	/* "" for a global OOM */
	int has_memcg;
	char nodemask[128];
	char task_memcg[512];
};

struct kill {
	int memcg;		/* "Memory cgroup out of memory: ..." */
	long pid;
	char comm[64];
	unsigned long total_vm, anon, file, shmem, pgtables;
	long uid;
	long adj;
	int trigger;		/* index into triggers, -1 if none */
	int constraint;		/* index into constraints, -1 if none */
};

static struct trigger triggers[MAX_EVENTS];
static struct constraint constraints[MAX_EVENTS];
static struct kill kills[MAX_EVENTS];
static int ntriggers, nconstraints, nkills;
static int repeats;	/* "Killed process" lines of a task already killed */
static int failures;

static struct {
	int full;
	int some;
	long long totalpages;
	long long memcg_max_kb;
	long max_tasks;
	long long pid1_rss[8];
	int npid1_rss;
	long long pid1_slack;
	const char *procs;
} opt = { .totalpages = -1, .memcg_max_kb = -1, .max_tasks = -1 };

/*
 * Drop a leading "[    1.234567] " stamp (and a "<4>" level) if present;
 * a task dump row's own "[    123]" has no '.', and stays.
 */
static const char *strip_prefix(const char *s)
{
	if (s[0] == '<') {
		const char *e = strchr(s, '>');

		if (e)
			s = e + 1;
	}
	if (s[0] == '[') {
		const char *e = strchr(s, ']');
		const char *dot = strchr(s, '.');

		if (e && dot && dot < e) {
			s = e + 1;
			if (*s == ' ')
				s++;
		}
	}
	return s;
}

static void copy_str(char *dst, size_t size, const char *src, size_t len)
{
	if (len >= size)
		len = size - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* "<comm> invoked oom-killer: gfp_mask=0x140dca(...), order=0, oom_score_adj=0" */
static int parse_trigger(const char *s, struct trigger *t)
{
	const char *key = " invoked oom-killer: gfp_mask=";
	const char *p = strstr(s, key);
	const char *o, *a;
	char *end;

	if (!p)
		return 0;
	memset(t, 0, sizeof(*t));
	copy_str(t->comm, sizeof(t->comm), s, p - s);
	t->gfp = strtoul(p + strlen(key), &end, 16);
	if (*end == '(') {
		const char *close = strstr(end, "), order=");

		if (close) {
			copy_str(t->gfp_flags, sizeof(t->gfp_flags), end + 1, close - end - 1);
			t->has_flags = 1;
		}
	}
	o = strstr(p, ", order=");
	a = strstr(p, ", oom_score_adj=");
	if (!o || !a)
		return 0;
	t->order = strtol(o + strlen(", order="), NULL, 10);
	t->adj = strtol(a + strlen(", oom_score_adj="), NULL, 10);
	return 1;
}

/*
 * A memory.oom.group kill prints "Killed process" once for the task the
 * kernel chose and once more for each member of the group, the chosen one
 * included when it still has its mm: oom_kill_memcg_member() calls
 * __oom_kill_process() for every member, which prints the line after
 * find_lock_task_mm() succeeds, while mark_oom_victim() returns at
 * test_and_set_tsk_thread_flag(TIF_MEMDIE) before the mark_victim
 * tracepoint the second time.  So the second line of a pid within one OOM
 * (same "invoked oom-killer" line) is the same kill, not a new victim; its
 * numbers are read later, while the task is already dying, and the first
 * line is the one to compare.
 */
static int repeated_kill(const struct kill *k)
{
	int n;

	for (n = nkills - 1; n >= 0 && kills[n].trigger == k->trigger; n--)
		if (kills[n].pid == k->pid)
			return 1;
	return 0;
}

/* "oom-kill:constraint=CONSTRAINT_MEMCG,...,oom_memcg=/test/sub,task_memcg=..." */
static int parse_constraint(const char *s, struct constraint *c)
{
	const char *key = "oom-kill:constraint=";
	const char *p = strstr(s, key);
	const char *m;

	if (!p)
		return 0;
	p += strlen(key);
	copy_str(c->constraint, sizeof(c->constraint), p, strcspn(p, ","));
	m = strstr(p, ",oom_memcg=");
	c->has_memcg = m != NULL;
	if (m) {
		m += strlen(",oom_memcg=");
		copy_str(c->oom_memcg, sizeof(c->oom_memcg), m, strcspn(m, ",\n"));
	} else {
		c->oom_memcg[0] = '\0';
	}
	m = strstr(p, ",nodemask=");
	c->nodemask[0] = '\0';
	if (m) {
		m += strlen(",nodemask=");
		copy_str(c->nodemask, sizeof(c->nodemask), m, strcspn(m, ","));
	}
	m = strstr(p, ",task_memcg=");
	c->task_memcg[0] = '\0';
	if (m) {
		m += strlen(",task_memcg=");
		copy_str(c->task_memcg, sizeof(c->task_memcg), m, strcspn(m, ","));
	}
	return 1;
}

/* "Node 0 DMA32 free:1580kB boost:0kB min:1636kB low:2044kB high:2452kB ... present:..kB managed:..kB ..." */
static int parse_zone(const char *s, struct zone *z)
{
	const char *p;

	if (sscanf(s, "Node %ld %31s free:%lukB boost:%*ukB min:%lukB low:%lukB high:%lukB",
		   &z->node, z->name, &z->free, &z->min, &z->low, &z->high) != 6)
		return 0;
	p = strstr(s, " present:");
	if (!p || sscanf(p, " present:%lukB", &z->present) != 1)
		return 0;
	p = strstr(s, " managed:");
	if (!p || sscanf(p, " managed:%lukB", &z->managed) != 1)
		return 0;
	return 1;
}

/*
 * "[    123]     0   123     2345      678 [anon file shmem] 40960        0         -12 comm"
 * (memory in pages, pgtables in bytes; the comm is the rest of the line).
 */
static int parse_row(const char *s, int split, struct row *r)
{
	unsigned long v[10];
	int n = split ? 9 : 6, i;
	char *end;

	if (*s != '[')
		return 0;
	r->pid = strtol(s + 1, &end, 10);
	if (end == s + 1 || *end != ']')
		return 0;
	s = end + 1;
	r->uid = strtol(s, &end, 10);
	if (end == s)
		return 0;
	s = end;
	for (i = 0; i < n; i++) {
		if (i == n - 1) {
			r->adj = strtol(s, &end, 10);
		} else {
			if (!isspace((unsigned char)*s))
				return 0;
			v[i] = strtoul(s, &end, 10);
		}
		if (end == s)
			return 0;
		s = end;
	}
	if (*s != ' ')
		return 0;
	s++;
	r->tgid = (long)v[0];
	r->total_vm = v[1];
	r->rss = v[2];
	if (split) {
		r->anon = v[3];
		r->file = v[4];
		r->shmem = v[5];
		r->pgtables_bytes = v[6];
		r->swapents = v[7];
	} else {
		r->pgtables_bytes = v[3];
		r->swapents = v[4];
	}
	copy_str(r->comm, sizeof(r->comm), s, strlen(s));
	return 1;
}

static void add_row(struct trigger *t, const struct row *r)
{
	if (t->nrows == t->rows_cap) {
		t->rows_cap = t->rows_cap ? 2 * t->rows_cap : 256;
		t->rows = realloc(t->rows, t->rows_cap * sizeof(*t->rows));
		if (!t->rows) {
			perror("oracle");
			exit(2);
		}
	}
	t->rows[t->nrows++] = *r;
}

/*
 * "[Memory cgroup out of memory|Out of memory]: Killed process 123 (hog)
 *  total-vm:204800kB, anon-rss:190000kB, file-rss:4kB, shmem-rss:0kB,
 *  UID:0 pgtables:420kB oom_score_adj:0"
 */
static int parse_kill(const char *s, struct kill *k)
{
	const char *key = ": Killed process ";
	const char *p = strstr(s, key);
	const char *open, *close;
	char *end;

	if (!p)
		return 0;
	k->memcg = strncmp(s, "Memory cgroup out of memory", 27) == 0;
	p += strlen(key);
	k->pid = strtol(p, &end, 10);
	open = strchr(end, '(');
	close = open ? strstr(open, ") total-vm:") : NULL;	/* comm may hold ')' */
	if (!open || !close)
		return 0;
	copy_str(k->comm, sizeof(k->comm), open + 1, close - open - 1);
	if (sscanf(close, ") total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, "
		   "shmem-rss:%lukB, UID:%ld pgtables:%lukB oom_score_adj:%ld",
		   &k->total_vm, &k->anon, &k->file, &k->shmem, &k->uid,
		   &k->pgtables, &k->adj) != 7)
		return 0;
	return 1;
}

static int read_dmesg(const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f) {
		fprintf(stderr, "oracle: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) >= 0) {
		const char *s;

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		s = strip_prefix(line);
		if (ntriggers > 0 && triggers[ntriggers - 1].in_dump) {
			struct trigger *t = &triggers[ntriggers - 1];
			struct row r;

			if (t->in_dump == 1) {	/* the header line */
				t->dump_split = strstr(s, " rss_anon ") != NULL;
				t->in_dump = 2;
				continue;
			}
			if (parse_row(s, t->dump_split, &r)) {
				add_row(t, &r);
				continue;
			}
			t->in_dump = 0;
		}
		if (ntriggers > 0 && !triggers[ntriggers - 1].closed &&
		    strcmp(s, "Tasks state (memory values in pages):") == 0) {
			triggers[ntriggers - 1].has_dump = 1;
			triggers[ntriggers - 1].in_dump = 1;
		} else if (ntriggers > 0 && !triggers[ntriggers - 1].closed &&
			   strncmp(s, "Node ", 5) == 0 && strstr(s, " free:")) {
			struct trigger *t = &triggers[ntriggers - 1];
			struct zone z;

			if (t->nzones < MAX_ZONES && parse_zone(s, &z)) {
				t->zones[t->nzones++] = z;
			} else {
				fprintf(stderr, "oracle: cannot parse: %s\n", s);
				failures++;
			}
		} else if (strstr(s, " invoked oom-killer: ")) {
			if (ntriggers < MAX_EVENTS && parse_trigger(s, &triggers[ntriggers]))
				ntriggers++;
			else
				fprintf(stderr, "oracle: cannot parse: %s\n", s);
		} else if (strstr(s, "oom-kill:constraint=")) {
			if (nconstraints < MAX_EVENTS && parse_constraint(s, &constraints[nconstraints]))
				nconstraints++;
			else
				fprintf(stderr, "oracle: cannot parse: %s\n", s);
		} else if (strstr(s, ": Killed process ")) {
			struct kill *k = &kills[nkills];

			if (nkills < MAX_EVENTS && parse_kill(s, k)) {
				k->trigger = ntriggers - 1;
				k->constraint = nconstraints - 1;
				if (ntriggers > 0)	/* e.g. a warn_alloc's show_mem follows */
					triggers[ntriggers - 1].closed = 1;
				if (repeated_kill(k))
					repeats++;
				else
					nkills++;
			} else {
				fprintf(stderr, "oracle: cannot parse: %s\n", s);
				failures++;
			}
		}
	}
	free(line);
	fclose(f);
	return 0;
}

static struct json_object *get_path(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v;

	if (!o || !json_object_object_get_ex(o, a, &v))
		return NULL;
	if (!b)
		return v;
	if (!v || !json_object_object_get_ex(v, b, &v))
		return NULL;
	return v;
}

static void field_name(char *buf, size_t size, const char *a, const char *b)
{
	snprintf(buf, size, "%s%s%s", a, b ? "." : "", b ? b : "");
}

static void check_int(struct json_object *rec, const char *a, const char *b, long long want)
{
	struct json_object *v = get_path(rec, a, b);
	char name[64];

	field_name(name, sizeof(name), a, b);
	if (!v || !json_object_is_type(v, json_type_int)) {
		printf("[FAIL] %s json=%s kernel=%lld\n", name,
		       v ? json_object_to_json_string(v) : "(missing)", want);
		failures++;
	} else if (json_object_get_int64(v) != want) {
		printf("[FAIL] %s json=%" PRId64 " kernel=%lld\n", name,
		       json_object_get_int64(v), want);
		failures++;
	} else {
		printf("[ OK ] %s %lld\n", name, want);
	}
}

static void check_str(struct json_object *rec, const char *a, const char *b, const char *want)
{
	struct json_object *v = get_path(rec, a, b);
	char name[64];

	field_name(name, sizeof(name), a, b);
	if (!v || !json_object_is_type(v, json_type_string)) {
		printf("[FAIL] %s json=%s kernel=\"%s\"\n", name,
		       v ? json_object_to_json_string(v) : "(missing)", want);
		failures++;
	} else if (strcmp(json_object_get_string(v), want) != 0) {
		printf("[FAIL] %s json=\"%s\" kernel=\"%s\"\n", name,
		       json_object_get_string(v), want);
		failures++;
	} else {
		printf("[ OK ] %s \"%s\"\n", name, want);
	}
}

/* gfp_mask is a hex string ("0x140dca"); a plain integer is accepted too. */
static void check_gfp(struct json_object *rec, unsigned long want)
{
	struct json_object *v = get_path(rec, "trigger", "gfp_mask");
	unsigned long got = 0;
	int ok = 0;

	if (v && json_object_is_type(v, json_type_string)) {
		const char *s = json_object_get_string(v);
		char *end;

		errno = 0;
		got = strtoul(s, &end, 16);
		ok = !errno && end != s && *end == '\0' && strncmp(s, "0x", 2) == 0;
	} else if (v && json_object_is_type(v, json_type_int)) {
		got = (unsigned long)json_object_get_int64(v);
		ok = 1;
	}
	if (ok && got == want) {
		printf("[ OK ] trigger.gfp_mask %#lx\n", want);
	} else {
		printf("[FAIL] trigger.gfp_mask json=%s kernel=%#lx\n",
		       v ? json_object_to_json_string(v) : "(missing)", want);
		failures++;
	}
}

static void check_present(struct json_object *rec, const char *key)
{
	struct json_object *v = get_path(rec, key, NULL);

	if (v) {
		printf("[ OK ] %s %s\n", key, json_object_to_json_string(v));
	} else {
		printf("[FAIL] %s json=(missing)\n", key);
		failures++;
	}
}

/* ---- full records: the rest of the report ------------------------------ */

static int json_int(struct json_object *o, const char *key, long long *v)
{
	struct json_object *x;

	if (!o || !json_object_object_get_ex(o, key, &x) || !json_object_is_type(x, json_type_int))
		return 0;
	*v = json_object_get_int64(x);
	return 1;
}

static const char *json_str(struct json_object *o, const char *key)
{
	struct json_object *x;

	if (!o || !json_object_object_get_ex(o, key, &x) || !json_object_is_type(x, json_type_string))
		return NULL;
	return json_object_get_string(x);
}

static const char *json_repr(struct json_object *o, const char *key)
{
	struct json_object *x;

	if (!o || !json_object_object_get_ex(o, key, &x))
		return "(missing)";
	return json_object_to_json_string(x);
}

/* Points as oom_badness() computes them; 0 = unkillable (adj -1000). */
static int row_points(const struct row *r, long long totalpages, long long page_size, long long *pts)
{
	if (r->adj == -1000)
		return 0;
	*pts = (long long)(r->rss + r->swapents + r->pgtables_bytes / page_size) +
	       (long long)r->adj * (totalpages / 1000);
	return 1;
}

static int row_fail_lines;

static void row_fail(long pid, const char *field, const char *json, const char *kernel)
{
	if (row_fail_lines++ < 40)
		printf("[FAIL] tasks[pid=%ld].%s json=%s kernel=%s\n", pid, field, json, kernel);
	failures++;
}

static int row_check_int(struct json_object *t, long pid, const char *key, long long want)
{
	long long got;
	char k[32];

	if (json_int(t, key, &got) && got == want)
		return 1;
	snprintf(k, sizeof(k), "%lld", want);
	row_fail(pid, key, json_repr(t, key), k);
	return 0;
}

static struct json_object *find_task(struct json_object *tasks, long pid)
{
	size_t i, n = json_object_array_length(tasks);

	for (i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tasks, i);
		long long p;

		if (json_int(t, "pid", &p) && p == pid)
			return t;
	}
	return NULL;
}

static int is_true(struct json_object *o, const char *key)
{
	struct json_object *x;

	return o && json_object_object_get_ex(o, key, &x) &&
	       json_object_is_type(x, json_type_boolean) && json_object_get_boolean(x);
}

static int is_null(struct json_object *o, const char *key)
{
	struct json_object *x;

	return o && json_object_object_get_ex(o, key, &x) && x == NULL;
}

/* One dump row against its "tasks" row; returns 1 if every field matches. */
static int check_row(const struct row *r, struct json_object *t, int split,
		     long long ps, long long totalpages)
{
	int before = failures;
	const char *comm = json_str(t, "comm");
	long long pts, got;
	char k[32];

	row_check_int(t, r->pid, "uid", r->uid);
	row_check_int(t, r->pid, "tgid", r->tgid);
	row_check_int(t, r->pid, "total_vm_kb", (long long)r->total_vm * ps / 1024);
	row_check_int(t, r->pid, "rss_kb", (long long)r->rss * ps / 1024);
	if (split) {
		row_check_int(t, r->pid, "rss_anon_kb", (long long)r->anon * ps / 1024);
		row_check_int(t, r->pid, "rss_file_kb", (long long)r->file * ps / 1024);
		row_check_int(t, r->pid, "rss_shmem_kb", (long long)r->shmem * ps / 1024);
	}
	row_check_int(t, r->pid, "pgtables_kb", (long long)(r->pgtables_bytes >> 10));
	row_check_int(t, r->pid, "swap_kb", (long long)r->swapents * ps / 1024);
	row_check_int(t, r->pid, "oom_score_adj", r->adj);
	if (!comm || strcmp(comm, r->comm) != 0) {
		char q[80];

		snprintf(q, sizeof(q), "\"%s\"", r->comm);
		row_fail(r->pid, "comm", json_repr(t, "comm"), q);
	}
	if (!is_true(t, "in_scope"))
		row_fail(r->pid, "in_scope", json_repr(t, "in_scope"), "true (in the dump)");
	if (!row_points(r, totalpages, ps, &pts)) {
		if (!is_null(t, "points"))
			row_fail(r->pid, "points", json_repr(t, "points"), "null (oom_score_adj -1000)");
	} else if (!json_int(t, "points", &got) || got != pts) {
		snprintf(k, sizeof(k), "%lld", pts);
		row_fail(r->pid, "points", json_repr(t, "points"), k);
	}
	return failures == before;
}

static void check_zones(const struct trigger *t, struct json_object *rec)
{
	struct json_object *zones = get_path(rec, "zones", NULL);
	int i, bad = 0;

	if (!zones || !json_object_is_type(zones, json_type_array)) {
		printf("[FAIL] zones json=%s kernel=%d zone lines\n", json_repr(rec, "zones"), t->nzones);
		failures++;
		return;
	}
	for (i = 0; i < t->nzones; i++) {
		const struct zone *z = &t->zones[i];
		struct json_object *jz = NULL;
		size_t j, n = json_object_array_length(zones);
		static const char *const keys[] = { "min_kb", "low_kb", "high_kb", "present_kb", "managed_kb" };
		unsigned long want[] = { z->min, z->low, z->high, z->present, z->managed };
		size_t f;

		for (j = 0; j < n; j++) {
			struct json_object *c = json_object_array_get_idx(zones, j);
			long long node;
			const char *name = json_str(c, "zone");

			if (json_int(c, "node", &node) && node == z->node && name && !strcmp(name, z->name))
				jz = c;
		}
		if (!jz) {
			printf("[FAIL] zones[node %ld %s] json=(missing) kernel=present\n", z->node, z->name);
			failures++;
			bad++;
			continue;
		}
		for (f = 0; f < sizeof(keys) / sizeof(keys[0]); f++) {
			long long got;

			if (!json_int(jz, keys[f], &got) || got != (long long)want[f]) {
				printf("[FAIL] zones[node %ld %s].%s json=%s kernel=%lu\n", z->node,
				       z->name, keys[f], json_repr(jz, keys[f]), want[f]);
				failures++;
				bad++;
			}
		}
	}
	if (!bad)
		printf("[ OK ] zones %d zone line(s): min/low/high/present/managed match\n", t->nzones);
}

/* The process list of --procs, for a report without a task dump. */
static void check_procs(struct json_object *tasks, long long victim_pid)
{
	FILE *f = fopen(opt.procs, "r");
	char line[512];
	long self = -1, listed = 0, matched = 0;
	int victim_listed = 0;
	size_t ntasks = json_object_array_length(tasks);
	long long expect;

	if (!f) {
		printf("[FAIL] procs: cannot read %s: %s\n", opt.procs, strerror(errno));
		failures++;
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		long pid, ppid, uid;
		int off = 0;
		struct json_object *t;
		const char *comm;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "self %ld", &self) == 1)
			continue;
		if (sscanf(line, "%ld %ld %ld %n", &pid, &ppid, &uid, &off) != 3 || !off)
			continue;
		if (pid == self)
			continue;
		listed++;
		if (pid == victim_pid)
			victim_listed = 1;
		t = find_task(tasks, pid);
		if (!t) {
			row_fail(pid, "pid", "(missing)", "in /proc before the OOM");
			continue;
		}
		comm = json_str(t, "comm");
		if (!comm || strcmp(comm, line + off) != 0) {
			char q[300];

			snprintf(q, sizeof(q), "\"%s\"", line + off);
			row_fail(pid, "comm", json_repr(t, "comm"), q);
			continue;
		}
		if (row_check_int(t, pid, "uid", uid) && row_check_int(t, pid, "ppid", ppid))
			matched++;
	}
	fclose(f);
	if (self < 0) {
		printf("[FAIL] procs: no \"self PID\" line in %s\n", opt.procs);
		failures++;
	}
	printf("[%s] procs %ld of %ld processes from /proc match a tasks row (pid, comm, uid, ppid)\n",
	       matched == listed ? " OK " : "FAIL", matched, listed);
	expect = listed + !victim_listed;
	if ((long long)ntasks == expect) {
		printf("[ OK ] tasks.count %zu (the /proc list and the victim)\n", ntasks);
	} else {
		printf("[FAIL] tasks.count json=%zu expected=%lld (the /proc list and the victim)\n",
		       ntasks, expect);
		failures++;
	}
}

/*
 * The task table against the dump.  Global: "tasks" = the dump + pid 1.
 * Memcg: the in_scope rows = the dump.  --max-tasks: the kept rows match,
 * the rest are counted, and nothing kept has fewer points than anything left.
 */
static void check_tasks(const struct kill *k, const struct trigger *t, struct json_object *rec,
			long long ps, long long totalpages)
{
	struct json_object *tasks = get_path(rec, "tasks", NULL);
	size_t ntasks, i;
	int r, kept = 0, ok_rows = 0, in_scope = 0, stray = 0;
	long long min_kept = LLONG_MAX, max_omitted = LLONG_MIN, omitted_rss = 0;
	long omitted = 0;
	int min_kept_unkillable = 0;

	if (!tasks || !json_object_is_type(tasks, json_type_array)) {
		printf("[FAIL] tasks json=%s\n", json_repr(rec, "tasks"));
		failures++;
		return;
	}
	ntasks = json_object_array_length(tasks);
	if (!t->has_dump) {
		if (opt.procs) {
			check_procs(tasks, k->pid);
		} else {
			printf("[FAIL] tasks: the kernel printed no task dump for this kill (vm.oom_dump_tasks=0?) and no --procs list was given\n");
			failures++;
		}
		return;
	}
	if (opt.procs) {
		printf("[FAIL] tasks: --procs given, yet the kernel printed a task dump (vm.oom_dump_tasks still 1?)\n");
		failures++;
	}

	for (r = 0; r < t->nrows; r++) {
		const struct row *row = &t->rows[r];
		struct json_object *jt = find_task(tasks, row->pid);
		long long pts;
		int killable = row_points(row, totalpages, ps, &pts);

		if (!jt) {
			if (opt.max_tasks < 0) {
				row_fail(row->pid, "pid", "(missing)", "in the task dump");
				continue;
			}
			omitted++;
			omitted_rss += (long long)row->rss * ps / 1024;
			if (killable && pts > max_omitted)
				max_omitted = pts;
			continue;
		}
		kept++;
		if (check_row(row, jt, t->dump_split, ps, totalpages))
			ok_rows++;
		if (row->pid == k->pid)
			continue;	/* the victim is kept whatever its points */
		if (!killable)
			min_kept_unkillable = 1;
		else if (pts < min_kept)
			min_kept = pts;
	}
	printf("[%s] tasks %d of %d task dump rows (%s) match their tasks row\n",
	       ok_rows == t->nrows - (int)omitted ? " OK " : "FAIL", ok_rows, t->nrows,
	       t->dump_split ? "with the rss split" : "no rss split in this kernel");

	/* Rows in scope but not in the dump; pid 1 (never in the dump). */
	for (i = 0; i < ntasks; i++) {
		struct json_object *jt = json_object_array_get_idx(tasks, i);
		long long pid = -1;
		int found = 0;

		json_int(jt, "pid", &pid);
		if (pid == 1) {
			if (is_true(jt, "in_scope") || !is_null(jt, "points")) {
				printf("[FAIL] tasks[pid=1] in_scope=%s points=%s, expected false and null\n",
				       json_repr(jt, "in_scope"), json_repr(jt, "points"));
				failures++;
			}
			continue;
		}
		if (!is_true(jt, "in_scope"))
			continue;
		in_scope++;
		for (r = 0; r < t->nrows && !found; r++)
			found = t->rows[r].pid == pid;
		if (!found) {
			if (stray++ < 10)
				printf("[FAIL] tasks[pid=%lld] in_scope but not in the kernel's task dump (comm %s)\n",
				       pid, json_repr(jt, "comm"));
			failures++;
		}
	}
	if (in_scope == kept && !stray) {
		printf("[ OK ] tasks.in_scope %d rows, as the dump's %s\n", in_scope,
		       opt.max_tasks < 0 ? "rows" : "kept rows");
	} else {
		printf("[FAIL] tasks.in_scope json=%d rows kernel=%d dump rows kept (%d in scope not in the dump)\n",
		       in_scope, kept, stray);
		failures++;
	}

	if (opt.max_tasks < 0) {
		if (!k->memcg) {
			struct json_object *p1 = find_task(tasks, 1);

			if ((long long)ntasks == t->nrows + 1 && p1) {
				printf("[ OK ] tasks.count %zu (the dump's %d rows and pid 1)\n", ntasks, t->nrows);
			} else {
				printf("[FAIL] tasks.count json=%zu%s kernel=%d dump rows + pid 1\n",
				       ntasks, p1 ? "" : " (no pid 1)", t->nrows);
				failures++;
			}
		}
		return;
	}

	/* --max-tasks */
	{
		struct json_object *om = get_path(rec, "tasks_omitted", NULL);
		struct json_object *p1 = find_task(tasks, 1);
		long long cnt = -1, rss = -1;
		int j, rss_ok = 0;

		if ((long long)ntasks == opt.max_tasks) {
			printf("[ OK ] tasks.count %zu (max_tasks)\n", ntasks);
		} else {
			printf("[FAIL] tasks.count json=%zu expected=%ld (max_tasks)\n", ntasks, opt.max_tasks);
			failures++;
		}
		if (find_task(tasks, k->pid)) {
			printf("[ OK ] tasks: the victim's row (pid %ld) is kept\n", k->pid);
		} else {
			printf("[FAIL] tasks: the victim's row (pid %ld) is missing\n", k->pid);
			failures++;
		}
		if (!p1)
			omitted++;	/* pid 1: unkillable, counted but not dumped */
		if (max_omitted == LLONG_MIN || (!min_kept_unkillable && max_omitted <= min_kept)) {
			printf("[ OK ] tasks: every omitted process has points <= the lowest kept (omitted max %lld, kept min %lld)\n",
			       max_omitted, min_kept);
		} else {
			printf("[FAIL] tasks: an omitted process has more points than a kept one (omitted max %lld, kept min %s%lld)\n",
			       max_omitted, min_kept_unkillable ? "unkillable, " : "", min_kept);
			failures++;
		}
		json_int(om, "count", &cnt);
		json_int(om, "rss_kb", &rss);
		if (cnt == (long long)t->nrows + 1 - opt.max_tasks && cnt == omitted) {
			printf("[ OK ] tasks_omitted.count %lld (dump rows %d + pid 1 - %ld)\n", cnt, t->nrows, opt.max_tasks);
		} else {
			printf("[FAIL] tasks_omitted.count json=%s kernel=%lld (dump rows %d + pid 1 - max_tasks %ld; %ld not in tasks)\n",
			       json_repr(om, "count"), (long long)t->nrows + 1 - opt.max_tasks, t->nrows,
			       opt.max_tasks, omitted);
			failures++;
		}
		if (p1) {
			rss_ok = rss == omitted_rss;
		} else {
			for (j = 0; j < opt.npid1_rss && !rss_ok; j++)
				rss_ok = llabs(rss - (omitted_rss + opt.pid1_rss[j] * ps / 1024)) <=
					 opt.pid1_slack * ps / 1024;
		}
		if (rss_ok) {
			printf("[ OK ] tasks_omitted.rss_kb %lld (omitted dump rows %lld%s)\n", rss, omitted_rss,
			       p1 ? "" : opt.pid1_slack ? " + pid 1, within --pid1-rss-slack" : " + pid 1");
		} else {
			printf("[FAIL] tasks_omitted.rss_kb json=%s kernel=%lld kB of omitted dump rows%s",
			       json_repr(om, "rss_kb"), omitted_rss, p1 ? "\n" : " + pid 1's RSS, read as");
			for (j = 0; !p1 && j < opt.npid1_rss; j++)
				printf(" %lld", opt.pid1_rss[j] * ps / 1024);
			if (!p1)
				printf(" kB (slack %lld kB)\n", opt.pid1_slack * ps / 1024);
			failures++;
		}
	}
}

/* The fields a full record adds to the victim, trigger and memcg. */
static void check_full(const struct kill *k, struct json_object *rec)
{
	const struct trigger *t = k->trigger >= 0 ? &triggers[k->trigger] : NULL;
	const struct constraint *c = k->constraint >= 0 ? &constraints[k->constraint] : NULL;
	struct json_object *trig = get_path(rec, "trigger", NULL);
	struct json_object *victim = get_path(rec, "victim", NULL);
	long long ps = 0, totalpages = -1, v;

	if (!json_int(rec, "capture_ns", &v) || v <= 0 || v >= 5000000000LL) {
		printf("[FAIL] capture_ns json=%s (expected 0 < ns < 5 s)\n", json_repr(rec, "capture_ns"));
		failures++;
	} else {
		printf("[ OK ] capture_ns %lld\n", v);
	}
	if (!json_int(rec, "kthreads", &v) || v <= 0) {
		printf("[FAIL] kthreads json=%s (expected > 0)\n", json_repr(rec, "kthreads"));
		failures++;
	} else {
		printf("[ OK ] kthreads %lld\n", v);
	}
	if (!json_int(rec, "page_size", &ps) || ps <= 0) {
		printf("[FAIL] page_size json=%s\n", json_repr(rec, "page_size"));
		failures++;
		return;
	}

	/* trigger */
	if (!json_int(trig, "totalpages", &totalpages) || totalpages <= 0) {
		printf("[FAIL] trigger.totalpages json=%s\n", json_repr(trig, "totalpages"));
		failures++;
	} else if (opt.totalpages >= 0 && !k->memcg) {
		check_int(rec, "trigger", "totalpages", opt.totalpages);
	} else if (opt.memcg_max_kb >= 0 && k->memcg) {
		check_int(rec, "trigger", "totalpages", opt.memcg_max_kb * 1024 / ps);
	} else {
		printf("[ OK ] trigger.totalpages %lld (not checked)\n", totalpages);
	}
	if (t && t->has_flags)
		check_str(rec, "trigger", "gfp_flags", t->gfp_flags);
	if (c) {
		char want[64];
		const char *p = strncmp(c->constraint, "CONSTRAINT_", 11) ? c->constraint : c->constraint + 11;
		size_t i;

		for (i = 0; p[i] && i < sizeof(want) - 1; i++)
			want[i] = tolower((unsigned char)p[i]);
		want[i] = '\0';
		if (!strcmp(want, "memory_policy"))
			strcpy(want, "mempolicy");
		check_str(rec, "trigger", "constraint", want);
		if (!strcmp(c->nodemask, "(null)")) {
			if (is_null(trig, "nodemask")) {
				printf("[ OK ] trigger.nodemask null\n");
			} else {
				printf("[FAIL] trigger.nodemask json=%s kernel=(null)\n", json_repr(trig, "nodemask"));
				failures++;
			}
		} else {
			check_str(rec, "trigger", "nodemask", c->nodemask);
		}
		if (c->task_memcg[0])
			check_str(rec, "victim", "cgroup", c->task_memcg);
	}

	/* victim: a "Killed process" line means it was not exiting */
	{
		struct json_object *x;

		if (victim && json_object_object_get_ex(victim, "exiting", &x) &&
		    json_object_is_type(x, json_type_boolean) && !json_object_get_boolean(x)) {
			printf("[ OK ] victim.exiting false\n");
		} else {
			printf("[FAIL] victim.exiting json=%s kernel=false (a \"Killed process\" line)\n",
			       json_repr(victim, "exiting"));
			failures++;
		}
		if (!victim || !json_object_object_get_ex(victim, "ppid", &x) ||
		    !json_object_is_type(x, json_type_int)) {
			printf("[FAIL] victim.ppid json=%s\n", json_repr(victim, "ppid"));
			failures++;
		}
	}
	if (t && totalpages > 0) {
		int r;

		for (r = 0; r < t->nrows; r++) {
			long long pts;

			if (t->rows[r].pid != k->pid)
				continue;
			if (row_points(&t->rows[r], totalpages, ps, &pts))
				check_int(rec, "victim", "points", pts);
		}
	}

	if (k->memcg && opt.memcg_max_kb >= 0)
		check_int(rec, "memcg", "max_kb", opt.memcg_max_kb);

	if (t && !k->memcg)
		check_zones(t, rec);
	if (t && totalpages > 0)
		check_tasks(k, t, rec, ps, totalpages);
}

static void check_kill(const struct kill *k, struct json_object *rec)
{
	const char *kind = k->memcg ? "memcg" : "global";
	struct json_object *memcg;

	if (!k->memcg && k->trigger >= 0 && triggers[k->trigger].order == -1)
		kind = "sysrq";
	check_present(rec, "seq");
	check_present(rec, "time");
	check_present(rec, "page_size");
	check_str(rec, "kind", NULL, kind);

	check_int(rec, "victim", "pid", k->pid);
	check_str(rec, "victim", "comm", k->comm);
	check_int(rec, "victim", "uid", k->uid);
	check_int(rec, "victim", "total_vm_kb", (long long)k->total_vm);
	check_int(rec, "victim", "anon_rss_kb", (long long)k->anon);
	check_int(rec, "victim", "file_rss_kb", (long long)k->file);
	check_int(rec, "victim", "shmem_rss_kb", (long long)k->shmem);
	check_int(rec, "victim", "pgtables_kb", (long long)k->pgtables);
	check_int(rec, "victim", "oom_score_adj", k->adj);

	if (k->trigger < 0) {
		printf("[FAIL] trigger: no \"invoked oom-killer\" line before the kill\n");
		failures++;
	} else {
		const struct trigger *t = &triggers[k->trigger];

		check_str(rec, "trigger", "comm", t->comm);
		check_gfp(rec, t->gfp);
		check_int(rec, "trigger", "order", t->order);
		check_int(rec, "trigger", "oom_score_adj", t->adj);
	}

	memcg = get_path(rec, "memcg", NULL);
	if (!k->memcg) {
		if (json_object_object_get_ex(rec, "memcg", NULL) && !memcg) {
			printf("[ OK ] memcg null\n");
		} else {
			printf("[FAIL] memcg json=%s kernel=null\n",
			       memcg ? json_object_to_json_string(memcg) : "(missing)");
			failures++;
		}
	} else if (k->constraint < 0 || !constraints[k->constraint].has_memcg) {
		printf("[FAIL] memcg.path: no \"oom-kill:constraint=...,oom_memcg=\" line before the kill\n");
		failures++;
	} else {
		check_str(rec, "memcg", "path", constraints[k->constraint].oom_memcg);
	}

	if (json_object_object_get_ex(rec, "tasks", NULL)) {
		check_full(k, rec);
	} else if (opt.full) {
		printf("[FAIL] tasks json=(missing) (--full: a whole record was expected)\n");
		failures++;
	}
}

int main(int argc, char **argv)
{
	struct json_object *root, *rec;
	size_t nrec, i;
	int n;

	static const struct option longopts[] = {
		{ "full", no_argument, NULL, 'f' },
		{ "some", no_argument, NULL, 'S' },
		{ "totalpages", required_argument, NULL, 't' },
		{ "memcg-max", required_argument, NULL, 'm' },
		{ "max-tasks", required_argument, NULL, 'x' },
		{ "pid1-rss", required_argument, NULL, '1' },
		{ "procs", required_argument, NULL, 'p' },
		{ "pid1-rss-slack", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	const char *dmesg_path, *json_path;
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			opt.full = 1;
			break;
		case 'S':
			opt.some = 1;
			break;
		case 't':
			opt.totalpages = strtoll(optarg, NULL, 10);
			break;
		case 'm':
			opt.memcg_max_kb = strtoll(optarg, NULL, 10);
			break;
		case 'x':
			opt.max_tasks = strtol(optarg, NULL, 10);
			break;
		case '1':
			if (opt.npid1_rss < 8)
				opt.pid1_rss[opt.npid1_rss++] = strtoll(optarg, NULL, 10);
			break;
		case 'p':
			opt.procs = optarg;
			break;
		case 's':
			opt.pid1_slack = strtoll(optarg, NULL, 10);
			break;
		default:
			goto usage;
		}
	}
	if (argc - optind != 2) {
usage:
		fprintf(stderr, "usage: %s [--full] [--some] [--totalpages N] [--memcg-max KB] [--max-tasks N] [--pid1-rss PAGES]... [--pid1-rss-slack PAGES] [--procs FILE] <dmesg.txt> <records.json>\n",
			argv[0]);
		return 64;
	}
	dmesg_path = argv[optind];
	json_path = argv[optind + 1];
	if (read_dmesg(dmesg_path) < 0)
		return 2;
	root = json_object_from_file(json_path);
	if (!root) {
		fprintf(stderr, "oracle: %s: not valid JSON: %s\n", json_path,
			json_util_get_last_err() ? json_util_get_last_err() : "?");
		return 2;
	}
	if (json_object_is_type(root, json_type_object)) {
		struct json_object *arr = json_object_new_array();

		json_object_array_add(arr, root);
		root = arr;
	}
	if (!json_object_is_type(root, json_type_array)) {
		fprintf(stderr, "oracle: %s: expected a JSON array of records\n", json_path);
		json_object_put(root);
		return 2;
	}
	nrec = json_object_array_length(root);

	if (nkills == 0) {
		printf("[FAIL] kills: no \"Killed process\" line in %s (nothing to check)\n", dmesg_path);
		failures++;
	}
	if (opt.some) {
		size_t matched = 0;

		for (i = 0; i < nrec; i++) {
			struct json_object *pid;

			pid = get_path(json_object_array_get_idx(root, i), "victim", "pid");
			for (n = 0; pid && n < nkills; n++)
				if (json_object_get_int64(pid) == kills[n].pid)
					break;
			if (pid && n < nkills) {
				matched++;
			} else {
				printf("[FAIL] record %zu: victim.pid %s matches no \"Killed process\" line\n",
				       i, pid ? json_object_get_string(pid) : "(none)");
				failures++;
			}
		}
		if (nrec == 0) {
			printf("[FAIL] records: none (--some needs at least one)\n");
			failures++;
		} else if (matched == nrec) {
			printf("[ OK ] records %zu of %d kill(s)\n", nrec, nkills);
		}
	} else if ((size_t)nkills != nrec) {
		printf("[FAIL] records json=%zu kernel=%d (one record per \"Killed process\" line)\n",
		       nrec, nkills);
		failures++;
	} else {
		printf("[ OK ] records %zu\n", nrec);
	}

	for (n = 0; n < nkills; n++) {
		const struct kill *k = &kills[n];
		struct json_object *found = NULL;
		int matches = 0;

		for (i = 0; i < nrec; i++) {
			struct json_object *pid;

			rec = json_object_array_get_idx(root, i);
			pid = get_path(rec, "victim", "pid");
			if (pid && json_object_get_int64(pid) == k->pid) {
				found = rec;
				matches++;
			}
		}
		printf("-- kill %d/%d: %s pid %ld (%s)\n", n + 1, nkills,
		       k->memcg ? "memcg" : "global", k->pid, k->comm);
		if (!found && opt.some) {
			printf("   no record of this kill (--some: not checked)\n");
			continue;
		}
		if (!found) {
			printf("[FAIL] victim.pid no record with victim.pid %ld\n", k->pid);
			failures++;
			continue;
		}
		if (matches > 1) {
			printf("[FAIL] victim.pid %d records with victim.pid %ld\n", matches, k->pid);
			failures++;
		}
		check_kill(k, found);
	}

	json_object_put(root);
	if (repeats)
		printf("-- %d \"Killed process\" line(s) repeat a task already killed in the same OOM (memory.oom.group): not counted again\n",
		       repeats);
	printf("oracle: %d kill(s), %zu record(s), %s\n", nkills, nrec,
	       failures ? "MISMATCH" : "all fields match");
	return failures ? 1 : 0;
}
