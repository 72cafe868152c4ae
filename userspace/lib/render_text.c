// SPDX-License-Identifier: GPL-2.0
/*
 * render_text.c - text output of records to a FILE *: the list table, and
 * `show` put together from its summary (render_summary.c) and kernel
 * report (render_report.c).  Memory quantities are converted to kB exactly
 * as the kernel does.  Control characters in comm and path are shown as
 * \xNN so that a process name cannot drive the terminal.  A kind this CLI
 * does not know is shown as "unknown(N)".
 */
#include <errno.h>
#include <inttypes.h>

#include "format.h"
#include "render_text.h"
#include "text_out.h"

int osn_text_list_header(FILE *f)
{
	struct tout o = { .f = f };

	tout_printf(&o, "%-6s %-9s %-27s %-6s %7s %-16s %12s %-3s  %s\n",
		    "SEQ", "BOOT", "TIME", "KIND", "PID", "COMM", "RSS", "ACK",
		    "MEMCG");
	return o.err;
}

/* The BOOT column: 8 hex digits, '*' for an earlier boot; "-": none. */
static const char *boot_column(const struct osn_record *rec, char *buf,
			       size_t size)
{
	char id[OSN_BOOT_ID_STR_LEN];

	if (!rec->has_boot_id ||
	    osn_format_boot_id(rec->boot_id, id, sizeof(id)))
		return "-";
	snprintf(buf, size, "%.8s%s", id, rec->earlier_boot ? "*" : "");
	return buf;
}

int osn_text_list_line(FILE *f, const struct osn_record *rec)
{
	char kbuf[OSN_ENUM_LEN];
	const char *kind = osn_kind_str(rec->kind, kbuf, sizeof(kbuf));
	char comm[OSN_ESC_LEN(OOMSNAP_COMM_LEN)];
	char path[OSN_ESC_LEN(OOMSNAP_PATH_LEN)];
	char time[OSN_TIME_LEN], rss[24], pid[16], boot[16];
	struct tout o = { .f = f };

	if (osn_format_time(rec->time_ns, time, sizeof(time)))
		return -EINVAL;
	/* A panic: the kernel stopped before choosing a victim. */
	if (rec->panic)
		kind = "panic";
	if (!rec->has_victim || rec->victim.no_mm)
		snprintf(rss, sizeof(rss), "%9s   ", "-");
	else
		snprintf(rss, sizeof(rss), "%9" PRIu64 " kB",
			 osn_pages_to_kb(osn_task_rss_pages(&rec->victim),
					 rec->page_size));
	if (rec->has_victim)
		snprintf(pid, sizeof(pid), "%u", rec->victim.pid);
	else
		snprintf(pid, sizeof(pid), "-");
	tout_printf(&o, "%-6" PRIu64 " %-9s %-27s %-6s %7s %-16s %s %-3s  "
		    "%s\n", rec->seq, boot_column(rec, boot, sizeof(boot)),
		    time, kind, pid, rec->has_victim ?
		    osn_escape(rec->victim.comm, comm, sizeof(comm)) : "-",
		    rss, rec->acknowledged ? "yes" : "no",
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
	tout_printf(&o, "\n%s\n", rec->has_victim && rec->victim.exiting ?
		    "In the layout of the kernel's report (it logged none "
		    "for this kill):" : "As in the kernel log:");
	if (o.err)
		return o.err;
	return osn_text_kernel_report(f, rec);
}
