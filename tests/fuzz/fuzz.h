/* fuzz.h - what the fuzz targets share: the libFuzzer entry points and a
 * check that aborts (a finding) when a property of the parser fails. */
#ifndef PAIRBOX_FUZZ_H
#define PAIRBOX_FUZZ_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, what)                                                              \
	do {                                                                                \
		if (!(cond)) {                                                              \
			fprintf(stderr, "%s:%d: property failed: %s\n", __FILE__, __LINE__, what); \
			abort();                                                            \
		}                                                                           \
	} while (0)

/* A parser's refusal: nothing made, and the reason written (or no memory). */
#define FUZZ_REFUSED(r, made, err, what) \
	FUZZ_CHECK((made) == NULL && ((r) == -ENOMEM || (err)[0]), what)

/* A NUL-terminated copy of the input (parsers that take C strings). */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	for (size_t i = 0; i < size; i++)
		s[i] = (char)data[i];
	s[size] = '\0';
	return s;
}

#endif
