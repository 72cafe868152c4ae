/* SPDX-License-Identifier: GPL-2.0 */
/*
 * persist_plan.h - where a persistent region goes and how the boot is told
 * about it, for `oomsnap setup-persistence`: the size, the kernel
 * parameter (reserve_mem= or memmap=), an address for memmap= derived from
 * the kernel's and the firmware's memory maps, and the text of the GRUB
 * and modprobe.d files.  Pure: no I/O, never prints; every refusal comes
 * back as a negative errno and a sentence saying why and what to do.
 */
#ifndef OSN_PERSIST_PLAN_H
#define OSN_PERSIST_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define OSN_PERSIST_WHY_LEN	512

/* One entry of /proc/iomem or /sys/firmware/memmap; end is inclusive. */
struct osn_mem_range {
	uint64_t start, end;
	unsigned int depth;	/* /proc/iomem nesting (2 spaces a level) */
	char name[64];		/* "System RAM", "Reserved", ... */
};

enum osn_persist_method {
	OSN_PERSIST_RESERVE_MEM,	/* reserve_mem=SIZE:4096:oomsnap (6.11+) */
	OSN_PERSIST_MEMMAP,		/* memmap=SIZE$ADDR (x86) */
};

struct osn_persist_plan {
	enum osn_persist_method method;
	uint64_t size;		/* bytes */
	uint64_t address;	/* memmap= only */
};

/* Where setup-persistence writes (under a --root): the kernel parameter
 * for GRUB, and the module's options, read back by status. */
#define OSN_PERSIST_GRUB_CFG	"/etc/default/grub.d/oomsnap.cfg"
#define OSN_PERSIST_CONF	"/etc/modprobe.d/oomsnap-persistence.conf"

/* The name a reserve_mem= range is given and the module finds it by. */
#define OSN_PERSIST_MEM_NAME	"oomsnap"

/*
 * A size as the kernel's memparse() reads it: decimal bytes, or with a K,
 * M or G suffix (binary).  The region must be at least 1 MiB, at most
 * 4 GiB, and a whole number of 4 KiB pages.  0 or -EINVAL (why says).
 */
int osn_persist_parse_size(const char *s, uint64_t *bytes, char *why, size_t len);

/*
 * The entries of /proc/iomem text: "start-end : name" with two spaces of
 * indent per level.  Returns the number of entries stored in out, or
 * -EINVAL if a line does not parse, -E2BIG when there are more than max
 * (never a partial map: it could hide a reservation), or -EPERM when every
 * address is 0 (the kernel shows addresses to root only).
 */
int osn_iomem_parse(const char *text, struct osn_mem_range *out, size_t max);

/*
 * An address for memmap=SIZE$ADDR, chosen so that nothing else writes
 * there before the module loads, or a refusal:
 *   - inside one top-level "System RAM" entry of iomem with no entry below
 *     it (no crash kernel, no firmware or driver reservation), and, when
 *     the firmware's own map is given (fw, nfw > 0; /sys/firmware/memmap,
 *     which memmap= does not change), inside one of its "System RAM"
 *     entries;
 *   - at or above 4 GiB, where legacy boot loaders do not load the kernel
 *     or the initrd and the EFI stub does not put the kernel (a memmap= on
 *     the command line turns physical KASLR off, and it allocates under
 *     EFI_X86_KERNEL_ALLOC_LIMIT);
 *   - at least 1 GiB below the top of RAM, where top-down allocations
 *     (an initrd loaded by the EFI stub, crashkernel=,high) go first;
 *   - the lowest such address, aligned to 256 MiB.
 * Returns 0 and *addr, or -ENOSPC with why saying what to do instead.
 */
int osn_persist_pick_address(const struct osn_mem_range *iomem, size_t n,
			     const struct osn_mem_range *fw, size_t nfw,
			     uint64_t size, uint64_t *addr, char *why, size_t len);

/*
 * Check an address the user gave for memmap=: page aligned, inside one
 * top-level "System RAM" entry of iomem with nothing below it, and inside
 * a firmware "System RAM" entry when fw is given.  A range the running
 * kernel already reserves for it ("Reserved" in iomem and "System RAM" in
 * the firmware's map, as memmap= leaves it) is accepted too.  0 or
 * -EINVAL with why.
 */
int osn_persist_check_address(const struct osn_mem_range *iomem, size_t n,
			      const struct osn_mem_range *fw, size_t nfw,
			      uint64_t addr, uint64_t size, char *why, size_t len);

/* The kernel parameter: "reserve_mem=16M:4096:oomsnap" or
 * "memmap=16M$0x100000000".  Length, or -ENOSPC. */
int osn_persist_kernel_param(const struct osn_persist_plan *p, char *buf, size_t len);

/*
 * The whole text of /etc/default/grub.d/oomsnap.cfg: a comment, then
 * GRUB_CMDLINE_LINUX="$GRUB_CMDLINE_LINUX <param>", with each '$' of the
 * parameter written as \\\$ (the shell that grub-mkconfig sources it with
 * makes it \$, which grub.cfg's own parser reads as a '$').  Length, or
 * -ENOSPC.
 */
int osn_persist_grub_cfg(const struct osn_persist_plan *p, char *buf, size_t len);

/* The whole text of the modprobe.d file: a comment and
 * "options oomsnap mem_name=oomsnap mem_init=1" or
 * "options oomsnap mem_address=0x... mem_size=... mem_init=1".  Length,
 * or -ENOSPC. */
int osn_persist_modprobe_conf(const struct osn_persist_plan *p, char *buf, size_t len);

#endif /* OSN_PERSIST_PLAN_H */
