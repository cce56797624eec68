/* inspect.c - hostile reconnaissance: prints what the box lets a program see
 * (environment, descriptors, pids, ids, hostname, capabilities, cgroups,
 * network interfaces, directory listings, hard rlimits). The driver compares the output
 * with the expected view. Usage: inspect WHAT [ARG...]. Exits 0 unless the
 * inspection itself failed (then 1, or the errno). */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* env: every variable, sorted, one a line. */
static int i_env(int argc, char **argv)
{
	size_t n = 0;
	while (environ[n])
		n++;
	char **v = calloc(n + 1, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = environ[i];
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < n; i++)
		printf("%s\n", v[i]);
	return 0;
}

/* Sorted numeric entries of a directory, the listing's own fd excluded. */
static int list_numbers(const char *path, int skip_own_fd)
{
	DIR *d = opendir(path);
	if (!d)
		return errno;
	long v[4096];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 4096) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		long x = strtol(e->d_name, NULL, 10);
		if (skip_own_fd && x == dirfd(d))
			continue;
		v[n++] = x;
	}
	closedir(d);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && v[j - 1] > v[j]; j--) {
			long t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		printf("%s%ld", i ? " " : "", v[i]);
	printf("\n");
	return 0;
}

/* fds: open descriptors (SANDBOX-FD: must be "0 1 2"). */
static int i_fds(int argc, char **argv) { return list_numbers("/proc/self/fd", 1); }

/* pids: one line per pid visible in /proc, with a child alive meanwhile. */
static int i_pids(int argc, char **argv)
{
	int p[2];
	if (pipe(p))
		return errno;
	pid_t c = fork();
	if (c == 0) {
		char b;
		close(p[1]);
		while (read(p[0], &b, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	close(p[0]);
	DIR *d = opendir("/proc");
	if (!d)
		return errno;
	struct dirent *e;
	while ((e = readdir(d)))
		if (isdigit((unsigned char)e->d_name[0]))
			printf("%s\n", e->d_name);
	closedir(d);
	close(p[1]);
	waitpid(c, NULL, 0);
	return 0;
}

static int i_ids(int argc, char **argv)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	getresuid(&r, &e, &s);
	getresgid(&gr, &ge, &gs);
	printf("uid=%u,%u,%u gid=%u,%u,%u groups=%d\n", r, e, s, gr, ge, gs, getgroups(0, NULL));
	return 0;
}

static int i_hostname(int argc, char **argv)
{
	char h[256] = "";
	if (gethostname(h, sizeof(h)))
		return errno;
	printf("%s\n", h);
	return 0;
}

/* Print the lines of a file that start with one of the given prefixes. */
static int grep_file(const char *path, const char *const *prefixes)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return errno;
	char line[1024];
	while (fgets(line, sizeof(line), f))
		for (const char *const *p = prefixes; *p; p++)
			if (!strncmp(line, *p, strlen(*p)))
				fputs(line, stdout);
	fclose(f);
	return 0;
}

static int i_status(int argc, char **argv)
{
	static const char *const keys[] = { "Uid:", "Gid:", "Groups:", "CapInh:", "CapPrm:", "CapEff:",
		"CapBnd:", "CapAmb:", "NoNewPrivs:", "Seccomp:", NULL };
	return grep_file("/proc/self/status", keys);
}

/* cgroup: /proc/self/cgroup; exit 1 if a path is not "/" (SANDBOX-CGROUP). */
static int i_cgroup(int argc, char **argv)
{
	FILE *f = fopen("/proc/self/cgroup", "re");
	if (!f)
		return errno;
	char line[1024];
	int bad = 0;
	while (fgets(line, sizeof(line), f)) {
		fputs(line, stdout);
		char *path = strchr(line, ':');
		path = path ? strchr(path + 1, ':') : NULL;
		if (!path || strcmp(path + 1, "/\n"))
			bad = 1;
	}
	fclose(f);
	return bad;
}

/* netdev: interface names from /proc/net/dev, one a line. */
static int i_netdev(int argc, char **argv)
{
	FILE *f = fopen("/proc/net/dev", "re");
	if (!f)
		return errno;
	char line[1024];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		if (++n <= 2)
			continue;
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		char *name = line;
		while (*name == ' ')
			name++;
		printf("%s\n", name);
	}
	fclose(f);
	return 0;
}

/* ls DIR...: "DIR: name name" with sorted names, dot entries left out. */
static int i_ls(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		DIR *d = opendir(argv[i]);
		if (!d) {
			printf("%s: error %s\n", argv[i], strerrorname_np(errno));
			continue;
		}
		char *v[1024];
		size_t n = 0;
		struct dirent *e;
		while ((e = readdir(d)) && n < 1024)
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				v[n++] = strdup(e->d_name);
		closedir(d);
		qsort(v, n, sizeof(*v), cmp_str);
		printf("%s:", argv[i]);
		for (size_t k = 0; k < n; k++)
			printf(" %s", v[k]);
		printf("\n");
	}
	return 0;
}

/* rlimits: the hard limits a program could raise itself to. */
static int i_rlimits(int argc, char **argv)
{
	static const struct { const char *name; int res; } lim[] = {
		{ "rtprio", RLIMIT_RTPRIO }, { "rttime", RLIMIT_RTTIME }, { "nice", RLIMIT_NICE },
		{ "memlock", RLIMIT_MEMLOCK }, { "core", RLIMIT_CORE },
	};
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < sizeof(lim) / sizeof(lim[0]); i++) {
		struct rlimit rl;
		if (getrlimit(lim[i].res, &rl))
			return errno;
		printf("%s%s=%llu", i ? " " : "", lim[i].name, (unsigned long long)rl.rlim_max);
	}
	printf("\n");
	return 0;
}

struct inspection {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct inspection table[] = {
	{ "env", i_env }, { "fds", i_fds }, { "pids", i_pids }, { "ids", i_ids },
	{ "hostname", i_hostname }, { "status", i_status }, { "cgroup", i_cgroup },
	{ "netdev", i_netdev }, { "ls", i_ls }, { "rlimits", i_rlimits }, { NULL, NULL },
};

int main(int argc, char **argv)
{
	if (argc < 2)
		return 200;
	for (const struct inspection *t = table; t->name; t++)
		if (!strcmp(t->name, argv[1])) {
			int r = t->fn(argc - 1, argv + 1);
			fflush(stdout);
			return r;
		}
	fprintf(stderr, "inspect: unknown %s\n", argv[1]);
	return 200;
}
