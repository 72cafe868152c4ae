// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - load and unload of oomsnap.ko: module parameters, bring-up of the
 * record store, the netlink family and the OOM capture hooks, and their
 * teardown in reverse.  Both functions run in process context (sleepable).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>
#include "oomsnap_internal.h"

#define OOMSNAP_MAX_RECORDS_LIMIT 65536

static unsigned int max_records = 128;
module_param(max_records, uint, 0444);
MODULE_PARM_DESC(max_records,
		 "records kept in memory, allocated at load (1-65536, default 128)");

static int __init oomsnap_init(void)
{
	int ret;

	if (max_records < 1 || max_records > OOMSNAP_MAX_RECORDS_LIMIT) {
		pr_err("max_records=%u is out of range; use 1 to %u\n",
		       max_records, OOMSNAP_MAX_RECORDS_LIMIT);
		return -EINVAL;
	}

	ret = oomsnap_ring_init(max_records);
	if (ret) {
		pr_err("cannot allocate %u records (%zu bytes each); try a smaller max_records\n",
		       max_records, sizeof(struct oomsnap_record));
		return ret;
	}

	ret = oomsnap_genl_init();
	if (ret) {
		pr_err("cannot register generic netlink family '%s' (error %d)\n",
		       OOMSNAP_GENL_NAME, ret);
		goto err_ring;
	}

	ret = oomsnap_capture_init();
	if (ret)
		goto err_genl;

	pr_info("version %s: recording OOM kills, %u records in memory (volatile: records will not survive a reboot)\n",
		OOMSNAP_VERSION, max_records);
	return 0;

err_genl:
	oomsnap_genl_exit();
err_ring:
	oomsnap_ring_exit();
	return ret;
}

static void __exit oomsnap_exit(void)
{
	oomsnap_capture_exit();
	oomsnap_genl_exit();
	oomsnap_ring_exit();
	pr_info("unloaded\n");
}

module_init(oomsnap_init);
module_exit(oomsnap_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Keeps a structured record of every OOM kill");
MODULE_VERSION(OOMSNAP_VERSION);
MODULE_ALIAS_GENL_FAMILY(OOMSNAP_GENL_NAME);
