// SPDX-License-Identifier: GPL-2.0
/*
 * utf8_fix.c - replace the bytes that are not valid UTF-8, and cut valid
 * UTF-8 only between characters (utf8_fix.h).  What is valid is decided
 * by the library's osn_utf8_valid(), the JSON rule's own test.
 */
#include <string.h>

#include "json_bytes.h"
#include "utf8_fix.h"

static const char replacement[] = "\xef\xbf\xbd";	/* U+FFFD */

/* Bytes of the sequence lead byte c starts (0: c cannot start one). */
static size_t seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

size_t osnd_utf8_fix(const char *s, char *buf, size_t size)
{
	size_t len = strlen(s), i = 0, o = 0, n;
	const char *src;

	if (!size)
		return 0;
	while (i < len) {
		n = seq_len((unsigned char)s[i]);
		if (n && i + n <= len && osn_utf8_valid(s + i, n)) {
			src = s + i;
			i += n;
		} else {
			src = replacement;
			n = 3;
			i++;
		}
		if (o + n >= size)
			break;
		memcpy(buf + o, src, n);
		o += n;
	}
	buf[o] = '\0';
	return o;
}

size_t osnd_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	/* s[max] starts the first character left out, unless it continues
	 * one that began before: then that one goes too. */
	while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}
