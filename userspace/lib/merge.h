/* SPDX-License-Identifier: GPL-2.0 */
/*
 * merge.h - the records the kernel holds and those the archive holds, as
 * one list: one item per record (boot id + seq), marked with where it
 * came from, the kernel's copy preferred when both have it, oldest kill
 * first; and the entries of either that could not be decoded, named.
 * Pure (no socket, no file): the CLI feeds it what LIST and the archive
 * gave.  Never prints.
 */
#ifndef OSN_MERGE_H
#define OSN_MERGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "archive.h"
#include "record.h"

/* Where a record was found: a bit mask. */
#define OSN_SOURCE_KERNEL	0x1
#define OSN_SOURCE_ARCHIVE	0x2

/* One record.  rec is set (has_rec) unless added by key alone. */
struct osn_merge_item {
	bool has_boot_id;
	uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];
	uint64_t seq;
	uint64_t time_ns;
	bool earlier_boot;
	unsigned int source;		/* OSN_SOURCE_* */
	char archive_file[OSN_ARCHIVE_NAME_LEN];	/* "" when none */
	bool has_rec;
	unsigned int rec_source;	/* where rec is from */
	struct osn_record rec;
	size_t added;			/* internal: order of the adds */
};

/* An entry that could not be decoded: what is known of it and why. */
struct osn_merge_bad {
	unsigned int source;		/* one OSN_SOURCE_* */
	bool has_seq;
	uint64_t seq;
	bool has_boot_id;
	uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];
	char archive_file[OSN_ARCHIVE_NAME_LEN];	/* the archive's */
	char why[128];
};

struct osn_merge {
	struct osn_merge_item *v;
	size_t n, cap;
	struct osn_merge_bad *bad;
	size_t nbad, cap_bad;
};

#define OSN_MERGE_INIT	{ NULL, 0, 0, NULL, 0, 0 }

/*
 * Add a decoded record from source (one OSN_SOURCE_*; file: its archive
 * file name, or NULL).  rec is moved into the merge (left empty).  0 or
 * -ENOMEM (rec then untouched).
 */
int osn_merge_add(struct osn_merge *m, struct osn_record *rec,
		  unsigned int source, const char *file);

/* Add an archive file by its name alone (the content not read). */
int osn_merge_add_entry(struct osn_merge *m,
			const struct osn_archive_entry *e, bool earlier_boot);

/* Add an entry that did not decode (*b copied).  0 or -ENOMEM. */
int osn_merge_add_bad(struct osn_merge *m, const struct osn_merge_bad *b);

/*
 * After the last add: one item per (boot id, seq), its sources joined;
 * rec is the kernel's copy when the kernel gave one, else the archive's;
 * sorted by kill time, oldest first (then boot id, then seq).  Items
 * with the same key from the same source (two archive files of one
 * record) are one item: the first added is kept.
 */
void osn_merge_finish(struct osn_merge *m);

/* The newest item by kill time, whatever its boot; NULL when none. */
const struct osn_merge_item *osn_merge_newest(const struct osn_merge *m);

/*
 * The item of seq in the boot boot_id (NULL: records without a boot
 * id), after osn_merge_finish(); NULL when none.
 */
const struct osn_merge_item *osn_merge_find(const struct osn_merge *m,
					    const uint8_t *boot_id,
					    uint64_t seq);

/* "kernel", "archive", "kernel+archive" for source; "-" for none. */
const char *osn_source_name(unsigned int source);

/* Short form for a table column: "kernel", "archive", "both". */
const char *osn_source_short(unsigned int source);

void osn_merge_free(struct osn_merge *m);

#endif /* OSN_MERGE_H */
