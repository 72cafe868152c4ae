/* SPDX-License-Identifier: GPL-2.0 */
/*
 * persist_kernels.h - do the kernels installed under a root all have
 * reserve_mem= (Linux 6.11+)?  What `oomsnap setup-persistence` asks
 * before it chooses reserve_mem= over memmap=: the parameter is on the
 * command line of every kernel GRUB boots.  Reads files; never prints.
 */
#ifndef OSN_PERSIST_KERNELS_H
#define OSN_PERSIST_KERNELS_H

#include <stddef.h>

/*
 * 1 when every bootable kernel under root ("" for /; one with a
 * ROOT/boot/vmlinuz-VER and a ROOT/lib/modules/VER folder) exports
 * reserve_mem_find_by_name, which comes with reserve_mem=: told by its
 * headers' Module.symvers (ROOT/usr/src/linux-headers-VER, Debian's, or
 * ROOT/lib/modules/VER/build), else by a System.map with symbols
 * (Debian's is a one-line stub).  0 when one has not, or cannot be told,
 * or there is no kernel: which then says which and why.  *nk: the kernels
 * looked at.
 */
int osn_kernels_have_reserve_mem(const char *root, char *which, size_t len,
				 int *nk);

#endif /* OSN_PERSIST_KERNELS_H */
