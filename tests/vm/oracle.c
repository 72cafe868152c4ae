// SPDX-License-Identifier: GPL-2.0
/*
 * oracle - check oomsnap's records against the kernel's own OOM report.
 *
 *   oracle <dmesg.txt> <records.json>
 *
 * dmesg.txt is the kernel log (with or without "[   12.345678] " stamps).
 * records.json is the output of "oomsnap list --json" (an array of record
 * objects) or of "oomsnap show --json" (one object).
 *
 * Every "Killed process" line in the log must have exactly one record whose
 * victim.pid matches, and the number of records must equal the number of
 * kills.  For each kill every victim field, the kind, the trigger (from the
 * nearest preceding "invoked oom-killer" line) and the memcg path (from the
 * nearest preceding "oom-kill:constraint=" line) are compared.  One line per
 * field: "[ OK ] <field> <value>" or "[FAIL] <field> json=<a> kernel=<b>".
 *
 * Exit: 0 all fields match; 1 a mismatch, or no kill at all in the log;
 * 2 a file cannot be read or parsed; 64 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#define MAX_EVENTS 256

struct trigger {
	char comm[64];
	unsigned long gfp;
	long order;
	long adj;
};

struct constraint {
	char constraint[64];
	char oom_memcg[512];	/* "" for a global OOM */
	int has_memcg;
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
static int failures;

/* Drop a leading "[    1.234567] " (and a "<4>" level) if present. */
static const char *strip_prefix(const char *s)
{
	if (s[0] == '<') {
		const char *e = strchr(s, '>');

		if (e)
			s = e + 1;
	}
	if (s[0] == '[') {
		const char *e = strchr(s, ']');

		if (e) {
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

	if (!p)
		return 0;
	copy_str(t->comm, sizeof(t->comm), s, p - s);
	t->gfp = strtoul(p + strlen(key), NULL, 16);
	o = strstr(p, ", order=");
	a = strstr(p, ", oom_score_adj=");
	if (!o || !a)
		return 0;
	t->order = strtol(o + strlen(", order="), NULL, 10);
	t->adj = strtol(a + strlen(", oom_score_adj="), NULL, 10);
	return 1;
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
	return 1;
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
		if (strstr(s, " invoked oom-killer: ")) {
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
}

int main(int argc, char **argv)
{
	struct json_object *root, *rec;
	size_t nrec, i;
	int n;

	if (argc != 3) {
		fprintf(stderr, "usage: %s <dmesg.txt> <records.json>\n", argv[0]);
		return 64;
	}
	if (read_dmesg(argv[1]) < 0)
		return 2;
	root = json_object_from_file(argv[2]);
	if (!root) {
		fprintf(stderr, "oracle: %s: not valid JSON: %s\n", argv[2],
			json_util_get_last_err() ? json_util_get_last_err() : "?");
		return 2;
	}
	if (json_object_is_type(root, json_type_object)) {
		struct json_object *arr = json_object_new_array();

		json_object_array_add(arr, root);
		root = arr;
	}
	if (!json_object_is_type(root, json_type_array)) {
		fprintf(stderr, "oracle: %s: expected a JSON array of records\n", argv[2]);
		json_object_put(root);
		return 2;
	}
	nrec = json_object_array_length(root);

	if (nkills == 0) {
		printf("[FAIL] kills: no \"Killed process\" line in %s (nothing to check)\n", argv[1]);
		failures++;
	}
	if ((size_t)nkills != nrec) {
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
	printf("oracle: %d kill(s), %zu record(s), %s\n", nkills, nrec,
	       failures ? "MISMATCH" : "all fields match");
	return failures ? 1 : 0;
}
