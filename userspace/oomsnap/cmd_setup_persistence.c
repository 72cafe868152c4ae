// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_setup_persistence.c - `oomsnap setup-persistence`: choose the memory
 * the module keeps its records in across warm reboots, and write what the
 * next boot needs: the kernel parameter in /etc/default/grub.d/oomsnap.cfg
 * and the module's options in /etc/modprobe.d/oomsnap-persistence.conf.
 * reserve_mem= when every installed kernel has it (its headers'
 * Module.symvers lists reserve_mem_find_by_name, 6.11+), else memmap= at
 * an address derived from /proc/iomem and /sys/firmware/memmap (x86 only;
 * the rules are in lib/persist_plan.h).  Never runs update-grub or reboots: it says to.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "commands.h"
#include "file_io.h"
#include "persist_kernels.h"
#include "persist_plan.h"

#define GRUB_CFG	OSN_PERSIST_GRUB_CFG
#define MODPROBE_CONF	OSN_PERSIST_CONF
#define MAX_RANGES	65536	/* /proc/iomem entries read */
#define MAX_FW_RANGES	4096	/* /sys/firmware/memmap entries read */

static const char usage[] =
	"usage: " PROG_NAME " setup-persistence [--size SIZE] [--memmap [--address ADDR]]\n"
	"                         [--dry-run] [--force] [--root DIR]\n";

static const char help[] =
	"\n"
	"Reserve memory for the module's records, so that they survive a warm\n"
	"reboot (a panic_on_oom panic included).  Chooses reserve_mem= when every\n"
	"installed kernel has it (6.11+), else memmap= at an address above 4 GiB\n"
	"that the kernel's and the firmware's memory maps show as free RAM, and\n"
	"writes:\n"
	"  /etc/default/grub.d/oomsnap.cfg          the kernel parameter\n"
	"  /etc/modprobe.d/oomsnap-persistence.conf the module's options\n"
	"Then run update-grub and reboot.  'oomsnap status' says after the\n"
	"reboot whether the module uses the region, and if not, why.\n"
	"\n"
	"  --size SIZE     the region's size (default 16M; K, M or G; see\n"
	"                  buffer_kb in oomsnap(8) for what it holds)\n"
	"  --memmap        use memmap= even where reserve_mem= is there (a fixed\n"
	"                  address: reserve_mem= may move between boots)\n"
	"  --address ADDR  with --memmap: this address, checked, not chosen\n"
	"  --dry-run       print what would be written; change nothing\n"
	"  --force         replace an earlier setup (records in the old region\n"
	"                  are lost unless oomsnapd archived them)\n"
	"  --root DIR      write under DIR and look for kernels there (an\n"
	"                  image); the memory maps are still this machine's\n"
	"  -h, --help      show this help\n";

enum { OPT_SIZE = 300, OPT_MEMMAP, OPT_ADDRESS, OPT_DRY_RUN, OPT_FORCE, OPT_ROOT };

static char *read_text(const char *path, int *err)
{
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap), *nb;
	ssize_t r;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || !buf) {
		*err = fd < 0 ? errno : ENOMEM;
		if (fd >= 0)
			close(fd);
		free(buf);
		return NULL;
	}
	for (;;) {
		if (len + 1 >= cap) {
			nb = realloc(buf, cap * 2);
			if (!nb) {
				*err = ENOMEM;
				goto fail;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = errno;
			goto fail;
		}
		if (r == 0)
			break;
		len += r;
	}
	close(fd);
	buf[len] = '\0';
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}

/* The entries of /sys/firmware/memmap/N/{start,end,type}; 0 if absent. */
static int read_fw_memmap(struct osn_mem_range *fw, size_t max)
{
	static const char base[] = "/sys/firmware/memmap";
	struct dirent *e;
	size_t n = 0;
	DIR *d = opendir(base);

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max) {
		char p[512], *s, *t, *ty;
		int err;

		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s/start", base, e->d_name);
		s = read_text(p, &err);
		snprintf(p, sizeof(p), "%s/%s/end", base, e->d_name);
		t = read_text(p, &err);
		snprintf(p, sizeof(p), "%s/%s/type", base, e->d_name);
		ty = read_text(p, &err);
		if (s && t && ty) {
			fw[n].start = strtoull(s, NULL, 16);
			fw[n].end = strtoull(t, NULL, 16);
			fw[n].depth = 0;
			ty[strcspn(ty, "\n")] = '\0';
			snprintf(fw[n].name, sizeof(fw[n].name), "%s", ty);
			n++;
		}
		free(s);
		free(t);
		free(ty);
	}
	closedir(d);
	return (int)n;
}

static int write_file(const char *root, const char *rel, const char *text)
{
	char path[4096], dir[4096], *slash;
	struct iovec iov = { (void *)text, strlen(text) };
	int r;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	if (mkdir(dir, 0755) && errno != EEXIST) {
		r = -errno;
		fprintf(stderr, PROG_NAME ": setup-persistence: cannot create %s: %s%s\n",
			dir, strerror(-r), r == -EACCES ? " (run it as root)" : "");
		return r;
	}
	r = osn_replace_file(path, &iov, 1, 0644, true);
	if (r < 0)
		fprintf(stderr, PROG_NAME ": setup-persistence: cannot write %s: %s%s\n",
			path, strerror(-r), r == -EACCES || r == -EPERM ? " (run it as root)" : "");
	return r;
}

struct setup_opts {
	uint64_t size;
	uint64_t address;
	bool memmap, has_address, dry_run, force;
	const char *root;
};

static int parse_opts(int argc, char **argv, struct setup_opts *o)
{
	static const struct option opts[] = {
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "memmap", no_argument, NULL, OPT_MEMMAP },
		{ "address", required_argument, NULL, OPT_ADDRESS },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "root", required_argument, NULL, OPT_ROOT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char why[OSN_PERSIST_WHY_LEN], *end;
	int c;

	*o = (struct setup_opts){ .size = 16ULL << 20, .root = "" };
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_SIZE:
			if (osn_persist_parse_size(optarg, &o->size, why, sizeof(why)))
				return cli_usage_error(usage, "setup-persistence: --%s", why);
			break;
		case OPT_MEMMAP:
			o->memmap = true;
			break;
		case OPT_ADDRESS:
			errno = 0;
			o->address = strtoull(optarg, &end, 0);
			if (errno || !optarg[0] || *end)
				return cli_usage_error(usage, "setup-persistence: --address '%s' is "
						       "not a number (e.g. 0x100000000)", optarg);
			o->has_address = true;
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case OPT_ROOT:
			if (optarg[0] != '/' || strlen(optarg) > 512)
				return cli_usage_error(usage, "setup-persistence: --root needs an "
						       "absolute folder (of at most 512 bytes)");
			o->root = strcmp(optarg, "/") ? optarg : "";
			break;
		case 'h':
			fputs(usage, stdout);
			fputs(help, stdout);
			return OSN_EXIT_OK;
		default:
			return cli_usage_error(usage, "setup-persistence: unknown option '%s'",
					       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(usage, "setup-persistence: unexpected argument '%s'",
				       argv[optind]);
	if (o->has_address && !o->memmap)
		return cli_usage_error(usage, "setup-persistence: --address goes with --memmap");
	return -1;
}

/* Choose the memmap= address (or check --address) with room for the maps
 * in iomem (MAX_RANGES) and fw (MAX_FW_RANGES); exit status or -1. */
static int plan_memmap_in(const struct setup_opts *o, struct osn_persist_plan *p,
			  struct osn_mem_range *iomem, struct osn_mem_range *fw)
{
	char why[OSN_PERSIST_WHY_LEN];
	struct utsname u;
	char *text;
	int n, nfw, err = 0;

	if (uname(&u) || (strcmp(u.machine, "x86_64") && strncmp(u.machine, "i686", 4))) {
		fprintf(stderr, PROG_NAME ": setup-persistence: memmap= is set up on x86 only, "
			"and this is %s: use a kernel with reserve_mem (6.11+), or reserve a "
			"range as your platform documents and set mem_address= and mem_size= in "
			"/etc/modprobe.d (see oomsnap(8))\n", u.machine);
		return OSN_EXIT_FAILURE;
	}
	text = read_text("/proc/iomem", &err);
	if (!text) {
		fprintf(stderr, PROG_NAME ": setup-persistence: cannot read /proc/iomem: %s\n",
			strerror(err));
		return OSN_EXIT_FAILURE;
	}
	n = osn_iomem_parse(text, iomem, MAX_RANGES);
	free(text);
	if (n == -EPERM) {
		fprintf(stderr, PROG_NAME ": setup-persistence: /proc/iomem shows every "
			"address as 0: the kernel shows them to root only; run it as root\n");
		return OSN_EXIT_NOPERM;
	}
	if (n == -E2BIG) {
		fprintf(stderr, PROG_NAME ": setup-persistence: /proc/iomem has more than %d "
			"entries, more than this program reads: give the address yourself "
			"(--memmap --address ADDR) or use reserve_mem\n", MAX_RANGES);
		return OSN_EXIT_FAILURE;
	}
	if (n <= 0) {
		fprintf(stderr, PROG_NAME ": setup-persistence: cannot parse /proc/iomem%s\n",
			n ? "" : " (it is empty)");
		return OSN_EXIT_FAILURE;
	}
	/* a firmware entry left out can only make a range look unsafe */
	nfw = read_fw_memmap(fw, MAX_FW_RANGES);
	p->method = OSN_PERSIST_MEMMAP;
	if (o->has_address) {
		if (osn_persist_check_address(iomem, n, fw, nfw, o->address, o->size,
					      why, sizeof(why))) {
			fprintf(stderr, PROG_NAME ": setup-persistence: --address: %s\n", why);
			return OSN_EXIT_FAILURE;
		}
		p->address = o->address;
	} else if (osn_persist_pick_address(iomem, n, fw, nfw, o->size, &p->address,
					    why, sizeof(why))) {
		fprintf(stderr, PROG_NAME ": setup-persistence: %s\n", why);
		return OSN_EXIT_FAILURE;
	}
	if (!nfw)
		printf("note: no /sys/firmware/memmap (CONFIG_FIRMWARE_MEMMAP): the address "
		       "was checked against /proc/iomem only\n");
	return -1;
}

static int plan_memmap(const struct setup_opts *o, struct osn_persist_plan *p)
{
	struct osn_mem_range *iomem = calloc(MAX_RANGES, sizeof(*iomem));
	struct osn_mem_range *fw = calloc(MAX_FW_RANGES, sizeof(*fw));
	int rc;

	if (!iomem || !fw) {
		fprintf(stderr, PROG_NAME ": setup-persistence: %s\n", strerror(ENOMEM));
		rc = OSN_EXIT_FAILURE;
	} else {
		rc = plan_memmap_in(o, p, iomem, fw);
	}
	free(iomem);
	free(fw);
	return rc;
}

/* An earlier setup that differs: refuse without --force. */
static int check_earlier(const struct setup_opts *o, const char *conf)
{
	char path[4096];
	char *old;
	int err = 0;

	snprintf(path, sizeof(path), "%s" MODPROBE_CONF, o->root);
	old = read_text(path, &err);
	if (!old)
		return -1;
	if (!strcmp(old, conf)) {
		free(old);
		return -2;	/* the same: rewrite both, harmlessly */
	}
	if (!o->force) {
		fprintf(stderr, PROG_NAME ": setup-persistence: %s already sets a region:\n%s"
			"A new one would leave the records in the old one behind: archive them "
			"first (oomsnapd does), then run again with --force.\n", path, old);
		free(old);
		return OSN_EXIT_FAILURE;
	}
	free(old);
	return -1;
}

int cmd_setup_persistence(int argc, char **argv)
{
	char param[128], grub[1024], conf[1024], which[2048] = "", path[4096];
	struct osn_persist_plan p = { .method = OSN_PERSIST_MEMMAP };
	struct setup_opts o;
	int rc, nk = 0, rm = 0, same;
	bool have_grub;

	rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	p.size = o.size;
	if (!o.memmap) {
		rm = osn_kernels_have_reserve_mem(o.root, which, sizeof(which), &nk);
		if (rm)
			p.method = OSN_PERSIST_RESERVE_MEM;
	}
	if (p.method != OSN_PERSIST_RESERVE_MEM) {
		if (!o.memmap)
			printf("memmap=: %s\n", which);
		rc = plan_memmap(&o, &p);
		if (rc >= 0)
			return rc;
	}
	if (osn_persist_kernel_param(&p, param, sizeof(param)) < 0 ||
	    osn_persist_grub_cfg(&p, grub, sizeof(grub)) < 0 ||
	    osn_persist_modprobe_conf(&p, conf, sizeof(conf)) < 0) {
		fprintf(stderr, PROG_NAME ": setup-persistence: internal error: text too long\n");
		return OSN_EXIT_FAILURE;
	}
	rc = check_earlier(&o, conf);
	if (rc >= 0)
		return rc;
	same = rc == -2;
	snprintf(path, sizeof(path), "%s/etc/default/grub", o.root);
	have_grub = access(path, F_OK) == 0;

	if (printf("region: %" PRIu64 " MiB, kernel parameter %s\n", p.size >> 20, param) < 0)
		return OSN_EXIT_OUTPUT;
	if (p.method == OSN_PERSIST_RESERVE_MEM)
		printf("reserve_mem=: every installed kernel has it (%d); the kernel picks the "
		       "place at each boot, and a kernel placed by KASLR on the previous "
		       "reservation loses its records: 'setup-persistence --force --memmap' "
		       "gives a fixed address\n", nk);
	if (o.dry_run) {
		printf("\n--- %s" GRUB_CFG " (dry run: not written)\n%s", o.root, grub);
		printf("\n--- %s" MODPROBE_CONF " (dry run: not written)\n%s", o.root, conf);
		return OSN_EXIT_OK;
	}
	rc = write_file(o.root, MODPROBE_CONF, conf);
	if (rc)
		return rc == -EACCES || rc == -EPERM ? OSN_EXIT_NOPERM : OSN_EXIT_FAILURE;
	printf("wrote %s" MODPROBE_CONF "\n", o.root);
	if (have_grub) {
		rc = write_file(o.root, GRUB_CFG, grub);
		if (rc)
			return rc == -EACCES || rc == -EPERM ? OSN_EXIT_NOPERM : OSN_EXIT_FAILURE;
		printf("wrote %s" GRUB_CFG "\n", o.root);
		printf("next: update-grub, then reboot%s; after the reboot 'oomsnap status' "
		       "says whether the region is in use\n", same ? " (if not done yet)" : "");
	} else {
		printf("no GRUB (%s): add %s to your boot loader's kernel command line, then "
		       "reboot; after the reboot 'oomsnap status' says whether the region is "
		       "in use\n", path, param);
	}
	return OSN_EXIT_OK;
}
