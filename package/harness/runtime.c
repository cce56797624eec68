/* runtime.c - the C harness of function-style problems (docs/problems.md): the prelude, the user's code at the marker, then the runtime; harness_gen.c adds main. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ListNode {
	int val;
	struct ListNode *next;
};

struct TreeNode {
	int val;
	struct TreeNode *left;
	struct TreeNode *right;
};

/* pairbox:user-code */
#include <errno.h>
#include <stdarg.h>

/* Input: all of stdin, one JSON value per parameter; output: the result
 * printed canonically on one line. Malformed input exits 2 with a message
 * on stderr. Nothing is freed: the process ends after one call. */
enum pb_kind { PB_INT, PB_INT64, PB_FLOAT64, PB_BOOL, PB_STRING };
static const char *const pb_kind_name[] = { "int", "int64", "float64", "bool", "string" };
static const size_t pb_kind_size[] = { sizeof(int), sizeof(long long), sizeof(double), sizeof(bool), sizeof(char *) };

static char *pb_in;
static size_t pb_len, pb_pos;
static int pb_nval;
static char pb_what[32];

static void pb_fail(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void pb_fail(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "pairbox harness: input value %d (%s): ", pb_nval, pb_what);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void *pb_realloc(void *p, size_t n)
{
	if (!(p = realloc(p, n ? n : 1))) {
		fputs("pairbox harness: out of memory\n", stderr);
		exit(3);
	}
	return p;
}

static void pb_begin(void)
{
	static char obuf[1 << 16];
	size_t cap = 1 << 16;
	pb_in = pb_realloc(NULL, cap);
	for (;;) {
		if (pb_len == cap)
			pb_in = pb_realloc(pb_in, cap *= 2);
		size_t n = fread(pb_in + pb_len, 1, cap - pb_len, stdin);
		if (!n)
			break;
		pb_len += n;
	}
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
}

/* The next character after whitespace, or -1 at the end. */
static int pb_peek(void)
{
	while (pb_pos < pb_len && (pb_in[pb_pos] == ' ' || pb_in[pb_pos] == '\t' || pb_in[pb_pos] == '\n' ||
				   pb_in[pb_pos] == '\r'))
		pb_pos++;
	return pb_pos < pb_len ? (unsigned char)pb_in[pb_pos] : -1;
}

static void pb_start(const char *type, int dims)
{
	pb_nval++;
	snprintf(pb_what, sizeof(pb_what), "%s%s", type, dims == 2 ? "[][]" : dims == 1 ? "[]" : "");
	if (pb_peek() < 0)
		pb_fail("missing");
}

static bool pb_digit(size_t i)
{
	return i < pb_len && pb_in[i] >= '0' && pb_in[i] <= '9';
}

/* A JSON number at pb_pos, copied into a fresh string; *integer when it
 * has neither fraction nor exponent. */
static char *pb_number(bool *integer)
{
	pb_peek();
	size_t i = pb_pos;
	*integer = true;
	if (i < pb_len && pb_in[i] == '-')
		i++;
	if (!pb_digit(i))
		pb_fail("expected a number");
	if (pb_in[i] == '0' && pb_digit(i + 1))
		pb_fail("a number does not start with 0");
	while (pb_digit(i))
		i++;
	if (i < pb_len && pb_in[i] == '.') {
		*integer = false;
		if (!pb_digit(++i))
			pb_fail("digits expected after '.'");
		while (pb_digit(i))
			i++;
	}
	if (i < pb_len && (pb_in[i] == 'e' || pb_in[i] == 'E')) {
		*integer = false;
		if (++i < pb_len && (pb_in[i] == '+' || pb_in[i] == '-'))
			i++;
		if (!pb_digit(i))
			pb_fail("digits expected in the exponent");
		while (pb_digit(i))
			i++;
	}
	char *tok = pb_realloc(NULL, i - pb_pos + 1);
	memcpy(tok, pb_in + pb_pos, i - pb_pos);
	tok[i - pb_pos] = '\0';
	pb_pos = i;
	return tok;
}

static long long pb_integer(long long lo, long long hi)
{
	bool integer;
	char *tok = pb_number(&integer);
	if (!integer)
		pb_fail("expected an integer, found %s", tok);
	errno = 0;
	long long v = strtoll(tok, NULL, 10);
	if (errno == ERANGE || v < lo || v > hi)
		pb_fail("%s is out of range", tok);
	free(tok);
	return v;
}

static double pb_double(void)
{
	bool integer;
	char *tok = pb_number(&integer);
	double v = strtod(tok, NULL);
	if (isinf(v))
		pb_fail("%s is out of range", tok);
	free(tok);
	return v;
}

static bool pb_word(const char *w)
{
	size_t n = strlen(w);
	if (pb_peek() < 0 || pb_len - pb_pos < n || memcmp(pb_in + pb_pos, w, n))
		return false;
	pb_pos += n;
	return true;
}

static bool pb_bool(void)
{
	if (pb_word("true"))
		return true;
	if (!pb_word("false"))
		pb_fail("expected true or false");
	return false;
}

static unsigned pb_hex4(void)
{
	unsigned v = 0;
	for (int k = 0; k < 4; k++, pb_pos++) {
		int c = pb_pos < pb_len ? (unsigned char)pb_in[pb_pos] : -1;
		if (!isxdigit(c))
			pb_fail("\\u needs four hex digits");
		v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
	}
	return v;
}

static char *pb_string(void)
{
	if (pb_peek() != '"')
		pb_fail("expected a string");
	pb_pos++;
	size_t cap = 16, n = 0;
	char *s = pb_realloc(NULL, cap);
	for (;;) {
		if (pb_pos >= pb_len)
			pb_fail("unterminated string");
		if (n + 5 > cap)
			s = pb_realloc(s, cap *= 2);
		unsigned char c = (unsigned char)pb_in[pb_pos++];
		if (c == '"')
			break;
		if (c < 0x20)
			pb_fail("control character in a string (escape it)");
		if (c != '\\') {
			s[n++] = (char)c;
			continue;
		}
		c = pb_pos < pb_len ? (unsigned char)pb_in[pb_pos++] : 0;
		const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t", *e = c ? strchr(from, c) : NULL;
		if (e) {
			s[n++] = to[e - from];
			continue;
		}
		if (c != 'u')
			pb_fail("unknown escape in a string");
		unsigned cp = pb_hex4();
		if (cp >= 0xdc00 && cp <= 0xdfff)
			pb_fail("lone low surrogate \\u%04x", cp);
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (pb_len - pb_pos < 2 || pb_in[pb_pos] != '\\' || pb_in[pb_pos + 1] != 'u')
				pb_fail("lone high surrogate \\u%04x", cp);
			pb_pos += 2;
			unsigned lo = pb_hex4();
			if (lo < 0xdc00 || lo > 0xdfff)
				pb_fail("lone high surrogate \\u%04x", cp);
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		}
		if (cp == 0)
			pb_fail("\\u0000 is not allowed in a string");
		if (cp < 0x80) {
			s[n++] = (char)cp;
		} else if (cp < 0x800) {
			s[n++] = (char)(0xc0 | cp >> 6);
			s[n++] = (char)(0x80 | (cp & 0x3f));
		} else if (cp < 0x10000) {
			s[n++] = (char)(0xe0 | cp >> 12);
			s[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[n++] = (char)(0x80 | (cp & 0x3f));
		} else {
			s[n++] = (char)(0xf0 | cp >> 18);
			s[n++] = (char)(0x80 | ((cp >> 12) & 0x3f));
			s[n++] = (char)(0x80 | ((cp >> 6) & 0x3f));
			s[n++] = (char)(0x80 | (cp & 0x3f));
		}
	}
	s[n] = '\0';
	return s;
}

/* A JSON array whose elements elem() stores sz bytes apart; *n of them. */
static void *pb_seq(size_t sz, void (*elem)(void *at, const void *ctx), const void *ctx, int *n)
{
	size_t cap = 8, len = 0;
	if (pb_peek() != '[')
		pb_fail("expected an array");
	pb_pos++;
	char *a = pb_realloc(NULL, cap * sz);
	if (pb_peek() == ']') {
		pb_pos++;
		*n = 0;
		return a;
	}
	for (;;) {
		if (len == cap) {
			if (cap > INT_MAX / 2)
				pb_fail("array too long");
			a = pb_realloc(a, (cap *= 2) * sz);
		}
		elem(a + len * sz, ctx);
		len++;
		int c = pb_peek();
		pb_pos++;
		if (c == ']')
			break;
		if (c != ',')
			pb_fail("expected ',' or ']' in an array");
	}
	*n = (int)len;
	return a;
}

static void pb_elem(void *at, const void *ctx)
{
	enum pb_kind k = *(const enum pb_kind *)ctx;
	int i;
	long long l;
	double d;
	bool b;
	char *s;
	switch (k) {
	case PB_INT:
		i = (int)pb_integer(INT_MIN, INT_MAX);
		memcpy(at, &i, sizeof(i));
		break;
	case PB_INT64:
		l = pb_integer(LLONG_MIN, LLONG_MAX);
		memcpy(at, &l, sizeof(l));
		break;
	case PB_FLOAT64:
		d = pb_double();
		memcpy(at, &d, sizeof(d));
		break;
	case PB_BOOL:
		b = pb_bool();
		memcpy(at, &b, sizeof(b));
		break;
	case PB_STRING:
		s = pb_string();
		memcpy(at, &s, sizeof(s));
		break;
	}
}

struct pb_row {
	void *p;
	int n;
};

static void pb_elem_row(void *at, const void *ctx)
{
	struct pb_row *r = at;
	r->p = pb_seq(pb_kind_size[*(const enum pb_kind *)ctx], pb_elem, ctx, &r->n);
}

struct pb_opt {
	bool some;
	int v;
};

static void pb_elem_opt(void *at, const void *ctx)
{
	struct pb_opt *o = at;
	(void)ctx;
	o->some = !pb_word("null");
	if (o->some)
		o->v = (int)pb_integer(INT_MIN, INT_MAX);
}

static int pb_read_int(void)
{
	pb_start("int", 0);
	return (int)pb_integer(INT_MIN, INT_MAX);
}

static long long pb_read_int64(void)
{
	pb_start("int64", 0);
	return pb_integer(LLONG_MIN, LLONG_MAX);
}

static double pb_read_float64(void)
{
	pb_start("float64", 0);
	return pb_double();
}

static bool pb_read_bool(void)
{
	pb_start("bool", 0);
	return pb_bool();
}

static char *pb_read_string(void)
{
	pb_start("string", 0);
	return pb_string();
}

static void *pb_read_arr(enum pb_kind k, int *n)
{
	pb_start(pb_kind_name[k], 1);
	return pb_seq(pb_kind_size[k], pb_elem, &k, n);
}

static void **pb_read_arr2(enum pb_kind k, int *n, int **cols)
{
	pb_start(pb_kind_name[k], 2);
	struct pb_row *rows = pb_seq(sizeof(*rows), pb_elem_row, &k, n);
	void **a = pb_realloc(NULL, (size_t)*n * sizeof(*a));
	*cols = pb_realloc(NULL, (size_t)*n * sizeof(**cols));
	for (int i = 0; i < *n; i++) {
		a[i] = rows[i].p;
		(*cols)[i] = rows[i].n;
	}
	free(rows);
	return a;
}

static struct ListNode *pb_read_list(void)
{
	int n;
	enum pb_kind k = PB_INT;
	pb_start("ListNode", 0);
	int *v = pb_seq(sizeof(int), pb_elem, &k, &n);
	struct ListNode *head = NULL;
	for (int i = n - 1; i >= 0; i--) {
		struct ListNode *node = pb_realloc(NULL, sizeof(*node));
		node->val = v[i];
		node->next = head;
		head = node;
	}
	free(v);
	return head;
}

static struct TreeNode *pb_tree_node(int v)
{
	struct TreeNode *t = pb_realloc(NULL, sizeof(*t));
	t->val = v;
	t->left = t->right = NULL;
	return t;
}

/* Level order, LeetCode's way: the values after the root are the
 * children, left then right, of each non-null node in turn. */
static struct TreeNode *pb_read_tree(void)
{
	int n;
	pb_start("TreeNode", 0);
	struct pb_opt *v = pb_seq(sizeof(*v), pb_elem_opt, NULL, &n);
	if (n == 0)
		return NULL;
	if (!v[0].some)
		pb_fail("a tree's root is not null (the empty tree is [])");
	struct TreeNode **q = pb_realloc(NULL, (size_t)n * sizeof(*q));
	size_t head = 0, tail = 0;
	q[tail++] = pb_tree_node(v[0].v);
	for (int i = 1; i < n;) {
		if (head == tail)
			pb_fail("tree value %d has no parent", i + 1);
		struct TreeNode *p = q[head++];
		if (v[i].some)
			q[tail++] = p->left = pb_tree_node(v[i].v);
		if (++i < n && v[i].some)
			q[tail++] = p->right = pb_tree_node(v[i].v);
		i++;
	}
	struct TreeNode *root = q[0];
	free(q);
	free(v);
	return root;
}

static void pb_end(void)
{
	if (pb_peek() >= 0) {
		fprintf(stderr, "pairbox harness: extra input after the last parameter (value %d)\n", pb_nval);
		exit(2);
	}
}

/* ---- canonical printing ---- */

static void pb_write_int(int v)
{
	printf("%d", v);
}

static void pb_write_int64(long long v)
{
	printf("%lld", v);
}

static void pb_write_float64(double v)
{
	char b[512];
	snprintf(b, sizeof(b), "%.6f", v);
	fputs(strcmp(b, "-0.000000") ? b : "0.000000", stdout);
}

static void pb_write_bool(bool v)
{
	fputs(v ? "true" : "false", stdout);
}

static void pb_write_string(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c == '\t')
			fputs("\\t", stdout);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static void pb_write_elem(enum pb_kind k, const void *at)
{
	switch (k) {
	case PB_INT:
		pb_write_int(*(const int *)at);
		break;
	case PB_INT64:
		pb_write_int64(*(const long long *)at);
		break;
	case PB_FLOAT64:
		pb_write_float64(*(const double *)at);
		break;
	case PB_BOOL:
		pb_write_bool(*(const bool *)at);
		break;
	case PB_STRING:
		pb_write_string(*(char *const *)at);
		break;
	}
}

static void pb_write_arr(enum pb_kind k, const void *a, int n)
{
	if (!a && n > 0) {
		fputs("null", stdout);
		return;
	}
	putchar('[');
	for (int i = 0; i < n; i++) {
		if (i)
			putchar(',');
		pb_write_elem(k, (const char *)a + (size_t)i * pb_kind_size[k]);
	}
	putchar(']');
}

static void pb_write_arr2(enum pb_kind k, void *const *a, int n, const int *cols)
{
	if ((!a || !cols) && n > 0) {
		fputs("null", stdout);
		return;
	}
	putchar('[');
	for (int i = 0; i < n; i++) {
		if (i)
			putchar(',');
		pb_write_arr(k, a[i], cols[i]);
	}
	putchar(']');
}

static void pb_write_list(const struct ListNode *l)
{
	putchar('[');
	for (const struct ListNode *p = l; p; p = p->next)
		printf(p == l ? "%d" : ",%d", p->val);
	putchar(']');
}

/* Level order with null for each missing child of a node, trailing nulls
 * left out. */
static void pb_write_tree(const struct TreeNode *root)
{
	size_t cap = 64, n = 0;
	const struct TreeNode **q = pb_realloc(NULL, cap * sizeof(*q));
	if (root)
		q[n++] = root;
	for (size_t head = 0; head < n; head++) {
		if (!q[head])
			continue;
		if (n + 2 > cap)
			q = pb_realloc(q, (cap *= 2) * sizeof(*q));
		q[n++] = q[head]->left;
		q[n++] = q[head]->right;
	}
	while (n > 0 && !q[n - 1])
		n--;
	putchar('[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			putchar(',');
		if (q[i])
			printf("%d", q[i]->val);
		else
			fputs("null", stdout);
	}
	putchar(']');
	free(q);
}

static void pb_finish(void)
{
	putchar('\n');
	if (fflush(stdout) || ferror(stdout))
		exit(1);
}
