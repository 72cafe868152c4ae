// SPDX-License-Identifier: GPL-2.0
/*
 * facts.c - the machine facts a module cannot read on the OOM path because
 * the kernel exports neither the variables nor a function returning them:
 * SwapTotal (total_swap_pages; si_swapinfo() is not exported either),
 * HugePages_Total/Free (hstates), vm.overcommit_memory
 * (sysctl_overcommit_memory), vm.panic_on_oom (sysctl_panic_on_oom), and
 * the boot id (random.c's static sysctl_bootid, made on the first read of
 * /proc/sys/kernel/random/boot_id).  Checked in Module.symvers of Debian's
 * 6.1 and 6.12: none is exported, nor anything that returns them.
 *
 * The module reads no file.  Opening procfs from a module reads it in the
 * mount namespace of whoever loaded it (a container's /proc, or none), and
 * a periodic kmalloc() can itself enter the OOM path.  Instead userspace,
 * which reads these values as any program does, hands them in:
 *
 *  - the boot id at load, as the boot_id= parameter (main.c), which the
 *    modprobe.d install line fills from /proc/sys/kernel/random/boot_id.
 *    The store needs it before any record is read, to tell this boot's
 *    records from earlier ones, so it cannot come later over netlink.
 *    Reading it through init's root (file_open_root()) would still read a
 *    file, from wherever init's /proc is mounted, if it is.  A load without
 *    it cannot tell a reload from a reboot: main.c refuses a persistent
 *    region then; a volatile buffer holds only this load's records, which
 *    the store tells apart by a random id that genl.c does not pass off as
 *    a boot id (their messages carry none).
 *  - the others over netlink (OOMSNAP_CMD_SET_FACTS, genl.c), from oomsnapd
 *    at start and every few seconds, or from `oomsnap facts`.  Each hand-in
 *    replaces the whole set and is stamped on the boot-based clock, so a
 *    record carries only the facts that were handed in, with their age.
 *
 * Context: oomsnap_facts_init() is sleepable (module load);
 * oomsnap_facts_set() runs in process context (the netlink handler);
 * the readers run in any context, the OOM path included.  facts_lock is a
 * raw spinlock (the OOM path takes it with preemption off, where a
 * spinlock_t sleeps on PREEMPT_RT), irq-safe, held for a copy of a few
 * words; nothing here allocates.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uuid.h>
#include "oomsnap_internal.h"

static DEFINE_RAW_SPINLOCK(facts_lock);
static struct oomsnap_meminfo facts;	/* only OOMSNAP_FACTS_MASK bits */
static u64 facts_at_ns;			/* boot-based; valid with has_facts */
static bool has_facts;
static int panic_on_oom = -1;		/* -1: not handed in */
static char boot_id[OOMSNAP_BOOT_ID_LEN];

/* Any context: the boot id given at load, "" when none was. */
void oomsnap_boot_id(char *dst)
{
	memcpy(dst, boot_id, OOMSNAP_BOOT_ID_LEN);
}

/* Any context: was one given?  (Without, the store's id is random.) */
bool oomsnap_have_boot_id(void)
{
	return boot_id[0];
}

/* Process context: replace the facts with @m (only the fact attributes). */
void oomsnap_facts_set(const struct oomsnap_meminfo *m)
{
	unsigned long flags;
	int panic = -1;

	if (m->valid & BIT(OOMSNAP_MEMINFO_A_PANIC_ON_OOM))
		panic = (int)min_t(u64, m->kb[OOMSNAP_MEMINFO_A_PANIC_ON_OOM],
				   INT_MAX);
	raw_spin_lock_irqsave(&facts_lock, flags);
	facts = *m;
	facts.valid &= OOMSNAP_FACTS_MASK;
	WRITE_ONCE(facts_at_ns, ktime_get_boot_fast_ns());
	has_facts = true;
	WRITE_ONCE(panic_on_oom, panic);
	raw_spin_unlock_irqrestore(&facts_lock, flags);
}

/*
 * Any context.  Merges the facts handed in into @m and returns true with
 * their age in *@age_ns; false (and @m untouched) when none were.
 */
bool oomsnap_facts_read(struct oomsnap_meminfo *m, u64 *age_ns)
{
	unsigned long flags;
	u64 now = ktime_get_boot_fast_ns();
	bool known;
	int i;

	/* panic context: a stopped CPU may hold it (store.c, lock_store_oom) */
	if (READ_ONCE(oomsnap_panicking)) {
		if (!raw_spin_trylock_irqsave(&facts_lock, flags))
			return false;
	} else {
		raw_spin_lock_irqsave(&facts_lock, flags);
	}
	known = has_facts;
	if (known) {
		for (i = 0; i <= OOMSNAP_MEMINFO_A_MAX; i++) {
			if (facts.valid & BIT(i)) {
				m->kb[i] = facts.kb[i];
				m->valid |= BIT(i);
			}
		}
		*age_ns = now > facts_at_ns ? now - facts_at_ns : 0;
	}
	raw_spin_unlock_irqrestore(&facts_lock, flags);
	return known;
}

/*
 * A "vm.panic_on_oom is 0" older than this is not trusted: the sysctl may
 * have changed since (oomsnapd hands the facts in every 10 s; a host
 * without it handed them in once, at load or by 'oomsnap facts').
 */
#define PANIC_FACT_FRESH_NS (60 * NSEC_PER_SEC)

/*
 * Any context, lockless.  Can this OOM end in a panic_on_oom panic?  True
 * unless userspace said, within the last PANIC_FACT_FRESH_NS, that
 * vm.panic_on_oom is 0: not knowing, or knowing only of old, means maybe.
 */
bool oomsnap_facts_panic_possible(void)
{
	u64 at = READ_ONCE(facts_at_ns);

	return READ_ONCE(panic_on_oom) != 0 ||
	       ktime_get_boot_fast_ns() - at > PANIC_FACT_FRESH_NS;
}

/*
 * Sleepable, module load.  @param: the boot_id= parameter ("" or NULL when
 * not given).  -EINVAL for one that is not a UUID.
 */
int oomsnap_facts_init(const char *param)
{
	int i;

	if (!param || !*param) {
		pr_warn("loaded without boot_id=: records cannot name their boot (load with boot_id=$(cat /proc/sys/kernel/random/boot_id), as the modprobe.d install line does)\n");
		return 0;
	}
	if (strlen(param) != UUID_STRING_LEN || !uuid_is_valid(param)) {
		pr_err("boot_id='%s' is not a UUID; give the content of /proc/sys/kernel/random/boot_id\n",
		       param);
		return -EINVAL;
	}
	/* as /proc prints it, whatever the case it was given in */
	for (i = 0; i < UUID_STRING_LEN; i++)
		boot_id[i] = tolower(param[i]);
	boot_id[UUID_STRING_LEN] = '\0';
	return 0;
}
