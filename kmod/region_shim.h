/* SPDX-License-Identifier: GPL-2.0 */
/*
 * region_shim.h - the few primitives region.c needs, from the kernel when
 * built into the module and from libc/zlib when built into the cmocka tests
 * and the libFuzzer target.  Nothing else in region.c depends on where it
 * runs.
 */
#ifndef _OOMSNAP_REGION_SHIM_H
#define _OOMSNAP_REGION_SHIM_H

#ifdef __KERNEL__
#include <linux/crc32.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/barrier.h>

/* zlib's crc32(0, p, n): the same CRC as the userspace build */
static inline u32 osr_crc32(u32 crc, const void *p, size_t n)
{
	return ~crc32_le(~crc, p, n);
}

/* orders a record's bytes before the store that commits it */
#define osr_write_barrier() smp_wmb()
/* writes cache lines back to memory, and orders that (compat.h) */
#include "compat.h"
#define osr_wb(p, n) oomsnap_wb_cache((void *)(p), (n))
#define osr_wb_fence() oomsnap_wb_fence()
#define OSR_READ_ONCE(x) READ_ONCE(x)
#define OSR_WRITE_ONCE(x, v) WRITE_ONCE(x, v)
#else
#include <errno.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <zlib.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

static inline u32 osr_crc32(u32 crc, const void *p, size_t n)
{
	return (u32)crc32(crc, p, (unsigned int)n);
}

#define osr_write_barrier() __atomic_thread_fence(__ATOMIC_RELEASE)
/* The tests model a write-back cache with this hook (NULL: nothing). */
extern void (*osr_wb_hook)(const void *p, size_t n);
#define osr_wb(p, n) do { if (osr_wb_hook) osr_wb_hook((p), (n)); } while (0)
#define osr_wb_fence() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define OSR_READ_ONCE(x) __atomic_load_n(&(x), __ATOMIC_RELAXED)
#define OSR_WRITE_ONCE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELAXED)
#endif

#endif /* _OOMSNAP_REGION_SHIM_H */
