/* test_util.c - common/: checked parsing, capped buffers, UTF-8 safe JSON text
 * (options: test_opts.c). */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>

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
	test_json_text();
	return check_done();
}
