/* problem_expect.c - what a Kattis 2025-09 package expects of its example
 * submissions: the default rules of the verdict folders and
 * submissions/submissions.yaml (glob patterns over submissions, each with
 * permitted / required verdict sets, a judge message, a language, and the
 * same rules scoped to test groups), and the check of a judged
 * submission's per-test verdicts against them.
 *
 * A rule holds over the tests in its scope: every one of them has a
 * verdict in `permitted`, at least one has a verdict in `required`, and
 * (when given) at least one judge message contains `message`. */
#define _GNU_SOURCE   /* fnmatch's FNM_* with gnu11 */
#include "problem_int.h"
#include "util.h"
#include "yaml.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GLOB_MAX 512             /* a pattern's length, braces included */
#define GLOB_EXPANSIONS 1024     /* alternatives one pattern may expand to */

static const char *const verdict_names[] = { "AC", "WA", "TLE", "RTE" };

unsigned problem_verdict_bit(int status)
{
	if (status == BOX_ST_ACCEPTED)
		return PROBLEM_V_AC;
	if (status == BOX_ST_WRONG_ANSWER)
		return PROBLEM_V_WA;
	if (status == BOX_ST_TIME_LIMIT)
		return PROBLEM_V_TLE;
	if (status >= BOX_ST_SIGSEGV && status <= BOX_ST_OTHER)
		return PROBLEM_V_RTE;
	return 0;                   /* compile error, internal error: no verdict of a test */
}

unsigned problem_result_bits(int status, bool no_output)
{
	if (status == BOX_ST_COMPILE_ERROR)
		return PROBLEM_R_CE;
	if (status == BOX_ST_SIGXFSZ)                /* the file-size limit is the output limit */
		return PROBLEM_R_RTE | PROBLEM_R_OLE;
	if (status == BOX_ST_WRONG_ANSWER && no_output)
		return PROBLEM_R_WA | PROBLEM_R_NO_OUTPUT;
	return problem_verdict_bit(status);          /* PROBLEM_R_AC..RTE are PROBLEM_V_AC..RTE */
}

static const char *const result_names[] = { "AC", "WA", "TLE", "RTE", "CE", "no output", "OLE" };

void problem_results_text(unsigned set, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; i < 7; i++)
		if (set & (1u << i))
			str_printf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? " or " : "", result_names[i]);
}

/* A result's name, as a verdict folder (lower case, '_') or as DOMjudge
 * writes it in @EXPECTED_RESULTS@ (upper case, '-'; DOMjudge maps the
 * folder names onto these), into its set; 0 when unknown. */
static const struct {
	const char *name;
	unsigned set;
} result_by_name[] = {
	{ "CORRECT", PROBLEM_R_AC },           { "ACCEPTED", PROBLEM_R_AC },
	{ "WRONG-ANSWER", PROBLEM_R_WA },      { "TIMELIMIT", PROBLEM_R_TLE },
	{ "TIME-LIMIT-EXCEEDED", PROBLEM_R_TLE }, { "RUN-ERROR", PROBLEM_R_RTE },
	{ "RUN-TIME-ERROR", PROBLEM_R_RTE },   { "COMPILER-ERROR", PROBLEM_R_CE },
	{ "COMPILE-ERROR", PROBLEM_R_CE },     { "NO-OUTPUT", PROBLEM_R_NO_OUTPUT },
	{ "OUTPUT-LIMIT", PROBLEM_R_OLE },
};

unsigned problem_result_named(const char *name, size_t len)
{
	char up[32];
	while (len && (*name == ' ' || *name == '\t'))
		name++, len--;
	while (len && (name[len - 1] == ' ' || name[len - 1] == '\t' || name[len - 1] == '\r'))
		len--;
	if (!len || len >= sizeof(up))
		return 0;
	for (size_t i = 0; i < len; i++)
		up[i] = name[i] == '_' ? '-' : name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 'a' + 'A') : name[i];
	up[len] = '\0';
	for (size_t i = 0; i < sizeof(result_by_name) / sizeof(result_by_name[0]); i++)
		if (!strcmp(up, result_by_name[i].name))
			return result_by_name[i].set;
	return 0;
}

unsigned problem_folder_results(const char *folder, bool *margin, bool *partial)
{
	*margin = *partial = false;
	if (!strcmp(folder, "rejected"))              /* Kattis 2025-09: anything but Accepted */
		return PROBLEM_R_WA | PROBLEM_R_TLE | PROBLEM_R_RTE | PROBLEM_R_CE | PROBLEM_R_NO_OUTPUT | PROBLEM_R_OLE;
	if (!strcmp(folder, "slow_accepted")) {      /* problemtools: accepted with the margin */
		*margin = true;
		return PROBLEM_R_AC;
	}
	if (!strcmp(folder, "partially_accepted")) { /* scoring: judged on every test, see docs */
		*partial = true;
		return PROBLEM_R_AC | PROBLEM_R_WA | PROBLEM_R_TLE | PROBLEM_R_RTE | PROBLEM_R_NO_OUTPUT | PROBLEM_R_OLE;
	}
	unsigned set = problem_result_named(folder, strlen(folder));
	*margin = set == PROBLEM_R_TLE;
	return set;
}

/* "AC, WA" for a set of verdicts. */
static void verdicts_text(unsigned set, char *buf, size_t len)
{
	buf[0] = '\0';
	for (int i = 0; i < 4; i++)
		if (set & (1u << i))
			str_printf(buf + strlen(buf), len - strlen(buf), "%s%s", buf[0] ? ", " : "", verdict_names[i]);
}

/* ---- glob patterns ------------------------------------------------------- */

/* fnmatch over every brace expansion of pat; *budget bounds the work. */
static bool expand_match(const char *pat, const char *path, int *budget)
{
	const char *open = strchr(pat, '{');
	if (!open)
		return --*budget >= 0 && fnmatch(pat, path, FNM_PATHNAME) == 0;
	/* The matching close, then each top-level alternative between. */
	int depth = 0;
	const char *close = NULL;
	for (const char *c = open; *c && !close; c++) {
		depth += *c == '{';
		depth -= *c == '}';
		if (depth == 0)
			close = c;
	}
	if (!close)
		return --*budget >= 0 && fnmatch(pat, path, FNM_PATHNAME) == 0;
	const char *alt = open + 1;
	depth = 0;
	for (const char *c = alt; c <= close; c++) {
		if (c < close && *c == '{')
			depth++;
		else if (c < close && *c == '}')
			depth--;
		else if (c == close || (*c == ',' && depth == 0)) {
			/* Spaces around an alternative are not part of it ("{ 4 }"), as in BAPCtools. */
			const char *a = alt, *z = c;
			while (a < z && *a == ' ')
				a++;
			while (z > a && z[-1] == ' ')
				z--;
			char one[GLOB_MAX + 1];
			if (str_printf(one, sizeof(one), "%.*s%.*s%s", (int)(open - pat), pat, (int)(z - a), a,
				       close + 1) == 0 &&
			    expand_match(one, path, budget))
				return true;
			if (*budget < 0)
				return false;
			alt = c + 1;
		}
	}
	return false;
}

bool problem_glob_match(const char *glob, const char *path)
{
	char p[PATH_MAX];
	if (strlen(glob) > GLOB_MAX || str_copy(p, sizeof(p), path))
		return false;
	/* The path itself, then each folder above it. */
	for (;;) {
		int budget = GLOB_EXPANSIONS;
		if (expand_match(glob, p, &budget))
			return true;
		char *slash = strrchr(p, '/');
		if (!slash)
			return false;
		*slash = '\0';
	}
}

/* ---- rules from submissions.yaml ---------------------------------------- */

struct folder_rule {
	const char *folder;
	unsigned permitted, required;
};

/* The 2025-09 defaults of the verdict folders. */
static const struct folder_rule folder_rules[] = {
	{ "accepted", PROBLEM_V_AC, PROBLEM_V_ALL },
	{ "rejected", PROBLEM_V_ALL, PROBLEM_V_WA | PROBLEM_V_TLE | PROBLEM_V_RTE },
	{ "wrong_answer", PROBLEM_V_AC | PROBLEM_V_WA, PROBLEM_V_WA },
	{ "time_limit_exceeded", PROBLEM_V_AC | PROBLEM_V_TLE, PROBLEM_V_TLE },
	{ "run_time_error", PROBLEM_V_AC | PROBLEM_V_RTE, PROBLEM_V_RTE },
	{ "brute_force", PROBLEM_V_AC | PROBLEM_V_TLE | PROBLEM_V_RTE, PROBLEM_V_TLE | PROBLEM_V_RTE },
	{ NULL, 0, 0 },
};

static const struct folder_rule *folder_rule(const char *folder)
{
	for (const struct folder_rule *f = folder_rules; f->folder; f++)
		if (!strcmp(f->folder, folder))
			return f;
	return NULL;
}

/* Keys of an entry that are not test-group patterns. */
static bool entry_key(const char *k)
{
	static const char *const keys[] = { "language", "entrypoint", "authors", "model_solution", "permitted",
					    "required", "score", "message", "use_for_time_limit", NULL };
	for (const char *const *x = keys; *x; x++)
		if (!strcmp(*x, k))
			return true;
	return false;
}

struct yctx {
	const char *file;           /* for messages: "submissions/submissions.yaml" */
	char *err;
	size_t errlen;
};

/* A verdict list into a set. 0, or -EINVAL naming where. */
static int verdict_set(const struct yctx *y, const char *where, const char *key, const json_t *v, unsigned *out)
{
	size_t i;
	const json_t *x;
	if (!json_is_array(v))
		return problem_fail(y->err, y->errlen, -EINVAL, "%s: %s: %s: a list of verdicts expected", y->file, where,
				    key);
	*out = 0;
	json_array_foreach(v, i, x) {
		const char *s = json_string_value(x);
		int k = 0;
		while (k < 4 && (!s || strcmp(s, verdict_names[k]) != 0))
			k++;
		if (k == 4)
			return problem_fail(y->err, y->errlen, -EINVAL, "%s: %s: %s[%zu]: not one of AC, WA, TLE, RTE",
					    y->file, where, key, i);
		*out |= 1u << k;
	}
	return 0;
}

/* The rule keys of one map (an entry, or a test group under it): *has is
 * false when it sets none of permitted, required, message. */
static int rule_keys(const struct yctx *y, const char *where, const json_t *m, struct problem_rule *r, bool *has)
{
	const json_t *v;
	int e;
	*has = false;
	if ((v = json_object_get(m, "permitted"))) {
		if ((e = verdict_set(y, where, "permitted", v, &r->permitted)))
			return e;
		*has = true;
	}
	if ((v = json_object_get(m, "required"))) {
		if ((e = verdict_set(y, where, "required", v, &r->required)))
			return e;
		*has = true;
	}
	if ((v = json_object_get(m, "message"))) {
		if (!json_is_string(v))
			return problem_fail(y->err, y->errlen, -EINVAL, "%s: %s: message: a string expected", y->file,
					    where);
		free(r->message);
		if (!(r->message = strdup(json_string_value(v))))
			return -ENOMEM;
		*has = true;
	}
	return 0;
}

static int add_rule(struct problem_submission *s, const struct problem_rule *r, const char *tests, const char *origin)
{
	struct problem_rule *v = realloc(s->rules, (s->nrules + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	s->rules = v;
	struct problem_rule *n = &v[s->nrules++];
	*n = (struct problem_rule){ NULL, r->permitted, r->required, NULL, NULL };
	if ((tests && !(n->tests = strdup(tests))) || (r->message && !(n->message = strdup(r->message))) ||
	    !(n->origin = strdup(origin)))
		return -ENOMEM;
	return 0;
}

/* An entry's rules for s: its own (scope: every test) when it sets any,
 * then one per test-group key. base (optional) is what its own keys
 * start from (a folder's default). */
static int entry_rules(const struct yctx *y, struct problem_submission *s, const char *key, const json_t *entry,
		       const struct folder_rule *base)
{
	char origin[300];
	struct problem_rule r = { NULL, PROBLEM_V_ALL, PROBLEM_V_ALL, NULL, NULL };
	bool has = false;
	int e;
	if (base) {
		r.permitted = base->permitted;
		r.required = base->required;
	}
	if (entry && (e = rule_keys(y, key, entry, &r, &has))) {
		free(r.message);
		return e;
	}
	if (base && !entry)
		str_printf(origin, sizeof(origin), "the default for %s/", key);
	else
		str_printf(origin, sizeof(origin), "%s: %s", y->file, key);
	e = (base || has) ? add_rule(s, &r, NULL, origin) : 0;
	free(r.message);
	const char *k;
	const json_t *v;
	json_object_foreach((json_t *)entry, k, v) {
		if (e || entry_key(k))
			continue;
		struct problem_rule g = { NULL, PROBLEM_V_ALL, PROBLEM_V_ALL, NULL, NULL };
		char where[300];
		str_printf(where, sizeof(where), "%s: %s", key, k);
		str_printf(origin, sizeof(origin), "%s: %s: %s", y->file, key, k);
		if (!json_is_object(v))
			e = problem_fail(y->err, y->errlen, -EINVAL, "%s: %s: a map of permitted/required/message expected "
					 "(or a misspelt key)", y->file, where);
		else if (!(e = rule_keys(y, where, v, &g, &has)) && has)
			e = add_rule(s, &g, k, origin);
		free(g.message);
	}
	return e;
}

/* Check every entry's shape once, whether or not it matches a submission. */
static int check_entries(const struct yctx *y, const json_t *doc)
{
	const char *key;
	const json_t *entry;
	json_object_foreach((json_t *)doc, key, entry) {
		struct problem_submission probe = { 0 };
		int e = json_is_object(entry) ? entry_rules(y, &probe, key, entry, NULL)
					      : problem_fail(y->err, y->errlen, -EINVAL, "%s: %s: a map expected", y->file, key);
		const json_t *lang = json_object_get(entry, "language");
		if (!e && lang && !json_is_string(lang))
			e = problem_fail(y->err, y->errlen, -EINVAL, "%s: %s: language: a string expected", y->file, key);
		const json_t *entry_file = json_object_get(entry, "entrypoint");
		if (!e && entry_file && !json_is_string(entry_file))
			e = problem_fail(y->err, y->errlen, -EINVAL, "%s: %s: entrypoint: a string expected", y->file, key);
		problem_submission_release(&probe);
		if (e)
			return e;
	}
	return 0;
}

static int submission_rules(const struct yctx *y, struct problem *p, struct problem_submission *s, const json_t *doc)
{
	char sub[PATH_MAX];
	const char *rel = s->path;
	/* The path below submissions/: "wrong_answer/greedy.py". */
	if (!problem_path(sub, sizeof(sub), p->dir, "submissions") && !strncmp(s->path, sub, strlen(sub)) &&
	    s->path[strlen(sub)] == '/')
		rel = s->path + strlen(sub) + 1;
	const struct folder_rule *base = folder_rule(s->expect);
	int e = 0;
	if (base)
		e = entry_rules(y, s, s->expect, json_object_get(doc, s->expect), base);
	const char *key, *matched = NULL;
	const json_t *entry;
	json_object_foreach((json_t *)doc, key, entry) {
		if (e)
			break;
		if ((base && !strcmp(key, s->expect)) || !problem_glob_match(key, rel))
			continue;
		matched = key;
		if (!(e = entry_rules(y, s, key, entry, NULL))) {
			const char *lang = json_string_value(json_object_get(entry, "language"));
			const char *entry_file = json_string_value(json_object_get(entry, "entrypoint"));
			if (lang) {
				free(s->language);
				if (!(s->language = strdup(lang)))
					e = -ENOMEM;
			}
			if (entry_file) {
				free(s->entrypoint);
				if (!(s->entrypoint = strdup(entry_file)))
					e = -ENOMEM;
			}
		}
	}
	/* A folder submissions.yaml names without verdict rules (only test
	 * groups' use_for_time_limit, authors, ...) asks nothing of the
	 * verdicts: every test is judged and any verdict is met. */
	if (!e && !s->nrules && matched && !s->results) {
		char origin[300];
		str_printf(origin, sizeof(origin), "%s: %s (no verdict rules)", y->file, matched);
		e = add_rule(s, &(struct problem_rule){ NULL, PROBLEM_V_ALL, PROBLEM_V_ALL, NULL, NULL }, NULL, origin);
	}
	if (!e && s->nrules) {
		free(s->skip);
		s->skip = NULL;
	}
	return e;
}

int problem_kattis_expectations(struct problem *p, char *err, size_t errlen)
{
	char path[PATH_MAX];
	char *text = NULL;
	size_t len = 0;
	json_t *doc = NULL;
	struct yctx y = { "submissions/submissions.yaml", err, errlen };
	if (problem_path(path, sizeof(path), p->dir, "submissions/submissions.yaml"))
		return problem_fail(err, errlen, -ENAMETOOLONG, "%s: path too long", p->dir);
	int r = problem_read_text(p, path, PROBLEM_META_MAX, &text, &len, err, errlen);
	if (r && r != -ENOENT)
		return r;
	if (text) {
		char yerr[256];
		if ((r = yaml_parse(text, len, &doc, yerr, sizeof(yerr))))
			r = r == -ENOMEM ? r : problem_fail(err, errlen, r, "%s: %s", y.file, yerr);
		else if (!json_is_object(doc) && !json_is_null(doc))
			r = problem_fail(err, errlen, -EINVAL, "%s: a map of submission patterns expected", y.file);
		free(text);
		if (r) {
			json_decref(doc);
			return r;
		}
	}
	if (!doc && !(doc = json_object()))
		return -ENOMEM;
	if (json_is_null(doc)) {                /* an empty file */
		json_decref(doc);
		if (!(doc = json_object()))
			return -ENOMEM;
	}
	r = check_entries(&y, doc);
	for (size_t i = 0; i < p->nsubs && !r; i++)
		r = submission_rules(&y, p, &p->subs[i], doc);
	json_decref(doc);
	return r;
}

void problem_submission_release(struct problem_submission *s)
{
	for (size_t i = 0; i < s->nrules; i++) {
		free(s->rules[i].tests);
		free(s->rules[i].message);
		free(s->rules[i].origin);
	}
	free(s->rules);
	free(s->language);
	free(s->entrypoint);
	free(s->label);
	free(s->skip);
	s->label = s->skip = NULL;
	s->rules = NULL;
	s->nrules = 0;
	s->language = NULL;
	s->entrypoint = NULL;
}

/* ---- checking a judged submission -------------------------------------- */

int problem_rules_check(const struct problem_submission *s, const struct problem_verdict *v, size_t n, char *why,
			size_t whylen)
{
	char set[32];
	for (size_t k = 0; k < s->nrules; k++) {
		const struct problem_rule *r = &s->rules[k];
		char scope[GLOB_MAX + 8] = "";
		if (r->tests)
			str_printf(scope, sizeof(scope), " in %s", r->tests);
		size_t in_scope = 0;
		bool required = false, message = !r->message;
		for (size_t i = 0; i < n; i++) {
			if (r->tests && !problem_glob_match(r->tests, v[i].test))
				continue;
			in_scope++;
			unsigned bit = problem_verdict_bit(v[i].status);
			if (!(bit & r->permitted)) {
				verdicts_text(r->permitted, set, sizeof(set));
				str_printf(why, whylen, "test %s: %s, not permitted (%s) by %s", v[i].test,
					   bit ? verdict_names[__builtin_ctz(bit)] : "no verdict", set, r->origin);
				return 0;
			}
			required |= (bit & r->required) != 0;
			message |= r->message && v[i].message && strstr(v[i].message, r->message);
		}
		if (!in_scope) {
			str_printf(why, whylen, "no test matches '%s' (%s)", r->tests ? r->tests : "", r->origin);
			return 0;
		}
		if (!required) {
			verdicts_text(r->required, set, sizeof(set));
			str_printf(why, whylen, "no test%s got %s, required by %s", scope, set, r->origin);
			return 0;
		}
		if (!message) {
			str_printf(why, whylen, "no judge message%s contains \"%s\" (%s)", scope, r->message, r->origin);
			return 0;
		}
	}
	return 1;
}
