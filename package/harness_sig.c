/* harness_sig.c - problem.json's "function" object parsed into a signature
 * (harness.h): names in their three cases, none reserved in any language,
 * and types of the small type system. */
#include "harness_int.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *const harness_base_names[NBASES] = { "int", "int64", "float64", "bool", "string", "ListNode", "TreeNode" };

int harness_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* ---- parsing problem.json's "function" ---- */

/* Names no parameter or function may take: keywords of the eleven
 * languages, names the generated code or the runtimes use, and the type
 * names a Go or C local would shadow. */
static const char *const reserved[] = {
	/* C, C++ */
	"alignas", "alignof", "and", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch", "char",
	"class", "compl", "concept", "const", "constexpr", "continue", "decltype", "default", "delete", "do",
	"double", "else", "enum", "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if",
	"inline", "int", "long", "mutable", "namespace", "new", "noexcept", "not", "nullptr", "operator", "or",
	"private", "protected", "public", "register", "requires", "restrict", "return", "short", "signed",
	"sizeof", "static", "struct", "switch", "template", "this", "throw", "true", "try", "typedef", "typeid",
	"typename", "union", "unsigned", "using", "virtual", "void", "volatile", "while", "xor", "main",
	"returnSize", "returnColumnSizes", "string", "vector",
	/* Python, Ruby */
	"None", "as", "assert", "async", "await", "def", "del", "elif", "except", "finally", "from", "global",
	"import", "in", "is", "lambda", "nonlocal", "pass", "raise", "with", "yield", "begin", "defined", "end",
	"ensure", "module", "next", "nil", "redo", "rescue", "retry", "self", "super", "then", "undef", "unless",
	"until", "when", "alias",
	/* Java, Kotlin, C# */
	"abstract", "boolean", "byte", "extends", "final", "implements", "instanceof", "interface", "native",
	"package", "strictfp", "synchronized", "throws", "transient", "var", "val", "fun", "object", "typealias",
	"typeof", "base", "checked", "decimal", "delegate", "event", "fixed", "foreach", "implicit", "internal",
	"lock", "null", "out", "override", "params", "readonly", "ref", "sbyte", "sealed", "stackalloc", "uint",
	"ulong", "unchecked", "unsafe", "ushort", "record",
	/* JavaScript, TypeScript */
	"arguments", "debugger", "eval", "function", "let", "undefined", "with", "yield", "any", "number",
	"declare", "type",
	/* Go */
	"chan", "defer", "fallthrough", "func", "go", "map", "range", "select", "int8", "int16", "int32", "int64",
	"uint8", "uint16", "uint32", "uint64", "uintptr", "float32", "float64", "complex64", "complex128",
	"rune", "error", "iota", "append", "cap", "close", "copy", "len", "make", "panic", "print", "println",
	"recover",
	/* Rust */
	"crate", "dyn", "fn", "impl", "loop", "match", "mod", "move", "mut", "pub", "trait", "unsafe", "use",
	"where", "box", "macro", "priv", "i32", "i64", "f64",
};

static bool name_reserved(const char *s)
{
	if (!strncmp(s, "pb", 2) || !strncmp(s, "Pb", 2) || !strncmp(s, "_pb", 3))
		return true;                       /* the harness's own names */
	for (size_t i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (!strcmp(s, reserved[i]))
			return true;
	return false;
}

/* lowerCamelCase into its three forms: "parseURLFast" is parse_url_fast
 * in snake_case and ParseURLFast in PascalCase. */
static int name_forms(const char *s, char *out[NCASES])
{
	size_t n = strlen(s);
	char *snake = malloc(2 * n + 1);
	out[CASE_CAMEL] = strdup(s);
	out[CASE_PASCAL] = strdup(s);
	out[CASE_SNAKE] = snake;
	if (!snake || !out[CASE_CAMEL] || !out[CASE_PASCAL])
		return -ENOMEM;
	out[CASE_PASCAL][0] = (char)(s[0] - 'a' + 'A');
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool up = s[i] >= 'A' && s[i] <= 'Z';
		bool prev_low = i > 0 && !(s[i - 1] >= 'A' && s[i - 1] <= 'Z');
		bool next_low = s[i + 1] >= 'a' && s[i + 1] <= 'z';
		if (up && i > 0 && (prev_low || next_low))
			snake[k++] = '_';
		snake[k++] = up ? (char)(s[i] - 'A' + 'a') : s[i];
	}
	snake[k] = '\0';
	return 0;
}

/* A name: lowerCamelCase ASCII, 1-64 characters, no keyword in any form. */
static int name_parse(const json_t *j, const char *where, char *out[NCASES], char *err, size_t errlen)
{
	const char *s = json_string_value(j);
	if (!s)
		return harness_fail(err, errlen, "%s: a string is required", where);
	size_t n = strlen(s);
	bool ok = n >= 1 && n <= 64 && s[0] >= 'a' && s[0] <= 'z';
	for (size_t i = 0; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9');
	if (!ok)
		return harness_fail(err, errlen, "%s: '%s' is not a lowerCamelCase name (a-z first, then letters and "
				    "digits, at most 64)", where, s);
	int r = name_forms(s, out);
	if (r)
		return r;
	if (name_reserved(out[CASE_CAMEL]) || name_reserved(out[CASE_SNAKE]))
		return harness_fail(err, errlen, "%s: '%s' is reserved (a keyword or type in one of the languages, or "
				    "the harness's own)", where, s);
	return 0;
}

static int type_parse(const json_t *j, const char *where, struct htype *t, char *err, size_t errlen)
{
	const char *s = json_string_value(j);
	if (!s)
		return harness_fail(err, errlen, "%s: a string is required", where);
	for (int b = 0; b < NBASES; b++) {
		size_t n = strlen(harness_base_names[b]);
		if (strncmp(s, harness_base_names[b], n) != 0)
			continue;
		const char *rest = s + n;
		unsigned dims = !strcmp(rest, "") ? 0 : !strcmp(rest, "[]") ? 1 : !strcmp(rest, "[][]") ? 2 : 3;
		if (dims > 2 || (b >= B_LIST && dims))
			continue;                       /* "int64" after "int", or a bad suffix */
		*t = (struct htype){ (enum base)b, dims };
		return 0;
	}
	return harness_fail(err, errlen, "%s: unknown type '%s' (int, int64, float64, bool, string, T[] or T[][] of "
			    "those, ListNode, TreeNode)", where, s);
}

/* Only the keys named may be present. */
static int keys_only(const json_t *o, const char *where, const char *const *keys, char *err, size_t errlen)
{
	const char *k;
	json_t *v;
	json_object_foreach((json_t *)o, k, v) {
		bool known = false;
		for (size_t i = 0; keys[i] && !known; i++)
			known = !strcmp(k, keys[i]);
		if (!known)
			return harness_fail(err, errlen, "%s: unknown key '%s'", where, k);
	}
	return 0;
}

#define MAX_PARAMS 32

int harness_sig_parse(const json_t *fn, struct harness_sig **out, char *err, size_t errlen)
{
	static const char *const fn_keys[] = { "name", "params", "returns", NULL };
	static const char *const param_keys[] = { "name", "type", NULL };
	struct harness_sig *s = NULL;
	char where[64];
	int r;
	*out = NULL;
	if (!json_is_object(fn))
		return harness_fail(err, errlen, "function: an object {name, params, returns} is required");
	if ((r = keys_only(fn, "function", fn_keys, err, errlen)))
		return r;
	const json_t *params = json_object_get(fn, "params");
	if (!json_is_array(params) || json_array_size(params) > MAX_PARAMS)
		return harness_fail(err, errlen, "function.params: an array of at most %d {name, type} is required",
				    MAX_PARAMS);
	if (!(s = calloc(1, sizeof(*s))) ||
	    !(s->params = calloc(json_array_size(params) + 1, sizeof(*s->params)))) {
		r = -ENOMEM;
		goto out;
	}
	if ((r = name_parse(json_object_get(fn, "name"), "function.name", s->name, err, errlen)) ||
	    (r = type_parse(json_object_get(fn, "returns"), "function.returns", &s->ret, err, errlen)))
		goto out;
	for (size_t i = 0; i < json_array_size(params); i++, s->nparams++) {
		const json_t *p = json_array_get(params, i);
		struct hparam *hp = &s->params[i];
		str_printf(where, sizeof(where), "function.params[%zu]", i);
		if (!json_is_object(p)) {
			r = harness_fail(err, errlen, "%s: an object {name, type} is required", where);
			goto out;
		}
		char field[80];
		if ((r = keys_only(p, where, param_keys, err, errlen)))
			goto out;
		str_printf(field, sizeof(field), "%s.name", where);
		if ((r = name_parse(json_object_get(p, "name"), field, hp->name, err, errlen)))
			goto out;
		str_printf(field, sizeof(field), "%s.type", where);
		if ((r = type_parse(json_object_get(p, "type"), field, &hp->type, err, errlen)))
			goto out;
		/* Distinct (in snake_case too), and none shadows the function in
		 * the generated main. */
		for (size_t k = 0; k <= i; k++) {
			if (!strcmp(hp->name[CASE_SNAKE], k < i ? s->params[k].name[CASE_SNAKE] : s->name[CASE_SNAKE])) {
				r = harness_fail(err, errlen, "%s.name: '%s' is already the name of %s", where,
					         hp->name[CASE_CAMEL], k < i ? "another parameter" : "the function");
				goto out;
			}
		}
	}
	*out = s;
	s = NULL;
out:
	harness_sig_free(s);
	return r;
}

void harness_sig_free(struct harness_sig *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nparams + 1 && s->params; i++)
		for (int c = 0; c < NCASES; c++)
			free(s->params[i].name[c]);
	for (int c = 0; c < NCASES; c++)
		free(s->name[c]);
	free(s->params);
	free(s);
}

const char *harness_sig_name(const struct harness_sig *s)
{
	return s->name[CASE_CAMEL];
}

const char *harness_sig_lang_name(const struct harness_sig *s, const struct lang *l)
{
	const struct hlang *h = hlang_of(l);
	return h ? s->name[h->fcase] : NULL;
}

bool harness_supports(const struct lang *l)
{
	return hlang_of(l) != NULL;
}
