/* judge.c - compile once, run every test in a fresh box, compare (judge.h). */
#define _GNU_SOURCE
#include "judge.h"
#include "box_json.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void judge_compile_limits(struct box_limits *l)
{
	box_limits_default(l);
	l->cpu_ms = 10000;
	l->extra_ms = 500;
	l->wall_ms = 20000;
	l->memory_kb = 512 * 1024;
	l->processes = 64;             /* gcc runs cc1, as, collect2, ld */
	l->fsize_kb = 64 * 1024;       /* the artifact */
	l->tmp_kb = 256 * 1024;
	l->output_bytes = 64 * 1024;   /* compiler messages kept */
}

void judge_result_init(struct judge_result *r)
{
	memset(r, 0, sizeof(*r));
	outbuf_init(&r->compile_output, 0);
}

void judge_result_release(struct judge_result *r)
{
	for (size_t i = 0; i < r->ntests; i++)
		box_result_release(&r->tests[i].run);
	free(r->tests);
	outbuf_release(&r->compile_output);
	judge_result_init(r);
}

int judge_split_args(const char *s, char ***argv_out, size_t *argc_out)
{
	size_t len = s ? strlen(s) : 0;
	/* At most len/2+1 words; strings fit in len+1 bytes with their NULs. */
	size_t maxw = len / 2 + 2;
	char **argv = malloc(maxw * sizeof(char *) + len + 1);
	if (!argv)
		return -ENOMEM;
	char *out = (char *)(argv + maxw);
	size_t argc = 0;
	const char *p = s ? s : "";
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (!*p)
			break;
		argv[argc++] = out;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') {
			if (*p == '\'' || *p == '"') {
				char q = *p++;
				const char *end = strchr(p, q);
				if (!end) {
					free(argv);
					return -EINVAL;
				}
				memcpy(out, p, (size_t)(end - p));
				out += end - p;
				p = end + 1;
			} else {
				*out++ = *p++;
			}
		}
		*out++ = '\0';
	}
	argv[argc] = NULL;
	*argv_out = argv;
	*argc_out = argc;
	return 0;
}

/* base[0..at), extra..., base[at...]: compiler options go where the
 * language says (lang.options_at), arguments after the program (at =
 * SIZE_MAX: the end). */
static const char **join_argv(const char *const *base, char **extra, size_t nextra, size_t at)
{
	size_t nb = 0;
	while (base[nb])
		nb++;
	const char **v = calloc(nb + nextra + 1, sizeof(char *));
	if (!v)
		return NULL;
	size_t k = 0, split = at < nb ? at : nb;
	for (size_t i = 0; i < split; i++)
		v[k++] = base[i];
	for (size_t i = 0; i < nextra; i++)
		v[k++] = extra[i];
	for (size_t i = split; i < nb; i++)
		v[k++] = base[i];
	return v;
}

static void emit(const struct judge_req *req, const struct judge_event *ev)
{
	if (req->progress)
		req->progress(req->progress_ctx, ev);
}

/* ---- the workspace: what each test's fresh box starts with ---- */

static int make_workspace(struct box_pool *pool, char *dir, size_t len)
{
	char parent[PATH_MAX];
	if (str_printf(parent, sizeof(parent), "%s/work", box_pool_state_dir(pool)) ||
	    str_printf(dir, len, "%s/judge-XXXXXX", parent))
		return -ENAMETOOLONG;
	if (mkdir(parent, 0700) && errno != EEXIST)
		return -errno;
	return mkdtemp(dir) ? 0 : -errno;
}

/* A compile that fails or is stopped is a compilation error (6); only the
 * sandbox's own failure is an internal error (13). */
static int compile(struct box *b, const struct judge_req *req, const char *const *argv, struct judge_result *res)
{
	struct box_result cr;
	box_result_init(&cr);
	struct box_spec spec = { .argv = argv, .limits = req->compile, .merge_stderr = true,
				 .env = req->lang->env, .profile = req->lang->profile };
	box_exec(b, &spec, &cr);
	outbuf_release(&res->compile_output);
	outbuf_init(&res->compile_output, req->compile.output_bytes);
	outbuf_append(&res->compile_output, cr.out.data, cr.out.len);
	int status = cr.status;
	if (status == BOX_ST_INTERNAL_ERROR) {
		str_copy(res->message, sizeof(res->message), cr.message);
	} else if (status != BOX_ST_ACCEPTED) {
		const char *why = cr.hit == BOX_HIT_TIME ? "Compilation time limit exceeded"
				: cr.hit == BOX_HIT_WALL ? "Compilation wall time limit exceeded"
				: cr.hit == BOX_HIT_MEMORY ? "Compilation memory limit exceeded"
				: cr.hit == BOX_HIT_OUTPUT ? "Compilation output limit exceeded"
				: cr.message[0] ? cr.message : "Compiler exited with an error";
		str_copy(res->message, sizeof(res->message), why);
		status = BOX_ST_COMPILE_ERROR;
	}
	box_result_release(&cr);
	return status;
}

/* Source in, compile (if the language compiles), everything /box then
 * holds out into the workspace. Returns a status (3 = ready to run). */
static int prepare(struct box_pool *pool, const struct judge_req *req, const char *const *cargv,
		   const char *work, struct judge_result *res, char *err, size_t errlen)
{
	struct box *b;
	int r = box_acquire(pool, &b, err, errlen);
	if (r)
		return -1;
	int status = BOX_ST_ACCEPTED;
	r = box_put_file(b, req->lang->source, req->source, req->source_len, 0644);
	if (r) {
		str_printf(res->message, sizeof(res->message), "cannot write the source into the box: %s", strerror(-r));
		status = BOX_ST_INTERNAL_ERROR;
		goto out;
	}
	if (cargv) {
		emit(req, &(struct judge_event){ .kind = JUDGE_COMPILING });
		status = compile(b, req, cargv, res);
		emit(req, &(struct judge_event){ .kind = JUDGE_COMPILED, .status = status });
		if (status != BOX_ST_ACCEPTED)
			goto out;
	}
	if ((r = box_copy_out_all(b, work))) {
		str_printf(res->message, sizeof(res->message), "cannot keep the compiled program: %s", strerror(-r));
		status = BOX_ST_INTERNAL_ERROR;
	}
out:
	box_release(b);
	return status;
}

/* One test in a fresh box, number_of_runs times (stopping at the first
 * failure); times and memory are the mean over the runs made. */
static int run_test(struct box_pool *pool, const struct judge_req *req, const char *work,
		    const char *const *argv, const struct judge_test *t, struct judge_test_result *tr,
		    char *err, size_t errlen)
{
	struct box *b;
	int r = box_acquire(pool, &b, err, errlen);
	if (r)
		return r;
	r = box_put_host_dir(b, work);
	if (r) {
		tr->status = BOX_ST_INTERNAL_ERROR;
		str_printf(tr->message, sizeof(tr->message), "cannot copy the program into the box: %s", strerror(-r));
		box_release(b);
		return 0;
	}
	struct box_spec spec = { .argv = argv, .stdin_data = t->input, .stdin_len = t->input_len, .limits = req->run,
				 .env = req->lang->env, .profile = req->lang->profile };
	unsigned runs = req->runs > 1 ? req->runs : 1, done = 0;
	uint64_t cpu = 0, wall = 0, mem = 0;
	while (done < runs) {
		box_exec(b, &spec, &tr->run);
		done++;
		cpu += tr->run.cpu_ms;
		wall += tr->run.wall_ms;
		mem += tr->run.memory_kb;
		if (tr->run.status != BOX_ST_ACCEPTED)
			break;
	}
	tr->cpu_ms = (uint32_t)(cpu / done);
	tr->wall_ms = (uint32_t)(wall / done);
	tr->memory_kb = mem / done;
	tr->status = tr->run.status;
	str_copy(tr->message, sizeof(tr->message), tr->run.message);
	if (tr->status == BOX_ST_ACCEPTED && t->answer &&
	    !compare_output(&req->compare, tr->run.out.data, tr->run.out.len, t->answer, t->answer_len,
			    tr->message, sizeof(tr->message)))
		tr->status = BOX_ST_WRONG_ANSWER;
	box_release(b);
	return 0;
}

int judge_run(struct box_pool *pool, const struct judge_req *req, struct judge_result *res,
	      char *err, size_t errlen)
{
	char work[PATH_MAX], snap[PATH_MAX], key[65];
	char **args = NULL, **opts = NULL;
	size_t nargs = 0, nopts = 0;
	const char **argv = NULL, **cargv = NULL;
	int r, lock = -1;
	bool keyed = false;
	judge_result_release(res);
	res->tests = calloc(req->ntests, sizeof(*res->tests));
	if (!res->tests)
		return -ENOMEM;
	res->ntests = req->ntests;
	for (size_t i = 0; i < req->ntests; i++)
		box_result_init(&res->tests[i].run);
	if ((r = make_workspace(pool, work, sizeof(work)))) {
		str_printf(err, errlen, "cannot make a workspace: %s", strerror(-r));
		return r;
	}
	str_copy(snap, sizeof(snap), work);
	if (req->lang->compile) {
		if (judge_split_args(req->compiler_options, &opts, &nopts)) {
			res->status = BOX_ST_COMPILE_ERROR;
			str_copy(res->message, sizeof(res->message), "compiler options: unbalanced quote");
			r = 0;
			goto done;
		}
		if (!(cargv = join_argv(req->lang->compile, opts, nopts, req->lang->options_at))) {
			r = -ENOMEM;
			goto out;
		}
		keyed = req->cache && cache_key(req->lang, cargv, req->source, req->source_len, key) == 0;
	}
	if (keyed && cache_get(req->cache, key, snap, sizeof(snap), &lock) == 0) {
		res->cache = JUDGE_CACHE_HIT;          /* compiled before: nothing to do */
		res->status = BOX_ST_ACCEPTED;
	} else {
		res->status = prepare(pool, req, cargv, work, res, err, errlen);
		if (res->status < 0) {
			r = -EBUSY;
			goto out;
		}
		if (keyed && res->status == BOX_ST_ACCEPTED) {
			res->cache = JUDGE_CACHE_MISS;
			if (cache_put(req->cache, key, work, snap, sizeof(snap), &lock))
				str_copy(snap, sizeof(snap), work);   /* raced or failed: run from the work space */
			cache_trim(req->cache);
		}
	}
	r = 0;
	if (res->status != BOX_ST_ACCEPTED)
		goto done;
	if (judge_split_args(req->args, &args, &nargs) || !(argv = join_argv(req->lang->run, args, nargs, SIZE_MAX))) {
		res->status = BOX_ST_INTERNAL_ERROR;
		str_copy(res->message, sizeof(res->message), "command-line arguments: unbalanced quote");
		goto done;
	}
	for (size_t i = 0; i < req->ntests; i++) {
		struct judge_test_result *tr = &res->tests[i];
		str_copy(tr->name, sizeof(tr->name), req->tests[i].name ? req->tests[i].name : "");
		if ((r = run_test(pool, req, snap, argv, &req->tests[i], tr, err, errlen)))
			goto out;
		res->nrun++;
		emit(req, &(struct judge_event){ .kind = JUDGE_TEST_DONE, .status = tr->status, .test = i + 1,
						 .ntests = req->ntests, .name = req->tests[i].name,
						 .cpu_ms = tr->cpu_ms, .wall_ms = tr->wall_ms,
						 .memory_kb = tr->memory_kb });
		/* The first failing test decides the overall verdict. */
		if (res->status == BOX_ST_ACCEPTED && tr->status != BOX_ST_ACCEPTED) {
			res->status = tr->status;
			if (req->ntests > 1)
				str_printf(res->message, sizeof(res->message), "test %s: %s", req->tests[i].name,
					   tr->message[0] ? tr->message : box_status_description(tr->status));
			else
				str_copy(res->message, sizeof(res->message), tr->message);
		}
	}
done:
	emit(req, &(struct judge_event){ .kind = JUDGE_FINISHED, .status = res->status });
out:
	cache_unlock(lock);
	free(argv);
	free(args);
	free(cargv);
	free(opts);
	remove_tree(AT_FDCWD, work);         /* gone already if it became an entry */
	return r;
}

static json_t *seconds_string(uint32_t ms)
{
	char buf[32];
	str_printf(buf, sizeof(buf), "%u.%03u", ms / 1000, ms % 1000);
	return json_string(buf);
}

/* The test whose output a Judge0-shaped result shows: the first failing
 * one, else the last one run. */
static const struct judge_test_result *deciding(const struct judge_result *r)
{
	for (size_t i = 0; i < r->nrun; i++)
		if (r->tests[i].status != BOX_ST_ACCEPTED)
			return &r->tests[i];
	return r->nrun ? &r->tests[r->nrun - 1] : NULL;
}

json_t *judge_result_json(const struct judge_result *r)
{
	const struct judge_test_result *t = deciding(r);
	const struct box_result *run = t ? &t->run : NULL;
	json_t *o = json_object();
	json_object_set_new(o, "status", box_status_json(r->status));
	json_object_set_new(o, "stdout", run ? json_text(run->out.data, run->out.len) : json_null());
	json_object_set_new(o, "stderr", run ? json_text(run->err.data, run->err.len) : json_null());
	json_object_set_new(o, "compile_output", r->compile_output.len
			    ? json_text(r->compile_output.data, r->compile_output.len) : json_null());
	json_object_set_new(o, "message", r->message[0] ? json_string(r->message) : json_null());
	json_object_set_new(o, "exit_code", run && run->exit_code >= 0 ? json_integer(run->exit_code) : json_null());
	json_object_set_new(o, "exit_signal", run && run->exit_signal ? json_integer(run->exit_signal) : json_null());
	json_object_set_new(o, "time", t ? seconds_string(t->cpu_ms) : json_null());
	json_object_set_new(o, "wall_time", t ? seconds_string(t->wall_ms) : json_null());
	json_object_set_new(o, "memory", t ? json_integer((json_int_t)t->memory_kb) : json_null());
	/* Beyond Judge0: whether the compile came from the cache. */
	if (r->cache != JUDGE_CACHE_NONE)
		json_object_set_new(o, "compile_cache", json_string(r->cache == JUDGE_CACHE_HIT ? "hit" : "miss"));
	if (r->ntests > 1) {
		json_t *tests = json_array();
		for (size_t i = 0; i < r->nrun; i++) {
			const struct judge_test_result *x = &r->tests[i];
			json_t *j = json_object();
			json_object_set_new(j, "name", json_text(x->name, strlen(x->name)));
			json_object_set_new(j, "status", box_status_json(x->status));
			json_object_set_new(j, "time", seconds_string(x->cpu_ms));
			json_object_set_new(j, "wall_time", seconds_string(x->wall_ms));
			json_object_set_new(j, "memory", json_integer((json_int_t)x->memory_kb));
			json_object_set_new(j, "message", x->message[0] ? json_string(x->message) : json_null());
			json_object_set_new(j, "exit_code", x->run.exit_code >= 0 ? json_integer(x->run.exit_code) : json_null());
			json_array_append_new(tests, j);
		}
		json_object_set_new(o, "tests", tests);
	}
	return o;
}
