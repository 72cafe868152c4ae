// SPDX-License-Identifier: GPL-2.0
/*
 * persist_setup.c - read back the region setup-persistence set up and
 * tell whether it is in use (see persist_setup.h).
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "persist_setup.h"

/* The kernel's memparse(): a number (0x for hex) and K, M, G, T. */
static int memparse(const char *s, const char **end, uint64_t *v)
{
	char *e;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &e, 0);
	if (errno)
		return -EINVAL;
	switch (*e) {
	case 'T': case 't': *v <<= 10; /* fall through */
	case 'G': case 'g': *v <<= 10; /* fall through */
	case 'M': case 'm': *v <<= 10; /* fall through */
	case 'K': case 'k': *v <<= 10; e++; break;
	default: break;
	}
	*end = e;
	return 0;
}

/* Does the word w (up to a space) of the command line reserve s's range? */
static bool reserves(const char *w, size_t l, const struct osn_persist_setup *s)
{
	const char *e;
	uint64_t size, addr;

	if (s->has_name && l > 12 && !strncmp(w, "reserve_mem=", 12)) {
		const char *name = memchr(w, ':', l);

		name = name ? memchr(name + 1, ':', l - (name + 1 - w)) : NULL;
		return name && (size_t)(w + l - name - 1) == strlen(s->mem_name) &&
		       !strncmp(name + 1, s->mem_name, strlen(s->mem_name));
	}
	if (s->has_address && l > 7 && !strncmp(w, "memmap=", 7)) {
		if (memparse(w + 7, &e, &size) || *e != '$' ||
		    memparse(e + 1, &e, &addr) || e != w + l)
			return false;
		return size == s->mem_size && addr == s->mem_address;
	}
	return false;
}

static void parse_options(char *line, struct osn_persist_setup *s)
{
	char *tok, *save = NULL, *e;
	int i = 0;

	for (tok = strtok_r(line, " \t\n", &save); tok; tok = strtok_r(NULL, " \t\n", &save), i++) {
		if (i == 0 && strcmp(tok, "options"))
			return;
		if (i == 1 && strcmp(tok, "oomsnap"))
			return;
		if (i < 2)
			continue;
		s->configured = true;
		if (!strncmp(tok, "mem_name=", 9)) {
			snprintf(s->mem_name, sizeof(s->mem_name), "%s", tok + 9);
			s->has_name = true;
		} else if (!strncmp(tok, "mem_address=", 12)) {
			s->mem_address = strtoull(tok + 12, &e, 0);
			s->has_address = s->has_address || !*e;
		} else if (!strncmp(tok, "mem_size=", 9)) {
			s->mem_size = strtoull(tok + 9, &e, 0);
		}
	}
}

int osn_persist_setup_read(const char *conf, const char *cmdline,
			   struct osn_persist_setup *s)
{
	char line[1024];
	const char *w;
	FILE *f;

	*s = (struct osn_persist_setup){ 0 };
	f = fopen(conf, "re");
	if (!f) {
		s->conf_err = -errno;
		return 0;
	}
	while (fgets(line, sizeof(line), f))
		parse_options(line, s);
	if (ferror(f))
		s->conf_err = -EIO;
	fclose(f);
	if (!s->conf_err && (!s->configured || (!s->has_name && (!s->has_address || !s->mem_size))))
		s->conf_err = -EINVAL;
	for (w = cmdline; !s->conf_err && w && *w; ) {
		size_t l;

		w += strspn(w, " \t\n");
		l = strcspn(w, " \t\n");
		if (l && reserves(w, l, s))
			s->booted_with = true;
		w += l;
	}
	return 0;
}

static bool same_region(const struct osn_persist_setup *s, const struct osn_status *st)
{
	if (s->has_name)
		return st->has_mem_name && !strcmp(st->mem_name, s->mem_name);
	return !st->has_mem_name && st->mem_address.has && st->mem_address.v == s->mem_address;
}

static void region_text(const struct osn_persist_setup *s, char *buf, size_t len)
{
	if (s->has_name)
		snprintf(buf, len, "reserve_mem=...:%s", s->mem_name);
	else
		snprintf(buf, len, "memmap=%" PRIu64 "K$0x%" PRIx64, s->mem_size >> 10,
			 s->mem_address);
}

enum osn_persist_state osn_persist_verdict(const struct osn_persist_setup *s,
					   const struct osn_status *st,
					   const char *conf, char *why, size_t len)
{
	char r[128];

	if (s->conf_err && s->conf_err != -ENOENT) {
		snprintf(why, len, "%s cannot be read%s%s: run 'oomsnap setup-persistence --force' to write it again",
			 conf, s->conf_err == -EINVAL ? " (no options oomsnap mem_name= or mem_address= and mem_size= line)" : ": ",
			 s->conf_err == -EINVAL ? "" : strerror(-s->conf_err));
		return OSN_PERSIST_BAD_CONF;
	}
	region_text(s, r, sizeof(r));
	if (st && st->persistent) {
		if (s->conf_err == -ENOENT) {
			snprintf(why, len, "in use, set up by hand (no %s)", conf);
			return OSN_PERSIST_BY_HAND;
		}
		if (same_region(s, st)) {
			snprintf(why, len, "in use, as %s sets it up (%s)", conf, r);
			return OSN_PERSIST_IN_USE;
		}
		snprintf(why, len, "the module uses another region than %s sets up (%s): reload it with its options (rmmod oomsnap && modprobe oomsnap) once its records are archived",
			 conf, r);
		return OSN_PERSIST_OTHER_REGION;
	}
	if (s->conf_err == -ENOENT) {
		snprintf(why, len, "not set up: records will not survive a reboot; run 'oomsnap setup-persistence'");
		return OSN_PERSIST_NOT_SET_UP;
	}
	if (!s->booted_with) {
		snprintf(why, len, "set up in %s, but this kernel was booted without %s: run update-grub and reboot (without GRUB, add it to the boot loader's kernel command line)",
			 conf, r);
		return OSN_PERSIST_NOT_BOOTED;
	}
	if (st)
		snprintf(why, len, "the kernel reserves it (%s), but the module was loaded without the options of %s (insmod, or loaded before it was written): rmmod oomsnap && modprobe oomsnap",
			 r, conf);
	else
		snprintf(why, len, "the kernel reserves it (%s) and %s has the options; the module is not loaded: modprobe oomsnap (if it refuses the region, journalctl -k -g oomsnap says why)",
			 r, conf);
	return OSN_PERSIST_NOT_LOADED_WITH;
}

const char *osn_persist_state_name(enum osn_persist_state state)
{
	static const char *const names[] = {
		[OSN_PERSIST_IN_USE] = "in-use",
		[OSN_PERSIST_BY_HAND] = "by-hand",
		[OSN_PERSIST_OTHER_REGION] = "other-region",
		[OSN_PERSIST_NOT_SET_UP] = "not-set-up",
		[OSN_PERSIST_NOT_BOOTED] = "not-booted-with-it",
		[OSN_PERSIST_NOT_LOADED_WITH] = "module-loaded-without-it",
		[OSN_PERSIST_BAD_CONF] = "bad-setup-file",
	};

	return (unsigned int)state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}
