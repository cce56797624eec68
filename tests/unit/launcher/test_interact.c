/* test_interact.c - the relay between a program and its interactive
 * validator (launcher/interact.c), driven through its pipes from this
 * process, no boxes: bytes cross both ways, far more than a buffer's worth,
 * ends are passed on only when interact.h says (never racing the side that
 * ended), the side whose run was over first is known, a reader that hung
 * up costs the writer nothing, a rejecting validator cuts the program off,
 * and the wait after both sides are done is bounded. */
#include "check.h"
#include "interact.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *relay_main(void *arg)
{
	interact_relay(arg);
	return NULL;
}

static pthread_t start(struct interact *x)
{
	pthread_t t;
	CHECK_EQ_INT(interact_open(x), 0);
	CHECK_EQ_INT(pthread_create(&t, NULL, relay_main, x), 0);
	return t;
}

/* Something (data or the end) can be read from fd within ms. */
static bool readable(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	return poll(&p, 1, ms) == 1;
}

static bool got(int fd, const char *want)
{
	char buf[64];
	size_t n = 0, k = strlen(want);
	while (n < k) {
		if (!readable(fd, 10000))
			return false;
		ssize_t r = read(fd, buf + n, k - n);
		if (r <= 0)
			return false;
		n += (size_t)r;
	}
	return memcmp(buf, want, k) == 0;
}

static bool at_end(int fd)
{
	char c;
	return readable(fd, 10000) && read(fd, &c, 1) == 0;
}

/* Nothing, not even the end, arrives within a while: an end held back. */
static bool held(int fd)
{
	return !readable(fd, 300);
}

static void finish(struct interact *x, pthread_t t)
{
	pthread_join(t, NULL);
	interact_close(x);
}

/* The validator speaks, hears, and ends first (closing both its pipes, as
 * an exiting process does): the program sees that end only once the
 * validator's run is over, so it cannot fail on it and be first. */
static void test_validator_first(void)
{
	struct interact x;
	pthread_t t = start(&x);
	CHECK(write(x.val_stdout, "guess?\n", 7) == 7);
	CHECK(got(x.prog_stdin, "guess?\n"));
	CHECK(write(x.prog_stdout, "42\n", 3) == 3);
	CHECK(got(x.val_stdin, "42\n"));
	close(x.val_stdin);
	close(x.val_stdout);
	CHECK(held(x.prog_stdin));
	interact_side_done(&x, INTERACT_VALIDATOR_ACCEPTED);
	CHECK(at_end(x.prog_stdin));
	close(x.prog_stdout);
	close(x.prog_stdin);
	interact_side_done(&x, INTERACT_PROGRAM_OVER);
	finish(&x, t);
	CHECK(x.validator_first);
	CHECK(x.bytes_to_val == 3 && x.bytes_to_prog == 7);
}

/* The program ends first; the validator still sees all it wrote, then
 * the end, once the program's run is over. */
static void test_program_first(void)
{
	struct interact x;
	pthread_t t = start(&x);
	CHECK(write(x.prog_stdout, "bye\n", 4) == 4);
	close(x.prog_stdout);
	close(x.prog_stdin);
	CHECK(got(x.val_stdin, "bye\n"));
	CHECK(held(x.val_stdin));
	interact_side_done(&x, INTERACT_PROGRAM_OVER);
	CHECK(at_end(x.val_stdin));
	close(x.val_stdin);
	close(x.val_stdout);
	interact_side_done(&x, INTERACT_VALIDATOR_REJECTED);
	finish(&x, t);
	CHECK(!x.validator_first);
}

/* A program that closes its stdout and goes on has not ended: the
 * validator waits (the program's limit will end it), and when the
 * validator's run is over first it is first. */
static void test_closed_stdout_is_not_the_end(void)
{
	struct interact x;
	pthread_t t = start(&x);
	close(x.prog_stdout);
	CHECK(held(x.val_stdin));
	close(x.val_stdin);
	close(x.val_stdout);
	interact_side_done(&x, INTERACT_VALIDATOR_REJECTED);
	CHECK(at_end(x.prog_stdin));
	close(x.prog_stdin);
	interact_side_done(&x, INTERACT_PROGRAM_OVER);
	finish(&x, t);
	CHECK(x.validator_first);
}

/* A pseudo-interactive validator sends all, closes its stdout and waits
 * for the answer: the program gets the end at once and can still answer. */
static void test_validator_closes_stdout_early(void)
{
	struct interact x;
	pthread_t t = start(&x);
	CHECK(write(x.val_stdout, "1 2 3\n", 6) == 6);
	close(x.val_stdout);
	CHECK(got(x.prog_stdin, "1 2 3\n"));
	CHECK(at_end(x.prog_stdin));
	CHECK(write(x.prog_stdout, "6\n", 2) == 2);
	CHECK(got(x.val_stdin, "6\n"));
	close(x.prog_stdout);
	close(x.prog_stdin);
	interact_side_done(&x, INTERACT_PROGRAM_OVER);
	CHECK(at_end(x.val_stdin));
	close(x.val_stdin);
	interact_side_done(&x, INTERACT_VALIDATOR_ACCEPTED);
	finish(&x, t);
	CHECK(!x.validator_first);
}

static bool write_some(int fd, int times)
{
	ssize_t w = 0;
	/* Slowly, so that the relay has read each before the next. */
	for (int i = 0; i < times && w >= 0; i++)
		if ((w = write(fd, "spam spam spam\n", 15)) >= 0)
			usleep(1000);
	return w >= 0;
}

/* The validator stops reading but has not ended: the program's writes are
 * dropped, not failed. Once the validator's run is over rejecting, the
 * program is cut off: its writes fail (EPIPE). */
static void test_reader_hangs_up(void)
{
	struct interact x;
	pthread_t t = start(&x);
	close(x.val_stdin);
	CHECK(write_some(x.prog_stdout, 200));
	close(x.val_stdout);
	interact_side_done(&x, INTERACT_VALIDATOR_REJECTED);
	CHECK(at_end(x.prog_stdin));
	CHECK(!write_some(x.prog_stdout, 5000) && errno == EPIPE);
	close(x.prog_stdout);
	close(x.prog_stdin);
	interact_side_done(&x, INTERACT_PROGRAM_OVER);
	finish(&x, t);
	CHECK(x.validator_first);
}

/* ---- volume: far more than the relay's and the pipes' buffers, both ways at once ---- */

#define BIG (3u << 20)

struct pump {
	int fd;
	bool ok;
};

static char pattern(size_t i)
{
	return (char)('a' + (i * 7 + i / 4093) % 26);
}

static void *pump_out(void *arg)
{
	struct pump *p = arg;
	char buf[5000];
	size_t at = 0;
	p->ok = true;
	while (at < BIG && p->ok) {
		size_t k = BIG - at < sizeof(buf) ? BIG - at : sizeof(buf);
		for (size_t i = 0; i < k; i++)
			buf[i] = pattern(at + i);
		size_t done = 0;
		while (done < k && p->ok) {
			ssize_t w = write(p->fd, buf + done, k - done);
			p->ok = w > 0;
			done += w > 0 ? (size_t)w : 0;
		}
		at += k;
	}
	close(p->fd);
	return NULL;
}

static void *pump_in(void *arg)
{
	struct pump *p = arg;
	char buf[7000];
	size_t at = 0;
	p->ok = true;
	for (;;) {
		if (!readable(p->fd, 20000)) {        /* a stall */
			p->ok = false;
			break;
		}
		ssize_t n = read(p->fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			p->ok &= buf[i] == pattern(at + (size_t)i);
		at += (size_t)n;
	}
	p->ok &= at == BIG;
	return NULL;
}

static void test_volume(void)
{
	struct interact x;
	pthread_t t = start(&x);
	struct pump po = { x.prog_stdout, false }, vo = { x.val_stdout, false };
	struct pump pi = { x.prog_stdin, false }, vi = { x.val_stdin, false };
	pthread_t th[4];
	CHECK_EQ_INT(pthread_create(&th[0], NULL, pump_out, &po), 0);
	CHECK_EQ_INT(pthread_create(&th[1], NULL, pump_out, &vo), 0);
	CHECK_EQ_INT(pthread_create(&th[2], NULL, pump_in, &pi), 0);
	CHECK_EQ_INT(pthread_create(&th[3], NULL, pump_in, &vi), 0);
	pthread_join(th[0], NULL);
	pthread_join(th[1], NULL);
	interact_side_done(&x, INTERACT_PROGRAM_OVER);
	interact_side_done(&x, INTERACT_VALIDATOR_ACCEPTED);
	pthread_join(th[2], NULL);
	pthread_join(th[3], NULL);
	close(x.prog_stdin);
	close(x.val_stdin);
	finish(&x, t);
	CHECK(po.ok && vo.ok && pi.ok && vi.ok);
	CHECK(x.bytes_to_val == BIG && x.bytes_to_prog == BIG);
	CHECK(!x.validator_first);
}

/* The order of the ends, many times over: the program answers, closes its
 * stdout and crashes on the validator's end of output; the validator reads
 * the end only once the program is over. Always the program first. */
static void test_order_is_stable(void)
{
	for (int round = 0; round < 50; round++) {
		struct interact x;
		pthread_t t = start(&x);
		CHECK(write(x.prog_stdout, "7\n", 2) == 2);
		close(x.prog_stdout);
		CHECK(got(x.val_stdin, "7\n"));
		bool early = readable(x.val_stdin, 0);   /* the end must not be there yet */
		close(x.prog_stdin);
		interact_side_done(&x, INTERACT_PROGRAM_OVER);
		CHECK(!early && at_end(x.val_stdin));
		close(x.val_stdin);
		close(x.val_stdout);
		interact_side_done(&x, INTERACT_VALIDATOR_REJECTED);
		finish(&x, t);
		CHECK(!x.validator_first);
	}
}

/* Both sides done, a pipe still open (a bug elsewhere): 2 s, not forever. */
static void test_bounded(void)
{
	struct interact x;
	pthread_t t = start(&x);
	close(x.val_stdout);
	close(x.val_stdin);
	close(x.prog_stdin);
	uint64_t t0 = now_ms();
	interact_side_done(&x, INTERACT_PROGRAM_OVER);
	interact_side_done(&x, INTERACT_VALIDATOR_ACCEPTED);
	finish(&x, t);                         /* x.prog_stdout is still open */
	uint64_t took = now_ms() - t0;
	CHECK(took >= 1900 && took < 10000);
	close(x.prog_stdout);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);              /* the "program" here is this process */
	alarm(120);                            /* a relay that stalls fails the test, not the suite's patience */
	test_validator_first();
	test_program_first();
	test_closed_stdout_is_not_the_end();
	test_validator_closes_stdout_early();
	test_reader_hangs_up();
	test_volume();
	test_order_is_stable();
	test_bounded();
	return check_done();
}
