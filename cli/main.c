/* main.c - the pairbox binaries: one table of subcommands.
 *
 * Built twice. `pairbox` links the sandbox and the judging pipeline only
 * (libc, libseccomp, libcap, libnl, jansson); `pairbox-serve` links the
 * HTTP server too, and with libmicrohttpd, SQLite and libcurl some thirty
 * more shared libraries, which the dynamic loader maps and relocates
 * before main: about 5 ms of CPU here, three times what a one-shot
 * `pairbox box -- /bin/true` costs otherwise, and its fork of the keeper
 * copies every one of those mappings. So `pairbox serve` execs its
 * sibling pairbox-serve, which has every command. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_box.h"
#include "cli_grade.h"
#include "cli_langs.h"
#include "cli_run.h"
#include "keeper.h"
#ifdef PAIRBOX_WITH_SERVE
#include "cli_serve.h"
#include "cli_worker.h"
#else
/* `pairbox serve ARGS` (and `pairbox worker ARGS`): exec pairbox-serve
 * serve ARGS from our own directory (the same pid, so signals and exit
 * status are the server's). */
static int cli_serve_main(int argc, char **argv)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - sizeof("/pairbox-serve"));
	char *slash = n > 0 ? memrchr(path, '/', (size_t)n) : NULL;
	if (!slash) {
		fprintf(stderr, "pairbox serve: cannot find our own binary: %s\n", strerror(n < 0 ? errno : ENOENT));
		return 1;
	}
	memcpy(slash, "/pairbox-serve", sizeof("/pairbox-serve"));
	char **args = calloc((size_t)argc + 2, sizeof(*args));
	if (!args)
		return 1;
	args[0] = path;
	memcpy(args + 1, argv, (size_t)argc * sizeof(*args));
	execv(path, args);
	fprintf(stderr, "pairbox serve: cannot run %s: %s\n", path, strerror(errno));
	free(args);
	return 1;
}
#define cli_worker_main cli_serve_main   /* argv[0], "worker", picks the command there */
#endif

struct command {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *help;
};

static int keeper_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	keeper_main(3);   /* the socket is fd 3 (see box.c spawn_exec) */
}

static const struct command commands[] = {
	{ "box", cli_box_main, "run a program in a box with limits; print the result as JSON" },
	{ "run", cli_run_main, "compile (if needed) and run one source file in the sandbox" },
	{ "serve", cli_serve_main, "serve the Judge0-compatible HTTP API (and pairbox's own, /api/v1)" },
	{ "worker", cli_worker_main, "judge the submissions queued in a PostgreSQL store shared with serve --db" },
	{ "grade", cli_grade_main, "verify problems (or grade solutions against one); --junit for CI" },
	{ "langs", cli_langs_main, "list the installed languages; --self-test runs each in the sandbox" },
	{ "__keeper", keeper_cmd, NULL },   /* internal: a box slot's helper process */
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: pairbox COMMAND [OPTIONS]\n\n"
		   "pairbox - a self-hostable code judge with a sandbox of its own.\n\nCommands:\n");
	for (const struct command *c = commands; c->name; c++)
		if (c->help)
			fprintf(f, "  %-8s %s\n", c->name, c->help);
	fprintf(f, "\nRun 'pairbox COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("pairbox %s\n", PAIRBOX_VERSION);
		return 0;
	}
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(argv[1], c->name))
			return c->main(argc - 1, argv + 1);
	fprintf(stderr, "pairbox: unknown command '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
