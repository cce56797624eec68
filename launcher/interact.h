/* interact.h - the relay between a program and its interactive validator
 * (Kattis interactive problems).
 *
 * The two never share a pipe: each box's stdin and stdout are pipes to
 * the judge, which copies the program's output to the validator and the
 * validator's output to the program. So the judge sees which side ended
 * first, exactly: a validator that gives its verdict and exits closes the
 * program's stdin (the program may then fail reading it), and a program
 * that exits closes the validator's. Kattis's rule needs that order:
 * the validator's wrong answer wins only when it came first. */
#ifndef PAIRBOX_INTERACT_H
#define PAIRBOX_INTERACT_H

#include <stdbool.h>

/* The box ends, to pass in box_spec.stdin_fd / stdout_fd (box_exec takes
 * them over), and the judge's ends, for interact_relay. */
struct interact {
	int prog_stdin, prog_stdout;    /* for the program's box_spec */
	int val_stdin, val_stdout;      /* for the validator's box_spec */
	int to_prog, from_prog;         /* the judge's ends */
	int to_val, from_val;
	int done_rd, done_wr;           /* a byte per side whose box_exec has returned */
	bool validator_first;           /* after the relay: the validator's side ended first */
	unsigned long long bytes_to_val, bytes_to_prog;
};

/* Make the pipes. 0 or -errno (nothing left open). */
int interact_open(struct interact *x);

/* A side's box_exec has returned (or never ran): its pipes are closed. */
void interact_side_done(struct interact *x);

/* Copy both ways until both outputs are at their end (each box's run is
 * over, or it closed its stdout), then close the judge's ends. Both sides' interact_side_done bound the wait: 2 s
 * after the second one the relay stops whatever is still open (a guard
 * against a bug, never against the programs, whose boxes are over). A side
 * that stops reading gets no more: the other side's writes to it are
 * dropped, and a program whose validator has hung up gets EPIPE. */
void interact_relay(struct interact *x);

/* After both sides' threads are joined: close the notification pipe. */
void interact_close(struct interact *x);

#endif
