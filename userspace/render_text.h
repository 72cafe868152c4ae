/* SPDX-License-Identifier: GPL-2.0 */
/*
 * render_text.h - records as text for people: the table of `oomsnap list`
 * and the report of `oomsnap show`.
 */
#ifndef OSN_RENDER_TEXT_H
#define OSN_RENDER_TEXT_H

#include <stdio.h>

#include "record.h"

/* The header line of the list table. */
int osn_text_list_header(FILE *f);

/* One line of the list table: seq, time, kind, victim pid/comm/RSS, memcg. */
int osn_text_list_line(FILE *f, const struct osn_record *rec);

/*
 * The report of one record, including the trigger and victim as the
 * kernel's own "invoked oom-killer" and "Killed process" lines.
 */
int osn_text_show(FILE *f, const struct osn_record *rec);

/* All return 0, or a negative errno when the record cannot be formatted
 * or writing to f failed. */

#endif /* OSN_RENDER_TEXT_H */
