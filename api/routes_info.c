/* routes_info.c - Judge0's information routes, answered as Judge0 CE
 * 1.13.1 answers them (its languages, statuses, info, health and sessions
 * controllers), plus the OpenAPI document and the try-it page:
 *
 *   GET  /languages /languages/all /languages/:id   langinfo.c
 *   GET  /statuses /about /version /isolate /license /system_info /config_info
 *   GET  /statistics                                 cached 10 minutes, like Judge0
 *   GET  /workers                                    one queue, Resque's figures (and the nodes)
 *   POST /authenticate /authorize                    200 once http.c let them in
 *   GET  /openapi.json /playground(.js|.css)         embedded at build time (assets.h)
 *
 * Every Judge0 route needs X-Auth-Token when AUTHN_TOKEN is set (Judge0's
 * ApplicationController authenticates every action); only /authorize
 * needs X-Auth-User. The document and the page are open: they hold no
 * data, and the page asks for a token itself. */
#define _GNU_SOURCE
#include "app.h"
#include "assets.h"
#include "box.h"
#include "config.h"
#include "dispatch.h"
#include "http.h"
#include "langinfo.h"
#include "store.h"
#include "sysinfo.h"
#include "util.h"
#include "webapp.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* What /about and /version report: the Judge0 API pairbox answers for.
 * judge0-python maps language names to ids only for versions it knows
 * ("1.13.1"), so this is Judge0's number; pairbox's own is beside it. */
#define JUDGE0_API_VERSION "1.13.1"

#define STATISTICS_CACHE_MS (10 * 60 * 1000)   /* Judge0: 10.minutes */
#define STATISTICS_PAGE 1000
#define STATISTICS_SCAN_MAX 100000             /* rows read for per-language counts */

static const char *pairbox_version(const struct app *app)
{
	return app->version ? app->version : PAIRBOX_VERSION;
}

static void text(struct http_resp *resp, int status, const char *content_type, const char *s, size_t n)
{
	resp->status = status;
	resp->body = strndup(s, n);
	resp->body_len = resp->body ? n : 0;
	resp->content_type = content_type;
	if (!resp->body)
		http_error(resp, 500, "out of memory");
}

/* ---- languages and statuses ---- */

static void get_languages(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	http_json(resp, 200, langinfo_list(false));
}

static void get_languages_all(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	http_json(resp, 200, langinfo_list(true));
}

static void get_language(struct http_req *req, struct http_resp *resp)
{
	int id;
	json_t *o = parse_int(req->params[0], &id) == 0 ? langinfo_get(id) : NULL;
	if (!o) {
		/* Judge0: Language.unscoped.find raises RecordNotFound, a 404. */
		http_error(resp, 404, "Not Found");
		return;
	}
	http_json(resp, 200, o);
}

static void get_statuses(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	json_t *a = json_array();
	for (int id = BOX_ST_IN_QUEUE; id <= BOX_ST_EXEC_FORMAT; id++)
		json_array_append_new(a, json_pack("{s:i,s:s}", "id", id, "description", box_status_description(id)));
	http_json(resp, 200, a);
}

/* ---- information ---- */

static void get_about(struct http_req *req, struct http_resp *resp)
{
	/* Judge0 fills homepage, source_code and maintainer from its
	 * environment and answers null when they are unset; pairbox has no
	 * such settings, so they are null here too. */
	http_json(resp, 200,
		  json_pack("{s:s,s:n,s:n,s:n,s:s}", "version", JUDGE0_API_VERSION, "homepage", "source_code",
			    "maintainer", "pairbox_version", pairbox_version(req->app)));
}

static void get_version(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	text(resp, 200, "text/plain; charset=utf-8", JUDGE0_API_VERSION, strlen(JUDGE0_API_VERSION));
	resp->headers[0][0] = "X-Pairbox-Version";
	resp->headers[0][1] = PAIRBOX_VERSION;
}

static void get_isolate(struct http_req *req, struct http_resp *resp)
{
	/* Judge0 prints `isolate --version`. pairbox has no isolate: it says
	 * what its own sandbox is made of (docs/process-model.md). */
	struct stat st;
	const char *cg = stat("/sys/fs/cgroup/cgroup.controllers", &st) == 0 ? "cgroup v2" : "cgroup v1";
	char buf[640];
	str_printf(buf, sizeof(buf),
		   "pairbox sandbox %s (pairbox's own sandbox, not isolate)\n"
		   "Each box: its own mount, PID, network, IPC, UTS and cgroup namespaces; %s limits on memory,\n"
		   "CPU time and processes; a seccomp filter; no capabilities; rlimits on stack, file size and\n"
		   "open files. See docs/process-model.md.\n",
		   pairbox_version(req->app), cg);
	text(resp, 200, "text/plain; charset=utf-8", buf, strlen(buf));
}

static void get_license(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	text(resp, 200, "text/plain; charset=utf-8", asset_license, asset_license_len);
}

static void get_system_info(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	json_t *o = sysinfo_json();
	if (o)
		http_json(resp, 200, o);
	else
		http_error(resp, 500, "out of memory");
}

static void get_config_info(struct http_req *req, struct http_resp *resp)
{
	http_json(resp, 200, config_info_json(&req->app->cfg));
}

/* ---- statistics ---- */


/* Ruby's DateTime#as_json: "2024-05-01T10:00:00.123+00:00" (UTC). */
static void iso_time(int64_t ms, char *buf, size_t len)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&s, &tm);
	char day[32];
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	str_printf(buf, len, "%s.%03d+00:00", day, (int)(ms % 1000));
}

static void iso_day(int64_t ms, char *buf, size_t len)
{
	time_t s = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&s, &tm);
	strftime(buf, len, "%Y-%m-%d", &tm);
}

/* PostgreSQL's pg_size_pretty: bytes below 10 kB, then kB, MB, GB, TB,
 * each rounded half up. */
static void size_pretty(uint64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = { "bytes", "kB", "MB", "GB", "TB" };
	uint64_t v = bytes;
	int u = 0;
	while (u < 4 && v >= 10 * 1024) {
		v = (v + 512) / 1024;
		u++;
	}
	str_printf(buf, len, "%llu %s", (unsigned long long)v, unit[u]);
}

struct lang_count {
	int id;
	uint64_t count;
};

static int by_count_desc(const void *pa, const void *pb)
{
	const struct lang_count *a = pa, *b = pb;
	if (a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return (a->id > b->id) - (a->id < b->id);
}

static void count_language(struct lang_count *v, size_t *n, size_t cap, int id)
{
	for (size_t i = 0; i < *n; i++)
		if (v[i].id == id) {
			v[i].count++;
			return;
		}
	if (*n < cap)
		v[(*n)++] = (struct lang_count){ id, 1 };
}

/* The Judge0 language id of a stored request, 0 if it cannot be told. */
static int request_language(const char *request)
{
	json_t *o = request ? json_loads(request, JSON_DECODE_ANY, NULL) : NULL;
	json_t *id = json_object_get(o, "language_id");
	int r = json_is_integer(id) ? (int)json_integer_value(id) : 0;
	json_decref(o);
	return r;
}

static json_t *statistics_build(struct app *app)
{
	int64_t now = unix_ms();
	int64_t today = now - now % 86400000;          /* UTC midnight; Judge0 runs on UTC */
	uint64_t by_status[16] = { 0 }, total = 0, per_day[31] = { 0 };
	if (store_counts(app->store, by_status, &total))
		return NULL;

	/* Languages and days need each row: the store keeps them in the
	 * request text. Newest first, so the last 30 days are always whole;
	 * language counts cover the newest STATISTICS_SCAN_MAX rows. */
	struct lang_count langs[256];
	size_t nlangs = 0, scanned = 0, listed = 0;
	for (size_t page = 1; scanned < STATISTICS_SCAN_MAX; page++) {
		struct store_row *rows = NULL;
		size_t n = 0;
		if (store_list(app->store, page, STATISTICS_PAGE, &rows, &n, &listed)) {
			free(rows);
			return NULL;
		}
		for (size_t i = 0; i < n; i++) {
			int64_t c = rows[i].created_at_ms;
			if (c >= today)
				per_day[0]++;
			else if (c >= today - 30 * (int64_t)86400000)
				per_day[(today - 1 - c) / 86400000 + 1]++;
			count_language(langs, &nlangs, sizeof(langs) / sizeof(langs[0]), request_language(rows[i].request));
			store_row_release(&rows[i]);
		}
		free(rows);
		scanned += n;
		if (n < STATISTICS_PAGE || scanned >= listed)
			break;
	}
	langinfo_versions();
	qsort(langs, nlangs, sizeof(langs[0]), by_count_desc);
	json_t *languages = json_array();
	for (size_t i = 0; i < nlangs; i++) {
		char name[160];
		langinfo_name(langs[i].id, name, sizeof(name));
		json_array_append_new(languages, json_pack("{s:{s:i,s:s?},s:I}", "language", "id", langs[i].id, "name",
							   name[0] ? name : NULL, "count", (json_int_t)langs[i].count));
	}
	struct lang_count st[16];
	size_t nst = 0;
	for (int id = 0; id < 16; id++)
		if (by_status[id])
			st[nst++] = (struct lang_count){ id, by_status[id] };
	qsort(st, nst, sizeof(st[0]), by_count_desc);
	json_t *statuses = json_array();
	for (size_t i = 0; i < nst; i++)
		json_array_append_new(statuses, json_pack("{s:{s:i,s:s},s:I}", "status", "id", st[i].id, "name",
							  box_status_description(st[i].id), "count", (json_int_t)st[i].count));
	/* Judge0: the 30 days before today, newest first, zeros included. */
	json_t *days = json_object();
	for (int k = 1; k <= 30; k++) {
		char d[16];
		iso_day(today - (int64_t)k * 86400000, d, sizeof(d));
		json_object_set_new(days, d, json_integer((json_int_t)per_day[k]));
	}
	uint64_t db = 0;
	store_size(app->store, &db);
	char created[40], until[40], pretty[32];
	iso_time(now, created, sizeof(created));
	iso_time(now + STATISTICS_CACHE_MS, until, sizeof(until));
	size_pretty(db, pretty, sizeof(pretty));
	return json_pack("{s:s,s:s,s:{s:I,s:I,s:o},s:o,s:o,s:{s:s,s:I}}", "created_at", created, "cached_until", until,
			 "submissions", "total", (json_int_t)total, "today", (json_int_t)per_day[0], "last_30_days", days,
			 "languages", languages, "statuses", statuses, "database", "size_pretty", pretty, "size_in_bytes",
			 (json_int_t)db);
}

static struct {
	pthread_mutex_t lock;
	json_t *doc;
	int64_t until_ms;
} stats_cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void get_statistics(struct http_req *req, struct http_resp *resp)
{
	const char *inv = http_query(req, "invalidate_cache");
	/* One builder at a time; the others wait for its result. */
	pthread_mutex_lock(&stats_cache.lock);
	if ((inv && !strcmp(inv, "true")) || unix_ms() >= stats_cache.until_ms) {
		json_decref(stats_cache.doc);
		stats_cache.doc = statistics_build(req->app);
		stats_cache.until_ms = stats_cache.doc ? unix_ms() + STATISTICS_CACHE_MS : 0;
	}
	json_t *copy = stats_cache.doc ? json_deep_copy(stats_cache.doc) : NULL;
	pthread_mutex_unlock(&stats_cache.lock);
	if (copy)
		http_json(resp, 200, copy);
	else
		http_error(resp, 500, "the store could not be read");
}

/* ---- health and sessions ---- */

/* A node of a shared store is counted as up while its heartbeat is this
 * recent (it beats every 2 s). */
#define NODE_ALIVE_MS 10000

/* The nodes' registry as /workers lists it, and the live workers' sums. */
static json_t *nodes_json(struct app *app, size_t *threads, size_t *running)
{
	struct store_node *v = NULL;
	size_t n = 0;
	json_t *a = json_array();
	if (store_node_list(app->store, &v, &n))
		return a;
	int64_t now = unix_ms();
	for (size_t i = 0; i < n; i++) {
		bool alive = !v[i].stopped && now - v[i].seen_ms < NODE_ALIVE_MS;
		char started[40], seen[40];
		iso_time(v[i].started_ms, started, sizeof(started));
		iso_time(v[i].seen_ms, seen, sizeof(seen));
		if (alive) {
			*threads += v[i].threads;
			*running += v[i].running;
		}
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:I,s:s,s:s,s:b,s:I,s:I,s:I}", "id", v[i].id, "host",
						   v[i].host, "kind", v[i].kind, "pid", (json_int_t)v[i].pid,
						   "started_at", started, "last_seen_at", seen, "alive", alive,
						   "workers", (json_int_t)v[i].threads, "running",
						   (json_int_t)v[i].running, "judged", (json_int_t)v[i].judged));
	}
	free(v);
	return a;
}

static void get_workers(struct http_req *req, struct http_resp *resp)
{
	/* Judge0 lists each Resque queue; pairbox has one queue and a fixed
	 * pool of workers, none ever paused. On a shared store the queue is
	 * the store's and its workers every live node's (and `nodes` lists
	 * them: API nodes and `pairbox worker`s). */
	struct dispatch_stats ds;
	dispatch_stats(req->app->dispatch, &ds);
	size_t workers = ds.workers, busy = ds.running < ds.workers ? ds.running : ds.workers;
	json_t *nodes = NULL;
	if (store_shared(req->app->store)) {
		workers = busy = 0;
		nodes = nodes_json(req->app, &workers, &busy);
		busy = busy < workers ? busy : workers;
	}
	json_t *q = json_pack("{s:s,s:I,s:I,s:I,s:I,s:i,s:i}", "queue", "default", "size", (json_int_t)ds.queued,
			      "available", (json_int_t)workers, "idle", (json_int_t)(workers - busy), "working",
			      (json_int_t)busy, "paused", 0, "failed", 0);
	if (nodes)
		json_object_set_new(q, "nodes", nodes);
	json_t *a = json_array();
	json_array_append_new(a, q);
	http_json(resp, 200, a);
}

/* Judge0's SessionsController answers `head :ok` once its before_actions
 * (authenticate; for /authorize also authorize) let the request through,
 * which http.c has checked by the route's auth level. */
static void post_session(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	resp->status = 200;
}

/* ---- the OpenAPI document and the page ---- */

static void get_openapi(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	text(resp, 200, "application/json; charset=utf-8", asset_openapi_json, asset_openapi_json_len);
}

/* The try-it page, with the web app's policy (webapp.h): its script and
 * style are files of their own, so no inline script is needed. */
static void page(struct http_resp *resp, const char *content_type, const char *s, size_t n)
{
	text(resp, 200, content_type, s, n);
	resp->headers[0][0] = "X-Content-Type-Options";
	resp->headers[0][1] = "nosniff";
	resp->headers[1][0] = "Content-Security-Policy";
	resp->headers[1][1] = WEBAPP_CSP;
	resp->headers[2][0] = "Cache-Control";
	resp->headers[2][1] = "no-cache";
}

static void get_playground(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	page(resp, "text/html; charset=utf-8", asset_playground_html, asset_playground_html_len);
}

static void get_playground_js(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	page(resp, "text/javascript; charset=utf-8", asset_playground_js, asset_playground_js_len);
}

static void get_playground_css(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	page(resp, "text/css; charset=utf-8", asset_playground_css, asset_playground_css_len);
}

const struct http_route routes_info[] = {
	{ "GET", "/languages", get_languages, HTTP_AUTH_USER, 0 },
	{ "GET", "/languages/all", get_languages_all, HTTP_AUTH_USER, 0 },
	{ "GET", "/languages/:id", get_language, HTTP_AUTH_USER, 0 },
	{ "GET", "/statuses", get_statuses, HTTP_AUTH_USER, 0 },
	{ "GET", "/about", get_about, HTTP_AUTH_USER, 0 },
	{ "GET", "/version", get_version, HTTP_AUTH_USER, 0 },
	{ "GET", "/isolate", get_isolate, HTTP_AUTH_USER, 0 },
	{ "GET", "/license", get_license, HTTP_AUTH_USER, 0 },
	{ "GET", "/system_info", get_system_info, HTTP_AUTH_USER, 0 },
	{ "GET", "/config_info", get_config_info, HTTP_AUTH_USER, 0 },
	{ "GET", "/statistics", get_statistics, HTTP_AUTH_USER, 0 },
	{ "GET", "/workers", get_workers, HTTP_AUTH_USER, 0 },
	{ "POST", "/authenticate", post_session, HTTP_AUTH_USER, 0 },
	{ "POST", "/authorize", post_session, HTTP_AUTH_ADMIN, 0 },
	{ "GET", "/openapi.json", get_openapi, HTTP_AUTH_NONE, 0 },
	{ "GET", "/playground", get_playground, HTTP_AUTH_NONE, 0 },
	{ "GET", "/playground.js", get_playground_js, HTTP_AUTH_NONE, 0 },
	{ "GET", "/playground.css", get_playground_css, HTTP_AUTH_NONE, 0 },
	{ NULL, NULL, NULL, HTTP_AUTH_NONE, 0 },
};
