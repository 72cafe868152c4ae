// SPDX-License-Identifier: GPL-2.0
/*
 * render_text.c - text output of records to a FILE *: the list table, and
 * `show` put together from its summary (render_summary.c) and kernel
 * report (render_report.c).  Memory quantities are converted to kB exactly
 * as the kernel does.  Control characters in comm and path are shown as
 * \xNN so that a process name cannot drive the terminal.
 */
#include <errno.h>
#include <inttypes.h>

#include "format.h"
#include "render_text.h"
#include "text_out.h"

int osn_text_list_header(FILE *f)
{
	struct tout o = { .f = f };

	tout_printf(&o, "%-6s %-27s %-6s %7s %-16s %12s  %s\n", "SEQ", "TIME",
		    "KIND", "PID", "COMM", "RSS", "MEMCG");
	return o.err;
}

int osn_text_list_line(FILE *f, const struct osn_record *rec)
{
	const char *kind = osn_kind_name(rec->kind);
	char comm[OSN_ESC_LEN(OOMSNAP_COMM_LEN)];
	char path[OSN_ESC_LEN(OOMSNAP_PATH_LEN)];
	char time[OSN_TIME_LEN], rss[24];
	struct tout o = { .f = f };

	if (!kind || osn_format_time(rec->time_ns, time, sizeof(time)))
		return -EINVAL;
	if (rec->victim.no_mm)
		snprintf(rss, sizeof(rss), "%9s   ", "-");
	else
		snprintf(rss, sizeof(rss), "%9" PRIu64 " kB",
			 osn_pages_to_kb(osn_task_rss_pages(&rec->victim),
					 rec->page_size));
	tout_printf(&o, "%-6" PRIu64 " %-27s %-6s %7u %-16s %s  %s\n",
		    rec->seq, time, kind, rec->victim.pid,
		    osn_escape(rec->victim.comm, comm, sizeof(comm)), rss,
		    rec->has_memcg ?
		    osn_escape(rec->memcg_path, path, sizeof(path)) : "-");
	return o.err;
}

int osn_text_show(FILE *f, const struct osn_record *rec)
{
	struct tout o = { .f = f };
	int err = osn_text_summary(f, rec);

	if (err)
		return err;
	/* An exiting victim is reaped before the kernel prints any report. */
	tout_printf(&o, "\n%s\n", rec->victim.exiting ?
		    "In the layout of the kernel's report (it logged none "
		    "for this kill):" : "As in the kernel log:");
	if (o.err)
		return o.err;
	return osn_text_kernel_report(f, rec);
}
