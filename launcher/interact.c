/* interact.c - the relay between a program and its interactive validator
 * (interact.h). One thread, poll(2), a buffer each way. */
#define _GNU_SOURCE   /* pipe2 */
#include "interact.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <unistd.h>

#define RELAY_BUF 65536

struct lane {
	int *in, *out;                  /* read from *in, write to *out (the judge's ends) */
	char buf[RELAY_BUF];
	size_t len, off;                /* buf[off..len) is still to be written */
	bool eof;                       /* *in is done (and closed) */
	uint64_t eof_ms;                /* when */
	bool dropping;                  /* *out's reader is gone: what comes in is dropped */
	unsigned long long *bytes;
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int interact_open(struct interact *x)
{
	int p[5][2];
	int made = 0;
	memset(x, 0, sizeof(*x));
	for (; made < 5; made++) {
		if (pipe2(p[made], O_CLOEXEC)) {
			int r = -errno;
			while (made-- > 0) {
				close(p[made][0]);
				close(p[made][1]);
			}
			return r;
		}
	}
	/* p[0]: judge -> program, p[1]: program -> judge, p[2]: judge -> validator, p[3]: validator -> judge */
	x->prog_stdin = p[0][0];
	x->to_prog = p[0][1];
	x->from_prog = p[1][0];
	x->prog_stdout = p[1][1];
	x->val_stdin = p[2][0];
	x->to_val = p[2][1];
	x->from_val = p[3][0];
	x->val_stdout = p[3][1];
	x->done_rd = p[4][0];
	x->done_wr = p[4][1];
	int judge[] = { x->to_prog, x->from_prog, x->to_val, x->from_val };
	for (int i = 0; i < 4; i++)
		fcntl(judge[i], F_SETFL, fcntl(judge[i], F_GETFL) | O_NONBLOCK);
	return 0;
}

void interact_side_done(struct interact *x, enum interact_end how)
{
	char c = (char)how;
	ssize_t n;
	do
		n = write(x->done_wr, &c, 1);
	while (n < 0 && errno == EINTR);
}

void interact_close(struct interact *x)
{
	close_fd(&x->done_rd);
	close_fd(&x->done_wr);
}

static uint64_t now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

/* Read what there is room for (the unwritten rest first moved to the
 * front: a lane that was once full must read again, or both sides wait
 * on each other until their wall limits). */
static void fill(struct lane *l)
{
	if (l->off) {
		memmove(l->buf, l->buf + l->off, l->len - l->off);
		l->len -= l->off;
		l->off = 0;
	}
	ssize_t n = read(*l->in, l->buf + l->len, sizeof(l->buf) - l->len);
	if (n > 0) {
		if (!l->dropping)
			l->len += (size_t)n;
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	l->eof = true;
	l->eof_ms = now_ms();
	close_fd(l->in);
}

/* The reader is gone: nothing more is written, what comes is dropped (the
 * writer is not killed by SIGPIPE for the other side's ending). */
static void drop(struct lane *l)
{
	close_fd(l->out);
	l->dropping = true;
	l->off = l->len = 0;
}

/* Write what is buffered. */
static void drain(struct lane *l)
{
	ssize_t n = write(*l->out, l->buf + l->off, l->len - l->off);
	if (n > 0) {
		l->off += (size_t)n;
		*l->bytes += (unsigned long long)n;
		if (l->off == l->len)
			l->off = l->len = 0;
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	drop(l);                         /* EPIPE: the reader is gone */
}

/* The reading end of a pipe we write to is closed everywhere (poll
 * reports POLLERR on a pipe without readers). */
static bool reader_gone(int fd)
{
	struct pollfd p = { fd, POLLOUT, 0 };
	return fd < 0 || (poll(&p, 1, 0) == 1 && (p.revents & (POLLERR | POLLHUP)));
}

/* Which side's run was over first: 1 the program, 2 the validator. */
static void ended(int *first, int side)
{
	if (!*first)
		*first = side;
}

struct relay_state {
	struct lane *pv, *vp;           /* program -> validator, validator -> program */
	bool prog_over, val_over;
	int first;
	uint64_t deadline;              /* 2 s after both are over */
};

static void side_over(struct interact *x, struct relay_state *s, char how)
{
	if (how == INTERACT_PROGRAM_OVER) {
		s->prog_over = true;
		ended(&s->first, 1);
		return;
	}
	if (how != INTERACT_VALIDATOR_ACCEPTED && how != INTERACT_VALIDATOR_REJECTED)
		return;
	s->val_over = true;
	ended(&s->first, 2);
	/* A validator that rejected before the program was over has decided:
	 * the program is cut off (its writes fail) and gets its end of input. */
	if (how == INTERACT_VALIDATOR_REJECTED && !s->prog_over) {
		close_fd(&x->from_prog);
		s->pv->eof = true;
		drop(s->pv);
	}
}

static void read_done(struct interact *x, struct relay_state *s)
{
	char b[8];
	ssize_t k = read(x->done_rd, b, sizeof(b));
	for (ssize_t i = 0; i < k; i++)
		side_over(x, s, b[i]);
	if (s->prog_over && s->val_over && !s->deadline)
		s->deadline = now_ms() + 2000;
}

/* How long a validator's closed stdout waits to tell an exit (its stdin
 * goes too) from a pseudo-interactive validator that still reads. An
 * exiting process releases its descriptors in no set order (the kernel
 * defers the last close), so its stdin may still look open for a moment
 * after its stdout has ended. */
#define EXIT_GRACE_MS 200

/* Pass an end on once everything before it is written, and only when the
 * rules of interact.h allow it. Returns the ms to wait before the next
 * look (-1: none needed). */
static int pass_ends(struct interact *x, struct relay_state *s)
{
	struct lane *pv = s->pv, *vp = s->vp;
	if (pv->eof && pv->off == pv->len && s->prog_over)
		close_fd(pv->out);
	if (!vp->eof || vp->off != vp->len || *vp->out < 0)
		return -1;
	/* The validator closed its stdout: once its run is over, or, if it
	 * still reads after a grace, at once (it has not ended). */
	if (s->val_over || s->prog_over) {
		close_fd(vp->out);
		return -1;
	}
	if (reader_gone(x->to_val))
		return -1;                  /* exiting: its done byte will come */
	uint64_t now = now_ms();
	if (now >= vp->eof_ms + EXIT_GRACE_MS) {
		close_fd(vp->out);
		return -1;
	}
	return (int)(vp->eof_ms + EXIT_GRACE_MS - now);
}

void interact_relay(struct interact *x)
{
	/* A write to a side that hung up must be EPIPE, not a SIGPIPE that
	 * ends pairbox: blocked here, and consumed before the mask is back. */
	sigset_t pipe_set, old;
	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	/* On the heap: two workers may relay at once, and 64 KB each is much for a stack. */
	struct relay_state s = { .pv = calloc(1, sizeof(struct lane)), .vp = calloc(1, sizeof(struct lane)) };
	if (!s.pv || !s.vp)
		goto out;                       /* both boxes see their pipes close, and end */
	*s.pv = (struct lane){ .in = &x->from_prog, .out = &x->to_val, .bytes = &x->bytes_to_val };
	*s.vp = (struct lane){ .in = &x->from_val, .out = &x->to_prog, .bytes = &x->bytes_to_prog };
	struct lane *lanes[2] = { s.pv, s.vp };
	int wake = -1;
	while (x->from_prog >= 0 || x->from_val >= 0 || x->to_prog >= 0 || x->to_val >= 0) {
		struct pollfd pf[5];
		struct lane *who[5];
		bool reading[5];
		nfds_t n = 0;
		int timeout = wake;
		if (s.deadline) {
			uint64_t now = now_ms();
			if (now >= s.deadline)
				break;
			if (timeout < 0 || (uint64_t)timeout > s.deadline - now)
				timeout = (int)(s.deadline - now);
		}
		if (!s.deadline) {
			pf[n] = (struct pollfd){ x->done_rd, POLLIN, 0 };
			who[n] = NULL;
			reading[n++] = true;
		}
		for (int i = 0; i < 2; i++) {
			struct lane *l = lanes[i];
			if (*l->in >= 0 && l->len - l->off < sizeof(l->buf)) {
				pf[n] = (struct pollfd){ *l->in, POLLIN, 0 };
				who[n] = l;
				reading[n++] = true;
			}
			if (*l->out >= 0 && l->off < l->len) {
				pf[n] = (struct pollfd){ *l->out, POLLOUT, 0 };
				who[n] = l;
				reading[n++] = false;
			}
		}
		if (poll(pf, n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (nfds_t i = 0; i < n; i++) {
			if (!pf[i].revents)
				continue;
			struct lane *l = who[i];
			if (!l)
				read_done(x, &s);
			else if (reading[i] && *l->in == pf[i].fd)
				fill(l);
			else if (!reading[i] && *l->out == pf[i].fd)
				drain(l);
		}
		wake = pass_ends(x, &s);
	}
out:
	x->validator_first = s.first == 2;
	close_fd(&x->from_prog);
	close_fd(&x->to_prog);
	close_fd(&x->from_val);
	close_fd(&x->to_val);
	free(s.pv);
	free(s.vp);
	if (!sigismember(&old, SIGPIPE)) {
		struct timespec zero = { 0, 0 };
		while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}
