// SPDX-License-Identifier: GPL-2.0
/*
 * render_text.c - text output of records to a FILE *.  Memory quantities
 * are converted to kB exactly as the kernel does, and the trigger and
 * victim lines use the kernel's own format so that they can be compared
 * with (and grepped like) the kernel log.  Control characters in comm and
 * path are shown as \xNN so that a process name cannot drive the terminal.
 */
#include <errno.h>
#include <inttypes.h>

#include "format.h"
#include "render_text.h"

/* Worst case: every byte becomes "\xNN". */
#define ESC_LEN(n)	((n) * 4 + 1)

static const char *escape(const char *s, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *s && o + 5 <= size; s++) {
		unsigned char c = *s;

		if (c < 0x20 || c == 0x7f) {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 0xf];
		} else {
			buf[o++] = c;
		}
	}
	buf[o] = '\0';
	return buf;
}

static int result(int n)
{
	return n < 0 ? (errno ? -errno : -EIO) : 0;
}

int osn_text_list_header(FILE *f)
{
	return result(fprintf(f, "%-6s %-27s %-6s %7s %-16s %12s  %s\n",
			      "SEQ", "TIME", "KIND", "PID", "COMM", "RSS",
			      "MEMCG"));
}

static uint64_t victim_rss_kb(const struct osn_record *rec)
{
	const struct osn_victim *v = &rec->victim;

	return osn_pages_to_kb(v->rss_anon_pages, rec->page_size) +
	       osn_pages_to_kb(v->rss_file_pages, rec->page_size) +
	       osn_pages_to_kb(v->rss_shmem_pages, rec->page_size);
}

int osn_text_list_line(FILE *f, const struct osn_record *rec)
{
	const char *kind = osn_kind_name(rec->kind);
	char comm[ESC_LEN(OOMSNAP_COMM_LEN)];
	char path[ESC_LEN(OOMSNAP_PATH_LEN)];
	char time[OSN_TIME_LEN];

	if (!kind || osn_format_time(rec->time_ns, time, sizeof(time)))
		return -EINVAL;
	return result(fprintf(f, "%-6" PRIu64 " %-27s %-6s %7u %-16s "
			      "%9" PRIu64 " kB  %s\n",
			      rec->seq, time, kind, rec->victim.pid,
			      escape(rec->victim.comm, comm, sizeof(comm)),
			      victim_rss_kb(rec),
			      rec->has_memcg ?
			      escape(rec->memcg_path, path, sizeof(path)) :
			      "-"));
}

/* As the kernel's dump_header(): "%s invoked oom-killer: ..." */
static int print_trigger_line(FILE *f, const struct osn_record *rec)
{
	char comm[ESC_LEN(OOMSNAP_COMM_LEN)];
	char gfp[OSN_GFP_LEN];

	if (osn_format_gfp(rec->gfp_mask, gfp, sizeof(gfp)))
		return -EINVAL;
	return result(fprintf(f, "%s invoked oom-killer: gfp_mask=%s, "
			      "order=%d, oom_score_adj=%d\n",
			      escape(rec->trigger.comm, comm, sizeof(comm)),
			      gfp, rec->order, rec->trigger.oom_score_adj));
}

/* As the kernel's __oom_kill_process(): "Killed process ..." */
static int print_killed_line(FILE *f, const struct osn_record *rec)
{
	const struct osn_victim *v = &rec->victim;
	uint32_t ps = rec->page_size;
	char comm[ESC_LEN(OOMSNAP_COMM_LEN)];

	return result(fprintf(f, "Killed process %u (%s) "
			      "total-vm:%" PRIu64 "kB, "
			      "anon-rss:%" PRIu64 "kB, "
			      "file-rss:%" PRIu64 "kB, "
			      "shmem-rss:%" PRIu64 "kB, "
			      "UID:%u pgtables:%" PRIu64 "kB "
			      "oom_score_adj:%d\n",
			      v->pid, escape(v->comm, comm, sizeof(comm)),
			      osn_pages_to_kb(v->total_vm_pages, ps),
			      osn_pages_to_kb(v->rss_anon_pages, ps),
			      osn_pages_to_kb(v->rss_file_pages, ps),
			      osn_pages_to_kb(v->rss_shmem_pages, ps),
			      v->uid, osn_bytes_to_kb(v->pgtables_bytes),
			      v->oom_score_adj));
}

int osn_text_show(FILE *f, const struct osn_record *rec)
{
	const struct osn_trigger *t = &rec->trigger;
	const struct osn_victim *v = &rec->victim;
	const char *kind = osn_kind_name(rec->kind);
	char tcomm[ESC_LEN(OOMSNAP_COMM_LEN)];
	char vcomm[ESC_LEN(OOMSNAP_COMM_LEN)];
	char path[ESC_LEN(OOMSNAP_PATH_LEN)];
	char time[OSN_TIME_LEN];
	int err;

	if (!kind || osn_format_time(rec->time_ns, time, sizeof(time)))
		return -EINVAL;

	err = result(fprintf(f,
		"OOM kill #%" PRIu64 "\n"
		"  time:      %s\n"
		"  kind:      %s (%s)\n",
		rec->seq, time, kind, osn_kind_help(rec->kind)));
	if (!err && rec->has_memcg)
		err = result(fprintf(f, "  memcg:     %s\n",
				     escape(rec->memcg_path, path,
					    sizeof(path))));
	if (!err)
		err = result(fprintf(f,
			"  trigger:   pid %u, tgid %u, %s\n"
			"  victim:    pid %u, tgid %u, %s, uid %u, "
			"rss %" PRIu64 " kB\n"
			"  page size: %u bytes\n"
			"\n"
			"As in the kernel log:\n",
			t->pid, t->tgid, escape(t->comm, tcomm, sizeof(tcomm)),
			v->pid, v->tgid, escape(v->comm, vcomm, sizeof(vcomm)),
			v->uid, victim_rss_kb(rec), rec->page_size));
	if (!err)
		err = print_trigger_line(f, rec);
	if (!err)
		err = print_killed_line(f, rec);
	return err;
}
