// SPDX-License-Identifier: GPL-2.0
/*
 * hog - a memory hog for the oomsnap VM tests.
 *
 * Allocates memory in 1 MiB chunks and writes to every page so it is really
 * resident, until the kernel kills it (default) or until a limit is reached.
 *
 *   hog [-m MiB] [-s] [-q] [-a ADJ] [-R]
 *     -m MiB  stop allocating after MiB mebibytes (default: no limit)
 *     -s      when the limit is reached, sleep forever holding the memory
 *             (without -s, hog exits 0 at the limit)
 *     -q      do not print progress
 *     -a ADJ  write ADJ to /proc/self/oom_score_adj first
 *     -R      first wait 200 ms (for the parent to block in wait()) and
 *             print "hog: pid1 rss N": pid 1's RSS in pages (/proc/1/statm)
 *             as it will be during the OOM.  From 6.2 the RSS counters are
 *             per-CPU and their sum drifts by up to a batch when pid 1
 *             runs, so a reading taken before or after is not good enough.
 *
 *   hog -n N [-r MIN:MAX] [-c CGROUP-DIR]...
 *     start N sleepers and exit once all of them are ready.  Sleeper i
 *     (0-based) sets its oom_score_adj to a value spread over MIN..MAX
 *     (default -1000:0; every 25th gets -1000), names itself "sleep<i>"
 *     (every 50th "sl (<i>)", to exercise odd names), joins CGROUP-DIR
 *     number (i/3) % count if i % 3 == 0 (writes its pid to
 *     CGROUP-DIR/cgroup.procs), becomes uid 65534 if i % 10 == 3, touches
 *     64..128 KiB of anonymous memory and sleeps until killed.
 *     Prints "hog: sleeper <pid> <adj> <name>" per sleeper.
 *
 *   hog -P
 *     print the user processes from /proc (kernel threads left out), one
 *     "<pid> <ppid> <uid> <comm>" line each, after a "self <pid>" line.
 *
 * The first line of output is "hog: pid N" so the caller knows the victim.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <unistd.h>

#define CHUNK (1UL << 20)
#define MAX_CGROUPS 16
#define PF_KTHREAD 0x00200000UL

static void usage(const char *argv0)
{
	fprintf(stderr, "usage: %s [-m MiB] [-s] [-q] [-a ADJ] [-R] | -n N [-r MIN:MAX] [-c DIR]... | -P\n",
		argv0);
	exit(64);
}

static long parse_long(const char *s, const char *argv0)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s)
		usage(argv0);
	return v;
}

static int write_file(const char *path, const char *fmt, long v)
{
	char buf[32];
	int fd, len, ok;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	len = snprintf(buf, sizeof(buf), fmt, v);
	ok = write(fd, buf, len) == len;
	if (close(fd) || !ok)
		return -1;
	return 0;
}

static void set_adj(long adj)
{
	if (write_file("/proc/self/oom_score_adj", "%ld\n", adj)) {
		fprintf(stderr, "hog: cannot set oom_score_adj %ld: %s\n", adj, strerror(errno));
		exit(1);
	}
}

static void print_pid1_rss(void)
{
	FILE *f;
	long size, rss;

	usleep(200000);
	f = fopen("/proc/1/statm", "r");
	if (!f || fscanf(f, "%ld %ld", &size, &rss) != 2) {
		fprintf(stderr, "hog: cannot read /proc/1/statm\n");
		exit(1);
	}
	fclose(f);
	printf("hog: pid1 rss %ld\n", rss);
}

static void touch(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "hog: mmap %zu: %s\n", bytes, strerror(errno));
		exit(1);
	}
	memset(p, 0x5a, bytes);
}

/* The sleeper child: never returns. */
static void sleeper(long i, long adj, const char *name, char **cgroups, int ncg, int ready)
{
	char path[512];
	int fd;

	if (ncg && i % 3 == 0) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", cgroups[(i / 3) % ncg]);
		if (write_file(path, "%ld\n", (long)getpid())) {
			fprintf(stderr, "hog: sleeper %ld: cannot join %s: %s\n", i, path, strerror(errno));
			_exit(1);
		}
	}
	set_adj(adj);
	prctl(PR_SET_NAME, name, 0, 0, 0);
	if (i % 10 == 3 && (setgid(65534) || setuid(65534))) {
		fprintf(stderr, "hog: sleeper %ld: setuid: %s\n", i, strerror(errno));
		_exit(1);
	}
	touch((64 + (i * 104729) % 65) * 1024);
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	if (write(ready, "x", 1) != 1)
		_exit(1);
	close(ready);
	for (;;)
		pause();
}

static int spawn(long n, long amin, long amax, char **cgroups, int ncg)
{
	int pfd[2];
	long i, got = 0;
	char c;

	if (pipe(pfd)) {
		perror("hog: pipe");
		return 1;
	}
	for (i = 0; i < n; i++) {
		long adj = i % 25 == 0 ? -1000 : amin + (i * 7919) % (amax - amin + 1);
		char name[32];
		pid_t pid;

		if (i % 50 == 7)
			snprintf(name, sizeof(name), "sl (%d)", (int)i);
		else
			snprintf(name, sizeof(name), "sleep%d", (int)i);
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("hog: fork");
			return 1;
		}
		if (pid == 0) {
			close(pfd[0]);
			sleeper(i, adj, name, cgroups, ncg, pfd[1]);
		}
		printf("hog: sleeper %d %ld %s\n", (int)pid, adj, name);
	}
	close(pfd[1]);
	while (got < n && read(pfd[0], &c, 1) == 1)
		got++;
	if (got != n) {
		fprintf(stderr, "hog: only %ld of %ld sleepers became ready\n", got, n);
		return 1;
	}
	printf("hog: %ld sleepers ready\n", n);
	return 0;
}

static int list_procs(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;

	if (!d) {
		perror("hog: /proc");
		return 1;
	}
	printf("self %d\n", (int)getpid());
	while ((e = readdir(d))) {
		char path[300], buf[1024], comm[64], *l, *r;
		unsigned long flags = 0;
		long ppid = -1, uid = -1;
		FILE *f;
		int fd;
		ssize_t len;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		len = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		l = strchr(buf, '(');
		r = strrchr(buf, ')');
		if (!l || !r || r < l)
			continue;
		snprintf(comm, sizeof(comm), "%.*s", (int)(r - l - 1), l + 1);
		/* after ")": state ppid pgrp session tty_nr tpgid flags */
		if (sscanf(r + 1, " %*c %ld %*d %*d %*d %*d %lu", &ppid, &flags) != 2)
			continue;
		if (flags & PF_KTHREAD)
			continue;
		snprintf(path, sizeof(path), "/proc/%s/status", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(buf, sizeof(buf), f))
			if (sscanf(buf, "Uid: %ld", &uid) == 1)
				break;
		fclose(f);
		printf("%s %ld %ld %s\n", e->d_name, ppid, uid, comm);
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long limit = 0, mib = 0;
	long nsleep = -1, amin = -1000, amax = 0, adj = 0;
	int hold = 0, quiet = 0, list = 0, set = 0, ncg = 0, pid1 = 0, opt;
	char *cgroups[MAX_CGROUPS], *end;

	while ((opt = getopt(argc, argv, "m:sqa:n:r:c:PRh")) != -1) {
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
		case 'a':
			adj = parse_long(optarg, argv[0]);
			set = 1;
			break;
		case 'n':
			nsleep = parse_long(optarg, argv[0]);
			if (nsleep < 1 || nsleep > 100000)
				usage(argv[0]);
			break;
		case 'r':
			if (sscanf(optarg, "%ld:%ld", &amin, &amax) != 2 || amin > amax ||
			    amin < -1000 || amax > 1000)
				usage(argv[0]);
			break;
		case 'c':
			if (ncg == MAX_CGROUPS)
				usage(argv[0]);
			cgroups[ncg++] = optarg;
			break;
		case 'P':
			list = 1;
			break;
		case 'R':
			pid1 = 1;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (optind != argc)
		usage(argv[0]);
	if (list)
		return list_procs();
	if (nsleep > 0)
		return spawn(nsleep, amin, amax, cgroups, ncg);
	if (set)
		set_adj(adj);

	printf("hog: pid %d\n", (int)getpid());
	if (pid1)
		print_pid1_rss();
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
