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
	size_t len, off;
	bool eof;                       /* *in is done */
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

void interact_side_done(struct interact *x)
{
	ssize_t n;
	do
		n = write(x->done_wr, "", 1);
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

/* Read what there is room for. */
static void fill(struct lane *l)
{
	if (l->off == l->len)
		l->off = l->len = 0;
	ssize_t n = read(*l->in, l->buf + l->len, sizeof(l->buf) - l->len);
	if (n > 0) {
		l->len += (size_t)n;
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	l->eof = true;
	close_fd(l->in);
}

/* Write what is buffered; a reader that hung up gets no more. */
static void drain(struct lane *l)
{
	ssize_t n = write(*l->out, l->buf + l->off, l->len - l->off);
	if (n > 0) {
		l->off += (size_t)n;
		*l->bytes += (unsigned long long)n;
		return;
	}
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	close_fd(l->out);                /* EPIPE: the reader is gone */
	l->off = l->len = 0;
}

/* Which side ended first: 1 the program, 2 the validator. */
static void ended(int *first, int side)
{
	if (!*first)
		*first = side;
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
	struct lane *pv = calloc(1, sizeof(*pv)), *vp = calloc(1, sizeof(*vp));
	int first = 0;
	if (!pv || !vp)
		goto out;                       /* both boxes see their pipes close, and end */
	*pv = (struct lane){ .in = &x->from_prog, .out = &x->to_val, .bytes = &x->bytes_to_val };
	*vp = (struct lane){ .in = &x->from_val, .out = &x->to_prog, .bytes = &x->bytes_to_prog };
	struct lane *lanes[2] = { pv, vp };
	int sides_done = 0;
	uint64_t deadline = 0;
	while (x->from_prog >= 0 || x->from_val >= 0) {
		struct pollfd pf[5];
		struct lane *who[5];
		bool reading[5];
		nfds_t n = 0;
		int timeout = -1;
		if (deadline) {
			uint64_t now = now_ms();
			if (now >= deadline)
				break;
			timeout = (int)(deadline - now);
		}
		pf[n] = (struct pollfd){ x->done_rd, POLLIN, 0 };
		who[n] = NULL;
		reading[n++] = true;
		for (int i = 0; i < 2; i++) {
			struct lane *l = lanes[i];
			if (*l->in >= 0 && l->len < sizeof(l->buf)) {
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
		if (pf[0].revents) {
			char b[8];
			ssize_t k = read(x->done_rd, b, sizeof(b));
			sides_done += k > 0 ? (int)k : 0;
			if (sides_done >= 2 && !deadline)
				deadline = now_ms() + 2000;
		}
		for (nfds_t i = 1; i < n; i++) {
			if (!pf[i].revents)
				continue;
			struct lane *l = who[i];
			if (reading[i] && *l->in == pf[i].fd) {
				fill(l);
				if (l->eof)
					ended(&first, l == pv ? 1 : 2);
			} else if (!reading[i] && *l->out == pf[i].fd) {
				drain(l);
			}
		}
		for (int i = 0; i < 2; i++) {
			struct lane *l = lanes[i];
			/* Everything passed on: pass the end on too. */
			if (l->eof && l->off == l->len)
				close_fd(l->out);
			/* The reader hung up (it ended, or closed its stdin): the
			 * writer gets EPIPE from now on, and that side counts as
			 * the reader's ending. */
			if (*l->out < 0 && *l->in >= 0) {
				close_fd(l->in);
				l->eof = true;
				ended(&first, l == pv ? 2 : 1);
			}
		}
	}
out:
	x->validator_first = first == 2;
	close_fd(&x->from_prog);
	close_fd(&x->to_prog);
	close_fd(&x->from_val);
	close_fd(&x->to_val);
	free(pv);
	free(vp);
	if (!sigismember(&old, SIGPIPE)) {
		struct timespec zero = { 0, 0 };
		while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
			;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}
