// SPDX-License-Identifier: GPL-2.0
/*
 * genl.c - the "oomsnap" generic netlink family: LIST (dump every record),
 * GET (one record, the newest by default) and the NEW_RECORD multicast
 * notification.  The protocol is defined in include/oomsnap.h only.
 *
 * Every operation is admin-only (GENL_ADMIN_PERM) and the family lives in
 * the initial network namespace only (netnsok unset): records describe every
 * process on the machine.
 *
 * Context: request handlers run in process context (sleepable) under the
 * genl mutex; they take ring_lock only inside ring.c.  The announce work runs
 * from the system workqueue, scheduled from the OOM path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "compat.h"
#include "oomsnap_internal.h"

static struct genl_family oomsnap_family;

static atomic_long_t announce_failed = ATOMIC_LONG_INIT(0);
static u64 announced_seq;	/* only touched by announce_work */

/* Any context.  Fills one task nest; only the fields that mean something. */
static int put_task(struct sk_buff *skb, int type,
		    const struct oomsnap_task_info *t, bool with_mm)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, OOMSNAP_TASK_A_PID, t->pid) ||
	    nla_put_u32(skb, OOMSNAP_TASK_A_TGID, t->tgid) ||
	    nla_put_string(skb, OOMSNAP_TASK_A_COMM, t->comm) ||
	    nla_put_s32(skb, OOMSNAP_TASK_A_OOM_SCORE_ADJ, t->oom_score_adj))
		goto cancel;
	if (with_mm &&
	    (nla_put_u32(skb, OOMSNAP_TASK_A_UID, t->uid) ||
	     nla_put_u64_64bit(skb, OOMSNAP_TASK_A_TOTAL_VM_PAGES,
			       t->total_vm_pages, OOMSNAP_TASK_A_PAD) ||
	     nla_put_u64_64bit(skb, OOMSNAP_TASK_A_RSS_ANON_PAGES,
			       t->rss_anon_pages, OOMSNAP_TASK_A_PAD) ||
	     nla_put_u64_64bit(skb, OOMSNAP_TASK_A_RSS_FILE_PAGES,
			       t->rss_file_pages, OOMSNAP_TASK_A_PAD) ||
	     nla_put_u64_64bit(skb, OOMSNAP_TASK_A_RSS_SHMEM_PAGES,
			       t->rss_shmem_pages, OOMSNAP_TASK_A_PAD) ||
	     nla_put_u64_64bit(skb, OOMSNAP_TASK_A_PGTABLES_BYTES,
			       t->pgtables_bytes, OOMSNAP_TASK_A_PAD)))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/* Process context.  The record attributes of one message. */
static int put_record(struct sk_buff *skb, const struct oomsnap_record *rec)
{
	const struct oomsnap_trigger *t = &rec->trigger;
	struct nlattr *nest;

	if (nla_put_u64_64bit(skb, OOMSNAP_A_SEQ, rec->seq, OOMSNAP_A_PAD) ||
	    nla_put_u64_64bit(skb, OOMSNAP_A_TIME_NS, rec->time_ns,
			      OOMSNAP_A_PAD) ||
	    nla_put_u32(skb, OOMSNAP_A_KIND, t->kind) ||
	    nla_put_u32(skb, OOMSNAP_A_PAGE_SIZE, PAGE_SIZE) ||
	    nla_put_u32(skb, OOMSNAP_A_GFP_MASK, (__force u32)t->gfp_mask) ||
	    nla_put_s32(skb, OOMSNAP_A_ORDER, t->order) ||
	    put_task(skb, OOMSNAP_A_TRIGGER, &t->task, false) ||
	    put_task(skb, OOMSNAP_A_VICTIM, &rec->victim, true))
		return -EMSGSIZE;
	if (t->has_memcg) {
		nest = nla_nest_start(skb, OOMSNAP_A_MEMCG);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_string(skb, OOMSNAP_MEMCG_A_PATH, t->memcg_path)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(skb, nest);
	}
	return 0;
}

/* Process context, genl mutex held. */
static int oomsnap_cmd_get(struct sk_buff *skb, struct genl_info *info)
{
	struct oomsnap_record *rec;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	rec = kmalloc(sizeof(*rec), GFP_KERNEL);
	if (!rec)
		return -ENOMEM;

	if (info->attrs[OOMSNAP_A_SEQ]) {
		if (!oomsnap_ring_read_seq(nla_get_u64(info->attrs[OOMSNAP_A_SEQ]),
					   rec)) {
			NL_SET_ERR_MSG_ATTR(info->extack,
					    info->attrs[OOMSNAP_A_SEQ],
					    "no record with this sequence number");
			ret = -ENOENT;
			goto out;
		}
	} else if (!oomsnap_ring_read_newest(rec)) {
		NL_SET_ERR_MSG_MOD(info->extack, "no OOM kill recorded yet");
		ret = -ENOENT;
		goto out;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		ret = -ENOMEM;
		goto out;
	}
	hdr = genlmsg_put_reply(msg, info, &oomsnap_family, 0, OOMSNAP_CMD_GET);
	if (!hdr || put_record(msg, rec)) {
		nlmsg_free(msg);
		ret = -EMSGSIZE;
		goto out;
	}
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
out:
	kfree(rec);
	return ret;
}

/*
 * Process context.  cb->args[0] is the seq of the last record sent, so a
 * dump resumes where the previous skb filled up, and records overwritten in
 * between are skipped rather than sent twice.
 */
static int oomsnap_cmd_list(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct oomsnap_record *rec;
	void *hdr;

	rec = kmalloc(sizeof(*rec), GFP_KERNEL);
	if (!rec)
		return -ENOMEM;

	while (oomsnap_ring_read_next(cb->args[0], rec)) {
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &oomsnap_family,
				  NLM_F_MULTI, OOMSNAP_CMD_LIST);
		if (!hdr)
			break;
		if (put_record(skb, rec)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[0] = rec->seq;
	}
	kfree(rec);
	return skb->len;
}

static const struct nla_policy oomsnap_policy[OOMSNAP_A_MAX + 1] = {
	[OOMSNAP_A_SEQ] = NLA_POLICY_MIN(NLA_U64, 1),
};

static const struct genl_ops oomsnap_ops[] = {
	{
		.cmd = OOMSNAP_CMD_LIST,
		.dumpit = oomsnap_cmd_list,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = OOMSNAP_CMD_GET,
		.doit = oomsnap_cmd_get,
		.flags = GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group oomsnap_mcgrps[] = {
	{ .name = OOMSNAP_MCGRP_RECORDS, .flags = OOMSNAP_MCGRP_FLAGS },
};

static struct genl_family oomsnap_family __ro_after_init = {
	.name = OOMSNAP_GENL_NAME,
	.version = OOMSNAP_GENL_VERSION,
	.maxattr = OOMSNAP_A_MAX,
	.policy = oomsnap_policy,
	.module = THIS_MODULE,
	.ops = oomsnap_ops,
	.n_ops = ARRAY_SIZE(oomsnap_ops),
#ifdef OOMSNAP_HAVE_GENL_RESV_START_OP
	.resv_start_op = OOMSNAP_CMD_LIST,	/* strict for every command */
#endif
	.mcgrps = oomsnap_mcgrps,
	.n_mcgrps = ARRAY_SIZE(oomsnap_mcgrps),
};

/* Process context (system workqueue).  One notification per new record. */
static void oomsnap_announce_fn(struct work_struct *work)
{
	u64 last = oomsnap_ring_last_seq();
	struct sk_buff *msg;
	void *hdr;

	for (; announced_seq < last; announced_seq++) {
		if (!genl_has_listeners(&oomsnap_family, &init_net, 0))
			continue;
		msg = genlmsg_new(NLMSG_GOODSIZE,
				  GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN);
		if (!msg)
			goto failed;
		hdr = genlmsg_put(msg, 0, 0, &oomsnap_family, 0,
				  OOMSNAP_CMD_NEW_RECORD);
		if (!hdr || nla_put_u64_64bit(msg, OOMSNAP_A_SEQ,
					      announced_seq + 1,
					      OOMSNAP_A_PAD)) {
			nlmsg_free(msg);
			goto failed;
		}
		genlmsg_end(msg, hdr);
		/* -ESRCH only means every listener went away meanwhile */
		genlmsg_multicast(&oomsnap_family, msg, 0, 0, GFP_KERNEL);
		continue;
failed:
		atomic_long_inc(&announce_failed);
		pr_warn_ratelimited("could not announce record %llu to listeners (out of memory); %ld announcements lost\n",
				    announced_seq + 1,
				    atomic_long_read(&announce_failed));
	}
}

static DECLARE_WORK(announce_work, oomsnap_announce_fn);

/* Any context, including atomic on the OOM path: queues, never allocates. */
void oomsnap_genl_announce(void)
{
	schedule_work(&announce_work);
}

/* Sleepable, module load. */
int oomsnap_genl_init(void)
{
	return genl_register_family(&oomsnap_family);
}

/* Sleepable, module unload, after the capture hooks are gone. */
void oomsnap_genl_exit(void)
{
	cancel_work_sync(&announce_work);
	genl_unregister_family(&oomsnap_family);
}
