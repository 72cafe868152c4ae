// SPDX-License-Identifier: GPL-2.0
/*
 * nlhook.so - LD_PRELOAD shim for the interrupted-LIST test of the CLI:
 * the process's netlink sockets get the smallest receive buffer (the
 * kernel then fills a dump's next datagram only after the previous one was
 * read, so a dump advances one datagram per recvmsg), and right after the
 * first datagram of a dump is read, the shell command in $OSN_HOOK_CMD
 * runs (once, without the shim): e.g. an "oomsnap ack" that removes
 * records while the dump is half-way.
 *
 *   LD_PRELOAD=/usr/lib/oomsnap-test/nlhook.so OSN_HOOK_CMD='...' oomsnap list
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/netlink.h>

static int ran;

static int is_netlink(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	return !getsockname(fd, (struct sockaddr *)&ss, &len) &&
	       ss.ss_family == AF_NETLINK;
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	static int (*real)(int, int, int, const void *, socklen_t);
	int one = 1;

	if (!real)
		real = (int (*)(int, int, int, const void *, socklen_t))
			dlsym(RTLD_NEXT, "setsockopt");
	if (level == SOL_SOCKET && name == SO_RCVBUF && is_netlink(fd))
		return real(fd, level, name, &one, sizeof(one));
	return real(fd, level, name, val, len);
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	static ssize_t (*real)(int, struct msghdr *, int);
	const struct nlmsghdr *n;
	const char *cmd;
	ssize_t rc;
	int status;

	if (!real)
		real = (ssize_t (*)(int, struct msghdr *, int))
			dlsym(RTLD_NEXT, "recvmsg");
	rc = real(fd, msg, flags);
	if (ran || rc < (ssize_t)sizeof(*n) || (flags & MSG_PEEK) ||
	    !msg->msg_iovlen || !is_netlink(fd))
		return rc;
	n = msg->msg_iov[0].iov_base;
	if (!(n->nlmsg_flags & NLM_F_MULTI) || n->nlmsg_type < NLMSG_MIN_TYPE)
		return rc;
	ran = 1;
	cmd = getenv("OSN_HOOK_CMD");
	if (!cmd)
		return rc;
	unsetenv("LD_PRELOAD");
	status = system(cmd);
	fprintf(stderr, "nlhook: after the first datagram of a dump, ran '%s': status %d\n",
		cmd, status);
	return rc;
}
