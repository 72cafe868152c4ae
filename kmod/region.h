/* SPDX-License-Identifier: GPL-2.0 */
/*
 * region.h - the record region: append, find, read, acknowledge, and
 * recover after a reboot, over a block of memory the caller owns (a
 * reserved physical range mapped by the module, a vmalloc'd buffer when no
 * range is given, or a plain buffer in the tests and the fuzzer).
 *
 * region.c has no kernel-only dependencies (region_shim.h) and does no
 * locking and no allocation: the caller serializes every call and provides
 * the index memory.  Every function is safe in atomic context.
 */
#ifndef _OOMSNAP_REGION_H
#define _OOMSNAP_REGION_H

#include "region_format.h"

/* A record held in the region, as the index knows it. */
struct osr_entry {
	u64 rid;
	u64 seq;
	u64 lost_before;
	u32 off;		/* of the struct osr_record, data-relative */
	u32 len;		/* header + body */
	u32 flags;		/* OSR_F_* */
	u32 body_version;
	u8 boot_id[OSR_BOOT_ID_BYTES];
};

/* What osr_open() found. */
struct osr_report {
	u32 found;		/* committed records recovered */
	u32 earlier_boot;	/* of which written by another boot */
	u32 index_full;		/* valid records dropped: index too small */
	u64 corrupt;		/* torn or corrupt records skipped */
	const char *reinit;	/* why the header was (re)written, or NULL */
};

struct osr_region {
	u8 *base;
	u64 size;
	u64 data_size;
	struct osr_header hdr;	/* the active header */
	unsigned int hdr_slot;	/* 0: copy A, 1: copy B */
	struct osr_entry *idx;	/* held records, ascending rid */
	u32 idx_cap;
	u32 idx_count;
	u64 next_rid;
	u64 next_seq;		/* of the current boot */
	u64 write_off;		/* data-relative: where the next record goes */
	u8 boot_id[OSR_BOOT_ID_BYTES];
	bool overwrite;		/* full: overwrite the oldest (else keep) */
	u64 lost_pending;	/* kills not stored since the last stored */
	u64 overwritten;	/* unacknowledged records overwritten */
	u64 corrupt;		/* skipped at open */
	bool persist;		/* write back and order what recovery needs */
	bool wip;		/* a record is reserved, not yet published */
	u64 undo_rid;		/* the newest record, while still newest... */
	u64 undo_off;		/* ...and the write offset before it */
	u32 nr_earlier;		/* held records of earlier boots */
	u32 nr_hidden;		/* held provisional records of this boot */
};

/*
 * A record being written: osr_reserve() (caller's lock held), osr_fill()
 * for each part of the body and osr_seal() (without the lock: one writer
 * at a time), osr_publish() (lock held again).
 */
struct osr_wip {
	u64 pos;		/* data-relative */
	u64 len;		/* header + body, aligned */
	u64 body;		/* body bytes promised */
	u64 filled;
	u64 rid, seq, lost_before;
	u32 flags;
	u32 crc;		/* running, of the header then the body */
	bool active, sealed;
};

/* One piece of a record body, for osr_append(). */
struct osr_seg {
	const void *p;
	u32 len;
};

int osr_open(struct osr_region *r, void *base, u64 size, const u8 *boot_id,
	     struct osr_entry *idx, u32 idx_cap, bool overwrite,
	     struct osr_report *rep);
/* Either header copy has the oomsnap magic (valid or not). */
bool osr_signed(const void *base, u64 size);

/* osr_open() with @persist: stores are written back (osr_wb) and ordered. */
int osr_open_persist(struct osr_region *r, void *base, u64 size,
		     const u8 *boot_id, struct osr_entry *idx, u32 idx_cap,
		     bool overwrite, bool persist, struct osr_report *rep);
/*
 * Appends a record (reserve, fill, seal, publish in one call).  0;
 * -ENOSPC: no room under the policy (a provisional record never evicts);
 * -EFBIG: larger than the data area; -EBUSY: a reservation is open.
 */
int osr_append(struct osr_region *r, u32 body_version, u32 flags,
	       const struct osr_seg *segs, unsigned int nsegs,
	       const struct osr_entry **out);
bool osr_fits(const struct osr_region *r, u32 flags, u64 body_len);
int osr_reserve(struct osr_region *r, u32 body_version, u32 flags,
		u64 body_len, struct osr_wip *w);
void osr_fill(const struct osr_region *r, struct osr_wip *w, const void *p,
	      u64 len);
void osr_seal(const struct osr_region *r, struct osr_wip *w);
int osr_publish(struct osr_region *r, struct osr_wip *w,
		const struct osr_entry **out);
void osr_cancel(struct osr_region *r, struct osr_wip *w);
/* Acknowledges up to @max visible records, newest first; *more if any left. */
u32 osr_ack_some(struct osr_region *r, u32 max, bool *more);
void osr_count_lost(struct osr_region *r, u32 pid, const char *comm);
/* @n kills not stored at once (@pid, @comm: the last of them). */
void osr_count_lost_n(struct osr_region *r, u64 n, u32 pid, const char *comm);
int osr_ack(struct osr_region *r, const u8 *boot_id, u64 seq);
u32 osr_ack_all(struct osr_region *r);
void osr_discard(struct osr_region *r, u64 rid);
const struct osr_entry *osr_find(const struct osr_region *r,
				 const u8 *boot_id, u64 seq);
const struct osr_entry *osr_next(const struct osr_region *r, u64 after_rid);
const struct osr_entry *osr_get(const struct osr_region *r, u64 rid);
int osr_read(const struct osr_region *r, const struct osr_entry *e, u64 off,
	     void *dst, u64 len);
u32 osr_count_earlier(const struct osr_region *r);

static inline u64 osr_body_len(const struct osr_entry *e)
{
	return e->len - sizeof(struct osr_record);
}

#endif /* _OOMSNAP_REGION_H */
