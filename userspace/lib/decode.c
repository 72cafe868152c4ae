// SPDX-License-Identifier: GPL-2.0
/*
 * decode.c - strict netlink attribute helpers for the record decoders:
 * exact sizes, NUL-terminated strings, zero-length flags, u64 arrays.
 * Anything doubtful is refused with -EINVAL and a reason, never guessed.
 * Pure; never prints.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"

int dec_fail(struct dec *d, const char *why)
{
	d->why = why;
	return -EINVAL;
}

int dec_fixed(struct dec *d, const struct nlattr *nla, void *out, int len,
	      const char *missing)
{
	if (!nla)
		return dec_fail(d, missing);
	if (nla_len(nla) != len)
		return dec_fail(d, "an attribute has the wrong size");
	memcpy(out, nla_data(nla), len);
	return 0;
}

int dec_opt(struct dec *d, const struct nlattr *nla, void *out, int len,
	    bool *has)
{
	*has = false;
	if (!nla)
		return 0;
	*has = true;
	return dec_fixed(d, nla, out, len, NULL);
}

int dec_opt_u64(struct dec *d, const struct nlattr *nla, struct osn_opt *o)
{
	o->v = 0;
	return dec_opt(d, nla, &o->v, sizeof(o->v), &o->has);
}

int dec_opt_u32(struct dec *d, const struct nlattr *nla, struct osn_opt *o)
{
	uint32_t v = 0;
	int err = dec_opt(d, nla, &v, sizeof(v), &o->has);

	o->v = v;
	return err;
}

int dec_flag(struct dec *d, const struct nlattr *nla, bool *out)
{
	*out = nla != NULL;
	if (nla && nla_len(nla) != 0)
		return dec_fail(d, "a flag attribute has a payload");
	return 0;
}

int dec_string(struct dec *d, const struct nlattr *nla, char *out,
	       size_t size, const char *missing)
{
	size_t len;

	if (!nla)
		return dec_fail(d, missing);
	len = nla_len(nla);
	if (len == 0 || len > size || !memchr(nla_data(nla), '\0', len))
		return dec_fail(d, "a string is not NUL-terminated within its "
				   "maximum length");
	memcpy(out, nla_data(nla), len);
	return 0;
}

int dec_u64_array(struct dec *d, const struct nlattr *nla, uint64_t *out,
		  unsigned int max, unsigned int *n, const char *missing)
{
	size_t len;

	if (!nla)
		return dec_fail(d, missing);
	len = nla_len(nla);
	if (len % sizeof(uint64_t))
		return dec_fail(d, "an array attribute is not made of u64");
	if (len / sizeof(uint64_t) > max)
		return dec_fail(d, "an array attribute is longer than this "
				   "CLI supports");
	/* Attributes are only 4-byte aligned: copy, never cast. */
	memcpy(out, nla_data(nla), len);
	*n = len / sizeof(uint64_t);
	return 0;
}

int dec_nest(struct dec *d, struct nlattr **tb, int maxtype,
	     const struct nlattr *nest, const struct nla_policy *policy,
	     const char *missing)
{
	if (!nest)
		return dec_fail(d, missing);
	if (nla_parse_nested(tb, maxtype, (struct nlattr *)nest, policy) < 0)
		return dec_fail(d, "malformed nested attributes");
	return 0;
}

int dec_reserve(void **v, size_t *cap, size_t n, size_t each)
{
	size_t c = *cap ? *cap : 16;
	void *p;

	if (n <= *cap)
		return 0;
	while (c < n)
		c *= 2;
	p = reallocarray(*v, c, each);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}
