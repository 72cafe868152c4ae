/* SPDX-License-Identifier: GPL-2.0 */
/*
 * archive.h - the archive: every record a permanent file, written once by
 * oomsnapd and read by the CLI.  Never prints; returns 0 or -errno.
 *
 * Layout: <state-dir>/records/<name>, one file per record, where <name>
 * is decided by the record alone (so a record written twice, after a crash
 * between the write and the kernel's ACK, lands on the same file):
 *
 *     <UTC kill time>_<boot id>_<seq>.json
 *     20261201T091908.123456789Z_3f2c...-...-...e1_7.json
 *
 * The time is the record's `time` (nanoseconds, ISO 8601 basic format, so
 * `ls` sorts by time), the boot id the record's (the boot that wrote it;
 * all zeros for a record of a module too old to send one), seq the
 * record's sequence number in that boot (decimal, no padding).
 *
 * Content: exactly what `oomsnap show --json` prints for that record
 * (osn_record_to_json() rendered with OSN_JSON_FLAGS, then "\n"), mode
 * 0600.  Written durably: a temporary file ".tmp.<name>" in the same
 * folder, fsync, rename over <name>, fsync of the folder.  Temporary files
 * left by a crash are removed by osn_archive_open(..., create=true).
 */
#ifndef OSN_ARCHIVE_H
#define OSN_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "record.h"

#define OSN_STATE_DIR_DEFAULT	"/var/lib/oomsnap"
#define OSN_ARCHIVE_SUBDIR	"records"
/* "YYYYmmddTHHMMSS.nnnnnnnnnZ" "_" uuid(36) "_" u64(20) ".json" + NUL */
#define OSN_ARCHIVE_NAME_LEN	96

struct osn_archive;

/* One file of the archive, as its name says (the content is not read). */
struct osn_archive_entry {
	char name[OSN_ARCHIVE_NAME_LEN];
	uint64_t time_ns;
	uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];
	uint64_t seq;
	off_t size;			/* bytes */
	int64_t mtime_s;		/* file modification time */
};

/* The file name of rec into buf (OSN_ARCHIVE_NAME_LEN); -EINVAL when rec
 * has no time that can be formatted, -ENOSPC when buf is too small. */
int osn_archive_name(const struct osn_record *rec, char *buf, size_t size);

/* Parse an archive file name; -EINVAL when name is not one. */
int osn_archive_parse_name(const char *name, uint64_t *time_ns,
			   uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES],
			   uint64_t *seq);

/*
 * Open the archive of state_dir (NULL: OSN_STATE_DIR_DEFAULT).  create:
 * make <state-dir>/records (0700) if missing and remove stale temporary
 * files (the daemon); otherwise -ENOENT when there is no archive (the
 * CLI: nothing archived yet).
 */
int osn_archive_open(const char *state_dir, bool create,
		     struct osn_archive **out);
void osn_archive_close(struct osn_archive *a);

/* "<state-dir>/records", for messages. */
const char *osn_archive_path(const struct osn_archive *a);

/*
 * Write rec durably as its file (see above); its name into name (size
 * OSN_ARCHIVE_NAME_LEN) when name is not NULL.  An existing file of the
 * same name is replaced atomically.  -ENOSPC, -EROFS, -EDQUOT, -EIO, ...
 * from the file system: nothing is left behind but the old file (if any).
 */
int osn_archive_write(struct osn_archive *a, const struct osn_record *rec,
		      char *name, size_t size);

/*
 * Every archive file, sorted by name (oldest kill first), into *out
 * (free() it) and *n.  Files whose names are not archive names are
 * ignored (and counted in *ignored when not NULL).
 */
int osn_archive_scan(struct osn_archive *a, struct osn_archive_entry **out,
		     size_t *n, size_t *ignored);

/*
 * Read one archive file back into *out (osn_record_free() it) with
 * osn_record_from_json().  -ENOENT when gone, -EINVAL (with *why) when it
 * is not a record this library can decode.  out->earlier_boot is set from
 * the current boot id (/proc/sys/kernel/random/boot_id), not from the file.
 */
int osn_archive_read(struct osn_archive *a, const char *name,
		     struct osn_record *out, const char **why);

/* Delete one archive file (retention) and fsync the folder. */
int osn_archive_remove(struct osn_archive *a, const char *name);

#endif /* OSN_ARCHIVE_H */
