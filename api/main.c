/* main.c - the pairbox binary: one table of subcommands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_box.h"
#include "cli_grade.h"
#include "cli_langs.h"
#include "cli_run.h"
#include "cli_serve.h"
#include "keeper.h"

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
