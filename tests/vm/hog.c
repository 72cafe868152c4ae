// SPDX-License-Identifier: GPL-2.0
/*
 * hog - a memory hog for the oomsnap VM tests.
 *
 * Allocates memory in 1 MiB chunks and writes to every page so it is really
 * resident, until the kernel kills it (default) or until a limit is reached.
 *
 *   hog [-m MiB] [-s] [-q]
 *     -m MiB  stop allocating after MiB mebibytes (default: no limit)
 *     -s      when the limit is reached, sleep forever holding the memory
 *             (without -s, hog exits 0 at the limit)
 *     -q      do not print progress
 *
 * The first line of output is "hog: pid N" so the caller knows the victim.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CHUNK (1UL << 20)

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-m MiB] [-s] [-q]\n", argv0);
	exit(64);
}

int main(int argc, char **argv)
{
	unsigned long limit = 0, mib = 0;
	int hold = 0, quiet = 0, opt;
	char *end;

	while ((opt = getopt(argc, argv, "m:sqh")) != -1) {
		switch (opt) {
		case 'm':
			errno = 0;
			limit = strtoul(optarg, &end, 10);
			if (errno || *end || end == optarg)
				usage(argv[0]);
			break;
		case 's':
			hold = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (optind != argc)
		usage(argv[0]);

	printf("hog: pid %d\n", (int)getpid());
	fflush(stdout);

	for (;;) {
		char *p;

		if (limit && mib >= limit)
			break;
		p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			/* Overcommit refused: keep the memory we have, retry. */
			usleep(1000);
			continue;
		}
		memset(p, 0x5a, CHUNK);
		mib++;
		if (!quiet && mib % 16 == 0) {
			printf("hog: %lu MiB\n", mib);
			fflush(stdout);
		}
	}

	if (!quiet)
		printf("hog: reached %lu MiB\n", mib);
	fflush(stdout);
	if (hold)
		for (;;)
			pause();
	return 0;
}
