/* SPDX-License-Identifier: GPL-2.0 */
/*
 * module_signing.h - does the running kernel load signed modules only
 * (Secure Boot lockdown, module.sig_enforce)?  What the CLI and oomsnapd
 * add to "the module is not loaded", so that a load the kernel refused
 * ("Key was rejected by service") points at the key to enroll.  Reads
 * sysfs; never prints.
 */
#ifndef OSN_MODULE_SIGNING_H
#define OSN_MODULE_SIGNING_H

#include <stddef.h>

/* The key DKMS signs the modules it builds with (Debian's dkms 3). */
#define OSN_DKMS_MOK_PUB	"/var/lib/dkms/mok.pub"

/*
 * 1 when the kernel under root ("" for this one) loads signed modules
 * only, why then saying so ("lockdown: integrity", "module.sig_enforce=1");
 * 0 when it loads unsigned ones or cannot be told: the lockdown level is
 * the bracketed word of ROOT/sys/kernel/security/lockdown (anything but
 * "none" restricts modules to signed ones; see kernel_lockdown(7)), and
 * ROOT/sys/module/module/parameters/sig_enforce is "Y" when signatures are
 * enforced without lockdown.
 */
int osn_signed_modules_only(const char *root, char *why, size_t len);

/*
 * What the CLI and oomsnapd add to "the module is not loaded" on such a
 * kernel: one sentence into buf (no newline), naming why, the errors a
 * refused load gives and the key to enroll.  1 when written, 0 when the
 * kernel loads unsigned modules (buf untouched).
 */
int osn_module_signing_advice(const char *root, char *buf, size_t len);

#endif /* OSN_MODULE_SIGNING_H */
