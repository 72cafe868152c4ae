// SPDX-License-Identifier: GPL-2.0
/*
 * nlclient.c - the generic netlink client for the oomsnap family (libnl-3).
 * Sends LIST as a dump and GET as a request, decodes each reply with
 * osn_record_parse() and hands it to the caller's callback (the tolerant
 * LIST hands a reply that does not decode to a second callback, with its
 * seq and boot id when those decode, and goes on); sends GET as a
 * dump too and assembles the whole record (assemble.c); STATUS and ACK as
 * requests with one reply each.  A LIST is handed to the callbacks only
 * once it is complete and the kernel did not flag it interrupted
 * (NLM_F_DUMP_INTR: a record left the store during the dump); else it is
 * asked again.  A subscriber client joins the records
 * multicast group and reads its notifications itself (recvmsg), so that
 * ENOBUFS (notifications lost) is told apart from ENOMEM, which libnl
 * merges.  Errors are mapped to distinct codes (see nlclient.h); the
 * kernel's extack message is kept when it sends one.  Never prints.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>

#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "assemble.h"
#include "event.h"
#include "facts.h"
#include "nlclient.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

struct osn_nl {
	struct nl_sock *sk;
	int family;
	const char *step;
	char errmsg[512];
};

/* Decode the one reply of a STATUS or ACK into arg; 0 or -EINVAL/why. */
typedef int (*reply_parser)(struct nlmsghdr *nlh, void *arg,
			    const char **why);

/* One request in flight. */
struct req {
	struct osn_nl *nl;
	osn_record_cb cb;		/* each record to it, or ... */
	bool tolerant;			/* ... as osn_nl_list_msg(), or ... */
	osn_bad_record_cb bad;
	char bad_why[128];		/* the reason, when bad stopped */
	void *arg;
	struct osn_assembly *as;	/* ... every message to the assembly */
	reply_parser parse;		/* ... or the one reply to it (arg) */
	unsigned int nreplies;
	int err;		/* first local failure, negative */
	const char *why;	/* decoder's reason when err == -OSN_EDECODE */
	int kerr;		/* errno from the kernel's NLMSG_ERROR */
	char extack[256];	/* the kernel's extack message, or "" */
	bool done;
	bool hold;		/* keep the messages in held[], unhandled */
	bool intr;		/* a message carried NLM_F_DUMP_INTR */
	struct nlmsghdr **held;
	size_t nheld, capheld;
	const struct osn_facts *facts;	/* SET_FACTS: the request's nest */
};

/* LIST attempts while the kernel reports the dump interrupted. */
#define LIST_ATTEMPTS	5

static int set_error(struct osn_nl *nl, const char *step, int code,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int set_error(struct osn_nl *nl, const char *step, int code,
		     const char *fmt, ...)
{
	va_list ap;

	nl->step = step;
	va_start(ap, fmt);
	vsnprintf(nl->errmsg, sizeof(nl->errmsg), fmt, ap);
	va_end(ap);
	return code;
}

/* A libnl failure (negative NLE_* code). */
static int set_nle(struct osn_nl *nl, const char *step, int nle)
{
	if (nle == -NLE_NOMEM)
		return set_error(nl, step, -ENOMEM, "%s", strerror(ENOMEM));
	if (nle == -NLE_PERM)
		return set_error(nl, step, -EPERM, "%s", nl_geterror(nle));
	return set_error(nl, step, -OSN_ENETLINK, "%s", nl_geterror(nle));
}

struct osn_nl *osn_nl_alloc(void)
{
	struct osn_nl *nl = calloc(1, sizeof(*nl));

	if (nl)
		nl->step = "";
	return nl;
}

void osn_nl_free(struct osn_nl *nl)
{
	if (!nl)
		return;
	if (nl->sk)
		nl_socket_free(nl->sk);	/* closes it */
	free(nl);
}

int osn_nl_proto_mismatch(unsigned int kernel_ver, const char *module_version,
			  char *buf, size_t size)
{
	int n;

	n = snprintf(buf, size,
		     "the loaded oomsnap module%s%s speaks protocol version %u, "
		     "this program speaks version %u: %s",
		     module_version ? " " : "", module_version ? module_version : "",
		     kernel_ver, OOMSNAP_GENL_VERSION,
		     kernel_ver < OOMSNAP_GENL_VERSION ?
		     "upgrade the module to this program's version (the "
		     "oomsnap-dkms package, then rmmod oomsnap && modprobe oomsnap)" :
		     "upgrade this program to the module's version (the oomsnap "
		     "package)");
	return n < 0 || (size_t)n >= size ? -ENOSPC : n;
}

/* The module's version string from sysfs (MODULE_VERSION), or NULL. */
static char *module_version(char *buf, size_t size)
{
	FILE *f = fopen("/sys/module/" OOMSNAP_GENL_NAME "/version", "re");
	char *ok;

	if (!f)
		return NULL;
	ok = fgets(buf, size, f);
	fclose(f);
	if (!ok)
		return NULL;
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/*
 * Refuse a family whose version is not ours: its attributes may mean
 * something else (include/oomsnap.h, "Compatibility").  A controller that
 * cannot be asked (no cache) leaves the version unchecked, as before.
 */
static int check_version(struct osn_nl *nl)
{
	struct genl_family *fam;
	struct nl_cache *cache;
	unsigned int v;
	char mv[64];

	if (genl_ctrl_alloc_cache(nl->sk, &cache) < 0)
		return 0;
	fam = genl_ctrl_search_by_name(cache, OOMSNAP_GENL_NAME);
	if (!fam) {
		nl_cache_free(cache);
		return 0;
	}
	v = genl_family_get_version(fam);
	genl_family_put(fam);
	nl_cache_free(cache);
	if (v == OOMSNAP_GENL_VERSION)
		return 0;
	nl->step = "check the module's protocol version";
	osn_nl_proto_mismatch(v, module_version(mv, sizeof(mv)), nl->errmsg,
			      sizeof(nl->errmsg));
	return -OSN_EPROTOVER;
}

int osn_nl_connect(struct osn_nl *nl)
{
	int one = 1;
	int err;

	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return set_error(nl, "allocate a netlink socket", -ENOMEM,
				 "%s", strerror(ENOMEM));
	/* GET asks for an ACK itself; a dump ends with NLMSG_DONE. */
	nl_socket_disable_auto_ack(nl->sk);
	/* A summary holds every zone and can be larger than a page: let
	 * libnl peek at each datagram's size (its default, made explicit). */
	nl_socket_enable_msg_peek(nl->sk);

	err = genl_connect(nl->sk);
	if (err < 0)
		return set_nle(nl, "connect to generic netlink", err);

	/* Best effort: the kernel's error messages (Linux >= 4.12). */
	(void)setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK,
			 NETLINK_EXT_ACK, &one, sizeof(one));

	err = genl_ctrl_resolve(nl->sk, OOMSNAP_GENL_NAME);
	if (err == -NLE_OBJ_NOTFOUND)
		return set_error(nl, "resolve the generic netlink family",
				 -OSN_ENOFAMILY,
				 "generic netlink family '%s' not found",
				 OOMSNAP_GENL_NAME);
	if (err < 0)
		return set_nle(nl, "resolve the generic netlink family", err);
	nl->family = err;
	return check_version(nl);
}

/* Copy NLMSGERR_ATTR_MSG from the TLVs at offset off of nlh, if any. */
static void get_extack(const struct nlmsghdr *nlh, size_t off, char *buf,
		       size_t size)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct nlattr *msg;

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len <= off)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + off),
		      nlh->nlmsg_len - off, NULL) < 0)
		return;
	msg = tb[NLMSGERR_ATTR_MSG];
	if (msg && nla_len(msg) > 0)
		snprintf(buf, size, "%.*s",
			 (int)strnlen(nla_data(msg), nla_len(msg)),
			 (const char *)nla_data(msg));
}

/*
 * NLMSG_ERROR: nlmsghdr, nlmsgerr (which holds the request's header), the
 * rest of the request unless NLM_F_CAPPED, then the extack TLVs.
 */
static int on_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	struct req *req = arg;
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*e));

	(void)who;
	req->kerr = -e->error;
	req->done = true;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return NL_STOP;
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	get_extack(nlh, off, req->extack, sizeof(req->extack));
	return NL_STOP;
}

/* The ACK of a GET, or the NLMSG_DONE ending a dump (it may carry an error). */
static int on_done(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct req *req = arg;
	int err;

	req->done = true;
	if (nlh->nlmsg_type == NLMSG_DONE &&
	    nlmsg_datalen(nlh) >= (int)sizeof(err)) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			req->kerr = -err;
			get_extack(nlh, NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(err)),
				   req->extack, sizeof(req->extack));
		}
	}
	return NL_STOP;
}

/* Seq and boot id of a message that does not decode, when they do. */
static void salvage(struct nlmsghdr *nlh, struct osn_undecodable *u)
{
	struct genlmsghdr *ghdr;
	struct nlattr *a;

	if (!genlmsg_valid_hdr(nlh, 0))
		return;
	ghdr = nlmsg_data(nlh);
	/* nla_find() stops at the first malformed attribute. */
	a = nla_find(genlmsg_attrdata(ghdr, 0), genlmsg_attrlen(ghdr, 0),
		     OOMSNAP_A_SEQ);
	if (a && nla_len(a) == sizeof(u->seq)) {
		memcpy(&u->seq, nla_data(a), sizeof(u->seq));
		u->has_seq = true;
	}
	a = nla_find(genlmsg_attrdata(ghdr, 0), genlmsg_attrlen(ghdr, 0),
		     OOMSNAP_A_BOOT_ID);
	if (a && nla_len(a) == sizeof(u->boot_id)) {
		memcpy(u->boot_id, nla_data(a), sizeof(u->boot_id));
		u->has_boot_id = true;
	}
}

/* As osn_nl_list_msg(); *why gets bad's reason when bad stopped. */
static int list_msg(struct nlmsghdr *nlh, osn_record_cb cb,
		    osn_bad_record_cb bad, void *arg, char *why, size_t size)
{
	struct osn_undecodable u;
	struct osn_record rec;
	const char *reason = NULL;
	int err;

	err = osn_record_parse_why(nlh, &rec, &reason);
	if (err == -ENOMEM)
		return err;
	if (!err) {
		err = cb(&rec, arg);
		osn_record_free(&rec);	/* empty if the callback took it */
		return err > 0 ? -EINVAL : err;
	}
	if (!bad)
		return 0;
	memset(&u, 0, sizeof(u));
	salvage(nlh, &u);
	snprintf(u.why, sizeof(u.why), "%s",
		 reason ? reason : "invalid record");
	err = bad(&u, arg);
	if (err && why)
		snprintf(why, size, "%s", u.why);
	return err > 0 ? -EINVAL : err;
}

int osn_nl_list_msg(struct nlmsghdr *nlh, osn_record_cb cb,
		    osn_bad_record_cb bad, void *arg)
{
	return list_msg(nlh, cb, bad, arg, NULL, 0);
}

/* One reply message of a request, into its callback, parser or assembly. */
static void handle(struct req *req, struct nlmsghdr *nlh)
{
	struct osn_record rec;
	int err;

	if (req->tolerant) {
		err = list_msg(nlh, req->cb, req->bad, req->arg,
			       req->bad_why, sizeof(req->bad_why));
		if (err)
			req->err = err;
		if (err && req->bad_why[0])
			req->why = req->bad_why;
		return;
	}

	if (req->parse) {
		if (req->nreplies++) {
			req->why = "the kernel sent more than one reply";
			req->err = -OSN_EDECODE;
			return;
		}
		err = req->parse(nlh, req->arg, &req->why);
		if (err)
			req->err = err == -ENOMEM ? err : -OSN_EDECODE;
		return;
	}
	if (req->as) {
		err = osn_assembly_add(req->as, nlh);
		if (err) {
			req->why = req->as->why;
			req->err = err == -ENOMEM ? err : -OSN_EDECODE;
		}
		return;
	}
	err = osn_record_parse_why(nlh, &rec, &req->why);
	if (err) {
		req->err = err == -ENOMEM ? err : -OSN_EDECODE;
		return;
	}
	err = req->cb(&rec, req->arg);
	osn_record_free(&rec);		/* empty if the callback took it */
	if (err)
		req->err = err < 0 ? err : -EINVAL;
}

/* A copy of nlh kept for later (a LIST is handled once it is complete). */
static int hold(struct req *req, const struct nlmsghdr *nlh)
{
	struct nlmsghdr *copy;

	if (req->nheld == req->capheld) {
		size_t cap = req->capheld ? req->capheld * 2 : 16;
		struct nlmsghdr **v = reallocarray(req->held, cap,
						   sizeof(*v));

		if (!v)
			return -ENOMEM;
		req->held = v;
		req->capheld = cap;
	}
	copy = malloc(nlh->nlmsg_len);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, nlh, nlh->nlmsg_len);
	req->held[req->nheld++] = copy;
	return 0;
}

static void free_held(struct req *req)
{
	size_t i;

	for (i = 0; i < req->nheld; i++)
		free(req->held[i]);
	free(req->held);
	req->held = NULL;
	req->nheld = req->capheld = 0;
}

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req *req = arg;

	if (req->err)
		return NL_SKIP;		/* drain the rest after a failure */
	if (req->hold) {
		if (hold(req, nlmsg_hdr(msg)))
			req->err = -ENOMEM;
		return NL_SKIP;
	}
	handle(req, nlmsg_hdr(msg));
	return NL_SKIP;
}

/* The kernel flagged the dump: a record left the store while it ran. */
static int on_intr(struct nl_msg *msg, void *arg)
{
	struct req *req = arg;

	(void)msg;
	req->intr = true;
	return NL_OK;		/* and handle the message as any other */
}

/* Turn the outcome of a request into a return code and error message. */
static int req_result(struct req *req, uint8_t cmd, int rc,
		      const char *recv_step)
{
	struct osn_nl *nl = req->nl;
	const char *sep = req->extack[0] ? " (kernel: " : "";
	const char *end = req->extack[0] ? ")" : "";
	int code;

	if (req->kerr) {
		if (req->kerr == EPERM)
			code = -EPERM;
		else if (req->kerr == ENOENT && (cmd == OOMSNAP_CMD_GET ||
						  cmd == OOMSNAP_CMD_ACK))
			code = -OSN_ENORECORD;
		else if (req->kerr == ENOENT)	/* module gone meanwhile */
			code = -OSN_ENOFAMILY;
		else if (req->kerr == EAGAIN && req->as)
			code = -OSN_EOVERWRITTEN;
		else if (req->kerr == ENOMEM)
			code = -ENOMEM;
		else if (req->kerr == EOPNOTSUPP)
			code = -OSN_EUNSUPPORTED;
		else
			code = -OSN_ENETLINK;
		return set_error(nl, recv_step, code, "%s%s%s%s",
				 strerror(req->kerr), sep, req->extack, end);
	}
	if (req->err == -OSN_EDECODE)
		return set_error(nl, "decode a record", req->err, "%s",
				 req->why ? req->why : "invalid record");
	if (req->err) {
		if (req->err == -OSN_ENETLINK)
			return set_error(nl, recv_step, req->err,
					 "callback failed");
		return set_error(nl, recv_step, req->err, "%s",
				 strerror(-req->err));
	}
	if (rc < 0)
		return set_nle(nl, recv_step, rc);
	if (req->parse && req->nreplies != 1)
		return set_error(nl, recv_step, -OSN_EDECODE,
				 "the kernel sent no reply");
	return 0;
}

int osn_nl_build_request(int family, uint8_t cmd, int flags,
			 const struct osn_target *t, struct nl_msg **out)
{
	struct nl_msg *msg = nlmsg_alloc();

	*out = NULL;
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			 cmd, OOMSNAP_GENL_VERSION) ||
	    (t && t->has_seq && nla_put_u64(msg, OOMSNAP_A_SEQ, t->seq) < 0) ||
	    (t && t->has_boot_id &&
	     nla_put(msg, OOMSNAP_A_BOOT_ID, sizeof(t->boot_id),
		     t->boot_id) < 0) ||
	    (t && t->ack_all && nla_put_flag(msg, OOMSNAP_A_ACK_ALL) < 0)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	*out = msg;
	return 0;
}

static int put_facts(struct nl_msg *msg, const struct osn_facts *f)
{
	struct nlattr *nest = nla_nest_start(msg, OOMSNAP_A_MEMINFO);
	unsigned int i;

	if (!nest)
		return -ENOMEM;
	for (i = 0; i < OSN_NR_FACTS; i++) {
		const struct osn_opt *o = &f->v[osn_fact_attrs[i]];

		if (o->has && nla_put_u64(msg, osn_fact_attrs[i], o->v) < 0)
			return -ENOMEM;
	}
	nla_nest_end(msg, nest);
	return 0;
}

int osn_nl_build_facts(int family, const struct osn_facts *f,
		       struct nl_msg **out)
{
	int err = osn_nl_build_request(family, OOMSNAP_CMD_SET_FACTS, NLM_F_ACK,
				       NULL, out);

	if (!err && put_facts(*out, f)) {
		nlmsg_free(*out);
		*out = NULL;
		err = -ENOMEM;
	}
	return err;
}

/* Send one request and receive its replies into *req (nl, cb/as set). */
static int request(struct req *req, uint8_t cmd, int flags,
		   const struct osn_target *t, const char *send_step,
		   const char *recv_step)
{
	struct osn_nl *nl = req->nl;
	struct nl_msg *msg;
	struct nl_cb *nlcb;
	int rc;

	if (!nl->sk || nl->family <= 0)
		return set_error(nl, send_step, -OSN_ENETLINK,
				 "not connected");

	if (req->facts ? osn_nl_build_facts(nl->family, req->facts, &msg) :
	    osn_nl_build_request(nl->family, cmd, flags, t, &msg))
		return set_error(nl, send_step, -ENOMEM, "%s",
				 strerror(ENOMEM));

	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		nlmsg_free(msg);
		return set_error(nl, send_step, -ENOMEM, "%s",
				 strerror(ENOMEM));
	}
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, req);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, req);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_done, req);
	nl_cb_set(nlcb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, on_intr, req);
	nl_cb_err(nlcb, NL_CB_CUSTOM, on_error, req);

	rc = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (rc < 0) {
		nl_cb_put(nlcb);
		return set_nle(nl, send_step, rc);
	}

	rc = 0;
	while (!req->done) {
		rc = nl_recvmsgs(nl->sk, nlcb);
		if (rc < 0)
			break;
	}
	nl_cb_put(nlcb);
	return req_result(req, cmd, rc, recv_step);
}

/*
 * LIST, whole or not at all: the replies are held until NLMSG_DONE and
 * handed to the callbacks only when no message carried NLM_F_DUMP_INTR
 * (the kernel sets it when a record was evicted or acknowledged during the
 * dump: the list may lack a record, or hold one that is gone).  An
 * interrupted dump is asked again, up to LIST_ATTEMPTS times.
 */
static int list_request(const struct req *proto)
{
	static const char *const recv_step = "receive the record list";
	struct osn_nl *nl = proto->nl;
	struct req req;
	unsigned int attempt;
	size_t i;
	int err;

	for (attempt = 1;; attempt++) {
		req = *proto;
		req.hold = true;
		err = request(&req, OOMSNAP_CMD_LIST, NLM_F_DUMP, NULL,
			      "send the LIST request", recv_step);
		if (err || !req.intr)
			break;
		free_held(&req);
		if (attempt == LIST_ATTEMPTS)
			return set_error(nl, recv_step, -OSN_EINTERRUPTED,
					 "the kernel's records changed during "
					 "each of %u attempts to list them "
					 "(records evicted or acknowledged "
					 "meanwhile)", LIST_ATTEMPTS);
	}
	if (!err) {
		req.hold = false;
		for (i = 0; i < req.nheld && !req.err; i++)
			handle(&req, req.held[i]);
		err = req_result(&req, OOMSNAP_CMD_LIST, 0, recv_step);
	}
	free_held(&req);
	return err;
}

int osn_nl_list(struct osn_nl *nl, osn_record_cb cb, void *arg)
{
	struct req req = { .nl = nl, .cb = cb, .arg = arg };

	return list_request(&req);
}

int osn_nl_list_tolerant(struct osn_nl *nl, osn_record_cb cb,
			 osn_bad_record_cb bad, void *arg)
{
	struct req req = { .nl = nl, .cb = cb, .tolerant = true, .bad = bad,
			   .arg = arg };

	return list_request(&req);
}

int osn_nl_get(struct osn_nl *nl, const struct osn_target *t,
	       osn_record_cb cb, void *arg)
{
	struct req req = { .nl = nl, .cb = cb, .arg = arg };

	return request(&req, OOMSNAP_CMD_GET, NLM_F_ACK, t,
		       "send the GET request", "receive the record");
}

/* The summary-only fallback: exactly one record, taken into *arg. */
struct one {
	struct osn_record *out;
	unsigned int n;
};

static int take_one(struct osn_record *rec, void *arg)
{
	struct one *one = arg;

	if (one->n++)
		return -OSN_EDECODE;
	osn_record_move(one->out, rec);
	return 0;
}

static int get_summary_only(struct osn_nl *nl, const struct osn_target *t,
			    struct osn_record *out)
{
	struct osn_record rec = { .seq = 0 };
	struct one one = { .out = &rec, .n = 0 };
	int err = osn_nl_get(nl, t, take_one, &one);

	if (!err && one.n != 1)
		err = set_error(nl, "receive the record", -OSN_EDECODE,
				"the kernel sent %u records instead of one",
				one.n);
	else if (err == -OSN_EDECODE && one.n > 1)
		set_error(nl, "receive the record", err,
			  "the kernel sent more than one record");
	if (err) {
		osn_record_free(&rec);
		return err;
	}
	osn_record_move(out, &rec);
	return 0;
}

int osn_nl_get_record(struct osn_nl *nl, const struct osn_target *t,
		      struct osn_record *out)
{
	struct osn_assembly as;
	struct req req = { .nl = nl, .as = &as };
	int err;

	osn_assembly_init(&as);
	err = request(&req, OOMSNAP_CMD_GET, NLM_F_DUMP, t,
		      "send the GET request", "receive the record");
	if (err && req.kerr == EOPNOTSUPP) {
		/* A module without the GET dump: only its summary exists. */
		osn_assembly_free(&as);
		return get_summary_only(nl, t, out);
	}
	if (!err && osn_assembly_finish(&as, out))
		err = set_error(nl, "decode a record", -OSN_EDECODE, "%s",
				as.why ? as.why : "inconsistent record dump");
	osn_assembly_free(&as);
	return err;
}

static int parse_status(struct nlmsghdr *nlh, void *arg, const char **why)
{
	return osn_status_parse(nlh, arg, why);
}

int osn_nl_status(struct osn_nl *nl, struct osn_status *out)
{
	struct osn_status st;
	struct req req = { .nl = nl, .parse = parse_status, .arg = &st };
	int err = request(&req, OOMSNAP_CMD_STATUS, NLM_F_ACK, NULL,
			  "send the STATUS request", "receive the status");

	if (err == -OSN_EDECODE && req.why)
		set_error(nl, "decode the status", err, "%s", req.why);
	if (!err)
		*out = st;
	return err;
}

static int parse_acked(struct nlmsghdr *nlh, void *arg, const char **why)
{
	return osn_acked_parse(nlh, arg, why);
}

int osn_nl_ack(struct osn_nl *nl, const struct osn_target *t,
	       uint32_t *acked)
{
	uint32_t n = 0;
	struct req req = { .nl = nl, .parse = parse_acked, .arg = &n };
	int err = request(&req, OOMSNAP_CMD_ACK, NLM_F_ACK, t,
			  "send the ACK request", "receive the ACK reply");

	if (err == -OSN_EDECODE && req.why)
		set_error(nl, "decode the ACK reply", err, "%s", req.why);
	if (!err)
		*acked = n;
	return err;
}

int osn_nl_set_facts(struct osn_nl *nl, const struct osn_facts *f)
{
	struct req req = { .nl = nl, .facts = f };

	return request(&req, OOMSNAP_CMD_SET_FACTS, NLM_F_ACK, NULL,
		       "send the SET_FACTS request",
		       "receive the SET_FACTS reply");
}

int osn_nl_subscribe(struct osn_nl *nl)
{
	const char *step = "join the records multicast group";
	int grp, ctrl_grp, err;

	if (!nl->sk || nl->family <= 0)
		return set_error(nl, step, -OSN_ENETLINK, "not connected");
	grp = genl_ctrl_resolve_grp(nl->sk, OOMSNAP_GENL_NAME,
				    OOMSNAP_MCGRP_RECORDS);
	if (grp == -NLE_OBJ_NOTFOUND)
		return set_error(nl, step, -OSN_EUNSUPPORTED,
				 "the family has no multicast group '%s'",
				 OOMSNAP_MCGRP_RECORDS);
	if (grp < 0)
		return set_nle(nl, step, grp);
	/* Best effort: learn that the module went away. */
	ctrl_grp = genl_ctrl_resolve_grp(nl->sk, "nlctrl", "notify");

	/* Notifications carry sequence number 0: no checking here. */
	nl_socket_disable_seq_check(nl->sk);
	err = nl_socket_add_memberships(nl->sk, grp, 0);
	if (err < 0)
		return set_nle(nl, step, err);
	if (ctrl_grp > 0)
		(void)nl_socket_add_memberships(nl->sk, ctrl_grp, 0);
	return 0;
}

int osn_nl_fd(const struct osn_nl *nl)
{
	return nl->sk ? nl_socket_get_fd(nl->sk) : -1;
}

/* The messages of one datagram; 0, or what stops reading. */
static int read_datagram(struct osn_nl *nl, void *buf, size_t len,
			 osn_event_cb cb, void *arg)
{
	struct nlmsghdr *nlh;
	int rem = (int)len, ev, err;
	uint64_t seq;

	for (nlh = buf; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
		ev = osn_event_parse(nlh, nl->family, &seq);
		if (ev == OSN_EV_GONE)
			return set_error(nl, "read the notifications",
					 -OSN_ENOFAMILY, "the generic netlink "
					 "family '%s' was unregistered",
					 OOMSNAP_GENL_NAME);
		if (ev < 0)
			return set_error(nl, "decode a notification",
					 -OSN_EDECODE, "a NEW_RECORD "
					 "notification without a valid "
					 "OOMSNAP_A_SEQ");
		if (ev != OSN_EV_RECORD)
			continue;
		err = cb(seq, arg);
		if (err)
			return err;
	}
	return 0;
}

int osn_nl_read_events(struct osn_nl *nl, osn_event_cb cb, void *arg)
{
	static char buf[65536] __attribute__((aligned(NLMSG_ALIGNTO)));
	const char *step = "read the notifications";
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof(from),
			     .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;
	int err;

	if (!nl->sk)
		return set_error(nl, step, -OSN_ENETLINK, "not connected");
	for (;;) {
		mh.msg_namelen = sizeof(from);
		n = recvmsg(nl_socket_get_fd(nl->sk), &mh, MSG_DONTWAIT);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		if (n < 0 && errno == ENOBUFS)
			return set_error(nl, step, -OSN_ELOST, "%s",
					 strerror(ENOBUFS));
		if (n < 0)
			return set_error(nl, step, -OSN_ENETLINK, "%s",
					 strerror(errno));
		/* Only the kernel speaks on these groups; a datagram too
		 * large for buf is no notification of ours. */
		if (from.nl_pid != 0 || (mh.msg_flags & MSG_TRUNC))
			continue;
		err = read_datagram(nl, buf, n, cb, arg);
		if (err)
			return err;
	}
}

int osn_nl_check_family(struct osn_nl *nl)
{
	const char *step = "resolve the generic netlink family";
	int id;

	if (!nl->sk)
		return set_error(nl, step, -OSN_ENETLINK, "not connected");
	id = genl_ctrl_resolve(nl->sk, OOMSNAP_GENL_NAME);
	if (id == -NLE_OBJ_NOTFOUND || (id >= 0 && id != nl->family))
		return set_error(nl, step, -OSN_ENOFAMILY,
				 "generic netlink family '%s' is gone",
				 OOMSNAP_GENL_NAME);
	if (id < 0)
		return set_nle(nl, step, id);
	return 0;
}

const char *osn_nl_step(const struct osn_nl *nl)
{
	return nl->step;
}

const char *osn_nl_errmsg(const struct osn_nl *nl)
{
	return nl->errmsg;
}
