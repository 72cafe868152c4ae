// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - entry point of oomsnapd (placeholder until the daemon lands).
 */
#include <stdio.h>

int main(void)
{
	fprintf(stderr, "oomsnapd %s: not implemented yet\n", OOMSNAP_VERSION);
	return 1;
}
