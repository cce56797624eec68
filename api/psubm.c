/* psubm.c - problem submissions at judge time (psubm.h). */
#define _GNU_SOURCE
#include "psubm.h"
#include "bank.h"
#include "util.h"

#include <errno.h>
#include <string.h>

int psubm_prepare(struct bank *b, const struct subm *s, struct psubm *ps, char *why, size_t whylen)
{
	memset(ps, 0, sizeof(*ps));
	if (whylen)
		why[0] = '\0';
	const struct bank_entry *e = bank_find(b, s->problem);
	if (!e) {
		str_printf(why, whylen, "problem '%s' is not loaded on this server", s->problem);
		return -ENOENT;
	}
	if (!s->lang) {
		str_printf(why, whylen, "language %d is not installed any more", s->language_id);
		return -ENOENT;
	}
	const char *src = s->source_code.data ? s->source_code.data : "";
	/* A custom run borrows the wrapping and the limits; the samples are
	 * the cheapest tests to read, when there are any. */
	enum problem_tests which = s->scope == SUBM_SCOPE_ALL || (s->scope == SUBM_SCOPE_CUSTOM && !e->p->nsamples)
					   ? PROBLEM_ALL_TESTS : PROBLEM_SAMPLES_ONLY;
	int r = problem_judging_prepare(e->p, s->lang, src, s->source_code.len, which, &ps->pj, why, whylen);
	if (r) {
		if (!why[0])
			str_copy(why, whylen, strerror(-r));
		return r;
	}
	ps->prepared = true;
	ps->nshown = s->scope == SUBM_SCOPE_ALL ? e->p->nsamples : ps->pj.req.ntests;
	if (s->scope == SUBM_SCOPE_CUSTOM) {
		/* The user's input, run once, compared with nothing: the
		 * wrapping and the limits stay the problem's. */
		ps->custom = (struct judge_test){ .name = "custom", .input = s->stdin_data.data,
						  .input_len = s->stdin_data.len };
		ps->pj.req.tests = &ps->custom;
		ps->pj.req.ntests = 1;
		ps->pj.req.test_opts = NULL;      /* they were the samples' */
		ps->pj.req.checker = NULL;
		ps->nshown = 1;
	}
	return 0;
}

void psubm_release(struct psubm *ps)
{
	if (ps && ps->prepared)
		problem_judging_release(&ps->pj);
	if (ps)
		memset(ps, 0, sizeof(*ps));
}

void psubm_redact(const struct psubm *ps, struct judge_result *r)
{
	const struct judge_test_result *decider = judge_deciding(r);
	for (size_t i = ps->nshown; i < r->nrun; i++) {
		struct judge_test_result *t = &r->tests[i];
		outbuf_release(&t->run.out);
		outbuf_release(&t->run.err);
		/* The run went well and the verdict came from comparing (or a
		 * checker): its words may quote the answer. */
		if (t->run.status == BOX_ST_ACCEPTED)
			t->message[0] = '\0';
	}
	/* judge_run wrote the deciding test's message; again without what was
	 * just removed. */
	if (decider && decider->status != BOX_ST_ACCEPTED && (size_t)(decider - r->tests) >= ps->nshown)
		judge_deciding_message(r, decider, r->message, sizeof(r->message));
}
