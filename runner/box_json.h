/* box_json.h - the one JSON serialisation of a box result. */
#ifndef PAIRBOX_BOX_JSON_H
#define PAIRBOX_BOX_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "box.h"
#include "jsontext.h"

/* Keys are documented in docs/result-keys.md. New reference. */
json_t *box_result_json(const struct box_result *r);

/* {"id": N, "description": "..."} as Judge0 has it. New reference. */
json_t *box_status_json(int status);

#endif
