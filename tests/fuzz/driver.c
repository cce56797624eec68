/* driver.c - runs a fuzz target without libFuzzer, so every build (gcc,
 * the ASan preset, CI) replays the seeds and a fixed set of mutations of
 * them. The fuzz preset links the same targets with -fsanitize=fuzzer
 * instead, for coverage-guided runs (docs/fuzzing.md).
 *
 * usage: fuzz_NAME [--mutations N] [--seed S] PATH...
 * PATH is a file or a directory of files (not recursive). Each input goes
 * to LLVMFuzzerTestOneInput in a buffer of exactly its size, so an
 * overread is an ASan report. Then N mutants of each input: 1-4 edits
 * (bit flip, byte set, insert, delete a range, duplicate a range, splice
 * from another input), from a xorshift generator seeded with S, so a
 * failure reproduces with the same command. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define HAVE_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_SANITIZER 1
#endif
#endif
#ifdef HAVE_SANITIZER
void __sanitizer_set_death_callback(void (*callback)(void));
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#define FUZZ_MAX_INPUT (1u << 20)

struct input {
	uint8_t *data;
	size_t len;
	char *name;
};

static struct input *inputs;
static size_t ninputs, cap;
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t below(size_t n)
{
	return n ? (size_t)(next() % n) : 0;
}

static int add_file(const char *path)
{
	if (ninputs == cap) {
		size_t ncap = cap ? cap * 2 : 64;
		struct input *p = realloc(inputs, ncap * sizeof(*p));
		if (!p)
			return -1;
		inputs = p;
		cap = ncap;
	}
	FILE *f = fopen(path, "rb");
	struct stat st;
	if (!f || fstat(fileno(f), &st)) {
		fprintf(stderr, "fuzz driver: %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	size_t want = st.st_size < FUZZ_MAX_INPUT ? (size_t)st.st_size : FUZZ_MAX_INPUT;
	struct input *in = &inputs[ninputs];
	in->data = malloc(want ? want : 1);
	in->len = in->data ? fread(in->data, 1, want, f) : 0;
	in->name = strdup(path);
	fclose(f);
	if (!in->data || !in->name) {
		free(in->data);
		free(in->name);
		return -1;
	}
	ninputs++;
	return 0;
}

static int add_path(const char *path)
{
	struct stat st;
	if (stat(path, &st)) {
		fprintf(stderr, "fuzz driver: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return add_file(path);
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort), r = 0;
	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		char full[4096];
		if (names[i]->d_name[0] != '.' &&
		    snprintf(full, sizeof(full), "%s/%s", path, names[i]->d_name) < (int)sizeof(full) &&
		    stat(full, &st) == 0 && S_ISREG(st.st_mode))
			r |= add_file(full);
		free(names[i]);
	}
	free(names);
	return r;
}

static const uint8_t *current;
static size_t current_len;

/* On a crash, the input that caused it goes to ./fuzz-crash.bin, so it
 * can be replayed alone (fuzz_NAME fuzz-crash.bin) and kept as a seed. */
static void save_current(void)
{
	static const char msg[] = "fuzz driver: the input is in fuzz-crash.bin\n";
	if (!current)
		return;
	/* Also called from a signal handler: only async-signal-safe calls. */
	int fd = open("fuzz-crash.bin", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		for (size_t done = 0; done < current_len;) {
			ssize_t w = write(fd, current + done, current_len - done);
			if (w <= 0)
				break;
			done += (size_t)w;
		}
		close(fd);
		(void)!write(2, msg, sizeof(msg) - 1);
	}
	current = NULL;
}

static void on_abort(int sig)
{
	save_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One input in a heap block of exactly its size. */
static void run_one(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	if (!copy)
		abort();
	if (len)
		memcpy(copy, data, len);
	current = copy;
	current_len = len;
	LLVMFuzzerTestOneInput(copy, len);
	current = NULL;
	free(copy);
}

static size_t mutate(uint8_t *buf, size_t len, size_t max)
{
	static const uint8_t special[] = { 0, '\n', ' ', '"', '\'', '\\', '{', '}', '[', ']', ':', ',',
					   '-', '#', '0', '9', '.', 'e', '=', '|', '>', 0x7f, 0x80, 0xff };
	int edits = 1 + (int)below(4);
	for (int e = 0; e < edits; e++) {
		size_t at = below(len + 1), n;
		switch (below(7)) {
		case 0:
			if (len)
				buf[below(len)] ^= (uint8_t)(1u << below(8));
			break;
		case 1:
			if (len)
				buf[below(len)] = special[below(sizeof(special))];
			break;
		case 2:
			if (len < max) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = below(2) ? special[below(sizeof(special))] : (uint8_t)next();
				len++;
			}
			break;
		case 3:
			n = below(len - (at < len ? at : len) + 1);
			if (at < len) {
				memmove(buf + at, buf + at + n, len - at - n);
				len -= n;
			}
			break;
		case 4:
			if (len) {
				size_t from = below(len);
				n = below(len - from + 1);
				if (n && len + n <= max) {
					memmove(buf + at + n, buf + at, len - at);
					memmove(buf + at, buf + (from >= at ? from + n : from), n);
					len += n;
				}
			}
			break;
		case 5: {
			const struct input *o = &inputs[below(ninputs)];
			if (o->len) {
				size_t from = below(o->len);
				n = below(o->len - from + 1);
				if (len + n <= max) {
					memmove(buf + at + n, buf + at, len - at);
					memcpy(buf + at, o->data + from, n);
					len += n;
				}
			}
			break;
		}
		default:
			len = below(len + 1);   /* truncate */
			break;
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	long mutations = 0;
	signal(SIGABRT, on_abort);
	signal(SIGSEGV, on_abort);
#ifdef HAVE_SANITIZER
	__sanitizer_set_death_callback(save_current);
#endif
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i += 2) {
		if (i + 1 >= argc)
			goto usage;
		if (!strcmp(argv[i], "--mutations"))
			mutations = strtol(argv[i + 1], NULL, 10);
		else if (!strcmp(argv[i], "--seed"))
			rng = strtoull(argv[i + 1], NULL, 0) | 1;
		else
			goto usage;
	}
	if (i == argc)
		goto usage;
	for (; i < argc; i++)
		if (add_path(argv[i]))
			return 1;
	if (!ninputs) {
		fprintf(stderr, "fuzz driver: no inputs\n");
		return 1;
	}
	for (size_t k = 0; k < ninputs; k++)
		run_one(inputs[k].data, inputs[k].len);
	size_t max = 0;
	for (size_t k = 0; k < ninputs; k++)
		max = inputs[k].len > max ? inputs[k].len : max;
	max = max * 2 + 64;
	uint8_t *buf = malloc(max);
	if (!buf)
		return 1;
	for (size_t k = 0; k < ninputs; k++) {
		for (long m = 0; m < mutations; m++) {
			size_t len = inputs[k].len < max ? inputs[k].len : max;
			memcpy(buf, inputs[k].data, len);
			len = mutate(buf, len, max);
			run_one(buf, len);
		}
	}
	printf("%zu inputs, %ld mutations of each: no crash\n", ninputs, mutations);
	free(buf);
	for (size_t k = 0; k < ninputs; k++) {
		free(inputs[k].data);
		free(inputs[k].name);
	}
	free(inputs);
	return 0;
usage:
	fprintf(stderr, "usage: %s [--mutations N] [--seed S] PATH...\n", argv[0]);
	return 2;
}
