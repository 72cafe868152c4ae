/* SPDX-License-Identifier: GPL-2.0 */
/*
 * decode.h - the strict attribute helpers shared by the record decoders
 * (record.c, record_task.c, record_machine.c, assemble.c).  Internal to the
 * library.  Every helper returns 0, or -EINVAL with the reason in d->why;
 * -ENOMEM only where it says so.
 */
#ifndef OSN_DECODE_H
#define OSN_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include <netlink/attr.h>

#include "record.h"

/* Decoder state: the reason of the first failure, for the caller. */
struct dec {
	const char *why;
};

/* Record why and return -EINVAL. */
int dec_fail(struct dec *d, const char *why);

/* A fixed-size attribute: present and exactly len bytes. */
int dec_fixed(struct dec *d, const struct nlattr *nla, void *out, int len,
	      const char *missing);

/* An optional fixed-size attribute: absent is fine (*has = false). */
int dec_opt(struct dec *d, const struct nlattr *nla, void *out, int len,
	    bool *has);

/* An optional u64 or u32 attribute into an osn_opt (exact size). */
int dec_opt_u64(struct dec *d, const struct nlattr *nla, struct osn_opt *o);
int dec_opt_u32(struct dec *d, const struct nlattr *nla, struct osn_opt *o);

/* A flag attribute: absent (false) or present with no payload (true). */
int dec_flag(struct dec *d, const struct nlattr *nla, bool *out);

/* A string NUL-terminated within size bytes (size includes the NUL). */
int dec_string(struct dec *d, const struct nlattr *nla, char *out,
	       size_t size, const char *missing);

/* An array of u64 (binary, a multiple of 8 bytes, at most max entries). */
int dec_u64_array(struct dec *d, const struct nlattr *nla, uint64_t *out,
		  unsigned int max, unsigned int *n, const char *missing);

/* Parse a nest with policy into tb[0..maxtype]. */
int dec_nest(struct dec *d, struct nlattr **tb, int maxtype,
	     const struct nlattr *nest, const struct nla_policy *policy,
	     const char *missing);

/* Grow *v (elements of size each) so that it holds at least n; -ENOMEM. */
int dec_reserve(void **v, size_t *cap, size_t n, size_t each);

#define DEC(d, tb, type, out) \
	dec_fixed(d, (tb)[type], (out), sizeof(*(out)), "missing " #type)

#define DEC_STR(d, tb, type, out) \
	dec_string(d, (tb)[type], (out), sizeof(out), "missing " #type)

/*
 * A process nest (record_task.c; the trigger's is decoded in record.c).
 * victim (row false): the issue-3 fields are required, the rest optional.
 * row: everything the kernel always sends for a task-table row is
 * required.  Memory fields are required unless NO_MM is set, and refused
 * when it is.
 */
int dec_task(struct dec *d, const struct nlattr *nest, struct osn_task *t,
	     bool row, const char *missing);

/*
 * The memory of a decoded process in kB (and its RSS, the sum) fits in
 * 64 bits with this page size; refused otherwise: the JSON and the sort
 * by RSS would see a wrapped number.
 */
int dec_task_sizes(struct dec *d, const struct osn_task *t,
		   uint32_t page_size);

/*
 * The machine-wide nests of a summary (record_machine.c); each optional.
 * They allocate r->zones and r->vmstat: -ENOMEM too; on failure the
 * caller frees the record.
 */
int dec_zones(struct dec *d, const struct nlattr *nest, struct osn_record *r);
int dec_meminfo(struct dec *d, const struct nlattr *nest,
		struct osn_record *r);
int dec_vmstat(struct dec *d, const struct nlattr *nest, struct osn_record *r);
int dec_system(struct dec *d, const struct nlattr *nest, struct osn_record *r);

#endif /* OSN_DECODE_H */
