/* harness.c - function-style problems: signatures, starter code, wrapping (see harness.h). */
#include "harness.h"
#include "harness_rt.h"
#include "outbuf.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The type system: a base, and for the five scalars up to two array
 * dimensions. The order of the bases indexes every per-language table. */
enum base { B_INT, B_INT64, B_FLOAT64, B_BOOL, B_STRING, B_LIST, B_TREE, NBASES };
#define NSCALARS 5

static const char *const base_names[NBASES] = { "int", "int64", "float64", "bool", "string", "ListNode", "TreeNode" };
/* The runtimes' own names (%B in templates) and the C runtime's (%K). */
static const char *const base_keys[NBASES] = { "int", "int64", "float64", "bool", "string", "list", "tree" };
static const char *const base_ukeys[NBASES] = { "INT", "INT64", "FLOAT64", "BOOL", "STRING", "LIST", "TREE" };

struct htype {
	enum base base;
	unsigned dims;                 /* 0, 1 or 2; always 0 for ListNode and TreeNode */
};

/* How a type travels through the generated code: scalars, 1-D and 2-D
 * arrays (C passes sizes along), lists and trees. */
enum cat { CAT_SCALAR, CAT_ARR1, CAT_ARR2, CAT_NODE, NCATS };

static enum cat type_cat(struct htype t)
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

static const struct hlang langs[] = {
	{ .ext = "c", .file = harness_rt_c, .fcase = CASE_CAMEL, .pcase = CASE_CAMEL,
	  .line_user = "#line 1 \"solution.c\"\n", .line_after = "#line %L \"%S\"\n",
	  .scalar = { "int", "long long", "double", "bool", "char*" }, .arr = "%s*",
	  .node = { "struct ListNode*", "struct TreeNode*" },
	  .zero = { "0", "0", "0.0", "false", "\"\"" }, .zero_arr = "NULL", .zero_node = "NULL",
	  .param = { "%T %N", "%T %N, int %NSize", "%T %N, int %NSize, int* %NColSize" },
	  .ret_param = { NULL, "int* returnSize", "int* returnSize, int** returnColumnSizes" },
	  .ret_stmt = { "", "    *returnSize = 0;\n", "    *returnSize = 0;\n    *returnColumnSizes = NULL;\n" },
	  .starter = "%C%R %F(%P) {\n%X    return %Z;\n}\n",
	  .node_doc = { "/* Provided: struct ListNode { int val; struct ListNode *next; }; */\n",
			"/* Provided: struct TreeNode { int val; struct TreeNode *left; struct TreeNode *right; }; */\n" },
	  .main_open = "\nint main(void)\n{\n\tpb_begin();\n",
	  .read = { "\t%T %N = pb_read_%B();\n",
		    "\tint %NSize = 0;\n\t%T %N = pb_read_arr(PB_%K, &%NSize);\n",
		    "\tint %NSize = 0;\n\tint *%NColSize = NULL;\n\t%T %N = (%T)pb_read_arr2(PB_%K, &%NSize, &%NColSize);\n" },
	  .main_mid = "\tpb_end();\n",
	  .call = { "\t%R pb_r = %F(%A);\n", "\tint pb_n = 0;\n\t%R pb_r = %F(%A);\n",
		    "\tint pb_n = 0;\n\tint *pb_cols = NULL;\n\t%R pb_r = %F(%A);\n" },
	  .write = { "\tpb_write_%B(pb_r);\n", "\tpb_write_arr(PB_%K, pb_r, pb_n);\n",
		     "\tpb_write_arr2(PB_%K, (void *const *)pb_r, pb_n, pb_cols);\n" },
	  .main_close = "\tpb_finish();\n\treturn 0;\n}\n",
	  .arg = { "%N", "%N, %NSize", "%N, %NSize, %NColSize" },
	  .ret_arg = { NULL, "&pb_n", "&pb_n, &pb_cols" } },

	{ .ext = "cpp", .file = harness_rt_cpp, .fcase = CASE_CAMEL, .pcase = CASE_CAMEL,
	  .line_user = "#line 1 \"solution.cpp\"\n", .line_after = "#line %L \"%S\"\n",
	  .scalar = { "int", "long long", "double", "bool", "string" }, .arr = "vector<%s>",
	  .node = { "ListNode*", "TreeNode*" },
	  .zero = { "0", "0", "0.0", "false", "\"\"" }, .zero_arr = "{}", .zero_node = "nullptr",
	  .param = { "%T %N", "%T& %N", "%T& %N" },
	  .starter = "%Cclass Solution {\npublic:\n    %R %F(%P) {\n        return %Z;\n    }\n};\n",
	  .node_doc = { "// Provided: struct ListNode { int val; ListNode *next; ListNode(), ListNode(int x),\n"
			"//     ListNode(int x, ListNode *next) };\n",
			"// Provided: struct TreeNode { int val; TreeNode *left, *right; TreeNode(), TreeNode(int x),\n"
			"//     TreeNode(int x, TreeNode *left, TreeNode *right) };\n" },
	  .main_open = "\nint main() {\n    pb::begin();\n",
	  .read = { "    %T %N;\n    pb::read(%N);\n" },
	  .main_mid = "    pb::end();\n",
	  .call = { "    Solution pb_s;\n    %R pb_r = pb_s.%F(%A);\n" },
	  .write = { "    pb::write(pb_r);\n" },
	  .main_close = "    pb::finish();\n    return 0;\n}\n",
	  .arg = { "%N" } },

	{ .ext = "py", .file = harness_rt_py, .fcase = CASE_SNAKE, .pcase = CASE_SNAKE,
	  .scalar = { "int", "int", "float", "bool", "str" }, .arr = "List[%s]",
	  .node = { "Optional[ListNode]", "Optional[TreeNode]" },
	  .zero = { "0", "0", "0.0", "False", "\"\"" }, .zero_arr = "[]", .zero_node = "None",
	  .param = { "%N: %T" },
	  .starter = "%Cdef %F(%P) -> %R:\n    return %Z\n",
	  .node_doc = { "# Provided: class ListNode with .val and .next (ListNode(val=0, next=None))\n",
			"# Provided: class TreeNode with .val, .left and .right (TreeNode(val=0, left=None, right=None))\n" },
	  .main_open = "\n\ndef _pb_main():\n    pb = _PbRuntime()\n",
	  .read = { "    %N = pb.read('%B', %D)\n" },
	  .main_mid = "    pb.end()\n",
	  .call = { "    pb_r = %F(%A)\n" },
	  .write = { "    pb.write(pb_r, '%B', %D)\n" },
	  .main_close = "\n\n_pb_main()\n",
	  .arg = { "%N" } },

	{ .ext = "java", .file = harness_rt_java, .fcase = CASE_CAMEL, .pcase = CASE_CAMEL,
	  .scalar = { "int", "long", "double", "boolean", "String" }, .arr = "%s[]",
	  .node = { "ListNode", "TreeNode" },
	  .zero = { "0", "0", "0.0", "false", "\"\"" }, .zero_arr = "new %s{}", .zero_node = "null",
	  .param = { "%T %N" },
	  .starter = "%Cclass Solution {\n    public %R %F(%P) {\n        return %Z;\n    }\n}\n",
	  .node_doc = { "// Provided: class ListNode { int val; ListNode next; ListNode(), ListNode(int val),\n"
			"//     ListNode(int val, ListNode next) }\n",
			"// Provided: class TreeNode { int val; TreeNode left, right; TreeNode(), TreeNode(int val),\n"
			"//     TreeNode(int val, TreeNode left, TreeNode right) }\n" },
	  .main_open = "\npublic class Main {\n    public static void main(String[] pbArgs) throws Exception {\n"
		       "        PbRuntime pb = new PbRuntime();\n",
	  .read = { "        %T %N = (%T) pb.read(\"%B\", %D);\n" },
	  .main_mid = "        pb.end();\n",
	  .call = { "        %R pbR = new Solution().%F(%A);\n" },
	  .write = { "        pb.write(pbR, \"%B\", %D);\n" },
	  .main_close = "    }\n}\n",
	  .arg = { "%N" } },

	{ .ext = "js", .file = harness_rt_js, .fcase = CASE_CAMEL, .pcase = CASE_CAMEL,
	  .scalar = { "number", "number", "number", "boolean", "string" }, .arr = "%s[]",
	  .node = { "ListNode", "TreeNode" },
	  .zero = { "0", "0", "0", "false", "\"\"" }, .zero_arr = "[]", .zero_node = "null",
	  .param = { "%N" },
	  .starter = "%C/**\n%Q * @return {%R}\n */\nfunction %F(%P) {\n    return %Z;\n}\n",
	  .doc_param = " * @param {%T} %N\n",
	  .node_doc = { "// Provided: function ListNode(val, next) with .val and .next\n",
			"// Provided: function TreeNode(val, left, right) with .val, .left and .right\n" },
	  .main_open = "\nfunction pbMain() {\n    const pb = pbRuntime();\n",
	  .read = { "    const %N = pb.read(\"%B\", %D);\n" },
	  .main_mid = "    pb.end();\n",
	  .call = { "    const pbR = %F(%A);\n" },
	  .write = { "    pb.write(pbR, \"%B\", %D);\n" },
	  .main_close = "}\n\npbMain();\n",
	  .arg = { "%N" } },

	{ .ext = "ts", .file = harness_rt_ts, .shared = harness_rt_js, .fcase = CASE_CAMEL, .pcase = CASE_CAMEL,
	  .scalar = { "number", "number", "number", "boolean", "string" }, .arr = "%s[]",
	  .node = { "ListNode | null", "TreeNode | null" },
	  .zero = { "0", "0", "0", "false", "\"\"" }, .zero_arr = "[]", .zero_node = "null",
	  .param = { "%N: %T" },
	  .starter = "%Cfunction %F(%P): %R {\n    return %Z;\n}\n",
	  .node_doc = { "// Provided: class ListNode { val: number; next: ListNode | null;\n"
			"//     constructor(val?: number, next?: ListNode | null) }\n",
			"// Provided: class TreeNode { val: number; left: TreeNode | null; right: TreeNode | null;\n"
			"//     constructor(val?: number, left?: TreeNode | null, right?: TreeNode | null) }\n" },
	  .main_open = "\nfunction pbMain() {\n    const pb = pbRuntime();\n",
	  .read = { "    const %N: %T = pb.read(\"%B\", %D);\n" },
	  .main_mid = "    pb.end();\n",
	  .call = { "    const pbR: %R = %F(%A);\n" },
	  .write = { "    pb.write(pbR, \"%B\", %D);\n" },
	  .main_close = "}\n\npbMain();\n",
	  .arg = { "%N" } },

	{ .ext = "go", .file = harness_rt_go, .fcase = CASE_CAMEL, .pcase = CASE_CAMEL,
	  .line_user = "//line solution.go:1\n", .line_after = "//line %S:%L\n",
	  .scalar = { "int", "int64", "float64", "bool", "string" }, .arr = "[]%s",
	  .node = { "*ListNode", "*TreeNode" },
	  .zero = { "0", "0", "0", "false", "\"\"" }, .zero_arr = "%s{}", .zero_node = "nil",
	  .param = { "%N %T" },
	  .starter = "%Cfunc %F(%P) %R {\n\treturn %Z\n}\n",
	  .node_doc = { "// Provided: type ListNode struct { Val int; Next *ListNode }\n",
			"// Provided: type TreeNode struct { Val int; Left *TreeNode; Right *TreeNode }\n" },
	  .main_open = "\nfunc main() {\n\tpb := pbNewRuntime()\n",
	  .read = { "\t%N := pb.read(\"%B\", %D).(%T)\n" },
	  .main_mid = "\tpb.end()\n",
	  .call = { "\tpbR := %F(%A)\n" },
	  .write = { "\tpb.write(pbR, \"%B\", %D)\n" },
	  .main_close = "\tpb.finish()\n}\n",
	  .arg = { "%N" } },

	{ .ext = "rs", .file = harness_rt_rs, .fcase = CASE_SNAKE, .pcase = CASE_SNAKE,
	  .scalar = { "i32", "i64", "f64", "bool", "String" }, .arr = "Vec<%s>",
	  .node = { "Option<Box<ListNode>>", "Option<Rc<RefCell<TreeNode>>>" },
	  .zero = { "0", "0", "0.0", "false", "String::new()" }, .zero_arr = "vec![]", .zero_node = "None",
	  .param = { "%N: %T" },
	  .starter = "%Cfn %F(%P) -> %R {\n    %Z\n}\n",
	  .node_doc = { "// Provided: pub struct ListNode { pub val: i32, pub next: Option<Box<ListNode>> }\n"
			"//     with ListNode::new(val)\n",
			"// Provided: pub struct TreeNode { pub val: i32, pub left: Option<Rc<RefCell<TreeNode>>>,\n"
			"//     pub right: Option<Rc<RefCell<TreeNode>>> } with TreeNode::new(val); Rc and RefCell are in scope\n" },
	  .main_open = "\nfn main() {\n    let mut pb = pb_rt::Runtime::new();\n",
	  .read = { "    let %N: %T = pb.read();\n" },
	  .main_mid = "    pb.end();\n",
	  .call = { "    let pb_r: %R = %F(%A);\n" },
	  .write = { "    pb.write(&pb_r);\n" },
	  .main_close = "    pb.finish();\n}\n",
	  .arg = { "%N" } },

	{ .ext = "rb", .file = harness_rt_rb, .fcase = CASE_SNAKE, .pcase = CASE_SNAKE,
	  .scalar = { "Integer", "Integer", "Float", "Boolean", "String" }, .arr = "%s[]",
	  .node = { "ListNode", "TreeNode" },
	  .zero = { "0", "0", "0.0", "false", "\"\"" }, .zero_arr = "[]", .zero_node = "nil",
	  .param = { "%N" },
	  .starter = "%C%Q# @return {%R}\ndef %F(%P)\n  %Z\nend\n",
	  .doc_param = "# @param {%T} %N\n",
	  .node_doc = { "# Provided: class ListNode with .val and .next (ListNode.new(val = 0, _next = nil))\n",
			"# Provided: class TreeNode with .val, .left and .right (TreeNode.new(val = 0, left = nil, right = nil))\n" },
	  .main_open = "\ndef pb_main\n  pb = PbRuntime.new\n",
	  .read = { "  %N = pb.read('%B', %D)\n" },
	  .main_mid = "  pb.end_input\n",
	  .call = { "  pb_r = %F(%A)\n" },
	  .write = { "  pb.write(pb_r, '%B', %D)\n" },
	  .main_close = "end\n\npb_main\n",
	  .arg = { "%N" } },

	{ .ext = "kt", .file = harness_rt_kt, .fcase = CASE_CAMEL, .pcase = CASE_CAMEL,
	  .scalar = { "Int", "Long", "Double", "Boolean", "String" },
	  .arr1 = { "IntArray", "LongArray", "DoubleArray", "BooleanArray", NULL }, .arr = "Array<%s>",
	  .node = { "ListNode?", "TreeNode?" },
	  .zero = { "0", "0L", "0.0", "false", "\"\"" }, .zero_arr = "arrayOf()", .zero_node = "null",
	  .zero_arr1 = { "intArrayOf()", "longArrayOf()", "doubleArrayOf()", "booleanArrayOf()", NULL },
	  .param = { "%N: %T" },
	  .starter = "%Cclass Solution {\n    fun %F(%P): %R {\n        return %Z\n    }\n}\n",
	  .node_doc = { "// Provided: class ListNode(var `val`: Int) { var next: ListNode? = null }\n",
			"// Provided: class TreeNode(var `val`: Int) { var left: TreeNode? = null; var right: TreeNode? = null }\n" },
	  .main_open = "\n@Suppress(\"UNCHECKED_CAST\")\nfun main() {\n    val pb = PbRuntime()\n",
	  .read = { "    val %N = pb.read(\"%B\", %D) as %T\n" },
	  .main_mid = "    pb.end()\n",
	  .call = { "    val pbR: %R = Solution().%F(%A)\n" },
	  .write = { "    pb.write(pbR, \"%B\", %D)\n" },
	  .main_close = "}\n",
	  .arg = { "%N" } },

	{ .ext = "cs", .file = harness_rt_cs, .fcase = CASE_PASCAL, .pcase = CASE_CAMEL,
	  /* mcs keeps warning pragmas per file: the user's usings repeating the prelude's are no warning */
	  .line_user = "#line 1 \"solution.cs\"\n#pragma warning disable 105\n#line 1 \"solution.cs\"\n",
	  .line_after = "#line default\n",
	  .scalar = { "int", "long", "double", "bool", "string" }, .arr = "%s[]",
	  .node = { "ListNode", "TreeNode" },
	  .zero = { "0", "0", "0.0", "false", "\"\"" }, .zero_arr = "new %s{}", .zero_node = "null",
	  .param = { "%T %N" },
	  .starter = "%Cpublic class Solution {\n    public %R %F(%P) {\n        return %Z;\n    }\n}\n",
	  .node_doc = { "// Provided: public class ListNode { public int val; public ListNode next;\n"
			"//     public ListNode(int val = 0, ListNode next = null) }\n",
			"// Provided: public class TreeNode { public int val; public TreeNode left, right;\n"
			"//     public TreeNode(int val = 0, TreeNode left = null, TreeNode right = null) }\n" },
	  .main_open = "\npublic class PbMain {\n    public static void Main() {\n        var pb = new PbRuntime();\n",
	  .read = { "        %T %N = (%T) pb.Read(\"%B\", %D);\n" },
	  .main_mid = "        pb.End();\n",
	  .call = { "        %R pbR = new Solution().%F(%A);\n" },
	  .write = { "        pb.Write(pbR, \"%B\", %D);\n" },
	  .main_close = "    }\n}\n",
	  .arg = { "%N" } },
};

static const struct hlang *hlang_of(const struct lang *l)
{
	const char *dot = l && l->source ? strrchr(l->source, '.') : NULL;
	if (!dot)
		return NULL;
	for (size_t i = 0; i < sizeof(langs) / sizeof(langs[0]); i++)
		if (!strcmp(dot + 1, langs[i].ext))
			return &langs[i];
	return NULL;
}

static const char *pick(const char *const *v, enum cat c)
{
	return v[c] ? v[c] : v[CAT_SCALAR];
}

/* ---- templates ---- */

struct tpl {
	const char *var[128];
};

static int put(struct outbuf *b, const char *s, size_t n)
{
	int r = outbuf_append(b, s, n);
	return r ? r : b->truncated ? -E2BIG : 0;
}

static int put_str(struct outbuf *b, const char *s)
{
	return put(b, s, strlen(s));
}

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

static int sig_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int sig_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
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
		return sig_fail(err, errlen, "%s: a string is required", where);
	size_t n = strlen(s);
	bool ok = n >= 1 && n <= 64 && s[0] >= 'a' && s[0] <= 'z';
	for (size_t i = 0; ok && i < n; i++)
		ok = (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9');
	if (!ok)
		return sig_fail(err, errlen, "%s: '%s' is not a lowerCamelCase name (a-z first, then letters and "
				"digits, at most 64)", where, s);
	int r = name_forms(s, out);
	if (r)
		return r;
	if (name_reserved(out[CASE_CAMEL]) || name_reserved(out[CASE_SNAKE]))
		return sig_fail(err, errlen, "%s: '%s' is reserved (a keyword or type in one of the languages, or "
				"the harness's own)", where, s);
	return 0;
}

static int type_parse(const json_t *j, const char *where, struct htype *t, char *err, size_t errlen)
{
	const char *s = json_string_value(j);
	if (!s)
		return sig_fail(err, errlen, "%s: a string is required", where);
	for (int b = 0; b < NBASES; b++) {
		size_t n = strlen(base_names[b]);
		if (strncmp(s, base_names[b], n) != 0)
			continue;
		const char *rest = s + n;
		unsigned dims = !strcmp(rest, "") ? 0 : !strcmp(rest, "[]") ? 1 : !strcmp(rest, "[][]") ? 2 : 3;
		if (dims > 2 || (b >= B_LIST && dims))
			continue;                       /* "int64" after "int", or a bad suffix */
		*t = (struct htype){ (enum base)b, dims };
		return 0;
	}
	return sig_fail(err, errlen, "%s: unknown type '%s' (int, int64, float64, bool, string, T[] or T[][] of "
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
			return sig_fail(err, errlen, "%s: unknown key '%s'", where, k);
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
		return sig_fail(err, errlen, "function: an object {name, params, returns} is required");
	if ((r = keys_only(fn, "function", fn_keys, err, errlen)))
		return r;
	const json_t *params = json_object_get(fn, "params");
	if (!json_is_array(params) || json_array_size(params) > MAX_PARAMS)
		return sig_fail(err, errlen, "function.params: an array of at most %d {name, type} is required",
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
			r = sig_fail(err, errlen, "%s: an object {name, type} is required", where);
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
				r = sig_fail(err, errlen, "%s.name: '%s' is already the name of %s", where,
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

/* ---- test files, checked with jansson ---- */

static int check_fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int check_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (err && errlen)
		vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void type_str(struct htype t, char *buf, size_t len)
{
	str_printf(buf, len, "%s%s", base_names[t.base], t.dims == 2 ? "[][]" : t.dims == 1 ? "[]" : "");
}

/* Is j a value of type t? Trees: level order, ints and nulls, every value
 * with a parent; answers (canonical) also end with a value, not null. */
static bool value_ok(const json_t *j, struct htype t, bool canonical, char *why, size_t len)
{
	if (t.dims) {
		if (!json_is_array(j))
			return false;
		for (size_t i = 0; i < json_array_size(j); i++)
			if (!value_ok(json_array_get(j, i), (struct htype){ t.base, t.dims - 1 }, canonical, why, len))
				return false;
		return true;
	}
	switch (t.base) {
	case B_INT:
		if (json_is_integer(j) && (json_integer_value(j) < INT32_MIN || json_integer_value(j) > INT32_MAX)) {
			str_printf(why, len, "%" JSON_INTEGER_FORMAT " is out of range for int",
				   json_integer_value(j));
			return false;
		}
		return json_is_integer(j);
	case B_INT64:
		return json_is_integer(j);
	case B_FLOAT64:
		return json_is_number(j);
	case B_BOOL:
		return json_is_boolean(j);
	case B_STRING:
		return json_is_string(j);
	case B_LIST:
		return value_ok(j, (struct htype){ B_INT, 1 }, canonical, why, len);
	case B_TREE:
		break;
	default:
		return false;
	}
	if (!json_is_array(j))
		return false;
	size_t n = json_array_size(j), slots = 1;
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(j, i);
		if (!json_is_null(e) && !value_ok(e, (struct htype){ B_INT, 0 }, canonical, why, len))
			return false;
		if (slots == 0) {
			str_printf(why, len, "tree value %zu has no parent", i + 1);
			return false;
		}
		if (i == 0 && json_is_null(e)) {
			str_printf(why, len, "a tree's root is not null (the empty tree is [])");
			return false;
		}
		slots += json_is_null(e) ? 0 : 2;
		slots--;
	}
	if (canonical && n && json_is_null(json_array_get(j, n - 1))) {
		str_printf(why, len, "trailing nulls of a tree are left out");
		return false;
	}
	return true;
}

static size_t line_of(const char *s, size_t pos)
{
	size_t line = 1;
	for (size_t i = 0; i < pos; i++)
		line += s[i] == '\n';
	return line;
}

static size_t skip_ws(const char *s, size_t len, size_t i)
{
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	return i;
}

/* One JSON value at s[*pos], typed t; *pos moves past it. */
static int check_value(const char *s, size_t len, size_t *pos, struct htype t, bool canonical, const char *what,
		       json_t **out, char *err, size_t errlen)
{
	json_error_t e;
	char tn[32], why[128] = "";
	type_str(t, tn, sizeof(tn));
	*out = NULL;
	if (*pos >= len)
		return check_fail(err, errlen, "%s: missing (expected %s)", what, tn);
	json_t *j = json_loadb(s + *pos, len - *pos, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK, &e);
	if (!j)
		return check_fail(err, errlen, "%s (line %zu): not JSON: %s", what,
				  line_of(s, *pos + (e.position > 0 ? (size_t)e.position - 1 : 0)), e.text);
	if (!value_ok(j, t, canonical, why, sizeof(why))) {
		json_decref(j);
		return check_fail(err, errlen, "%s (line %zu): %s", what, line_of(s, *pos),
				  why[0] ? why : "not of that type");
	}
	*pos += (size_t)e.position;             /* what the value took, exactly */
	*out = j;
	return 0;
}

int harness_check_input(const struct harness_sig *s, const char *in, size_t len, char *err, size_t errlen)
{
	size_t pos = skip_ws(in, len, 0);
	for (size_t i = 0; i < s->nparams; i++) {
		char what[96], tn[32];
		json_t *j;
		type_str(s->params[i].type, tn, sizeof(tn));
		str_printf(what, sizeof(what), "input value %zu (%s %s)", i + 1, s->params[i].name[CASE_CAMEL], tn);
		int r = check_value(in, len, &pos, s->params[i].type, false, what, &j, err, errlen);
		if (r)
			return r;
		json_decref(j);
		pos = skip_ws(in, len, pos);
	}
	if (pos < len)
		return check_fail(err, errlen, "input: extra data at line %zu after the %zu value%s the function takes",
				  line_of(in, pos), s->nparams, s->nparams == 1 ? "" : "s");
	return 0;
}

/* ---- canonical printing (docs/problems.md, "Test files") ---- */

static int canon_string(struct outbuf *b, const char *s, size_t n)
{
	int r = put(b, "\"", 1);
	for (size_t i = 0; i < n && !r; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			r = put(b, esc, 2);
		} else if (c == '\n' || c == '\r' || c == '\t') {
			r = put_str(b, c == '\n' ? "\\n" : c == '\r' ? "\\r" : "\\t");
		} else if (c < 0x20) {
			str_printf(esc, sizeof(esc), "\\u%04x", c);
			r = put_str(b, esc);
		} else {
			r = put(b, s + i, 1);
		}
	}
	return r ? r : put(b, "\"", 1);
}

static int canon(struct outbuf *b, const json_t *j, struct htype t)
{
	char num[512];
	int r = 0;
	if (t.dims || t.base == B_LIST || t.base == B_TREE) {
		struct htype et = t.dims ? (struct htype){ t.base, t.dims - 1 } : (struct htype){ B_INT, 0 };
		r = put(b, "[", 1);
		for (size_t i = 0; i < json_array_size(j) && !r; i++) {
			const json_t *e = json_array_get(j, i);
			if (i)
				r = put(b, ",", 1);
			if (!r)
				r = json_is_null(e) ? put_str(b, "null") : canon(b, e, et);
		}
		return r ? r : put(b, "]", 1);
	}
	switch (t.base) {
	case B_INT:
	case B_INT64:
		str_printf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		return put_str(b, num);
	case B_FLOAT64:
		str_printf(num, sizeof(num), "%.6f", json_number_value(j));
		return put_str(b, strcmp(num, "-0.000000") ? num : "0.000000");
	case B_BOOL:
		return put_str(b, json_is_true(j) ? "true" : "false");
	case B_STRING:
		return canon_string(b, json_string_value(j), json_string_length(j));
	default:
		return -EINVAL;
	}
}

int harness_check_answer(const struct harness_sig *s, const char *ans, size_t len, char *err, size_t errlen)
{
	char tn[32];
	json_t *j = NULL;
	struct outbuf b;
	size_t pos = 0, n = len;
	type_str(s->ret, tn, sizeof(tn));
	if (n && ans[n - 1] == '\n')
		n--;                            /* one line; its newline is optional */
	int r = check_value(ans, n, &pos, s->ret, true, "answer", &j, err, errlen);
	if (r)
		return r;
	outbuf_init(&b, n + 64);
	if ((r = canon(&b, j, s->ret)))
		r = r == -E2BIG ? check_fail(err, errlen, "answer: not canonical (%s)", tn) : r;
	else if (b.len != n || memcmp(b.data, ans, n) != 0)
		r = check_fail(err, errlen, "answer: not the canonical printing of a %s: expected %.*s%s", tn,
			       b.len > 120 ? 120 : (int)b.len, b.data, b.len > 120 ? "..." : "");
	json_decref(j);
	outbuf_release(&b);
	return r;
}
