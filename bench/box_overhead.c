/* box_overhead.c - what a box costs on top of a bare fork+exec+wait.
 *
 * Loop 1 interleaves, N times each, a bare fork+exec+wait of /bin/true and
 * one run of /bin/true through the library (a long-lived pool, as the
 * server pays it). Loop 2 interleaves bare, the one-shot CLI
 * `pairbox box -- /bin/true` and, when installed, bubblewrap (no cgroups). Prints median and p90 per run
 * and each median's ratio to the bare one measured in the same run.
 *
 * usage: box_overhead [RUNS]   (default 300; must run as root) */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "box.h"
#include "util.h"

extern char **environ;

enum { BARE, LIBRARY, CLI, BWRAP, NKINDS };
static const char *const names[NKINDS] = {
	"bare fork+exec+wait", "pairbox library (in-process)", "pairbox box (CLI)", "bubblewrap (no cgroups)",
};

/* fork + execve + waitpid, literally: the baseline the issue names, and
 * how the one-shot commands are started too. */
static int spawn_wait(char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 1);
		execve(argv[0], argv, environ);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -EIO;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs = 300;
	if (argc > 1 && (parse_int(argv[1], &runs) || runs < 1)) {
		fprintf(stderr, "usage: box_overhead [RUNS]\n");
		return 2;
	}
	bool have_bwrap = access("/usr/bin/bwrap", X_OK) == 0;
	char *bare[] = { "/bin/true", NULL };
	char *cli[] = { PAIRBOX_BIN_PATH, "box", "--", "/bin/true", NULL };
	char *bwrap[] = { "/usr/bin/bwrap", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin",
			  "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
			  "--symlink", "usr/sbin", "/sbin", "--proc", "/proc", "--dev", "/dev",
			  "--tmpfs", "/tmp", "--unshare-all", "--die-with-parent", "--new-session",
			  "/bin/true", NULL };

	struct box_config cfg;
	box_config_default(&cfg);
	cfg.helper_path = PAIRBOX_BIN_PATH;    /* as the server does: exec'd keepers */
	char err[256];
	struct box_pool *pool;
	if (box_pool_new(&cfg, &pool, err, sizeof(err))) {
		fprintf(stderr, "box_overhead: %s\n", err);
		return 1;
	}
	const char *const true_argv[] = { "/bin/true", NULL };
	struct box_spec spec = { .argv = true_argv };
	box_limits_default(&spec.limits);
	struct box_result res;
	box_result_init(&res);
	char cgroups[512];
	str_copy(cgroups, sizeof(cgroups), box_pool_describe(pool));

	uint64_t *t[NKINDS];
	for (int k = 0; k < NKINDS; k++)
		t[k] = calloc((size_t)runs, sizeof(uint64_t));
	/* Two interleaved loops, each with its own bare baseline: the library
	 * alone (what the server pays per run), then the one-shot commands
	 * (whose namespace and cgroup teardown would otherwise disturb the
	 * library's figures). */
	static const int loops[2][3] = { { BARE, LIBRARY, -1 }, { BARE, CLI, BWRAP } };
	uint64_t *bare2 = calloc((size_t)runs, sizeof(uint64_t));
	for (int loop = 0; loop < 2; loop++) {
		for (int i = 0; i < runs; i++) {
			for (int j = 0; j < 3; j++) {
				int k = loops[loop][j];
				if (k < 0 || (k == BWRAP && !have_bwrap))
					continue;
				uint64_t a = now_us();
				int r = 0;
				if (k == BARE) {
					r = spawn_wait(bare);
				} else if (k == LIBRARY) {
					struct box *b;
					r = box_acquire(pool, &b, err, sizeof(err));
					if (!r) {
						box_exec(b, &spec, &res);
						r = res.status == BOX_ST_ACCEPTED ? 0 : -EIO;
						box_release(b);
					}
				} else {
					r = spawn_wait(k == CLI ? cli : bwrap);
				}
				uint64_t d = now_us() - a;
				if (k == BARE && loop == 1)
					bare2[i] = d;
				else
					t[k][i] = d;
				if (r) {
					fprintf(stderr, "box_overhead: %s failed on run %d (%s)\n", names[k], i, strerror(-r));
					return 1;
				}
			}
		}
		if (loop == 0) {
			/* The CLI loop must not share the pool's box ids. */
			box_pool_free(pool);
			pool = NULL;
		}
	}
	box_result_release(&res);

	printf("box_overhead: %d interleaved runs of /bin/true each, default limits, %s\n", runs, cgroups);
	printf("%-34s %10s %10s %8s\n", "", "median ms", "p90 ms", "x bare");
	double bare_med = 0;
	const size_t mid = (size_t)runs / 2, p90i = (size_t)runs * 9 / 10;   /* sample indexes */
	for (int k = 0; k < NKINDS; k++) {
		if (k == CLI) {                          /* second loop, second baseline */
			qsort(bare2, (size_t)runs, sizeof(uint64_t), cmp_u64);
			bare_med = (double)bare2[mid] / 1000.0;
			printf("%-34s %10.3f %10.3f %8.2f\n", "bare fork+exec+wait (loop 2)", bare_med,
			       (double)bare2[p90i] / 1000.0, 1.0);
		}
		if (k == BWRAP && !have_bwrap) {
			printf("%-34s %10s\n", names[k], "not installed");
			continue;
		}
		qsort(t[k], (size_t)runs, sizeof(uint64_t), cmp_u64);
		double med = (double)t[k][mid] / 1000.0, p90 = (double)t[k][p90i] / 1000.0;
		if (k == BARE)
			bare_med = med;
		printf("%-34s %10.3f %10.3f %8.2f\n", k == BARE ? "bare fork+exec+wait (loop 1)" : names[k], med, p90,
		       med / bare_med);
	}
	free(bare2);
	for (int k = 0; k < NKINDS; k++)
		free(t[k]);
	return 0;
}
