// SPDX-License-Identifier: GPL-2.0
/*
 * recref.c - strict parsing of a record reference, "SEQ" or "BOOT:SEQ",
 * and resolution of a boot id prefix against the stored records' boot ids.
 * Pure; never prints.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "format.h"
#include "parse_seq.h"
#include "recref.h"

/* BOOT of "BOOT:SEQ": s[0..len-1]. */
static int parse_boot(const char *s, size_t len, struct osn_ref *out)
{
	unsigned int n = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '-') {
			/* Only where the UUID form has a dash, never two. */
			if (!(n == 8 || n == 12 || n == 16 || n == 20) ||
			    s[i - 1] == '-' || i + 1 == len)
				return -EINVAL;
			continue;
		}
		if (osn_hex_digit(s[i]) < 0 || n == OSN_BOOT_HEX)
			return -EINVAL;
		out->hex[n++] = "0123456789abcdef"[osn_hex_digit(s[i])];
	}
	if (n < OSN_BOOT_PREFIX_MIN)
		return -EINVAL;
	out->hex[n] = '\0';
	out->nhex = n;
	out->has_boot = true;
	return 0;
}

int osn_parse_ref(const char *s, struct osn_ref *out)
{
	const char *colon;

	if (!s)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	colon = strchr(s, ':');
	if (!colon)
		return osn_parse_seq(s, &out->seq);
	if (colon == s || parse_boot(s, colon - s, out))
		return -EINVAL;
	/* A second ':' makes SEQ invalid: digits only. */
	return osn_parse_seq(colon + 1, &out->seq);
}

bool osn_ref_full_id(const struct osn_ref *ref, uint8_t *id)
{
	unsigned int i;

	if (!ref->has_boot || ref->nhex != OSN_BOOT_HEX)
		return false;
	for (i = 0; i < OOMSNAP_BOOT_ID_BYTES; i++)
		id[i] = osn_hex_digit(ref->hex[2 * i]) << 4 |
			osn_hex_digit(ref->hex[2 * i + 1]);
	return true;
}

bool osn_ref_matches(const struct osn_ref *ref, const uint8_t *id)
{
	static const char hex[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < ref->nhex; i++) {
		uint8_t b = id[i / 2];
		char c = hex[i % 2 ? b & 0xf : b >> 4];

		if (c != ref->hex[i])
			return false;
	}
	return true;
}

int osn_resolve_boot(const struct osn_ref *ref,
		     const uint8_t (*ids)[OOMSNAP_BOOT_ID_BYTES], size_t n,
		     uint8_t *id)
{
	const uint8_t *found = NULL;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!osn_ref_matches(ref, ids[i]))
			continue;
		if (found && memcmp(found, ids[i], OOMSNAP_BOOT_ID_BYTES))
			return -EEXIST;
		found = ids[i];
	}
	if (!found)
		return -ENOENT;
	memcpy(id, found, OOMSNAP_BOOT_ID_BYTES);
	return 0;
}
