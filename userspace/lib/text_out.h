/* SPDX-License-Identifier: GPL-2.0 */
/*
 * text_out.h - formatted output with a sticky error, so that the text
 * renderers can print many lines and check once.  Internal to the library.
 */
#ifndef OSN_TEXT_OUT_H
#define OSN_TEXT_OUT_H

#include <stdio.h>

struct tout {
	FILE *f;
	int err;	/* first failure: negative errno, or 0 */
};

/* fprintf to o->f unless an earlier call failed; a failure sets o->err. */
void tout_printf(struct tout *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record a failure that is not a write (e.g. -ENOMEM) unless one is set. */
void tout_fail(struct tout *o, int err);

#endif /* OSN_TEXT_OUT_H */
