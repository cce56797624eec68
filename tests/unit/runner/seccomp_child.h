/* seccomp_child.h - what the seccomp tests share: a body run in a forked
 * child behind a compiled filter, its wait status read, a profile compiled
 * from text. */
#ifndef PAIRBOX_SECCOMP_CHILD_H
#define PAIRBOX_SECCOMP_CHILD_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "seccomp_profile.h"
#include "util.h"

#define ORIGIN "t.policy"

/* Behind filter f (NULL: none), runs body in a forked child; the ints it
 * fills come back through a pipe. Returns the child's wait status. */
static inline int child_run(const struct sc_filter *f, void (*body)(int *res, size_t n), int *res, size_t n)
{
	int fds[2];
	size_t want = n * sizeof(int), got = 0;
	memset(res, 0xff, want);                /* -1s, also where no child ran */
	if (pipe2(fds, O_CLOEXEC))
		return -1;
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		/* A SIGSYS kill must not leave a core file in the build tree. */
		struct rlimit no_core = { 0, 0 };
		setrlimit(RLIMIT_CORE, &no_core);
		prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		/* As in the box: no_new_privs, then the filter. */
		if (f && (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || sc_apply(f->insns, f->len)))
			_exit(100);
		body(res, n);
		_exit(write_all(fds[1], res, n * sizeof(int)) ? 101 : 0);
	}
	close(fds[1]);
	while (got < want) {
		ssize_t k = read(fds[0], (char *)res + got, want - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return -1;
	}
	return st;
}

static inline bool exited_ok(int st)
{
	return st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

static inline bool killed_by_sigsys(int st)
{
	return st >= 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGSYS;
}

/* errno when a raw call failed, else 0. */
static inline int err_of(long r)
{
	return r < 0 ? errno : 0;
}

/* A profile from text under the name ORIGIN; its error printed. */
static inline int compile(const char *text, struct sc_filter *f)
{
	char err[512];
	int r = sc_compile_text(text, ORIGIN, f, err, sizeof(err));
	if (r)
		fprintf(stderr, "%s\n", err);
	return r;
}

#endif
