/* cli_langs.h - `pairbox langs`. */
#ifndef PAIRBOX_CLI_LANGS_H
#define PAIRBOX_CLI_LANGS_H

int cli_langs_main(int argc, char **argv);

#endif
