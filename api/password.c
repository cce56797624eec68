/* password.c - yescrypt password hashes through libxcrypt (password.h),
 * a bounded number at once. */
#define _GNU_SOURCE
#include "password.h"
#include "base64.h"
#include "sha256.h"
#include "util.h"

#include <crypt.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* At most one hash per CPU at once (16 MiB each at the default cost). */
static sem_t slots;
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;
/* A setting of the default cost for the work of a hash that cannot match
 * (nothing is ever compared against it); made once, as new hashes are. */
static char dummy_setting[CRYPT_GENSALT_OUTPUT_SIZE];

static void slots_init(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	sem_init(&slots, 0, n < 1 ? 1 : n > 64 ? 64 : (unsigned)n);
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, dummy_setting, sizeof(dummy_setting)))
		str_copy(dummy_setting, sizeof(dummy_setting), "$y$j9T$pairboxdummysalt$");
}

/* What yescrypt is given for password: base64 of SHA-256(prefix,
 * password). Owned, or NULL when out of memory. */
static char *passphrase_of(const char *password)
{
	static const char prefix[] = "pairbox password v1";
	struct sha256 h;
	unsigned char d[32];
	sha256_init(&h);
	sha256_update(&h, prefix, sizeof(prefix));      /* its NUL too: the prefix ends there */
	sha256_update(&h, password, strlen(password));
	sha256_final(&h, d);
	char *p = base64_encode(d, sizeof(d), false, NULL);
	explicit_bzero(d, sizeof(d));
	explicit_bzero(&h, sizeof(h));
	return p;
}

/* crypt_r of password with setting into out (a yescrypt hash, or "" when
 * libxcrypt refuses). 0, -ENOMEM or -EIO. */
static int hash_with(const char *password, const char *setting, char out[PASSWORD_HASH_MAX])
{
	out[0] = '\0';
	struct crypt_data *cd = calloc(1, sizeof(*cd));   /* 32 KiB: not on a connection thread's stack */
	char *phrase = passphrase_of(password);
	if (!cd || !phrase) {
		free(cd);
		free(phrase);
		return -ENOMEM;
	}
	pthread_once(&slots_once, slots_init);
	while (sem_wait(&slots) && errno == EINTR)
		;
	const char *h = crypt_r(phrase, setting, cd);
	sem_post(&slots);
	explicit_bzero(phrase, strlen(phrase));
	free(phrase);
	/* On failure crypt_r answers NULL or a string starting with '*'. */
	int r = h && !strncmp(h, "$y$", 3) && !str_copy(out, PASSWORD_HASH_MAX, h) ? 0 : -EIO;
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	if (r)
		out[0] = '\0';
	return r;
}

int password_hash(const char *password, char out[PASSWORD_HASH_MAX])
{
	char setting[CRYPT_GENSALT_OUTPUT_SIZE];
	/* Cost 0: libxcrypt's default for yescrypt; the salt from getrandom. */
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, setting, sizeof(setting)))
		return errno == ENOMEM ? -ENOMEM : -EIO;
	return hash_with(password, setting, out);
}

/* Equal texts, in a time that depends on their lengths only. */
static bool same_text(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	volatile unsigned char diff = la != lb;
	for (size_t i = 0; i < la && i < lb; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

bool password_verify(const char *password, const char *hash)
{
	char got[PASSWORD_HASH_MAX];
	bool yescrypt = hash && !strncmp(hash, "$y$", 3);
	pthread_once(&slots_once, slots_init);
	if (hash_with(password, yescrypt ? hash : dummy_setting, got))
		return false;
	bool ok = yescrypt && same_text(got, hash);
	explicit_bzero(got, sizeof(got));
	return ok;
}

void password_burn(const char *password)
{
	password_verify(password, NULL);
}
