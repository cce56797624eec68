/* store_fixture.h - what the store's unit tests share: a store in a fresh
 * directory under /tmp, opened (a failure counted and said), and the
 * directory removed at the end. */
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

/* Open (create, migrate) the store in dir: the store, or NULL with the
 * reason printed and a failed check. */
static inline struct store *store_fixture_open(const char *dir)
{
	struct store *s = NULL;
	char err[512];
	int r = store_open(dir, &s, err, sizeof(err));
	if (r)
		fprintf(stderr, "store_open %s: %s\n", dir, err);
	CHECK_EQ_INT(r, 0);
	return s;
}

/* Remove dir, a directory under /tmp made with mkdtemp, and all in it. */
static inline void store_fixture_remove(const char *dir)
{
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	if (!strncmp(dir, "/tmp/", 5))
		remove_tree(dfd, dir + 5);
	close(dfd);
}

#endif
