/* box_json.h - the one JSON serialisation of a box result. */
#ifndef PAIRBOX_BOX_JSON_H
#define PAIRBOX_BOX_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "box.h"

/* A JSON string from arbitrary bytes: invalid UTF-8 sequences become
 * U+FFFD, so program output can never make the document invalid. New ref. */
json_t *json_text(const char *data, size_t len);

/* Keys are documented in docs/result-keys.md. New reference. */
json_t *box_result_json(const struct box_result *r);

/* {"id": N, "description": "..."} as Judge0 has it. New reference. */
json_t *box_status_json(int status);

#endif
