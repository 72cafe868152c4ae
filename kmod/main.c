// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - load and unload of oomsnap.ko: module parameters, bring-up of the
 * record store, the task table, the procfs sampler, the netlink family and
 * the OOM capture hooks, and their teardown in reverse.  Everything the OOM
 * path will ever use is allocated here.  Both functions run in process
 * context (sleepable).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>
#include "oomsnap_internal.h"

static unsigned int max_records = 256;
module_param(max_records, uint, 0444);
MODULE_PARM_DESC(max_records,
		 "records kept at most, oldest evicted first (1-65536, default 256)");

static unsigned int buffer_kb = 16384;
module_param(buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb,
		 "kB of memory for records, allocated at load (default 16384; at least one record of max_tasks rows)");

static unsigned int max_tasks = 32768;
module_param(max_tasks, uint, 0444);
MODULE_PARM_DESC(max_tasks,
		 "processes listed per record; beyond, the lowest-points rows are left out and counted (16-4194304, default 32768)");

static unsigned int max_cgroups = 1024;
module_param(max_cgroups, uint, 0444);
MODULE_PARM_DESC(max_cgroups,
		 "cgroup paths kept per record (1-65536, default 1024)");

static bool __init params_ok(void)
{
	size_t need = oomsnap_rec_size(max_tasks, max_cgroups);

	if (max_records < 1 || max_records > 65536) {
		pr_err("max_records=%u is out of range; use 1 to 65536\n",
		       max_records);
		return false;
	}
	if (max_tasks < 16 || max_tasks > 4194304) {
		pr_err("max_tasks=%u is out of range; use 16 to 4194304\n",
		       max_tasks);
		return false;
	}
	if (max_cgroups < 1 || max_cgroups > 65536) {
		pr_err("max_cgroups=%u is out of range; use 1 to 65536\n",
		       max_cgroups);
		return false;
	}
	if ((size_t)buffer_kb * 1024 < need) {
		pr_err("buffer_kb=%u cannot hold one record of max_tasks=%u rows; use buffer_kb=%zu or more, or lower max_tasks\n",
		       buffer_kb, max_tasks, DIV_ROUND_UP(need, 1024));
		return false;
	}
	return true;
}

static int __init oomsnap_init(void)
{
	int ret;

	if (!params_ok())
		return -EINVAL;

	ret = oomsnap_store_init((size_t)buffer_kb * 1024, max_records);
	if (ret) {
		pr_err("cannot allocate the record store (buffer_kb=%u); try a smaller buffer_kb\n",
		       buffer_kb);
		return ret;
	}

	ret = oomsnap_tasks_init(max_tasks, max_cgroups);
	if (ret) {
		pr_err("cannot allocate the task table (max_tasks=%u, max_cgroups=%u); try smaller values\n",
		       max_tasks, max_cgroups);
		goto err_store;
	}

	oomsnap_sampler_init();

	ret = oomsnap_genl_init();
	if (ret) {
		pr_err("cannot register generic netlink family '%s' (error %d)\n",
		       OOMSNAP_GENL_NAME, ret);
		goto err_sampler;
	}

	ret = oomsnap_capture_init();
	if (ret)
		goto err_genl;

	pr_info("version %s: recording OOM kills, up to %u records in %u kB, %u processes each (volatile: records will not survive a reboot)\n",
		OOMSNAP_VERSION, max_records, buffer_kb, max_tasks);
	return 0;

err_genl:
	oomsnap_genl_exit();
err_sampler:
	oomsnap_sampler_exit();
	oomsnap_tasks_exit();
err_store:
	oomsnap_store_exit();
	return ret;
}

static void __exit oomsnap_exit(void)
{
	oomsnap_capture_exit();
	oomsnap_genl_exit();
	oomsnap_sampler_exit();
	oomsnap_tasks_exit();
	oomsnap_store_exit();
	pr_info("unloaded\n");
}

module_init(oomsnap_init);
module_exit(oomsnap_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Keeps a structured record of every OOM kill");
MODULE_VERSION(OOMSNAP_VERSION);
MODULE_ALIAS_GENL_FAMILY(OOMSNAP_GENL_NAME);
