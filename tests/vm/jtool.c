// SPDX-License-Identifier: GPL-2.0
/*
 * jtool - JSON helpers for the host side of the oomsnap VM tests.
 *
 *   jtool get FILE PATH
 *	print the value at PATH: strings raw, null as "null", booleans as
 *	"true"/"false", numbers as written, objects and arrays as compact
 *	JSON.  PATH is "." (the whole document) or keys and array indexes
 *	joined with dots: "lost.count", "0.victim.pid", "tasks.3.comm".
 *	Exit 1 when PATH does not exist.
 *
 *   jtool len FILE PATH
 *	the number of elements of the array (or keys of the object) at PATH.
 *
 *   jtool find FILE PATH KEY=VALUE...
 *	PATH is an array of objects: print the index of the first element
 *	whose every KEY has the value VALUE (compared as "get" prints it).
 *	Exit 1 when no element matches.
 *
 *   jtool array [--drop KEY]... FILE...
 *	each FILE holds one JSON value (e.g. one archive file of oomsnapd):
 *	print them as one JSON array, in the order given, with the key KEY
 *	removed from each value that is an object.  Exit 2 on a file that
 *	is not JSON.
 *
 *   jtool jsonl FILE
 *	FILE holds one JSON value per line (e.g. "oomsnap watch --json"):
 *	print them as one JSON array.  Exit 2 on a line that is not JSON.
 *
 *   jtool cmp [--change KEY=FROM:TO]... A B
 *	A and B are both one record object, or both an array of record
 *	objects ("oomsnap show --json" / "oomsnap list --json").  They must be
 *	identical, key by key and element by element, recursively, except
 *	that each record's KEY must be FROM in A and TO in B (values as "get"
 *	prints them).  Prints one "[FAIL] <path>: ..." line per difference
 *	(up to 40) and a summary.  Exit 0 identical, 1 a difference.
 *
 * Exit 2: a file cannot be read or is not JSON; 64: usage.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#define MAX_CHANGES 16
#define MAX_REPORTED 40

struct change {
	char key[128];
	char from[256];
	char to[256];
};

static struct change changes[MAX_CHANGES];
static int nchanges;
static long differences, compared;

static void usage(void)
{
	fprintf(stderr,
		"usage: jtool get FILE PATH | len FILE PATH | find FILE PATH KEY=VALUE... | jsonl FILE |\n"
		"       array [--drop KEY]... FILE... |\n"
		"       cmp [--change KEY=FROM:TO]... A B\n");
	exit(64);
}

static struct json_object *load(const char *path)
{
	struct json_object *o = json_object_from_file(path);

	if (!o) {
		const char *e = json_util_get_last_err();

		/* a document that is exactly "null" parses as NULL too */
		fprintf(stderr, "jtool: %s: not valid JSON (or null): %s\n", path,
			e ? e : "?");
		exit(2);
	}
	return o;
}

/* The value as "get" prints it, into buf. */
static const char *text(struct json_object *v, char *buf, size_t len)
{
	if (!v)
		snprintf(buf, len, "null");
	else if (json_object_is_type(v, json_type_string))
		snprintf(buf, len, "%s", json_object_get_string(v));
	else
		snprintf(buf, len, "%s",
			 json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	return buf;
}

/* Follow PATH; *found = 0 when a component does not exist. */
static struct json_object *walk(struct json_object *o, const char *path, int *found)
{
	char *copy, *tok, *save = NULL;

	*found = 1;
	if (!strcmp(path, ".") || !*path)
		return o;
	copy = strdup(path);
	if (!copy)
		exit(2);
	for (tok = strtok_r(copy, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		if (json_object_is_type(o, json_type_array)) {
			char *end;
			long i = strtol(tok, &end, 10);

			if (*end || end == tok || i < 0 ||
			    (size_t)i >= json_object_array_length(o)) {
				*found = 0;
				break;
			}
			o = json_object_array_get_idx(o, i);
		} else if (json_object_is_type(o, json_type_object)) {
			struct json_object *next;

			if (!json_object_object_get_ex(o, tok, &next)) {
				*found = 0;
				break;
			}
			o = next;
		} else {
			*found = 0;
			break;
		}
	}
	free(copy);
	return *found ? o : NULL;
}

/* path.key into sub (truncated if it ever had to be) */
static void join(char *sub, size_t len, const char *path, const char *key)
{
	if (snprintf(sub, len, "%s%s%s", path, path[0] ? "." : "", key) >= (int)len)
		sub[len - 1] = 0;
}

static void report(const char *path, const char *fmt, const char *a, const char *b)
{
	differences++;
	if (differences > MAX_REPORTED)
		return;
	printf("[FAIL] %s: ", path[0] ? path : ".");
	printf(fmt, a, b);
	printf("\n");
}

static const char *type_name(struct json_object *v)
{
	return json_type_to_name(v ? json_object_get_type(v) : json_type_null);
}

static void cmp_value(struct json_object *a, struct json_object *b, const char *path);

static void cmp_object(struct json_object *a, struct json_object *b, const char *path,
		       int record)
{
	char sub[1024], ta[512], tb[512];
	int c;

	json_object_object_foreach(a, key, va) {
		struct json_object *vb;

		join(sub, sizeof(sub), path, key);
		if (!json_object_object_get_ex(b, key, &vb)) {
			report(sub, "in A (%s), missing in B%s", text(va, ta, sizeof(ta)), "");
			continue;
		}
		for (c = 0; record && c < nchanges; c++)
			if (!strcmp(changes[c].key, key))
				break;
		if (record && c < nchanges) {
			compared++;
			text(va, ta, sizeof(ta));
			text(vb, tb, sizeof(tb));
			if (strcmp(ta, changes[c].from) || strcmp(tb, changes[c].to)) {
				differences++;
				if (differences <= MAX_REPORTED)
					printf("[FAIL] %s: A=%s B=%s, expected A=%s B=%s\n",
					       sub, ta, tb, changes[c].from, changes[c].to);
			}
			continue;
		}
		cmp_value(va, vb, sub);
	}
	json_object_object_foreach(b, kb, vb2) {
		struct json_object *dummy;

		if (!json_object_object_get_ex(a, kb, &dummy)) {
			join(sub, sizeof(sub), path, kb);
			report(sub, "missing in A%s, in B (%s)", "", text(vb2, tb, sizeof(tb)));
		}
	}
	/* a changed key must be there at all */
	for (c = 0; record && c < nchanges; c++) {
		struct json_object *d1, *d2;

		if (!json_object_object_get_ex(a, changes[c].key, &d1) &&
		    !json_object_object_get_ex(b, changes[c].key, &d2)) {
			join(sub, sizeof(sub), path, changes[c].key);
			report(sub, "missing in A and in B%s%s", "", "");
		}
	}
}

static void cmp_value(struct json_object *a, struct json_object *b, const char *path)
{
	char sub[1024], ta[512], tb[512];
	size_t i, na, nb;

	compared++;
	if (!a || !b || json_object_get_type(a) != json_object_get_type(b)) {
		/* int vs double is a real difference too: the writer changed */
		if (a || b) {
			char ka[600], kb[600];

			snprintf(ka, sizeof(ka), "%s %s", type_name(a), text(a, ta, sizeof(ta)));
			snprintf(kb, sizeof(kb), "%s %s", type_name(b), text(b, tb, sizeof(tb)));
			report(path, "A=%s B=%s", ka, kb);
		}
		return;
	}
	switch (json_object_get_type(a)) {
	case json_type_object:
		cmp_object(a, b, path, 0);
		return;
	case json_type_array:
		na = json_object_array_length(a);
		nb = json_object_array_length(b);
		if (na != nb) {
			snprintf(ta, sizeof(ta), "%zu", na);
			snprintf(tb, sizeof(tb), "%zu", nb);
			report(path, "array of %s elements in A, %s in B", ta, tb);
		}
		for (i = 0; i < na && i < nb; i++) {
			snprintf(sub, sizeof(sub), "%s%s%zu", path, path[0] ? "." : "", i);
			cmp_value(json_object_array_get_idx(a, i),
				  json_object_array_get_idx(b, i), sub);
		}
		return;
	default:
		/* scalars: compare as written (exact for 64-bit integers) */
		if (strcmp(json_object_to_json_string_ext(a, JSON_C_TO_STRING_PLAIN),
			   json_object_to_json_string_ext(b, JSON_C_TO_STRING_PLAIN)))
			report(path, "A=%s B=%s", text(a, ta, sizeof(ta)), text(b, tb, sizeof(tb)));
		return;
	}
}

static int do_cmp(int argc, char **argv)
{
	struct json_object *a, *b;
	int i = 0;

	while (i < argc && !strcmp(argv[i], "--change")) {
		const char *s = i + 1 < argc ? argv[i + 1] : NULL;
		const char *eq, *colon;
		struct change *c = &changes[nchanges];

		if (!s || nchanges >= MAX_CHANGES)
			usage();
		eq = strchr(s, '=');
		colon = eq ? strchr(eq, ':') : NULL;
		if (!eq || !colon)
			usage();
		snprintf(c->key, sizeof(c->key), "%.*s", (int)(eq - s), s);
		snprintf(c->from, sizeof(c->from), "%.*s", (int)(colon - eq - 1), eq + 1);
		snprintf(c->to, sizeof(c->to), "%s", colon + 1);
		nchanges++;
		i += 2;
	}
	if (argc - i != 2)
		usage();
	a = load(argv[i]);
	b = load(argv[i + 1]);
	if (json_object_is_type(a, json_type_object) && json_object_is_type(b, json_type_object)) {
		cmp_object(a, b, "", 1);
	} else if (json_object_is_type(a, json_type_array) &&
		   json_object_is_type(b, json_type_array)) {
		size_t n, na = json_object_array_length(a), nb = json_object_array_length(b);
		char sub[32], ta[32], tb[32];

		if (na != nb) {
			snprintf(ta, sizeof(ta), "%zu", na);
			snprintf(tb, sizeof(tb), "%zu", nb);
			report("", "%s records in A, %s in B", ta, tb);
		}
		for (n = 0; n < na && n < nb; n++) {
			struct json_object *ra = json_object_array_get_idx(a, n);
			struct json_object *rb = json_object_array_get_idx(b, n);

			snprintf(sub, sizeof(sub), "%zu", n);
			if (json_object_is_type(ra, json_type_object) &&
			    json_object_is_type(rb, json_type_object))
				cmp_object(ra, rb, sub, 1);
			else
				cmp_value(ra, rb, sub);
		}
	} else {
		printf("[FAIL] .: A is %s, B is %s (both must be a record or an array of records)\n",
		       type_name(a), type_name(b));
		differences++;
	}
	if (differences > MAX_REPORTED)
		printf("... %ld differences in all\n", differences);
	printf("jtool cmp: %ld values compared, %ld difference(s)\n", compared, differences);
	json_object_put(a);
	json_object_put(b);
	return differences ? 1 : 0;
}

static int do_jsonl(const char *path)
{
	struct json_object *arr = json_object_new_array();
	char *line = NULL;
	size_t cap = 0;
	long n = 0;
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return 2;
	}
	while (getline(&line, &cap, f) > 0) {
		struct json_object *v;
		enum json_tokener_error err;

		n++;
		line[strcspn(line, "\n")] = 0;
		if (!line[strspn(line, " \t\r")])
			continue;
		v = json_tokener_parse_verbose(line, &err);
		if (!v) {
			fprintf(stderr, "jtool: %s:%ld: not one JSON value: %s\n", path, n,
				json_tokener_error_desc(err));
			return 2;
		}
		json_object_array_add(arr, v);
	}
	free(line);
	fclose(f);
	printf("%s\n", json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN));
	json_object_put(arr);
	return 0;
}

static int do_array(int argc, char **argv)
{
	struct json_object *arr = json_object_new_array();
	const char *drop[MAX_CHANGES];
	int ndrop = 0, i = 0, k;

	while (i + 1 < argc && !strcmp(argv[i], "--drop")) {
		if (ndrop == MAX_CHANGES)
			usage();
		drop[ndrop++] = argv[i + 1];
		i += 2;
	}
	if (i >= argc)
		usage();
	for (; i < argc; i++) {
		struct json_object *v = load(argv[i]);

		for (k = 0; k < ndrop && json_object_is_type(v, json_type_object); k++)
			json_object_object_del(v, drop[k]);
		json_object_array_add(arr, v);
	}
	printf("%s\n", json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PLAIN));
	json_object_put(arr);
	return 0;
}

int main(int argc, char **argv)
{
	struct json_object *root, *v;
	char buf[4096];
	int found;

	if (argc < 3)
		usage();
	if (!strcmp(argv[1], "cmp"))
		return do_cmp(argc - 2, argv + 2);
	if (!strcmp(argv[1], "array"))
		return do_array(argc - 2, argv + 2);
	if (!strcmp(argv[1], "jsonl")) {
		if (argc != 3)
			usage();
		return do_jsonl(argv[2]);
	}
	if (argc < 4)
		usage();
	root = load(argv[2]);
	v = walk(root, argv[3], &found);
	if (!found) {
		fprintf(stderr, "jtool: %s: no %s\n", argv[2], argv[3]);
		return 1;
	}
	if (!strcmp(argv[1], "get") && argc == 4) {
		if (v && (json_object_is_type(v, json_type_object) ||
			  json_object_is_type(v, json_type_array)))
			printf("%s\n", json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		else
			printf("%s\n", text(v, buf, sizeof(buf)));
		return 0;
	}
	if (!strcmp(argv[1], "len") && argc == 4) {
		if (json_object_is_type(v, json_type_array))
			printf("%zu\n", json_object_array_length(v));
		else if (json_object_is_type(v, json_type_object))
			printf("%d\n", json_object_object_length(v));
		else
			return fprintf(stderr, "jtool: %s: %s is not an array\n", argv[2], argv[3]), 1;
		return 0;
	}
	if (!strcmp(argv[1], "find") && argc >= 5) {
		size_t i, n;
		int k;

		if (!json_object_is_type(v, json_type_array))
			return fprintf(stderr, "jtool: %s: %s is not an array\n", argv[2], argv[3]), 1;
		n = json_object_array_length(v);
		for (i = 0; i < n; i++) {
			struct json_object *e = json_object_array_get_idx(v, i);

			for (k = 4; k < argc; k++) {
				const char *eq = strchr(argv[k], '=');
				char key[256];
				int f2;
				struct json_object *fv;

				if (!eq)
					usage();
				snprintf(key, sizeof(key), "%.*s", (int)(eq - argv[k]), argv[k]);
				fv = walk(e, key, &f2);
				if (!f2 || strcmp(text(fv, buf, sizeof(buf)), eq + 1))
					break;
			}
			if (k == argc) {
				printf("%zu\n", i);
				return 0;
			}
		}
		return 1;
	}
	usage();
	return 64;
}
