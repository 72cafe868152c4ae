/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json_bytes.h - kernel strings (comm, cgroup paths, hostname, release)
 * in JSON, losslessly and always valid UTF-8.
 *
 * The kernel's strings are bytes: comm is cut at 15 bytes, often inside a
 * multi-byte character, and a cgroup path may hold any byte but NUL.  The
 * rule, the same for every such key K:
 *   - bytes that are valid UTF-8 are the string K as they are;
 *   - otherwise K is the string with every byte that is not part of a
 *     valid UTF-8 sequence replaced by U+FFFD, and a sibling key K_hex
 *     holds the raw bytes, hex-encoded (lowercase, two digits a byte).
 * K_hex is present only when the bytes were not valid UTF-8, so a reader
 * that wants the exact bytes takes K_hex when present, else K.  Overlong
 * forms, surrogates (U+D800..U+DFFF) and code points above U+10FFFF are
 * invalid, as in RFC 3629.
 */
#ifndef OSN_JSON_BYTES_H
#define OSN_JSON_BYTES_H

#include <stdbool.h>
#include <stddef.h>

#include <json-c/json.h>

/* Is s[0..len) valid UTF-8 (RFC 3629)? */
bool osn_utf8_valid(const char *s, size_t len);

/* Room for osn_utf8_fix() of n bytes: 3 for each, plus NUL. */
#define OSN_UTF8_FIX_LEN(n)	(3 * (n) + 1)

/*
 * The NUL-terminated bytes s with every byte that is not part of a valid
 * UTF-8 sequence replaced by U+FFFD (the rule above, without K_hex: for
 * the journal and syslog), into buf (NUL-terminated; cut at a character
 * boundary when size is too small).  Returns the length written.
 */
size_t osn_utf8_fix(const char *s, char *buf, size_t size);

/*
 * The longest prefix of valid UTF-8 s (len bytes) of at most max bytes
 * that ends at a character boundary: its length.
 */
size_t osn_utf8_cut(const char *s, size_t len, size_t max);

/*
 * Add the NUL-terminated bytes s under key by the rule above (and key_hex
 * when needed); NULL s adds null (and no key_hex).  0, or -1 when out of
 * memory.
 */
int osn_json_add_bytes(struct json_object *obj, const char *key,
		       const char *s);

/*
 * Read key back from obj into buf (size bytes, NUL-terminated): the bytes
 * of key_hex when present, else those of key.  Returns 0; 1 when the key
 * is null or absent (buf is then ""); -EINVAL when key is not a string,
 * key_hex is not an even count of hex digits, the bytes hold a NUL, or
 * they do not fit in size - 1 bytes.
 */
int osn_json_get_bytes(struct json_object *obj, const char *key, char *buf,
		       size_t size);

#endif /* OSN_JSON_BYTES_H */
