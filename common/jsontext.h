/* jsontext.h - JSON text helpers shared by every layer (jansson underneath). */
#ifndef PAIRBOX_JSONTEXT_H
#define PAIRBOX_JSONTEXT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* A JSON string from arbitrary bytes: invalid UTF-8 sequences become
 * U+FFFD, so program output can never make the document invalid. New ref. */
json_t *json_text(const char *data, size_t len);

/* Numbers as Judge0 writes its decimal columns (Rails renders a BigDecimal
 * as BigDecimal#to_s("F")): the shortest decimal that reads back as v, at
 * least one digit after the point, never an exponent: "5.0", "0.25",
 * "0.002". Writes into buf (len bytes; 64 hold every value below 1e40)
 * and returns it. */
const char *json_decimal_text(double v, char *buf, size_t len);
json_t *json_decimal(double v);                         /* new ref */

/* Every time pairbox reports, in every view (the stored result, Judge0's
 * GET, list and batch, callbacks, the event stream, the native and problem
 * views, `pairbox run --json`): seconds from milliseconds in that decimal
 * form, "0.01", "1.5", "0.0", never "0.010". */
#define JSON_SECONDS_MAX 16
const char *json_seconds_text(uint32_t ms, char buf[JSON_SECONDS_MAX]);
json_t *json_seconds(uint32_t ms);                      /* new ref */

/* A time, unix milliseconds, as Rails renders a datetime (Judge0's
 * created_at): "2024-01-01T00:00:00.000Z", UTC; null for 0 or less. New
 * ref. */
json_t *json_time_ms(int64_t ms);

#endif
