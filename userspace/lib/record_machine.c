// SPDX-License-Identifier: GPL-2.0
/*
 * record_machine.c - decode the machine-wide nests of a summary message:
 * OOMSNAP_A_ZONES, OOMSNAP_A_MEMINFO, OOMSNAP_A_VMSTAT, OOMSNAP_A_SYSTEM.
 * Each nest is optional (older modules do not send it); when present it
 * must be complete.  vmstat names and the system boot id, the kernel's
 * ASCII, must be valid UTF-8: JSON has them as they are (a vmstat name is
 * a key).  Pure; never prints.
 */
#include <errno.h>
#include <string.h>

#include "decode.h"
#include "json_bytes.h"

static const struct nla_policy zone_policy[OOMSNAP_ZONE_A_MAX + 1] = {
	[OOMSNAP_ZONE_A_NODE]		= { .type = NLA_U32 },
	[OOMSNAP_ZONE_A_NAME]		= { .type = NLA_STRING,
					    .maxlen = OOMSNAP_NAME_LEN },
	[OOMSNAP_ZONE_A_FREE_PAGES]	= { .type = NLA_U64 },
	[OOMSNAP_ZONE_A_MIN_PAGES]	= { .type = NLA_U64 },
	[OOMSNAP_ZONE_A_LOW_PAGES]	= { .type = NLA_U64 },
	[OOMSNAP_ZONE_A_HIGH_PAGES]	= { .type = NLA_U64 },
	[OOMSNAP_ZONE_A_BOOST_PAGES]	= { .type = NLA_U64 },
	[OOMSNAP_ZONE_A_MANAGED_PAGES]	= { .type = NLA_U64 },
	[OOMSNAP_ZONE_A_PRESENT_PAGES]	= { .type = NLA_U64 },
};

static const struct nla_policy vmstat_policy[OOMSNAP_VMSTAT_A_MAX + 1] = {
	[OOMSNAP_VMSTAT_A_NAME]		= { .type = NLA_STRING,
					    .maxlen = OOMSNAP_NAME_LEN },
	[OOMSNAP_VMSTAT_A_VALUE]	= { .type = NLA_U64 },
};

static const struct nla_policy system_policy[OOMSNAP_SYSTEM_A_MAX + 1] = {
	[OOMSNAP_SYSTEM_A_RELEASE]	= { .type = NLA_STRING,
					    .maxlen = OOMSNAP_NAME_LEN },
	[OOMSNAP_SYSTEM_A_HOSTNAME]	= { .type = NLA_STRING,
					    .maxlen = OOMSNAP_NAME_LEN },
	[OOMSNAP_SYSTEM_A_UPTIME_NS]	= { .type = NLA_U64 },
	[OOMSNAP_SYSTEM_A_BOOT_ID]	= { .type = NLA_STRING,
					    .maxlen = OOMSNAP_BOOT_ID_LEN },
};

/* vmstat names (JSON keys) and the boot id go into JSON as they are, with
 * no K_hex form (json_bytes.h): anything that is not UTF-8 is refused. */
static bool utf8(const char *s)
{
	return osn_utf8_valid(s, strlen(s));
}

static int dec_zone(struct dec *d, const struct nlattr *nest,
		    struct osn_zone *z)
{
	struct nlattr *tb[OOMSNAP_ZONE_A_MAX + 1];
	int err;

	memset(z, 0, sizeof(*z));
	err = dec_nest(d, tb, OOMSNAP_ZONE_A_MAX, nest, zone_policy, NULL);
	if (err)
		return err;
	if ((err = DEC(d, tb, OOMSNAP_ZONE_A_NODE, &z->node)) ||
	    (err = DEC_STR(d, tb, OOMSNAP_ZONE_A_NAME, z->name)) ||
	    (err = DEC(d, tb, OOMSNAP_ZONE_A_FREE_PAGES, &z->free)) ||
	    (err = DEC(d, tb, OOMSNAP_ZONE_A_MIN_PAGES, &z->min)) ||
	    (err = DEC(d, tb, OOMSNAP_ZONE_A_LOW_PAGES, &z->low)) ||
	    (err = DEC(d, tb, OOMSNAP_ZONE_A_HIGH_PAGES, &z->high)) ||
	    (err = DEC(d, tb, OOMSNAP_ZONE_A_BOOST_PAGES, &z->boost)) ||
	    (err = DEC(d, tb, OOMSNAP_ZONE_A_MANAGED_PAGES, &z->managed)) ||
	    (err = DEC(d, tb, OOMSNAP_ZONE_A_PRESENT_PAGES, &z->present)) ||
	    (err = dec_u64_array(d, tb[OOMSNAP_ZONE_A_LOWMEM_RESERVE],
				 z->lowmem_reserve, OSN_MAX_ZONE_IDX,
				 &z->nr_reserve,
				 "missing OOMSNAP_ZONE_A_LOWMEM_RESERVE")) ||
	    (err = dec_u64_array(d, tb[OOMSNAP_ZONE_A_FREE_BLOCKS],
				 z->free_blocks, OSN_MAX_ORDERS, &z->nr_orders,
				 "missing OOMSNAP_ZONE_A_FREE_BLOCKS")))
		return err;
	return 0;
}

int dec_zones(struct dec *d, const struct nlattr *nest, struct osn_record *r)
{
	struct nlattr *e;
	size_t cap = 0;
	int rem, err;

	if (!nest)
		return 0;
	r->has_zones = true;
	nla_for_each_nested(e, nest, rem) {
		if (nla_type(e) != OOMSNAP_A_LIST_ENTRY)
			continue;	/* unknown: ignored */
		err = dec_reserve((void **)&r->zones, &cap, r->nr_zones + 1,
				  sizeof(*r->zones));
		if (err)
			return err;
		err = dec_zone(d, e, &r->zones[r->nr_zones]);
		if (err)
			return err;
		r->nr_zones++;
	}
	return rem ? dec_fail(d, "malformed list of zones") : 0;
}

int dec_meminfo(struct dec *d, const struct nlattr *nest,
		struct osn_record *r)
{
	struct nlattr *tb[OOMSNAP_MEMINFO_A_MAX + 1];
	int i, err;

	if (!nest)
		return 0;
	err = dec_nest(d, tb, OOMSNAP_MEMINFO_A_MAX, nest, NULL, NULL);
	if (err)
		return err;
	r->has_meminfo = true;
	for (i = OOMSNAP_MEMINFO_A_PAD + 1; i <= OOMSNAP_MEMINFO_A_MAX; i++) {
		err = dec_opt_u64(d, tb[i], &r->meminfo[i]);
		if (err)
			return err;
	}
	return 0;
}

static int dec_vmstat_entry(struct dec *d, const struct nlattr *nest,
			    struct osn_vmstat *v)
{
	struct nlattr *tb[OOMSNAP_VMSTAT_A_MAX + 1];
	int err;

	memset(v, 0, sizeof(*v));
	err = dec_nest(d, tb, OOMSNAP_VMSTAT_A_MAX, nest, vmstat_policy, NULL);
	if (err)
		return err;
	if ((err = DEC_STR(d, tb, OOMSNAP_VMSTAT_A_NAME, v->name)) ||
	    (err = DEC(d, tb, OOMSNAP_VMSTAT_A_VALUE, &v->value)))
		return err;
	if (!v->name[0])
		return dec_fail(d, "a vmstat counter has an empty name");
	/* The name is a JSON key: it cannot take the K_hex form of values. */
	if (!utf8(v->name))
		return dec_fail(d, "a vmstat counter name is not UTF-8");
	return 0;
}

int dec_vmstat(struct dec *d, const struct nlattr *nest, struct osn_record *r)
{
	struct nlattr *e;
	size_t cap = 0;
	int rem, err;

	if (!nest)
		return 0;
	r->has_vmstat = true;
	nla_for_each_nested(e, nest, rem) {
		if (nla_type(e) != OOMSNAP_A_LIST_ENTRY)
			continue;
		err = dec_reserve((void **)&r->vmstat, &cap, r->nr_vmstat + 1,
				  sizeof(*r->vmstat));
		if (err)
			return err;
		err = dec_vmstat_entry(d, e, &r->vmstat[r->nr_vmstat]);
		if (err)
			return err;
		r->nr_vmstat++;
	}
	return rem ? dec_fail(d, "malformed list of vmstat counters") : 0;
}

int dec_system(struct dec *d, const struct nlattr *nest, struct osn_record *r)
{
	struct nlattr *tb[OOMSNAP_SYSTEM_A_MAX + 1];
	struct osn_system *s = &r->system;
	int err;

	if (!nest)
		return 0;
	err = dec_nest(d, tb, OOMSNAP_SYSTEM_A_MAX, nest, system_policy, NULL);
	if (err)
		return err;
	if ((err = DEC_STR(d, tb, OOMSNAP_SYSTEM_A_RELEASE, s->release)) ||
	    (err = DEC_STR(d, tb, OOMSNAP_SYSTEM_A_HOSTNAME, s->hostname)) ||
	    (err = DEC(d, tb, OOMSNAP_SYSTEM_A_UPTIME_NS, &s->uptime_ns)))
		return err;
	if (tb[OOMSNAP_SYSTEM_A_BOOT_ID]) {
		err = DEC_STR(d, tb, OOMSNAP_SYSTEM_A_BOOT_ID, s->boot_id);
		if (err)
			return err;
		if (!utf8(s->boot_id))
			return dec_fail(d, "OOMSNAP_SYSTEM_A_BOOT_ID is not "
					   "UTF-8");
		s->has_boot_id = true;
	}
	r->has_system = true;
	return 0;
}
