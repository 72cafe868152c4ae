/* SPDX-License-Identifier: GPL-2.0 */
/*
 * syslog_format.h - one archived record as an RFC 5424 syslog message:
 *
 *   <27>1 2023-11-14T22:13:20.123456Z host oomsnap 812 OOMKILL
 *   [oomsnap@32473 seq="7" boot="..." kind="global" pid="4242"
 *   comm="stress-ng" rss_kb="..." file="..."] Out of memory: Killed ...
 *
 * (one line).  PRI: facility daemon (3), severity err (3), crit (2) for a
 * panic record.  TIMESTAMP: the kill time, UTC, microseconds.  One
 * structured-data element whose params let a collector de-duplicate
 * (seq and boot name the record, file its archive file); pid, comm and
 * rss_kb only when there was a victim (rss_kb when its memory was read),
 * boot when the record has one, memcg for a memcg OOM.  MSG: the kernel's
 * kill line (kill_line.h), with a BOM only when it is not pure ASCII.
 * Strings are made valid UTF-8 (each invalid byte U+FFFD, as in the
 * archive's JSON).  And the octet-counting frame of RFC 6587 for stream
 * transports.  Pure; never prints.
 */
#ifndef OSND_SYSLOG_FORMAT_H
#define OSND_SYSLOG_FORMAT_H

#include <stddef.h>
#include <sys/types.h>

#include "record.h"

/* 32473: the private enterprise number for documentation (RFC 5612). */
#define OSND_SYSLOG_SD_ID_DEFAULT	"oomsnap@32473"
/* Default message limit, octets (the size RFC 5424 says SHOULD work). */
#define OSND_SYSLOG_MAX_LEN		2048
/* Longest SD-ID (an SD-NAME, RFC 5424 section 6.3.2), plus NUL. */
#define OSND_SYSLOG_SD_ID_LEN		33

/*
 * Is sd_id a private SD-ID, NAME@DIGITS: 1-32 printable US-ASCII
 * characters, none of '=', ' ', ']', '"', one '@' with a name before it
 * and a private enterprise number after it?  0, or -EINVAL with the
 * reason in why.
 */
int osnd_syslog_check_sd_id(const char *sd_id, char *why, size_t size);

/*
 * The message of rec into buf (NUL-terminated), at most max_len octets
 * (and size - 1).  file_name: its archive file's name; hostname as given
 * ("" or NULL: "-"), bytes outside printable US-ASCII as '_', cut at 255;
 * sd_id: NULL for OSND_SYSLOG_SD_ID_DEFAULT; procid: the sender's pid
 * (<= 0: "-").  When the message is too long, MSG is cut first, then the
 * longest of comm and memcg, always at a UTF-8 character boundary and
 * never inside an escape, so the message stays valid.
 *
 * Returns its length in octets; -EINVAL for a record it cannot format (a
 * time without a 4-digit year), no file name or one longer than an
 * archive name, an invalid sd_id; -ENOSPC when even the header and the
 * structured data without comm and memcg do not fit.
 */
ssize_t osnd_syslog_format(char *buf, size_t size, size_t max_len,
			   const struct osn_record *rec, const char *file_name,
			   const char *hostname, const char *sd_id,
			   long procid);

/*
 * RFC 6587 octet counting: the "LEN " that goes before a message of
 * msg_len octets, into buf.  Returns its length, or -ENOSPC.
 */
int osnd_syslog_octet_prefix(size_t msg_len, char *buf, size_t size);

#endif /* OSND_SYSLOG_FORMAT_H */
