/* phase.c - the phase plan, the phase clock and the roles (phase.h). */
#include "phase.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

#define MINUTE_MS 60000

static bool name_ok(const char *s, size_t len)
{
	if (len == 0 || len >= PHASE_NAME_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

int phase_plan_parse(const char *spec, struct phase_plan *out, char *err, size_t errlen)
{
	struct phase_plan p = { .n = 0 };
	const char *s = spec;
	for (;;) {
		const char *end = strchr(s, ','), *eq;
		size_t len = end ? (size_t)(end - s) : strlen(s);
		char part[64], num[16];
		uint32_t minutes;
		if (len >= sizeof(part)) {
			snprintf(err, errlen, "a phase of more than %zu characters", sizeof(part) - 1);
			return -EINVAL;
		}
		memcpy(part, s, len);
		part[len] = '\0';
		eq = strchr(part, '=');
		if (!eq) {
			snprintf(err, errlen, "\"%s\": expected name=minutes", part);
			return -EINVAL;
		}
		if (!name_ok(part, (size_t)(eq - part))) {
			snprintf(err, errlen, "\"%s\": a name is 1-%d of [a-z0-9_-], starting with a letter", part,
				 PHASE_NAME_MAX - 1);
			return -EINVAL;
		}
		if (str_copy(num, sizeof(num), eq + 1) || parse_u32(num, &minutes) || minutes < 1 ||
		    minutes > PHASE_MINUTES_MAX) {
			snprintf(err, errlen, "\"%s\": minutes must be 1..%d", part, PHASE_MINUTES_MAX);
			return -EINVAL;
		}
		if (p.n == PHASE_MAX) {
			snprintf(err, errlen, "more than %d phases", PHASE_MAX);
			return -EINVAL;
		}
		struct phase_def *d = &p.phases[p.n];
		memcpy(d->name, part, (size_t)(eq - part));
		d->name[eq - part] = '\0';
		d->minutes = minutes;
		for (size_t i = 0; i < p.n; i++)
			if (!strcmp(p.phases[i].name, d->name)) {
				snprintf(err, errlen, "\"%s\": a second phase of that name", d->name);
				return -EINVAL;
			}
		p.n++;
		if (!end)
			break;
		s = end + 1;
	}
	*out = p;
	return 0;
}

void phase_clock_init(struct phase_clock *c, const struct phase_plan *plan, int64_t start_ms, int first_driver)
{
	memset(c, 0, sizeof(*c));
	c->plan = *plan;
	c->start_ms = start_ms;
	c->first_driver = first_driver ? 1 : 0;
}

static int64_t planned_ms(const struct phase_clock *c, size_t i)
{
	return (int64_t)c->plan.phases[i].minutes * MINUTE_MS;
}

/* When phase i ends, given when it started. An early end never lies past
 * the planned one (a clock persisted under another plan stays sane). */
static int64_t end_of(const struct phase_clock *c, size_t i, int64_t start)
{
	int64_t planned = start + planned_ms(c, i);
	return c->early[i] && c->early_end_ms[i] < planned ? c->early_end_ms[i] : planned;
}

void phase_clock_at(const struct phase_clock *c, int64_t now, struct phase_state *out)
{
	memset(out, 0, sizeof(*out));
	int64_t t = c->start_ms;
	size_t i = 0;
	bool found = false;
	for (; i < c->plan.n; i++) {
		int64_t end = end_of(c, i, t);
		if (!strcmp(c->plan.phases[i].name, PHASE_SWAP_NAME)) {
			int64_t mid = t + planned_ms(c, i) / 2;
			/* A code phase ended before its midpoint never swaps. */
			if (end > mid) {
				out->has_midpoint = true;
				out->midpoint_ms = mid;
				out->midpoint_passed = now >= mid;
			}
		}
		if (!found && now < end) {
			found = true;
			out->index = i;
			out->name = c->plan.phases[i].name;
			out->started_at_ms = t;
			out->ends_at_ms = end;
		}
		t = end;
	}
	if (!found) {
		out->index = c->plan.n;
		out->name = "ended";
		out->ended = true;
		out->started_at_ms = out->ends_at_ms = t;
	}
	out->driver = c->first_driver ^ (int)(c->swaps & 1) ^ (int)out->midpoint_passed;
	out->next_due_ms = out->ended ? INT64_MAX : out->ends_at_ms;
	if (out->has_midpoint && !out->midpoint_passed && out->midpoint_ms < out->next_due_ms)
		out->next_due_ms = out->midpoint_ms;
}

/* What both requests do first: the slot checked, the state at now. */
static int asking(const struct phase_clock *c, int slot, int64_t now, struct phase_state *st)
{
	if (slot != 0 && slot != 1)
		return -EINVAL;
	phase_clock_at(c, now, st);
	return st->ended ? -EPERM : 0;
}

/* slot's request noted in *asked; true (and the requests cleared) once
 * both have asked. */
static bool both_asked(unsigned *asked, int slot)
{
	*asked |= 1u << slot;
	if (*asked != 3)
		return false;
	*asked = 0;
	return true;
}

int phase_clock_ask_next(struct phase_clock *c, int slot, int64_t now)
{
	struct phase_state st;
	int r = asking(c, slot, now, &st);
	if (r)
		return r;
	if (c->next_asked_phase != st.index) {     /* an ask from a phase that has ended */
		c->next_asked = 0;
		c->next_asked_phase = st.index;
	}
	if (!both_asked(&c->next_asked, slot))
		return 0;
	c->early[st.index] = true;
	c->early_end_ms[st.index] = now > st.started_at_ms ? now : st.started_at_ms;
	return 1;
}

int phase_clock_ask_swap(struct phase_clock *c, int slot, int64_t now)
{
	struct phase_state st;
	int r = asking(c, slot, now, &st);
	if (r)
		return r;
	if (c->swap_asked_after_mid != st.midpoint_passed) {    /* an ask the midpoint swap has overtaken */
		c->swap_asked = 0;
		c->swap_asked_after_mid = st.midpoint_passed;
	}
	if (!both_asked(&c->swap_asked, slot))
		return 0;
	c->swaps++;
	return 1;
}

int phase_first_driver(int64_t last0, int64_t last1)
{
	if (last0 < 0)
		last0 = 0;
	if (last1 < 0)
		last1 = 0;
	return last1 < last0 ? 1 : 0;
}
