/* test_util.c - common/: checked parsing, capped buffers, UTF-8 safe JSON text,
 * atomic file writes (two threads on one path); options: test_opts.c. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "jsontext.h"
#include "outbuf.h"
#include "util.h"

static void test_parse(void)
{
	uint64_t u;
	uint32_t ms;
	int i;
	CHECK_EQ_INT(parse_u64("42", &u), 0);
	CHECK_EQ_INT(u, 42);
	CHECK_EQ_INT(parse_u64("", &u), -EINVAL);
	CHECK_EQ_INT(parse_u64("-1", &u), -EINVAL);
	CHECK_EQ_INT(parse_u64("12x", &u), -EINVAL);
	CHECK_EQ_INT(parse_u64("99999999999999999999999", &u), -ERANGE);
	CHECK_EQ_INT(parse_int("-7", &i), 0);
	CHECK_EQ_INT(i, -7);
	CHECK_EQ_INT(parse_int("3000000000", &i), -ERANGE);
	CHECK_EQ_INT(parse_seconds_ms("1.5", &ms), 0);
	CHECK_EQ_INT(ms, 1500);
	CHECK_EQ_INT(parse_seconds_ms("0.0015", &ms), 0);
	CHECK_EQ_INT(ms, 1);
	CHECK_EQ_INT(parse_seconds_ms("2", &ms), 0);
	CHECK_EQ_INT(ms, 2000);
	CHECK_EQ_INT(parse_seconds_ms(".5", &ms), -EINVAL);
	CHECK_EQ_INT(parse_seconds_ms("1.5s", &ms), -EINVAL);
	CHECK_EQ_INT(parse_size("64M", 1, &u), 0);
	CHECK_EQ_INT(u, 64ULL << 20);
	CHECK_EQ_INT(parse_size("512k", 1, &u), 0);
	CHECK_EQ_INT(u, 512ULL << 10);
	CHECK_EQ_INT(parse_size("3", 1024 * 1024, &u), 0);
	CHECK_EQ_INT(u, 3ULL << 20);
	CHECK_EQ_INT(parse_size("1GB", 1, &u), 0);
	CHECK_EQ_INT(u, 1ULL << 30);
	CHECK_EQ_INT(parse_size("5X", 1, &u), -EINVAL);
	CHECK_EQ_INT(parse_size("99999999999999999G", 1, &u), -ERANGE);
}

static void test_outbuf(void)
{
	struct outbuf b;
	outbuf_init(&b, 10);
	CHECK_EQ_INT(outbuf_append(&b, "hello", 5), 0);
	CHECK(!b.truncated);
	CHECK_EQ_INT(outbuf_append(&b, "world!!", 7), 0);
	CHECK(b.truncated);
	CHECK_EQ_INT(b.len, 10);
	CHECK_EQ_INT(b.seen, 12);
	CHECK_EQ_STR(b.data, "helloworld");
	outbuf_release(&b);
	CHECK(b.data == NULL && b.len == 0 && b.cap == 10);
	outbuf_release(&b);   /* idempotent */
}

/* outbuf_addf: formatted text, long ones too, under either policy. */
static void test_outbuf_addf(void)
{
	struct outbuf b;
	outbuf_init(&b, 1 << 20);
	CHECK_EQ_INT(outbuf_addf(&b, "%s=%d;", "a", 1), 0);
	CHECK_EQ_INT(outbuf_addf(&b, "%s", ""), 0);
	char big[1000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_EQ_INT(outbuf_addf(&b, "[%s]", big), 0);      /* longer than addf's first try */
	CHECK_EQ_INT(b.len, 4 + 1001);
	CHECK(!memcmp(b.data, "a=1;[xxx", 8) && b.data[b.len - 1] == ']' && b.data[b.len] == '\0');
	outbuf_release(&b);

	/* Truncating: the prefix that fits. */
	outbuf_init(&b, 6);
	CHECK_EQ_INT(outbuf_addf(&b, "%d-%d", 123, 456789), 0);
	CHECK(b.truncated);
	CHECK_EQ_INT(b.seen, 10);
	CHECK_EQ_STR(b.data, "123-45");
	outbuf_release(&b);
}

/* OUTBUF_REFUSE: an append that would pass the cap appends nothing, says
 * -EFBIG, and so does every later one, even one that would fit. */
static void test_outbuf_refuse(void)
{
	struct outbuf b;
	outbuf_init_policy(&b, 10, OUTBUF_REFUSE);
	CHECK_EQ_INT(outbuf_append(&b, "hello", 5), 0);
	CHECK_EQ_INT(outbuf_addf(&b, "%s", "world"), 0);      /* exactly the cap */
	CHECK_EQ_STR(b.data, "helloworld");
	CHECK(!b.truncated && b.error == 0);
	CHECK_EQ_INT(outbuf_append(&b, "!", 1), -EFBIG);
	CHECK(b.truncated);
	CHECK_EQ_INT(b.error, -EFBIG);
	CHECK_EQ_STR(b.data, "helloworld");
	outbuf_release(&b);
	CHECK(b.policy == OUTBUF_REFUSE && b.error == 0 && b.cap == 10);

	CHECK_EQ_INT(outbuf_append(&b, "abc", 3), 0);
	CHECK_EQ_INT(outbuf_addf(&b, "%s", "too long by far"), -EFBIG);
	CHECK_EQ_INT(b.len, 3);                                 /* nothing of it kept */
	CHECK_EQ_INT(outbuf_append(&b, "d", 1), -EFBIG);       /* sticks: no hole in the data */
	CHECK_EQ_STR(b.data, "abc");
	CHECK_EQ_INT(b.seen, 3 + 15 + 1);
	outbuf_release(&b);

	outbuf_init_policy(&b, 0, OUTBUF_REFUSE);
	CHECK_EQ_INT(outbuf_append(&b, "", 0), 0);
	CHECK_EQ_INT(outbuf_append(&b, "x", 1), -EFBIG);
	CHECK_EQ_INT(b.len, 0);
	outbuf_release(&b);
}

/* ---- write_file_atomic ---- */

#define ATOMIC_SIZE (256 * 1024)
#define ATOMIC_ROUNDS 40

struct writer {
	const char *path;
	char fill;
	int failures;
};

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	char *data = malloc(ATOMIC_SIZE);
	if (!data)
		abort();
	memset(data, w->fill, ATOMIC_SIZE);
	for (int i = 0; i < ATOMIC_ROUNDS; i++)
		if (write_file_atomic(w->path, data, ATOMIC_SIZE, 0640))
			w->failures++;
	free(data);
	return NULL;
}

/* Entries of dir other than . and .. */
static int entries(const char *dir)
{
	int n = 0;
	DIR *d = opendir(dir);
	for (struct dirent *e; d && (e = readdir(d));)
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	if (d)
		closedir(d);
	return n;
}

static void test_write_file_atomic(void)
{
	char dir[] = "/tmp/pairbox-test-atomic-XXXXXX", path[64], *data = NULL;
	size_t len = 0;
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/f.json", dir);

	CHECK_EQ_INT(write_file_atomic(path, "{}\n", 3, 0640), 0);
	CHECK_EQ_INT(read_file(path, 100, &data, &len), 0);
	CHECK(len == 3 && data && !strcmp(data, "{}\n"));
	free(data);
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640);
	CHECK_EQ_INT(write_file_atomic(path, "", 0, 0600), 0);     /* replaces, mode and all */
	CHECK(stat(path, &st) == 0 && st.st_size == 0 && (st.st_mode & 07777) == 0600);
	CHECK_EQ_INT(entries(dir), 1);                              /* no temporary left */

	char missing[96];
	snprintf(missing, sizeof(missing), "%s/no/such/f", dir);
	CHECK_EQ_INT(write_file_atomic(missing, "x", 1, 0600), -ENOENT);

	/* Two threads replace the same file at once: neither write fails
	 * (each has a temporary of its own: lang.c's pid-only name shared
	 * one), and a reader only ever sees one writer's whole file. */
	struct writer w[2] = { { path, 'a', 0 }, { path, 'b', 0 } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		CHECK_EQ_INT(pthread_create(&t[i], NULL, writer_main, &w[i]), 0);
	int torn = 0, reads = 0;
	for (int i = 0; i < 200; i++) {
		if (read_file(path, ATOMIC_SIZE, &data, &len) != 0)
			continue;
		reads++;
		bool whole = len == ATOMIC_SIZE || len == 0;     /* 0: the empty file above, before any writer */
		for (size_t k = 1; whole && k < len; k++)
			whole = data[k] == data[0];
		torn += !whole;
		free(data);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ_INT(w[0].failures + w[1].failures, 0);
	CHECK_EQ_INT(torn, 0);
	CHECK(reads > 0);
	CHECK_EQ_INT(read_file(path, ATOMIC_SIZE, &data, &len), 0);
	CHECK(len == ATOMIC_SIZE && (data[0] == 'a' || data[0] == 'b'));
	free(data);
	CHECK_EQ_INT(entries(dir), 1);
	unlink(path);
	rmdir(dir);
}

static void test_json_text(void)
{
	json_t *s = json_text("ok\xff\xfe!", 5);
	CHECK(s != NULL);
	CHECK_EQ_STR(json_string_value(s), "ok\xEF\xBF\xBD\xEF\xBF\xBD!");
	json_decref(s);
	s = json_text("caf\xC3\xA9", 5);               /* valid UTF-8 kept */
	CHECK_EQ_STR(json_string_value(s), "caf\xC3\xA9");
	json_decref(s);
	s = json_text("\xC0\xAF", 2);                  /* overlong: replaced */
	CHECK_EQ_STR(json_string_value(s), "\xEF\xBF\xBD\xEF\xBF\xBD");
	json_decref(s);
	s = json_text("a\0b", 3);                      /* NUL survives as \u0000 */
	CHECK_EQ_INT(json_string_length(s), 3);
	json_decref(s);
}

int main(void)
{
	test_parse();
	test_outbuf();
	test_outbuf_addf();
	test_outbuf_refuse();
	test_write_file_atomic();
	test_json_text();
	return check_done();
}
