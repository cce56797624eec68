/* seccomp.c - seccomp profiles: a strict line-based text format turned into
 * libseccomp rules, exported as classic BPF in the parent and installed in the
 * child with one raw seccomp(2). Format and reasons: docs/seccomp-profiles.md. */
#define _GNU_SOURCE
#include "seccomp_profile.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

#define SC_MAX_FILE  (256 * 1024)   /* a profile is a short hand-written file */
#define SC_MAX_LINE  1024
#define SC_MAX_WORDS 40             /* action (2) + syscall + 6 conditions of 5 words */
#define SC_MAX_ARGS  6
#define SC_MAX_DEPTH 4              /* include nesting */
#define SC_MAX_RANGES 1024          /* comparisons one `unlisted` rule may become */

/* errno values a rule may return, by name. */
static const struct { const char *name; int value; } sc_errnos[] = {
	{ "EPERM", EPERM }, { "EACCES", EACCES }, { "ENOSYS", ENOSYS },
	{ "EINVAL", EINVAL }, { "ENOENT", ENOENT }, { "ENOMEM", ENOMEM },
	{ "EAGAIN", EAGAIN }, { "EOPNOTSUPP", EOPNOTSUPP }, { "ENOTTY", ENOTTY },
	{ "EIO", EIO }, { "EAFNOSUPPORT", EAFNOSUPPORT }, { "EPROTONOSUPPORT", EPROTONOSUPPORT },
};

/* Symbolic values for conditions: a deliberately small table (the list is in
 * docs/seccomp-profiles.md); anything else is written as a number. */
static const struct { const char *name; uint64_t value; } sc_consts[] = {
	{ "CLONE_NEWNS", CLONE_NEWNS }, { "CLONE_NEWUTS", CLONE_NEWUTS },
	{ "CLONE_NEWIPC", CLONE_NEWIPC }, { "CLONE_NEWUSER", CLONE_NEWUSER },
	{ "CLONE_NEWPID", CLONE_NEWPID }, { "CLONE_NEWNET", CLONE_NEWNET },
	{ "CLONE_NEWCGROUP", CLONE_NEWCGROUP }, { "CLONE_NEWTIME", CLONE_NEWTIME },
	{ "TIOCSTI", TIOCSTI }, { "TIOCLINUX", TIOCLINUX },
	{ "PER_LINUX", 0 },
	{ "AF_UNSPEC", AF_UNSPEC }, { "AF_UNIX", AF_UNIX }, { "AF_INET", AF_INET },
	{ "AF_INET6", AF_INET6 }, { "AF_NETLINK", AF_NETLINK }, { "AF_PACKET", AF_PACKET },
	{ "AF_VSOCK", AF_VSOCK }, { "NETLINK_ROUTE", NETLINK_ROUTE },
	{ "SCHED_OTHER", SCHED_OTHER }, { "SCHED_BATCH", SCHED_BATCH }, { "SCHED_IDLE", SCHED_IDLE },
};

/* A rule as written, kept until the end of the profile: `unlisted` rules
 * are computed from all the others. */
struct sc_rec {
	int nr;
	uint32_t action;
	int unlisted;               /* N of an `argN unlisted` rule, else -1 */
	unsigned ncmp;
	struct scmp_arg_cmp cmp[SC_MAX_ARGS];
	const char *origin;         /* borrowed from the parser */
	unsigned line;
	char name[40];              /* the syscall, for messages */
};

struct sc_parser {
	const char *origin;         /* the file being read, for messages */
	unsigned line;
	char *err;
	size_t errlen;
	const char *dir;            /* where `include` looks; NULL: no includes */
	unsigned depth;             /* include nesting */
	unsigned directives;        /* directives so far in the current file */
	scmp_filter_ctx ctx;        /* NULL until the `default` line */
	uint32_t def_action;
	struct sc_rec *recs;        /* every rule added, for `unlisted` */
	size_t nrecs, caprecs;
	char *origins[SC_MAX_DEPTH]; /* names of included files, owned */
	unsigned norigins;
	unsigned ranges;            /* comparisons made by the current `unlisted` */
};

static int sc_fail(struct sc_parser *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int sc_fail(struct sc_parser *p, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);   /* truncation only shortens the message */
	va_end(ap);
	if (p->err && p->errlen)
		str_printf(p->err, p->errlen, "%s:%u: %s", p->origin, p->line, msg);
	return -EINVAL;
}

static bool sc_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Number: decimal or 0x-hex, the whole word, no sign; or a table name. */
static int sc_parse_term(struct sc_parser *p, const char *s, uint64_t *v)
{
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		const char *d = s + 2;
		uint64_t x = 0;
		if (!*d || strlen(d) > 16)
			return sc_fail(p, "bad number '%s'", s);
		for (; *d; d++) {
			unsigned digit;
			if (*d >= '0' && *d <= '9')
				digit = (unsigned)(*d - '0');
			else if (*d >= 'a' && *d <= 'f')
				digit = (unsigned)(*d - 'a' + 10);
			else if (*d >= 'A' && *d <= 'F')
				digit = (unsigned)(*d - 'A' + 10);
			else
				return sc_fail(p, "bad number '%s'", s);
			x = (x << 4) | digit;
		}
		*v = x;
		return 0;
	}
	if (s[0] >= '0' && s[0] <= '9')
		return parse_u64(s, v) ? sc_fail(p, "bad number '%s'", s) : 0;
	for (size_t i = 0; i < sizeof(sc_consts) / sizeof(sc_consts[0]); i++) {
		if (strcmp(s, sc_consts[i].name) == 0) {
			*v = sc_consts[i].value;
			return 0;
		}
	}
	return sc_fail(p, "unknown constant '%s'", s);
}

/* VALUE: terms joined by '|' with no spaces, OR-ed (CLONE_NEWNS|CLONE_NEWPID). */
static int sc_parse_value(struct sc_parser *p, const char *s, uint64_t *v)
{
	char term[SC_MAX_LINE];
	const char *word = s;
	*v = 0;
	for (;;) {
		const char *bar = strchr(s, '|');
		size_t len = bar ? (size_t)(bar - s) : strlen(s);
		if (len == 0 || len >= sizeof(term))
			return sc_fail(p, "bad value '%s'", word);
		memcpy(term, s, len);
		term[len] = '\0';
		uint64_t t = 0;
		int r = sc_parse_term(p, term, &t);
		if (r)
			return r;
		*v |= t;
		if (!bar)
			return 0;
		s = bar + 1;
	}
}

/* ACTION at words[0..]: allow | errno NAME | kill | log. Returns words used or -EINVAL. */
static int sc_parse_action(struct sc_parser *p, char **words, int n, uint32_t *action)
{
	if (n < 1)
		return sc_fail(p, "missing action");
	if (strcmp(words[0], "allow") == 0) {
		*action = SCMP_ACT_ALLOW;
		return 1;
	}
	if (strcmp(words[0], "log") == 0) {
		/* Allowed and written to the audit log: for writing a profile
		 * (`default log` shows what a toolchain calls), never to ship. */
		*action = SCMP_ACT_LOG;
		return 1;
	}
	if (strcmp(words[0], "kill") == 0) {
		/* The whole process: killing one thread leaves the rest running
		 * in a state the program never expected. */
		*action = SCMP_ACT_KILL_PROCESS;
		return 1;
	}
	if (strcmp(words[0], "errno") == 0) {
		if (n < 2)
			return sc_fail(p, "'errno' needs a name (EPERM, ENOSYS, ...)");
		for (size_t i = 0; i < sizeof(sc_errnos) / sizeof(sc_errnos[0]); i++) {
			if (strcmp(words[1], sc_errnos[i].name) == 0) {
				*action = SCMP_ACT_ERRNO((uint32_t)sc_errnos[i].value);
				return 2;
			}
		}
		return sc_fail(p, "unknown errno name '%s'", words[1]);
	}
	return sc_fail(p, "unknown action '%s' (allow, errno NAME, kill or log)", words[0]);
}

static int sc_start(struct sc_parser *p, char **words, int n)
{
	if (p->ctx)
		return sc_fail(p, "a second 'default' line");
	uint32_t action = 0;
	int used = sc_parse_action(p, words + 1, n - 1, &action);
	if (used < 0)
		return used;
	if (1 + used != n)
		return sc_fail(p, "unexpected '%s' after the default action", words[1 + used]);
	p->ctx = seccomp_init(action);
	if (!p->ctx) {
		sc_fail(p, "libseccomp: out of memory");
		return -ENOMEM;
	}
	p->def_action = action;
	/* SANDBOX-SECCOMP-ARCH: native arch only; anything else (i386 through
	 * int 0x80, x32 with its syscall-number bit) hits the bad-arch action,
	 * kill: a profile written for one syscall table means nothing for
	 * another (there is no socketcall or ipc multiplexer to filter on
	 * x86_64 and aarch64). NNP off: the child sets no_new_privs itself,
	 * and the BPF is exported, not loaded here. Binary-tree layout: an
	 * allowlist of some 300 syscalls would otherwise be a linear walk
	 * for every call. */
	int r;
	if ((r = seccomp_attr_set(p->ctx, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS)) ||
	    (r = seccomp_attr_set(p->ctx, SCMP_FLTATR_CTL_NNP, 0)) ||
	    (r = seccomp_attr_set(p->ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2))) {
		sc_fail(p, "libseccomp: cannot set a filter attribute: %s", strerror(-r));
		return r == -ENOMEM ? -ENOMEM : -EINVAL;
	}
	return 0;
}

/* SYSCALL: [?]NAME[=NR]. Sets *nr, or *skip for an absent optional one. */
static int sc_parse_syscall(struct sc_parser *p, char *word, int *nr, bool *skip)
{
	bool optional = word[0] == '?';
	char *name = word + optional;
	char *eq = strchr(name, '=');
	uint32_t given = 0;
	*skip = false;
	if (eq) {
		*eq = '\0';
		/* Numbers from 424 up are the same on every architecture pairbox
		 * runs on (Linux 5.1 unified them); lower ones are not. */
		if (parse_u32(eq + 1, &given) || given < 424 || given > 1023)
			return sc_fail(p, "bad syscall number '%s' for '%s' (424..1023)", eq + 1, name);
	}
	if (!*name)
		return sc_fail(p, "missing syscall name");
	for (const char *c = name; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return sc_fail(p, "bad syscall name '%s'", name);
	}
	int found = seccomp_syscall_resolve_name_arch(SCMP_ARCH_NATIVE, name);
	if (eq) {
		/* libseccomp older than the syscall: trust the number, but never
		 * let it contradict a name libseccomp does know. */
		if (found == __NR_SCMP_ERROR) {
			*nr = (int)given;
			return 0;
		}
		if (found != (int)given)
			return sc_fail(p, "'%s' is not syscall %u here", name, given);
		*nr = found;
		return 0;
	}
	if (found >= 0) {
		*nr = found;
		return 0;
	}
	if (optional) {
		*skip = true;
		return 0;
	}
	if (found == __NR_SCMP_ERROR)
		return sc_fail(p, "unknown syscall '%s'", name);
	/* libseccomp knows it, but on another architecture. */
	return sc_fail(p, "syscall '%s' does not exist on this architecture (write '?%s' to skip it here)",
		       name, name);
}

/* CONDITIONS: argN == V | argN != V | argN & MASK [== V]; ANDed. Or the
 * single condition `argN unlisted`: *unlisted = N (else -1). */
static int sc_parse_conds(struct sc_parser *p, char **words, int n, struct scmp_arg_cmp *cmp, unsigned *ncmp,
			  int *unlisted)
{
	bool seen[SC_MAX_ARGS] = { false };
	int i = 0;
	*ncmp = 0;
	*unlisted = -1;
	while (i < n) {
		const char *a = words[i];
		if (strncmp(a, "arg", 3) != 0 || a[3] < '0' || a[3] > '5' || a[4])
			return sc_fail(p, "expected a condition argN (N = 0..5), got '%s'", a);
		unsigned arg = (unsigned)(a[3] - '0');
		/* libseccomp 2.5 rejects a second comparison of one argument. */
		if (seen[arg])
			return sc_fail(p, "%s is compared twice in one rule", a);
		seen[arg] = true;
		if (i + 1 < n && strcmp(words[i + 1], "unlisted") == 0) {
			if (n != 2)
				return sc_fail(p, "'%s unlisted' must be the rule's only condition", a);
			*unlisted = (int)arg;
			return 0;
		}
		if (i + 2 >= n)
			return sc_fail(p, "incomplete condition on %s", a);
		const char *op = words[i + 1];
		uint64_t v, datum;
		int r = sc_parse_value(p, words[i + 2], &v);
		if (r)
			return r;
		struct scmp_arg_cmp *c = &cmp[(*ncmp)++];
		if (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0) {
			*c = (struct scmp_arg_cmp){ arg, op[0] == '=' ? SCMP_CMP_EQ : SCMP_CMP_NE, v, 0 };
			i += 3;
		} else if (strcmp(op, "&") == 0) {
			if (v == 0)
				return sc_fail(p, "mask 0 on %s matches everything", a);
			datum = v;          /* `argN & M` alone: every bit of M set */
			i += 3;
			if (i < n && strcmp(words[i], "==") == 0) {
				if (i + 1 >= n)
					return sc_fail(p, "incomplete condition on %s", a);
				if ((r = sc_parse_value(p, words[i + 1], &datum)))
					return r;
				if (datum & ~v)
					return sc_fail(p, "%s & 0x%llx can never equal 0x%llx", a,
						       (unsigned long long)v, (unsigned long long)datum);
				i += 2;
			}
			*c = (struct scmp_arg_cmp){ arg, SCMP_CMP_MASKED_EQ, v, datum };
		} else {
			return sc_fail(p, "unknown operator '%s' (==, !=, & or unlisted)", op);
		}
	}
	return 0;
}

/* Hands one rule to libseccomp, turning its errors into messages. */
static int sc_add(struct sc_parser *p, uint32_t action, int nr, unsigned ncmp, const struct scmp_arg_cmp *cmp,
		  const char *name)
{
	int r = seccomp_rule_add_array(p->ctx, action, nr, ncmp, cmp);
	if (r == -ENOMEM) {
		sc_fail(p, "libseccomp: out of memory");
		return -ENOMEM;
	}
	if (r == -EEXIST)
		return sc_fail(p, "rule for '%s' conflicts with an earlier one", name);
	if (r)
		return sc_fail(p, "libseccomp rejects the rule for '%s': %s", name, strerror(-r));
	return 0;
}

static int sc_record(struct sc_parser *p, const struct sc_rec *rec)
{
	if (p->nrecs == p->caprecs) {
		size_t cap = p->caprecs ? 2 * p->caprecs : 64;
		struct sc_rec *n = realloc(p->recs, cap * sizeof(*n));
		if (!n) {
			sc_fail(p, "out of memory");
			return -ENOMEM;
		}
		p->recs = n;
		p->caprecs = cap;
	}
	p->recs[p->nrecs++] = *rec;
	return 0;
}

static int sc_rule(struct sc_parser *p, char **words, int n, const char *reason)
{
	uint32_t action;
	int used = sc_parse_action(p, words, n, &action);
	if (used < 0)
		return used;
	if (used >= n)
		return sc_fail(p, "missing syscall after the action");
	char *sysword = words[used];
	int nr = -1;
	bool skip;
	int r = sc_parse_syscall(p, sysword, &nr, &skip);
	if (r)
		return r;
	const char *name = sysword + (sysword[0] == '?');
	/* A rule nobody can explain is a rule nobody can safely remove. */
	if (!reason || !*reason)
		return sc_fail(p, "rule for '%s' has no reason", name);
	if (!p->ctx)
		return sc_fail(p, "the first directive must be 'default ACTION' or 'include NAME'");
	struct sc_rec rec = { .nr = nr, .action = action, .origin = p->origin, .line = p->line };
	if ((r = sc_parse_conds(p, words + used + 1, n - used - 1, rec.cmp, &rec.ncmp, &rec.unlisted)))
		return r;
	if (action == p->def_action)
		return sc_fail(p, "rule for '%s' repeats the default action", name);
	if (skip)
		return 0;
	if (str_copy(rec.name, sizeof(rec.name), name))
		return sc_fail(p, "syscall name too long");
	/* An `unlisted` rule waits for the end of the profile, when every
	 * value it excludes is known. */
	if (rec.unlisted < 0 && (r = sc_add(p, action, nr, rec.ncmp, rec.cmp, name)))
		return r;
	return sc_record(p, &rec);
}

/* Splits buf in place into words and the reason after '#' (trimmed).
 * Returns the number of words, or -E2BIG past SC_MAX_WORDS. */
static int sc_split(char *buf, char **words, char **reason)
{
	*reason = strchr(buf, '#');
	if (*reason) {
		char *r = *reason;
		*r++ = '\0';
		while (sc_is_space(*r))
			r++;
		char *end = r + strlen(r);
		while (end > r && sc_is_space(end[-1]))
			*--end = '\0';
		*reason = r;
	}
	int n = 0;
	for (char *s = buf; *s;) {
		while (sc_is_space(*s))
			*s++ = '\0';
		if (!*s)
			break;
		if (n == SC_MAX_WORDS)
			return -E2BIG;
		words[n++] = s;
		while (*s && !sc_is_space(*s))
			s++;
	}
	return n;
}

static int sc_parse_text(struct sc_parser *p, const char *text);

/* include NAME: the named profile, from the same directory, as if its lines
 * were here. It must come first, so the base's `default` comes with it and
 * the including profile can only add rules. */
static int sc_include(struct sc_parser *p, char **words, int n)
{
	char path[PATH_MAX];
	char *text = NULL, *origin = NULL;
	if (n != 2)
		return sc_fail(p, "'include' takes one profile name");
	if (p->directives)
		return sc_fail(p, "'include' must be the first directive");
	if (!p->dir)
		return sc_fail(p, "'include' works only in a profile read from a file");
	if (p->depth >= SC_MAX_DEPTH)
		return sc_fail(p, "includes nested deeper than %d", SC_MAX_DEPTH);
	if (strchr(words[1], '/') || sc_profile_resolve(p->dir, words[1], path, sizeof(path)))
		return sc_fail(p, "bad profile name '%s' (letters, digits, '_', '-')", words[1]);
	int r = read_file(path, SC_MAX_FILE, &text, NULL);
	if (r)
		return sc_fail(p, "include %s: %s", words[1], r == -EFBIG ? "larger than 256 KiB" : strerror(-r));
	size_t olen = strlen(words[1]) + sizeof(".policy");
	origin = malloc(olen);
	if (!origin || str_printf(origin, olen, "%s.policy", words[1])) {
		free(text);
		free(origin);
		sc_fail(p, "out of memory");
		return -ENOMEM;
	}
	p->origins[p->norigins++] = origin;   /* one include per file: depth bounds the count */
	const char *saved_origin = p->origin;
	unsigned saved_line = p->line;
	p->origin = origin;
	p->line = 0;
	p->directives = 0;
	p->depth++;
	r = sc_parse_text(p, text);
	p->depth--;
	if (r == 0 && !p->ctx)
		r = sc_fail(p, "no 'default ACTION' line");
	p->origin = saved_origin;
	p->line = saved_line;
	free(text);
	return r;
}

static int sc_line(struct sc_parser *p, const char *start, size_t len)
{
	char buf[SC_MAX_LINE];
	if (len >= sizeof(buf))
		return sc_fail(p, "line longer than %d bytes", SC_MAX_LINE - 1);
	memcpy(buf, start, len);
	buf[len] = '\0';

	char *words[SC_MAX_WORDS], *reason;
	int n = sc_split(buf, words, &reason), r;
	if (n < 0)
		return sc_fail(p, "too many words");
	if (n == 0)
		return 0;                  /* blank or comment-only */
	if (strcmp(words[0], "include") == 0)
		r = sc_include(p, words, n);
	else if (strcmp(words[0], "default") == 0)
		r = sc_start(p, words, n);
	else
		r = sc_rule(p, words, n, reason);
	p->directives++;
	return r;
}

static int sc_parse_text(struct sc_parser *p, const char *text)
{
	const char *s = text;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		p->line++;
		int r = sc_line(p, s, len);
		if (r)
			return r;
		s += len + (nl ? 1 : 0);
	}
	return 0;
}

/* ---- `argN unlisted`: the values no other rule of the syscall names ------- */

static int sc_cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int sc_add_cmp(struct sc_parser *p, const struct sc_rec *u, enum scmp_compare op, uint64_t a, uint64_t b)
{
	struct scmp_arg_cmp c = { (unsigned)u->unlisted, op, a, b };
	/* Each is a libseccomp rule, tested in turn: keep compiling and the
	 * syscall's path short (the kernel's 4096 instructions come later). */
	if (++p->ranges > SC_MAX_RANGES)
		return sc_fail(p, "'%s arg%d unlisted' needs more than %d comparisons: list fewer values",
			       u->name, u->unlisted, SC_MAX_RANGES);
	return sc_add(p, u->action, u->nr, 1, &c, u->name);
}

/* Rules matching exactly the values v with (v & mask) in [lo, hi]; mask is
 * all ones or the low bits of a narrower argument (0xffffffff for an int,
 * whose upper half the kernel ignores, so the rules must too). The range
 * ends of a 64-bit argument take one < or > comparison; anything else is
 * split into aligned blocks, one masked comparison each. */
static int sc_add_range(struct sc_parser *p, const struct sc_rec *u, uint64_t lo, uint64_t hi, uint64_t mask)
{
	if (mask == UINT64_MAX && lo == 0)
		return sc_add_cmp(p, u, SCMP_CMP_LT, hi + 1, 0);      /* hi < max: something is listed */
	if (mask == UINT64_MAX && hi == UINT64_MAX)
		return sc_add_cmp(p, u, SCMP_CMP_GT, lo - 1, 0);      /* lo > 0, likewise */
	for (;;) {
		/* The largest block of 2^k values that starts at lo (aligned) and
		 * ends by hi; lo == 0 only when mask is narrower than 64 bits. */
		uint64_t size = lo ? (lo & (~lo + 1)) : mask + 1;
		while (size - 1 > hi - lo)
			size >>= 1;
		int r = sc_add_cmp(p, u, SCMP_CMP_MASKED_EQ, mask & ~(size - 1), lo);
		if (r)
			return r;
		if (size - 1 == hi - lo)
			return 0;
		lo += size;
	}
}

static int sc_fail_at(struct sc_parser *p, const struct sc_rec *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int sc_fail_at(struct sc_parser *p, const struct sc_rec *at, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);   /* truncation only shortens the message */
	va_end(ap);
	p->origin = at->origin;
	p->line = at->line;
	return sc_fail(p, "%s", msg);
}

/* One `unlisted` rule: collect the values the syscall's other rules compare
 * its argument with; the rule gets every other value. The others must all
 * use `==` or all `& MASK ==` with one mask, so the sets are disjoint by
 * construction (libseccomp leaves the order of overlapping rules open). */
static int sc_finish_one(struct sc_parser *p, const struct sc_rec *u, uint64_t *vals)
{
	unsigned arg = (unsigned)u->unlisted;
	uint64_t mask = 0;
	size_t n = 0;
	p->ranges = 0;
	for (size_t j = 0; j < p->nrecs; j++) {
		const struct sc_rec *o = &p->recs[j];
		if (o == u || o->nr != u->nr)
			continue;
		if (o->unlisted >= 0)
			return sc_fail_at(p, o, "a second 'unlisted' rule for '%s'", o->name);
		const struct scmp_arg_cmp *c = NULL;
		for (unsigned k = 0; k < o->ncmp; k++)
			if (o->cmp[k].arg == arg)
				c = &o->cmp[k];
		if (!c || (c->op != SCMP_CMP_EQ && c->op != SCMP_CMP_MASKED_EQ))
			return sc_fail_at(p, o, "rule for '%s' must compare arg%u with == or & MASK == "
					  "(%s:%u lists the others)", o->name, arg, u->origin, u->line);
		uint64_t m = c->op == SCMP_CMP_EQ ? UINT64_MAX : c->datum_a;
		if (n && m != mask)
			return sc_fail_at(p, o, "rule for '%s' masks arg%u differently from the others", o->name, arg);
		if (m & (m + 1))
			return sc_fail_at(p, o, "rule for '%s': an 'unlisted' argument needs a mask of low bits "
					  "(0xffffffff), not 0x%llx", o->name, (unsigned long long)m);
		mask = m;
		vals[n++] = c->op == SCMP_CMP_EQ ? c->datum_a : c->datum_b;
	}
	if (!n)
		return sc_fail_at(p, u, "no other rule for '%s' lists a value of arg%u", u->name, arg);
	qsort(vals, n, sizeof(*vals), sc_cmp_u64);
	uint64_t next = 0;          /* the lowest value not yet covered */
	bool done = false;
	p->origin = u->origin;
	p->line = u->line;
	for (size_t i = 0; i < n && !done; i++) {
		int r = vals[i] > next ? sc_add_range(p, u, next, vals[i] - 1, mask) : 0;
		if (r)
			return r;
		if (vals[i] == mask)
			done = true;
		else if (vals[i] >= next)
			next = vals[i] + 1;
	}
	if (!done)
		return sc_add_range(p, u, next, mask, mask);
	return 0;
}

static int sc_finish(struct sc_parser *p)
{
	uint64_t *vals = NULL;
	int r = 0;
	for (size_t i = 0; i < p->nrecs && !r; i++) {
		if (p->recs[i].unlisted < 0)
			continue;
		if (!vals && !(vals = malloc(p->nrecs * sizeof(*vals)))) {
			sc_fail(p, "out of memory");
			r = -ENOMEM;
			break;
		}
		r = sc_finish_one(p, &p->recs[i], vals);
	}
	free(vals);
	return r;
}

/* Classic BPF out of libseccomp: 2.5 exports only to an fd, so use a memfd
 * and read it back. */
static int sc_export(struct sc_parser *p, struct sc_filter *out)
{
	struct sock_filter *insns = NULL;
	int fd = memfd_create("pairbox-seccomp", MFD_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		sc_fail(p, "memfd_create: %s", strerror(e));
		return -e;
	}
	int r = seccomp_export_bpf(p->ctx, fd);
	if (r < 0) {
		sc_fail(p, "libseccomp cannot export the filter: %s", strerror(-r));
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		sc_fail(p, "fstat: %s", strerror(-r));
		goto out;
	}
	size_t bytes = (size_t)st.st_size, n = bytes / sizeof(struct sock_filter);
	if (bytes == 0 || bytes % sizeof(struct sock_filter)) {
		r = -EINVAL;
		sc_fail(p, "libseccomp exported %zu bytes, not whole instructions", bytes);
		goto out;
	}
	if (n > BPF_MAXINSNS) {
		r = -EINVAL;
		sc_fail(p, "filter of %zu instructions exceeds the kernel's %d", n, BPF_MAXINSNS);
		goto out;
	}
	insns = malloc(bytes);
	if (!insns) {
		r = -ENOMEM;
		sc_fail(p, "out of memory");
		goto out;
	}
	for (size_t got = 0; got < bytes;) {
		ssize_t k = pread(fd, (char *)insns + got, bytes - got, (off_t)got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			r = k < 0 ? -errno : -EIO;
			sc_fail(p, "reading the exported filter: %s", strerror(-r));
			goto out;
		}
		got += (size_t)k;
	}
	out->insns = insns;
	out->len = (unsigned short)n;
	insns = NULL;
	r = 0;
out:
	free(insns);
	close(fd);
	return r;
}

/* dir: where `include` finds profiles (NULL: includes are errors). */
static int sc_compile(const char *text, const char *origin, const char *dir, struct sc_filter *out,
		      char *err, size_t errlen)
{
	struct sc_parser p = { .origin = origin ? origin : "profile", .err = err, .errlen = errlen, .dir = dir };
	int r = 0;
	out->insns = NULL;
	out->len = 0;
	if (err && errlen)
		err[0] = '\0';
	if ((r = sc_parse_text(&p, text)))
		goto out;
	if (!p.ctx) {
		p.line = p.line ? p.line : 1;
		r = sc_fail(&p, "no 'default ACTION' line");
		goto out;
	}
	if ((r = sc_finish(&p)))
		goto out;
	r = sc_export(&p, out);
out:
	if (p.ctx)
		seccomp_release(p.ctx);
	free(p.recs);
	for (unsigned i = 0; i < p.norigins; i++)
		free(p.origins[i]);
	return r;
}

int sc_compile_text(const char *text, const char *origin, struct sc_filter *out, char *err, size_t errlen)
{
	return sc_compile(text, origin, NULL, out, err, errlen);
}

/* The directory part of path ("." for a bare name), for includes. */
static int sc_dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return str_copy(dir, len, ".");
	if (slash == path)
		return str_copy(dir, len, "/");
	if ((size_t)(slash - path) >= len)
		return -ENAMETOOLONG;
	memcpy(dir, path, (size_t)(slash - path));
	dir[slash - path] = '\0';
	return 0;
}

/* Reads a profile and its directory; errors name the file, not the
 * directory: messages reach API users. */
static int sc_read_profile(const char *path, char **text, size_t *len, char *dir, size_t dirlen,
			   char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/');
	const char *origin = slash ? slash + 1 : path;
	int r = sc_dir_of(path, dir, dirlen);
	if (!r)
		r = read_file(path, SC_MAX_FILE, text, len);
	if (r && err && errlen)
		str_printf(err, errlen, "%s: %s", origin, r == -EFBIG ? "larger than 256 KiB" : strerror(-r));
	return r;
}

int sc_compile_file(const char *path, struct sc_filter *out, char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/');
	char *text = NULL, dir[PATH_MAX];
	out->insns = NULL;
	out->len = 0;
	int r = sc_read_profile(path, &text, NULL, dir, sizeof(dir), err, errlen);
	if (r)
		return r;
	r = sc_compile(text, slash ? slash + 1 : path, dir, out, err, errlen);
	free(text);
	return r;
}

/* FNV-1a: the cache key is the profile's text, the libseccomp version that
 * compiles it and the architecture (the BPF checks the arch it was made for). */
static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int load_cached(const char *path, struct sc_filter *out)
{
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	struct stat st;
	int r = -EINVAL;
	/* Only a file root wrote, of a plausible size, is trusted. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == 0 && !(st.st_mode & 022) &&
	    st.st_size > 0 && st.st_size % (off_t)sizeof(struct sock_filter) == 0 &&
	    st.st_size <= (off_t)(BPF_MAXINSNS * sizeof(struct sock_filter))) {
		out->insns = malloc((size_t)st.st_size);
		r = -ENOMEM;
		if (out->insns) {
			ssize_t n = read(fd, out->insns, (size_t)st.st_size);
			if (n == st.st_size) {
				out->len = (unsigned short)(st.st_size / (off_t)sizeof(struct sock_filter));
				r = 0;
			} else {
				sc_filter_release(out);
				r = -EIO;
			}
		}
	}
	close(fd);
	return r;
}

static void store_cached(const char *path, const struct sc_filter *f)
{
	char tmp[PATH_MAX];
	if (str_printf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid()))
		return;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	int r = write_all(fd, f->insns, (size_t)f->len * sizeof(struct sock_filter));
	close(fd);
	/* rename: a concurrent reader sees the old file or the whole new one */
	if (r || rename(tmp, path))
		unlink(tmp);
}

/* The cache key covers included profiles too: hashes the text of the
 * profile that text's first directive includes, and so on. A file that
 * cannot be read leaves the key as it is; compiling reports it. */
static uint64_t sc_hash_includes(uint64_t h, const char *dir, const char *text, unsigned depth)
{
	for (const char *s = text; *s && depth < SC_MAX_DEPTH;) {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		char buf[SC_MAX_LINE], *words[SC_MAX_WORDS], *reason, path[PATH_MAX], *inc = NULL;
		size_t inclen = 0;
		if (len >= sizeof(buf))
			return h;
		memcpy(buf, s, len);
		buf[len] = '\0';
		s += len + (nl ? 1 : 0);
		int n = sc_split(buf, words, &reason);
		if (n == 0)
			continue;
		/* Only the first directive may be an include. */
		if (n == 2 && strcmp(words[0], "include") == 0 && !strchr(words[1], '/') &&
		    sc_profile_resolve(dir, words[1], path, sizeof(path)) == 0 &&
		    read_file(path, SC_MAX_FILE, &inc, &inclen) == 0) {
			h = sc_hash_includes(fnv1a(h, inc, inclen), dir, inc, depth + 1);
			free(inc);
		}
		return h;
	}
	return h;
}

int sc_compile_file_cached(const char *path, const char *cache_dir, struct sc_filter *out,
			   char *err, size_t errlen)
{
	const char *slash = strrchr(path, '/');
	const char *origin = slash ? slash + 1 : path;
	char *text = NULL, cached[PATH_MAX], dir[PATH_MAX];
	size_t len = 0;
	out->insns = NULL;
	out->len = 0;
	int r = sc_read_profile(path, &text, &len, dir, sizeof(dir), err, errlen);
	if (r)
		return r;
	const struct scmp_version *v = seccomp_version();
	uint32_t arch = seccomp_arch_native();
	uint64_t h = fnv1a(0xcbf29ce484222325ULL, text, len);
	h = sc_hash_includes(h, dir, text, 0);
	h = fnv1a(h, v, sizeof(*v));
	h = fnv1a(h, &arch, sizeof(arch));
	bool use_cache = cache_dir &&
		str_printf(cached, sizeof(cached), "%s/%s-%016llx.bpf", cache_dir, origin, (unsigned long long)h) == 0;
	if (use_cache && load_cached(cached, out) == 0) {
		free(text);
		return 0;
	}
	r = sc_compile(text, origin, dir, out, err, errlen);
	free(text);
	if (r == 0 && use_cache)
		store_cached(cached, out);
	return r;
}

void sc_filter_release(struct sc_filter *f)
{
	if (!f)
		return;
	free(f->insns);
	f->insns = NULL;
	f->len = 0;
}

int sc_apply(const struct sock_filter *insns, unsigned short len)
{
	/* An empty filter fails rather than silently running unfiltered. */
	if (!insns || !len)
		return -EINVAL;
	struct sock_fprog prog = { .len = len, .filter = (struct sock_filter *)insns };
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
		return -errno;
	return 0;
}

int sc_profile_resolve(const char *profile_dir, const char *name, char *out, size_t outlen)
{
	if (!name || !*name)
		return -EINVAL;
	if (strchr(name, '/'))
		return str_copy(out, outlen, name);
	/* A bare name stays inside the profile directory: no dots, so neither
	 * ".." nor "x.policy" can name another file. */
	for (const char *c = name; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '_' || *c == '-'))
			return -EINVAL;
	}
	if (!profile_dir || !*profile_dir)
		return -EINVAL;
	return str_printf(out, outlen, "%s/%s.policy", profile_dir, name);
}
