// SPDX-License-Identifier: GPL-2.0
/*
 * nlclient.c - the generic netlink client for the oomsnap family (libnl-3).
 * Sends LIST as a dump and GET as a request, decodes each reply with
 * osn_record_parse() and hands it to the caller's callback; sends GET as a
 * dump too and assembles the whole record (assemble.c).  Errors are
 * mapped to distinct codes (see nlclient.h); the kernel's extack message is
 * kept when it sends one.  Never prints.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>

#include "assemble.h"
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

/* One request in flight. */
struct req {
	struct osn_nl *nl;
	osn_record_cb cb;		/* each record to it, or ... */
	void *arg;
	struct osn_assembly *as;	/* ... every message to the assembly */
	int err;		/* first local failure, negative */
	const char *why;	/* decoder's reason when err == -OSN_EDECODE */
	int kerr;		/* errno from the kernel's NLMSG_ERROR */
	char extack[256];	/* the kernel's extack message, or "" */
	bool done;
};

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
	return 0;
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

static int on_valid(struct nl_msg *msg, void *arg)
{
	struct req *req = arg;
	struct osn_record rec;
	int err;

	if (req->err)
		return NL_SKIP;		/* drain the rest after a failure */

	if (req->as) {
		err = osn_assembly_add(req->as, nlmsg_hdr(msg));
		if (err) {
			req->why = req->as->why;
			req->err = err == -ENOMEM ? err : -OSN_EDECODE;
		}
		return NL_SKIP;
	}
	err = osn_record_parse_why(nlmsg_hdr(msg), &rec, &req->why);
	if (err) {
		req->err = err == -ENOMEM ? err : -OSN_EDECODE;
		return NL_SKIP;
	}
	err = req->cb(&rec, req->arg);
	osn_record_free(&rec);		/* empty if the callback took it */
	if (err)
		req->err = err < 0 ? err : -EINVAL;
	return NL_SKIP;
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
		else if (req->kerr == ENOENT && cmd == OOMSNAP_CMD_GET)
			code = -OSN_ENORECORD;
		else if (req->kerr == ENOENT)	/* module gone meanwhile */
			code = -OSN_ENOFAMILY;
		else if (req->kerr == EAGAIN && req->as)
			code = -OSN_EOVERWRITTEN;
		else if (req->kerr == ENOMEM)
			code = -ENOMEM;
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
	return 0;
}

/* Send one request and receive its replies into *req (nl, cb/as set). */
static int request(struct req *req, uint8_t cmd, int flags, bool has_seq,
		   uint64_t seq, const char *send_step, const char *recv_step)
{
	struct osn_nl *nl = req->nl;
	struct nl_msg *msg;
	struct nl_cb *nlcb;
	int rc;

	if (!nl->sk || nl->family <= 0)
		return set_error(nl, send_step, -OSN_ENETLINK,
				 "not connected");

	msg = nlmsg_alloc();
	if (!msg)
		return set_error(nl, send_step, -ENOMEM, "%s",
				 strerror(ENOMEM));
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 flags, cmd, OOMSNAP_GENL_VERSION) ||
	    (has_seq && nla_put_u64(msg, OOMSNAP_A_SEQ, seq) < 0)) {
		nlmsg_free(msg);
		return set_error(nl, send_step, -ENOMEM, "%s",
				 strerror(ENOMEM));
	}

	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		nlmsg_free(msg);
		return set_error(nl, send_step, -ENOMEM, "%s",
				 strerror(ENOMEM));
	}
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, on_valid, req);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, on_done, req);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, on_done, req);
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

int osn_nl_list(struct osn_nl *nl, osn_record_cb cb, void *arg)
{
	struct req req = { .nl = nl, .cb = cb, .arg = arg };

	return request(&req, OOMSNAP_CMD_LIST, NLM_F_DUMP, false, 0,
		       "send the LIST request", "receive the record list");
}

int osn_nl_get(struct osn_nl *nl, bool has_seq, uint64_t seq,
	       osn_record_cb cb, void *arg)
{
	struct req req = { .nl = nl, .cb = cb, .arg = arg };

	return request(&req, OOMSNAP_CMD_GET, NLM_F_ACK, has_seq, seq,
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

static int get_summary_only(struct osn_nl *nl, bool has_seq, uint64_t seq,
			    struct osn_record *out)
{
	struct osn_record rec = { .seq = 0 };
	struct one one = { .out = &rec, .n = 0 };
	int err = osn_nl_get(nl, has_seq, seq, take_one, &one);

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

int osn_nl_get_record(struct osn_nl *nl, bool has_seq, uint64_t seq,
		      struct osn_record *out)
{
	struct osn_assembly as;
	struct req req = { .nl = nl, .as = &as };
	int err;

	osn_assembly_init(&as);
	err = request(&req, OOMSNAP_CMD_GET, NLM_F_DUMP, has_seq, seq,
		      "send the GET request", "receive the record");
	if (err && req.kerr == EOPNOTSUPP) {
		/* A module without the GET dump: only its summary exists. */
		osn_assembly_free(&as);
		return get_summary_only(nl, has_seq, seq, out);
	}
	if (!err && osn_assembly_finish(&as, out))
		err = set_error(nl, "decode a record", -OSN_EDECODE, "%s",
				as.why ? as.why : "inconsistent record dump");
	osn_assembly_free(&as);
	return err;
}

const char *osn_nl_step(const struct osn_nl *nl)
{
	return nl->step;
}

const char *osn_nl_errmsg(const struct osn_nl *nl)
{
	return nl->errmsg;
}
