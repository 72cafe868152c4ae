/* SPDX-License-Identifier: GPL-2.0 */
/*
 * oomsnap_internal.h - the interfaces between the module's parts:
 * capture.c (the OOM path), ring.c (the record store), genl.c (the generic
 * netlink family) and main.c (load and unload).
 */
#ifndef _OOMSNAP_INTERNAL_H
#define _OOMSNAP_INTERNAL_H

#include "record.h"

/* ring.c */
int oomsnap_ring_init(unsigned int capacity);
void oomsnap_ring_exit(void);
u64 oomsnap_ring_commit(const struct oomsnap_record *rec);
bool oomsnap_ring_read_seq(u64 seq, struct oomsnap_record *out);
bool oomsnap_ring_read_next(u64 after_seq, struct oomsnap_record *out);
bool oomsnap_ring_read_newest(struct oomsnap_record *out);
unsigned int oomsnap_ring_capacity(void);
u64 oomsnap_ring_last_seq(void);

/* capture.c */
int oomsnap_capture_init(void);
void oomsnap_capture_exit(void);

/* genl.c */
int oomsnap_genl_init(void);
void oomsnap_genl_exit(void);
void oomsnap_genl_announce(void);

#endif /* _OOMSNAP_INTERNAL_H */
