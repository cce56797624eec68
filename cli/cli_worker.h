/* cli_worker.h - `pairbox worker`. */
#ifndef PAIRBOX_CLI_WORKER_H
#define PAIRBOX_CLI_WORKER_H

int cli_worker_main(int argc, char **argv);

#endif
