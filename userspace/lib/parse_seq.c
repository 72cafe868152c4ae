// SPDX-License-Identifier: GPL-2.0
/*
 * parse_seq.c - strict parsing of a record sequence number (strtoull with
 * full validation).  Pure; never prints.
 */
#include <errno.h>
#include <stdlib.h>

#include "parse_seq.h"

_Static_assert(sizeof(unsigned long long) == sizeof(uint64_t),
	       "strtoull must cover the 64-bit sequence numbers");

int osn_parse_seq(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	/* strtoull accepts spaces, a sign and "0x"; a SEQ is digits only. */
	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end != '\0' || v == 0)
		return -EINVAL;
	*out = v;
	return 0;
}
