/* jsontext.h - JSON text helpers shared by every layer (jansson underneath). */
#ifndef PAIRBOX_JSONTEXT_H
#define PAIRBOX_JSONTEXT_H

#include <jansson.h>
#include <stddef.h>

/* A JSON string from arbitrary bytes: invalid UTF-8 sequences become
 * U+FFFD, so program output can never make the document invalid. New ref. */
json_t *json_text(const char *data, size_t len);

#endif
