/* judge_speed.c - end-to-end judging times through the library, as the
 * server will pay them.
 *
 * 1. Hello world in C, C++, Python 3 and Java: compile + run, with the compile
 *    cache cold (every compile a new key, as Judge0 compiles on every
 *    submission) and warm (the same program again). Median of N each.
 * 2. One solution against 100 small tests: pairbox's way (compile once,
 *    100 fresh boxes) against Judge0's way (100 submissions, each compiled
 *    and run on one input), both measured here.
 *
 * usage: judge_speed [N]   (default 10; must run as root) */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "box.h"
#include "cache.h"
#include "judge.h"
#include "util.h"

static struct box_pool *pool;
static struct compile_cache cache;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_u64);
	return v[n / 2];
}

/* One judgment; returns its wall time in microseconds, or 0 on failure. */
static uint64_t judge_once(const struct lang *l, const char *src, const struct judge_test *tests, size_t n,
			   bool use_cache)
{
	struct judge_req req = { .lang = l, .source = src, .source_len = strlen(src), .tests = tests, .ntests = n };
	compare_opts_default(&req.compare);
	box_limits_default(&req.run);
	judge_compile_limits(&req.compile);
	lang_apply_limits(l, &req.run, &req.compile);     /* the JVM's memory and threads */
	req.cache = use_cache ? &cache : NULL;
	struct judge_result res;
	judge_result_init(&res);
	char err[256];
	uint64_t t0 = now_us();
	int r = judge_run(pool, &req, &res, err, sizeof(err));
	uint64_t dt = now_us() - t0;
	int status = res.status;
	judge_result_release(&res);
	if (r || status != BOX_ST_ACCEPTED) {
		fprintf(stderr, "judge_speed: %s: status %d %s\n", l->name, status, r ? err : "");
		return 0;
	}
	return dt;
}

int main(int argc, char **argv)
{
	int n = 10;
	if (argc > 1 && (parse_int(argv[1], &n) || n < 1)) {
		fprintf(stderr, "usage: judge_speed [N]\n");
		return 2;
	}
	struct box_config cfg;
	box_config_default(&cfg);
	cfg.helper_path = PAIRBOX_BIN_PATH;
	cfg.binds = lang_all_binds();
	char err[256];
	if (box_pool_new(&cfg, &pool, err, sizeof(err)) || cache_open(&cache, box_pool_state_dir(pool), 256u << 20)) {
		fprintf(stderr, "judge_speed: %s\n", err);
		return 1;
	}
	/* A comment with a salt makes each cold program a new cache key. */
	static const struct { const char *lang, *open, *close, *body; } hello[] = {
		{ "c", "/*", "*/", "#include <stdio.h>\nint main(void){ puts(\"hello\"); return 0; }\n" },
		{ "cpp", "/*", "*/", "#include <iostream>\nint main(){ std::cout << \"hello\\n\"; }\n" },
		{ "python3", "#", "", "print('hello')\n" },
		{ "java", "/*", "*/", "public class Main { public static void main(String[] a) { System.out.println(\"hello\"); } }\n" },
	};
	struct judge_test one = { "1", NULL, 0, "hello\n", 6 };
	uint64_t *cold = calloc((size_t)n, sizeof(uint64_t)), *warm = calloc((size_t)n, sizeof(uint64_t));
	char src[512];
	int salt = (int)(now_us() % 1000000);
	printf("judge_speed: hello world end to end (compile + run), median of %d, %s\n", n, box_pool_describe(pool));
	printf("%-10s %14s %14s\n", "language", "cold ms", "warm cache ms");
	for (size_t k = 0; k < sizeof(hello) / sizeof(hello[0]); k++) {
		const struct lang *l = lang_find(hello[k].lang);
		if (!l) {
			printf("%-10s %14s\n", hello[k].lang, "not installed");
			continue;
		}
		for (int i = 0; i < n; i++) {
			snprintf(src, sizeof(src), "%s %d-%d %s\n%s", hello[k].open, salt, i, hello[k].close,
				 hello[k].body);                              /* a new key: cold */
			cold[i] = judge_once(l, src, &one, 1, true);
			warm[i] = judge_once(l, src, &one, 1, true);        /* the same again: warm */
			if (!cold[i] || !warm[i])
				goto fail;
		}
		printf("%-10s %14.1f %14.1f\n", l->name, median(cold, n) / 1000.0, median(warm, n) / 1000.0);
	}

	/* 100 tests: a+b. */
	enum { T = 100 };
	static struct judge_test tests[T];
	static char names[T][8], ins[T][32], answers[T][16];
	for (int i = 0; i < T; i++) {
		snprintf(names[i], sizeof(names[i]), "%03d", i);
		snprintf(ins[i], sizeof(ins[i]), "%d %d\n", i, i * 7);
		snprintf(answers[i], sizeof(answers[i]), "%d\n", i + i * 7);
		tests[i] = (struct judge_test){ names[i], ins[i], strlen(ins[i]), answers[i], strlen(answers[i]) };
	}
	const struct lang *c = lang_find("c");
	snprintf(src, sizeof(src), "#include <stdio.h>\n/* %d */\nint main(void){ long a, b; "
		 "if (scanf(\"%%ld %%ld\", &a, &b) != 2) return 1; printf(\"%%ld\\n\", a + b); return 0; }\n", salt);
	uint64_t ours = judge_once(c, src, tests, T, true);
	uint64_t judge0 = 0;
	for (int i = 0; i < T && ours; i++) {
		uint64_t t = judge_once(c, src, &tests[i], 1, false);  /* compile every time */
		if (!t)
			goto fail;
		judge0 += t;
	}
	printf("\n100 small tests, C (a+b):\n");
	printf("  pairbox, one submission with 100 tests (compile once):   %8.1f ms  (%.2f ms per test)\n",
	       ours / 1000.0, ours / 1000.0 / T);
	printf("  Judge0 style, 100 submissions each compiled and run:     %8.1f ms  (%.2f ms per test)\n",
	       judge0 / 1000.0, judge0 / 1000.0 / T);
	printf("  ratio: %.1fx\n", (double)judge0 / (double)ours);
	free(cold);
	free(warm);
	box_pool_free(pool);
	return 0;
fail:
	free(cold);
	free(warm);
	box_pool_free(pool);
	return 1;
}
