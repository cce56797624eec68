/* yaml.h - the YAML subset of Kattis / ICPC problem packages, read into jansson values.
 *
 * Read: one document (optionally after %YAML and `---`, optionally ended by
 * `...`); block mappings and sequences by indentation, including compact
 * `- key: value` items and a sequence at its key's indentation; flow
 * sequences `[a, b]` and flow mappings `{a: 1}` (which may span lines);
 * plain, single-quoted and double-quoted scalars (with YAML's escapes and
 * line folding); `|` and `>` block scalars with chomping (+ -) and
 * indentation indicators; comments. Plain scalars are typed by the YAML 1.2
 * core schema: null/Null/NULL/~/empty -> null, true/false -> bool,
 * [-+]?[0-9]+, 0o.., 0x.. -> integer, decimal floats -> real, anything
 * else a string; quoted and block scalars are always strings; keys are
 * always strings (as written). An empty document is an empty object.
 *
 * Refused, with "line N: what" in err: anchors, aliases and tags (&a, *a,
 * !t, %TAG), complex keys (`? `), single-pair mappings inside flow
 * sequences, tabs as indentation, duplicate keys, several documents,
 * integers beyond 64 bits, .inf/.nan (JSON has none), NUL (also as \0),
 * other control characters and invalid UTF-8, nesting deeper than
 * YAML_MAX_DEPTH, and input larger than YAML_MAX_SIZE.
 */
#ifndef PAIRBOX_YAML_H
#define PAIRBOX_YAML_H

#include <jansson.h>
#include <stddef.h>

#define YAML_MAX_SIZE  (1u << 20)   /* bytes of input */
#define YAML_MAX_DEPTH 64           /* nested collections */

/* Parse text[0..len) (need not be NUL-terminated; CRLF is fine).
 * On success *out is a new reference (the caller decrefs it) and 0 is
 * returned. On failure *out is NULL and err (if errlen > 0) says why:
 * -EINVAL for a syntax error or anything outside the subset, -EFBIG when
 * len > YAML_MAX_SIZE, -ENOMEM. */
int yaml_parse(const char *text, size_t len, json_t **out, char *err, size_t errlen);

#endif
