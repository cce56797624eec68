/* test_dashboard.c - the dashboard's figures (api/dashboard.h) on rooms
 * made here and a clock passed in: UTC days and dates; streaks (today,
 * alive through yesterday, broken, days after today); a room's furthest
 * phase and end by schedule, by both asking to move on (replayed as the
 * hub does, a stranger's ask ignored), by the hub's logged end, with a
 * plan that does not read; runs, submits, the best submit (accepted
 * first, then the fraction passed, the earliest of equals) and the last;
 * a session's JSON (partner, deleted partner, none, replay path); the
 * stats: totals, tags merged case-blind and ordered, difficulties in
 * order, the mean fraction passed over submitted sessions, the activity
 * window from a Monday, the streaks. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dashboard.h"
#include "util.h"

#define MIN 60000LL

static void test_days(void)
{
	CHECK_EQ_INT(dash_day(0), 0);
	CHECK_EQ_INT(dash_day(DASH_DAY_MS - 1), 0);
	CHECK_EQ_INT(dash_day(DASH_DAY_MS), 1);
	CHECK_EQ_INT(dash_day(-1), -1);
	static const struct { int64_t day; const char *date; } dates[] = {
		{ 0, "1970-01-01" }, { -1, "1969-12-31" }, { 11016, "2000-02-29" }, { 20088, "2024-12-31" },
		{ 20808, "2026-12-21" },
	};
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++) {
		char d[11];
		dash_date(dates[i].day, d);
		CHECK_EQ_STR(d, dates[i].date);
	}
}

static void test_streaks(void)
{
	const int64_t T = 20808;
	static const struct {
		int64_t days[8];
		size_t n;
		unsigned current, longest;
	} cases[] = {
		{ { 0 }, 0, 0, 0 },
		{ { T }, 1, 1, 1 },
		{ { T - 1 }, 1, 1, 1 },                        /* alive until today is over */
		{ { T - 2 }, 1, 0, 1 },                        /* a whole day without one: broken */
		{ { T - 5, T - 4, T - 3, T - 1, T }, 5, 2, 3 },
		{ { T - 2, T - 1 }, 2, 2, 2 },
		{ { T - 9, T - 8, T - 7, T - 6, T - 2 }, 5, 0, 4 },
		{ { T - 1, T + 1 }, 2, 1, 1 },                 /* a day after today is no part of today's */
		{ { T, T + 1 }, 2, 1, 2 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		unsigned cur = 99, lon = 99;
		dash_streaks(cases[i].days, cases[i].n, T, &cur, &lon);
		if (cur != cases[i].current || lon != cases[i].longest)
			fprintf(stderr, "streak case %zu: %u/%u, wanted %u/%u\n", i, cur, lon, cases[i].current,
				cases[i].longest);
		CHECK_EQ_INT(cur, cases[i].current);
		CHECK_EQ_INT(lon, cases[i].longest);
	}
}

static struct store_dash_room room_of(const char *id, const char *plan, int64_t start)
{
	struct store_dash_room r;
	memset(&r, 0, sizeof(r));
	str_copy(r.room.id, sizeof(r.room.id), id);
	str_copy(r.room.problem, sizeof(r.room.problem), "two-sum");
	str_copy(r.room.language, sizeof(r.room.language), "python3");
	str_copy(r.room.difficulty, sizeof(r.room.difficulty), "easy");
	str_copy(r.room.plan, sizeof(r.room.plan), plan);
	r.room.created_ms = r.room.start_ms = start;
	r.room.users[0] = 10;
	r.room.users[1] = 20;
	return r;
}

static struct store_dash_result submit(int status, const char *desc, int64_t passed, int64_t total, int64_t t)
{
	struct store_dash_result x = { .submit = true, .t_ms = t, .status_id = status, .passed = passed, .total = total };
	str_copy(x.status, sizeof(x.status), desc);
	return x;
}

static void test_room_sum(void)
{
	struct phase_plan fallback;
	CHECK_EQ_INT(phase_plan_parse("a=1,b=1,c=1", &fallback, NULL, 0), 0);
	struct store_dash_room r = room_of("r", "intro=5,code=30", 0);
	struct dash_room_sum sum;

	/* By the schedule. */
	dash_room_sum(&r, &fallback, 2 * MIN, &sum);
	CHECK_EQ_INT(sum.phase_index, 0);
	CHECK_EQ_STR(sum.phase_name, "intro");
	CHECK_EQ_INT(sum.nphases, 2);
	CHECK(!sum.ended);
	CHECK_EQ_INT(sum.ended_ms, 0);
	dash_room_sum(&r, &fallback, 10 * MIN, &sum);
	CHECK_EQ_STR(sum.phase_name, "code");
	CHECK(!sum.ended);
	dash_room_sum(&r, &fallback, 40 * MIN, &sum);
	CHECK(sum.ended);
	CHECK_EQ_INT(sum.ended_ms, 35 * MIN);
	CHECK_EQ_INT(sum.phase_index, 1);                  /* the last phase, once ended */
	CHECK_EQ_STR(sum.phase_name, "code");

	/* Both asked to move on twice: ended at 2 minutes, whatever the
	 * schedule; a stranger's ask changes nothing. */
	struct store_dash_ask asks[] = { { 10, 1 * MIN }, { 99, 1 * MIN }, { 20, 1 * MIN }, { 20, 2 * MIN },
					 { 10, 2 * MIN } };
	r.asks = asks;
	r.nasks = 3;
	dash_room_sum(&r, &fallback, 90 * 1000, &sum);
	CHECK_EQ_STR(sum.phase_name, "code");
	r.nasks = 2;                                       /* one side only: still the intro */
	dash_room_sum(&r, &fallback, 90 * 1000, &sum);
	CHECK_EQ_STR(sum.phase_name, "intro");
	r.nasks = 5;
	dash_room_sum(&r, &fallback, 3 * MIN, &sum);
	CHECK(sum.ended);
	CHECK_EQ_INT(sum.ended_ms, 2 * MIN);

	/* The hub logged the end: that time stands. */
	r.nasks = 0;
	r.room.ended_ms = 7 * MIN;
	dash_room_sum(&r, &fallback, 8 * MIN, &sum);
	CHECK(sum.ended);
	CHECK_EQ_INT(sum.ended_ms, 7 * MIN);
	CHECK_EQ_STR(sum.phase_name, "code");
	r.room.ended_ms = 0;

	/* A plan that does not read: the server's. */
	struct store_dash_room odd = room_of("o", "nonsense", 0);
	dash_room_sum(&odd, &fallback, 90 * 1000, &sum);
	CHECK_EQ_INT(sum.nphases, 3);
	CHECK_EQ_STR(sum.phase_name, "b");

	/* Verdicts. */
	struct store_dash_result res[] = {
		{ .submit = false, .t_ms = 1 },
		submit(4, "Wrong Answer", 2, 5, 2),
		submit(11, "Runtime Error (NZEC)", 3, 5, 3),
		submit(3, "Accepted", 5, 5, 4),
		submit(4, "Wrong Answer", 4, 5, 5),
		{ .submit = false, .t_ms = 6 },
	};
	r.results = res;
	r.nresults = 6;
	dash_room_sum(&r, &fallback, 10 * MIN, &sum);
	CHECK_EQ_INT(sum.runs, 2);
	CHECK_EQ_INT(sum.submits, 4);
	CHECK_EQ_INT(sum.accepted, 1);
	CHECK(sum.best == &res[3]);
	CHECK(sum.last == &res[4]);
	/* No accepted one: the largest fraction, the earliest of equals; a
	 * submit of no tests passes nothing. */
	struct store_dash_result wrong[] = {
		submit(6, "Compilation Error", 0, 0, 1),
		submit(4, "Wrong Answer", 2, 5, 2),
		submit(11, "Runtime Error (NZEC)", 6, 10, 3),
		submit(4, "Wrong Answer", 3, 5, 4),
	};
	r.results = wrong;
	r.nresults = 4;
	dash_room_sum(&r, &fallback, 10 * MIN, &sum);
	CHECK_EQ_INT(sum.accepted, 0);
	CHECK(sum.best == &wrong[2]);
	CHECK(sum.last == &wrong[3]);
	r.nresults = 1;
	dash_room_sum(&r, &fallback, 10 * MIN, &sum);
	CHECK(sum.best == &wrong[0]);
	r.nresults = 0;
	dash_room_sum(&r, &fallback, 10 * MIN, &sum);
	CHECK(sum.best == NULL && sum.last == NULL);
	CHECK_EQ_INT(sum.submits, 0);
}

/* json's text at path ("a.b"), compact, for comparisons. */
static char *at(json_t *o, const char *path)
{
	char buf[128];
	str_copy(buf, sizeof(buf), path);
	json_t *v = o;
	for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && v; k = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, strtoul(k, NULL, 10)) : json_object_get(v, k);
	static char out[1024];
	char *t = v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS) : NULL;
	str_copy(out, sizeof(out), t ? t : "(none)");
	free(t);
	return out;
}

static void test_session_json(void)
{
	struct phase_plan plan;
	CHECK_EQ_INT(phase_plan_parse("intro=5,code=30", &plan, NULL, 0), 0);
	struct store_dash_room r = room_of("AbC-_d", "intro=5,code=30", 1000);
	struct store_dash_result res[] = { submit(4, "Wrong Answer", 2, 5, 2000), submit(3, "Accepted", 5, 5, 3000) };
	r.results = res;
	r.nresults = 2;
	r.partner_id = 20;
	str_copy(r.partner_username, sizeof(r.partner_username), "bob");
	str_copy(r.partner_display, sizeof(r.partner_display), "Bob <b>");
	struct dash_room_sum sum;
	dash_room_sum(&r, &plan, 1000 + 40 * MIN, &sum);
	json_t *o = dash_session_json(&r, &sum, NULL);
	CHECK(o != NULL);
	CHECK_EQ_STR(at(o, "id"), "\"AbC-_d\"");
	CHECK_EQ_STR(at(o, "replay"), "\"/rooms/AbC-_d/replay\"");
	CHECK_EQ_STR(at(o, "problem"), "{\"difficulty\":\"easy\",\"slug\":\"two-sum\",\"tags\":[],\"title\":\"two-sum\"}");
	CHECK_EQ_STR(at(o, "partner"), "{\"display_name\":\"Bob <b>\",\"id\":20,\"username\":\"bob\"}");
	CHECK_EQ_STR(at(o, "phase"), "{\"count\":2,\"index\":1,\"name\":\"code\"}");
	CHECK_EQ_STR(at(o, "ended"), "true");
	CHECK_EQ_STR(at(o, "ended_at"), "2101000");
	CHECK_EQ_STR(at(o, "created_at"), "1000");
	CHECK_EQ_STR(at(o, "verdicts.best"),
		     "{\"at\":3000,\"passed\":5,\"status\":{\"description\":\"Accepted\",\"id\":3},\"total\":5}");
	CHECK_EQ_STR(at(o, "verdicts.last.at"), "3000");
	CHECK_EQ_STR(at(o, "verdicts.submits"), "2");
	CHECK_EQ_STR(at(o, "verdicts.runs"), "0");
	json_decref(o);

	r.partner_deleted = true;
	r.partner_username[0] = '\0';
	str_copy(r.partner_display, sizeof(r.partner_display), "deleted user");
	r.nresults = 0;
	dash_room_sum(&r, &plan, 1000 + MIN, &sum);
	o = dash_session_json(&r, &sum, NULL);
	CHECK_EQ_STR(at(o, "partner"), "{\"display_name\":\"deleted user\",\"id\":20,\"username\":null}");
	CHECK_EQ_STR(at(o, "ended_at"), "null");
	CHECK_EQ_STR(at(o, "verdicts.best"), "null");
	CHECK_EQ_STR(at(o, "phase.name"), "\"intro\"");
	json_decref(o);
	r.partner_id = 0;
	o = dash_session_json(&r, &sum, NULL);
	CHECK_EQ_STR(at(o, "partner"), "null");
	json_decref(o);
}

static void add(struct dash_stats *st, struct store_dash_room *r, const char *difficulty, const char *const *tags,
		size_t ntags, int64_t now)
{
	struct phase_plan plan;
	phase_plan_parse("intro=5,code=30", &plan, NULL, 0);
	struct dash_room_sum sum;
	dash_room_sum(r, &plan, now, &sum);
	CHECK_EQ_INT(dash_stats_add(st, r, &sum, difficulty, tags, ntags), 0);
}

static void test_stats(void)
{
	const int64_t D = DASH_DAY_MS, today = 20808;      /* Monday 2026-12-21 */
	int64_t now = today * D + 12 * 3600 * 1000;
	struct dash_stats *st = dash_stats_new(now, 2);
	CHECK(st != NULL);
	if (!st)
		return;
	/* C: long ago, easy, math, nothing submitted. */
	struct store_dash_room c = room_of("c", "intro=5,code=30", (today - 18) * D + 5000);
	const char *tc[] = { "math" };
	add(st, &c, "easy", tc, 1, now);
	/* D: two days ago, hard, no tags, ended by the clock. */
	struct store_dash_room d = room_of("d", "intro=5,code=30", (today - 2) * D + 1000);
	add(st, &d, "hard", NULL, 0, now);
	/* B: yesterday, medium, arrays and "Math" (the same tag as math), a
	 * wrong submit at 2/5 and a run. */
	struct store_dash_room b = room_of("b", "intro=5,code=30", (today - 1) * D + 7000);
	struct store_dash_result rb[] = { { .submit = false, .t_ms = (today - 1) * D + 8000 },
					  submit(4, "Wrong Answer", 2, 5, (today - 1) * D + 9000) };
	b.results = rb;
	b.nresults = 2;
	const char *tb[] = { "arrays", "Math", "math" };
	add(st, &b, "medium", tb, 3, now);
	/* A: today, easy, math and implementation, wrong then accepted. */
	struct store_dash_room a = room_of("a", "intro=5,code=30", today * D + 1000);
	struct store_dash_result ra[] = { submit(4, "Wrong Answer", 1, 5, today * D + 2000),
					  submit(3, "Accepted", 5, 5, today * D + 3000) };
	a.results = ra;
	a.nresults = 2;
	const char *ta[] = { "math", "implementation" };
	add(st, &a, "easy", ta, 2, now);

	json_t *o = dash_stats_json(st);
	dash_stats_free(st);
	CHECK(o != NULL);
	CHECK_EQ_STR(at(o, "totals"), "{\"accepted_submits\":1,\"ended\":4,\"runs\":1,\"sessions\":4,\"solved\":1,"
				      "\"submits\":3}");
	CHECK_EQ_INT(json_array_size(json_object_get(o, "by_tag")), 3);
	CHECK_EQ_STR(at(o, "by_tag.0.tag"), "\"math\"");
	CHECK_EQ_STR(at(o, "by_tag.0.sessions"), "3");
	CHECK_EQ_STR(at(o, "by_tag.0.submitted"), "2");
	CHECK_EQ_STR(at(o, "by_tag.0.solved"), "1");
	double mean = json_real_value(json_object_get(json_array_get(json_object_get(o, "by_tag"), 0), "mean_passed"));
	CHECK(fabs(mean - 0.7) < 1e-12);
	CHECK_EQ_STR(at(o, "by_tag.1"), "{\"mean_passed\":0.40000000000000002,\"sessions\":1,\"solved\":0,"
					"\"submitted\":1,\"tag\":\"arrays\"}");
	CHECK_EQ_STR(at(o, "by_tag.2.tag"), "\"implementation\"");
	CHECK_EQ_STR(at(o, "by_tag.2.mean_passed"), "1.0");
	CHECK_EQ_STR(at(o, "by_difficulty.0"), "{\"difficulty\":\"easy\",\"mean_passed\":1.0,\"sessions\":2,\"solved\":1,"
					       "\"submitted\":1}");
	CHECK_EQ_STR(at(o, "by_difficulty.1.difficulty"), "\"medium\"");
	CHECK_EQ_STR(at(o, "by_difficulty.2"), "{\"difficulty\":\"hard\",\"mean_passed\":null,\"sessions\":1,\"solved\":0,"
					       "\"submitted\":0}");
	/* Two weeks: from last Monday's Monday; only the days with something. */
	CHECK_EQ_STR(at(o, "activity.from"), "\"2026-12-14\"");
	CHECK_EQ_STR(at(o, "activity.to"), "\"2026-12-21\"");
	CHECK_EQ_STR(at(o, "activity.weeks"), "2");
	CHECK_EQ_STR(at(o, "activity.days"), "[{\"date\":\"2026-12-19\",\"sessions\":1,\"submits\":0},"
					     "{\"date\":\"2026-12-20\",\"sessions\":1,\"submits\":1},"
					     "{\"date\":\"2026-12-21\",\"sessions\":1,\"submits\":2}]");
	CHECK_EQ_STR(at(o, "streaks"), "{\"current\":3,\"last_day\":\"2026-12-21\",\"longest\":3,\"today\":\"2026-12-21\"}");
	json_decref(o);

	/* Nobody's dashboard, on a Sunday: the window ends that day. */
	st = dash_stats_new(now - 1 * D, 1);
	o = dash_stats_json(st);
	dash_stats_free(st);
	CHECK_EQ_STR(at(o, "activity.from"), "\"2026-12-14\"");
	CHECK_EQ_STR(at(o, "activity.to"), "\"2026-12-20\"");
	CHECK_EQ_STR(at(o, "streaks"), "{\"current\":0,\"last_day\":null,\"longest\":0,\"today\":\"2026-12-20\"}");
	CHECK_EQ_STR(at(o, "by_tag"), "[]");
	CHECK_EQ_STR(at(o, "totals.sessions"), "0");
	json_decref(o);
}

int main(void)
{
	test_days();
	test_streaks();
	test_room_sum();
	test_session_json();
	test_stats();
	return check_done();
}
