/* SPDX-License-Identifier: GPL-2.0 */
/*
 * facts.h - the machine facts the kernel exports to no module (SwapTotal,
 * HugePages_Total/Free, vm.overcommit_memory, vm.panic_on_oom), read from
 * procfs here and handed to the module with OOMSNAP_CMD_SET_FACTS
 * (osn_nl_set_facts()), so that its records carry them.  Never prints.
 */
#ifndef OSN_FACTS_H
#define OSN_FACTS_H

#include <stdbool.h>

#include "oomsnap.h"
#include "record.h"

/* The facts, indexed by enum oomsnap_meminfo_attr (kB, or as the enum
 * says); only the attributes osn_is_fact() names are ever set. */
struct osn_facts {
	struct osn_opt v[OOMSNAP_MEMINFO_A_MAX + 1];
};

/* The meminfo attributes that are facts, in the order they are shown. */
#define OSN_NR_FACTS 5
extern const unsigned int osn_fact_attrs[OSN_NR_FACTS];

/* Is meminfo attribute attr one userspace hands in? */
bool osn_is_fact(unsigned int attr);

/*
 * Read the facts from proc (the procfs mount, normally "/proc"):
 * meminfo's SwapTotal, HugePages_Total, HugePages_Free, and
 * sys/vm/overcommit_memory and sys/vm/panic_on_oom.  What cannot be read
 * or parsed is left absent (never 0).  Returns the number of facts read,
 * or -ENOENT when none could be (*why, if why, names the first file that
 * failed).
 */
int osn_facts_read(const char *proc, struct osn_facts *f, const char **why);

#endif /* OSN_FACTS_H */
