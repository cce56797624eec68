/* test_interact.c - the relay between a program and its interactive
 * validator (launcher/interact.c), driven through its pipes from this
 * process, no boxes: bytes cross both ways, ends are passed on, the side
 * that ended first is known, a hung-up reader turns into EPIPE, and the
 * wait after both sides are done is bounded. */
#include "check.h"
#include "interact.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
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

static bool got(int fd, const char *want)
{
	char buf[64];
	size_t n = 0, k = strlen(want);
	while (n < k) {
		ssize_t r = read(fd, buf + n, k - n);
		if (r <= 0)
			return false;
		n += (size_t)r;
	}
	return memcmp(buf, want, k) == 0;
}

static void finish(struct interact *x, pthread_t t)
{
	pthread_join(t, NULL);
	interact_close(x);
}

/* The validator speaks, hears, and ends first. */
static void test_validator_first(void)
{
	struct interact x;
	pthread_t t = start(&x);
	CHECK(write(x.val_stdout, "guess?\n", 7) == 7);
	CHECK(got(x.prog_stdin, "guess?\n"));
	CHECK(write(x.prog_stdout, "42\n", 3) == 3);
	CHECK(got(x.val_stdin, "42\n"));
	close(x.val_stdout);                   /* the validator is done */
	close(x.val_stdin);
	char c;
	CHECK_EQ_INT(read(x.prog_stdin, &c, 1), 0);   /* its end reaches the program */
	close(x.prog_stdout);
	close(x.prog_stdin);
	finish(&x, t);
	CHECK(x.validator_first);
	CHECK(x.bytes_to_val == 3 && x.bytes_to_prog == 7);
}

/* The program ends first; the validator still sees all it wrote. */
static void test_program_first(void)
{
	struct interact x;
	pthread_t t = start(&x);
	CHECK(write(x.prog_stdout, "bye\n", 4) == 4);
	close(x.prog_stdout);
	close(x.prog_stdin);
	CHECK(got(x.val_stdin, "bye\n"));
	char c;
	CHECK_EQ_INT(read(x.val_stdin, &c, 1), 0);
	close(x.val_stdin);
	close(x.val_stdout);
	finish(&x, t);
	CHECK(!x.validator_first);
}

/* The validator stops reading: the program's next writes fail (EPIPE),
 * and the validator counts as the side that ended first. */
static void test_reader_hangs_up(void)
{
	struct interact x;
	pthread_t t = start(&x);
	close(x.val_stdin);
	ssize_t w = 0;
	/* The relay learns of the hang-up on its first write: keep writing
	 * (slowly, so a busy machine cannot fill the pipe first) until it has. */
	for (int i = 0; i < 5000 && w >= 0; i++)
		if ((w = write(x.prog_stdout, "spam spam spam\n", 15)) >= 0)
			usleep(1000);
	CHECK(w < 0 && errno == EPIPE);
	close(x.prog_stdout);
	close(x.prog_stdin);
	close(x.val_stdout);
	finish(&x, t);
	CHECK(x.validator_first);
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
	interact_side_done(&x);
	interact_side_done(&x);
	finish(&x, t);                         /* x.prog_stdout is still open */
	uint64_t took = now_ms() - t0;
	CHECK(took >= 1900 && took < 10000);
	close(x.prog_stdout);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);              /* the "program" here is this process */
	test_validator_first();
	test_program_first();
	test_reader_hangs_up();
	test_bounded();
	return check_done();
}
