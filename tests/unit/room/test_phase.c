/* test_phase.c - room/phase.c: the plan setting, a room's phases over time
 * (passed in, never slept), moving on early when both ask, the midpoint
 * swap of the code phase, agreed swaps, the end, the first driver. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "phase.h"

#define MIN 60000LL
#define T0 1700000000000LL        /* the room's start, Unix ms */

static void plan_refused(const char *spec, const char *why)
{
	struct phase_plan p;
	char err[128] = "";
	CHECK_EQ_INT(phase_plan_parse(spec, &p, err, sizeof(err)), -EINVAL);
	if (!strstr(err, why))
		fprintf(stderr, "\"%s\": \"%s\" lacks \"%s\"\n", spec, err, why);
	CHECK(strstr(err, why) != NULL);
}

static void test_plan(void)
{
	struct phase_plan p;
	char err[128];
	CHECK_EQ_INT(phase_plan_parse(PHASE_PLAN_DEFAULT, &p, err, sizeof(err)), 0);
	CHECK_EQ_INT(p.n, 4);
	CHECK_EQ_STR(p.phases[0].name, "intro");
	CHECK_EQ_INT(p.phases[0].minutes, 5);
	CHECK_EQ_STR(p.phases[2].name, "code");
	CHECK_EQ_INT(p.phases[2].minutes, 30);
	CHECK_EQ_INT(p.phases[3].minutes, 15);
	CHECK_EQ_INT(phase_plan_parse("solo=1", &p, err, sizeof(err)), 0);
	CHECK_EQ_INT(p.n, 1);
	CHECK_EQ_INT(phase_plan_parse("a=1,b=2,c=3,d=4,e=5,f=6,g=7,h-8_x=240", &p, err, sizeof(err)), 0);
	CHECK_EQ_INT(p.n, 8);
	plan_refused("", "expected name=minutes");
	plan_refused("intro=5,", "expected name=minutes");
	plan_refused("intro", "expected name=minutes");
	plan_refused("intro=0", "minutes must be 1..240");
	plan_refused("intro=241", "minutes must be 1..240");
	plan_refused("intro=5m", "minutes must be 1..240");
	plan_refused("intro=-5", "minutes must be 1..240");
	plan_refused("intro=99999999999999999999", "minutes must be 1..240");
	plan_refused("Intro=5", "a name is");
	plan_refused("1st=5", "a name is");
	plan_refused("=5", "a name is");
	plan_refused("sixteen-letters1=5", "a name is");
	plan_refused("code=5,code=6", "a second phase");
	plan_refused("a=1,b=1,c=1,d=1,e=1,f=1,g=1,h=1,i=1", "more than 8 phases");
}

static void at(const struct phase_clock *c, int64_t now, struct phase_state *st)
{
	phase_clock_at(c, now, st);
}

static void test_timeline(void)
{
	struct phase_plan plan;
	struct phase_clock c;
	struct phase_state st;
	CHECK_EQ_INT(phase_plan_parse(PHASE_PLAN_DEFAULT, &plan, NULL, 0), 0);
	phase_clock_init(&c, &plan, T0, 1);

	at(&c, T0 - 1000, &st);                     /* before the start: the first phase, to come */
	CHECK(st.index == 0 && st.started_at_ms == T0 && !st.ended);
	at(&c, T0, &st);
	CHECK_EQ_STR(st.name, "intro");
	CHECK(st.started_at_ms == T0 && st.ends_at_ms == T0 + 5 * MIN);
	CHECK(st.driver == 1 && st.next_due_ms == T0 + 5 * MIN);
	CHECK(st.has_midpoint && st.midpoint_ms == T0 + 30 * MIN && !st.midpoint_passed);
	at(&c, T0 + 5 * MIN - 1, &st);
	CHECK_EQ_STR(st.name, "intro");
	at(&c, T0 + 5 * MIN, &st);                  /* a phase's end is the next one's start */
	CHECK_EQ_STR(st.name, "pseudocode");
	CHECK(st.index == 1 && st.started_at_ms == T0 + 5 * MIN && st.ends_at_ms == T0 + 15 * MIN);
	at(&c, T0 + 15 * MIN, &st);
	CHECK_EQ_STR(st.name, "code");
	CHECK(st.ends_at_ms == T0 + 45 * MIN);
	CHECK(st.next_due_ms == T0 + 30 * MIN);     /* the midpoint comes before the phase's end */
	CHECK_EQ_INT(st.driver, 1);
	at(&c, T0 + 30 * MIN - 1, &st);
	CHECK(!st.midpoint_passed && st.driver == 1);
	at(&c, T0 + 30 * MIN, &st);                 /* the midpoint: roles swap */
	CHECK(st.midpoint_passed && st.driver == 0);
	CHECK(st.next_due_ms == T0 + 45 * MIN);
	at(&c, T0 + 45 * MIN, &st);
	CHECK_EQ_STR(st.name, "review");
	CHECK(st.driver == 0 && st.ends_at_ms == T0 + 60 * MIN);
	at(&c, T0 + 60 * MIN, &st);                 /* after review: read-only */
	CHECK(st.ended && st.index == 4);
	CHECK_EQ_STR(st.name, "ended");
	CHECK(st.started_at_ms == T0 + 60 * MIN && st.ends_at_ms == T0 + 60 * MIN);
	CHECK(st.next_due_ms == INT64_MAX);
	at(&c, T0 + 1000 * MIN, &st);
	CHECK(st.ended && st.driver == 0);
	CHECK_EQ_INT(phase_clock_ask_next(&c, 0, T0 + 61 * MIN), -EPERM);
	CHECK_EQ_INT(phase_clock_ask_swap(&c, 0, T0 + 61 * MIN), -EPERM);
}

static void test_next_early(void)
{
	struct phase_plan plan;
	struct phase_clock c;
	struct phase_state st;
	CHECK_EQ_INT(phase_plan_parse(PHASE_PLAN_DEFAULT, &plan, NULL, 0), 0);
	phase_clock_init(&c, &plan, T0, 0);

	CHECK_EQ_INT(phase_clock_ask_next(&c, 2, T0), -EINVAL);
	CHECK_EQ_INT(phase_clock_ask_next(&c, -1, T0), -EINVAL);
	CHECK_EQ_INT(phase_clock_ask_next(&c, 0, T0 + 1 * MIN), 0);
	CHECK_EQ_INT(phase_clock_ask_next(&c, 0, T0 + 2 * MIN), 0);     /* asking twice is one ask */
	at(&c, T0 + 2 * MIN, &st);
	CHECK_EQ_STR(st.name, "intro");
	CHECK_EQ_INT(phase_clock_ask_next(&c, 1, T0 + 3 * MIN), 1);     /* both: on to pseudocode now */
	at(&c, T0 + 3 * MIN, &st);
	CHECK_EQ_STR(st.name, "pseudocode");
	CHECK(st.started_at_ms == T0 + 3 * MIN && st.ends_at_ms == T0 + 13 * MIN);
	/* everything after moved with it: code 13..43, its midpoint at 28 */
	CHECK(st.midpoint_ms == T0 + 28 * MIN);
	at(&c, T0 + 43 * MIN, &st);
	CHECK_EQ_STR(st.name, "review");

	/* a request lapses when its phase ends by itself */
	CHECK_EQ_INT(phase_clock_ask_next(&c, 0, T0 + 5 * MIN), 0);
	at(&c, T0 + 13 * MIN, &st);
	CHECK_EQ_STR(st.name, "code");
	CHECK_EQ_INT(phase_clock_ask_next(&c, 1, T0 + 14 * MIN), 0);     /* not an agreement with 0's old ask */
	at(&c, T0 + 14 * MIN, &st);
	CHECK_EQ_STR(st.name, "code");

	/* the code phase ended early before its midpoint: no midpoint swap */
	CHECK_EQ_INT(phase_clock_ask_next(&c, 0, T0 + 20 * MIN), 1);
	at(&c, T0 + 20 * MIN, &st);
	CHECK_EQ_STR(st.name, "review");
	CHECK(!st.has_midpoint && !st.midpoint_passed && st.driver == 0);
	CHECK(st.ends_at_ms == T0 + 35 * MIN);
	at(&c, T0 + 28 * MIN, &st);
	CHECK(!st.midpoint_passed && st.driver == 0);

	/* moving on from the last phase ends the room */
	CHECK_EQ_INT(phase_clock_ask_next(&c, 1, T0 + 21 * MIN), 0);
	CHECK_EQ_INT(phase_clock_ask_next(&c, 0, T0 + 22 * MIN), 1);
	at(&c, T0 + 22 * MIN, &st);
	CHECK(st.ended && st.started_at_ms == T0 + 22 * MIN);
	CHECK_EQ_INT(phase_clock_ask_next(&c, 0, T0 + 22 * MIN), -EPERM);

	/* both asking before the room has started: phase 0 ends at its start */
	phase_clock_init(&c, &plan, T0, 0);
	CHECK_EQ_INT(phase_clock_ask_next(&c, 0, T0 - MIN), 0);
	CHECK_EQ_INT(phase_clock_ask_next(&c, 1, T0 - MIN), 1);
	at(&c, T0, &st);
	CHECK_EQ_STR(st.name, "pseudocode");
	CHECK(st.started_at_ms == T0);
}

static void test_swaps(void)
{
	struct phase_plan plan;
	struct phase_clock c;
	struct phase_state st;
	CHECK_EQ_INT(phase_plan_parse(PHASE_PLAN_DEFAULT, &plan, NULL, 0), 0);
	phase_clock_init(&c, &plan, T0, 0);

	CHECK_EQ_INT(phase_clock_ask_swap(&c, 3, T0), -EINVAL);
	CHECK_EQ_INT(phase_clock_ask_swap(&c, 1, T0 + 16 * MIN), 0);
	CHECK_EQ_INT(phase_clock_ask_swap(&c, 1, T0 + 16 * MIN), 0);
	at(&c, T0 + 16 * MIN, &st);
	CHECK_EQ_INT(st.driver, 0);
	CHECK_EQ_INT(phase_clock_ask_swap(&c, 0, T0 + 17 * MIN), 1);    /* agreed */
	at(&c, T0 + 17 * MIN, &st);
	CHECK_EQ_INT(st.driver, 1);
	at(&c, T0 + 30 * MIN, &st);                                     /* and the midpoint swaps back */
	CHECK_EQ_INT(st.driver, 0);

	/* a request made before the midpoint lapses when the midpoint swaps */
	CHECK_EQ_INT(phase_clock_ask_swap(&c, 0, T0 + 29 * MIN), 0);
	CHECK_EQ_INT(phase_clock_ask_swap(&c, 1, T0 + 31 * MIN), 0);    /* a fresh request, not an agreement */
	at(&c, T0 + 31 * MIN, &st);
	CHECK_EQ_INT(st.driver, 0);
	CHECK_EQ_INT(phase_clock_ask_swap(&c, 0, T0 + 32 * MIN), 1);
	at(&c, T0 + 32 * MIN, &st);
	CHECK_EQ_INT(st.driver, 1);
	at(&c, T0 + 50 * MIN, &st);                                     /* review keeps the last roles */
	CHECK_EQ_INT(st.driver, 1);

	/* a plan without a code phase never swaps by itself */
	CHECK_EQ_INT(phase_plan_parse("talk=10,solve=20", &plan, NULL, 0), 0);
	phase_clock_init(&c, &plan, T0, 1);
	at(&c, T0 + 15 * MIN, &st);
	CHECK(!st.has_midpoint && st.driver == 1 && st.next_due_ms == T0 + 30 * MIN);
	/* ... and an odd length has its midpoint at half of it, in milliseconds */
	CHECK_EQ_INT(phase_plan_parse("code=3", &plan, NULL, 0), 0);
	phase_clock_init(&c, &plan, T0, 0);
	at(&c, T0, &st);
	CHECK(st.midpoint_ms == T0 + 90000);
}

static void test_first_driver(void)
{
	CHECK_EQ_INT(phase_first_driver(0, 0), 0);           /* neither drove: the longer waiter */
	CHECK_EQ_INT(phase_first_driver(T0, 0), 1);          /* slot 1 never drove */
	CHECK_EQ_INT(phase_first_driver(0, T0), 0);
	CHECK_EQ_INT(phase_first_driver(T0, T0 - 1), 1);     /* slot 1 drove less recently */
	CHECK_EQ_INT(phase_first_driver(T0 - 1, T0), 0);
	CHECK_EQ_INT(phase_first_driver(-5, T0), 0);
}

int main(void)
{
	test_plan();
	test_timeline();
	test_next_early();
	test_swaps();
	test_first_driver();
	return check_done();
}
