// SPDX-License-Identifier: GPL-2.0
/*
 * mkseeds_decode.c - writes the seed corpus of fuzz_decode into the
 * directory given, in its framing (a little-endian u16 length, then a
 * genlmsghdr and attributes, per message): the messages the unit tests'
 * fixture builds (tests/unit/lib/fixture.c, as kmod/genl.c puts them) for
 * a global, a memcg, a panic and an earlier-boot record, a record of a
 * kind and constraint this CLI does not know, a whole GET dump (summary,
 * task rows, cgroups), and a STATUS reply, an ACK reply, a NEW_RECORD
 * notification and an nlctrl DELFAMILY, made here; and the JSON of some
 * of those records (rendered by the library), for the JSON input of
 * fuzz_decode.  Nothing binary is kept in git.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include "assemble.h"
#include "fixture.h"
#include "record.h"
#include "render_json.h"

static const uint8_t boot_a[OOMSNAP_BOOT_ID_BYTES] = {
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
	0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xa0,
};

static void die(const char *what)
{
	fprintf(stderr, "mkseeds_decode: %s\n", what);
	exit(1);
}

struct seed {
	FILE *f;
};

static void seed_open(struct seed *s, const char *dir, const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	s->f = fopen(path, "wb");
	if (!s->f)
		die(path);
}

/* Append m (its genl header and attributes) to the seed; frees m. */
static void seed_add(struct seed *s, struct nl_msg *m)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	size_t len = nlh->nlmsg_len - NLMSG_HDRLEN;
	uint8_t hdr[2] = { len & 0xff, len >> 8 };

	if (len > 0xffff)
		die("a message longer than 64 KiB");
	if (fwrite(hdr, 1, 2, s->f) != 2 ||
	    fwrite(nlmsg_data(nlh), 1, len, s->f) != len)
		die("write failed");
	nlmsg_free(m);
}

static void seed_close(struct seed *s)
{
	if (fclose(s->f))
		die("close failed");
}

static void one(const char *dir, const char *name, struct nl_msg *m)
{
	struct seed s;

	seed_open(&s, dir, name);
	seed_add(&s, m);
	seed_close(&s);
}

static struct nl_msg *genl(int family, uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	if (!m || !genlmsg_put(m, 0, 0, family, 0, 0, cmd,
			       OOMSNAP_GENL_VERSION))
		die("out of memory");
	return m;
}

static struct nl_msg *status_msg(void)
{
	struct nl_msg *m = genl(FAKE_FAMILY, OOMSNAP_CMD_STATUS);
	struct nlattr *nest = nla_nest_start(m, OOMSNAP_A_STATUS |
						NLA_F_NESTED);

	if (!nest ||
	    nla_put_string(m, OOMSNAP_STATUS_A_VERSION, "0.4.0") ||
	    nla_put_flag(m, OOMSNAP_STATUS_A_PERSISTENT) ||
	    nla_put_u64(m, OOMSNAP_STATUS_A_MEM_ADDRESS, 0x18000000) ||
	    nla_put_u64(m, OOMSNAP_STATUS_A_MEM_SIZE, 16 << 20) ||
	    nla_put_string(m, OOMSNAP_STATUS_A_MEM_NAME, "oomsnap") ||
	    nla_put_u32(m, OOMSNAP_STATUS_A_CAPACITY, 256) ||
	    nla_put_u32(m, OOMSNAP_STATUS_A_RECORDS, 3) ||
	    nla_put_u32(m, OOMSNAP_STATUS_A_UNACKED, 2) ||
	    nla_put_u32(m, OOMSNAP_STATUS_A_EARLIER_BOOT, 1) ||
	    nla_put_u64(m, OOMSNAP_STATUS_A_LOST, 4) ||
	    nla_put_u32(m, OOMSNAP_STATUS_A_LOST_LAST_PID, 4242) ||
	    nla_put_string(m, OOMSNAP_STATUS_A_LOST_LAST_COMM, "hog") ||
	    nla_put_u64(m, OOMSNAP_STATUS_A_CORRUPT, 1) ||
	    nla_put_flag(m, OOMSNAP_STATUS_A_OVERWRITE) ||
	    nla_put_string(m, OOMSNAP_STATUS_A_REINIT, "bad magic") ||
	    nla_put(m, OOMSNAP_STATUS_A_BOOT_ID, sizeof(boot_a), boot_a) ||
	    nla_nest_end(m, nest))
		die("out of memory");
	return m;
}

/* The JSON of the record the messages make (fuzz_decode's JSON input). */
static void json_seed(const char *dir, const char *name,
		      struct nl_msg **msgs, size_t n)
{
	struct osn_assembly as;
	struct osn_record rec;
	struct json_object *o;
	const char *text;
	char path[4096];
	size_t i;
	FILE *f;
	int err = 0;

	osn_assembly_init(&as);
	if (n == 1) {
		err = osn_record_parse(nlmsg_hdr(msgs[0]), &rec);
	} else {
		for (i = 0; i < n && !err; i++)
			err = osn_assembly_add(&as, nlmsg_hdr(msgs[i]));
		if (!err)
			err = osn_assembly_finish(&as, &rec);
	}
	osn_assembly_free(&as);
	for (i = 0; i < n; i++)
		nlmsg_free(msgs[i]);
	if (err)
		die("the fixture's record does not decode");
	o = osn_record_to_json(&rec);
	text = o ? json_object_to_json_string_ext(o, OSN_JSON_FLAGS) : NULL;
	if (!text)
		die("the fixture's record does not render");
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f))
		die(path);
	json_object_put(o);
	osn_record_free(&rec);
}

int main(int argc, char **argv)
{
	struct nl_msg *m, *msgs[3];
	struct t_snap s;
	struct seed sd;
	const char *dir;

	if (argc != 2) {
		fprintf(stderr, "usage: mkseeds_decode DIR\n");
		return 64;
	}
	dir = argv[1];

	one(dir, "summary-global", fx_summary(&snap_global));

	s = snap_global;
	s.seq = 9;
	s.kind = OOMSNAP_KIND_MEMCG;
	s.constraint = OOMSNAP_CONSTRAINT_MEMCG;
	s.memcg_path = "/user.slice/hog.scope";
	s.mc_id = 77;
	s.mc_usage = 25000;
	s.mc_max = 25000;
	s.mc_high = UINT64_MAX;
	s.mc_swap_max = UINT64_MAX;
	s.mc_oom = 3;
	s.mc_oom_kill = 2;
	one(dir, "summary-memcg", fx_summary(&s));

	s = snap_global;
	s.panic = true;
	s.boot_bin = boot_a;
	one(dir, "summary-panic", fx_summary(&s));

	s = snap_global;
	s.boot_bin = boot_a;
	s.earlier_boot = true;
	s.acknowledged = true;
	s.has_lost_before = true;
	s.lost_before = 5;
	s.victim.no_mm = true;
	s.victim.exiting = true;
	one(dir, "summary-earlier-boot", fx_summary(&s));

	s = snap_global;
	s.kind = 7;
	s.constraint = 42;
	s.t_comm = "\xd0\xbf\xd1\x80\xd0\xbe\xd1\x86\xd0\xb5\xd1\x81\xd1\x81"
		   "\xd0";
	s.memcg_path = "/a\xff";
	one(dir, "summary-unknown-kind", fx_summary(&s));

	seed_open(&sd, dir, "dump-global");
	seed_add(&sd, fx_summary(&snap_global));
	seed_add(&sd, fx_task_chunk(snap_global.seq, snap_rows, 2));
	seed_add(&sd, fx_task_chunk(snap_global.seq, snap_rows + 2,
				    SNAP_ROWS - 2));
	seed_add(&sd, fx_cgroup_chunk(snap_global.seq, snap_cgroups,
				      SNAP_CGROUPS));
	seed_close(&sd);

	one(dir, "status", status_msg());

	m = genl(FAKE_FAMILY, OOMSNAP_CMD_ACK);
	if (nla_put_u32(m, OOMSNAP_A_ACKED, 2))
		die("out of memory");
	one(dir, "ack", m);

	m = genl(FAKE_FAMILY, OOMSNAP_CMD_NEW_RECORD);
	if (nla_put_u64(m, OOMSNAP_A_SEQ, 43))
		die("out of memory");
	one(dir, "new-record", m);

	m = genl(GENL_ID_CTRL, CTRL_CMD_DELFAMILY);
	if (nla_put_u16(m, CTRL_ATTR_FAMILY_ID, FAKE_FAMILY) ||
	    nla_put_string(m, CTRL_ATTR_FAMILY_NAME, OOMSNAP_GENL_NAME))
		die("out of memory");
	one(dir, "delfamily", m);

	msgs[0] = fx_summary(&snap_global);
	json_seed(dir, "json-summary", msgs, 1);
	s = snap_global;
	s.kind = OOMSNAP_KIND_MEMCG;
	s.memcg_path = "/a\xff";
	s.victim.comm = "\xd0\xbf\xd1";
	msgs[0] = fx_summary(&s);
	json_seed(dir, "json-summary-memcg", msgs, 1);
	msgs[0] = fx_summary(&snap_global);
	msgs[1] = fx_task_chunk(snap_global.seq, snap_rows, SNAP_ROWS);
	msgs[2] = fx_cgroup_chunk(snap_global.seq, snap_cgroups,
				  SNAP_CGROUPS);
	json_seed(dir, "json-dump", msgs, 3);
	return 0;
}
