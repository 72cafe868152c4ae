/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utf8_fix.h - kernel strings (comm, cgroup paths) made valid UTF-8 for
 * the journal and syslog by the archive's JSON rule (json_bytes.h): each
 * byte that is not part of a valid UTF-8 sequence becomes U+FFFD.  And
 * where valid UTF-8 may be cut.  Pure.
 */
#ifndef OSND_UTF8_FIX_H
#define OSND_UTF8_FIX_H

#include <stddef.h>

/* Room for osnd_utf8_fix() of n bytes: 3 for each, plus NUL. */
#define OSND_UTF8_FIX_LEN(n)	(3 * (n) + 1)

/*
 * s, valid UTF-8, into buf (NUL-terminated; cut at a character boundary
 * when size is too small).  Returns the length written.
 */
size_t osnd_utf8_fix(const char *s, char *buf, size_t size);

/*
 * The longest prefix of valid UTF-8 s (len bytes) of at most max bytes
 * that ends at a character boundary: its length.
 */
size_t osnd_utf8_cut(const char *s, size_t len, size_t max);

#endif /* OSND_UTF8_FIX_H */
