/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * oomsnap.h - the generic netlink protocol between the oomsnap kernel module
 * and its userspace reporter.  This is the only definition of the protocol:
 * the module includes it by path, userspace with -I include.  Nothing here is
 * ever defined a second time on either side.
 *
 * Family
 * ------
 * Name OOMSNAP_GENL_NAME, version OOMSNAP_GENL_VERSION.  The family exists in
 * the initial network namespace only, and every command requires
 * CAP_NET_ADMIN (GENL_ADMIN_PERM): records describe every process on the
 * machine.
 *
 * Commands
 * --------
 * OOMSNAP_CMD_LIST (dump, request has no attributes)
 *	One reply message per stored record, oldest first.  Each message
 *	carries the record attributes described below at the top level.
 *
 * OOMSNAP_CMD_GET (do)
 *	Request: OOMSNAP_A_SEQ (u64), optional.  Without it, the newest record.
 *	Reply:   one message laid out like a LIST message.
 *	Errors:  -ENOENT when no record has that sequence number (or when no
 *		 record exists at all), with an extack message saying so.
 *
 * OOMSNAP_CMD_NEW_RECORD (notification, never a request)
 *	Sent on multicast group OOMSNAP_MCGRP_RECORDS after a record has been
 *	committed.  Carries OOMSNAP_A_SEQ only; fetch the record with GET.
 *
 * Record attributes (one record per message)
 * ------------------------------------------
 *	OOMSNAP_A_SEQ		u64	per-boot sequence number, from 1
 *	OOMSNAP_A_TIME_NS	u64	wall-clock time of the kill,
 *					nanoseconds since the Unix epoch (UTC)
 *	OOMSNAP_A_KIND		u32	enum oomsnap_kind
 *	OOMSNAP_A_PAGE_SIZE	u32	bytes per page on the recording kernel
 *	OOMSNAP_A_GFP_MASK	u32	gfp_mask of the failed allocation
 *	OOMSNAP_A_ORDER		s32	allocation order; -1 for sysrq-f
 *	OOMSNAP_A_TRIGGER	nested	the task that invoked the OOM killer:
 *		OOMSNAP_TASK_A_PID		u32
 *		OOMSNAP_TASK_A_TGID		u32
 *		OOMSNAP_TASK_A_COMM		string (NUL-terminated)
 *		OOMSNAP_TASK_A_OOM_SCORE_ADJ	s32
 *	OOMSNAP_A_VICTIM	nested	the task the kernel killed, with the
 *					fields of its "Killed process" line:
 *		OOMSNAP_TASK_A_PID		u32	as printed (task_pid_nr)
 *		OOMSNAP_TASK_A_TGID		u32
 *		OOMSNAP_TASK_A_COMM		string
 *		OOMSNAP_TASK_A_UID		u32	in the initial user ns
 *		OOMSNAP_TASK_A_TOTAL_VM_PAGES	u64	pages
 *		OOMSNAP_TASK_A_RSS_ANON_PAGES	u64	pages
 *		OOMSNAP_TASK_A_RSS_FILE_PAGES	u64	pages
 *		OOMSNAP_TASK_A_RSS_SHMEM_PAGES	u64	pages
 *		OOMSNAP_TASK_A_PGTABLES_BYTES	u64	bytes
 *		OOMSNAP_TASK_A_OOM_SCORE_ADJ	s32
 *	OOMSNAP_A_MEMCG		nested	present for a memcg OOM only:
 *		OOMSNAP_MEMCG_A_PATH		string	cgroup v2 path, e.g.
 *							"/test/sub"
 *
 * Memory quantities travel in the kernel's own units (pages, bytes) with
 * the page size alongside, so that userspace converts to kB exactly as the
 * kernel's report does.  u64 attributes are padded with OOMSNAP_A_PAD /
 * OOMSNAP_TASK_A_PAD.
 *
 * Compatibility
 * -------------
 * Attributes and commands are only ever appended, before the __..._LAST
 * markers; none is renumbered or reused.  A reader ignores attributes it
 * does not know.  OOMSNAP_GENL_VERSION is raised when the meaning of an
 * existing attribute changes (it never should).
 */
#ifndef _UAPI_OOMSNAP_H
#define _UAPI_OOMSNAP_H

#define OOMSNAP_GENL_NAME		"oomsnap"
#define OOMSNAP_GENL_VERSION		1
#define OOMSNAP_MCGRP_RECORDS		"records"

/* Longest comm (TASK_COMM_LEN) and memcg path carried, NUL included. */
#define OOMSNAP_COMM_LEN		16
#define OOMSNAP_PATH_LEN		256

enum oomsnap_cmd {
	OOMSNAP_CMD_UNSPEC,
	OOMSNAP_CMD_LIST,
	OOMSNAP_CMD_GET,
	OOMSNAP_CMD_NEW_RECORD,
	__OOMSNAP_CMD_LAST
};

#define OOMSNAP_CMD_MAX (__OOMSNAP_CMD_LAST - 1)

enum oomsnap_kind {
	OOMSNAP_KIND_GLOBAL,	/* page allocator, whole machine */
	OOMSNAP_KIND_MEMCG,	/* a memory cgroup hit its limit */
	OOMSNAP_KIND_SYSRQ,	/* forced with sysrq-f (order -1) */
	__OOMSNAP_KIND_LAST
};

#define OOMSNAP_KIND_MAX (__OOMSNAP_KIND_LAST - 1)

enum oomsnap_attr {
	OOMSNAP_A_UNSPEC,
	OOMSNAP_A_PAD,
	OOMSNAP_A_SEQ,
	OOMSNAP_A_TIME_NS,
	OOMSNAP_A_KIND,
	OOMSNAP_A_PAGE_SIZE,
	OOMSNAP_A_GFP_MASK,
	OOMSNAP_A_ORDER,
	OOMSNAP_A_TRIGGER,
	OOMSNAP_A_VICTIM,
	OOMSNAP_A_MEMCG,
	__OOMSNAP_A_LAST
};

#define OOMSNAP_A_MAX (__OOMSNAP_A_LAST - 1)

enum oomsnap_task_attr {
	OOMSNAP_TASK_A_UNSPEC,
	OOMSNAP_TASK_A_PAD,
	OOMSNAP_TASK_A_PID,
	OOMSNAP_TASK_A_TGID,
	OOMSNAP_TASK_A_COMM,
	OOMSNAP_TASK_A_UID,
	OOMSNAP_TASK_A_TOTAL_VM_PAGES,
	OOMSNAP_TASK_A_RSS_ANON_PAGES,
	OOMSNAP_TASK_A_RSS_FILE_PAGES,
	OOMSNAP_TASK_A_RSS_SHMEM_PAGES,
	OOMSNAP_TASK_A_PGTABLES_BYTES,
	OOMSNAP_TASK_A_OOM_SCORE_ADJ,
	__OOMSNAP_TASK_A_LAST
};

#define OOMSNAP_TASK_A_MAX (__OOMSNAP_TASK_A_LAST - 1)

enum oomsnap_memcg_attr {
	OOMSNAP_MEMCG_A_UNSPEC,
	OOMSNAP_MEMCG_A_PATH,
	__OOMSNAP_MEMCG_A_LAST
};

#define OOMSNAP_MEMCG_A_MAX (__OOMSNAP_MEMCG_A_LAST - 1)

#endif /* _UAPI_OOMSNAP_H */
