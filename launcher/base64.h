/* base64.h - RFC 4648 base64 decoding, for Judge0's base64 fields
 * (additional_files, and everything with base64_encoded=true). */
#ifndef PAIRBOX_BASE64_H
#define PAIRBOX_BASE64_H

#include <stddef.h>

/* Decode len bytes of in (the standard alphabet, not URL-safe). Line
 * breaks, tabs and spaces anywhere are skipped (MIME-wrapped input, as
 * Ruby's encode64 writes it); '=' padding is optional but only at the end;
 * any other byte, or a lone trailing character, is -EINVAL. On success
 * *out is malloc'd (owned by the caller, NUL-terminated for convenience)
 * and *out_len its length. Returns 0, -EINVAL or -ENOMEM. */
int base64_decode(const char *in, size_t len, char **out, size_t *out_len);

#endif
