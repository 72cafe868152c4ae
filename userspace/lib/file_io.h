/* SPDX-License-Identifier: GPL-2.0 */
/*
 * file_io.h - writing files so that a crash leaves the old content or the
 * new, never a mix: the archive's records, the targets' cursors and
 * state, the textfile, the daemon's runtime status.  Never prints;
 * returns 0 or -errno.
 */
#ifndef OSN_FILE_IO_H
#define OSN_FILE_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

/* Write all of buf to fd (EINTR retried): 0, or -errno (-EIO for a write
 * of 0 bytes). */
int osn_write_all(int fd, const char *buf, size_t len);

/*
 * Replace the file name in the folder dirfd with the pieces iov[0..n):
 * write them to tmp (a name in the same folder; O_NOFOLLOW, mode set with
 * fchmod whatever the umask or a leftover file), then rename tmp over
 * name.  durable: fsync the file before the rename and the folder after
 * it, so the new content and its name survive a power loss.  On failure
 * tmp is removed and name is untouched (unless only the folder's fsync
 * failed: the rename is then done but maybe not durable).
 */
int osn_replace_at(int dirfd, const char *tmp, const char *name,
		   const struct iovec *iov, size_t n, mode_t mode,
		   bool durable);

/* osn_replace_at() for a path: the folder of path, tmp ".<name>.tmp". */
int osn_replace_file(const char *path, const struct iovec *iov, size_t n,
		     mode_t mode, bool durable);

/* fsync the folder that holds path (a new file's name is durable only
 * then). */
int osn_fsync_parent(const char *path);

#endif /* OSN_FILE_IO_H */
