/* judge.c - one submission: build it (judge_build.c), run every test in a
 * fresh box, compare or check, and decide (judge.h). */
#define _GNU_SOURCE
#include "judge.h"
#include "interact.h"
#include "judge_build.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <pthread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void judge_compile_limits(struct box_limits *l)
{
	box_limits_default(l);
	l->cpu_ms = 10000;
	l->extra_ms = 500;
	l->wall_ms = 20000;
	l->memory_kb = 512 * 1024;
	l->processes = 64;             /* gcc runs cc1, as, collect2, ld */
	l->fsize_kb = 1024 * 1024;     /* an object or the program: a static array may be large */
	l->tmp_kb = 1024 * 1024;       /* the objects; the memory limit bounds tmpfs as well */
	l->output_bytes = 64 * 1024;   /* compiler messages kept */
}

const char *judge_status_name(int status)
{
	return status == BOX_ST_SIGXFSZ ? "Output Limit Exceeded" : box_status_description(status);
}

uint32_t judge_idle_ms(uint32_t cpu_ms)
{
	return cpu_ms > JUDGE_IDLE_MIN_MS ? cpu_ms : JUDGE_IDLE_MIN_MS;
}

void judge_result_init(struct judge_result *r)
{
	memset(r, 0, sizeof(*r));
	outbuf_init(&r->compile_output, 0);
	outbuf_init(&r->checker_compile_output, 0);
}

void judge_result_release(struct judge_result *r)
{
	for (size_t i = 0; i < r->ntests; i++)
		box_result_release(&r->tests[i].run);
	free(r->tests);
	outbuf_release(&r->compile_output);
	outbuf_release(&r->checker_compile_output);
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
static const char **join_argv(const char *const *base, const char *const *extra, size_t nextra, size_t at)
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

/* The checker, once built: NULL c means compare with the answer. */
struct checking {
	const struct checker *c;
	const char *dir;                   /* the compiled checker; NULL for an executable */
	const char *const *argv;
};

/* The checker on one test's output, with the test's own arguments (if
 * any) after the protocol's. */
static int check_test(struct box_pool *pool, const struct checking *chk, const struct judge_test *t,
		      const char *const *args, struct checker_pass *ps, struct judge_test_result *tr, char *err,
		      size_t errlen)
{
	const char *const *argv = chk->argv;
	const char **own = NULL;
	size_t n = 0;
	while (args && args[n])
		n++;
	if (n && !(argv = own = join_argv(chk->argv, args, n, SIZE_MAX)))
		return -ENOMEM;
	int r = checker_check(pool, chk->c, chk->dir, argv, t->input, t->input_len, tr->run.out.data, tr->run.out.len,
			      t->answer, t->answer_len, ps, &tr->status, tr->message, sizeof(tr->message), err, errlen);
	free(own);
	return r;
}

/* ---- interactive problems ---- */

struct side_run {
	struct box *b;
	struct box_spec spec;
	struct box_result *res;
	struct interact *x;
	bool validator;
};

/* How a side's run ended, for the relay: a validator that did not accept
 * (exit 42) cuts the program off when it was first. */
static enum interact_end side_end(const struct side_run *s)
{
	if (!s->validator)
		return INTERACT_PROGRAM_OVER;
	bool exited = s->res->status == BOX_ST_ACCEPTED || s->res->status == BOX_ST_NZEC;
	return exited && s->res->exit_code == CHECKER_KATTIS_ACCEPT ? INTERACT_VALIDATOR_ACCEPTED
								    : INTERACT_VALIDATOR_REJECTED;
}

static void *side_main(void *arg)
{
	struct side_run *s = arg;
	box_exec(s->b, &s->spec, s->res);
	interact_side_done(s->x, side_end(s));
	return NULL;
}

/* Kattis's rule for a pair of runs: the validator's wrong answer wins
 * when its side ended first (the program may then fail on the closed
 * pipe); otherwise the program's own failure (time, crash) is the
 * verdict; then the validator's. A validator that fails is an internal
 * error (but below). A program that ran its whole wall limit ran out of
 * time even if it exited just then (one that sleeps as long as the limit
 * would get either verdict, by a hair). */
static int interactive_verdict(struct box_result *prog, uint32_t wall_limit, const struct box_result *val,
			       int vstatus, bool validator_first)
{
	if (wall_limit && prog->wall_ms >= wall_limit && prog->status != BOX_ST_TIME_LIMIT) {
		prog->status = BOX_ST_TIME_LIMIT;
		prog->hit = BOX_HIT_WALL;
		str_copy(prog->message, sizeof(prog->message), "Wall time limit exceeded");
	}
	/* A program that ran out of time first and flooded the validator
	 * (DOMjudge's boolfind-test-loop): the validator still working
	 * through that flood at its own time limit is the program's doing. */
	bool flooded = !validator_first && prog->status == BOX_ST_TIME_LIMIT &&
		       (val->hit == BOX_HIT_WALL || val->hit == BOX_HIT_TIME);
	if (vstatus == BOX_ST_INTERNAL_ERROR && !flooded)
		return vstatus;
	if (vstatus == BOX_ST_WRONG_ANSWER && validator_first)
		return vstatus;
	if (prog->status != BOX_ST_ACCEPTED)
		return prog->status;
	return vstatus;
}

/* One test of an interactive problem: the program in one box, the
 * validator (`validator input answer feedback/ [args]`) in another, each
 * reading what the other writes through the judge's relay (interact.h). */
static int run_interactive(struct box_pool *pool, const struct judge_req *req, const char *work,
			   const char *const *argv, const struct checking *chk, const struct judge_test *t,
			   const struct judge_test_opts *o, struct checker_pass *ps, struct judge_test_result *tr,
			   char *err, size_t errlen)
{
	if (!chk->c || !chk->argv || chk->c->style != CHECKER_KATTIS) {
		tr->status = BOX_ST_INTERNAL_ERROR;
		str_copy(tr->message, sizeof(tr->message), "an interactive problem needs a Kattis output validator");
		return 0;
	}
	if (box_pool_slots(pool) < 2) {
		tr->status = BOX_ST_INTERNAL_ERROR;
		str_copy(tr->message, sizeof(tr->message),
			 "interactive problems need two boxes per worker (this judge runs one)");
		return 0;
	}
	struct box_result vres;
	struct interact x;
	struct side_run prog = { .res = &tr->run, .x = &x }, val = { .res = &vres, .x = &x, .validator = true };
	const char **vargv = NULL;
	size_t nargs = 0;
	int r = box_acquire(pool, &prog.b, err, errlen);
	if (r)
		return r;
	if ((r = box_acquire(pool, &val.b, err, errlen))) {
		box_release(prog.b);
		return r;
	}
	box_result_init(&vres);
	struct outbuf feedback;
	outbuf_init(&feedback, CHECKER_FEEDBACK_CAP);
	const char *const *args = o ? o->checker_args : NULL;
	while (args && args[nargs])
		nargs++;
	if (nargs && !(vargv = join_argv(chk->argv, args, nargs, SIZE_MAX))) {
		r = -ENOMEM;
		goto out;
	}
	tr->status = BOX_ST_INTERNAL_ERROR;
	if ((r = box_put_host_dir(prog.b, work)) ||
	    (r = checker_put_files(val.b, chk->c, chk->dir, t->input, t->input_len, NULL, 0, t->answer, t->answer_len,
				       ps))) {
		str_printf(tr->message, sizeof(tr->message), "cannot copy the programs into their boxes: %s",
			   strerror(-r));
		r = 0;
		goto out;
	}
	if ((r = interact_open(&x))) {
		str_printf(tr->message, sizeof(tr->message), "cannot make pipes: %s", strerror(-r));
		r = 0;
		goto out;
	}
	val.spec = (struct box_spec){ .argv = vargv ? vargv : chk->argv, .limits = chk->c->limits,
				      .pipe_stdio = true, .stdin_fd = x.val_stdin, .stdout_fd = x.val_stdout };
	if (chk->c->lang) {
		val.spec.env = chk->c->lang->env;
		val.spec.profile = chk->c->lang->profile;
	}
	/* The validator outlives the program's wall time, so the program's
	 * limits decide an idle pair. */
	if (req->run.wall_ms && val.spec.limits.wall_ms < req->run.wall_ms + 2000)
		val.spec.limits.wall_ms = req->run.wall_ms + 2000;
	prog.spec = (struct box_spec){ .argv = argv, .limits = req->run, .env = req->lang->env,
				       .profile = req->lang->profile, .network = req->network,
				       .pipe_stdio = true, .stdin_fd = x.prog_stdin, .stdout_fd = x.prog_stdout };
	prog.spec.limits.idle_ms = 0;       /* waiting on the validator is no idling */
	pthread_t tv, tp;
	bool started_v = (r = pthread_create(&tv, NULL, side_main, &val)) == 0;
	bool started_p = started_v && (r = pthread_create(&tp, NULL, side_main, &prog)) == 0;
	if (!started_v) {
		close(x.val_stdin);
		close(x.val_stdout);
		interact_side_done(&x, INTERACT_VALIDATOR_REJECTED);
	}
	if (!started_p) {
		close(x.prog_stdin);
		close(x.prog_stdout);
		interact_side_done(&x, INTERACT_PROGRAM_OVER);
	}
	interact_relay(&x);                 /* until both sides are over (or never started) */
	if (started_p)
		pthread_join(tp, NULL);
	if (started_v)
		pthread_join(tv, NULL);
	interact_close(&x);
	if (!started_p) {
		str_printf(tr->message, sizeof(tr->message), "cannot start a thread: %s", strerror(r));
		r = 0;
		goto out;
	}
	if (vres.status == BOX_ST_ACCEPTED || vres.status == BOX_ST_NZEC)
		checker_feedback(val.b, &feedback);
	char vmsg[sizeof(tr->message)];
	int vstatus = checker_verdict(CHECKER_KATTIS, &vres, feedback.data, feedback.len, vmsg, sizeof(vmsg));
	if (ps && vstatus != BOX_ST_INTERNAL_ERROR)
		checker_pass_verdict(val.b, ps, &vstatus, vmsg, sizeof(vmsg));
	tr->cpu_ms = tr->run.cpu_ms;
	tr->wall_ms = tr->run.wall_ms;
	tr->memory_kb = tr->run.memory_kb;
	tr->status = interactive_verdict(&tr->run, req->run.wall_ms, &vres, vstatus, x.validator_first);
	str_copy(tr->message, sizeof(tr->message), tr->status == vstatus && vmsg[0] ? vmsg : tr->run.message);
	r = 0;
out:
	free(vargv);
	outbuf_release(&feedback);
	box_result_release(&vres);
	box_release(val.b);
	box_release(prog.b);
	return r;
}

static int judge_output(struct box_pool *pool, const struct judge_req *req, const struct checking *chk,
			const struct judge_test *t, const struct judge_test_opts *o, struct checker_pass *ps,
			struct judge_test_result *tr, char *err, size_t errlen);

/* Submit-answer: the submitted answer is the test's output. */
static int judge_answer(struct box_pool *pool, const struct judge_req *req, const struct checking *chk,
			const struct judge_test *t, const struct judge_test_opts *o, const struct judge_file *a,
			struct judge_test_result *tr, char *err, size_t errlen)
{
	outbuf_release(&tr->run.out);
	outbuf_init(&tr->run.out, a->data ? a->len : 0);
	tr->run.status = BOX_ST_ACCEPTED;
	if (a->data && outbuf_append(&tr->run.out, a->data, a->len))
		return -ENOMEM;
	tr->status = BOX_ST_ACCEPTED;
	int r = judge_output(pool, req, chk, t, o, NULL, tr, err, errlen);
	if (!r && !a->data && tr->status == BOX_ST_WRONG_ANSWER)
		str_printf(tr->message, sizeof(tr->message), "no answer submitted for this test");
	return r;
}

/* One test in a fresh box, number_of_runs times (stopping at the first
 * failure); times and memory are the mean over the runs made. A run that
 * exited 0 within its limits is then compared, or checked. */
static int run_test(struct box_pool *pool, const struct judge_req *req, const char *work,
		    const char *const *argv, const struct checking *chk, const struct judge_test *t,
		    const struct judge_test_opts *o, struct checker_pass *ps, struct judge_test_result *tr,
		    char *err, size_t errlen)
{
	if (req->interactive)
		return run_interactive(pool, req, work, argv, chk, t, o, ps, tr, err, errlen);
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
				 .env = req->lang->env, .profile = req->lang->profile,
				 .merge_stderr = req->merge_stderr, .network = req->network,
				 .drain_output = req->drain_output };
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
	/* Before the checker takes a box of its own: a pool of one slot (the
	 * CLI's) would wait for itself. */
	box_release(b);
	if (tr->status != BOX_ST_ACCEPTED)
		return 0;
	return judge_output(pool, req, chk, t, o, ps, tr, err, errlen);
}

/* A test's output in tr->run.out, from a run that ended well or as
 * submitted: checked, or compared with the answer. */
static int judge_output(struct box_pool *pool, const struct judge_req *req, const struct checking *chk,
			const struct judge_test *t, const struct judge_test_opts *o, struct checker_pass *ps,
			struct judge_test_result *tr, char *err, size_t errlen)
{
	if (chk->c)
		return check_test(pool, chk, t, o ? o->checker_args : NULL, ps, tr, err, errlen);
	if (t->answer && !compare_output(o && o->compare ? o->compare : &req->compare, tr->run.out.data,
					 tr->run.out.len, t->answer, t->answer_len, tr->message, sizeof(tr->message)))
		tr->status = BOX_ST_WRONG_ANSWER;
	return 0;
}

/* ---- multi-pass problems ---- */

/* A fresh directory of ours for a test's passes, below the state
 * directory's work/ (beside the workspaces): 0 or -errno. */
static int pass_dir(struct box_pool *pool, char *dir, size_t len)
{
	static atomic_uint seq;
	if (str_printf(dir, len, "%s/work", box_pool_state_dir(pool)))
		return -ENAMETOOLONG;
	if (mkdir(dir, 0700) && errno != EEXIST)
		return -errno;
	for (int tries = 0; tries < 100; tries++) {
		if (str_printf(dir, len, "%s/work/pass-%ld-%u", box_pool_state_dir(pool), (long)getpid(),
			       atomic_fetch_add(&seq, 1)))
			return -ENAMETOOLONG;
		if (!mkdir(dir, 0700))
			return 0;
		if (errno != EEXIST)
			return -errno;
	}
	return -EEXIST;
}

/* A test of a multi-pass problem (Kattis): run, validate, and while the
 * validator accepted and wrote feedback/nextpass.in, run again with that
 * as the input (the validator's input file too), its feedback/ kept, at
 * most req->passes times. The limits hold per pass; the result shows the
 * slowest pass and, when a later pass decided, names it. */
static int run_passes(struct box_pool *pool, const struct judge_req *req, const char *work,
		      const char *const *argv, const struct checking *chk, const struct judge_test *t,
		      const struct judge_test_opts *o, struct judge_test_result *tr, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	struct checker_pass ps = { .dir = dir };
	outbuf_init(&ps.next, CHECKER_NEXTPASS_CAP);
	struct judge_test cur = *t;
	char *input = NULL;
	uint32_t cpu = 0, wall = 0;
	uint64_t mem = 0;
	unsigned pass = 1;
	int r;
	if ((r = pass_dir(pool, dir, sizeof(dir)))) {
		tr->status = BOX_ST_INTERNAL_ERROR;
		str_printf(tr->message, sizeof(tr->message), "cannot make a directory for the passes: %s",
			   strerror(-r));
		outbuf_release(&ps.next);
		return 0;
	}
	for (;; pass++) {
		ps.made_next = false;
		if ((r = run_test(pool, req, work, argv, chk, &cur, o, &ps, tr, err, errlen)))
			break;
		cpu = tr->cpu_ms > cpu ? tr->cpu_ms : cpu;
		wall = tr->wall_ms > wall ? tr->wall_ms : wall;
		mem = tr->memory_kb > mem ? tr->memory_kb : mem;
		if (tr->status != BOX_ST_ACCEPTED || !ps.made_next)
			break;
		if (pass >= req->passes) {
			tr->status = BOX_ST_INTERNAL_ERROR;
			str_printf(tr->message, sizeof(tr->message),
				   "checker: asked for pass %u, more than the problem's %u (validation_passes)", pass + 1,
				   req->passes);
			break;
		}
		/* The next input is ours: nextpass.in, taken out of the buffer. */
		free(input);
		input = ps.next.data;
		cur.input = input;
		cur.input_len = ps.next.len;
		ps.next.data = NULL;
		ps.next.len = 0;
	}
	tr->cpu_ms = cpu;
	tr->wall_ms = wall;
	tr->memory_kb = mem;
	if (pass > 1 && tr->status != BOX_ST_ACCEPTED) {
		char m[sizeof(tr->message)];
		str_copy(m, sizeof(m), tr->message);
		str_printf(tr->message, sizeof(tr->message), "pass %u: %s", pass, m);
	}
	int dfd = open(box_pool_state_dir(pool), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		remove_tree(dfd, dir + strlen(box_pool_state_dir(pool)) + 1);
		close(dfd);
	}
	free(input);
	outbuf_release(&ps.next);
	return r;
}

/* Files beside a source: plain relative paths (as judge.h says), none
 * named as one of taken[] or as another file. 0, or -EINVAL with msg
 * naming the file. */
static int files_check(const struct judge_file *f, size_t n, const char *const *taken, char *msg, size_t msglen)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = f[i].name ? f[i].name : "";
		bool bad = !*name || *name == '/';
		for (const char *p = name; !bad && *p;) {
			size_t len = strcspn(p, "/");
			bad = len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.') ||
			      (p[len] == '/' && !p[len + 1]);
			p += len + (p[len] == '/');
		}
		if (bad) {
			str_printf(msg, msglen, "file '%s': not a plain relative path", name);
			return -EINVAL;
		}
		for (size_t k = 0; taken[k]; k++)
			if (strcmp(name, taken[k]) == 0) {
				str_printf(msg, msglen, "file '%s': the box's own file has that name", name);
				return -EINVAL;
			}
		for (size_t k = 0; k < i; k++)
			if (f[k].name && strcmp(name, f[k].name) == 0) {
				str_printf(msg, msglen, "file '%s': given twice", name);
				return -EINVAL;
			}
	}
	return 0;
}

/* The checker's own build: a copy of the submission's request with the
 * checker's language and source, no options, no additional files and no
 * progress events; the same compile limits and cache. Returns a status
 * (13 with res->message when it cannot be built), or -errno. */
static int build_checker(struct box_pool *pool, const struct judge_req *req, struct judge_req *creq,
			 struct judge_build *cb, struct judge_result *res, char *err, size_t errlen)
{
	const struct checker *c = req->checker;
	char msg[192] = "";
	if (!c->lang)
		return BOX_ST_ACCEPTED;            /* an executable: copied into each box as is */
	/* A multi-file checker (a package's validator with build and run
	 * scripts) brings them as its files: compile (or compile.sh) and run. */
	if (c->lang->multi_file && !c->nfiles) {
		str_copy(res->message, sizeof(res->message), "checker: a multi-file checker without its files");
		return BOX_ST_INTERNAL_ERROR;
	}
	/* Not the names checker_check() puts in the box, nor the source's. */
	const char *const taken[] = { c->lang->multi_file ? "" : c->lang->source, CHECKER_HEADER, CHECKER_INPUT,
				      CHECKER_OUTPUT, CHECKER_ANSWER, "feedback", CHECKER_JUDGEMESSAGE, NULL };
	if (files_check(c->files, c->nfiles, taken, msg, sizeof(msg))) {
		str_printf(res->message, sizeof(res->message), "checker: %s", msg);
		return BOX_ST_INTERNAL_ERROR;
	}
	*creq = *req;
	creq->lang = c->lang;
	creq->source = c->program;
	creq->source_len = c->program_len;
	creq->compiler_options = NULL;
	creq->additional_files = NULL;
	creq->additional_files_len = 0;
	creq->files = NULL;
	creq->nfiles = 0;
	creq->checker = NULL;
	creq->progress = NULL;
	cb->req = creq;
	if (c->header) {
		cb->header_name = CHECKER_HEADER;
		cb->header = c->header;
		cb->header_len = c->header_len;
	}
	cb->files = c->files;
	cb->nfiles = c->nfiles;
	static const char *const multi[] = { JUDGE_MULTI_SHELL, "compile", NULL };
	if ((c->lang->multi_file || c->lang->compile) &&
	    !(cb->cargv = join_argv(c->lang->multi_file ? multi : c->lang->compile, NULL, 0, SIZE_MAX)))
		return -ENOMEM;
	outbuf_init(&res->checker_compile_output, req->compile.output_bytes);
	int status = judge_build(pool, cb, &res->checker_compile_output, msg, sizeof(msg), err, errlen);
	if (status > 0 && status != BOX_ST_ACCEPTED) {
		str_printf(res->message, sizeof(res->message), "checker: %s%s",
			   status == BOX_ST_COMPILE_ERROR ? "compilation error: " : "", msg);
		status = BOX_ST_INTERNAL_ERROR;
	}
	return status;
}

int judge_run(struct box_pool *pool, const struct judge_req *req, struct judge_result *res,
	      char *err, size_t errlen)
{
	char **args = NULL, **opts = NULL;
	size_t nargs = 0, nopts = 0;
	const char **argv = NULL, **chk_argv = NULL;
	struct judge_build sb = { .req = req, .lock = -1 }, cb = { .lock = -1 };
	struct judge_req creq;
	struct checking chk = { req->checker, NULL, NULL };
	int r;
	judge_result_release(res);
	outbuf_init(&res->compile_output, req->compile.output_bytes);
	res->tests = calloc(req->ntests, sizeof(*res->tests));
	if (!res->tests)
		return -ENOMEM;
	emit(req, &(struct judge_event){ .kind = JUDGE_STARTED, .status = BOX_ST_PROCESSING, .ntests = req->ntests });
	res->ntests = req->ntests;
	for (size_t i = 0; i < req->ntests; i++)
		box_result_init(&res->tests[i].run);
	if (req->answers) {
		res->status = BOX_ST_ACCEPTED;     /* nothing to build: the answers are the outputs */
		goto built;
	}
	if (req->lang->multi_file && !judge_has_files(req)) {
		res->status = BOX_ST_COMPILE_ERROR;
		str_copy(res->message, sizeof(res->message), "multi-file program: no additional files");
		r = 0;
		goto done;
	}
	const char *const taken[] = { req->lang->multi_file ? "" : req->lang->source, NULL };
	if (files_check(req->files, req->nfiles, taken, res->message, sizeof(res->message))) {
		res->status = BOX_ST_INTERNAL_ERROR;
		r = 0;
		goto done;
	}
	sb.files = req->files;
	sb.nfiles = req->nfiles;
	if (req->lang->compile || req->lang->multi_file) {
		/* Multi-file: "compile" stands for the script the zip brings
		 * (compile.sh or compile), chosen in the box; options follow it. */
		static const char *const multi[] = { JUDGE_MULTI_SHELL, "compile", NULL };
		if (judge_split_args(req->compiler_options, &opts, &nopts)) {
			res->status = BOX_ST_COMPILE_ERROR;
			str_copy(res->message, sizeof(res->message), "compiler options: unbalanced quote");
			r = 0;
			goto done;
		}
		const char *const *o = (const char *const *)opts;
		sb.cargv = req->lang->multi_file ? join_argv(multi, o, nopts, SIZE_MAX)
						 : join_argv(req->lang->compile, o, nopts, req->lang->options_at);
		if (!sb.cargv) {
			r = -ENOMEM;
			goto out;
		}
	}
	res->status = judge_build(pool, &sb, &res->compile_output, res->message, sizeof(res->message), err, errlen);
	if (res->status < 0) {
		r = res->status;
		res->status = 0;
		goto out;
	}
	res->cache = sb.cache;
	if (res->status != BOX_ST_ACCEPTED) {
		r = 0;
		goto done;
	}
built:
	r = 0;
	if (req->checker) {
		res->status = build_checker(pool, req, &creq, &cb, res, err, errlen);
		if (res->status < 0) {
			r = res->status;
			res->status = 0;
			goto out;
		}
		if (res->status != BOX_ST_ACCEPTED)
			goto done;
		chk.dir = req->checker->lang ? cb.snap : NULL;
		if (!(chk_argv = checker_argv(req->checker, req->checker->lang ? req->checker->lang->run : NULL))) {
			r = -ENOMEM;
			goto out;
		}
		chk.argv = chk_argv;
	}
	if (req->answers)
		goto tests;
	if (judge_split_args(req->args, &args, &nargs)) {
		res->status = BOX_ST_INTERNAL_ERROR;
		str_copy(res->message, sizeof(res->message), "command-line arguments: unbalanced quote");
		goto done;
	}
	if (req->lang->multi_file) {
		/* Found in the box when it was built; the snapshot holds it. */
		const char *script = judge_dir_first_file(sb.snap, judge_multi_run);
		const char *const run[] = { JUDGE_MULTI_SHELL, script ? script : judge_multi_run[1], NULL };
		argv = join_argv(run, (const char *const *)args, nargs, SIZE_MAX);
	} else {
		argv = join_argv(req->lang->run, (const char *const *)args, nargs, SIZE_MAX);
	}
	if (!argv) {
		r = -ENOMEM;
		goto out;
	}
tests:
	for (size_t i = 0; i < req->ntests; i++) {
		struct judge_test_result *tr = &res->tests[i];
		str_copy(tr->name, sizeof(tr->name), req->tests[i].name ? req->tests[i].name : "");
		const struct judge_test_opts *o = req->test_opts ? &req->test_opts[i] : NULL;
		const struct judge_test *t = &req->tests[i];
		if (req->answers)
			r = judge_answer(pool, req, &chk, t, o, &req->answers[i], tr, err, errlen);
		else if (req->passes > 1)
			r = run_passes(pool, req, sb.snap, argv, &chk, t, o, tr, err, errlen);
		else
			r = run_test(pool, req, sb.snap, argv, &chk, t, o, NULL, tr, err, errlen);
		if (r)
			goto out;
		res->nrun++;
		emit(req, &(struct judge_event){ .kind = JUDGE_TEST_DONE, .status = tr->status, .test = i + 1,
						 .ntests = req->ntests, .name = req->tests[i].name,
						 .cpu_ms = tr->cpu_ms, .wall_ms = tr->wall_ms,
						 .memory_kb = tr->memory_kb });
		if (req->stop_on_fail && tr->status != BOX_ST_ACCEPTED)
			break;
		if (req->stop && i + 1 < req->ntests && req->stop(req->stop_ctx, req, res))
			break;
	}
	const struct judge_test_result *d = judge_deciding(res);
	if (res->status == BOX_ST_ACCEPTED && d && d->status != BOX_ST_ACCEPTED) {
		res->status = d->status;
		judge_deciding_message(res, d, res->message, sizeof(res->message));
	}
done:
	emit(req, &(struct judge_event){ .kind = JUDGE_FINISHED, .status = res->status });
out:
	judge_build_release(&cb);
	judge_build_release(&sb);
	free(chk_argv);
	free(argv);
	free(args);
	free(opts);
	return r;
}
