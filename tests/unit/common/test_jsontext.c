/* test_jsontext.c - common/jsontext.c: bytes as valid JSON strings, and
 * the one decimal form of every number and time pairbox reports. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "jsontext.h"

static void test_text(void)
{
	json_t *j = json_text("ok\n", 3);
	CHECK_EQ_STR(json_string_value(j), "ok\n");
	json_decref(j);
	j = json_text("a\xff" "b", 3);                   /* invalid UTF-8: U+FFFD */
	CHECK_EQ_STR(json_string_value(j), "a\xEF\xBF\xBD" "b");
	json_decref(j);
	j = json_text(NULL, 0);
	CHECK_EQ_STR(json_string_value(j), "");
	json_decref(j);
}

static void test_decimal(void)
{
	char buf[64];
	CHECK_EQ_STR(json_decimal_text(5, buf, sizeof(buf)), "5.0");
	CHECK_EQ_STR(json_decimal_text(0.25, buf, sizeof(buf)), "0.25");
	CHECK_EQ_STR(json_decimal_text(0.002, buf, sizeof(buf)), "0.002");
	CHECK_EQ_STR(json_decimal_text(0, buf, sizeof(buf)), "0.0");
	CHECK_EQ_STR(json_decimal_text(1.25, buf, sizeof(buf)), "1.25");
	CHECK_EQ_STR(json_decimal_text(1e20, buf, sizeof(buf)), "100000000000000000000.0");
	json_t *j = json_decimal(15);
	CHECK_EQ_STR(json_string_value(j), "15.0");
	json_decref(j);
}

static void test_seconds(void)
{
	char buf[JSON_SECONDS_MAX];
	CHECK_EQ_STR(json_seconds_text(0, buf), "0.0");
	CHECK_EQ_STR(json_seconds_text(2, buf), "0.002");
	CHECK_EQ_STR(json_seconds_text(10, buf), "0.01");          /* not "0.010" */
	CHECK_EQ_STR(json_seconds_text(120, buf), "0.12");
	CHECK_EQ_STR(json_seconds_text(1500, buf), "1.5");
	CHECK_EQ_STR(json_seconds_text(1000, buf), "1.0");
	CHECK_EQ_STR(json_seconds_text(60001, buf), "60.001");
	CHECK_EQ_STR(json_seconds_text(UINT32_MAX, buf), "4294967.295");
	json_t *j = json_seconds(10);
	CHECK_EQ_STR(json_string_value(j), "0.01");
	json_decref(j);
	/* One form: a time in milliseconds reads as the decimal of its seconds. */
	int differ = 0;
	for (uint32_t ms = 0; ms <= 200000; ms++) {
		char dec[64];
		json_decimal_text(ms / 1000.0, dec, sizeof(dec));
		if (strcmp(json_seconds_text(ms, buf), dec) && differ++ < 5)
			fprintf(stderr, "%u ms: %s vs %s\n", ms, buf, dec);
	}
	CHECK_EQ_INT(differ, 0);
}

int main(void)
{
	test_text();
	test_decimal();
	test_seconds();
	return check_done();
}
