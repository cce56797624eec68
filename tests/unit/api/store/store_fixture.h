/* store_fixture.h - a store in a fresh directory under /tmp for a unit
 * test, and its removal after. */
#ifndef PAIRBOX_STORE_FIXTURE_H
#define PAIRBOX_STORE_FIXTURE_H

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "store.h"
#include "util.h"

/* dir: a mkdtemp template under /tmp, filled in. NULL (a failed check) on error. */
static inline struct store *fixture_store(char *dir)
{
	struct store *s = NULL;
	char err[512] = "mkdtemp failed";
	int r = mkdtemp(dir) ? store_open(dir, &s, err, sizeof(err)) : -1;
	if (r)
		fprintf(stderr, "store %s: %s\n", dir, err);
	CHECK_EQ_INT(r, 0);
	return s;
}

static inline void fixture_remove(const char *dir)
{
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		remove_tree(dfd, dir + strlen("/tmp/"));
		close(dfd);
	}
}

#endif
