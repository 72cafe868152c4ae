/* SPDX-License-Identifier: GPL-2.0 */
/*
 * assemble.h - put a whole record together from the messages of a GET
 * dump: the summary message first, then continuation messages each with
 * OOMSNAP_A_SEQ and a chunk of OOMSNAP_A_TASKS or OOMSNAP_A_CGROUPS (all
 * task chunks before the cgroup chunks).  The record is complete only when
 * exactly the announced numbers of rows and cgroups (OOMSNAP_A_TASKS_STORED,
 * OOMSNAP_A_CGROUPS_STORED) have arrived.  Pure (no socket, never prints):
 * nlclient.c feeds it what it receives, tests feed it messages they build.
 */
#ifndef OSN_ASSEMBLE_H
#define OSN_ASSEMBLE_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"

struct osn_assembly {
	struct osn_record rec;	/* being built */
	bool have_summary;
	bool in_cgroups;	/* a cgroup chunk came: no more task rows */
	size_t cap_tasks, cap_cgroups;
	const char *why;	/* reason of the first -EINVAL */
};

/* Start an empty assembly. */
void osn_assembly_init(struct osn_assembly *a);

/*
 * Add the next message of the dump.  Returns 0; -EINVAL (reason in
 * a->why) when it is not what comes next: a malformed message, a second
 * summary, a continuation before the summary, with another SEQ, with
 * neither or both tables, task rows after cgroups, more rows or cgroups
 * than announced, a summary announcing no counts; -ENOMEM.  After a
 * failure the assembly is only good for osn_assembly_free().
 */
int osn_assembly_add(struct osn_assembly *a, struct nlmsghdr *nlh);

/*
 * The dump has ended: check that every announced row and cgroup arrived
 * and that cgroup ids are unique, then move the record to *out (the
 * assembly is left empty).  Returns 0 or -EINVAL (a->why); *out is then
 * untouched.
 */
int osn_assembly_finish(struct osn_assembly *a, struct osn_record *out);

/* Free whatever the assembly holds.  Safe after finish or a failure. */
void osn_assembly_free(struct osn_assembly *a);

#endif /* OSN_ASSEMBLE_H */
