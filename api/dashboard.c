/* dashboard.c - a user's dashboard figures (dashboard.h): each room's
 * phase, end and verdicts, then totals, success by tag and by difficulty,
 * activity by UTC day and streaks over all of them. */
#define _GNU_SOURCE
#include "dashboard.h"
#include "problem.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- one room ---- */

/* A submit's tests passed and total, each kept to [0, 2^30] (the log is
 * ours, but a product of two must fit), a total of 0 passing nothing. */
static void counts_of(const struct store_dash_result *x, int64_t *passed, int64_t *total)
{
	const int64_t cap = (int64_t)1 << 30;
	*total = x->total > 0 ? (x->total < cap ? x->total : cap) : 1;
	*passed = x->total > 0 && x->passed > 0 ? (x->passed < *total ? x->passed : *total) : 0;
}

/* Is a a better submit than b: accepted first, then the larger fraction
 * of tests passed (compared as products, without rounding); a tie keeps
 * b, the earlier. */
static bool better(const struct store_dash_result *a, const struct store_dash_result *b)
{
	bool aa = a->status_id == DASH_STATUS_ACCEPTED, ba = b->status_id == DASH_STATUS_ACCEPTED;
	if (aa != ba)
		return aa;
	int64_t ap, at, bp, bt;
	counts_of(a, &ap, &at);
	counts_of(b, &bp, &bt);
	return ap * bt > bp * at;
}

void dash_room_sum(const struct store_dash_room *r, const struct phase_plan *fallback, int64_t now_ms,
		   struct dash_room_sum *out)
{
	memset(out, 0, sizeof(*out));
	struct phase_plan plan;
	if (phase_plan_parse(r->room.plan, &plan, NULL, 0))
		plan = *fallback;
	/* The hub's own replay (hub_room.c, load_state): each request at its
	 * time, from the participant's slot. */
	struct phase_clock c;
	phase_clock_init(&c, &plan, r->room.start_ms, r->room.first_driver);
	for (size_t i = 0; i < r->nasks; i++) {
		int64_t u = r->asks[i].user_id;
		int slot = u && u == r->room.users[0] ? 0 : u && u == r->room.users[1] ? 1 : -1;
		if (slot >= 0)
			phase_clock_ask_next(&c, slot, r->asks[i].t_ms);
	}
	struct phase_state st;
	phase_clock_at(&c, now_ms, &st);
	out->nphases = plan.n;
	out->ended = st.ended || r->room.ended_ms > 0;
	out->ended_ms = r->room.ended_ms > 0 ? r->room.ended_ms : st.ended ? st.started_at_ms : 0;
	out->phase_index = out->ended ? plan.n - 1 : st.index;
	str_copy(out->phase_name, sizeof(out->phase_name), plan.phases[out->phase_index].name);

	for (size_t i = 0; i < r->nresults; i++) {
		const struct store_dash_result *x = &r->results[i];
		if (!x->submit) {
			out->runs++;
			continue;
		}
		out->submits++;
		out->accepted += x->status_id == DASH_STATUS_ACCEPTED;
		if (!out->best || better(x, out->best))
			out->best = x;
		out->last = x;
	}
}

static json_t *submit_json(const struct store_dash_result *x)
{
	if (!x)
		return json_null();
	return json_pack("{s:{s:i, s:s}, s:I, s:I, s:I}", "status", "id", x->status_id, "description", x->status,
			 "passed", (json_int_t)x->passed, "total", (json_int_t)x->total, "at", (json_int_t)x->t_ms);
}

static json_t *tags_json(const struct problem *p)
{
	json_t *a = json_array();
	for (size_t i = 0; a && p && i < p->ntags; i++)
		json_array_append_new(a, json_string(p->tags[i]));
	return a;
}

json_t *dash_session_json(const struct store_dash_room *r, const struct dash_room_sum *sum, const struct problem *p)
{
	json_t *partner = json_null();
	if (r->partner_id)
		partner = json_pack("{s:I, s:o, s:s}", "id", (json_int_t)r->partner_id, "username",
				    r->partner_deleted || !r->partner_username[0] ? json_null()
										  : json_string(r->partner_username),
				    "display_name", r->partner_deleted ? "deleted user" : r->partner_display);
	char replay[64];
	str_printf(replay, sizeof(replay), "/rooms/%s/replay", r->room.id);
	return json_pack("{s:s, s:{s:s, s:s, s:s, s:o}, s:s, s:o, s:I, s:{s:s, s:I, s:I}, s:b, s:o,"
			 " s:{s:I, s:I, s:I, s:o, s:o}, s:s}",
			 "id", r->room.id,
			 "problem", "slug", r->room.problem, "title", p && p->title ? p->title : r->room.problem,
			 "difficulty", p && p->difficulty ? p->difficulty : r->room.difficulty, "tags", tags_json(p),
			 "language", r->room.language, "partner", partner, "created_at", (json_int_t)r->room.created_ms,
			 "phase", "name", sum->phase_name, "index", (json_int_t)sum->phase_index, "count",
			 (json_int_t)sum->nphases,
			 "ended", sum->ended, "ended_at", sum->ended ? json_integer(sum->ended_ms) : json_null(),
			 "verdicts", "runs", (json_int_t)sum->runs, "submits", (json_int_t)sum->submits, "accepted",
			 (json_int_t)sum->accepted, "best", submit_json(sum->best), "last", submit_json(sum->last),
			 "replay", replay);
}

/* ---- days ---- */

int64_t dash_day(int64_t ms)
{
	return ms >= 0 ? ms / DASH_DAY_MS : -((-ms + DASH_DAY_MS - 1) / DASH_DAY_MS);
}

/* Monday 0 .. Sunday 6 (1970-01-01 was a Thursday). */
static int weekday(int64_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

void dash_date(int64_t day, char out[11])
{
	/* Days to the proleptic Gregorian calendar (H. Hinnant's
	 * civil_from_days): eras of 400 years from 0000-03-01. */
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	str_printf(out, 11, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
}

void dash_streaks(const int64_t *days, size_t n, int64_t today, unsigned *current, unsigned *longest)
{
	*current = *longest = 0;
	unsigned run = 0;
	for (size_t i = 0; i < n; i++) {
		run = i && days[i] == days[i - 1] + 1 ? run + 1 : 1;
		if (run > *longest)
			*longest = run;
		/* The run through today, or through yesterday while today is
		 * still to come (days after today, from a clock set back, do
		 * not count for it). */
		if (days[i] == today || (days[i] == today - 1 && (i + 1 == n || days[i + 1] != today)))
			*current = run;
	}
}

/* ---- all rooms ---- */

struct bucket {
	char *name;
	size_t sessions, submitted, solved;
	double passed;                     /* the sum of each submitted session's best fraction */
};

struct buckets {
	struct bucket *v;
	size_t n, cap;
};

struct dash_stats {
	int64_t today, from;               /* days: the activity runs from..today */
	unsigned weeks;
	size_t sessions, ended, runs, submits, accepted, solved;
	struct buckets tags, diffs;
	int64_t *days;                     /* each session's day (sorted and made unique at the end) */
	size_t ndays, capdays;
	unsigned *act_sessions, *act_submits;   /* per day of the window */
	size_t nact;
};

struct dash_stats *dash_stats_new(int64_t now_ms, unsigned weeks)
{
	if (weeks < 1 || weeks > DASH_WEEKS_MAX)
		weeks = weeks < 1 ? 1 : DASH_WEEKS_MAX;
	struct dash_stats *st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	st->weeks = weeks;
	st->today = dash_day(now_ms);
	st->from = st->today - weekday(st->today) - 7 * (int64_t)(weeks - 1);
	st->nact = (size_t)(st->today - st->from + 1);
	st->act_sessions = calloc(st->nact, sizeof(*st->act_sessions));
	st->act_submits = calloc(st->nact, sizeof(*st->act_submits));
	if (!st->act_sessions || !st->act_submits) {
		dash_stats_free(st);
		return NULL;
	}
	return st;
}

/* The bucket named name (case-blind), added when new; NULL on ENOMEM. */
static struct bucket *bucket_of(struct buckets *b, const char *name)
{
	for (size_t i = 0; i < b->n; i++)
		if (!strcasecmp(b->v[i].name, name))
			return &b->v[i];
	if (b->n == b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 16;
		struct bucket *nv = realloc(b->v, ncap * sizeof(*nv));
		if (!nv)
			return NULL;
		b->v = nv;
		b->cap = ncap;
	}
	struct bucket *x = &b->v[b->n];
	memset(x, 0, sizeof(*x));
	if (!(x->name = strdup(name)))
		return NULL;
	b->n++;
	return x;
}

static void bucket_count(struct bucket *x, const struct dash_room_sum *sum)
{
	x->sessions++;
	if (sum->best) {
		x->submitted++;
		x->solved += sum->accepted > 0;
		int64_t passed, total;
		counts_of(sum->best, &passed, &total);
		x->passed += (double)passed / (double)total;
	}
}

static void activity(struct dash_stats *st, int64_t ms, bool submit)
{
	int64_t d = dash_day(ms);
	if (d < st->from || d > st->today)
		return;
	if (submit)
		st->act_submits[d - st->from]++;
	else
		st->act_sessions[d - st->from]++;
}

int dash_stats_add(struct dash_stats *st, const struct store_dash_room *r, const struct dash_room_sum *sum,
		   const char *difficulty, const char *const *tags, size_t ntags)
{
	st->sessions++;
	st->ended += sum->ended;
	st->runs += sum->runs;
	st->submits += sum->submits;
	st->accepted += sum->accepted;
	st->solved += sum->accepted > 0;
	struct bucket *x = bucket_of(&st->diffs, difficulty && difficulty[0] ? difficulty : "unknown");
	if (!x)
		return -ENOMEM;
	bucket_count(x, sum);
	for (size_t i = 0; i < ntags; i++) {
		/* A tag a problem lists twice counts once. */
		bool again = false;
		for (size_t k = 0; k < i && !again; k++)
			again = !strcasecmp(tags[k], tags[i]);
		if (again)
			continue;
		if (!(x = bucket_of(&st->tags, tags[i])))
			return -ENOMEM;
		bucket_count(x, sum);
	}
	int64_t day = dash_day(r->room.created_ms);
	if (!st->ndays || st->days[st->ndays - 1] != day) {
		if (st->ndays == st->capdays) {
			size_t ncap = st->capdays ? st->capdays * 2 : 64;
			int64_t *nv = realloc(st->days, ncap * sizeof(*nv));
			if (!nv)
				return -ENOMEM;
			st->days = nv;
			st->capdays = ncap;
		}
		st->days[st->ndays++] = day;
	}
	activity(st, r->room.created_ms, false);
	for (size_t i = 0; i < r->nresults; i++)
		if (r->results[i].submit)
			activity(st, r->results[i].t_ms, true);
	return 0;
}

static json_t *bucket_json(const struct bucket *x, const char *key)
{
	return json_pack("{s:s, s:I, s:I, s:I, s:o}", key, x->name, "sessions", (json_int_t)x->sessions, "submitted",
			 (json_int_t)x->submitted, "solved", (json_int_t)x->solved, "mean_passed",
			 x->submitted ? json_real(x->passed / (double)x->submitted) : json_null());
}

/* Tags: the most practised first, then by name. */
static int tag_order(const void *a, const void *b)
{
	const struct bucket *x = a, *y = b;
	if (x->sessions != y->sessions)
		return x->sessions > y->sessions ? -1 : 1;
	return strcasecmp(x->name, y->name);
}

/* Difficulties: easy, medium, hard, then any other by name. */
static int diff_rank(const char *d)
{
	static const char *const known[] = { "easy", "medium", "hard" };
	for (int i = 0; i < 3; i++)
		if (!strcasecmp(d, known[i]))
			return i;
	return 3;
}

static int diff_order(const void *a, const void *b)
{
	const struct bucket *x = a, *y = b;
	int rx = diff_rank(x->name), ry = diff_rank(y->name);
	return rx != ry ? rx - ry : strcasecmp(x->name, y->name);
}

static json_t *buckets_json(struct buckets *b, const char *key, int (*order)(const void *, const void *))
{
	if (b->n)
		qsort(b->v, b->n, sizeof(*b->v), order);
	json_t *a = json_array();
	for (size_t i = 0; a && i < b->n; i++)
		json_array_append_new(a, bucket_json(&b->v[i], key));
	return a;
}

static int day_order(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static json_t *activity_json(const struct dash_stats *st)
{
	char from[11], to[11], date[11];
	dash_date(st->from, from);
	dash_date(st->today, to);
	json_t *days = json_array();
	for (size_t i = 0; days && i < st->nact; i++) {
		if (!st->act_sessions[i] && !st->act_submits[i])
			continue;
		dash_date(st->from + (int64_t)i, date);
		json_array_append_new(days, json_pack("{s:s, s:I, s:I}", "date", date, "sessions",
						      (json_int_t)st->act_sessions[i], "submits",
						      (json_int_t)st->act_submits[i]));
	}
	return json_pack("{s:I, s:s, s:s, s:o}", "weeks", (json_int_t)st->weeks, "from", from, "to", to, "days", days);
}

json_t *dash_stats_json(struct dash_stats *st)
{
	/* Rooms come oldest first, so the days are nearly in order already. */
	size_t n = 0;
	if (st->ndays)
		qsort(st->days, st->ndays, sizeof(*st->days), day_order);
	for (size_t i = 0; i < st->ndays; i++)
		if (!n || st->days[n - 1] != st->days[i])
			st->days[n++] = st->days[i];
	st->ndays = n;
	unsigned current, longest;
	dash_streaks(st->days, n, st->today, &current, &longest);
	char today[11], last[11];
	dash_date(st->today, today);
	if (n)
		dash_date(st->days[n - 1], last);
	return json_pack("{s:{s:I, s:I, s:I, s:I, s:I, s:I}, s:o, s:o, s:o, s:{s:I, s:I, s:o, s:s}}",
			 "totals", "sessions", (json_int_t)st->sessions, "ended", (json_int_t)st->ended, "runs",
			 (json_int_t)st->runs, "submits", (json_int_t)st->submits, "accepted_submits",
			 (json_int_t)st->accepted, "solved", (json_int_t)st->solved,
			 "by_tag", buckets_json(&st->tags, "tag", tag_order),
			 "by_difficulty", buckets_json(&st->diffs, "difficulty", diff_order),
			 "activity", activity_json(st),
			 "streaks", "current", (json_int_t)current, "longest", (json_int_t)longest, "last_day",
			 n ? json_string(last) : json_null(), "today", today);
}

static void buckets_free(struct buckets *b)
{
	for (size_t i = 0; i < b->n; i++)
		free(b->v[i].name);
	free(b->v);
}

void dash_stats_free(struct dash_stats *st)
{
	if (!st)
		return;
	buckets_free(&st->tags);
	buckets_free(&st->diffs);
	free(st->days);
	free(st->act_sessions);
	free(st->act_submits);
	free(st);
}
