// SPDX-License-Identifier: GPL-2.0
/*
 * persist_plan.c - the region `oomsnap setup-persistence` sets up: parse
 * the size and the memory maps, choose or check a memmap= address, and
 * write the kernel parameter and the two configuration files as text.
 * Pure; see persist_plan.h for the rules and why they are these.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "persist_plan.h"

#define SZ_1M		(1ULL << 20)
#define SZ_256M		(256ULL << 20)
#define SZ_1G		(1ULL << 30)
#define SZ_4G		(4ULL << 30)
#define PAGE		4096ULL

static int fail(char *why, size_t len, int err, const char *fmt, ...)
{
	va_list ap;

	if (why && len) {
		va_start(ap, fmt);
		vsnprintf(why, len, fmt, ap);
		va_end(ap);
	}
	return err;
}

int osn_persist_parse_size(const char *s, uint64_t *bytes, char *why, size_t len)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	if (!s || !*s || !isdigit((unsigned char)*s))
		return fail(why, len, -EINVAL, "size '%s' is not a number (e.g. 16M)", s ? s : "");
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return fail(why, len, -EINVAL, "size '%s' is too large", s);
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case '\0': break;
	default: end = NULL;
	}
	if (!end || *end)
		return fail(why, len, -EINVAL,
			    "size '%s': a number of bytes, or with K, M or G (e.g. 16M)", s);
	if (v > (UINT64_MAX >> shift))
		return fail(why, len, -EINVAL, "size '%s' is too large", s);
	v <<= shift;
	if (v < SZ_1M || v > SZ_4G)
		return fail(why, len, -EINVAL,
			    "size '%s': the region must be from 1M to 4G", s);
	if (v % PAGE)
		return fail(why, len, -EINVAL, "size '%s' is not a whole number of 4 KiB pages", s);
	*bytes = v;
	return 0;
}

int osn_iomem_parse(const char *text, struct osn_mem_range *out, size_t max)
{
	const char *line = text;
	size_t n = 0;
	bool nonzero = false;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t l = nl ? (size_t)(nl - line) : strlen(line);
		unsigned long long a, b;
		unsigned int sp = 0;
		int off = 0;
		char buf[256];

		if (l >= sizeof(buf))
			return -EINVAL;
		memcpy(buf, line, l);
		buf[l] = '\0';
		line = nl ? nl + 1 : NULL;
		if (!l)
			continue;
		while (buf[sp] == ' ')
			sp++;
		if (sscanf(buf + sp, "%llx-%llx : %n", &a, &b, &off) != 2 || !off || b < a)
			return -EINVAL;
		if (a || b)
			nonzero = true;
		if (n < max) {
			out[n].start = a;
			out[n].end = b;
			out[n].depth = sp / 2;
			snprintf(out[n].name, sizeof(out[n].name), "%s", buf + sp + off);
		}
		n++;
	}
	if (n && !nonzero)
		return -EPERM;
	/* a map cut short could hide a reservation inside the RAM chosen */
	return n <= max ? (int)n : -E2BIG;
}

static bool is_ram(const struct osn_mem_range *r)
{
	return !strcmp(r->name, "System RAM");
}

/* The top-level iomem entry that holds [a, b], or NULL. */
static const struct osn_mem_range *top_entry(const struct osn_mem_range *m, size_t n,
					     uint64_t a, uint64_t b, size_t *idx)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (m[i].depth == 0 && m[i].start <= a && b <= m[i].end) {
			*idx = i;
			return &m[i];
		}
	return NULL;
}

/* An entry nested under top-level entry i that overlaps [a, b]. */
static const struct osn_mem_range *child_in(const struct osn_mem_range *m, size_t n,
					    size_t i, uint64_t a, uint64_t b)
{
	for (i++; i < n && m[i].depth > 0; i++)
		if (m[i].start <= b && a <= m[i].end)
			return &m[i];
	return NULL;
}

static bool in_fw_ram(const struct osn_mem_range *fw, size_t nfw, uint64_t a, uint64_t b)
{
	size_t i;

	for (i = 0; i < nfw; i++)
		if (is_ram(&fw[i]) && fw[i].start <= a && b <= fw[i].end)
			return true;
	return false;
}

int osn_persist_pick_address(const struct osn_mem_range *m, size_t n,
			     const struct osn_mem_range *fw, size_t nfw,
			     uint64_t size, uint64_t *addr, char *why, size_t len)
{
	uint64_t top = 0, a;
	size_t i;

	for (i = 0; i < n; i++)
		if (m[i].depth == 0 && is_ram(&m[i]) && m[i].end + 1 > top)
			top = m[i].end + 1;
	if (top < SZ_4G + size + SZ_1G)
		return fail(why, len, -ENOSPC,
			    "this machine has no System RAM from 4 GiB up to 1 GiB below its top (RAM ends at 0x%" PRIx64 "), where a memmap= range is safe from the boot loader and the firmware; below 4 GiB it cannot be sure what they use: use a kernel with reserve_mem (6.11+), or give --address ADDR, a range /sys/firmware/memmap lists as System RAM that you know is free",
			    top);
	for (i = 0; i < n; i++) {
		if (m[i].depth != 0 || !is_ram(&m[i]) || m[i].end < SZ_4G)
			continue;
		a = m[i].start < SZ_4G ? SZ_4G : m[i].start;
		a = (a + SZ_256M - 1) & ~(SZ_256M - 1);
		for (; a + size - 1 <= m[i].end && a + size + SZ_1G <= top; a += SZ_256M) {
			if (child_in(m, n, i, a, a + size - 1))
				continue;
			if (nfw && !in_fw_ram(fw, nfw, a, a + size - 1))
				continue;
			*addr = a;
			return 0;
		}
	}
	return fail(why, len, -ENOSPC,
		    "no %" PRIu64 " MiB of free System RAM from 4 GiB up to 1 GiB below the top of RAM (0x%" PRIx64 ") in /proc/iomem%s: use a kernel with reserve_mem (6.11+), or give --address ADDR",
		    size >> 20, top, nfw ? " and /sys/firmware/memmap" : "");
}

int osn_persist_check_address(const struct osn_mem_range *m, size_t n,
			      const struct osn_mem_range *fw, size_t nfw,
			      uint64_t addr, uint64_t size, char *why, size_t len)
{
	const struct osn_mem_range *t, *c;
	uint64_t b = addr + size - 1;
	size_t i;

	if (addr % PAGE)
		return fail(why, len, -EINVAL, "address 0x%" PRIx64 " is not 4 KiB aligned", addr);
	if (b < addr)
		return fail(why, len, -EINVAL, "address 0x%" PRIx64 " + size overflows", addr);
	if (nfw && !in_fw_ram(fw, nfw, addr, b))
		return fail(why, len, -EINVAL,
			    "[0x%" PRIx64 ", 0x%" PRIx64 "] is not inside one System RAM entry of the firmware's map (/sys/firmware/memmap): it may be the firmware's; choose a range listed there as System RAM",
			    addr, b);
	t = top_entry(m, n, addr, b, &i);
	if (!t)
		return fail(why, len, -EINVAL,
			    "[0x%" PRIx64 ", 0x%" PRIx64 "] is not inside one entry of /proc/iomem", addr, b);
	/* reserved by memmap= already: Reserved here, RAM for the firmware */
	if (!strcmp(t->name, "Reserved") && nfw)
		return 0;
	if (!is_ram(t))
		return fail(why, len, -EINVAL,
			    "[0x%" PRIx64 ", 0x%" PRIx64 "] is in '%s' in /proc/iomem, not System RAM", addr, b, t->name);
	c = child_in(m, n, i, addr, b);
	if (c)
		return fail(why, len, -EINVAL,
			    "[0x%" PRIx64 ", 0x%" PRIx64 "] overlaps '%s' [0x%" PRIx64 ", 0x%" PRIx64 "] in /proc/iomem",
			    addr, b, c->name, c->start, c->end);
	return 0;
}

/* 16777216 -> "16M": the largest unit that divides it exactly. */
static void size_text(uint64_t v, char *buf, size_t len)
{
	if (v % SZ_1G == 0)
		snprintf(buf, len, "%" PRIu64 "G", v >> 30);
	else if (v % SZ_1M == 0)
		snprintf(buf, len, "%" PRIu64 "M", v >> 20);
	else if (v % 1024 == 0)
		snprintf(buf, len, "%" PRIu64 "K", v >> 10);
	else
		snprintf(buf, len, "%" PRIu64, v);
}

static int put(size_t len, int r)
{
	return r < 0 || (size_t)r >= len ? -ENOSPC : r;
}

int osn_persist_kernel_param(const struct osn_persist_plan *p, char *buf, size_t len)
{
	char sz[32];

	size_text(p->size, sz, sizeof(sz));
	if (p->method == OSN_PERSIST_RESERVE_MEM)
		return put(len, snprintf(buf, len, "reserve_mem=%s:4096:%s", sz,
					      OSN_PERSIST_MEM_NAME));
	return put(len, snprintf(buf, len, "memmap=%s$0x%" PRIx64, sz, p->address));
}

int osn_persist_grub_cfg(const struct osn_persist_plan *p, char *buf, size_t len)
{
	char param[96], esc[192];
	size_t i, j = 0;
	int r;

	r = osn_persist_kernel_param(p, param, sizeof(param));
	if (r < 0)
		return r;
	for (i = 0; param[i]; i++) {
		if (param[i] == '$') {
			memcpy(esc + j, "\\\\\\$", 4);
			j += 4;
		} else {
			esc[j++] = param[i];
		}
	}
	esc[j] = '\0';
	return put(len, snprintf(buf, len,
		"# Written by 'oomsnap setup-persistence': reserve memory for oomsnap's\n"
		"# records, so that they survive a warm reboot (see oomsnap(8)).\n"
		"# GRUB_CMDLINE_LINUX: every menu entry, the recovery ones too, so\n"
		"# that no kernel uses the range as RAM.  Run update-grub after a change.\n"
		"GRUB_CMDLINE_LINUX=\"$GRUB_CMDLINE_LINUX %s\"\n", esc));
}

int osn_persist_modprobe_conf(const struct osn_persist_plan *p, char *buf, size_t len)
{
	char param[96];
	const char *head =
		"# Written by 'oomsnap setup-persistence': where oomsnap keeps its\n"
		"# records; the kernel reserves the range at boot (%s,\n"
		"# from /etc/default/grub.d/oomsnap.cfg).  mem_init=1: the range is\n"
		"# oomsnap's, a blank one (first boot, cold boot) is formatted.\n";
	int r, h;

	r = osn_persist_kernel_param(p, param, sizeof(param));
	if (r < 0)
		return r;
	h = put(len, snprintf(buf, len, head, param));
	if (h < 0)
		return h;
	if (p->method == OSN_PERSIST_RESERVE_MEM)
		r = snprintf(buf + h, len - h, "options oomsnap mem_name=%s mem_init=1\n",
			     OSN_PERSIST_MEM_NAME);
	else
		r = snprintf(buf + h, len - h,
			     "options oomsnap mem_address=0x%" PRIx64 " mem_size=%" PRIu64 " mem_init=1\n",
			     p->address, p->size);
	r = put(len - h, r);
	return r < 0 ? r : h + r;
}
