/* SPDX-License-Identifier: GPL-2.0 */
/*
 * region_format.h - the on-memory format of oomsnap's record region: what
 * survives a warm reboot.  Read by region.c only.  Everything is in the
 * byte order and alignment of the machine that wrote it (a region is read
 * back by the same machine after a reset), fixed-size fields only.
 *
 *   offset 0                    header copy A   (struct osr_header)
 *   offset OSR_HDR_SLOT         header copy B
 *   offset OSR_DATA_OFF         data area: records, back to back, each
 *                               OSR_ALIGN-aligned, wrapping to the start of
 *                               the data area when the end is reached
 *
 * Header.  Two copies; the valid one (magic, version, size, CRC) with the
 * higher @writes wins, and an update always rewrites the other one, so a
 * reset while a header is written leaves the previous header intact.  The
 * header holds only what is not in the records: the region's identity, the
 * count of kills that could not be stored, and the last sequence number
 * given (records may all have been acknowledged since).
 *
 * Record.  struct osr_record then @len - sizeof(struct osr_record) bytes
 * of body (the module's struct oomsnap_record blob, @body_version says
 * which layout).  @crc covers the record header with @state and @crc taken
 * as 0, then the body.  Commit order:
 *   1. @state = OSR_STATE_WRITING, write barrier
 *   2. the rest of the header, the body, @crc
 *   3. write barrier, @state = OSR_STATE_COMMITTED (one aligned store)
 * so a reset at any instant leaves either no record (WRITING or garbage:
 * counted as torn and skipped) or the complete record.  Acknowledging a
 * record is one aligned store of @state = OSR_STATE_ACKED: its bytes are
 * then free space.  Recovery never trusts a length it has not bounded and
 * never reads outside the region.
 *
 * Changing any of this: bump OSR_VERSION (the header) or OSR_BODY_VERSION
 * (the module's record layout; the module refuses to interpret bodies of
 * another version, and says so).  Append fields; keep 8-byte alignment.
 */
#ifndef _OOMSNAP_REGION_FORMAT_H
#define _OOMSNAP_REGION_FORMAT_H

#include "region_shim.h"

#define OSR_MAGIC		0x524e534fu	/* "OSNR" */
#define OSR_REC_MAGIC		0x63524e4fu	/* "ONRc" */
#define OSR_VERSION		1
#define OSR_HDR_SLOT		2048
#define OSR_DATA_OFF		4096
#define OSR_ALIGN		8
#define OSR_MIN_SIZE		(OSR_DATA_OFF + 4096)

#define OSR_STATE_WRITING	0x57524954u	/* "WRIT" */
#define OSR_STATE_COMMITTED	0x434f4d4du	/* "COMM" */
#define OSR_STATE_ACKED		0x41434b44u	/* "ACKD" */

#define OSR_BOOT_ID_BYTES	16
#define OSR_COMM_LEN		16

/* Record flags. */
#define OSR_F_PANIC		0x1u	/* taken before a panic, no victim */
#define OSR_F_PROVISIONAL	0x2u	/* superseded unless the kernel died */

struct osr_header {
	u32 magic;
	u16 version;
	u16 header_size;
	u64 writes;		/* header updates; the higher valid copy wins */
	u64 region_size;
	u64 generation;		/* times this region was (re)initialised */
	u64 lost;		/* kills not stored, since creation */
	u32 lost_last_pid;
	char lost_last_comm[OSR_COMM_LEN];
	/*
	 * The last seq given, and its boot, and the last rid: (boot, seq) and
	 * rid stay unique even when every record was acknowledged before a
	 * module reload.
	 */
	u8 last_boot_id[OSR_BOOT_ID_BYTES];
	u64 last_seq;
	u64 last_rid;
	u32 crc;		/* of the header with crc = 0 */
};

/*
 * @state is last on purpose: a write that reached it also replaced @rid,
 * @len and @crc, so a torn new header can never make an old, acknowledged
 * record's bytes look committed again.
 */
struct osr_record {
	u32 magic;
	u32 len;		/* header + body, multiple of OSR_ALIGN */
	u32 body_version;
	u32 flags;		/* OSR_F_* */
	u64 rid;		/* region-wide, increasing: the order */
	u64 seq;		/* per boot, from 1 */
	u8 boot_id[OSR_BOOT_ID_BYTES];
	u64 lost_before;	/* kills not stored just before this one */
	u32 crc;
	u32 state;		/* OSR_STATE_*, not covered by crc */
};

#endif /* _OOMSNAP_REGION_FORMAT_H */
