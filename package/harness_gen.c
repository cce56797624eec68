/* harness_gen.c - starter code and the wrapped program (prelude, the
 * user's code, runtime, main) from a signature and its language's row. */
#include "harness_int.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>

/* The runtimes' own names (%B in templates) and the C runtime's (%K). */
static const char *const base_keys[NBASES] = { "int", "int64", "float64", "bool", "string", "list", "tree" };
static const char *const base_ukeys[NBASES] = { "INT", "INT64", "FLOAT64", "BOOL", "STRING", "LIST", "TREE" };

static const char *pick(const char *const *v, enum cat c)
{
	return v[c] ? v[c] : v[CAT_SCALAR];
}

/* ---- templates ---- */

struct tpl {
	const char *var[128];
};

static int tpl_put(struct outbuf *b, const char *t, const struct tpl *v)
{
	int r = 0;
	for (const char *p = t; *p && !r; p++) {
		const char *q = strchr(p, '%');
		if (!q)
			return put_str(b, p);
		if ((r = put(b, p, (size_t)(q - p))))
			break;
		unsigned char c = (unsigned char)q[1];
		const char *s = c < 128 ? v->var[c] : NULL;
		r = c == '%' ? put(b, "%", 1) : s ? put_str(b, s) : -EINVAL;
		p = q + 1;
	}
	return r;
}

/* The template expanded into a fresh string (NULL on ENOMEM). */
static char *tpl_str(const char *t, const struct tpl *v)
{
	struct outbuf b;
	outbuf_init(&b, 1 << 16);
	/* put("") first: an empty expansion is "", not NULL. */
	if (put(&b, "", 0) || tpl_put(&b, t, v)) {
		outbuf_release(&b);
		return NULL;
	}
	return b.data;
}

/* ---- types and names in one language ---- */

/* The type's name in h (an owned string; NULL on ENOMEM). */
static char *type_name(const struct hlang *h, struct htype t)
{
	if (t.base >= B_LIST)
		return strdup(h->node[t.base - B_LIST]);
	if (t.dims == 0)
		return strdup(h->scalar[t.base]);
	if (t.dims == 1 && h->arr1[t.base])
		return strdup(h->arr1[t.base]);
	char *inner = type_name(h, (struct htype){ t.base, t.dims - 1 });
	struct tpl v = { .var = { ['s'] = inner } };
	char *s = inner ? tpl_str(h->arr, &v) : NULL;
	free(inner);
	return s;
}

static char *type_zero(const struct hlang *h, struct htype t)
{
	if (t.base >= B_LIST)
		return strdup(h->zero_node);
	if (t.dims == 0)
		return strdup(h->zero[t.base]);
	if (t.dims == 1 && h->zero_arr1[t.base])
		return strdup(h->zero_arr1[t.base]);
	char *name = type_name(h, t);
	struct tpl v = { .var = { ['s'] = name } };
	char *s = name ? tpl_str(h->zero_arr, &v) : NULL;
	free(name);
	return s;
}
/* ---- generated code ---- */

/* The variables of one parameter or of the return value. */
struct typed {
	char *type, *zero;
};

static void typed_release(struct typed *t)
{
	free(t->type);
	free(t->zero);
}

static int typed_make(const struct hlang *h, struct htype t, struct typed *out)
{
	out->type = type_name(h, t);
	out->zero = type_zero(h, t);
	return out->type && out->zero ? 0 : -ENOMEM;
}

/* Fill v for one parameter or the return value. */
static void tpl_for(struct tpl *v, struct htype t, const struct typed *ty, const char *name)
{
	static const char *const digits[] = { "0", "1", "2" };
	v->var['N'] = name;
	v->var['T'] = ty->type;
	v->var['B'] = base_keys[t.base];
	v->var['K'] = base_ukeys[t.base];
	v->var['D'] = digits[t.dims];
}

/* Everything the starter and main share: types, zeros, lists. */
struct gen {
	const struct hlang *h;
	const struct harness_sig *s;
	struct typed *pt;             /* per parameter */
	struct typed rt;              /* the return value */
	char *params, *args, *docs, *node_docs;
};

static void gen_release(struct gen *g)
{
	for (size_t i = 0; g->pt && i < g->s->nparams; i++)
		typed_release(&g->pt[i]);
	free(g->pt);
	typed_release(&g->rt);
	free(g->params);
	free(g->args);
	free(g->docs);
	free(g->node_docs);
}

/* Join one template per parameter (plus the return value's extra, if
 * any) with ", " or nothing. */
static int gen_list(struct gen *g, const char *const *per_cat, const char *const *ret_per_cat, const char *sep,
		    char **out)
{
	struct outbuf b;
	outbuf_init(&b, 1 << 16);
	int r = put(&b, "", 0);
	for (size_t i = 0; i < g->s->nparams && !r && per_cat; i++) {
		const struct hparam *p = &g->s->params[i];
		struct tpl v = { 0 };
		tpl_for(&v, p->type, &g->pt[i], p->name[g->h->pcase]);
		if (i && sep)
			r = put_str(&b, sep);
		if (!r)
			r = tpl_put(&b, pick(per_cat, type_cat(p->type)), &v);
	}
	const char *extra = ret_per_cat ? ret_per_cat[type_cat(g->s->ret)] : NULL;
	if (!r && extra) {
		if (g->s->nparams && sep)
			r = put_str(&b, sep);
		if (!r)
			r = put_str(&b, extra);
	}
	if (r) {
		outbuf_release(&b);
		return r;
	}
	*out = b.data;
	return 0;
}

static int gen_init(struct gen *g, const struct harness_sig *s, const struct hlang *h)
{
	memset(g, 0, sizeof(*g));
	g->h = h;
	g->s = s;
	if (!(g->pt = calloc(s->nparams + 1, sizeof(*g->pt))))
		return -ENOMEM;
	int r = typed_make(h, s->ret, &g->rt);
	for (size_t i = 0; i < s->nparams && !r; i++)
		r = typed_make(h, s->params[i].type, &g->pt[i]);
	if (r)
		return r;
	const char *doc[NCATS] = { h->doc_param };
	if ((r = gen_list(g, h->param, h->ret_param, ", ", &g->params)) ||
	    (r = gen_list(g, h->arg, h->ret_arg, ", ", &g->args)) ||
	    (r = gen_list(g, h->doc_param ? doc : NULL, NULL, NULL, &g->docs)))
		return r;
	bool used[2] = { s->ret.base == B_LIST, s->ret.base == B_TREE };
	for (size_t i = 0; i < s->nparams; i++)
		if (s->params[i].type.base >= B_LIST)
			used[s->params[i].type.base - B_LIST] = true;
	size_t n = 0;
	char both[1024] = "";
	for (int k = 0; k < 2; k++)
		if (used[k] && h->node_doc[k]) {
			if (str_copy(both + n, sizeof(both) - n, h->node_doc[k]))
				return -E2BIG;
			n += strlen(both + n);
		}
	return (g->node_docs = strdup(both)) ? 0 : -ENOMEM;
}

char *harness_starter(const struct harness_sig *s, const struct lang *l)
{
	const struct hlang *h = hlang_of(l);
	struct gen g;
	char *out = NULL;
	if (!h || !s)
		return NULL;
	if (!gen_init(&g, s, h)) {
		struct tpl v = { .var = { ['F'] = s->name[h->fcase], ['P'] = g.params, ['R'] = g.rt.type,
					  ['Z'] = g.rt.zero, ['C'] = g.node_docs, ['Q'] = g.docs,
					  ['X'] = h->ret_stmt[type_cat(s->ret)] ? h->ret_stmt[type_cat(s->ret)] : "" } };
		out = tpl_str(h->starter, &v);
	}
	gen_release(&g);
	return out;
}

/* The part of an embedded runtime before (which 0) or after (1) the line
 * holding marker. */
static void rt_part(const char *file, const char *marker, int which, const char **p, size_t *n)
{
	const char *m = strstr(file, marker);
	const char *bol = m, *eol = m ? strchr(m, '\n') : NULL;
	while (bol && bol > file && bol[-1] != '\n')
		bol--;
	if (!m) {                               /* cannot happen: the build embeds our files */
		*p = which ? "" : file;
		*n = which ? 0 : strlen(file);
	} else if (which == 0) {
		*p = file;
		*n = (size_t)(bol - file);
	} else {
		*p = eol ? eol + 1 : m + strlen(m);
		*n = strlen(*p);
	}
}

static size_t count_lines(const struct outbuf *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		n += b->data[i] == '\n';
	return n;
}

/* Line directives need the file's name and the line that follows. */
static int put_line_directive(struct outbuf *b, const char *t, const struct lang *l)
{
	char line[32];
	if (!t)
		return 0;
	str_printf(line, sizeof(line), "%zu", count_lines(b) + 2);
	struct tpl v = { 0 };
	v.var['S'] = l->source;
	v.var['L'] = line;
	return tpl_put(b, t, &v);
}

/* Go: the prelude says `package main`, so a leading one in the user's code
 * (after blank and // comment lines) is blanked, keeping line numbers. */
static size_t go_package_line(const char *src, size_t len, size_t *end)
{
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && src[e] != '\n')
			e++;
		size_t a = i;
		while (a < e && (src[a] == ' ' || src[a] == '\t' || src[a] == '\r'))
			a++;
		if (a == e || (e - a >= 2 && src[a] == '/' && src[a + 1] == '/')) {
			i = e + 1;
			continue;
		}
		static const char pkg[] = "package main";
		size_t k = a + sizeof(pkg) - 1;
		if (e - a >= sizeof(pkg) - 1 && !memcmp(src + a, pkg, sizeof(pkg) - 1)) {
			while (k < e && (src[k] == ' ' || src[k] == '\t' || src[k] == '\r' || src[k] == ';'))
				k++;
			if (k == e || (e - k >= 2 && src[k] == '/' && src[k + 1] == '/')) {
				*end = e;
				return a;
			}
		}
		break;
	}
	*end = 0;
	return SIZE_MAX;
}

static int put_user(struct outbuf *b, const struct hlang *h, const char *src, size_t len)
{
	int r = 0;
	size_t from = 0, end = 0;
	if (!strcmp(h->ext, "go")) {
		size_t at = go_package_line(src, len, &end);
		if (at != SIZE_MAX) {
			if (!(r = put(b, src, at)))
				from = end;
		}
	}
	if (!r)
		r = put(b, src + from, len - from);
	if (!r && (len == 0 || src[len - 1] != '\n'))
		r = put(b, "\n", 1);
	return r;
}

static int gen_main(struct outbuf *b, struct gen *g)
{
	const struct hlang *h = g->h;
	const struct harness_sig *s = g->s;
	int r = put_str(b, h->main_open);
	for (size_t i = 0; i < s->nparams && !r; i++) {
		const struct hparam *p = &s->params[i];
		struct tpl v = { 0 };
		tpl_for(&v, p->type, &g->pt[i], p->name[h->pcase]);
		r = tpl_put(b, pick(h->read, type_cat(p->type)), &v);
	}
	struct tpl v = { 0 };
	tpl_for(&v, s->ret, &g->rt, s->name[h->fcase]);
	v.var['F'] = s->name[h->fcase];
	v.var['R'] = g->rt.type;
	v.var['A'] = g->args;
	if (!r)
		r = put_str(b, h->main_mid);
	if (!r)
		r = tpl_put(b, pick(h->call, type_cat(s->ret)), &v);
	if (!r)
		r = tpl_put(b, pick(h->write, type_cat(s->ret)), &v);
	return r ? r : put_str(b, h->main_close);
}

/* Room for the harness around the user's source. */
#define WRAP_EXTRA (1u << 20)

int harness_wrap(const struct harness_sig *s, const struct lang *l, const char *src, size_t len, char **out,
		 size_t *outlen)
{
	const struct hlang *h = hlang_of(l);
	struct gen g;
	struct outbuf b;
	const char *part;
	size_t n;
	int r;
	*out = NULL;
	*outlen = 0;
	if (!h)
		return -ENOTSUP;
	outbuf_init(&b, len + WRAP_EXTRA);
	if ((r = gen_init(&g, s, h)))
		goto out;
	rt_part(h->file, MARKER, 0, &part, &n);
	if ((r = put(&b, part, n)) || (r = put_line_directive(&b, h->line_user, l)) ||
	    (r = put_user(&b, h, src, len)) || (r = put_line_directive(&b, h->line_after, l)))
		goto out;
	rt_part(h->file, MARKER, 1, &part, &n);
	if ((r = put(&b, part, n)))
		goto out;
	if (h->shared) {
		rt_part(h->shared, SHARED, 1, &part, &n);
		if ((r = put(&b, part, n)))
			goto out;
	}
	if ((r = gen_main(&b, &g)))
		goto out;
	*out = b.data;
	*outlen = b.len;
	b.data = NULL;
out:
	gen_release(&g);
	outbuf_release(&b);
	return r == -E2BIG ? -ENOMEM : r;
}
