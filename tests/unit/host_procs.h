/* host_procs.h - what tests look for on the host after boxes are gone:
 * processes still running as a box's uid. */
#ifndef PAIRBOX_HOST_PROCS_H
#define PAIRBOX_HOST_PROCS_H

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "util.h"

/* A decimal number at the start of s (after blanks), checked. */
static inline bool leading_uint(const char *s, unsigned *out)
{
	char *end;
	if (!s)
		return false;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || v > 0xffffffffUL)
		return false;
	*out = (unsigned)v;
	return true;
}

/* Count processes on the host whose real uid is uid. */
static inline int procs_of_uid(uid_t uid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int n = 0;
	char path[64], *text;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		if (str_printf(path, sizeof(path), "/proc/%s/status", e->d_name) || read_file(path, 1 << 16, &text, NULL))
			continue;
		char *u = strstr(text, "\nUid:");
		unsigned real;
		if (u && leading_uint(u + 5, &real) && real == uid)
			n++;
		free(text);
	}
	if (d)
		closedir(d);
	return n;
}

#endif
