/* cli_box.h - `pairbox box`: run an argv in a box, print the result as JSON. */
#ifndef PAIRBOX_CLI_BOX_H
#define PAIRBOX_CLI_BOX_H

int cli_box_main(int argc, char **argv);

#endif
