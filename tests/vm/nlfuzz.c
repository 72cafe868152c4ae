// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz - hostile input for the oomsnap generic netlink family, run as
 * root in the test VM (static, raw netlink sockets, no libnl).
 *
 *   nlfuzz fuzz SEED COUNT
 *	COUNT generated requests: every command and unknown ones, do and
 *	dump, random, unused, duplicated and truncated attributes, wrong
 *	lengths and flags, nested garbage, a cut nlmsg_len, a short genl
 *	header, a non-zero reserved byte, bad nlmsg_flags, ACKs of ids that
 *	name no record, dumps started and abandoned (socket closed after 0
 *	or 1 datagram), interleaved with valid LIST, GET and STATUS requests.
 *	Every request is answered or the run fails: a malformed one must get
 *	an error (NLMSG_ERROR or NLMSG_DONE with errno < 0), a valid one
 *	success; LIST must give the records listed at the start, each time.
 *	Never acknowledges a real record (ACKs always carry a random boot id
 *	or a seq above every record's).  Prints the seed first; the same seed
 *	on the same records replays the same messages.
 *   nlfuzz dumpintr
 *	A LIST dump, read one datagram at a time on a socket with the
 *	smallest receive buffer; after the first datagram the newest record
 *	is acknowledged from a second socket.  The rest of the dump must
 *	carry NLM_F_DUMP_INTR (the acknowledged record was not sent: the
 *	list is incomplete), and a LIST afterwards lists exactly the others.
 *	Acknowledges that one record.
 *
 * Output: "nlfuzz: ..." lines; "[FAIL] ..." for each failure (the first
 * 20, with the message in hex).  Exit 0, 1 on a failure, 2 when the test
 * cannot run (no family, too few records), 64 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "oomsnap.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define BUF_SIZE	(128 * 1024)
#define MAX_RECORDS	4096
#define ANSWER_TIMEOUT_MS 60000	/* silence: no answer at all */

static uint16_t family;
static uint32_t seqno = 1;
static uint8_t boot_id[OOMSNAP_BOOT_ID_BYTES];	/* of the current boot */
static uint64_t rec_seq[MAX_RECORDS];		/* current boot's records */
static unsigned int nrec, nrec_all;		/* and of every boot */
static uint64_t max_seq;

/* ---- random numbers (xorshift64*) ---------------------------------------- */
static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ull;
}

static unsigned int below(unsigned int n)
{
	return n ? (unsigned int)(rnd() % n) : 0;
}

static void rnd_bytes(void *p, size_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = (uint8_t)rnd();
}

/* ---- messages ------------------------------------------------------------ */
struct msg {
	uint8_t b[8192] __attribute__((aligned(4)));
	size_t len;		/* bytes built */
	size_t send_len;	/* bytes sent (0: len) */
};

static struct nlmsghdr *nlh(struct msg *m)
{
	return (struct nlmsghdr *)m->b;
}

static void msg_init(struct msg *m, uint8_t cmd, uint16_t flags)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->len = NLMSG_LENGTH(GENL_HDRLEN);
	nlh(m)->nlmsg_type = family;
	nlh(m)->nlmsg_flags = NLM_F_REQUEST | flags;
	g = NLMSG_DATA(nlh(m));
	g->cmd = cmd;
	g->version = OOMSNAP_GENL_VERSION;
}

/* An attribute of type (flags included) with len bytes of data; its
 * header says hdr_len (0: the true length). */
static void put_raw(struct msg *m, uint16_t type, const void *data,
		    size_t len, uint16_t hdr_len)
{
	struct nlattr *a = (struct nlattr *)(m->b + m->len);

	if (m->len + NLA_ALIGN(NLA_HDRLEN + len) > sizeof(m->b) - 64)
		return;
	a->nla_type = type;
	a->nla_len = hdr_len ? hdr_len : (uint16_t)(NLA_HDRLEN + len);
	if (data)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	else
		rnd_bytes((char *)a + NLA_HDRLEN, len);
	m->len += NLA_ALIGN(NLA_HDRLEN + len);
}

static void put_u64(struct msg *m, uint16_t type, uint64_t v)
{
	put_raw(m, type, &v, sizeof(v), 0);
}

static void msg_end(struct msg *m)
{
	nlh(m)->nlmsg_len = (uint32_t)m->len;
	nlh(m)->nlmsg_seq = seqno++;
}

/* ---- sockets and answers -------------------------------------------------- */
static int nl_open(int rcvbuf)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		perror("nlfuzz: netlink socket");
		exit(2);
	}
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (rcvbuf && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				 sizeof(rcvbuf))) {
		perror("nlfuzz: SO_RCVBUF");
		exit(2);
	}
	return fd;
}

static void msg_send(int fd, struct msg *m)
{
	size_t n = m->send_len ? m->send_len : m->len;

	if (send(fd, m->b, n, 0) != (ssize_t)n) {
		perror("nlfuzz: send");
		exit(2);
	}
}

struct answer {
	int err;		/* errno of NLMSG_ERROR or NLMSG_DONE (<= 0) */
	int terminal;		/* 1 ERROR, 2 DONE, 0 silence */
	unsigned int data;	/* other messages of this seq */
	unsigned int datagrams;
	int intr;		/* NLM_F_DUMP_INTR seen */
	char extack[128];
	uint64_t seqs[MAX_RECORDS];	/* OOMSNAP_A_SEQ of LIST replies */
	uint8_t boots[MAX_RECORDS][OOMSNAP_BOOT_ID_BYTES];
	int earlier[MAX_RECORDS];
};

static struct nlattr *find_attr(void *p, int len, int type)
{
	struct nlattr *a;

	for (a = p; len >= NLA_HDRLEN && a->nla_len >= NLA_HDRLEN &&
	     a->nla_len <= len; len -= NLA_ALIGN(a->nla_len),
	     a = (void *)((char *)a + NLA_ALIGN(a->nla_len)))
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
	return NULL;
}

static void get_extack(struct nlmsghdr *n, size_t off, struct answer *a)
{
	struct nlattr *e;

	if (!(n->nlmsg_flags & NLM_F_ACK_TLVS) || n->nlmsg_len <= off)
		return;
	e = find_attr((char *)n + off, (int)(n->nlmsg_len - off),
		      NLMSGERR_ATTR_MSG);
	if (e)
		snprintf(a->extack, sizeof(a->extack), "%.*s",
			 (int)(e->nla_len - NLA_HDRLEN),
			 (char *)e + NLA_HDRLEN);
}

static void record_of(struct nlmsghdr *n, struct answer *a)
{
	void *p = (char *)NLMSG_DATA(n) + GENL_HDRLEN;
	int len = (int)n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	struct nlattr *s = find_attr(p, len, OOMSNAP_A_SEQ);
	struct nlattr *b = find_attr(p, len, OOMSNAP_A_BOOT_ID);
	unsigned int i = a->data;

	if (i >= MAX_RECORDS)
		return;
	a->seqs[i] = s && s->nla_len == NLA_HDRLEN + 8 ?
		     *(uint64_t *)((char *)s + NLA_HDRLEN) : 0;
	if (b && b->nla_len == NLA_HDRLEN + OOMSNAP_BOOT_ID_BYTES)
		memcpy(a->boots[i], (char *)b + NLA_HDRLEN,
		       OOMSNAP_BOOT_ID_BYTES);
	a->earlier[i] = find_attr(p, len, OOMSNAP_A_EARLIER_BOOT) != NULL;
}

/*
 * One datagram of the answer to seq: 1 when the answer is complete, 0 when
 * more is to come, -1 on silence (timeout) or a failed recv.
 */
static int read_datagram(int fd, uint32_t seq, struct answer *a)
{
	static uint8_t buf[BUF_SIZE] __attribute__((aligned(4)));
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct nlmsghdr *n;
	int got, done = 0;

	if (poll(&p, 1, ANSWER_TIMEOUT_MS) <= 0)
		return -1;
	got = (int)recv(fd, buf, sizeof(buf), 0);
	if (got < 0) {
		fprintf(stderr, "nlfuzz: recv: %s\n", strerror(errno));
		return -1;
	}
	a->datagrams++;
	for (n = (void *)buf; NLMSG_OK(n, got); n = NLMSG_NEXT(n, got)) {
		if (n->nlmsg_seq != seq)
			continue;	/* a late part of an earlier answer */
		if (n->nlmsg_flags & NLM_F_DUMP_INTR)
			a->intr = 1;
		if (n->nlmsg_type == NLMSG_ERROR) {
			struct nlmsgerr *e = NLMSG_DATA(n);
			size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*e));

			a->err = e->error;
			a->terminal = 1;
			if (!(n->nlmsg_flags & NLM_F_CAPPED))
				off += NLMSG_ALIGN(e->msg.nlmsg_len -
						   NLMSG_HDRLEN);
			get_extack(n, off, a);
			done = 1;
		} else if (n->nlmsg_type == NLMSG_DONE) {
			if (n->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
				memcpy(&a->err, NLMSG_DATA(n), sizeof(int));
			get_extack(n, NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int)),
				   a);
			a->terminal = 2;
			done = 1;
		} else {
			if (n->nlmsg_type == family &&
			    n->nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN))
				record_of(n, a);
			a->data++;
		}
	}
	return done;
}

/* The whole answer to seq; -1 on silence. */
static int answer(int fd, uint32_t seq, struct answer *a)
{
	int r;

	memset(a, 0, sizeof(*a));
	while (!(r = read_datagram(fd, seq, a)))
		;
	return r < 0 ? -1 : 0;
}

/* ---- setup: family, boot id, records -------------------------------------- */
static int resolve(int fd)
{
	struct msg m;
	struct answer *a = calloc(1, sizeof(*a));
	static uint8_t buf[BUF_SIZE] __attribute__((aligned(4)));
	struct nlmsghdr *n = (void *)buf;
	struct nlattr *id;
	int got;

	memset(&m, 0, sizeof(m));
	m.len = NLMSG_LENGTH(GENL_HDRLEN);
	nlh(&m)->nlmsg_type = GENL_ID_CTRL;
	nlh(&m)->nlmsg_flags = NLM_F_REQUEST;
	((struct genlmsghdr *)NLMSG_DATA(nlh(&m)))->cmd = CTRL_CMD_GETFAMILY;
	((struct genlmsghdr *)NLMSG_DATA(nlh(&m)))->version = 1;
	put_raw(&m, CTRL_ATTR_FAMILY_NAME, OOMSNAP_GENL_NAME,
		strlen(OOMSNAP_GENL_NAME) + 1, 0);
	msg_end(&m);
	msg_send(fd, &m);
	got = (int)recv(fd, buf, sizeof(buf), 0);
	free(a);
	if (got < (int)NLMSG_LENGTH(GENL_HDRLEN) || !NLMSG_OK(n, got) ||
	    n->nlmsg_type != GENL_ID_CTRL)
		return -1;
	id = find_attr((char *)NLMSG_DATA(n) + GENL_HDRLEN,
		       (int)n->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN),
		       CTRL_ATTR_FAMILY_ID);
	if (!id)
		return -1;
	family = *(uint16_t *)((char *)id + NLA_HDRLEN);
	return 0;
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	       c - 'a' + 10 : -1;
}

static int read_boot_id(void)
{
	char s[64];
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	unsigned int i = 0;
	char *p;

	if (!f || !fgets(s, sizeof(s), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	for (p = s; *p && i < OOMSNAP_BOOT_ID_BYTES; p++) {
		if (*p == '-')
			continue;
		if (hexval(p[0]) < 0 || hexval(p[1]) < 0)
			return -1;
		boot_id[i++] = (uint8_t)(hexval(p[0]) << 4 | hexval(p[1]));
		p++;
	}
	return i == OOMSNAP_BOOT_ID_BYTES ? 0 : -1;
}

/* LIST on fd; 0 with *a, or -1 (silence, error or interrupted). */
static int list(int fd, struct answer *a)
{
	struct msg m;

	msg_init(&m, OOMSNAP_CMD_LIST, NLM_F_DUMP);
	msg_end(&m);
	msg_send(fd, &m);
	if (answer(fd, nlh(&m)->nlmsg_seq, a))
		return -1;
	return a->terminal == 2 && !a->err ? 0 : -1;
}

static int load_records(int fd)
{
	struct answer *a = calloc(1, sizeof(*a));
	unsigned int i;

	if (!a || list(fd, a) || a->intr) {
		fprintf(stderr, "nlfuzz: the first LIST failed (err %d)\n",
			a ? a->err : -ENOMEM);
		free(a);
		return -1;
	}
	nrec = 0;
	nrec_all = a->data;
	for (i = 0; i < a->data && i < MAX_RECORDS; i++) {
		if (a->earlier[i] || !a->seqs[i])
			continue;
		rec_seq[nrec++] = a->seqs[i];
		if (a->seqs[i] > max_seq)
			max_seq = a->seqs[i];
	}
	free(a);
	return 0;
}

static void setup(int fd)
{
	if (resolve(fd)) {
		fprintf(stderr, "nlfuzz: generic netlink family '%s' not found (is the module loaded?)\n",
			OOMSNAP_GENL_NAME);
		exit(2);
	}
	if (read_boot_id()) {
		fprintf(stderr, "nlfuzz: cannot read /proc/sys/kernel/random/boot_id\n");
		exit(2);
	}
	if (load_records(fd))
		exit(2);
}

/* ---- the generator ---------------------------------------------------------- */
enum expect { WANT_OK, WANT_ERR };

enum kind {
	K_LIST, K_STATUS, K_GET, K_GET_DUMP,		/* valid */
	K_NOATTR_CMD_ATTRS,	/* LIST/STATUS with attributes */
	K_GET_BAD_ATTR,		/* an attribute GET does not take */
	K_GET_BAD_SEQ,		/* SEQ of a wrong length, 0, nested */
	K_GET_BAD_BOOT,		/* BOOT_ID of a wrong length */
	K_GET_MISSING,		/* a well-formed GET of no record */
	K_ACK,			/* ACK of no record, any shape */
	K_UNKNOWN_CMD,
	K_WRONG_MODE,		/* LIST as do, STATUS/ACK as dump */
	K_TRUNC_ATTR,		/* nla_len beyond the message */
	K_SHORT_ATTR,		/* nla_len < 4 */
	K_CUT_MSG,		/* nlmsg_len ends inside an attribute */
	K_SHORT_HDR,		/* no complete genlmsghdr */
	K_RESERVED,		/* genlmsghdr.reserved != 0 */
	K_BAD_FLAGS,
	K_NESTED_GARBAGE,
	K_ABANDON,		/* a dump, the socket closed mid-way */
	K_NKINDS
};

static const char *const kind_name[K_NKINDS] = {
	"list", "status", "get", "get-dump", "noattr-cmd-attrs",
	"get-bad-attr", "get-bad-seq", "get-bad-boot", "get-missing", "ack",
	"unknown-cmd", "wrong-mode", "trunc-attr", "short-attr", "cut-msg",
	"short-hdr", "reserved", "bad-flags", "nested-garbage", "abandon",
};

static uint64_t real_seq(void)
{
	return rec_seq[below(nrec)];
}

/* An attribute type other than those in allowed (a 0-terminated list),
 * possibly 0 or beyond OOMSNAP_A_MAX. */
static uint16_t other_type(const uint16_t *allowed)
{
	for (;;) {
		uint16_t t = (uint16_t)below(OOMSNAP_A_MAX + 12);
		const uint16_t *p;

		for (p = allowed; *p && *p != t; p++)
			;
		if (!*p)
			return t;
	}
}

/* A random well-formed attribute not in allowed, 0-40 bytes, with
 * random NESTED/BYTEORDER flags. */
static void put_garbage(struct msg *m, const uint16_t *allowed)
{
	uint16_t t = other_type(allowed);

	if (below(4) == 0)
		t |= below(2) ? NLA_F_NESTED : NLA_F_NET_BYTEORDER;
	put_raw(m, t, NULL, below(41), 0);
}

/* Optional valid GET attributes. */
static void put_get_target(struct msg *m)
{
	if (below(2))
		put_u64(m, OOMSNAP_A_SEQ, real_seq());
	if (below(3) == 0)
		put_raw(m, OOMSNAP_A_BOOT_ID, boot_id, sizeof(boot_id), 0);
}

/* The body of a valid request of a random valid command: LIST, STATUS,
 * GET (do or dump).  Returns the flags to use. */
static uint16_t valid_base(struct msg *m, uint8_t *cmd)
{
	switch (below(3)) {
	case 0:
		*cmd = OOMSNAP_CMD_LIST;
		msg_init(m, *cmd, NLM_F_DUMP);
		return NLM_F_DUMP;
	case 1:
		*cmd = OOMSNAP_CMD_STATUS;
		msg_init(m, *cmd, NLM_F_ACK);
		return NLM_F_ACK;
	default:
		*cmd = OOMSNAP_CMD_GET;
		msg_init(m, *cmd, below(2) ? NLM_F_DUMP : NLM_F_ACK);
		put_get_target(m);
		return nlh(m)->nlmsg_flags & ~NLM_F_REQUEST;
	}
}

/* Any command of the family, as do (with ACK) or dump. */
static void any_cmd(struct msg *m)
{
	static const uint8_t cmds[] = { OOMSNAP_CMD_LIST, OOMSNAP_CMD_GET,
					OOMSNAP_CMD_STATUS, OOMSNAP_CMD_ACK };
	uint8_t cmd = cmds[below(4)];

	msg_init(m, cmd, cmd == OOMSNAP_CMD_LIST ? NLM_F_DUMP :
		 cmd == OOMSNAP_CMD_GET && below(2) ? NLM_F_DUMP : NLM_F_ACK);
	if (cmd == OOMSNAP_CMD_ACK)	/* never a real record */
		put_raw(m, OOMSNAP_A_BOOT_ID, NULL, OOMSNAP_BOOT_ID_BYTES, 0);
	else if (cmd == OOMSNAP_CMD_GET)
		put_get_target(m);
}

static enum kind pick_kind(void)
{
	unsigned int r = below(1000);

	if (r < 20)
		return K_LIST;
	if (r < 45)
		return K_STATUS;
	if (r < 75)
		return K_GET;
	if (r < 85)
		return K_GET_DUMP;
	if (r < 100)
		return K_ABANDON;
	return (enum kind)(K_NOATTR_CMD_ATTRS +
			   below(K_ABANDON - K_NOATTR_CMD_ATTRS));
}

/* Build one request of kind k; its expectation. */
static enum expect generate(enum kind k, struct msg *m)
{
	static const uint16_t get_attrs[] = { OOMSNAP_A_SEQ,
					      OOMSNAP_A_BOOT_ID, 0 };
	static const uint16_t ack_attrs[] = { OOMSNAP_A_SEQ, OOMSNAP_A_BOOT_ID,
					      OOMSNAP_A_ACK_ALL, 0 };
	static const uint16_t none[] = { 0 };
	static const uint16_t bad_flags[] = { 0x400, 0x800, 0x1000, 0x2000 };
	uint8_t cmd;
	unsigned int i, n;
	size_t len;

	switch (k) {
	case K_LIST:
		msg_init(m, OOMSNAP_CMD_LIST, NLM_F_DUMP);
		return WANT_OK;
	case K_STATUS:
		msg_init(m, OOMSNAP_CMD_STATUS, NLM_F_ACK);
		return WANT_OK;
	case K_GET:
		msg_init(m, OOMSNAP_CMD_GET, NLM_F_ACK);
		put_get_target(m);
		return WANT_OK;
	case K_GET_DUMP:
		msg_init(m, OOMSNAP_CMD_GET, NLM_F_DUMP);
		put_get_target(m);
		return WANT_OK;
	case K_NOATTR_CMD_ATTRS:
		msg_init(m, below(2) ? OOMSNAP_CMD_LIST : OOMSNAP_CMD_STATUS,
			 0);
		nlh(m)->nlmsg_flags |= ((struct genlmsghdr *)
			NLMSG_DATA(nlh(m)))->cmd == OOMSNAP_CMD_LIST ?
			NLM_F_DUMP : NLM_F_ACK;
		for (i = 0, n = 1 + below(4); i < n; i++) {
			uint16_t t = (uint16_t)below(OOMSNAP_A_MAX + 12);

			if (t == OOMSNAP_A_SEQ && below(2))
				put_u64(m, t, 1 + below(10));
			else
				put_raw(m, t, NULL, below(33), 0);
		}
		return WANT_ERR;
	case K_GET_BAD_ATTR:
		msg_init(m, OOMSNAP_CMD_GET, below(2) ? NLM_F_DUMP : NLM_F_ACK);
		if (below(2))
			put_get_target(m);
		put_garbage(m, get_attrs);
		if (below(2))
			put_get_target(m);
		return WANT_ERR;
	case K_GET_BAD_SEQ:
		msg_init(m, OOMSNAP_CMD_GET, below(2) ? NLM_F_DUMP : NLM_F_ACK);
		switch (below(3)) {
		case 0:
			do
				len = below(17);
			while (len == 8);
			put_raw(m, OOMSNAP_A_SEQ, NULL, len, 0);
			break;
		case 1:
			put_u64(m, OOMSNAP_A_SEQ, 0);
			break;
		default: {
			uint64_t v = real_seq();

			put_raw(m, OOMSNAP_A_SEQ | NLA_F_NESTED, &v,
				sizeof(v), 0);
		}
		}
		return WANT_ERR;
	case K_GET_BAD_BOOT:
		msg_init(m, OOMSNAP_CMD_GET, below(2) ? NLM_F_DUMP : NLM_F_ACK);
		do
			len = below(40);
		while (len == OOMSNAP_BOOT_ID_BYTES);
		put_raw(m, OOMSNAP_A_BOOT_ID, NULL, len, 0);
		if (below(2))
			put_u64(m, OOMSNAP_A_SEQ, real_seq());
		return WANT_ERR;
	case K_GET_MISSING:
		msg_init(m, OOMSNAP_CMD_GET, below(2) ? NLM_F_DUMP : NLM_F_ACK);
		if (below(2)) {
			put_u64(m, OOMSNAP_A_SEQ, max_seq + 1 + below(1000000));
			if (below(2))
				put_raw(m, OOMSNAP_A_BOOT_ID, boot_id,
					sizeof(boot_id), 0);
		} else {	/* a boot that wrote nothing */
			put_raw(m, OOMSNAP_A_BOOT_ID, NULL,
				OOMSNAP_BOOT_ID_BYTES, 0);
			if (below(2))
				put_u64(m, OOMSNAP_A_SEQ, real_seq());
		}
		return WANT_ERR;
	case K_ACK:
		/*
		 * Every ACK names a boot that is not the current one (random
		 * id) or a seq above every record: -ENOENT or -EINVAL, never
		 * a record freed.  The random boot id is first; later
		 * garbage never carries SEQ or BOOT_ID.
		 */
		msg_init(m, OOMSNAP_CMD_ACK, below(8) ? NLM_F_ACK : NLM_F_DUMP);
		if (below(2)) {
			put_raw(m, OOMSNAP_A_BOOT_ID, NULL,
				OOMSNAP_BOOT_ID_BYTES, 0);
			if (below(2))
				put_u64(m, OOMSNAP_A_SEQ, rnd() | 1);
		} else {
			put_raw(m, OOMSNAP_A_BOOT_ID, boot_id,
				sizeof(boot_id), 0);
			put_u64(m, OOMSNAP_A_SEQ,
				max_seq + 1 + below(1000000));
		}
		if (below(3) == 0)
			put_raw(m, OOMSNAP_A_ACK_ALL, NULL, 0, 0);
		if (below(3) == 0)
			put_garbage(m, ack_attrs);
		return WANT_ERR;
	case K_UNKNOWN_CMD:
		do
			cmd = (uint8_t)below(256);
		while (cmd == OOMSNAP_CMD_LIST || cmd == OOMSNAP_CMD_GET ||
		       cmd == OOMSNAP_CMD_STATUS || cmd == OOMSNAP_CMD_ACK);
		msg_init(m, cmd, below(2) ? NLM_F_DUMP : NLM_F_ACK);
		for (i = 0, n = below(3); i < n; i++)
			put_garbage(m, none);
		return WANT_ERR;
	case K_WRONG_MODE:
		switch (below(3)) {
		case 0:
			msg_init(m, OOMSNAP_CMD_LIST, NLM_F_ACK);
			break;
		case 1:
			msg_init(m, OOMSNAP_CMD_STATUS, NLM_F_DUMP);
			break;
		default:
			msg_init(m, OOMSNAP_CMD_ACK, NLM_F_DUMP);
			put_raw(m, OOMSNAP_A_BOOT_ID, NULL,
				OOMSNAP_BOOT_ID_BYTES, 0);
			put_u64(m, OOMSNAP_A_SEQ, 1);
		}
		return WANT_ERR;
	case K_TRUNC_ATTR:
		any_cmd(m);
		len = below(24);
		/* claims more than the message holds */
		put_raw(m, (uint16_t)below(OOMSNAP_A_MAX + 2), NULL, len,
			(uint16_t)(NLA_HDRLEN + len + 4 + below(200)));
		return WANT_ERR;
	case K_SHORT_ATTR:
		any_cmd(m);
		put_raw(m, (uint16_t)below(OOMSNAP_A_MAX + 2), NULL, 4, 0);
		/* a header that cannot even hold itself */
		((struct nlattr *)(m->b + m->len - 8))->nla_len =
			(uint16_t)below(NLA_HDRLEN);
		return WANT_ERR;
	case K_CUT_MSG: {
		size_t at;

		any_cmd(m);
		at = m->len;
		put_u64(m, OOMSNAP_A_SEQ, 1 + below(4));	/* 12 bytes */
		/* end nlmsg_len 1..11 bytes into it; the rest of the
		 * datagram (< 16 bytes) is no message */
		msg_end(m);
		nlh(m)->nlmsg_len = (uint32_t)(at + 1 + below(11));
		return WANT_ERR;
	}
	case K_SHORT_HDR:
		msg_init(m, (uint8_t)below(8), below(2) ? NLM_F_DUMP : NLM_F_ACK);
		msg_end(m);
		nlh(m)->nlmsg_len = NLMSG_HDRLEN + below(GENL_HDRLEN);
		m->send_len = nlh(m)->nlmsg_len;
		return WANT_ERR;
	case K_RESERVED:
		valid_base(m, &cmd);
		((struct genlmsghdr *)NLMSG_DATA(nlh(m)))->reserved =
			(uint16_t)(1 + below(0xffff));
		return WANT_ERR;
	case K_BAD_FLAGS:
		valid_base(m, &cmd);
		nlh(m)->nlmsg_flags |= bad_flags[below(4)];
		if (!(nlh(m)->nlmsg_flags & NLM_F_DUMP) && below(2))
			nlh(m)->nlmsg_flags |= below(2) ? NLM_F_ROOT :
							  NLM_F_MATCH;
		return WANT_ERR;
	case K_NESTED_GARBAGE: {
		struct msg inner;
		uint16_t t;

		any_cmd(m);
		memset(&inner, 0, sizeof(inner));
		for (i = 0, n = 1 + below(6); i < n; i++) {
			size_t l = below(20);

			put_raw(&inner, (uint16_t)below(40) |
				(below(3) ? 0 : NLA_F_NESTED), NULL, l,
				below(5) ? 0 : (uint16_t)below(60));
		}
		t = (uint16_t)(1 + below(OOMSNAP_A_MAX));
		put_raw(m, t | NLA_F_NESTED, inner.b, inner.len, 0);
		/* GET would take a SEQ or BOOT_ID of the right length */
		return WANT_ERR;
	}
	default:
		break;
	}
	return WANT_ERR;
}

/* ---- the fuzz run ---------------------------------------------------------- */
static unsigned int failures;

static void hexdump(const struct msg *m)
{
	size_t i, n = m->send_len ? m->send_len : m->len;

	printf("       message (%zu bytes):", n);
	for (i = 0; i < n && i < 96; i++)
		printf("%s%02x", i % 32 ? "" : "\n       ", m->b[i]);
	printf("%s\n", n > 96 ? " ..." : "");
}

static void failed(unsigned long i, enum kind k, const struct msg *m,
		   const char *fmt, const char *what)
{
	failures++;
	if (failures > 20)
		return;
	printf("[FAIL] message %lu (%s): ", i, kind_name[k]);
	printf(fmt, what);
	printf("\n");
	hexdump(m);
}

/* A dump started on a fresh socket and abandoned after 0 or 1 datagram. */
static void abandon(struct msg *m)
{
	int fd = nl_open(1);
	struct answer *a = calloc(1, sizeof(*a));

	if (below(2)) {
		msg_init(m, OOMSNAP_CMD_LIST, NLM_F_DUMP);
	} else {
		msg_init(m, OOMSNAP_CMD_GET, NLM_F_DUMP);
		put_get_target(m);
	}
	msg_end(m);
	msg_send(fd, m);
	if (a && below(2))
		(void)read_datagram(fd, nlh(m)->nlmsg_seq, a);
	free(a);
	close(fd);
}

static int cmd_fuzz(unsigned long long seed, unsigned long count)
{
	static struct answer a;
	static struct msg m;
	unsigned long i, answered_err = 0, ok = 0, extacks = 0, abandoned = 0;
	unsigned long per_kind[K_NKINDS] = { 0 };
	int fd = nl_open(0);
	char why[200];
	enum expect want;
	enum kind k;

	printf("nlfuzz: seed %llu, %lu messages (reproduce: nlfuzz fuzz %llu %lu)\n",
	       seed, count, seed, count);
	fflush(stdout);
	rng = seed ? seed : 0x9e3779b97f4a7c15ull;
	setup(fd);
	if (!nrec) {
		fprintf(stderr, "nlfuzz: no record of this boot: run it after an OOM kill\n");
		return 2;
	}
	printf("nlfuzz: family %u, %u record(s) of this boot, %u in all\n",
	       family, nrec, nrec_all);
	for (i = 0; i < count; i++) {
		k = pick_kind();
		per_kind[k]++;
		if (k == K_ABANDON) {
			abandon(&m);
			abandoned++;
			continue;
		}
		want = generate(k, &m);
		if (k != K_CUT_MSG && k != K_SHORT_HDR)
			msg_end(&m);
		msg_send(fd, &m);
		if (answer(fd, nlh(&m)->nlmsg_seq, &a)) {
			failed(i, k, &m, "%s", "no answer (silence)");
			continue;
		}
		if (a.extack[0])
			extacks++;
		if (want == WANT_ERR) {
			if (a.err < 0) {
				answered_err++;
				continue;
			}
			snprintf(why, sizeof(why), "malformed, but answered with success (%u data message(s), %s)",
				 a.data, a.terminal == 2 ? "NLMSG_DONE" : "ACK");
			failed(i, k, &m, "%s", why);
			continue;
		}
		if (a.err < 0) {
			snprintf(why, sizeof(why), "valid, but answered with %s (%s)",
				 strerror(-a.err), a.extack);
			failed(i, k, &m, "%s", why);
			continue;
		}
		if (k == K_LIST && (a.data != nrec_all || a.intr)) {
			snprintf(why, sizeof(why), "LIST gave %u record(s)%s, %u at the start",
				 a.data, a.intr ? " and NLM_F_DUMP_INTR" : "",
				 nrec_all);
			failed(i, k, &m, "%s", why);
			continue;
		}
		if ((k == K_GET || k == K_STATUS) && a.data != 1) {
			snprintf(why, sizeof(why), "%u replies instead of one",
				 a.data);
			failed(i, k, &m, "%s", why);
			continue;
		}
		ok++;
	}
	/* the records are still all there */
	if (list(fd, &a) || a.data != nrec_all || a.intr) {
		failures++;
		printf("[FAIL] the LIST after the fuzzing gave %u record(s) (err %d%s), %u at the start\n",
		       a.data, a.err, a.intr ? ", interrupted" : "", nrec_all);
	}
	close(fd);
	for (k = 0; k < K_NKINDS; k++)
		printf("nlfuzz: kind %-16s %lu\n", kind_name[k], per_kind[k]);
	printf("nlfuzz: %lu messages: %lu valid answered with success, %lu malformed answered with an error (%lu errors or acks carried an extack message), %lu dumps abandoned; %u failure(s)\n",
	       count, ok, answered_err, extacks, abandoned, failures);
	return failures ? 1 : 0;
}

/* ---- interrupted dump ------------------------------------------------------ */
/* Does a (LIST replies) hold seq of the current boot? */
static int has_seq(const struct answer *a, uint64_t seq)
{
	unsigned int i;

	for (i = 0; i < a->data && i < MAX_RECORDS; i++)
		if (a->seqs[i] == seq && !a->earlier[i])
			return 1;
	return 0;
}

/* The records of the next datagram of fd, left queued; -1 if none. */
static int peek_next(int fd, struct answer *q)
{
	static uint8_t buf[BUF_SIZE] __attribute__((aligned(4)));
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct nlmsghdr *n;
	int got;

	memset(q, 0, sizeof(*q));
	if (poll(&p, 1, ANSWER_TIMEOUT_MS) <= 0)
		return -1;
	got = (int)recv(fd, buf, sizeof(buf), MSG_PEEK);
	if (got <= 0)
		return -1;
	for (n = (void *)buf; NLMSG_OK(n, got); n = NLMSG_NEXT(n, got)) {
		if (n->nlmsg_type == NLMSG_DONE || n->nlmsg_type == NLMSG_ERROR)
			continue;
		record_of(n, q);
		q->data++;
	}
	return 0;
}

static int cmd_dumpintr(void)
{
	static uint8_t buf[BUF_SIZE] __attribute__((aligned(4)));
	static struct answer a, after, ackd, queued;
	struct msg m, ack;
	struct nlmsghdr *n;
	uint64_t victim = 0;
	unsigned int i, before_ack = 0, dgrams = 0;
	int fd = nl_open(0), dfd, got, done = 0, seen_victim = 0;
	int ackfd;

	setup(fd);
	if (nrec < 5) {
		fprintf(stderr, "nlfuzz: dumpintr needs 5 records of this boot, there are %u\n",
			nrec);
		return 2;
	}
	/*
	 * Smallest receive buffer: the kernel fills the next datagram only
	 * once the previous one was read, so the dump advances one datagram
	 * per recv.  Each recv is sized by a MSG_PEEK first, so that the
	 * datagrams stay as small as the module asks (one or two records).
	 */
	dfd = nl_open(1);
	msg_init(&m, OOMSNAP_CMD_LIST, NLM_F_DUMP);
	msg_end(&m);
	msg_send(dfd, &m);
	memset(&a, 0, sizeof(a));
	while (!done) {
		struct pollfd p = { .fd = dfd, .events = POLLIN };

		if (poll(&p, 1, ANSWER_TIMEOUT_MS) <= 0) {
			printf("[FAIL] dumpintr: the LIST dump went silent\n");
			return 1;
		}
		got = (int)recv(dfd, buf, 16, MSG_PEEK | MSG_TRUNC);
		if (got <= 0 || got > (int)sizeof(buf) ||
		    (int)recv(dfd, buf, (size_t)got, 0) != got) {
			printf("[FAIL] dumpintr: recv: %s\n", strerror(errno));
			return 1;
		}
		dgrams++;
		for (n = (void *)buf; NLMSG_OK(n, got); n = NLMSG_NEXT(n, got)) {
			if (n->nlmsg_flags & NLM_F_DUMP_INTR)
				a.intr = 1;
			if (n->nlmsg_type == NLMSG_DONE ||
			    n->nlmsg_type == NLMSG_ERROR) {
				done = 1;
				if (n->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					memcpy(&a.err, NLMSG_DATA(n),
					       sizeof(int));
				continue;
			}
			record_of(n, &a);
			if (victim && a.seqs[a.data] == victim &&
			    !a.earlier[a.data])
				seen_victim = 1;
			a.data++;
		}
		if (dgrams != 1)
			continue;
		before_ack = a.data;
		/*
		 * Reading the first datagram made the kernel fill the second:
		 * peek at it, and acknowledge the newest record in neither.
		 */
		victim = 0;
		if (!done && !peek_next(dfd, &queued))
			for (i = 0; i < nrec; i++)
				if (rec_seq[i] > victim &&
				    !has_seq(&a, rec_seq[i]) &&
				    !has_seq(&queued, rec_seq[i]))
					victim = rec_seq[i];
		if (!victim) {
			printf("nlfuzz: dumpintr: inconclusive: the first two datagrams hold every record (%u, %u of %u); more records are needed\n",
			       a.data, queued.data, nrec_all);
			return 2;
		}
		/* from another socket, while the dump is half-way */
		ackfd = nl_open(0);
		msg_init(&ack, OOMSNAP_CMD_ACK, NLM_F_ACK);
		put_raw(&ack, OOMSNAP_A_BOOT_ID, boot_id, sizeof(boot_id), 0);
		put_u64(&ack, OOMSNAP_A_SEQ, victim);
		msg_end(&ack);
		msg_send(ackfd, &ack);
		if (answer(ackfd, nlh(&ack)->nlmsg_seq, &ackd) || ackd.err) {
			printf("[FAIL] dumpintr: ACK of seq %llu failed: %d %s\n",
			       (unsigned long long)victim, ackd.err,
			       ackd.extack);
			return 1;
		}
		close(ackfd);
		printf("nlfuzz: dumpintr: acknowledged seq %llu after the first datagram (%u record(s) in it)\n",
		       (unsigned long long)victim, before_ack);
	}
	close(dfd);
	printf("nlfuzz: dumpintr: the dump sent %u record(s) in %u datagram(s), ended with errno %d, %s, seq %llu %s\n",
	       a.data, dgrams, a.err,
	       a.intr ? "NLM_F_DUMP_INTR set" : "NLM_F_DUMP_INTR not set",
	       (unsigned long long)victim, seen_victim ? "sent" : "not sent");
	if (!a.intr && !seen_victim) {
		printf("[FAIL] dumpintr: seq %llu, acknowledged during the dump, is missing from it and the dump does not say it was interrupted\n",
		       (unsigned long long)victim);
		return 1;
	}
	if (!a.intr) {
		printf("[FAIL] dumpintr: the dump does not say it was interrupted\n");
		return 1;
	}
	if (list(fd, &after) || after.intr || after.data != nrec_all - 1) {
		printf("[FAIL] dumpintr: the LIST afterwards gave %u record(s)%s, expected %u\n",
		       after.data, after.intr ? " (interrupted)" : "",
		       nrec_all - 1);
		return 1;
	}
	for (i = 0; i < after.data; i++)
		if (after.seqs[i] == victim && !after.earlier[i]) {
			printf("[FAIL] dumpintr: seq %llu is still listed after its ACK\n",
			       (unsigned long long)victim);
			return 1;
		}
	printf("nlfuzz: dumpintr: ok: the interrupted dump was flagged; the LIST afterwards has the %u other record(s)\n",
	       after.data);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "fuzz"))
		return cmd_fuzz(strtoull(argv[2], NULL, 0),
				strtoul(argv[3], NULL, 0));
	if (argc == 2 && !strcmp(argv[1], "dumpintr"))
		return cmd_dumpintr();
	fprintf(stderr, "usage: nlfuzz fuzz SEED COUNT | nlfuzz dumpintr\n");
	return 64;
}
