/* seccomp_unlisted.c - `argN unlisted`: the values no other rule of the
 * syscall names, made into range comparisons once the profile is read. */
#include "seccomp_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

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

int sc_finish(struct sc_parser *p)
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
