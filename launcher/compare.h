/* compare.h - output comparison. */
#ifndef PAIRBOX_COMPARE_H
#define PAIRBOX_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

/* Judge0's rule: trailing whitespace on each line and trailing blank lines
 * are ignored; everything else must match byte for byte. */
bool compare_judge0(const char *out, size_t out_len, const char *exp, size_t exp_len);

#endif
