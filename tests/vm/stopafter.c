// SPDX-License-Identifier: GPL-2.0
/*
 * stopafter.so - LD_PRELOAD shim for the oomsnapd VM tests: the process
 * stops itself (SIGSTOP) right after its first archive file is durable, that
 * is after a renameat() to an archive name (a digit first, ".json" last)
 * and the fsync() that follows it: the moment between the write and the
 * ACK, where a crash leaves a record both archived and held by the kernel.
 * The test then SIGKILLs it there: deterministically, what a random SIGKILL
 * only sometimes hits.
 *
 *   LD_PRELOAD=/usr/lib/oomsnap-test/stopafter.so oomsnapd ...
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int renamed, done;

int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)
{
	static int (*real)(int, const char *, int, const char *);
	const char *base = newpath;
	int rc;

	if (!real)
		real = (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT, "renameat");
	rc = real(olddirfd, oldpath, newdirfd, newpath);
	for (const char *p = newpath; *p; p++)
		if (*p == '/')
			base = p + 1;
	if (!rc && base[0] >= '0' && base[0] <= '9' && strlen(base) > 5 &&
	    !strcmp(base + strlen(base) - 5, ".json"))
		renamed = 1;
	return rc;
}

int fsync(int fd)
{
	static int (*real)(int);
	int rc;

	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	rc = real(fd);
	if (renamed && !done) {
		done = 1;
		fprintf(stderr, "stopafter: pid %d stops after its first archive file\n", (int)getpid());
		raise(SIGSTOP);
	}
	return rc;
}
