// SPDX-License-Identifier: GPL-2.0
/*
 * file_io.c - complete writes and atomic, optionally durable, file
 * replacement (see file_io.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file_io.h"

int osn_write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		buf += n;
		len -= n;
	}
	return 0;
}

int osn_replace_at(int dirfd, const char *tmp, const char *name,
		   const struct iovec *iov, size_t n, mode_t mode,
		   bool durable)
{
	size_t i;
	int fd, err = 0;

	fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
		    O_NOFOLLOW | O_NOCTTY, mode);
	if (fd < 0)
		return -errno;
	/* A umask cannot widen mode, but a leftover file may be wider. */
	if (fchmod(fd, mode))
		err = -errno;
	for (i = 0; i < n && !err; i++)
		err = osn_write_all(fd, iov[i].iov_base, iov[i].iov_len);
	if (!err && durable && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && renameat(dirfd, tmp, dirfd, name))
		err = -errno;
	if (err) {
		unlinkat(dirfd, tmp, 0);
		return err;
	}
	/* The rename itself is durable only once the folder is. */
	if (durable && fsync(dirfd))
		return -errno;
	return 0;
}

/* The folder of path ("/" for "/x", "." for "x") into buf. */
static int parent_of(const char *path, char *buf, size_t size,
		     const char **base)
{
	const char *slash = strrchr(path, '/');
	int len;

	if (!slash)
		len = snprintf(buf, size, ".");
	else
		len = snprintf(buf, size, "%.*s", slash == path ? 1 :
			       (int)(slash - path), path);
	if (len < 0 || (size_t)len >= size)
		return -ENAMETOOLONG;
	*base = slash ? slash + 1 : path;
	return 0;
}

int osn_replace_file(const char *path, const struct iovec *iov, size_t n,
		     mode_t mode, bool durable)
{
	char folder[PATH_MAX], tmp[NAME_MAX + 1];
	const char *base;
	int dfd, err;

	err = parent_of(path, folder, sizeof(folder), &base);
	if (err)
		return err;
	if ((size_t)snprintf(tmp, sizeof(tmp), ".%s.tmp", base) >= sizeof(tmp))
		return -ENAMETOOLONG;
	dfd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	err = osn_replace_at(dfd, tmp, base, iov, n, mode, durable);
	close(dfd);
	return err;
}

int osn_fsync_parent(const char *path)
{
	char folder[PATH_MAX];
	const char *base;
	int fd, err;

	err = parent_of(path, folder, sizeof(folder), &base);
	if (err)
		return err;
	fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = fsync(fd) ? -errno : 0;
	close(fd);
	return err;
}
