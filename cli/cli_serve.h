/* cli_serve.h - `pairbox serve`. */
#ifndef PAIRBOX_CLI_SERVE_H
#define PAIRBOX_CLI_SERVE_H

int cli_serve_main(int argc, char **argv);

#endif
