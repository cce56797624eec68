/* bank.c - the problem bank (bank.h): a sorted registry of loaded
 * problems, its full-text index in the store, and run-time additions,
 * kept in the store too so that every node sharing it loads them. */
#define _GNU_SOURCE
#include "bank.h"
#include "harness.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BANK_STAGING ".incoming"       /* below the write directory: bank_add's work space */
#define PROBLEM_JSON_MAX (1 << 20)

struct bank {
	pthread_rwlock_t lock;             /* guards v, n, cap */
	pthread_mutex_t add_lock;          /* one bank_add at a time: check, rename, insert */
	struct bank_entry **v;             /* sorted by slug */
	size_t n, cap;
	struct store *store;               /* borrowed */
	char *write_dir;                   /* NULL: additions refused */
	const struct lang **flangs;        /* installed languages with a harness */
	size_t nflangs;
};

static void entry_free(struct bank_entry *e)
{
	if (!e)
		return;
	problem_free(e->p);
	json_decref(e->function);
	free(e);
}

/* problem.json's "function" as the author wrote it: the loader keeps only
 * the parsed signature, and clients want the declaration. */
static json_t *function_decl(const struct problem *p)
{
	if (p->format != PROBLEM_PAIRBOX || !p->sig)
		return NULL;
	char path[PATH_MAX], *text = NULL;
	size_t len = 0;
	if (str_printf(path, sizeof(path), "%s/problem.json", p->dir) || read_file(path, PROBLEM_JSON_MAX, &text, &len))
		return NULL;
	json_t *o = json_loadb(text, len, 0, NULL);
	free(text);
	json_t *fn = json_incref(json_object_get(o, "function"));
	json_decref(o);
	return fn;
}

/* Load one folder. 0 with *out, or -errno with why set. */
static int entry_load(const char *dir, bool added, struct bank_entry **out, char *why, size_t whylen)
{
	*out = NULL;
	struct bank_entry *e = calloc(1, sizeof(*e));
	if (!e) {
		str_copy(why, whylen, "out of memory");
		return -ENOMEM;
	}
	int r = problem_load(dir, &e->p, why, whylen);
	if (!r && (!e->p->slug || !e->p->slug[0] || strlen(e->p->slug) >= SUBM_SLUG_MAX || strchr(e->p->slug, '/'))) {
		str_printf(why, whylen, "slug '%s' is not usable (at most %d characters, no '/')",
			   e->p->slug ? e->p->slug : "", SUBM_SLUG_MAX - 1);
		r = -EINVAL;
	}
	/* Its program and validator need two boxes at once, and the server's
	 * workers hold one: said at start, instead of failing every submission. */
	if (!r && e->p->interactive) {
		str_copy(why, whylen, "an interactive problem: `pairbox grade` judges these, the server does not serve them yet");
		r = -ENOTSUP;
	}
	/* Its submissions are answers, and the server's are programs. */
	if (!r && e->p->submit_answer) {
		str_copy(why, whylen, "a submit-answer problem: `pairbox grade` judges these, the server takes programs");
		r = -ENOTSUP;
	}
	if (r) {
		if (!why[0])
			str_copy(why, whylen, strerror(-r));
		entry_free(e);
		return r;
	}
	e->function = function_decl(e->p);
	e->added = added;
	*out = e;
	return 0;
}

/* Index of slug in v, or where it would go (*found false). Lock held. */
static size_t slot_of(const struct bank *b, const char *slug, bool *found)
{
	size_t lo = 0, hi = b->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(b->v[mid]->p->slug, slug);
		if (c == 0) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

/* Insert e (write lock held): 0, -EEXIST, -ENOMEM. */
static int insert(struct bank *b, struct bank_entry *e)
{
	bool found;
	size_t at = slot_of(b, e->p->slug, &found);
	if (found)
		return -EEXIST;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
		struct bank_entry **v = realloc(b->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		b->v = v;
		b->cap = cap;
	}
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	memmove(&b->v[at + 1], &b->v[at], (b->n - at) * sizeof(*b->v));
	b->v[at] = e;
	b->n++;
	return 0;
}

static void index_form(const struct bank_entry *e, struct store_problem *sp)
{
	const struct problem *p = e->p;
	*sp = (struct store_problem){ .slug = p->slug, .title = p->title ? p->title : p->slug,
				      .difficulty = p->difficulty, .statement = p->statement,
				      .tags = (const char *const *)p->tags, .ntags = p->ntags, .function = p->sig != NULL };
}

/* Every problem below root into the registry (lock not needed: nobody
 * else sees the bank yet). */
static void load_tree(struct bank *b, const char *root, bool added)
{
	char **dirs = NULL;
	size_t n = 0;
	int r = problem_scan(root, &dirs, &n);
	if (r) {
		if (r != -ENOENT)
			fprintf(stderr, "pairbox: problems in %s cannot be listed: %s\n", root, strerror(-r));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char why[512] = "";
		struct bank_entry *e;
		r = entry_load(dirs[i], added, &e, why, sizeof(why));
		if (r) {
			fprintf(stderr, "pairbox: problem %s skipped: %s\n", dirs[i], why);
		} else if ((r = insert(b, e))) {
			fprintf(stderr, "pairbox: problem %s skipped: %s\n", dirs[i],
				r == -EEXIST ? "a problem with this slug is loaded already" : strerror(-r));
			entry_free(e);
		}
		free(dirs[i]);
	}
	free(dirs);
}

static int function_langs(struct bank *b)
{
	size_t n = lang_count();
	/* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
	b->flangs = calloc(n ? n : 1, sizeof(*b->flangs));
	if (!b->flangs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		const struct lang *l = lang_at(i);
		if (l->available && harness_supports(l))
			b->flangs[b->nflangs++] = l;
	}
	return 0;
}

/* ---- additions shared through the store ----
 * An addition is kept in the store (store_package_put, whose key decides
 * between nodes adding one slug) before it is moved into place, and
 * announced on STORE_PROBLEMS_CHANNEL once loaded. Every node writes a
 * package it lacks into its own write directory and loads it: at start,
 * on a note, and after its listener was away (notes may be lost). */

/* A slug from the store or a note, as a name in the write directory. */
static bool slug_usable(const char *slug)
{
	return slug[0] && slug[0] != '.' && strlen(slug) < SUBM_SLUG_MAX && !strchr(slug, '/');
}

/* Write slug's package from the store into the write directory (under
 * add_lock, or before anyone else sees the bank): 0, -EEXIST when a
 * folder of that name is there already, or -errno (logged). */
static int fetch(struct bank *b, const char *slug)
{
	char top[PATH_MAX], tmp[PATH_MAX], final[PATH_MAX], token[STORE_TOKEN_LEN + 1];
	int r = 0;
	if (!b->write_dir)
		r = -EROFS;
	else if (!slug_usable(slug))
		r = -EINVAL;
	subm_token(token);
	if (!r && (str_printf(top, sizeof(top), "%s/" BANK_STAGING "/%s", b->write_dir, token) ||
		   str_printf(tmp, sizeof(tmp), "%s/%s", top, slug) ||
		   str_printf(final, sizeof(final), "%s/%s", b->write_dir, slug)))
		r = -ENAMETOOLONG;
	if (!r && !access(final, F_OK))
		return -EEXIST;
	struct store_file *files = NULL;
	size_t n = 0;
	if (!r && !(r = store_package_get(b->store, slug, &files, &n))) {
		r = bank_unpack(files, n, tmp);
		store_files_free(files, n);
		if (!r && rename(tmp, final))
			r = errno == EEXIST || errno == ENOTEMPTY ? -EEXIST : -errno;
		if (!r)
			fsync_dir(b->write_dir);
		remove_tree(AT_FDCWD, top);
	}
	if (r && r != -EEXIST)
		fprintf(stderr, "pairbox: problem %s added on another node cannot be written here: %s\n", slug,
			r == -EROFS ? "no PROBLEMS_WRITE_DIR" : strerror(-r));
	return r;
}

/* Fetch slug and load it into the registry and the index, unless the
 * bank has it already. */
static void take(struct bank *b, const char *slug)
{
	pthread_mutex_lock(&b->add_lock);
	if (!bank_find(b, slug) && !fetch(b, slug)) {
		char final[PATH_MAX], why[512] = "";
		struct bank_entry *e = NULL;
		str_printf(final, sizeof(final), "%s/%s", b->write_dir, slug);     /* fetch made it */
		int r = entry_load(final, true, &e, why, sizeof(why));
		if (!r) {
			pthread_rwlock_wrlock(&b->lock);
			r = insert(b, e);
			pthread_rwlock_unlock(&b->lock);
			if (r)
				entry_free(e);
		}
		if (r) {
			fprintf(stderr, "pairbox: problem %s (added on another node) skipped: %s\n", slug,
				why[0] ? why : strerror(-r));
		} else {
			/* The adding node indexed it; a node that rebuilt the index
			 * meanwhile, from a bank without it, did not. */
			struct store_problem sp;
			index_form(e, &sp);
			int ir = store_problem_add(b->store, &sp);
			if (ir && ir != -EEXIST)
				fprintf(stderr, "pairbox: problem %s loaded but not indexed: %s\n", slug, strerror(-ir));
			fprintf(stderr, "pairbox: problem %s (added on another node) loaded\n", slug);
		}
	}
	pthread_mutex_unlock(&b->add_lock);
}

/* Every package in the store that the bank lacks: written into the
 * write directory (load false: bank_open's load_tree then loads them),
 * or written and loaded. */
static void sync_all(struct bank *b, bool load)
{
	char **slugs = NULL;
	size_t n = 0;
	int r = store_package_slugs(b->store, &slugs, &n);
	if (r)
		fprintf(stderr, "pairbox: the problems added at run time cannot be listed: %s\n", strerror(-r));
	for (size_t i = 0; i < n; i++) {
		if (load)
			take(b, slugs[i]);
		else if (b->write_dir && !bank_find(b, slugs[i]))
			fetch(b, slugs[i]);
		free(slugs[i]);
	}
	free(slugs);
}

/* A note on STORE_PROBLEMS_CHANNEL (the store's listener thread): a slug
 * added on some node, or NULL when notes may have been missed. */
static void on_note(void *ctx, const char *channel, const char *payload)
{
	(void)channel;
	struct bank *b = ctx;
	if (payload)
		take(b, payload);
	else
		sync_all(b, true);
}

/* Keep the folder dir of slug in the store: 0, -EEXIST (another node has
 * this slug), or -errno with why set. */
static int keep(struct bank *b, const char *dir, const char *slug, char *why, size_t whylen)
{
	struct store_file *files = NULL;
	size_t n = 0;
	int r = bank_pack(dir, &files, &n);
	if (!r)
		r = store_package_put(b->store, slug, files, n, unix_ms());
	store_files_free(files, n);
	if (r && r != -EEXIST)
		str_printf(why, whylen, "cannot keep the problem in the store: %s",
			   r == -EFBIG ? "larger than a package may be" : strerror(-r));
	return r == -EFBIG || r == -EINVAL ? -EIO : r;
}

int bank_open(const char *dir, const char *write_dir, struct store *store, struct bank **out, char *err,
	      size_t errlen)
{
	*out = NULL;
	struct bank *b = calloc(1, sizeof(*b));
	if (!b) {
		str_copy(err, errlen, "out of memory");
		return -ENOMEM;
	}
	pthread_rwlock_init(&b->lock, NULL);
	pthread_mutex_init(&b->add_lock, NULL);
	b->store = store;
	int r = function_langs(b);
	if (!r && write_dir && write_dir[0] && !(b->write_dir = strdup(write_dir)))
		r = -ENOMEM;
	if (r) {
		str_copy(err, errlen, "out of memory");
		goto fail;
	}
	if (b->write_dir) {
		/* An addition a crash interrupted never answered 201: its
		 * half-written folder goes. */
		char staging[PATH_MAX];
		if (!str_printf(staging, sizeof(staging), "%s/" BANK_STAGING, b->write_dir))
			remove_tree(AT_FDCWD, staging);
	}
	if (dir && dir[0])
		load_tree(b, dir, false);
	if (b->write_dir) {
		sync_all(b, false);            /* what other nodes added */
		load_tree(b, b->write_dir, true);
	}

	struct store_problem *sp = calloc(b->n ? b->n : 1, sizeof(*sp));
	if (!sp) {
		r = -ENOMEM;
		str_copy(err, errlen, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < b->n; i++)
		index_form(b->v[i], &sp[i]);
	r = store_problems_replace(store, sp, b->n);
	free(sp);
	if (r) {
		str_printf(err, errlen, "cannot index the problems in the store: %s", strerror(-r));
		goto fail;
	}
	/* From now on every addition elsewhere is heard; one made since the
	 * packages were read above is taken now. */
	if ((r = store_listen(store, STORE_PROBLEMS_CHANNEL, on_note, b))) {
		str_printf(err, errlen, "cannot listen for problems added on other nodes: %s", strerror(-r));
		goto fail;
	}
	sync_all(b, true);
	fprintf(stderr, "pairbox: %zu problems loaded (%s%s%s)\n", b->n, dir && dir[0] ? dir : "no problem directory",
		b->write_dir ? ", additions in " : "", b->write_dir ? b->write_dir : "");
	*out = b;
	return 0;
fail:
	bank_free(b);
	return r;
}

void bank_free(struct bank *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->n; i++)
		entry_free(b->v[i]);
	free(b->v);
	free(b->flangs);
	free(b->write_dir);
	pthread_mutex_destroy(&b->add_lock);
	pthread_rwlock_destroy(&b->lock);
	free(b);
}

const struct bank_entry *bank_find(struct bank *b, const char *slug)
{
	if (!b || !slug)
		return NULL;
	pthread_rwlock_rdlock(&b->lock);
	bool found;
	size_t at = slot_of(b, slug, &found);
	const struct bank_entry *e = found ? b->v[at] : NULL;
	pthread_rwlock_unlock(&b->lock);
	return e;
}

size_t bank_count(struct bank *b)
{
	pthread_rwlock_rdlock(&b->lock);
	size_t n = b->n;
	pthread_rwlock_unlock(&b->lock);
	return n;
}

const struct lang *const *bank_function_langs(struct bank *b, size_t *n)
{
	*n = b->nflangs;
	return b->flangs;
}

const struct lang *bank_lang(const json_t *v)
{
	char id[24];
	if (json_is_integer(v)) {
		if (str_printf(id, sizeof(id), "%" JSON_INTEGER_FORMAT, json_integer_value(v)))
			return NULL;
		return lang_find(id);
	}
	if (!json_is_string(v) || json_string_length(v) >= 64 || strlen(json_string_value(v)) != json_string_length(v))
		return NULL;
	return lang_find(json_string_value(v));
}

/* {"key": "message"} as the 422/409/500 bodies want. */
static json_t *one_error(const char *key, const char *msg)
{
	return json_pack("{s:[s]}", key, msg);
}

int bank_add(struct bank *b, json_t *body, const struct bank_entry **out, json_t **errors)
{
	*out = NULL;
	*errors = NULL;
	if (!b->write_dir) {
		*errors = json_pack("{s:s}", "error", "this server has no directory to write problems to (PROBLEMS_WRITE_DIR)");
		return -EROFS;
	}
	const char *slug = json_string_value(json_object_get(body, "slug"));
	if (slug && bank_find(b, slug)) {
		*errors = one_error("slug", "a problem with this slug exists");
		return -EEXIST;
	}
	char staging[PATH_MAX], final[PATH_MAX], why[512] = "";
	if (str_printf(staging, sizeof(staging), "%s/" BANK_STAGING, b->write_dir)) {
		*errors = json_pack("{s:s}", "error", "the write directory's path is too long");
		return -ENAMETOOLONG;
	}
	char *dir = NULL;
	int r = bank_stage(body, staging, &dir, errors);
	if (r)
		return r;
	slug = strrchr(dir, '/') + 1;

	/* The real loader is the last word on what was written. */
	struct problem *check = NULL;
	r = problem_load(dir, &check, why, sizeof(why));
	problem_free(check);
	if (r) {
		*errors = r == -ENOMEM ? json_pack("{s:s}", "error", "out of memory") : one_error("problem", why);
		goto drop;
	}
	if (str_printf(final, sizeof(final), "%s/%s", b->write_dir, slug)) {
		r = -ENAMETOOLONG;
		*errors = one_error("slug", "too long for the write directory");
		goto drop;
	}

	pthread_mutex_lock(&b->add_lock);
	struct bank_entry *e = NULL;
	r = bank_find(b, slug) ? -EEXIST : keep(b, dir, slug, why, sizeof(why));
	bool kept = !r;
	if (!r && rename(dir, final)) {
		/* A folder of that name that is not loaded (it failed to load
		 * at start) still takes the slug. */
		r = errno == EEXIST || errno == ENOTEMPTY ? -EEXIST : -errno;
	} else if (!r) {
		fsync_dir(b->write_dir);
		r = entry_load(final, true, &e, why, sizeof(why));
		if (!r) {
			pthread_rwlock_wrlock(&b->lock);
			r = insert(b, e);
			pthread_rwlock_unlock(&b->lock);
		}
		if (r) {
			entry_free(e);
			e = NULL;
			remove_tree(AT_FDCWD, final);     /* not loaded, so not added */
		} else {
			struct store_problem sp;
			index_form(e, &sp);
			int ir = store_problem_add(b->store, &sp);
			if (ir)
				/* Loaded and findable; only the list and the search
				 * miss it until the next start rebuilds the index. */
				fprintf(stderr, "pairbox: problem %s added but not indexed: %s\n", slug, strerror(-ir));
		}
	}
	if (r && kept)
		store_package_delete(b->store, slug);      /* not added here, so not anywhere */
	pthread_mutex_unlock(&b->add_lock);
	if (r == -EEXIST) {
		*errors = one_error("slug", "a problem with this slug exists");
		goto drop;
	}
	if (r) {
		*errors = json_pack("{s:s}", "error", why[0] ? why : strerror(-r));
		goto drop;
	}
	fprintf(stderr, "pairbox: problem %s added (%s)\n", slug, final);
	/* Every node sharing the store loads it now. */
	int nr = store_notify(b->store, STORE_PROBLEMS_CHANNEL, slug);
	if (nr)
		fprintf(stderr, "pairbox: problem %s added, but other nodes were not told: %s\n", slug, strerror(-nr));
	*out = e;
drop:
	if (r) {
		/* dir's parent is the staging folder made for this addition. */
		char *slash = strrchr(dir, '/');
		*slash = '\0';
		remove_tree(AT_FDCWD, dir);
	} else {
		char *slash = strrchr(dir, '/');
		*slash = '\0';
		rmdir(dir);
	}
	free(dir);
	return r;
}
