/* cli_box.c - `pairbox box [OPTIONS] -- PROGRAM [ARG...]`, in the spirit of
 * isolate: one box, one run, the result as one JSON object on stdout.
 * Exit status: 0 when a result was produced (whatever the program did),
 * 1 when the sandbox could not be set up at all, 2 on a usage error. */
#define _GNU_SOURCE
#include "cli_box.h"
#include "box.h"
#include "box_json.h"
#include "box_opts.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct box_cli {
	struct box_limits l;
	uint64_t box_kb;
	int box_id;
	const char *stdin_file, *stdout_file, *stderr_file;
	const char *profile, *fault, *cgroup_parent, *state_dir, *keep;
	struct strlist env, copy_in, copy_out;
	bool net, merge;
};

#define F(x) offsetof(struct box_cli, x)
static const struct opt box_opts[] = {
	{ "box-id", OPT_INT, F(box_id), 0, "N", "box id, the box runs as uid 60000+N; the first free if not given",
	  "-1", "0", "65535" },
	BOX_OPT_LIMITS(F(l)),
	BOX_OPT_BOX_SIZE(F(box_kb)),
	{ "stdin", OPT_STR, F(stdin_file), 0, "FILE", "stdin from a host file (default: empty)", NULL, NULL, NULL },
	{ "stdout", OPT_STR, F(stdout_file), 0, "FILE", "also write the program's stdout to FILE", NULL, NULL, NULL },
	{ "stderr", OPT_STR, F(stderr_file), 0, "FILE", "also write the program's stderr to FILE", NULL, NULL, NULL },
	{ "merge-stderr", OPT_FLAG, F(merge), 0, NULL, "send stderr to the stdout stream", NULL, NULL, NULL },
	{ "env", OPT_LIST, F(env), 0, "NAME=VALUE", "add to the clean environment (repeatable)", NULL, NULL, NULL },
	{ "net", OPT_FLAG, F(net), 0, NULL, "share the host's network (default: loopback only)", NULL, NULL, NULL },
	{ "profile", OPT_STR, F(profile), 0, "NAME|PATH", "seccomp profile: a name in seccomp-profiles/ or a path",
	  "default", NULL, NULL },
	{ "copy-in", OPT_LIST, F(copy_in), 0, "SRC[:NAME]", "copy a host file into /box (repeatable)", NULL, NULL, NULL },
	{ "copy-out", OPT_LIST, F(copy_out), 0, "NAME:DEST", "copy /box/NAME to DEST after the run (repeatable)",
	  NULL, NULL, NULL },
	{ "keep", OPT_STR, F(keep), 0, "DIR", "copy all of /box into DIR after the run", NULL, NULL, NULL },
	{ "cgroup-parent", OPT_STR, F(cgroup_parent), 0, "PATH", "cgroup to create boxes under (default: our own)",
	  NULL, NULL, NULL },
	BOX_OPT_STATE_DIR(F(state_dir)),
	{ "fault", OPT_STR, F(fault), 0, "STEP", "testing: make a set-up step fail, an internal error "
	  "(`--fault help` lists the steps)", NULL, NULL, NULL },
	OPT_END,
};
#undef F

static const char usage[] = "usage: pairbox box [OPTIONS] -- PROGRAM [ARG...]\n\n"
	"Run PROGRAM in a fresh box and print the result as JSON (docs/result-keys.md).\n"
	"A SIZE takes a suffix k, M or G; a bare number is MB.";

static bool fault_known(const char *name)
{
	for (unsigned i = 0; box_fault_step(i); i++)
		if (strcmp(box_fault_step(i), name) == 0)
			return true;
	return false;
}

/* `--fault help`: the steps, one a line (tests/cli reads them); after an
 * unknown step, the same on the error's line. */
static void fault_list(FILE *f, const char *unknown)
{
	if (unknown)
		fprintf(f, "pairbox box: --fault %s: not a set-up step; one of:", unknown);
	for (unsigned i = 0; box_fault_step(i); i++)
		fprintf(f, unknown ? " %s" : "%s\n", box_fault_step(i));
	if (unknown)
		fputc('\n', f);
}

static int copy_in(struct box *b, const char *arg, char *err, size_t errlen)
{
	char src[4096];
	if (str_copy(src, sizeof(src), arg))
		return -ENAMETOOLONG;
	char *colon = strchr(src, ':');
	const char *name;
	if (colon) {
		*colon = '\0';
		name = colon + 1;
	} else {
		name = basename(src);
	}
	int r = box_put_host_file(b, name, src, 0);
	if (r)
		str_printf(err, errlen, "--copy-in %s: %s", arg, strerror(-r));
	return r;
}

static int write_host(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	int r = write_all(fd, data, len);
	close(fd);
	return r;
}

static int copy_out(struct box *b, const char *arg, uint64_t cap, char *err, size_t errlen)
{
	char name[4096];
	if (str_copy(name, sizeof(name), arg))
		return -ENAMETOOLONG;
	char *colon = strchr(name, ':');
	if (!colon) {
		str_printf(err, errlen, "--copy-out needs NAME:DEST, got '%s'", arg);
		return -EINVAL;
	}
	*colon = '\0';
	struct outbuf buf;
	outbuf_init(&buf, cap);
	int r = box_get_file(b, name, &buf);
	if (!r)
		r = write_host(colon + 1, buf.data ? buf.data : "", buf.len);
	if (r)
		str_printf(err, errlen, "--copy-out %s: %s", arg, strerror(-r));
	outbuf_release(&buf);
	return r;
}

__attribute__((format(printf, 2, 3)))
static void note_error(json_t *errors, const char *fmt, ...)
{
	char text[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	fprintf(stderr, "pairbox box: %s\n", text);
	json_array_append_new(errors, json_string(text));
}

int cli_box_main(int argc, char **argv)
{
	struct box_cli c;
	memset(&c, 0, sizeof(c));
	opts_defaults(box_opts, &c);
	char err[512] = "";
	int next, rc = 1;
	struct box_pool *pool = NULL;
	struct box *b = NULL;
	char *stdin_data = NULL;
	size_t stdin_len = 0;
	struct box_result res;
	box_result_init(&res);

	int r = opts_parse(box_opts, &c, argc, argv, &next, err, sizeof(err));
	if (r == 1) {
		opts_usage(stdout, usage, box_opts);
		rc = 0;
		goto out;
	}
	if (!r && c.fault && !fault_known(c.fault)) {
		rc = strcmp(c.fault, "help") == 0 ? 0 : 2;
		fault_list(rc ? stderr : stdout, rc ? c.fault : NULL);
		goto out;
	}
	if (r || next >= argc) {
		fprintf(stderr, "pairbox box: %s\n", r ? err : "no program given (pairbox box [OPTIONS] -- PROGRAM)");
		rc = 2;
		goto out;
	}
	if (c.stdin_file && (r = read_file(c.stdin_file, (size_t)1 << 30, &stdin_data, &stdin_len))) {
		fprintf(stderr, "pairbox box: --stdin %s: %s\n", c.stdin_file, strerror(-r));
		rc = 2;
		goto out;
	}

	struct box_config cfg;
	box_config_default(&cfg);
	cfg.first_id = c.box_id;
	cfg.max_boxes = c.box_id >= 0 ? (unsigned)c.box_id + 1 : cfg.max_boxes;
	cfg.box_kb = c.box_kb;
	cfg.cgroup_parent = c.cgroup_parent;
	cfg.fault = c.fault;
	cfg.state_dir = c.state_dir;
	/* helper_path stays NULL: this process is single-threaded, so the
	 * keeper is forked without exec, saving an exec per invocation.
	 * Pipelined: the run is prepared and sent while the keeper sets up
	 * the slot; only files to copy in wait for it first. */
	cfg.pipelined = true;
	if (box_pool_new(&cfg, &pool, err, sizeof(err)) || box_acquire(pool, &b, err, sizeof(err)) ||
	    (c.copy_in.n && box_wait_ready(b, err, sizeof(err)))) {
		fprintf(stderr, "pairbox box: %s\n", err);
		goto out;
	}
	for (size_t i = 0; i < c.copy_in.n; i++) {
		if (copy_in(b, c.copy_in.v[i], err, sizeof(err))) {
			fprintf(stderr, "pairbox box: %s\n", err);
			rc = 2;
			goto out;
		}
	}
	struct box_spec spec = {
		.argv = (const char *const *)(argv + next),
		.env = c.env.v,
		.stdin_data = stdin_data,
		.stdin_len = stdin_len,
		.limits = c.l,
		.network = c.net,
		.merge_stderr = c.merge,
		.profile = c.profile,
		.fault = c.fault,
		.last_run = true,
	};
	if (box_exec(b, &spec, &res) == -EIO) {       /* the slot's set-up failed */
		fprintf(stderr, "pairbox box: %s\n", res.message);
		goto out;
	}
	rc = 0;
	/* What fails after the run is reported on stderr and in "errors", so
	 * a script sees it without parsing messages; the result still stands. */
	json_t *errors = json_array();
	for (size_t i = 0; i < c.copy_out.n; i++)
		if (copy_out(b, c.copy_out.v[i], c.box_kb * 1024, err, sizeof(err)))
			note_error(errors, "%s", err);
	if (c.keep && (r = box_copy_out_all(b, c.keep)))
		note_error(errors, "--keep %s: %s", c.keep, strerror(-r));
	if (c.stdout_file && (r = write_host(c.stdout_file, res.out.data ? res.out.data : "", res.out.len)))
		note_error(errors, "--stdout %s: %s", c.stdout_file, strerror(-r));
	if (c.stderr_file && (r = write_host(c.stderr_file, res.err.data ? res.err.data : "", res.err.len)))
		note_error(errors, "--stderr %s: %s", c.stderr_file, strerror(-r));

	json_t *j = box_result_json(&res);
	json_object_set_new(j, "errors", errors);
	json_object_set_new(j, "box_id", json_integer(box_id(b)));
	json_object_set_new(j, "uid", json_integer((json_int_t)box_uid(b)));
	char *text = json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(10));
	json_decref(j);
	/* Release (and tear down) before printing: once the JSON is out, the
	 * box's processes, cgroup and mounts are already gone. */
	box_release(b);
	b = NULL;
	box_pool_free(pool);
	pool = NULL;
	if (text) {
		puts(text);
		free(text);
	}
out:
	if (b)
		box_release(b);
	box_pool_free(pool);
	box_result_release(&res);
	free(stdin_data);
	strlist_release(&c.env);
	strlist_release(&c.copy_in);
	strlist_release(&c.copy_out);
	return rc;
}
