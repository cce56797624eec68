/* base64.h - RFC 4648 base64 both ways, for Judge0's base64 fields
 * (additional_files, and everything with base64_encoded=true). */
#ifndef PAIRBOX_BASE64_H
#define PAIRBOX_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* Decode len bytes of in (the standard alphabet, not URL-safe). Line
 * breaks, tabs and spaces anywhere are skipped (MIME-wrapped input, as
 * Ruby's encode64 writes it); '=' padding is optional but only at the end;
 * any other byte, or a lone trailing character, is -EINVAL. On success
 * *out is malloc'd (owned by the caller, NUL-terminated for convenience)
 * and *out_len its length. Returns 0, -EINVAL or -ENOMEM. */
int base64_decode(const char *in, size_t len, char **out, size_t *out_len);

/* Encode len bytes of in. mime=false: one line (storage). mime=true: as
 * Ruby's Base64.encode64 writes it, which Judge0's responses use: a line
 * break after every 60 characters (45 bytes of input) and after the last
 * line; "" stays "". Returns an owned NUL-terminated string (its length in
 * *outlen when outlen is not NULL), or NULL on ENOMEM. */
char *base64_encode(const void *in, size_t len, bool mime, size_t *outlen);

#endif
