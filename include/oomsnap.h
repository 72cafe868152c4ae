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
 * Every command accepts only the attributes listed for it: any other one
 * (unknown, unused by that command, of a wrong length or with a wrong
 * NLA_F_NESTED flag), trailing bytes, a non-zero genlmsghdr.reserved or
 * nlmsg_flags beyond REQUEST, ACK, ECHO and DUMP are answered with -EINVAL
 * and an extack message (strict validation).
 *
 * OOMSNAP_CMD_LIST (dump, request has no attributes)
 *	One reply message per stored record, oldest first: the record's
 *	summary message (below), without its task table or cgroup table.
 *	When a record leaves the store while the dump runs (evicted to make
 *	room, or acknowledged), the next message, or the closing NLMSG_DONE,
 *	carries NLM_F_DUMP_INTR: the list may lack a record (or hold one that
 *	is gone); ask again.
 *
 * OOMSNAP_CMD_GET (do, or dump with NLM_F_DUMP)
 *	Request: OOMSNAP_A_SEQ (u64), optional.  Without it, the newest record.
 *	do:   one reply, the record's summary message.
 *	dump: the whole record: the summary message, then as many
 *	      continuation messages as needed, each carrying OOMSNAP_A_SEQ
 *	      and a chunk of OOMSNAP_A_TASKS or of OOMSNAP_A_CGROUPS, in
 *	      order.  The summary says how many rows and cgroups follow
 *	      (OOMSNAP_A_TASKS_STORED, OOMSNAP_A_CGROUPS_STORED).
 *	Errors:  -ENOENT when no record has that sequence number (or when no
 *		 record exists at all), with an extack message saying so;
 *		 -EAGAIN when the record was overwritten during the dump.
 *
 * OOMSNAP_CMD_NEW_RECORD (notification, never a request)
 *	Sent on multicast group OOMSNAP_MCGRP_RECORDS after a record has been
 *	committed.  Carries OOMSNAP_A_SEQ only (a record of the current boot);
 *	fetch the record with GET.
 *
 * OOMSNAP_CMD_STATUS (do, request has no attributes)
 *	Reply: OOMSNAP_A_STATUS nest (see below).
 *
 * OOMSNAP_CMD_ACK (do)
 *	Request: OOMSNAP_A_SEQ and OOMSNAP_A_BOOT_ID (both required), or
 *	OOMSNAP_A_ACK_ALL (flag) alone.  Marks the record(s) as safely stored
 *	by userspace: their space may be reused.  Reply: OOMSNAP_A_ACKED (u32,
 *	records newly acknowledged).  -ENOENT for an unknown record.
 *
 * OOMSNAP_CMD_SET_FACTS (do)
 *	Request: OOMSNAP_A_MEMINFO nest with any of OOMSNAP_MEMINFO_A_
 *	SWAP_TOTAL (kB), HUGEPAGES_TOTAL, HUGEPAGES_FREE (pages),
 *	OVERCOMMIT_MODE (0-2, vm.overcommit_memory), PANIC_ON_OOM (0-2,
 *	vm.panic_on_oom), each u64, as /proc/meminfo and /proc/sys/vm show
 *	them; no other attribute.  The kernel exports these to no module,
 *	and the module reads no file: userspace (oomsnapd at start and
 *	periodically, `oomsnap facts`) hands them in.  Each request replaces
 *	the whole set (an attribute left out becomes unknown) and is stamped
 *	with the time it arrived.  Records carry the facts known at the kill
 *	in their OOMSNAP_A_MEMINFO, with OOMSNAP_A_FACTS_AGE_NS; a record
 *	taken before any hand-in has none of these five attributes and no
 *	FACTS_AGE_NS.  While PANIC_ON_OOM is unknown the module assumes a
 *	panic is possible.  -EINVAL (with an extack message) for an
 *	attribute out of range or not a fact, or HUGEPAGES_FREE above
 *	HUGEPAGES_TOTAL.  Reply: the netlink ACK.
 *
 * Records of earlier boots
 * ------------------------
 * With a persistent region, records survive warm reboots.  A record is
 * identified by (boot id, seq): seq restarts at 1 each boot.  GET and ACK
 * take an optional OOMSNAP_A_BOOT_ID (16 bytes, binary UUID); without it
 * they mean the current boot.  Every record message carries
 * OOMSNAP_A_BOOT_ID (the boot that wrote it; none from a module loaded
 * without boot_id=, which holds no region) and, when that is not the
 * current boot, OOMSNAP_A_EARLIER_BOOT (flag).  LIST lists records of every
 * boot, oldest first.
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
 *		OOMSNAP_MEMCG_A_USAGE_PAGES	u64	memory.current
 *		OOMSNAP_MEMCG_A_MAX_PAGES	u64	memory.max
 *		OOMSNAP_MEMCG_A_HIGH_PAGES	u64	memory.high
 *		OOMSNAP_MEMCG_A_SWAP_PAGES	u64	memory.swap.current
 *		OOMSNAP_MEMCG_A_SWAP_MAX_PAGES	u64	memory.swap.max
 *		OOMSNAP_MEMCG_A_OOM_EVENTS	u64	memory.events "oom"
 *		OOMSNAP_MEMCG_A_OOM_KILL_EVENTS	u64	memory.events "oom_kill"
 *		OOMSNAP_MEMCG_A_ID		u64	cgroup id
 *	   ("max" values: (u64)-1 / PAGE_COUNTER_MAX mean "max", no limit)
 *
 * Added in the full snapshot (same family version; readers of the thin
 * record ignore them):
 *	OOMSNAP_A_GFP_FLAGS	string	gfp_mask decoded by the recording
 *					kernel itself ("%pGg": flag bits
 *					differ between kernel versions)
 *	OOMSNAP_A_CONSTRAINT	u32	enum oomsnap_constraint
 *	OOMSNAP_A_NODEMASK	binary	the allocation's nodemask as an array
 *					of u64 bitmap words (node n = bit
 *					n%64 of word n/64); absent when none
 *	OOMSNAP_A_TOTALPAGES	u64	oc->totalpages of this OOM
 *	OOMSNAP_A_CAPTURE_NS	u64	nanoseconds the capture took (the
 *					walk, and every victim of the call)
 *	OOMSNAP_A_TASKS_STORED	u32	rows of the task table in the record
 *	OOMSNAP_A_TASKS_OMITTED	u32	processes left out (max_tasks reached:
 *					rows out of scope go first, then
 *					in-scope rows by lowest points; an
 *					in-scope row is never left out while
 *					an out-of-scope one is kept)
 *	OOMSNAP_A_TASKS_OMITTED_RSS_PAGES u64	their RSS, summed (a memcg
 *					OOM reads no memory outside the
 *					memcg: only the memcg's rows count)
 *	OOMSNAP_A_TASKS_UNREADABLE u32	rows whose mm could not be read
 *					(task lock busy): listed, no memory
 *	OOMSNAP_A_KTHREADS	u32	kernel threads seen (counted, not listed)
 *	OOMSNAP_A_CGROUPS_STORED u32	entries of the cgroup table
 *	OOMSNAP_A_CGROUPS_OMITTED u32	distinct cgroups of the rows whose
 *					path was not kept (max_cgroups
 *					reached; the victim's and in-scope
 *					rows' cgroups are kept first)
 *	OOMSNAP_A_ZONES		nested	one OOMSNAP_A_LIST_ENTRY nest per zone:
 *		OOMSNAP_ZONE_A_NODE u32, OOMSNAP_ZONE_A_NAME string,
 *		OOMSNAP_ZONE_A_{FREE,MIN,LOW,HIGH,BOOST,MANAGED,PRESENT}_PAGES u64,
 *		OOMSNAP_ZONE_A_LOWMEM_RESERVE binary: u64 pages per zone index,
 *		OOMSNAP_ZONE_A_FREE_BLOCKS binary: u64 free blocks per order
 *	OOMSNAP_A_MEMINFO	nested	OOMSNAP_MEMINFO_A_* u64, in kB
 *					(converted by the kernel's K()) except
 *					where the enum says otherwise; the
 *					SET_FACTS attributes only when handed
 *					in (then OOMSNAP_A_FACTS_AGE_NS says
 *					how old they were)
 *	OOMSNAP_A_VMSTAT	nested	one OOMSNAP_A_LIST_ENTRY nest per event
 *		counter: OOMSNAP_VMSTAT_A_NAME string (its /proc/vmstat name,
 *		as the recording module named it: kept in the record),
 *		OOMSNAP_VMSTAT_A_VALUE u64
 *	OOMSNAP_A_SYSTEM	nested	OOMSNAP_SYSTEM_A_RELEASE string,
 *		_HOSTNAME string, _UPTIME_NS u64, _BOOT_ID string
 *	OOMSNAP_A_TASKS		nested	(continuation messages only) one
 *		OOMSNAP_A_LIST_ENTRY nest per process, OOMSNAP_TASK_A_*:
 *		PID (as the kernel's dump: the thread holding the mm), TGID,
 *		PPID, UID, COMM, STATE (u8, the letter of /proc/PID/stat),
 *		TOTAL_VM_PAGES, RSS_{ANON,FILE,SHMEM}_PAGES, PGTABLES_BYTES,
 *		SWAP_ENTS u64, OOM_SCORE_ADJ, POINTS (s64; absent when the
 *		kernel would never pick it: out of scope, unkillable, adj
 *		-1000, MMF_OOM_SKIP, in vfork), CGROUP_ID u64, START_TIME_NS
 *		u64 (boot-based clock), IN_SCOPE flag (eligible for this OOM:
 *		the memcg's tasks for a memcg OOM), NO_MM flag (memory fields
 *		absent: the mm could not be read, or, without IN_SCOPE in a
 *		memcg OOM, it was not read: outside the memcg).  In-scope rows
 *		come first.
 *	OOMSNAP_A_CGROUPS	nested	(continuation messages only) one
 *		OOMSNAP_A_LIST_ENTRY nest per cgroup of the task table:
 *		OOMSNAP_CGROUP_A_ID u64, OOMSNAP_CGROUP_A_PATH string
 *	OOMSNAP_A_BOOT_ID	binary	16 bytes: the boot that wrote it; absent
 *					when the module was loaded without
 *					boot_id= (volatile only)
 *	OOMSNAP_A_EARLIER_BOOT	flag	written by an earlier boot
 *	OOMSNAP_A_ACKNOWLEDGED	flag	reserved: acknowledged records are not
 *					held, so no record carries it today
 *	OOMSNAP_A_PANIC		flag	the kernel panicked in this OOM
 *					(panic_on_oom) before choosing a
 *					victim: no OOMSNAP_A_VICTIM, and no
 *					CONSTRAINT, TOTALPAGES or task POINTS
 *					(the kernel had not computed them)
 *	OOMSNAP_A_LOST_BEFORE	u64	kills not stored (store full) between
 *					the previous stored record and this one
 *	OOMSNAP_A_FACTS_AGE_NS	u64	how long before the kill the facts in
 *					OOMSNAP_A_MEMINFO (see SET_FACTS) were
 *					handed in; absent when none were
 *	The victim nest gains OOMSNAP_TASK_A_POINTS, _PPID, _CGROUP_ID and
 *	OOMSNAP_TASK_A_EXITING (flag: already exiting, reaped without a
 *	"Killed process" line).
 *
 * Added with one snapshot per out_of_memory() call (same family version):
 *	OOMSNAP_A_VICTIMS	nested	every victim of the call, in the order
 *		the kernel marked them, one OOMSNAP_A_LIST_ENTRY nest each with
 *		the fields of OOMSNAP_A_VICTIM; the first is OOMSNAP_A_VICTIM
 *		itself (the task the kernel chose), the others the members a
 *		memory.oom.group kill took with it.  Absent on a panic record.
 *	OOMSNAP_A_VICTIMS_OMITTED u32	victims of the call not listed (the
 *					module keeps a bounded number)
 *	OOMSNAP_A_NO_TASK_WALK	flag	an exiting-task mark past the rate
 *					limit (a storm): no task table was
 *					taken (TASKS_STORED 0)
 *	OOMSNAP_A_TASKS_DROPPED	flag	the task table did not fit in the
 *					store: its rows are counted in
 *					TASKS_OMITTED, not kept
 *
 * Status (OOMSNAP_A_STATUS nest, OOMSNAP_STATUS_A_*)
 *	VERSION string		module version
 *	PERSISTENT flag		records survive warm reboots
 *	MEM_ADDRESS u64, MEM_SIZE u64	the region (persistent mode)
 *	MEM_NAME string		reserve_mem name, when used
 *	CAPACITY u32		records the store can index (max_records)
 *	RECORDS u32		records held (acknowledged ones are not held)
 *	UNACKED u32		held and not acknowledged
 *	EARLIER_BOOT u32	held, from earlier boots
 *	LOST u64		kills not stored since the region was created
 *	LOST_LAST_PID u32, LOST_LAST_COMM string	the last of them
 *	CORRUPT u64		records found corrupt or torn and skipped
 *	OVERWRITE flag		policy: overwrite the oldest when full
 *	REINIT string		why the region was re-initialised at load,
 *				absent when it was valid
 *	BOOT_ID binary		the current boot (given at load as boot_id=;
 *				without it a random id that names this load
 *				only: records then carry no OOMSNAP_A_BOOT_ID)
 *	FACTS nested		the facts handed in (SET_FACTS), as
 *				OOMSNAP_MEMINFO_A_* u64; absent when none
 *	FACTS_AGE_NS u64	nanoseconds since they were handed in
 *   What was dropped, or done without, since the module was loaded (each
 *   u64 unless noted; absent from older modules):
 *	OVERWRITTEN		unacknowledged records overwritten (overwrite=1)
 *	VICTIMS_UNPAIRED	victims seen outside an out_of_memory() call:
 *				not recorded
 *	RECORDS_UNSTORED	records not stored for want of room (their
 *				kills are in LOST)
 *	PROBE_MISSED		out_of_memory() calls the kretprobe missed
 *				(their kills are not recorded)
 *	PROVISIONAL_DISCARDED	provisional (pre-panic) records dropped when
 *				no panic followed
 *	PROVISIONAL_UNSTORED	provisional records not written: no room
 *				without evicting a record
 *	WALKS_SKIPPED		records of exiting-task marks taken without
 *				the task table (rate limit, NO_TASK_WALK)
 *	VICTIMS_OMITTED		victims not listed in their record
 *	ROWS_DROPPED		records stored without their task table
 *				(TASKS_DROPPED)
 *	ANNOUNCE_FAILED		NEW_RECORD notifications not sent
 *	INDEX_FULL u32		valid records dropped at load: max_records
 *				too small for what the region held
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
#define OOMSNAP_GFP_FLAGS_LEN		192
#define OOMSNAP_NAME_LEN		64	/* release, hostname, zone name */
#define OOMSNAP_BOOT_ID_LEN		37	/* a UUID string */
#define OOMSNAP_BOOT_ID_BYTES		16	/* a binary UUID */

enum oomsnap_cmd {
	OOMSNAP_CMD_UNSPEC,
	OOMSNAP_CMD_LIST,
	OOMSNAP_CMD_GET,
	OOMSNAP_CMD_NEW_RECORD,
	OOMSNAP_CMD_STATUS,
	OOMSNAP_CMD_ACK,
	OOMSNAP_CMD_SET_FACTS,
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
	OOMSNAP_A_CONSTRAINT,
	OOMSNAP_A_NODEMASK,
	OOMSNAP_A_TOTALPAGES,
	OOMSNAP_A_CAPTURE_NS,
	OOMSNAP_A_TASKS_STORED,
	OOMSNAP_A_TASKS_OMITTED,
	OOMSNAP_A_TASKS_OMITTED_RSS_PAGES,
	OOMSNAP_A_TASKS_UNREADABLE,
	OOMSNAP_A_KTHREADS,
	OOMSNAP_A_CGROUPS_STORED,
	OOMSNAP_A_ZONES,
	OOMSNAP_A_MEMINFO,
	OOMSNAP_A_VMSTAT,
	OOMSNAP_A_SYSTEM,
	OOMSNAP_A_TASKS,
	OOMSNAP_A_CGROUPS,
	OOMSNAP_A_CGROUPS_OMITTED,
	OOMSNAP_A_GFP_FLAGS,
	OOMSNAP_A_BOOT_ID,
	OOMSNAP_A_EARLIER_BOOT,
	OOMSNAP_A_ACKNOWLEDGED,
	OOMSNAP_A_PANIC,
	OOMSNAP_A_LOST_BEFORE,
	OOMSNAP_A_ACK_ALL,
	OOMSNAP_A_ACKED,
	OOMSNAP_A_STATUS,
	OOMSNAP_A_FACTS_AGE_NS,
	OOMSNAP_A_VICTIMS,
	OOMSNAP_A_VICTIMS_OMITTED,
	OOMSNAP_A_NO_TASK_WALK,
	OOMSNAP_A_TASKS_DROPPED,
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
	OOMSNAP_TASK_A_PPID,
	OOMSNAP_TASK_A_STATE,
	OOMSNAP_TASK_A_SWAP_ENTS,
	OOMSNAP_TASK_A_POINTS,
	OOMSNAP_TASK_A_CGROUP_ID,
	OOMSNAP_TASK_A_START_TIME_NS,
	OOMSNAP_TASK_A_IN_SCOPE,
	OOMSNAP_TASK_A_NO_MM,
	OOMSNAP_TASK_A_EXITING,
	__OOMSNAP_TASK_A_LAST
};

#define OOMSNAP_TASK_A_MAX (__OOMSNAP_TASK_A_LAST - 1)

enum oomsnap_memcg_attr {
	OOMSNAP_MEMCG_A_UNSPEC,
	OOMSNAP_MEMCG_A_PATH,
	OOMSNAP_MEMCG_A_PAD,
	OOMSNAP_MEMCG_A_USAGE_PAGES,
	OOMSNAP_MEMCG_A_MAX_PAGES,
	OOMSNAP_MEMCG_A_HIGH_PAGES,
	OOMSNAP_MEMCG_A_SWAP_PAGES,
	OOMSNAP_MEMCG_A_SWAP_MAX_PAGES,
	OOMSNAP_MEMCG_A_OOM_EVENTS,
	OOMSNAP_MEMCG_A_OOM_KILL_EVENTS,
	OOMSNAP_MEMCG_A_ID,
	__OOMSNAP_MEMCG_A_LAST
};

#define OOMSNAP_MEMCG_A_MAX (__OOMSNAP_MEMCG_A_LAST - 1)

/* oc->constraint, in the kernel's own order (enum oom_constraint). */
enum oomsnap_constraint {
	OOMSNAP_CONSTRAINT_NONE,
	OOMSNAP_CONSTRAINT_CPUSET,
	OOMSNAP_CONSTRAINT_MEMORY_POLICY,
	OOMSNAP_CONSTRAINT_MEMCG,
	__OOMSNAP_CONSTRAINT_LAST
};

#define OOMSNAP_CONSTRAINT_MAX (__OOMSNAP_CONSTRAINT_LAST - 1)

/* Every element of a list nest (zones, vmstat, tasks, cgroups) has this type. */
#define OOMSNAP_A_LIST_ENTRY		1

enum oomsnap_zone_attr {
	OOMSNAP_ZONE_A_UNSPEC,
	OOMSNAP_ZONE_A_PAD,
	OOMSNAP_ZONE_A_NODE,
	OOMSNAP_ZONE_A_NAME,
	OOMSNAP_ZONE_A_FREE_PAGES,
	OOMSNAP_ZONE_A_MIN_PAGES,
	OOMSNAP_ZONE_A_LOW_PAGES,
	OOMSNAP_ZONE_A_HIGH_PAGES,
	OOMSNAP_ZONE_A_BOOST_PAGES,
	OOMSNAP_ZONE_A_MANAGED_PAGES,
	OOMSNAP_ZONE_A_PRESENT_PAGES,
	OOMSNAP_ZONE_A_LOWMEM_RESERVE,
	OOMSNAP_ZONE_A_FREE_BLOCKS,
	__OOMSNAP_ZONE_A_LAST
};

#define OOMSNAP_ZONE_A_MAX (__OOMSNAP_ZONE_A_LAST - 1)

/* Memory totals, each u64 kB; the JSON key is the lower-case name + "_kb". */
enum oomsnap_meminfo_attr {
	OOMSNAP_MEMINFO_A_UNSPEC,
	OOMSNAP_MEMINFO_A_PAD,
	OOMSNAP_MEMINFO_A_MEM_TOTAL,
	OOMSNAP_MEMINFO_A_MEM_FREE,
	OOMSNAP_MEMINFO_A_MEM_AVAILABLE,
	OOMSNAP_MEMINFO_A_ACTIVE_ANON,
	OOMSNAP_MEMINFO_A_INACTIVE_ANON,
	OOMSNAP_MEMINFO_A_ACTIVE_FILE,
	OOMSNAP_MEMINFO_A_INACTIVE_FILE,
	OOMSNAP_MEMINFO_A_UNEVICTABLE,
	OOMSNAP_MEMINFO_A_DIRTY,
	OOMSNAP_MEMINFO_A_WRITEBACK,
	OOMSNAP_MEMINFO_A_SHMEM,
	OOMSNAP_MEMINFO_A_SLAB_RECLAIMABLE,
	OOMSNAP_MEMINFO_A_SLAB_UNRECLAIMABLE,
	OOMSNAP_MEMINFO_A_PAGE_TABLES,
	OOMSNAP_MEMINFO_A_KERNEL_STACK,
	OOMSNAP_MEMINFO_A_SWAP_TOTAL,
	OOMSNAP_MEMINFO_A_SWAP_FREE,
	OOMSNAP_MEMINFO_A_COMMITTED_AS,
	OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL,	/* pages, not kB */
	OOMSNAP_MEMINFO_A_HUGEPAGES_FREE,	/* pages, not kB */
	OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE,	/* vm.overcommit_memory */
	OOMSNAP_MEMINFO_A_PANIC_ON_OOM,		/* vm.panic_on_oom */
	__OOMSNAP_MEMINFO_A_LAST
};

#define OOMSNAP_MEMINFO_A_MAX (__OOMSNAP_MEMINFO_A_LAST - 1)

enum oomsnap_vmstat_attr {
	OOMSNAP_VMSTAT_A_UNSPEC,
	OOMSNAP_VMSTAT_A_PAD,
	OOMSNAP_VMSTAT_A_NAME,
	OOMSNAP_VMSTAT_A_VALUE,
	__OOMSNAP_VMSTAT_A_LAST
};

#define OOMSNAP_VMSTAT_A_MAX (__OOMSNAP_VMSTAT_A_LAST - 1)

enum oomsnap_system_attr {
	OOMSNAP_SYSTEM_A_UNSPEC,
	OOMSNAP_SYSTEM_A_PAD,
	OOMSNAP_SYSTEM_A_RELEASE,
	OOMSNAP_SYSTEM_A_HOSTNAME,
	OOMSNAP_SYSTEM_A_UPTIME_NS,
	OOMSNAP_SYSTEM_A_BOOT_ID,
	__OOMSNAP_SYSTEM_A_LAST
};

#define OOMSNAP_SYSTEM_A_MAX (__OOMSNAP_SYSTEM_A_LAST - 1)

enum oomsnap_cgroup_attr {
	OOMSNAP_CGROUP_A_UNSPEC,
	OOMSNAP_CGROUP_A_PAD,
	OOMSNAP_CGROUP_A_ID,
	OOMSNAP_CGROUP_A_PATH,
	__OOMSNAP_CGROUP_A_LAST
};

#define OOMSNAP_CGROUP_A_MAX (__OOMSNAP_CGROUP_A_LAST - 1)

enum oomsnap_status_attr {
	OOMSNAP_STATUS_A_UNSPEC,
	OOMSNAP_STATUS_A_PAD,
	OOMSNAP_STATUS_A_VERSION,
	OOMSNAP_STATUS_A_PERSISTENT,
	OOMSNAP_STATUS_A_MEM_ADDRESS,
	OOMSNAP_STATUS_A_MEM_SIZE,
	OOMSNAP_STATUS_A_MEM_NAME,
	OOMSNAP_STATUS_A_CAPACITY,
	OOMSNAP_STATUS_A_RECORDS,
	OOMSNAP_STATUS_A_UNACKED,
	OOMSNAP_STATUS_A_EARLIER_BOOT,
	OOMSNAP_STATUS_A_LOST,
	OOMSNAP_STATUS_A_LOST_LAST_PID,
	OOMSNAP_STATUS_A_LOST_LAST_COMM,
	OOMSNAP_STATUS_A_CORRUPT,
	OOMSNAP_STATUS_A_OVERWRITE,
	OOMSNAP_STATUS_A_REINIT,
	OOMSNAP_STATUS_A_BOOT_ID,
	OOMSNAP_STATUS_A_FACTS,
	OOMSNAP_STATUS_A_FACTS_AGE_NS,
	OOMSNAP_STATUS_A_OVERWRITTEN,
	OOMSNAP_STATUS_A_VICTIMS_UNPAIRED,
	OOMSNAP_STATUS_A_RECORDS_UNSTORED,
	OOMSNAP_STATUS_A_PROBE_MISSED,
	OOMSNAP_STATUS_A_PROVISIONAL_DISCARDED,
	OOMSNAP_STATUS_A_PROVISIONAL_UNSTORED,
	OOMSNAP_STATUS_A_WALKS_SKIPPED,
	OOMSNAP_STATUS_A_VICTIMS_OMITTED,
	OOMSNAP_STATUS_A_ROWS_DROPPED,
	OOMSNAP_STATUS_A_ANNOUNCE_FAILED,
	OOMSNAP_STATUS_A_INDEX_FULL,
	__OOMSNAP_STATUS_A_LAST
};

#define OOMSNAP_STATUS_A_MAX (__OOMSNAP_STATUS_A_LAST - 1)

#endif /* _UAPI_OOMSNAP_H */
