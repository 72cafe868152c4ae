// SPDX-License-Identifier: GPL-2.0
/*
 * test_cli_sources.c - `oomsnap list` and `show` on an archive without the
 * kernel module: archive files written into a temporary state folder with
 * the library, the commands run as main() would run them, their stdout
 * and stderr captured.  Skipped when the module is loaded (the kernel's
 * records would mix in) or generic netlink is not available.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "commands.h"
#include "fixture.h"
#include "record_json.h"
#include "render_json.h"

static char root[64];
static char out_path[96], err_path[96];
static char *out_text, *err_text;
static uint8_t this_boot[16];
static const uint8_t old_boot[16] = { 0x5e, 0xed, 0x01, 0xd0, 1, 2, 3, 4,
				      5, 6, 7, 8, 9, 10, 11, 12 };

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), (size_t)n);
	fclose(f);
	return buf;
}

/* Run cmd(argv...) with stdout and stderr into files; the exit status. */
static int run(int (*cmd)(int, char **), ...)
{
	char *argv[8];
	int argc = 0, rc, o, e, so, se;
	va_list ap;

	va_start(ap, cmd);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	o = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	e = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	dup2(o, 1);
	dup2(e, 2);
	rc = cmd(argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(o);
	close(e);
	close(so);
	close(se);
	free(out_text);
	free(err_text);
	out_text = slurp(out_path);
	err_text = slurp(err_path);
	return rc;
}

/* Replace the first from in s by to (not longer than from). */
static void replace_once(char *s, const char *from, const char *to)
{
	char *p = strstr(s, from);

	assert_non_null(p);
	assert_true(strlen(to) <= strlen(from));
	memcpy(p, to, strlen(to));
	memmove(p + strlen(to), p + strlen(from),
		strlen(p + strlen(from)) + 1);
}

static void write_record(struct osn_archive *a, const uint8_t *boot,
			 uint64_t seq, uint64_t time_s, char *name)
{
	struct t_snap s = snap_global;
	struct nl_msg *m;
	struct osn_record r;

	s.seq = seq;
	s.time_ns = time_s * 1000000000ULL + 123;
	s.boot_bin = boot;
	m = fx_summary(&s);
	assert_int_equal(osn_record_parse(nlmsg_hdr(m), &r), 0);
	nlmsg_free(m);
	assert_int_equal(osn_archive_write(a, &r, name, OSN_ARCHIVE_NAME_LEN),
			 0);
	osn_record_free(&r);
}

static char name_old7[OSN_ARCHIVE_NAME_LEN], name_now2[OSN_ARCHIVE_NAME_LEN];
static char name_now1[OSN_ARCHIVE_NAME_LEN];

static int setup(void **state)
{
	struct osn_archive *a;
	struct osn_nl *nl = osn_nl_alloc();
	int err = nl ? osn_nl_connect(nl) : -ENOMEM;

	(void)state;
	osn_nl_free(nl);
	if (err != -OSN_ENOFAMILY) {
		fprintf(stderr, "[ SKIP ] the oomsnap module is loaded, or "
			"no generic netlink (%d)\n", err);
		return -1;
	}
	if (osn_current_boot_id(this_boot)) {
		fprintf(stderr, "[ SKIP ] no boot id in /proc\n");
		return -1;
	}
	strcpy(root, "/tmp/test_cli_sources.XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(out_path, sizeof(out_path), "%s/stdout", root);
	snprintf(err_path, sizeof(err_path), "%s/stderr", root);
	assert_int_equal(osn_archive_open(root, true, &a), 0);
	/* an earlier boot's record is the newest kill */
	write_record(a, old_boot, 7, 1700000900, name_old7);
	write_record(a, this_boot, 1, 1700000100, name_now1);
	write_record(a, this_boot, 2, 1700000200, name_now2);
	osn_archive_close(a);
	cli_state_dir = root;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	free(out_text);
	free(err_text);
	out_text = err_text = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) ? -1 : 0;
}

static void put_bad_file(void)
{
	char path[256];
	FILE *f;

	/* a valid name, content this CLI cannot decode */
	snprintf(path, sizeof(path), "%s/records/20231114T221500.000000000Z_"
		 "5eed01d0-0102-0304-0506-0708090a0b0c_8.json", root);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{\"seq\": 8, \"kind\": \"global\"}\n", f);
	fclose(f);
}

static void test_list_json(void **state)
{
	struct json_object *arr, *e;

	(void)state;
	assert_int_equal(run(cmd_list, "list", "--json", NULL), 0);
	assert_non_null(strstr(err_text, "not loaded"));
	arr = json_tokener_parse(out_text);
	assert_non_null(arr);
	assert_int_equal(json_object_array_length(arr), 3);
	/* oldest first, whatever the boot */
	e = json_object_array_get_idx(arr, 0);
	assert_int_equal(json_object_get_int64(json_object_object_get(e,
						"seq")), 1);
	assert_string_equal(json_object_get_string(json_object_object_get(e,
			    "source")), "archive");
	assert_string_equal(json_object_get_string(json_object_object_get(e,
			    "archive_file")), name_now1);
	assert_false(json_object_get_boolean(json_object_object_get(e,
						"earlier_boot")));
	e = json_object_array_get_idx(arr, 2);
	assert_int_equal(json_object_get_int64(json_object_object_get(e,
						"seq")), 7);
	assert_true(json_object_get_boolean(json_object_object_get(e,
						"earlier_boot")));
	assert_false(json_object_object_get_ex(e, "tasks", NULL));
	json_object_put(arr);
}

static void test_list_text(void **state)
{
	(void)state;
	assert_int_equal(run(cmd_list, "list", NULL), 0);
	assert_int_equal(strncmp(out_text, "SOURCE  SEQ", 11), 0);
	assert_non_null(strstr(out_text, "\narchive 1 "));
	assert_non_null(strstr(out_text, "\narchive 7      5eed01d0*"));
}

static void test_show_newest_any_boot(void **state)
{
	char path[256];
	char *file;

	(void)state;
	assert_int_equal(run(cmd_show, "show", "--json", NULL), 0);
	/* exactly the archive file: the newest kill, of an earlier boot */
	snprintf(path, sizeof(path), "%s/records/%s", root, name_old7);
	file = slurp(path);
	/* but for what the reader's boot says of it */
	replace_once(file, "\"earlier_boot\": false", "\"earlier_boot\": true");
	assert_string_equal(out_text, file);
	free(file);

	assert_int_equal(run(cmd_show, "show", NULL), 0);
	assert_non_null(strstr(out_text, "Archived: "));
	assert_non_null(strstr(out_text, name_old7));
	assert_non_null(strstr(out_text, "an earlier boot"));
}

static void test_show_refs(void **state)
{
	struct json_object *o;

	(void)state;
	/* SEQ alone: the current boot's */
	assert_int_equal(run(cmd_show, "show", "--json", "2", NULL), 0);
	o = json_tokener_parse(out_text);
	assert_int_equal(json_object_get_int64(json_object_object_get(o,
						"seq")), 2);
	json_object_put(o);
	/* BOOT:SEQ with a prefix of the earlier boot's id */
	assert_int_equal(run(cmd_show, "show", "--json", "5eed:7", NULL), 0);
	o = json_tokener_parse(out_text);
	assert_int_equal(json_object_get_int64(json_object_object_get(o,
						"seq")), 7);
	json_object_put(o);
	/* 7 is not of the current boot; 99 is nowhere */
	assert_int_equal(run(cmd_show, "show", "7", NULL), OSN_EXIT_NORECORD);
	assert_int_equal(run(cmd_show, "show", "99", NULL), OSN_EXIT_NORECORD);
	assert_non_null(strstr(err_text, "no record 99"));
	assert_int_equal(run(cmd_show, "show", "abcd:1", NULL),
			 OSN_EXIT_NORECORD);
}

static void test_undecodable_file(void **state)
{
	struct json_object *arr;

	(void)state;
	put_bad_file();
	assert_int_equal(run(cmd_list, "list", "--json", NULL),
			 OSN_EXIT_PARTIAL);
	arr = json_tokener_parse(out_text);
	assert_non_null(arr);
	assert_int_equal(json_object_array_length(arr), 3);
	json_object_put(arr);
	assert_non_null(strstr(err_text, "could not be decoded"));
	assert_non_null(strstr(err_text, "_8.json"));
	assert_non_null(strstr(err_text, "5eed01d0:8"));
	/* show of that one says why; show of another still works */
	assert_int_equal(run(cmd_show, "show", "5eed01d0:8", NULL),
			 OSN_EXIT_FAILURE);
	assert_non_null(strstr(err_text, "missing"));
	assert_int_equal(run(cmd_show, "show", "2", NULL), 0);
}

static void test_state_dir_missing(void **state)
{
	(void)state;
	cli_state_dir = "/nonexistent/oomsnap";
	/* an archive asked for by name that is not there: said so */
	assert_int_equal(run(cmd_list, "list", NULL), OSN_EXIT_UNAVAILABLE);
	assert_non_null(strstr(err_text, "no archive in /nonexistent/oomsnap"));
	/* (the undecodable file of the test before is still there) */
	assert_int_equal(run(cmd_list, "list", "--state-dir", root, NULL),
			 OSN_EXIT_PARTIAL);
	assert_string_equal(cli_state_dir, root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_json),
		cmocka_unit_test(test_list_text),
		cmocka_unit_test(test_show_newest_any_boot),
		cmocka_unit_test(test_show_refs),
		cmocka_unit_test(test_undecodable_file),
		cmocka_unit_test(test_state_dir_missing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
