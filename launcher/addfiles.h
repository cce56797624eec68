/* addfiles.h - a submission's additional files (Judge0's
 * `additional_files`: a zip) extracted inside the box that compiles it,
 * never on the host.
 *
 * As Judge0 does: `unzip -n -qq` in /box after the source is written, so
 * the source wins over a file of the same name in the zip. The archive is
 * the run's stdin (a sealed memfd, read as /dev/stdin), so it never
 * lands in /box and never reaches the compiled snapshot. A `../` or an
 * absolute name in the zip is stripped by unzip, and a link planted by
 * the zip leads nowhere: the box's mount namespace holds nothing writable
 * but /box and its own /tmp (SANDBOX-FILES). */
#ifndef PAIRBOX_ADDFILES_H
#define PAIRBOX_ADDFILES_H

#include <stddef.h>
#include <stdint.h>

#include "box.h"

#define ADDFILES_UNZIP "/usr/bin/unzip"    /* Debian package unzip */

/* Extract zip (borrowed) into b's /box under limits; max_kb (0 = none)
 * bounds each file and, checked after, all of /box (Judge0's
 * MAX_EXTRACT_SIZE). unzip's messages are
 * appended to log when it fails. Returns a Judge0 status: 3 extracted, 6 not a usable
 * archive or a limit hit (msg says which), 13 the sandbox failed or unzip
 * is not installed. */
int addfiles_extract(struct box *b, const void *zip, size_t len, const struct box_limits *limits,
		     uint64_t max_kb, struct outbuf *log, char *msg, size_t msglen);

#endif
