// SPDX-License-Identifier: GPL-2.0
/*
 * persist_kernels.c - which region the installed kernels can all boot
 * with: reserve_mem= needs every one of them to have it (see
 * persist_kernels.h).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "persist_kernels.h"

/*
 * Does the symbol list at path name reserve_mem_find_by_name (exported by
 * the kernels that have reserve_mem=)?  1, 0, or -errno.  Module.symvers:
 * "0x...\treserve_mem_find_by_name\tvmlinux\tEXPORT_SYMBOL_GPL"; a
 * System.map: "ffff... T reserve_mem_find_by_name".  -ENODATA for a
 * System.map that lists nothing (Debian's is a one-line stub).
 */
static int list_has_reserve_mem(const char *path)
{
	char line[512];
	FILE *f = fopen(path, "re");
	int found = 0, lines = 0;

	if (!f)
		return -errno;
	while (!found && fgets(line, sizeof(line), f)) {
		lines++;
		found = strstr(line, "\treserve_mem_find_by_name\t") ||
			strstr(line, " reserve_mem_find_by_name\n");
	}
	fclose(f);
	return found ? 1 : lines > 1 ? 0 : -ENODATA;
}

/*
 * Has kernel ver under root reserve_mem?  Asks its headers' Module.symvers
 * (Debian: ROOT/usr/src/linux-headers-VER; else ROOT/lib/modules/VER/build),
 * then a System.map with symbols.  1, 0, or -ENOENT: nothing to tell by.
 */
static int kernel_has_reserve_mem(const char *root, const char *ver)
{
	static const char *const lists[] = {
		"%s/usr/src/linux-headers-%s/Module.symvers",
		"%s/lib/modules/%s/build/Module.symvers",
		"%s/boot/System.map-%s",
	};
	char p[1024];
	size_t i;
	int r;

	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		snprintf(p, sizeof(p), lists[i], root, ver);
		r = list_has_reserve_mem(p);
		if (r >= 0)
			return r;
	}
	return -ENOENT;
}

/*
 * 1: every bootable kernel under ROOT (a vmlinuz in ROOT/boot and its
 * ROOT/lib/modules folder) has reserve_mem; 0: one has not, or cannot be
 * told (which names it and why).
 */
int osn_kernels_have_reserve_mem(const char *root, char *which, size_t len,
				  int *nk)
{
	char dir[1024], img[1024];
	struct dirent *e;
	DIR *d;
	int all = 1, r;

	*nk = 0;
	snprintf(dir, sizeof(dir), "%s/lib/modules", root);
	d = opendir(dir);
	if (!d) {
		snprintf(which, len, "no kernels in %s (%s)", dir, strerror(errno));
		return 0;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		/* a modules folder of a removed kernel, or of headers only */
		snprintf(img, sizeof(img), "%s/boot/vmlinuz-%s", root, e->d_name);
		if (access(img, F_OK))
			continue;
		r = kernel_has_reserve_mem(root, e->d_name);
		if (r == -ENOENT)
			snprintf(which, len, "kernel %s: no Module.symvers (linux-headers-%s) or "
				 "System.map to tell whether it has reserve_mem", e->d_name, e->d_name);
		else if (r == 0)
			snprintf(which, len, "kernel %s has no reserve_mem (it came in 6.11)",
				 e->d_name);
		if (r != 1)
			all = 0;
		(*nk)++;
	}
	closedir(d);
	if (!*nk) {
		snprintf(which, len, "no kernel (vmlinuz) found in %s/boot", root);
		return 0;
	}
	return all;
}
