// SPDX-License-Identifier: GPL-2.0
/*
 * dtool - guest-side helpers of the oomsnapd VM tests (static, runs in the
 * busybox initramfs).  Times are CLOCK_REALTIME in nanoseconds since the
 * epoch, the clock the kernel stamps a record's "time" with.
 *
 *   dtool archwait DIR TIMEOUT_MS CMD [ARG...]
 *	Watch DIR (inotify) for a new archive file: a name that does not
 *	start with "." and ends in ".json", created or renamed into DIR
 *	after the watch started.  Run CMD (e.g. a memory hog the kernel
 *	OOM-kills) and wait for both: CMD to end and the new file.  Prints
 *	  archwait: child PID status N            (exit code, or 128+signal)
 *	  archwait: fork_ns A reap_ns B seen_ns C file NAME mtime_ns M mode O size S
 *	  archwait: file seen D ms after the child was reaped
 *	(D < 0: the file was there before CMD was reaped).  Exit 0 when a new
 *	file appeared no later than TIMEOUT_MS after CMD ended, 1 when none
 *	did (the timing lines then say "seen_ns -1").
 *
 *   dtool respawn [-n MIN] [-m MAXMS] [-f STOPFILE] [-o LOG] [-T MAXSEC] CMD [ARG...]
 *	Start CMD, let it run a random 0..MAXMS ms (default 300), SIGKILL it,
 *	reap it, start it again; until at least MIN cycles (default 100) were
 *	done and STOPFILE exists, or MAXSEC seconds (default 600) passed.
 *	CMD's stdout and stderr are appended to LOG (default /dev/null).  A
 *	CMD that ends by itself before the kill is counted, with its status.
 *	Prints "respawn: cycles C killed K exited E seed S elapsed_ms T" and
 *	one line per CMD that exited by itself.  Exit 0 when stopped by
 *	STOPFILE, 1 at MAXSEC.
 *
 *   dtool waitjson FILE TIMEOUT_MS PATH=VALUE...
 *	Poll FILE (every 20 ms) until it is a JSON object in which every
 *	PATH (keys joined with ".") has VALUE (strings raw, other values as
 *	JSON), and, if it has a numeric "pid", that process is alive (not a
 *	zombie).  Prints "waitjson: matched after N ms" and the file; exit
 *	1 at the timeout, with the last content seen.
 *
 *   dtool events MS
 *	Print every NEW_RECORD notification of the oomsnap family for MS
 *	milliseconds, raw ("event seq N"; dtool_events.c).
 *
 *   dtool victims FILE...
 *	"<seq> <pid>..." per archived record: its victims (dtool_victims.c).
 *
 *   dtool dumphold MS
 *	Start a GET dump of the newest record, take its first batch, hold
 *	the unfinished dump MS milliseconds, close (dtool_dumphold.c).
 *   dtool regpatch DEV ADDR SIZE OLD NEW
 *	Replace string OLD by NEW in the committed records of the oomsnap
 *	region at ADDR (DEV: /dev/mem, module unloaded) and fix their CRC
 *	(dtool_region.c).
 *
 * Exit 2: a setup error (message on stderr); 64: usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <json-c/json.h>

int dtool_events(int argc, char **argv);	/* dtool_events.c */
int dtool_dumphold(int argc, char **argv);	/* dtool_dumphold.c */
int dtool_victims(int argc, char **argv);	/* dtool_victims.c */
int dtool_regpatch(int argc, char **argv);	/* dtool_region.c */

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

static void usage(void)
{
	fprintf(stderr,
		"usage: dtool archwait DIR TIMEOUT_MS CMD [ARG...]\n"
		"       dtool respawn [-n MIN] [-m MAXMS] [-f STOPFILE] [-o LOG] [-T MAXSEC] CMD [ARG...]\n"
		"       dtool waitjson FILE TIMEOUT_MS PATH=VALUE...\n"
		"       dtool events MS\n"
		"       dtool regpatch DEV ADDR SIZE OLD NEW\n");
	exit(64);
}

static int64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static long num(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < 0)
		usage();
	return v;
}

static int status_code(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return -1;
}

static pid_t start(char **argv, const char *log)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("dtool: fork");
		exit(2);
	}
	if (pid == 0) {
		if (log) {
			int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);

			if (fd < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
				_exit(126);
			close(fd);
		}
		execvp(argv[0], argv);
		fprintf(stderr, "dtool: exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

static int is_archive_name(const char *n)
{
	size_t l = strlen(n);

	return n[0] != '.' && l > 5 && !strcmp(n + l - 5, ".json");
}

static int archwait(int argc, char **argv)
{
	const char *dir;
	long timeout_ms;
	int ifd, pfd, st = 0, reaped = 0, seen = 0;
	int64_t t_fork, t_reap = -1, t_seen = -1;
	char name[NAME_MAX + 1] = "";
	pid_t pid;

	if (argc < 4)
		usage();
	dir = argv[1];
	timeout_ms = num(argv[2]);
	ifd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	if (ifd < 0 || inotify_add_watch(ifd, dir, IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
		fprintf(stderr, "dtool: archwait: cannot watch %s: %s\n", dir, strerror(errno));
		return 2;
	}
	/* Only names that appear from now on count: no snapshot needed. */
	t_fork = now_ns(CLOCK_REALTIME);
	pid = start(argv + 3, NULL);
	pfd = syscall(SYS_pidfd_open, pid, 0);
	if (pfd < 0) {
		fprintf(stderr, "dtool: archwait: pidfd_open: %s\n", strerror(errno));
		return 2;
	}
	for (;;) {
		struct pollfd p[2] = { { ifd, POLLIN, 0 }, { pfd, POLLIN, 0 } };
		int wait_ms = -1, n;

		if (reaped) {
			int64_t left = timeout_ms - (now_ns(CLOCK_REALTIME) - t_reap) / 1000000;

			if (seen || left <= 0)
				break;
			wait_ms = (int)left;
		}
		n = poll(p, reaped ? 1 : 2, wait_ms);
		if (n < 0 && errno != EINTR) {
			perror("dtool: poll");
			return 2;
		}
		if (n > 0 && (p[0].revents & POLLIN)) {
			char buf[8192] __attribute__((aligned(__alignof__(struct inotify_event))));
			ssize_t len;

			while ((len = read(ifd, buf, sizeof(buf))) > 0) {
				char *q;

				for (q = buf; q < buf + len;) {
					struct inotify_event *e = (struct inotify_event *)q;

					if (!seen && e->len && is_archive_name(e->name)) {
						t_seen = now_ns(CLOCK_REALTIME);
						snprintf(name, sizeof(name), "%s", e->name);
						seen = 1;
					}
					q += sizeof(*e) + e->len;
				}
			}
		}
		if (!reaped && n > 0 && (p[1].revents & POLLIN)) {
			if (waitpid(pid, &st, 0) != pid) {
				perror("dtool: waitpid");
				return 2;
			}
			t_reap = now_ns(CLOCK_REALTIME);
			reaped = 1;
		}
	}
	printf("archwait: child %d status %d\n", (int)pid, status_code(st));
	if (seen) {
		char path[PATH_MAX];
		struct stat sb;

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (stat(path, &sb)) {
			fprintf(stderr, "dtool: archwait: %s appeared but cannot be stat()ed: %s\n",
				path, strerror(errno));
			return 2;
		}
		printf("archwait: fork_ns %lld reap_ns %lld seen_ns %lld file %s mtime_ns %lld mode %o size %lld\n",
		       (long long)t_fork, (long long)t_reap, (long long)t_seen, name,
		       (long long)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec,
		       (unsigned int)(sb.st_mode & 07777), (long long)sb.st_size);
		printf("archwait: file seen %lld ms after the child was reaped\n",
		       (long long)(t_seen - t_reap) / 1000000);
		return 0;
	}
	printf("archwait: fork_ns %lld reap_ns %lld seen_ns -1 file - mtime_ns -1 mode 0 size -1\n",
	       (long long)t_fork, (long long)t_reap);
	printf("archwait: no new archive file in %s within %ld ms after the child was reaped\n",
	       dir, timeout_ms);
	return 1;
}

static int respawn(int argc, char **argv)
{
	long min = 100, maxms = 300, maxsec = 600;
	const char *stop = NULL, *log = "/dev/null";
	long cycles = 0, killed = 0, exited = 0;
	unsigned int seed;
	int64_t t0 = now_ns(CLOCK_MONOTONIC);
	int fd, opt, rc;

	while ((opt = getopt(argc, argv, "+n:m:f:o:T:")) != -1) {
		switch (opt) {
		case 'n': min = num(optarg); break;
		case 'm': maxms = num(optarg); break;
		case 'f': stop = optarg; break;
		case 'o': log = optarg; break;
		case 'T': maxsec = num(optarg); break;
		default: usage();
		}
	}
	if (optind >= argc)
		usage();
	fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0 || read(fd, &seed, sizeof(seed)) != sizeof(seed)) {
		perror("dtool: /dev/urandom");
		return 2;
	}
	close(fd);
	srandom(seed);
	for (;;) {
		long delay = random() % (maxms + 1);
		pid_t pid = start(argv + optind, log);
		int pfd = syscall(SYS_pidfd_open, pid, 0), st;
		struct pollfd p = { pfd, POLLIN, 0 };

		if (pfd < 0) {
			fprintf(stderr, "dtool: respawn: pidfd_open: %s\n", strerror(errno));
			return 2;
		}
		if (poll(&p, 1, (int)delay) > 0) {
			waitpid(pid, &st, 0);
			exited++;
			printf("respawn: cycle %ld: exited by itself with status %d within %ld ms\n",
			       cycles + 1, status_code(st), delay);
		} else {
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
			if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) {
				killed++;
			} else {
				exited++;
				printf("respawn: cycle %ld: exited by itself with status %d at the kill\n",
				       cycles + 1, status_code(st));
			}
		}
		close(pfd);
		cycles++;
		if (cycles >= min && (!stop || access(stop, F_OK) == 0)) {
			rc = 0;
			break;
		}
		if ((now_ns(CLOCK_MONOTONIC) - t0) / 1000000000 >= maxsec) {
			printf("respawn: gave up after %ld s\n", maxsec);
			rc = 1;
			break;
		}
	}
	printf("respawn: cycles %ld killed %ld exited %ld seed %u elapsed_ms %lld\n", cycles,
	       killed, exited, seed, (long long)(now_ns(CLOCK_MONOTONIC) - t0) / 1000000);
	return rc;
}

/* PATH ("a.b.0.c") in o; *found = 0 when absent. */
static struct json_object *walk(struct json_object *o, const char *path, int *found)
{
	char *copy = strdup(path), *tok, *save = NULL;

	*found = 1;
	for (tok = strtok_r(copy, ".", &save); tok; tok = strtok_r(NULL, ".", &save)) {
		struct json_object *next = NULL;

		if (json_object_is_type(o, json_type_array)) {
			char *end;
			long i = strtol(tok, &end, 10);

			if (*end || end == tok || i < 0 || (size_t)i >= json_object_array_length(o)) {
				*found = 0;
				break;
			}
			next = json_object_array_get_idx(o, i);
		} else if (!o || !json_object_is_type(o, json_type_object) ||
			   !json_object_object_get_ex(o, tok, &next)) {
			*found = 0;	/* also: a key below a null */
			break;
		}
		o = next;
	}
	free(copy);
	return *found ? o : NULL;
}

static int alive(pid_t pid)
{
	char path[64], buf[512], *r;
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	r = strrchr(buf, ')');
	return r && r[1] == ' ' && r[2] != 'Z' && r[2] != 'X';
}

static int matches(const char *file, int npairs, char **pairs)
{
	struct json_object *o = json_object_from_file(file), *pid;
	int i, ok = 1;

	if (!o || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return 0;
	}
	for (i = 0; i < npairs && ok; i++) {
		const char *eq = strchr(pairs[i], '=');
		char key[256];
		const char *got;
		struct json_object *v;
		int found;

		snprintf(key, sizeof(key), "%.*s", (int)(eq - pairs[i]), pairs[i]);
		v = walk(o, key, &found);
		if (!found) {
			ok = 0;
			break;
		}
		if (!v)
			got = "null";
		else if (json_object_is_type(v, json_type_string))
			got = json_object_get_string(v);
		else
			got = json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN);
		ok = !strcmp(got, eq + 1);
	}
	if (ok && json_object_object_get_ex(o, "pid", &pid) && json_object_is_type(pid, json_type_int))
		ok = alive((pid_t)json_object_get_int64(pid));
	json_object_put(o);
	return ok;
}

static void cat(const char *file)
{
	char buf[4096];
	ssize_t n;
	int fd = open(file, O_RDONLY);

	if (fd < 0) {
		printf("(%s: %s)\n", file, strerror(errno));
		return;
	}
	fflush(stdout);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, n) != n)
			break;
	close(fd);
	printf("\n");
}

static int waitjson(int argc, char **argv)
{
	int64_t t0 = now_ns(CLOCK_MONOTONIC), el;
	long timeout_ms;
	int i;

	if (argc < 4)
		usage();
	timeout_ms = num(argv[2]);
	for (i = 3; i < argc; i++)
		if (!strchr(argv[i], '='))
			usage();
	for (;;) {
		el = (now_ns(CLOCK_MONOTONIC) - t0) / 1000000;
		if (matches(argv[1], argc - 3, argv + 3)) {
			printf("waitjson: matched after %lld ms\n", (long long)el);
			cat(argv[1]);
			return 0;
		}
		if (el >= timeout_ms)
			break;
		usleep(20000);
	}
	printf("waitjson: no match within %ld ms; last content:\n", timeout_ms);
	cat(argv[1]);
	return 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "archwait"))
		return archwait(argc - 1, argv + 1);
	if (!strcmp(argv[1], "respawn"))
		return respawn(argc - 1, argv + 1);
	if (!strcmp(argv[1], "waitjson"))
		return waitjson(argc - 1, argv + 1);
	if (!strcmp(argv[1], "events"))
		return dtool_events(argc - 1, argv + 1);
	if (!strcmp(argv[1], "victims"))
		return dtool_victims(argc - 1, argv + 1);
	if (!strcmp(argv[1], "dumphold"))
		return dtool_dumphold(argc - 1, argv + 1);
	if (!strcmp(argv[1], "regpatch"))
		return dtool_regpatch(argc - 1, argv + 1);
	usage();
	return 64;
}
