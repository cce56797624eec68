/* harness_int.h - what the harness files share: the type system, a parsed
 * signature, and a language's row. Not for other files: they see harness.h.
 *
 * harness_sig.c parses problem.json's "function" into a signature,
 * harness_lang.c holds one row per language, harness_gen.c generates
 * starter code and the wrapped program from the two, harness_check.c
 * checks test files against a signature. */
#ifndef PAIRBOX_HARNESS_INT_H
#define PAIRBOX_HARNESS_INT_H

#include "harness.h"
#include "outbuf.h"

#include <errno.h>
#include <string.h>

/* The type system: a base, and for the five scalars up to two array
 * dimensions. The order of the bases indexes every per-language table. */
enum base { B_INT, B_INT64, B_FLOAT64, B_BOOL, B_STRING, B_LIST, B_TREE, NBASES };
#define NSCALARS 5

/* The names problem.json writes ("int", ..., "TreeNode"), in base order. */
extern const char *const harness_base_names[NBASES];

struct htype {
	enum base base;
	unsigned dims;                 /* 0, 1 or 2; always 0 for ListNode and TreeNode */
};

/* How a type travels through the generated code: scalars, 1-D and 2-D
 * arrays (C passes sizes along), lists and trees. */
enum cat { CAT_SCALAR, CAT_ARR1, CAT_ARR2, CAT_NODE, NCATS };

static inline enum cat type_cat(struct htype t)
{
	if (t.base >= B_LIST)
		return CAT_NODE;
	return t.dims == 0 ? CAT_SCALAR : t.dims == 1 ? CAT_ARR1 : CAT_ARR2;
}

/* A name as problem.json writes it (lowerCamelCase), and the two other
 * forms languages use. */
enum name_case { CASE_CAMEL, CASE_SNAKE, CASE_PASCAL, NCASES };

struct hparam {
	char *name[NCASES];
	struct htype type;
};

struct harness_sig {
	char *name[NCASES];
	struct hparam *params;
	size_t nparams;
	struct htype ret;
};

/* ---- the languages ----
 *
 * Each language is a runtime file (package/harness/, embedded) and one
 * row below. The wrapped program is the runtime's prelude, a line
 * directive where the language has them, the user's code, another
 * directive, the rest of the runtime, then main from the templates: read
 * each parameter with the runtime's reader for its type (named by %B and
 * %D, or by the declared type), end (nothing may follow), call, write the
 * result with the printer for the return type.
 *
 * Templates expand %X placeholders (tpl_put): %N a name, %T its type, %B
 * and %K the base as the runtime names it, %D the dimensions, %F the
 * function, %P the parameter list, %A the call's arguments, %R the return
 * type, %Z its zero value, %s an inner type, %C the ListNode / TreeNode
 * comments, %Q per-parameter doc lines, %X C's extra statements, %S the
 * source file's name, %L the next line's number. A per-category entry
 * left NULL falls back to the CAT_SCALAR one. */
struct hlang {
	const char *ext;                     /* of lang->source */
	const char *file;                    /* embedded runtime: prelude, marker line, runtime */
	const char *shared;                  /* another runtime, whose part after SHARED follows */
	enum name_case fcase, pcase;         /* the function's and the parameters' names */
	const char *line_user, *line_after;  /* line directives around the user's code */
	const char *scalar[NSCALARS];        /* type names */
	const char *arr1[NSCALARS];          /* 1-D array names when not arr applied to the scalar */
	const char *arr;                     /* array of %s */
	const char *node[2];                 /* ListNode, TreeNode */
	const char *zero[NSCALARS], *zero_arr, *zero_node;
	const char *zero_arr1[NSCALARS];     /* 1-D zeros when not zero_arr */
	const char *param[NCATS];            /* one parameter in the signature */
	const char *ret_param[NCATS];        /* C: what an array return adds to the signature */
	const char *ret_stmt[NCATS];         /* C: the starter's statements for those */
	const char *starter;
	const char *doc_param;               /* JavaScript, Ruby: a typed doc line per parameter */
	const char *node_doc[2];             /* starter comment when ListNode / TreeNode is used */
	const char *main_open, *read[NCATS], *main_mid, *call[NCATS], *write[NCATS], *main_close;
	const char *arg[NCATS];              /* one parameter in the call */
	const char *ret_arg[NCATS];          /* C: what an array return adds to the call */
};

#define MARKER "pairbox:user-code"
#define SHARED "pairbox:shared-runtime"

/* The row of l's harness language (by the extension of l->source), or NULL. */
const struct hlang *hlang_of(const struct lang *l);

/* Append to b; a full buffer is -E2BIG. */
static inline int put(struct outbuf *b, const char *s, size_t n)
{
	int r = outbuf_append(b, s, n);
	return r ? r : b->truncated ? -E2BIG : 0;
}

static inline int put_str(struct outbuf *b, const char *s)
{
	return put(b, s, strlen(s));
}

/* snprintf err (when given); returns -EINVAL. */
int harness_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
