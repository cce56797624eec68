/* cli_run.h - `pairbox run`: judge one source file. */
#ifndef PAIRBOX_CLI_RUN_H
#define PAIRBOX_CLI_RUN_H

int cli_run_main(int argc, char **argv);

#endif
