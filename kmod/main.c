// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - load and unload of oomsnap.ko: module parameters, bring-up of the
 * record store, the task table, the facts (facts.c), the netlink family and
 * the OOM capture hooks, and their teardown in reverse.  Everything the OOM
 * path will ever use is allocated here.  Both functions run in process
 * context (sleepable).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <net/genetlink.h>
#include "oomsnap_internal.h"

static unsigned long mem_address;
module_param(mem_address, ulong, 0444);
MODULE_PARM_DESC(mem_address,
		 "physical address of a region reserved with memmap=SIZE$ADDR: records survive warm reboots");

static unsigned long mem_size;
module_param(mem_size, ulong, 0444);
MODULE_PARM_DESC(mem_size, "size in bytes of that region");

static bool format_new;	/* mem_init: the kernel has a mem_init() */
module_param_named(mem_init, format_new, bool, 0444);
MODULE_PARM_DESC(mem_init,
		 "the region's range is reserved for oomsnap: format it when it holds no oomsnap header (first boot, cold boot); default: refuse such a region, as it may be firmware's or another driver's memory");

static char *mem_name;
module_param(mem_name, charp, 0444);
MODULE_PARM_DESC(mem_name,
		 "name of a region reserved with reserve_mem=SIZE:ALIGN:NAME (kernel 6.11+), instead of mem_address/mem_size");

static bool overwrite;
module_param(overwrite, bool, 0444);
MODULE_PARM_DESC(overwrite,
		 "when the store is full of unacknowledged records, overwrite the oldest (default: keep them and count the kills not stored)");

static unsigned int max_records = 256;
module_param(max_records, uint, 0444);
MODULE_PARM_DESC(max_records,
		 "records kept at most, oldest evicted first (1-65536, default 256)");

static unsigned int buffer_kb = 16384;
module_param(buffer_kb, uint, 0444);
MODULE_PARM_DESC(buffer_kb,
		 "kB of memory for records when no region is given (volatile), allocated at load (default 16384; at least one record of max_tasks rows)");

static unsigned int max_tasks = 32768;
module_param(max_tasks, uint, 0444);
MODULE_PARM_DESC(max_tasks,
		 "processes listed per record; beyond, rows the kernel could not have chosen go first, then the lowest-points rows, all counted (16-4194304, default 32768)");

static unsigned int max_cgroups = 1024;
module_param(max_cgroups, uint, 0444);
MODULE_PARM_DESC(max_cgroups,
		 "cgroup paths kept per record (1-65536, default 1024)");

static char boot_id[OOMSNAP_BOOT_ID_LEN];
module_param_string(boot_id, boot_id, sizeof(boot_id), 0444);
MODULE_PARM_DESC(boot_id,
		 "this boot's id, the content of /proc/sys/kernel/random/boot_id (the modprobe.d install line sets it); required with a region: it tells this boot's records from earlier ones");

static bool __init params_ok(void)
{
	size_t need = oomsnap_rec_size(max_tasks, max_cgroups) + 8192;

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
	if ((mem_address || mem_size) && (mem_name && *mem_name)) {
		pr_err("give either mem_address and mem_size (memmap=) or mem_name (reserve_mem=), not both\n");
		return false;
	}
	if (!mem_size != !mem_address) {
		pr_err("mem_address and mem_size go together (the range reserved with memmap=SIZE$ADDR)\n");
		return false;
	}
	if ((mem_size || (mem_name && *mem_name)) && !*boot_id) {
		pr_err("a persistent region needs boot_id=: without it records of this boot and of earlier ones cannot be told apart; load with boot_id=$(cat /proc/sys/kernel/random/boot_id), as the modprobe.d install line does\n");
		return false;
	}
	if (!mem_size && !(mem_name && *mem_name) &&
	    (size_t)buffer_kb * 1024 < need) {
		pr_err("buffer_kb=%u cannot hold one record of max_tasks=%u rows; use buffer_kb=%zu or more, or lower max_tasks\n",
		       buffer_kb, max_tasks, DIV_ROUND_UP(need, 1024));
		return false;
	}
	return true;
}

static int __init oomsnap_init(void)
{
	struct oomsnap_store_params params = {};
	int ret;

	if (!params_ok())
		return -EINVAL;

	ret = oomsnap_facts_init(boot_id);
	if (ret)
		return ret;

	ret = oomsnap_tasks_init(max_tasks, max_cgroups);
	if (ret) {
		pr_err("cannot allocate the task table (max_tasks=%u, max_cgroups=%u); try smaller values\n",
		       max_tasks, max_cgroups);
		return ret;
	}

	params.mem_address = mem_address;
	params.mem_size = mem_size;
	params.mem_name = mem_name;
	params.buffer_size = (size_t)buffer_kb * 1024;
	params.record_max = oomsnap_rec_size(max_tasks, max_cgroups);
	params.max_records = max_records;
	params.overwrite = overwrite;
	params.mem_init = format_new;
	ret = oomsnap_store_init(&params);
	if (ret) {
		pr_err("cannot set up the record store (error %d); see the messages above\n",
		       ret);
		goto err_tasks;
	}

	ret = oomsnap_genl_init();
	if (ret) {
		pr_err("cannot register generic netlink family '%s' (error %d)\n",
		       OOMSNAP_GENL_NAME, ret);
		goto err_store;
	}

	ret = oomsnap_capture_init(mem_size || (mem_name && *mem_name));
	if (ret)
		goto err_genl;

	if (mem_size || (mem_name && *mem_name))
		pr_info("version %s: recording OOM kills, up to %u records of %u processes, persistent (%s)\n",
			OOMSNAP_VERSION, max_records, max_tasks,
			overwrite ? "overwrite-oldest" : "keep-oldest");
	else
		pr_info("version %s: recording OOM kills, up to %u records in %u kB, %u processes each (volatile: records will not survive a reboot)\n",
			OOMSNAP_VERSION, max_records, buffer_kb, max_tasks);
	return 0;

err_genl:
	oomsnap_genl_exit();
err_store:
	oomsnap_store_exit();
err_tasks:
	oomsnap_tasks_exit();
	return ret;
}

static void __exit oomsnap_exit(void)
{
	oomsnap_capture_exit();
	oomsnap_genl_exit();
	oomsnap_store_exit();
	oomsnap_tasks_exit();
	pr_info("unloaded\n");
}

module_init(oomsnap_init);
module_exit(oomsnap_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Keeps a structured record of every OOM kill");
MODULE_VERSION(OOMSNAP_VERSION);
MODULE_ALIAS_GENL_FAMILY(OOMSNAP_GENL_NAME);
