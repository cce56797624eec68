/* jsontext.c - text into JSON safely: arbitrary bytes as a valid JSON
 * string; numbers and times as Judge0's decimal strings. */
#define _GNU_SOURCE
#include "jsontext.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Length of the valid UTF-8 sequence at p (1-4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
	unsigned c = p[0];
	size_t n;
	uint32_t cp;
	if (c < 0x80)
		return 1;
	if ((c & 0xE0) == 0xC0) { n = 2; cp = c & 0x1F; }
	else if ((c & 0xF0) == 0xE0) { n = 3; cp = c & 0x0F; }
	else if ((c & 0xF8) == 0xF0) { n = 4; cp = c & 0x07; }
	else return 0;
	if (n > left)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	/* overlong forms, surrogates and values past U+10FFFF are invalid */
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return n;
}

json_t *json_text(const char *data, size_t len)
{
	if (!data)
		return json_string("");
	const unsigned char *p = (const unsigned char *)data;
	size_t bad = 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(p + i, len - i);
		if (!n) {
			bad++;
			n = 1;
		}
		i += n;
	}
	if (!bad)
		return json_stringn(data, len);
	char *buf = malloc(len + bad * 2 + 1);
	if (!buf)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_seq(p + i, len - i);
		if (!n) {
			memcpy(buf + o, "\xEF\xBF\xBD", 3);   /* U+FFFD; NOLINT(bugprone-not-null-terminated-result): length-counted */
			o += 3;
			i++;
			continue;
		}
		memcpy(buf + o, p + i, n);
		o += n;
		i += n;
	}
	json_t *s = json_stringn(buf, o);
	free(buf);
	return s;
}

const char *json_decimal_text(double v, char *buf, size_t len)
{
	for (int prec = 0; prec <= 17; prec++) {
		str_printf(buf, len, "%.*f", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	if (!strchr(buf, '.'))
		strncat(buf, ".0", len - strlen(buf) - 1);
	return buf;
}

json_t *json_decimal(double v)
{
	char buf[64];
	return json_string(json_decimal_text(v, buf, sizeof(buf)));
}

/* The decimal form of ms / 1000 (the unit test holds the two equal),
 * without a floating-point search. */
const char *json_seconds_text(uint32_t ms, char buf[JSON_SECONDS_MAX])
{
	str_printf(buf, JSON_SECONDS_MAX, "%u.%03u", ms / 1000, ms % 1000);
	size_t n = strlen(buf);
	while (buf[n - 1] == '0' && buf[n - 2] != '.')
		buf[--n] = '\0';
	return buf;
}

json_t *json_seconds(uint32_t ms)
{
	char buf[JSON_SECONDS_MAX];
	return json_string(json_seconds_text(ms, buf));
}

json_t *json_time_ms(int64_t ms)
{
	if (ms <= 0)
		return json_null();
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[64], out[80];
	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm))
		return json_null();
	str_printf(out, sizeof(out), "%s.%03dZ", buf, (int)(ms % 1000));
	return json_string(out);
}
