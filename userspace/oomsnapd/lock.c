// SPDX-License-Identifier: GPL-2.0
/*
 * lock.c - one oomsnapd per state folder: an exclusive flock() on
 * <state-dir>/oomsnapd.lock, held for the life of the process (the kernel
 * drops it when the process dies, however it dies).  The file holds the
 * pid of the holder, for the message a second instance prints.
 */
#define _GNU_SOURCE		/* asprintf */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "daemon.h"

int osnd_lock(const char *state_dir, int *out)
{
	char *path, buf[32];
	ssize_t n;
	long pid;
	int fd;

	*out = -1;
	if (asprintf(&path, "%s/oomsnapd.lock", state_dir) < 0) {
		osnd_log(LOG_ERR, "out of memory");
		return OSND_EXIT_FAILURE;
	}
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0) {
		osnd_log(LOG_ERR, "cannot open the lock file %s: %s", path,
			 strerror(errno));
		free(path);
		return OSND_EXIT_CANTCREAT;
	}
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		int e = errno;

		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		pid = strtol(buf, NULL, 10);
		if (e == EWOULDBLOCK && pid > 0)
			osnd_log(LOG_ERR, "another oomsnapd (pid %ld) is "
				 "already running on %s (it holds %s); stop it "
				 "first", pid, state_dir, path);
		else if (e == EWOULDBLOCK)
			osnd_log(LOG_ERR, "another oomsnapd is already running "
				 "on %s (it holds %s); stop it first",
				 state_dir, path);
		else
			osnd_log(LOG_ERR, "cannot lock %s: %s", path,
				 strerror(e));
		close(fd);
		free(path);
		return OSND_EXIT_LOCKED;
	}
	n = snprintf(buf, sizeof(buf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) || pwrite(fd, buf, n, 0) != n)
		osnd_log(LOG_WARNING, "cannot write the pid into %s: %s", path,
			 strerror(errno));
	free(path);
	*out = fd;
	return 0;
}
