// SPDX-License-Identifier: GPL-2.0
/*
 * text_out.c - fprintf with a sticky error for the text renderers.
 */
#include <errno.h>
#include <stdarg.h>

#include "text_out.h"

void tout_printf(struct tout *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->err)
		return;
	errno = 0;
	va_start(ap, fmt);
	n = vfprintf(o->f, fmt, ap);
	va_end(ap);
	if (n < 0)
		o->err = errno ? -errno : -EIO;
}

void tout_fail(struct tout *o, int err)
{
	if (!o->err)
		o->err = err;
}
