// SPDX-License-Identifier: GPL-2.0
/*
 * module_signing.c - whether the kernel loads signed modules only (see
 * module_signing.h).
 */
#include <stdio.h>
#include <string.h>

#include "module_signing.h"

static int read_line(const char *root, const char *path, char *buf, size_t len)
{
	char p[512];
	FILE *f;
	int ok;

	snprintf(p, sizeof(p), "%s%s", root, path);
	f = fopen(p, "re");
	if (!f)
		return 0;
	ok = fgets(buf, len, f) != NULL;
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

int osn_signed_modules_only(const char *root, char *why, size_t len)
{
	char line[128], *a, *b;

	/* "none [integrity] confidentiality" */
	if (read_line(root, "/sys/kernel/security/lockdown", line, sizeof(line))) {
		a = strchr(line, '[');
		b = a ? strchr(a, ']') : NULL;
		if (a && b && strncmp(a + 1, "none", b - a - 1)) {
			*b = '\0';
			snprintf(why, len, "lockdown: %s, as under Secure Boot", a + 1);
			return 1;
		}
	}
	if (read_line(root, "/sys/module/module/parameters/sig_enforce", line, sizeof(line)) &&
	    line[0] == 'Y') {
		snprintf(why, len, "module.sig_enforce=1");
		return 1;
	}
	return 0;
}

int osn_module_signing_advice(const char *root, char *buf, size_t len)
{
	char why[128];

	if (!osn_signed_modules_only(root, why, sizeof(why)))
		return 0;
	snprintf(buf, len, "this kernel loads signed modules only (%s): if modprobe "
		 "oomsnap says 'Operation not permitted' or 'Key was rejected by "
		 "service', enroll the key DKMS signs with (mokutil --import "
		 OSN_DKMS_MOK_PUB ", reboot, confirm in MOK Manager); see the "
		 "README, 'Secure Boot'", why);
	return 1;
}
