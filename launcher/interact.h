/* interact.h - the relay between a program and its interactive validator
 * (Kattis interactive problems).
 *
 * The two never share a pipe: each box's stdin and stdout are pipes to
 * the judge, which copies the program's output to the validator and the
 * validator's output to the program. So the judge decides when each side
 * sees the other's end, and which side ended first is the order in which
 * the two boxes' runs were over, never a race:
 *
 * - the program's end of output reaches the validator only once the
 *   program's box is over (a program that closes its stdout and goes on
 *   running has not ended: it ends at its limit, as problemtools' and
 *   BAPCtools' runners have it);
 * - the validator's end of output reaches the program when the validator
 *   closed its stdout but still reads 200 ms later (a pseudo-interactive
 *   validator that sends the whole input, then waits for the answer);
 *   when the validator closed both (it is exiting), only once its box is
 *   over, so the program cannot fail on that end and count as first;
 * - a validator that ended rejecting (any exit but 42) first cuts the
 *   program off: its further writes fail (EPIPE), as problemtools does;
 * - writes to a side that stopped reading are dropped, so neither side
 *   dies of SIGPIPE because the other one ended.
 *
 * Kattis's rule needs the order: the validator's wrong answer wins only
 * when it came first. */
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
	int done_rd, done_wr;           /* a byte per side whose box_exec has returned (enum interact_end) */
	bool validator_first;           /* after the relay: the validator's run was over first */
	unsigned long long bytes_to_val, bytes_to_prog;
};

/* How a side's run ended, as interact_side_done tells the relay. */
enum interact_end {
	INTERACT_PROGRAM_OVER = 'p',
	INTERACT_VALIDATOR_ACCEPTED = 'a',   /* exited 42 */
	INTERACT_VALIDATOR_REJECTED = 'r',   /* anything else, or never ran */
};

/* Make the pipes. 0 or -errno (nothing left open). */
int interact_open(struct interact *x);

/* A side's box_exec has returned (or never ran): its pipes are closed.
 * Once per side. */
void interact_side_done(struct interact *x, enum interact_end how);

/* Copy both ways, passing ends on as above, until both sides are done and
 * every pipe is at its end; then close the judge's ends. Both sides'
 * interact_side_done bound the wait: 2 s after the second one the relay
 * stops whatever is still open (a guard against a bug, never against the
 * programs, whose boxes are over). */
void interact_relay(struct interact *x);

/* After both sides' threads are joined: close the notification pipe. */
void interact_close(struct interact *x);

#endif
