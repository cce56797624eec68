/* seccomp_parse.c - a seccomp profile's text (docs/seccomp-profiles.md) read
 * line by line into libseccomp rules: actions, syscalls, conditions,
 * includes, each rule with its reason. */
#define _GNU_SOURCE
#include "seccomp_int.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

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

int sc_fail(struct sc_parser *p, const char *fmt, ...)
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
int sc_add(struct sc_parser *p, uint32_t action, int nr, unsigned ncmp, const struct scmp_arg_cmp *cmp,
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
int sc_split(char *buf, char **words, char **reason)
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

int sc_parse_text(struct sc_parser *p, const char *text)
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
