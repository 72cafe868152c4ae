// SPDX-License-Identifier: GPL-2.0
/*
 * dtool_victims.c - "dtool victims FILE...": the victims of archived
 * records, in the guest, so a test of hundreds of kills need not send every
 * archive file over the serial console.  One line per FILE:
 *	<seq> <pid> [<pid>...]
 * the pids of the record's "victims" (the kernel's choice first), or of
 * its "victim" for a record without the list.  Exit 1 when a file is not a
 * record with a seq and at least one victim (said on stderr); 64: usage.
 */
#include <stdio.h>
#include <json-c/json.h>

int dtool_victims(int argc, char **argv);

static int one(const char *path)
{
	struct json_object *r = json_object_from_file(path), *seq, *vs, *v, *pid;
	size_t i, n;

	if (!r || !json_object_object_get_ex(r, "seq", &seq)) {
		fprintf(stderr, "victims: %s: not a record (no seq)\n", path);
		json_object_put(r);
		return 1;
	}
	printf("%lld", (long long)json_object_get_int64(seq));
	if (json_object_object_get_ex(r, "victims", &vs) &&
	    json_object_is_type(vs, json_type_array) &&
	    (n = json_object_array_length(vs)) > 0) {
		for (i = 0; i < n; i++) {
			v = json_object_array_get_idx(vs, i);
			if (!json_object_object_get_ex(v, "pid", &pid))
				goto bad;
			printf(" %lld", (long long)json_object_get_int64(pid));
		}
	} else if (json_object_object_get_ex(r, "victim", &v) &&
		   json_object_object_get_ex(v, "pid", &pid)) {
		printf(" %lld", (long long)json_object_get_int64(pid));
	} else {
		goto bad;
	}
	printf("\n");
	json_object_put(r);
	return 0;
bad:
	printf("\n");
	fprintf(stderr, "victims: %s: a record without a victim pid\n", path);
	json_object_put(r);
	return 1;
}

int dtool_victims(int argc, char **argv)
{
	int i, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: dtool victims FILE...\n");
		return 64;
	}
	for (i = 1; i < argc; i++)
		rc |= one(argv[i]);
	return rc;
}
