/* test_password.c - yescrypt passwords (api/password.c): a hash is
 * yescrypt with a fresh salt, the right password verifies and a wrong
 * one (one byte off, a prefix, longer) does not, up to 1024 bytes (past
 * libxcrypt's own 511), hashes of another method or damaged ones never
 * match even with the right password, and
 * threads hashing at once (more than the CPUs, so some wait) all get
 * right answers. */
#define _GNU_SOURCE
#include <crypt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "password.h"

static void test_round_trip(void)
{
	char a[PASSWORD_HASH_MAX], b[PASSWORD_HASH_MAX];
	CHECK_EQ_INT(password_hash("correct horse", a), 0);
	CHECK_EQ_INT(password_hash("correct horse", b), 0);
	CHECK(!strncmp(a, "$y$", 3));
	CHECK(strcmp(a, b) != 0);                     /* a fresh salt each time */
	CHECK(password_verify("correct horse", a));
	CHECK(password_verify("correct horse", b));
	CHECK(!password_verify("correct horsf", a));
	CHECK(!password_verify("Correct horse", a));
	CHECK(!password_verify("correct hors", a));
	CHECK(!password_verify("correct horse ", a));
	CHECK(!password_verify("", a));
	/* The longest password sign-up takes, and one byte less. */
	char big[1025];
	memset(big, 'x', 1024);
	big[1024] = '\0';
	CHECK_EQ_INT(password_hash(big, a), 0);
	CHECK(password_verify(big, a));
	big[1023] = '\0';
	CHECK(!password_verify(big, a));
	/* UTF-8 passwords are bytes. */
	CHECK_EQ_INT(password_hash("p\xc3\xa4ssw\xc3\xb6rd", a), 0);
	CHECK(password_verify("p\xc3\xa4ssw\xc3\xb6rd", a));
	CHECK(!password_verify("passw\xc3\xb6rd", a));
}

static void test_other_hashes(void)
{
	/* crypt_r would accept these settings and match what it hashed;
	 * password_verify must not: only yescrypt counts. (It would not match
	 * anyway, as what yescrypt hashes is a digest of the password: both
	 * rules are tested by the plain yescrypt hash below.) */
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	const char *settings[] = { "ab", "$1$saltsalt$", "$5$saltsalt$", "$6$saltsalt$" };
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const char *h = crypt_r("hunter2hunter2", settings[i], cd);
		CHECK(h && h[0] != '*');
		if (h)
			CHECK(!password_verify("hunter2hunter2", h));
	}
	/* A yescrypt hash of the password itself, not of its digest. */
	const char *plain = crypt_r("hunter2hunter2", "$y$j9T$pairboxdummysalt$", cd);
	CHECK(plain && !strncmp(plain, "$y$", 3));
	if (plain)
		CHECK(!password_verify("hunter2hunter2", plain));
	free(cd);
	char good[PASSWORD_HASH_MAX];
	CHECK_EQ_INT(password_hash("hunter2hunter2", good), 0);
	CHECK(!password_verify("hunter2hunter2", NULL));
	CHECK(!password_verify("hunter2hunter2", ""));
	CHECK(!password_verify("hunter2hunter2", "*0"));
	/* Damaged: the last character changed, the hash cut short. */
	char bad[PASSWORD_HASH_MAX];
	snprintf(bad, sizeof(bad), "%s", good);
	bad[strlen(bad) - 1] = bad[strlen(bad) - 1] == 'A' ? 'B' : 'A';
	CHECK(!password_verify("hunter2hunter2", bad));
	bad[strlen(bad) - 5] = '\0';
	CHECK(!password_verify("hunter2hunter2", bad));
	password_burn("hunter2hunter2");              /* no crash, nothing to check but the work */
}

#define NTHREADS 8

struct job {
	char password[32];
	int ok;
};

static void *hash_and_check(void *arg)
{
	struct job *j = arg;
	char h[PASSWORD_HASH_MAX];
	j->ok = password_hash(j->password, h) == 0 && password_verify(j->password, h) &&
		!password_verify("someone else's", h);
	return NULL;
}

static void test_threads(void)
{
	pthread_t t[NTHREADS];
	struct job jobs[NTHREADS];
	for (int i = 0; i < NTHREADS; i++) {
		snprintf(jobs[i].password, sizeof(jobs[i].password), "password-%d", i);
		jobs[i].ok = 0;
		CHECK_EQ_INT(pthread_create(&t[i], NULL, hash_and_check, &jobs[i]), 0);
	}
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], NULL);
		CHECK(jobs[i].ok);
	}
}

int main(void)
{
	test_round_trip();
	test_other_hashes();
	test_threads();
	return check_done();
}
