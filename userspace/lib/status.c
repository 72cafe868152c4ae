// SPDX-License-Identifier: GPL-2.0
/*
 * status.c - decode the STATUS reply (OOMSNAP_A_STATUS nest) and the ACK
 * reply strictly, and render the status as text and JSON for `oomsnap
 * status`.  Never prints
 * except to the FILE it is given.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "decode.h"
#include "facts.h"
#include "format.h"
#include "json_util.h"
#include "status.h"
#include "text_out.h"

static const struct nla_policy top_policy[OOMSNAP_A_MAX + 1] = {
	[OOMSNAP_A_STATUS]	= { .type = NLA_NESTED },
};

static const struct nla_policy status_policy[OOMSNAP_STATUS_A_MAX + 1] = {
	[OOMSNAP_STATUS_A_VERSION]	= { .type = NLA_STRING,
					    .maxlen = OOMSNAP_NAME_LEN },
	[OOMSNAP_STATUS_A_PERSISTENT]	= { .type = NLA_FLAG },
	[OOMSNAP_STATUS_A_MEM_ADDRESS]	= { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_MEM_SIZE]	= { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_MEM_NAME]	= { .type = NLA_STRING,
					    .maxlen = OOMSNAP_NAME_LEN },
	[OOMSNAP_STATUS_A_CAPACITY]	= { .type = NLA_U32 },
	[OOMSNAP_STATUS_A_RECORDS]	= { .type = NLA_U32 },
	[OOMSNAP_STATUS_A_UNACKED]	= { .type = NLA_U32 },
	[OOMSNAP_STATUS_A_EARLIER_BOOT]	= { .type = NLA_U32 },
	[OOMSNAP_STATUS_A_LOST]		= { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_LOST_LAST_PID] = { .type = NLA_U32 },
	[OOMSNAP_STATUS_A_LOST_LAST_COMM] = { .type = NLA_STRING,
					     .maxlen = OOMSNAP_COMM_LEN },
	[OOMSNAP_STATUS_A_CORRUPT]	= { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_OVERWRITE]	= { .type = NLA_FLAG },
	[OOMSNAP_STATUS_A_OVERWRITTEN]	= { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_VICTIMS_UNPAIRED] = { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_RECORDS_UNSTORED] = { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_PROBE_MISSED]	= { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_PROVISIONAL_DISCARDED] = { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_PROVISIONAL_UNSTORED] = { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_WALKS_SKIPPED] = { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_VICTIMS_OMITTED] = { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_ROWS_DROPPED]	= { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_ANNOUNCE_FAILED] = { .type = NLA_U64 },
	[OOMSNAP_STATUS_A_INDEX_FULL]	= { .type = NLA_U32 },
	[OOMSNAP_STATUS_A_REINIT]	= { .type = NLA_STRING,
					    .maxlen = OSN_REINIT_LEN },
	[OOMSNAP_STATUS_A_FACTS]	= { .type = NLA_NESTED },
	[OOMSNAP_STATUS_A_FACTS_AGE_NS]	= { .type = NLA_U64 },
};

/* The facts nest: u64 meminfo attributes; the ones that are not facts are
 * ignored (a newer module may hand back more). */
static int parse_facts(struct dec *d, struct nlattr **tb, struct osn_status *s)
{
	struct nlattr *f[OOMSNAP_MEMINFO_A_MAX + 1];
	struct nla_policy pol[OOMSNAP_MEMINFO_A_MAX + 1];
	unsigned int i;
	int err;

	if (!tb[OOMSNAP_STATUS_A_FACTS])
		return 0;
	memset(pol, 0, sizeof(pol));
	for (i = 0; i < OSN_NR_FACTS; i++)
		pol[osn_fact_attrs[i]].type = NLA_U64;
	err = dec_nest(d, f, OOMSNAP_MEMINFO_A_MAX, tb[OOMSNAP_STATUS_A_FACTS],
		       pol, NULL);
	if (err)
		return err;
	for (i = 0; i < OSN_NR_FACTS; i++) {
		err = dec_opt_u64(d, f[osn_fact_attrs[i]],
				  &s->facts[osn_fact_attrs[i]]);
		if (err)
			return err;
	}
	if (!tb[OOMSNAP_STATUS_A_FACTS_AGE_NS])
		return dec_fail(d, "OOMSNAP_STATUS_A_FACTS without "
				   "OOMSNAP_STATUS_A_FACTS_AGE_NS");
	s->has_facts = true;
	return DEC(d, tb, OOMSNAP_STATUS_A_FACTS_AGE_NS, &s->facts_age_ns);
}

/* An optional string attribute. */
static int opt_str(struct dec *d, const struct nlattr *nla, char *out,
		   size_t size, bool *has)
{
	*has = nla != NULL;
	return nla ? dec_string(d, nla, out, size, NULL) : 0;
}

static int parse(struct dec *d, struct nlmsghdr *nlh, struct osn_status *s)
{
	struct nlattr *top[OOMSNAP_A_MAX + 1];
	struct nlattr *tb[OOMSNAP_STATUS_A_MAX + 1];
	size_t i;
	int err;

	if (!genlmsg_valid_hdr(nlh, 0))
		return dec_fail(d, "truncated message");
	if (((struct genlmsghdr *)nlmsg_data(nlh))->version >
	    OOMSNAP_GENL_VERSION)
		return dec_fail(d, "newer protocol version");
	if (genlmsg_parse(nlh, 0, top, OOMSNAP_A_MAX, top_policy) < 0)
		return dec_fail(d, "malformed attributes");
	err = dec_nest(d, tb, OOMSNAP_STATUS_A_MAX, top[OOMSNAP_A_STATUS],
		       status_policy, "missing OOMSNAP_A_STATUS");
	if (err)
		return err;
	if ((err = DEC_STR(d, tb, OOMSNAP_STATUS_A_VERSION, s->version)) ||
	    (err = dec_flag(d, tb[OOMSNAP_STATUS_A_PERSISTENT],
			    &s->persistent)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_STATUS_A_MEM_ADDRESS],
			       &s->mem_address)) ||
	    (err = dec_opt_u64(d, tb[OOMSNAP_STATUS_A_MEM_SIZE],
			       &s->mem_size)) ||
	    (err = opt_str(d, tb[OOMSNAP_STATUS_A_MEM_NAME], s->mem_name,
			   sizeof(s->mem_name), &s->has_mem_name)) ||
	    (err = DEC(d, tb, OOMSNAP_STATUS_A_CAPACITY, &s->capacity)) ||
	    (err = DEC(d, tb, OOMSNAP_STATUS_A_RECORDS, &s->records)) ||
	    (err = DEC(d, tb, OOMSNAP_STATUS_A_UNACKED, &s->unacked)) ||
	    (err = DEC(d, tb, OOMSNAP_STATUS_A_EARLIER_BOOT,
		       &s->earlier_boot)) ||
	    (err = DEC(d, tb, OOMSNAP_STATUS_A_LOST, &s->lost)) ||
	    (err = dec_opt_u32(d, tb[OOMSNAP_STATUS_A_LOST_LAST_PID],
			       &s->lost_last_pid)) ||
	    (err = opt_str(d, tb[OOMSNAP_STATUS_A_LOST_LAST_COMM],
			   s->lost_last_comm, sizeof(s->lost_last_comm),
			   &s->has_lost_last_comm)) ||
	    (err = DEC(d, tb, OOMSNAP_STATUS_A_CORRUPT, &s->corrupt)) ||
	    (err = dec_flag(d, tb[OOMSNAP_STATUS_A_OVERWRITE],
			    &s->overwrite)) ||
	    (err = opt_str(d, tb[OOMSNAP_STATUS_A_REINIT], s->reinit,
			   sizeof(s->reinit), &s->has_reinit)) ||
	    (err = dec_fixed(d, tb[OOMSNAP_STATUS_A_BOOT_ID], s->boot_id,
			     sizeof(s->boot_id),
			     "missing OOMSNAP_STATUS_A_BOOT_ID")) ||
	    (err = parse_facts(d, tb, s)))
		return err;
	for (i = 0; i < OSN_STATUS_NR_DROPPED; i++) {
		int a = osn_status_dropped[i].attr;

		err = a == OOMSNAP_STATUS_A_INDEX_FULL ?
		      dec_opt_u32(d, tb[a], &s->dropped[i]) :
		      dec_opt_u64(d, tb[a], &s->dropped[i]);
		if (err)
			return err;
	}
	if (s->persistent && !s->mem_address.has)
		return dec_fail(d, "missing OOMSNAP_STATUS_A_MEM_ADDRESS in "
				   "persistent mode");
	if (s->persistent && !s->mem_size.has)
		return dec_fail(d, "missing OOMSNAP_STATUS_A_MEM_SIZE in "
				   "persistent mode");
	if (s->unacked > s->records || s->earlier_boot > s->records)
		return dec_fail(d, "more unacknowledged or earlier-boot "
				   "records than records");
	return 0;
}

int osn_status_parse(struct nlmsghdr *nlh, struct osn_status *out,
		     const char **why)
{
	struct dec d = { .why = NULL };
	int err;

	memset(out, 0, sizeof(*out));
	err = parse(&d, nlh, out);
	if (err)
		memset(out, 0, sizeof(*out));
	if (why)
		*why = err ? d.why : NULL;
	return err;
}

static const struct nla_policy acked_policy[OOMSNAP_A_MAX + 1] = {
	[OOMSNAP_A_ACKED]	= { .type = NLA_U32 },
};

int osn_acked_parse(struct nlmsghdr *nlh, uint32_t *acked, const char **why)
{
	struct nlattr *tb[OOMSNAP_A_MAX + 1];
	struct dec d = { .why = NULL };
	int err;

	if (!genlmsg_valid_hdr(nlh, 0))
		err = dec_fail(&d, "truncated message");
	else if (((struct genlmsghdr *)nlmsg_data(nlh))->version >
		 OOMSNAP_GENL_VERSION)
		err = dec_fail(&d, "newer protocol version");
	else if (genlmsg_parse(nlh, 0, tb, OOMSNAP_A_MAX, acked_policy) < 0)
		err = dec_fail(&d, "malformed attributes");
	else
		err = DEC(&d, tb, OOMSNAP_A_ACKED, acked);
	if (why)
		*why = err ? d.why : NULL;
	return err;
}

const struct osn_status_counter osn_status_dropped[OSN_STATUS_NR_DROPPED] = {
	{ OOMSNAP_STATUS_A_OVERWRITTEN, "overwritten",
	  "unacknowledged records overwritten (overwrite policy)" },
	{ OOMSNAP_STATUS_A_RECORDS_UNSTORED, "records_unstored",
	  "records not stored for want of room (kills in \"not stored\")" },
	{ OOMSNAP_STATUS_A_VICTIMS_UNPAIRED, "victims_unpaired",
	  "victims seen outside an out_of_memory() call, not recorded" },
	{ OOMSNAP_STATUS_A_PROBE_MISSED, "probe_missed",
	  "out_of_memory() calls the kretprobe missed, kills not recorded" },
	{ OOMSNAP_STATUS_A_VICTIMS_OMITTED, "victims_omitted",
	  "victims of a group kill not listed in their record" },
	{ OOMSNAP_STATUS_A_ROWS_DROPPED, "rows_dropped",
	  "records stored without their task table (no room for it)" },
	{ OOMSNAP_STATUS_A_WALKS_SKIPPED, "walks_skipped",
	  "exiting-task records taken without the task table (rate limit)" },
	{ OOMSNAP_STATUS_A_PROVISIONAL_DISCARDED, "provisional_discarded",
	  "pre-panic records dropped when no panic followed" },
	{ OOMSNAP_STATUS_A_PROVISIONAL_UNSTORED, "provisional_unstored",
	  "pre-panic records not written (no room without evicting)" },
	{ OOMSNAP_STATUS_A_ANNOUNCE_FAILED, "announce_failed",
	  "new-record notifications not sent" },
	{ OOMSNAP_STATUS_A_INDEX_FULL, "index_full",
	  "valid records dropped at load (max_records too small)" },
};

static struct json_object *dropped_to_json(const struct osn_status *st)
{
	struct json_object *o = json_object_new_object();
	size_t i;

	if (!o)
		return NULL;
	for (i = 0; i < OSN_STATUS_NR_DROPPED; i++)
		if (jadd_opt(o, osn_status_dropped[i].key, st->dropped[i])) {
			json_object_put(o);
			return NULL;
		}
	return o;
}

static const char *policy_name(const struct osn_status *st)
{
	return st->overwrite ? "overwrite-oldest" : "keep-oldest";
}

static struct json_object *lost_to_json(const struct osn_status *st)
{
	struct json_object *o = json_object_new_object();

	if (!o)
		return NULL;
	if (jadd_uint(o, "count", st->lost) ||
	    jadd_opt(o, "last_pid", st->lost_last_pid) ||
	    jadd_bytes(o, "last_comm", st->has_lost_last_comm ?
		       st->lost_last_comm : NULL)) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *facts_to_json(const struct osn_status *st)
{
	struct json_object *o;
	unsigned int i;

	if (!st->has_facts)
		return NULL;
	o = json_object_new_object();
	if (!o || jadd_uint(o, "age_ns", st->facts_age_ns))
		goto fail;
	for (i = 0; i < OSN_NR_FACTS; i++)
		if (jadd_opt(o, osn_meminfo_key(osn_fact_attrs[i]),
			     st->facts[osn_fact_attrs[i]]))
			goto fail;
	return o;
fail:
	json_object_put(o);
	return NULL;
}

struct json_object *osn_status_to_json(const struct osn_status *st)
{
	struct json_object *o;
	char boot[OSN_BOOT_ID_STR_LEN];

	if (osn_format_boot_id(st->boot_id, boot, sizeof(boot)))
		return NULL;
	o = json_object_new_object();
	if (!o)
		return NULL;
	if (jadd_bytes(o, "version", st->version) ||
	    jadd_bool(o, "persistent", st->persistent) ||
	    jadd_opt(o, "mem_address", st->mem_address) ||
	    jadd_kb_if(o, "mem_size_kb", st->mem_size.has,
		       osn_bytes_to_kb(st->mem_size.v)) ||
	    jadd_bytes(o, "mem_name", st->has_mem_name ? st->mem_name : NULL) ||
	    jadd_uint(o, "capacity", st->capacity) ||
	    jadd_uint(o, "records", st->records) ||
	    jadd_uint(o, "unacked", st->unacked) ||
	    jadd_uint(o, "earlier_boot", st->earlier_boot) ||
	    jadd(o, "lost", lost_to_json(st)) ||
	    jadd_uint(o, "corrupt", st->corrupt) ||
	    jadd_str(o, "policy", policy_name(st)) ||
	    jadd_bytes(o, "reinit", st->has_reinit ? st->reinit : NULL) ||
	    jadd_str(o, "boot_id", boot) ||
	    (st->has_facts ? jadd(o, "facts", facts_to_json(st)) :
	     json_object_object_add(o, "facts", NULL)) ||
	    jadd(o, "dropped", dropped_to_json(st))) {
		json_object_put(o);
		return NULL;
	}
	return o;
}

static const char *plural(uint64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

int osn_text_status(FILE *f, const struct osn_status *st)
{
	char boot[OSN_BOOT_ID_STR_LEN], esc[OSN_ESC_LEN(OSN_REINIT_LEN)];
	struct tout o = { .f = f };
	unsigned int shown = 0;
	size_t i;

	if (osn_format_boot_id(st->boot_id, boot, sizeof(boot)))
		return -EINVAL;
	tout_printf(&o, "module:        oomsnap %s\n",
		    osn_escape(st->version, esc, sizeof(esc)));
	if (st->persistent) {
		tout_printf(&o, "mode:          persistent: records survive "
			    "warm reboots, region at 0x%" PRIx64 " size %"
			    PRIu64 " kB", st->mem_address.v,
			    osn_bytes_to_kb(st->mem_size.v));
		if (st->has_mem_name)
			tout_printf(&o, " (reserve_mem \"%s\")",
				    osn_escape(st->mem_name, esc,
					       sizeof(esc)));
		tout_printf(&o, "\n");
	} else {
		tout_printf(&o, "mode:          volatile: records will not "
			    "survive a reboot\n");
	}
	tout_printf(&o, "capacity:      %" PRIu32 " %s\n", st->capacity,
		    plural(st->capacity, "record", "records"));
	tout_printf(&o, "records:       %" PRIu32 " held, %" PRIu32
		    " unacknowledged, %" PRIu32 " from earlier boots\n",
		    st->records, st->unacked, st->earlier_boot);
	tout_printf(&o, "not stored:    %" PRIu64 " %s", st->lost,
		    plural(st->lost, "kill", "kills"));
	if (st->lost) {
		tout_printf(&o, " (the store was full)");
		if (st->lost_last_pid.has && st->has_lost_last_comm)
			tout_printf(&o, "; the last: pid %" PRIu64 ", %s",
				    st->lost_last_pid.v,
				    osn_escape(st->lost_last_comm, esc,
					       sizeof(esc)));
		else if (st->lost_last_pid.has)
			tout_printf(&o, "; the last: pid %" PRIu64,
				    st->lost_last_pid.v);
	}
	tout_printf(&o, "\n");
	tout_printf(&o, "corrupt:       %" PRIu64 " %s skipped\n",
		    st->corrupt, plural(st->corrupt, "record", "records"));
	tout_printf(&o, "policy:        %s\n", st->overwrite ?
		    "overwrite oldest (when full, the oldest record is "
		    "replaced)" :
		    "keep oldest (when full, new kills are not stored)");
	if (st->has_reinit)
		tout_printf(&o, "reinit:        the region was re-initialised at "
			    "load: %s\n",
			    osn_escape(st->reinit, esc, sizeof(esc)));
	tout_printf(&o, "boot id:       %s\n", boot);
	for (i = 0; i < OSN_STATUS_NR_DROPPED; i++) {
		const struct osn_opt *c = &st->dropped[i];

		if (!c->has)
			continue;
		if (!shown++)
			tout_printf(&o, "dropped since load (every count, zero "
				    "or not):\n");
		tout_printf(&o, "  %-22s %" PRIu64 "  %s\n",
			    osn_status_dropped[i].key, c->v,
			    osn_status_dropped[i].text);
	}
	if (!st->has_facts) {
		tout_printf(&o, "facts:         none handed in: records have no "
			    "swap total, huge pages, overcommit mode or "
			    "panic_on_oom (oomsnapd hands them in; or run "
			    "'oomsnap facts')\n");
		return o.err;
	}
	tout_printf(&o, "facts:         handed in %" PRIu64 " s ago:",
		    st->facts_age_ns / 1000000000u);
	for (i = 0; i < OSN_NR_FACTS; i++) {
		const struct osn_opt *v = &st->facts[osn_fact_attrs[i]];

		if (v->has)
			tout_printf(&o, " %s %" PRIu64,
				    osn_meminfo_key(osn_fact_attrs[i]), v->v);
		else
			tout_printf(&o, " %s unknown",
				    osn_meminfo_key(osn_fact_attrs[i]));
	}
	tout_printf(&o, "\n");
	return o.err;
}
