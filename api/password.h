/* password.h - passwords as yescrypt hashes (libxcrypt: crypt_gensalt_rn
 * with "$y$" and its default cost, then crypt_r), verified in constant
 * time. A hash costs about 20 ms of CPU and 16 MiB of memory, so at most
 * one hash per CPU runs at once and the others wait their turn: a burst
 * of logins queues instead of taking the server's memory.
 *
 * libxcrypt takes passphrases of at most 511 bytes and passwords may have
 * 1024, so what yescrypt hashes is the password's SHA-256 (after a
 * pairbox prefix, so that an unsalted SHA-256 of the same password leaked
 * elsewhere is no key here), in base64: 44 bytes whatever the password. */
#ifndef PAIRBOX_PASSWORD_H
#define PAIRBOX_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_HASH_MAX 128        /* "$y$j9T$<salt>$<hash>" is 73 characters */

/* A new hash of password (a C string) with a fresh random salt into
 * out. 0, -ENOMEM, or -EIO when libxcrypt refuses. */
int password_hash(const char *password, char out[PASSWORD_HASH_MAX]);

/* Does password match hash? Only a yescrypt hash ("$y$...") can match:
 * anything else (an empty or damaged column) is false after the same
 * work, never an older, weaker method that crypt_r would also accept.
 * The comparison takes the same time wherever the texts differ. */
bool password_verify(const char *password, const char *hash);

/* The same work as a password_verify() that fails, for a user who does
 * not exist, so that an unknown username answers in about the same time. */
void password_burn(const char *password);

#endif
