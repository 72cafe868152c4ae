// SPDX-License-Identifier: GPL-2.0
/*
 * json_bytes.c - kernel strings in JSON: valid UTF-8 as is, otherwise
 * U+FFFD for each invalid byte plus the raw bytes in a K_hex sibling (the
 * rule is in json_bytes.h); the same replacement without K_hex, and a cut
 * at a character boundary, for the journal and syslog.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_bytes.h"
#include "json_util.h"

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if none. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

bool osn_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, l;

	while (i < len) {
		l = utf8_seq(p + i, len - i);
		if (!l)
			return false;
		i += l;
	}
	return true;
}

size_t osn_utf8_fix(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, o = 0, l;
	const char *src;

	if (!size)
		return 0;
	while (i < len) {
		l = utf8_seq(p + i, len - i);
		if (l) {
			src = s + i;
			i += l;
		} else {
			src = "\xef\xbf\xbd";	/* U+FFFD */
			l = 3;
			i++;
		}
		if (o + l >= size)
			break;
		memcpy(buf + o, src, l);
		o += l;
	}
	buf[o] = '\0';
	return o;
}

size_t osn_utf8_cut(const char *s, size_t len, size_t max)
{
	if (len <= max)
		return len;
	/* s[max] starts the first character left out, unless it continues
	 * one that began before: then that one goes too. */
	while (max && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	return max;
}

int osn_json_add_bytes(struct json_object *obj, const char *key,
		       const char *s)
{
	static const char hexd[] = "0123456789abcdef";
	const unsigned char *p = (const unsigned char *)s;
	size_t len, i, o;
	char *fixed, *hex, *hkey;
	int rc;

	if (!s)
		return jadd_null(obj, key);
	len = strlen(s);
	if (osn_utf8_valid(s, len))
		return jadd(obj, key, json_object_new_string_len(s, len));

	fixed = malloc(OSN_UTF8_FIX_LEN(len));
	hex = malloc(2 * len + 1);
	hkey = malloc(strlen(key) + sizeof("_hex"));
	if (!fixed || !hex || !hkey) {
		rc = -1;
		goto out;
	}
	o = osn_utf8_fix(s, fixed, OSN_UTF8_FIX_LEN(len));
	for (i = 0; i < len; i++) {
		hex[2 * i] = hexd[p[i] >> 4];
		hex[2 * i + 1] = hexd[p[i] & 0xf];
	}
	hex[2 * len] = '\0';
	sprintf(hkey, "%s_hex", key);
	rc = jadd(obj, key, json_object_new_string_len(fixed, o)) ||
	     jadd(obj, hkey, json_object_new_string_len(hex, 2 * len)) ? -1 : 0;
out:
	free(fixed);
	free(hex);
	free(hkey);
	return rc;
}

int osn_json_get_bytes(struct json_object *obj, const char *key, char *buf,
		       size_t size)
{
	struct json_object *v = NULL, *h = NULL;
	char hkey[128];
	const char *s;
	size_t len, i;

	if (!size)
		return -EINVAL;
	buf[0] = '\0';
	if (!json_object_object_get_ex(obj, key, &v) || !v)
		return 1;
	if (!json_object_is_type(v, json_type_string))
		return -EINVAL;
	if ((size_t)snprintf(hkey, sizeof(hkey), "%s_hex", key) >= sizeof(hkey))
		return -EINVAL;
	if (json_object_object_get_ex(obj, hkey, &h) && h) {
		if (!json_object_is_type(h, json_type_string))
			return -EINVAL;
		s = json_object_get_string(h);
		len = json_object_get_string_len(h);
		if (len % 2 || len / 2 >= size)
			return -EINVAL;
		for (i = 0; i < len / 2; i++) {
			int hi = osn_hex_digit(s[2 * i]);
			int lo = osn_hex_digit(s[2 * i + 1]);

			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -EINVAL;
			buf[i] = (char)(hi << 4 | lo);
		}
		buf[len / 2] = '\0';
		return 0;
	}
	s = json_object_get_string(v);
	len = json_object_get_string_len(v);
	if (len >= size || memchr(s, '\0', len))
		return -EINVAL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return 0;
}
