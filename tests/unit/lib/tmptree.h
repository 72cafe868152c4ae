/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tmptree.h - a throwaway file tree under /tmp for unit tests that read
 * files by path (a sysfs or a /boot laid out by the test): make it, put
 * files in it, take parts away.  Fails the running cmocka test on error.
 */
#ifndef OSN_TEST_TMPTREE_H
#define OSN_TEST_TMPTREE_H

/* Write text to ROOT/REL, making the folders on the way. */
void tt_put(const char *root, const char *rel, const char *text);

/* rm -rf ROOT/REL (REL "" for the whole tree): 0, or -1. */
int tt_rm(const char *root, const char *rel);

#endif /* OSN_TEST_TMPTREE_H */
