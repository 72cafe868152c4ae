/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse_seq.h - validate a record sequence number given on the command line.
 */
#ifndef OSN_PARSE_SEQ_H
#define OSN_PARSE_SEQ_H

#include <stdint.h>

/*
 * Parse s as a positive decimal integer that fits in 64 bits: digits only
 * (no sign, no spaces, no trailing junk), not 0.  Returns 0 or -EINVAL.
 */
int osn_parse_seq(const char *s, uint64_t *out);

#endif /* OSN_PARSE_SEQ_H */
