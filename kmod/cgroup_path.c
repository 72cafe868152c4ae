// SPDX-License-Identifier: GPL-2.0
/*
 * cgroup_path.c - a cgroup's path ("/system.slice/foo.service") on the OOM
 * path, where the kernel's own cgroup_path() cannot be called.
 *
 * Context: atomic (the oom:mark_victim probe, preemption off, task_lock of
 * the victim held), under rcu_read_lock().
 *
 * Why not cgroup_path().  It is kernfs_path(), which takes
 * kernfs_rename_lock, an rwlock_t.  On PREEMPT_RT an rwlock_t is a
 * sleeping lock, and taking it with preemption off is "BUG: sleeping
 * function called from invalid context" (seen on Debian's 6.12 rt kernel
 * with CONFIG_DEBUG_ATOMIC_SLEEP).  The kernel itself only calls it from
 * dump_header(), which runs preemptible under the oom_lock mutex.
 *
 * Why the lock-free walk is safe on the default (v2) hierarchy:
 *  - The lock only protects kn->parent and kn->name against
 *    kernfs_rename_ns(), which frees the old name right away.  kernfs.h says
 *    of both fields: "If the node is never moved to a different parent, it
 *    is safe to access the parent directly."  In cgroup v2 nothing renames
 *    a cgroup: cgroup_kf_syscall_ops has no .rename; only cgroup v1's
 *    cgroup1_kf_syscall_ops has one (cgroup1_rename(), the only caller of
 *    kernfs_rename() under kernel/cgroup/, on 6.1 and 6.12).
 *  - Lifetime: the caller got @cgrp from a css_set or a pinned memcg inside
 *    its RCU read section.  A cgroup drops its kernfs node in
 *    css_free_rwork_fn(), which runs through queue_rcu_work(), so after a
 *    grace period that cannot end before our section does; each kernfs
 *    node holds a reference on its parent, so the ancestors live as long;
 *    and a node's name is freed only with the node (kernfs_put()) or by a
 *    rename.
 * On a v1 hierarchy (a memcg OOM with the memory controller mounted as v1)
 * renames can happen: there cgroup_path() is used, except on PREEMPT_RT
 * where it would sleep, and the path is not known (-EOPNOTSUPP; the record
 * still has the cgroup id).
 */
#include <linux/cgroup.h>
#include <linux/kernfs.h>
#include <linux/string.h>
#include "compat.h"
#include "oomsnap_internal.h"

/* Deeper than any cgroup tree seen in practice (systemd + k8s: < 10). */
#define OOMSNAP_CGROUP_MAX_DEPTH 32

/*
 * Atomic, under rcu_read_lock().  As cgroup_path(): the length of the whole
 * path, which @buf holds truncated (NUL-terminated) if it is @len or more,
 * or a negative errno.
 */
int oomsnap_cgroup_path(struct cgroup *cgrp, char *buf, size_t len)
{
	const struct kernfs_node *chain[OOMSNAP_CGROUP_MAX_DEPTH];
	const struct kernfs_node *kn;
	size_t total = 0, pos = 0;
	int depth = 0;

	if (!len)
		return -EINVAL;
	if (cgrp->root != &cgrp_dfl_root) {
		if (IS_ENABLED(CONFIG_PREEMPT_RT))
			return -EOPNOTSUPP;
		return cgroup_path(cgrp, buf, len);
	}
	for (kn = cgrp->kn; kn && oomsnap_kn_parent(kn);
	     kn = oomsnap_kn_parent(kn)) {
		if (depth == OOMSNAP_CGROUP_MAX_DEPTH)
			return -ENAMETOOLONG;
		chain[depth++] = kn;
	}
	if (!depth) {
		strscpy(buf, "/", len);
		return 1;
	}
	while (depth--) {
		const char *name = oomsnap_kn_name(chain[depth]);
		size_t n = strlen(name);

		if (pos + 1 < len)
			buf[pos++] = '/';
		if (pos < len - 1) {
			size_t c = min(n, len - 1 - pos);

			memcpy(buf + pos, name, c);
			pos += c;
		}
		total += 1 + n;
	}
	buf[pos] = '\0';
	return total;
}
