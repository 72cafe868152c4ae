// SPDX-License-Identifier: GPL-2.0
/*
 * sampler.c - the few machine facts a module cannot read directly on the
 * OOM path because the kernel does not export them: SwapTotal
 * (total_swap_pages), HugePages_Total/Free (hstates), vm.overcommit_memory
 * (sysctl_overcommit_memory) and the boot id (random.c's sysctl).
 *
 * They are read from procfs, like any reader would, in process context: at
 * module load and then every SAMPLE_PERIOD from a delayed work item.  The
 * OOM path only copies the last sample under a spinlock, so a record shows
 * them as of at most SAMPLE_PERIOD before the kill; they change only when
 * an administrator runs swapon/swapoff or writes a sysctl.
 *
 * Context: sample_fn() and oomsnap_sampler_init() are sleepable (they
 * allocate and read files); the two readers are atomic-safe (sample_lock is
 * an irq-safe spinlock taken for a copy only).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include "oomsnap_internal.h"

#define SAMPLE_PERIOD (30 * HZ)
#define READ_MAX 8192

static DEFINE_SPINLOCK(sample_lock);
static struct oomsnap_meminfo sample;	/* only the sampled attributes */
static char boot_id[OOMSNAP_BOOT_ID_LEN];

/* Sleepable.  Reads a whole small procfs file into @buf; length or -errno. */
static ssize_t read_proc(const char *path, char *buf, size_t len)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	loff_t pos = 0;
	ssize_t n, total = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	while (total < len - 1) {
		n = kernel_read(f, buf + total, len - 1 - total, &pos);
		if (n <= 0)
			break;
		total += n;
	}
	filp_close(f, NULL);
	buf[total] = '\0';
	return total;
}

/* "Key:   123 kB" lines of /proc/meminfo. */
static bool meminfo_field(const char *text, const char *key, u64 *val)
{
	const char *p = strstr(text, key);

	if (!p)
		return false;
	p += strlen(key);
	while (*p == ' ')
		p++;
	if (!isdigit(*p))
		return false;
	for (*val = 0; isdigit(*p); p++)
		*val = *val * 10 + (*p - '0');
	return true;
}

static void put(struct oomsnap_meminfo *m, int attr, u64 val)
{
	m->kb[attr] = val;
	m->valid |= BIT(attr);
}

/* Sleepable: the periodic sample. */
static void sample_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(sample_work, sample_fn);

static void sample_fn(struct work_struct *work)
{
	struct oomsnap_meminfo m = {};
	unsigned long flags;
	char *buf;
	u64 v;

	buf = kmalloc(READ_MAX, GFP_KERNEL);
	if (!buf)
		goto again;
	if (read_proc("/proc/meminfo", buf, READ_MAX) > 0) {
		if (meminfo_field(buf, "\nSwapTotal:", &v))
			put(&m, OOMSNAP_MEMINFO_A_SWAP_TOTAL, v);
		if (meminfo_field(buf, "\nHugePages_Total:", &v))
			put(&m, OOMSNAP_MEMINFO_A_HUGEPAGES_TOTAL, v);
		if (meminfo_field(buf, "\nHugePages_Free:", &v))
			put(&m, OOMSNAP_MEMINFO_A_HUGEPAGES_FREE, v);
	}
	if (read_proc("/proc/sys/vm/overcommit_memory", buf, READ_MAX) > 0 &&
	    kstrtoull(strim(buf), 10, &v) == 0)
		put(&m, OOMSNAP_MEMINFO_A_OVERCOMMIT_MODE, v);
	kfree(buf);

	spin_lock_irqsave(&sample_lock, flags);
	sample = m;
	spin_unlock_irqrestore(&sample_lock, flags);
again:
	if (work)
		schedule_delayed_work(&sample_work, SAMPLE_PERIOD);
}

/* Any context: merge the last sample into @m. */
void oomsnap_sampled_meminfo(struct oomsnap_meminfo *m)
{
	unsigned long flags;
	int i;

	spin_lock_irqsave(&sample_lock, flags);
	for (i = 0; i <= OOMSNAP_MEMINFO_A_MAX; i++) {
		if (sample.valid & BIT(i)) {
			m->kb[i] = sample.kb[i];
			m->valid |= BIT(i);
		}
	}
	spin_unlock_irqrestore(&sample_lock, flags);
}

/* Any context: the boot id read at load ("" if it could not be read). */
void oomsnap_boot_id(char *dst)
{
	memcpy(dst, boot_id, OOMSNAP_BOOT_ID_LEN);
}

/* Sleepable, module load.  Failures leave the fields absent, and say so. */
void oomsnap_sampler_init(void)
{
	char buf[64];

	if (read_proc("/proc/sys/kernel/random/boot_id", buf, sizeof(buf)) > 0)
		strscpy(boot_id, strim(buf), sizeof(boot_id));
	else
		pr_warn("cannot read /proc/sys/kernel/random/boot_id; records will carry no boot id\n");
	sample_fn(NULL);
	if (!(sample.valid & BIT(OOMSNAP_MEMINFO_A_SWAP_TOTAL)))
		pr_warn("cannot read SwapTotal from /proc/meminfo; records will carry no swap total\n");
	schedule_delayed_work(&sample_work, SAMPLE_PERIOD);
}

/* Sleepable, module unload. */
void oomsnap_sampler_exit(void)
{
	cancel_delayed_work_sync(&sample_work);
}
