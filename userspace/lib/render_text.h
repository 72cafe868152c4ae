/* SPDX-License-Identifier: GPL-2.0 */
/*
 * render_text.h - records as text for people: the table of `oomsnap list`
 * and the report of `oomsnap show` (a plain-words summary, then the
 * kernel's own report layout).
 */
#ifndef OSN_RENDER_TEXT_H
#define OSN_RENDER_TEXT_H

#include <stdio.h>

#include "record.h"

/* The header line of the list table. */
int osn_text_list_header(FILE *f);

/*
 * One line of the list table: seq, boot (the first 8 hex digits of the
 * boot id, '*' appended for an earlier boot, "-" when the record has
 * none), time, kind ("panic" for a panic record), victim pid/comm/RSS
 * ("-" when there is no victim), acknowledged ("yes"/"no"), memcg.
 */
int osn_text_list_line(FILE *f, const struct osn_record *rec);

/*
 * The report of one record: osn_text_summary(), a blank line, "As in the
 * kernel log:", then osn_text_kernel_report().
 */
int osn_text_show(FILE *f, const struct osn_record *rec);

/*
 * What happened, in plain words: kind, time, who triggered, who was killed
 * and its RSS, the largest process when it is not the victim, what the
 * task table left out (render_summary.c).
 */
int osn_text_summary(FILE *f, const struct osn_record *rec);

/*
 * The kernel's OOM report layout, as far as the record has the data: the
 * "invoked oom-killer" line, memcg usage, Mem-Info, zones with
 * lowmem_reserve and buddy lists, the task table (sorted by RSS, with
 * points, the victim's row marked '*'), the "oom-kill:constraint=" line
 * and the "Killed process" line (render_report.c).
 */
int osn_text_kernel_report(FILE *f, const struct osn_record *rec);

/*
 * All return 0; -EINVAL when the record cannot be formatted, -ENOMEM, or
 * a negative errno when writing to f failed.
 */

#endif /* OSN_RENDER_TEXT_H */
