/* judge_build.c - the compile box: source and files in, compile once per
 * cache key, what /box then holds kept for the runs (judge_build.h). */
#define _GNU_SOURCE
#include "judge_build.h"
#include "addfiles.h"
#include "sha256.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const multi_compile[] = { "compile.sh", "compile", NULL };
const char *const judge_multi_run[] = { "run.sh", "run", NULL };

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
 * sandbox's own failure is an internal error (13). The compiler's output
 * goes to log, the reason to msg. */
static int compile(struct box *b, const struct judge_req *req, const char *const *argv, struct outbuf *log,
		   char *msg, size_t msglen)
{
	struct box_result cr;
	box_result_init(&cr);
	struct box_spec spec = { .argv = argv, .limits = req->compile, .merge_stderr = true,
				 .env = req->lang->env, .profile = req->lang->profile };
	box_exec(b, &spec, &cr);
	outbuf_append(log, cr.out.data, cr.out.len);
	int status = cr.status;
	if (status == BOX_ST_INTERNAL_ERROR) {
		str_copy(msg, msglen, cr.message);
	} else if (status != BOX_ST_ACCEPTED) {
		const char *why = cr.hit == BOX_HIT_TIME ? "Compilation time limit exceeded"
				: cr.hit == BOX_HIT_WALL ? "Compilation wall time limit exceeded"
				: cr.hit == BOX_HIT_MEMORY ? "Compilation memory limit exceeded"
				: cr.exit_signal == SIGXFSZ ? NULL
				: cr.hit == BOX_HIT_OUTPUT ? "Compilation output limit exceeded"
				: cr.message[0] ? cr.message : "Compiler exited with an error";
		if (why)
			str_copy(msg, msglen, why);
		else
			str_printf(msg, msglen, "The compiler wrote a file past the compile box's file size limit (%llu KB)",
				   (unsigned long long)req->compile.fsize_kb);
		status = BOX_ST_COMPILE_ERROR;
	}
	box_result_release(&cr);
	return status;
}

bool judge_has_files(const struct judge_req *req)
{
	return req->additional_files && req->additional_files_len;
}

void judge_build_release(struct judge_build *bd)
{
	cache_unlock(bd->lock);
	free(bd->cargv);
	if (bd->work[0])
		remove_tree(AT_FDCWD, bd->work);   /* gone already if it became an entry */
}

/* A regular file of /box (never a link), by the first of names found. */
static const char *box_first_file(struct box *b, const char *const *names)
{
	for (size_t i = 0; names[i]; i++) {
		struct outbuf o;
		outbuf_init(&o, 0);                /* only whether it is there: -EFBIG if not empty */
		int r = box_get_file(b, names[i], &o);
		outbuf_release(&o);
		if (r == 0 || r == -EFBIG)
			return names[i];
	}
	return NULL;
}

const char *judge_dir_first_file(const char *dir, const char *const *names)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *found = NULL;
	struct stat st;
	for (size_t i = 0; dfd >= 0 && names[i] && !found; i++)
		if (fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode))
			found = names[i];
	if (dfd >= 0)
		close(dfd);
	return found;
}

/* Source in, additional files unzipped, compile (if the language
 * compiles), everything /box then holds out into the workspace. Returns
 * a status (3 = ready to run), or -1 when no box could be had. */
static int prepare(struct box_pool *pool, struct judge_build *bd, struct outbuf *log, char *msg, size_t msglen,
		   char *err, size_t errlen)
{
	const struct judge_req *req = bd->req;
	const struct lang *l = req->lang;
	const char **cargv = bd->cargv;
	struct box *b;
	int r = box_acquire(pool, &b, err, errlen);
	if (r)
		return -1;
	int status = BOX_ST_ACCEPTED;
	if (!l->multi_file)                /* a multi-file program has no source of its own */
		r = box_put_file(b, l->source, req->source ? req->source : "", req->source_len, 0644);
	if (!r && bd->header)
		r = box_put_file(b, bd->header_name, bd->header, bd->header_len, 0644);
	for (size_t i = 0; !r && i < bd->nfiles; i++)
		r = box_put_file(b, bd->files[i].name, bd->files[i].data ? bd->files[i].data : "", bd->files[i].len,
				 0644);
	if (r) {
		str_printf(msg, msglen, "cannot write the source or its files into the box: %s", strerror(-r));
		status = BOX_ST_INTERNAL_ERROR;
		goto out;
	}
	/* After the source, as Judge0 does: the source wins a name clash. */
	if (judge_has_files(req)) {
		status = addfiles_extract(b, req->additional_files, req->additional_files_len, &req->compile,
					  req->extract_kb, log, msg, msglen);
		if (status != BOX_ST_ACCEPTED)
			goto out;
	}
	if (l->multi_file && cargv) {
		const char *script = box_first_file(b, multi_compile);
		if (script)
			cargv[1] = script;
		else
			cargv = NULL;              /* no compile script: nothing to compile */
	}
	if (cargv) {
		if (req->progress)
			req->progress(req->progress_ctx, &(struct judge_event){ .kind = JUDGE_COMPILING });
		status = compile(b, req, cargv, log, msg, msglen);
		if (req->progress)
			req->progress(req->progress_ctx, &(struct judge_event){ .kind = JUDGE_COMPILED, .status = status });
		if (status != BOX_ST_ACCEPTED)
			goto out;
	}
	if (l->multi_file && !box_first_file(b, judge_multi_run)) {
		str_copy(msg, msglen, "multi-file program: no run.sh or run script in the additional files");
		status = BOX_ST_COMPILE_ERROR;
		goto out;
	}
	/* What the compile leaves is bounded by the box's size, holes
	 * included: more is the submission's doing, not the judge's. What is
	 * kept counts against each run's memory limit (runner/run.c). */
	if ((r = box_copy_out_all(b, bd->work)) == -EFBIG) {
		str_copy(msg, msglen, "the compile left more in /box than the box holds (sparse files count at full size)");
		status = BOX_ST_COMPILE_ERROR;
	} else if (r) {
		str_printf(msg, msglen, "cannot keep the compiled program: %s", strerror(-r));
		status = BOX_ST_INTERNAL_ERROR;
	}
out:
	box_release(b);
	return status;
}

/* Length-prefixed, as in cache.c: no two inputs hash the same bytes. */
static void key_field(struct sha256 *s, const void *p, size_t n)
{
	uint64_t len = n;
	sha256_update(s, &len, sizeof(len));
	sha256_update(s, p, n);
}

/* The cache key: cache_key() of the language, compile argv and source,
 * extended by whatever else the compile box starts with (the checker's
 * header, the additional files), so a different zip compiles again. */
static int build_key(const struct judge_build *bd, char key[65])
{
	const struct judge_req *req = bd->req;
	struct lang l = *req->lang;
	if (!l.source)
		l.source = "";                     /* multi-file: no source of its own */
	int r = cache_key(&l, bd->cargv, req->source ? req->source : "", req->source_len, key);
	if (r || (!bd->header && !judge_has_files(req) && !bd->nfiles))
		return r;
	struct sha256 s;
	unsigned char d[32];
	sha256_init(&s);
	key_field(&s, "pairbox-build-1", 15);
	key_field(&s, key, 64);
	key_field(&s, bd->header_name ? bd->header_name : "", bd->header_name ? strlen(bd->header_name) : 0);
	key_field(&s, bd->header ? bd->header : "", bd->header_len);
	key_field(&s, judge_has_files(req) ? req->additional_files : "", judge_has_files(req) ? req->additional_files_len : 0);
	if (bd->nfiles) {                          /* absent before files existed: older keys stay valid */
		uint64_t n = bd->nfiles;
		key_field(&s, &n, sizeof(n));
		for (size_t i = 0; i < bd->nfiles; i++) {
			key_field(&s, bd->files[i].name, strlen(bd->files[i].name));
			key_field(&s, bd->files[i].data ? bd->files[i].data : "", bd->files[i].len);
		}
	}
	sha256_final(&s, d);
	sha256_hex(d, key);
	return 0;
}

int judge_build(struct box_pool *pool, struct judge_build *bd, struct outbuf *log, char *msg, size_t msglen,
		 char *err, size_t errlen)
{
	char key[65];
	int r = make_workspace(pool, bd->work, sizeof(bd->work));
	if (r) {
		bd->work[0] = '\0';
		str_printf(err, errlen, "cannot make a workspace: %s", strerror(-r));
		return r;
	}
	bool keyed = bd->req->cache && bd->cargv && build_key(bd, key) == 0;
	if (keyed && cache_get(bd->req->cache, key, bd->snap, sizeof(bd->snap), &bd->lock) == 0) {
		bd->cache = JUDGE_CACHE_HIT;           /* compiled before: nothing to do */
		return BOX_ST_ACCEPTED;
	}
	str_copy(bd->snap, sizeof(bd->snap), bd->work);
	int status = prepare(pool, bd, log, msg, msglen, err, errlen);
	if (status < 0)
		return -EBUSY;
	if (keyed && status == BOX_ST_ACCEPTED) {
		bd->cache = JUDGE_CACHE_MISS;
		if (cache_put(bd->req->cache, key, bd->work, bd->snap, sizeof(bd->snap), &bd->lock))
			str_copy(bd->snap, sizeof(bd->snap), bd->work);   /* raced or failed: run from the work space */
		cache_trim(bd->req->cache);
	}
	return status;
}

