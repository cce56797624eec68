/* cli_grade.h - `pairbox grade`: verify problems, or grade solutions against one. */
#ifndef PAIRBOX_CLI_GRADE_H
#define PAIRBOX_CLI_GRADE_H

int cli_grade_main(int argc, char **argv);

#endif
