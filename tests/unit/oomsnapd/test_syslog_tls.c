// SPDX-License-Identifier: GPL-2.0
/*
 * test_syslog_tls.c - unit tests of osnd_tls_check_files() (syslog_tls.c),
 * what `oomsnapd --check-config` says about syslog-ca, syslog-cert and
 * syslog-key: good files load; a missing file, a file without a PEM
 * certificate, a key of another certificate and a certificate without its
 * key each get a reason naming the file.  The certificates are made by
 * the test with GnuTLS in a temporary folder.
 */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "syslog_tls.h"

static char dir[] = "/tmp/test_syslog_tls.XXXXXX";
static char ca[PATH_MAX], cert[PATH_MAX], key[PATH_MAX], key2[PATH_MAX];
static char junk[PATH_MAX], missing[PATH_MAX];

static void save(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void save_key(gnutls_x509_privkey_t k, const char *path)
{
	gnutls_datum_t out;

	assert_int_equal(gnutls_x509_privkey_export2(k, GNUTLS_X509_FMT_PEM,
						     &out), 0);
	save(path, out.data, out.size);
	gnutls_free(out.data);
}

/* A self-signed certificate for "localhost" (also its own CA). */
static void make_cert(gnutls_x509_privkey_t k, const char *path)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t out;
	unsigned char serial[] = { 1 };
	time_t now = time(NULL);

	assert_int_equal(gnutls_x509_crt_init(&crt), 0);
	assert_int_equal(gnutls_x509_crt_set_version(crt, 3), 0);
	assert_int_equal(gnutls_x509_crt_set_serial(crt, serial,
						    sizeof(serial)), 0);
	assert_int_equal(gnutls_x509_crt_set_activation_time(crt, now - 60),
			 0);
	assert_int_equal(gnutls_x509_crt_set_expiration_time(crt,
							     now + 86400), 0);
	assert_int_equal(gnutls_x509_crt_set_dn_by_oid(crt,
			 GNUTLS_OID_X520_COMMON_NAME, 0, "localhost", 9), 0);
	assert_int_equal(gnutls_x509_crt_set_basic_constraints(crt, 1, -1), 0);
	assert_int_equal(gnutls_x509_crt_set_key(crt, k), 0);
	assert_int_equal(gnutls_x509_crt_sign2(crt, crt, k, GNUTLS_DIG_SHA256,
					       0), 0);
	assert_int_equal(gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM,
						 &out), 0);
	save(path, out.data, out.size);
	gnutls_free(out.data);
	gnutls_x509_crt_deinit(crt);
}

static int setup(void **state)
{
	gnutls_x509_privkey_t k, k2;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(ca, sizeof(ca), "%s/ca.pem", dir);
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	snprintf(key, sizeof(key), "%s/key.pem", dir);
	snprintf(key2, sizeof(key2), "%s/other.key", dir);
	snprintf(junk, sizeof(junk), "%s/junk.pem", dir);
	snprintf(missing, sizeof(missing), "%s/missing.pem", dir);
	assert_int_equal(gnutls_x509_privkey_init(&k), 0);
	assert_int_equal(gnutls_x509_privkey_init(&k2), 0);
	assert_int_equal(gnutls_x509_privkey_generate(k, GNUTLS_PK_ECDSA,
			 GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
			 0);
	assert_int_equal(gnutls_x509_privkey_generate(k2, GNUTLS_PK_ECDSA,
			 GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0),
			 0);
	make_cert(k, cert);
	make_cert(k, ca);
	save_key(k, key);
	save_key(k2, key2);
	save(junk, "not a certificate\n", 18);
	gnutls_x509_privkey_deinit(k);
	gnutls_x509_privkey_deinit(k2);
	return 0;
}

static int teardown(void **state)
{
	const char *f[] = { ca, cert, key, key2, junk };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		unlink(f[i]);
	rmdir(dir);
	return 0;
}

static void test_good(void **state)
{
	char why[512] = "";

	(void)state;
	assert_int_equal(osnd_tls_check_files(ca, cert, key, why,
					      sizeof(why)), 0);
	assert_int_equal(osnd_tls_check_files(ca, NULL, NULL, why,
					      sizeof(why)), 0);
	assert_int_equal(osnd_tls_check_files(ca, "", "", why, sizeof(why)),
			 0);
}

static void test_missing_ca(void **state)
{
	char why[512] = "";

	(void)state;
	assert_int_equal(osnd_tls_check_files(missing, NULL, NULL, why,
					      sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "cannot read CA file"));
	assert_non_null(strstr(why, missing));
	assert_non_null(strstr(why, "No such file or directory"));
}

static void test_no_pem(void **state)
{
	char why[512] = "";

	(void)state;
	assert_int_equal(osnd_tls_check_files(junk, NULL, NULL, why,
					      sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, junk));
	assert_non_null(strstr(why, "holds no PEM certificate"));
	why[0] = '\0';
	assert_int_equal(osnd_tls_check_files(ca, junk, key, why,
					      sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, junk));
	assert_non_null(strstr(why, "holds no PEM certificate"));
}

static void test_key_mismatch(void **state)
{
	char why[512] = "";

	(void)state;
	assert_int_equal(osnd_tls_check_files(ca, cert, key2, why,
					      sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "the key"));
	assert_non_null(strstr(why, key2));
	assert_non_null(strstr(why, "does not match the certificate"));
	assert_non_null(strstr(why, cert));
}

static void test_half_pair(void **state)
{
	char why[512] = "";

	(void)state;
	assert_int_equal(osnd_tls_check_files(ca, cert, NULL, why,
					      sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "syslog-key"));
	why[0] = '\0';
	assert_int_equal(osnd_tls_check_files(ca, "", key, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "syslog-cert"));
	why[0] = '\0';
	assert_int_equal(osnd_tls_check_files(ca, cert, missing, why,
					      sizeof(why)), -ENOENT);
	assert_non_null(strstr(why, "cannot read key file"));
	assert_non_null(strstr(why, missing));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_missing_ca),
		cmocka_unit_test(test_no_pem),
		cmocka_unit_test(test_key_mismatch),
		cmocka_unit_test(test_half_pair),
	};

	return cmocka_run_group_tests_name("oomsnapd syslog TLS files", tests,
					   setup, teardown);
}
