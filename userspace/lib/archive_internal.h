/* SPDX-License-Identifier: GPL-2.0 */
/*
 * archive_internal.h - the archive handle (struct osn_archive), shared by
 * the archive's own files (archive.c: names, open, write, scan, remove;
 * archive_read.c: reading a file back).  Internal to the library.
 */
#ifndef OSN_ARCHIVE_INTERNAL_H
#define OSN_ARCHIVE_INTERNAL_H

#include <stdbool.h>

struct osn_archive {
	char *state_dir;	/* as given (or the default) */
	char *dir;		/* <state-dir>/records */
	int dirfd;		/* dir, open O_DIRECTORY */
	bool create;		/* opened by the daemon: recreate dir if
				 * it is removed while running */
};

#endif /* OSN_ARCHIVE_INTERNAL_H */
