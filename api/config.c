/* config.c - the server's settings table (config.h): one row per setting,
 * read from flags, a config file and the environment alike. */
#define _GNU_SOURCE
#include "config.h"
#include "box.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#ifndef PAIRBOX_PROBLEMS_DIR
#define PAIRBOX_PROBLEMS_DIR "problems"
#endif
#ifndef PAIRBOX_FRONTEND_DIR
#define PAIRBOX_FRONTEND_DIR "frontend/dist"
#endif

/* CFG_LIST: a comma-separated string whose flag may be given more than
 * once (the values are joined; the flags together replace the file's and
 * the environment's). */
enum cfg_type { CFG_U32, CFG_DOUBLE, CFG_BOOL, CFG_STR, CFG_LIST };

struct cfg_row {
	const char *env;          /* environment / config-file key (Judge0's name where it has one) */
	const char *flag;         /* command-line option without "--", or NULL */
	enum cfg_type type;
	bool info;                /* listed by /config_info (Judge0's key: env lower-cased) */
	size_t offset;
	const char *def;          /* default, in the user's syntax */
	const char *min, *max;    /* numbers: the accepted range, inclusive, in the same syntax */
	const char *help;
};

#define F(x) offsetof(struct config, x)
static const struct cfg_row rows[] = {
	{ "PORT", "port", CFG_U32, false, F(port), "2358", "1", "65535", "TCP port (Judge0's)" },
	{ "BIND", "bind", CFG_STR, false, F(bind), "127.0.0.1", NULL, NULL, "address to listen on" },
	{ "DATA_DIR", "data", CFG_STR, false, F(data_dir), "./data", NULL, NULL, "where the SQLite store lives" },
	{ "DATABASE_URL", "db", CFG_STR, false, F(database_url), "", NULL, NULL, "a PostgreSQL store shared by several nodes (postgres://...; empty: SQLite in DATA_DIR)" },
	{ "COUNT", "workers", CFG_U32, false, F(workers), "auto", "0", "1024",
	  "judging workers (auto: one per CPU; 0: none on a shared --db store, where this node serves only, one per CPU on SQLite)" },
	{ "BOX_FIRST_ID", "box-id", CFG_U32, false, F(box_first_id), "0", "0", "64000",
	  "the first box id the workers try, each taking the next free one upward (ids are exclusive through lock files): servers and workers on one machine may keep to ranges of their own" },
	{ "LEASE_SECONDS", "lease", CFG_U32, false, F(lease_seconds), "30", "2", "3600",
	  "a shared --db store: a claimed job is its worker's this long, renewed while it judges; a worker that dies loses its jobs to the others after it" },
	{ "STATE_DIR", "state-dir", CFG_STR, false, F(state_dir), BOX_STATE_DIR, NULL, NULL, "mountpoint, seccomp and compile caches, work space" },
	{ "PROBLEMS_DIR", "problems-dir", CFG_STR, false, F(problems_dir), PAIRBOX_PROBLEMS_DIR, NULL, NULL, "the problem bank loaded at start (docs/problems.md)" },
	{ "FRONTEND_DIR", "frontend-dir", CFG_STR, false, F(frontend_dir), PAIRBOX_FRONTEND_DIR, NULL, NULL, "the web app's built files, served at / (frontend/README.md)" },
	{ "PROBLEMS_WRITE_DIR", NULL, CFG_STR, false, F(problems_write_dir), "", NULL, NULL, "where problems added at run time are written, and loaded from at start (empty: DATA_DIR/problems)" },
	{ "MAX_BODY_SIZE", "max-body", CFG_U32, false, F(max_body_kb), "16384", "1", "1048576", "largest request body, KB" },
	{ "MAX_CONNECTIONS", NULL, CFG_U32, false, F(max_connections), "256", "1", "65536", "connections served at once" },
	{ "CONNECTION_TIMEOUT", NULL, CFG_U32, false, F(connection_timeout), "60", "0", "86400", "idle connection timeout, seconds (0: none)" },
	{ "WS_MAX_CONNECTIONS", NULL, CFG_U32, false, F(ws_max_connections), "4096", "1", "65536", "WebSocket connections open at once (beside MAX_CONNECTIONS)" },
	{ "WS_MAX_MESSAGE_KB", NULL, CFG_U32, false, F(ws_max_message_kb), "256", "1", "16384", "largest WebSocket message a client may send, KB (1009 past it)" },
	{ "WS_SEND_QUEUE_KB", NULL, CFG_U32, false, F(ws_send_queue_kb), "4096", "64", "1048576", "KB waiting to be sent to one WebSocket peer before it is dropped as too slow" },
	{ "WS_PING_INTERVAL", NULL, CFG_U32, false, F(ws_ping_interval), "20", "1", "3600", "seconds between the server's WebSocket pings" },
	{ "WS_PEER_TIMEOUT", NULL, CFG_U32, false, F(ws_peer_timeout), "60", "2", "86400", "seconds without a byte from a WebSocket peer before it is dropped" },
	{ "WS_RATE", NULL, CFG_U32, false, F(ws_rate), "50", "1", "1000000", "WebSocket messages a second per connection" },
	{ "WS_RATE_BURST", NULL, CFG_U32, false, F(ws_rate_burst), "100", "1", "1000000", "... and the burst above that rate" },
	{ "WS_RATE_CLOSE_AFTER", NULL, CFG_U32, false, F(ws_rate_close_after), "10", "1", "3600", "seconds past the WebSocket rate before the connection is closed (1008)" },
	{ "AUTHN_HEADER", NULL, CFG_STR, false, F(authn_header), "X-Auth-Token", NULL, NULL, "header carrying the authentication token" },
	{ "AUTHN_TOKEN", NULL, CFG_STR, false, F(authn_token), "", NULL, NULL, "tokens allowed to use the API (comma-separated; empty: open)" },
	{ "AUTHZ_HEADER", NULL, CFG_STR, false, F(authz_header), "X-Auth-User", NULL, NULL, "header carrying the authorization token" },
	{ "AUTHZ_TOKEN", NULL, CFG_STR, false, F(authz_token), "", NULL, NULL, "tokens allowed to use privileged endpoints (empty: those are closed)" },
	{ "ALLOW_IP", NULL, CFG_STR, false, F(allow_ip), "", NULL, NULL, "client addresses allowed (comma-separated; empty: all)" },
	{ "DISALLOW_IP", NULL, CFG_STR, false, F(disallow_ip), "", NULL, NULL, "client addresses refused (comma-separated)" },
	{ "ALLOW_ORIGIN", NULL, CFG_STR, false, F(allow_origin), "*", NULL, NULL, "CORS Access-Control-Allow-Origin" },
	{ "ALLOWED_ORIGINS", "allowed-origin", CFG_STR, false, F(allowed_origins), "", NULL, NULL,
	  "origins besides the server's own allowed to change state with a session cookie (comma-separated scheme://host[:port])" },
	{ "BEHIND_TLS", "behind-tls", CFG_BOOL, false, F(behind_tls), "false", NULL, NULL,
	  "the server sits behind a TLS proxy: session cookies are Secure, its own origin is https" },
	{ "SESSION_DAYS", NULL, CFG_U32, false, F(session_days), "30", "1", "3650", "days a login lasts" },
	{ "SIGNUP_PER_HOUR", NULL, CFG_U32, false, F(signup_per_hour), "10", "1", "1000000", "sign-ups per client address an hour" },
	{ "LOGIN_PER_MINUTE", NULL, CFG_U32, false, F(login_per_minute), "30", "1", "1000000", "login attempts per client address a minute" },
	{ "LOGIN_FAILURES", NULL, CFG_U32, false, F(login_failures), "5", "1", "1000000",
	  "failed logins per account in a row, then one a minute" },
	{ "SESSION_PER_MINUTE", NULL, CFG_U32, false, F(session_per_minute), "120", "1", "1000000",
	  "requests a minute per user on the routes that need a session" },
	{ "PHASE_MINUTES", NULL, CFG_STR, false, F(phase_minutes), "intro=5,pseudocode=10,code=30,review=15", NULL, NULL,
	  "a room's phases and their minutes, in order (the driver swaps at the midpoint of \"code\")" },
	{ "ROOM_SNAPSHOT_EVERY", NULL, CFG_U32, false, F(room_snapshot_every), "100", "1", "1000000",
	  "a room's document is snapshotted every this many updates (a load replays at most that many)" },
	{ "RTC_STUN_URLS", NULL, CFG_STR, false, F(rtc_stun_urls), "", NULL, NULL,
	  "STUN servers for the rooms' audio call (comma-separated stun: or stuns: URLs; empty: none, which works on a LAN)" },
	{ "RTC_TURN_URLS", NULL, CFG_STR, false, F(rtc_turn_urls), "", NULL, NULL,
	  "TURN servers for the audio call (comma-separated turn: or turns: URLs), with RTC_TURN_SECRET or a static username and credential" },
	{ "RTC_TURN_USERNAME", NULL, CFG_STR, false, F(rtc_turn_username), "", NULL, NULL,
	  "a static TURN username (given to every logged-in user: prefer RTC_TURN_SECRET)" },
	{ "RTC_TURN_CREDENTIAL", NULL, CFG_STR, false, F(rtc_turn_credential), "", NULL, NULL, "... and its credential" },
	{ "RTC_TURN_SECRET", NULL, CFG_STR, false, F(rtc_turn_secret), "", NULL, NULL,
	  "coturn's static-auth-secret (use-auth-secret): each user gets a credential of its own that expires" },
	{ "RTC_TURN_TTL", NULL, CFG_U32, false, F(rtc_turn_ttl), "86400", "60", "604800",
	  "seconds a TURN credential made from RTC_TURN_SECRET lasts (longer than a call)" },
	{ "INVITE_HOURS", "invite-hours", CFG_DOUBLE, false, F(invite_hours), "24", "0.0001", "720",
	  "hours an invite link to a room stays valid (fractions too: 0.5 is half an hour)" },
	{ "INVITES_OPEN_MAX", "invites-open", CFG_U32, false, F(invites_open_max), "5", "1", "1000",
	  "invite links a user may have open at once (neither used, withdrawn nor expired)" },
	{ "INVITES_PER_HOUR", "invite-rate", CFG_U32, false, F(invites_per_hour), "20", "1", "1000000",
	  "invite links a user may make an hour" },
	{ "ROOM_SPECTATORS_MAX", "spectators", CFG_U32, false, F(room_spectators_max), "20", "1", "1000",
	  "spectator connections one room takes at once" },
	{ "ROOM_CURSOR_LOG_MS", NULL, CFG_U32, false, F(room_cursor_log_ms), "500", "0", "60000",
	  "a participant's cursor is written to the room log (for the replay) at most once per this many ms, its last position always (0: never)" },
	{ "REPLAY_PER_MINUTE", NULL, CFG_U32, false, F(replay_per_minute), "30", "1", "1000000",
	  "room replays (GET /api/v1/rooms/:id/replay, each page) a user may ask for a minute" },
	{ "ADMIN_USERS", "admin", CFG_LIST, false, F(admin_users), "", NULL, NULL,
	  "usernames of the server's admins, who may read every room's replay (comma-separated; the flag may be repeated)" },
	{ "FEEDBACK_EDIT_HOURS", NULL, CFG_DOUBLE, false, F(feedback_edit_hours), "24", "0.001", "8760",
	  "hours after a room ends during which its participants may give and edit feedback" },
	{ "LEADERBOARD_PUBLIC", NULL, CFG_BOOL, false, F(leaderboard_public), "true", NULL, NULL,
	  "anyone may read the leaderboards (false: only logged-in users)" },
	{ "LEADERBOARD_PER_MINUTE", NULL, CFG_U32, false, F(leaderboard_per_minute), "60", "1", "1000000",
	  "leaderboard requests a minute per client address without a session" },
	{ "LEADERBOARD_ORG_MIN_MEMBERS", NULL, CFG_U32, false, F(leaderboard_org_min_members), "3", "1", "1000000",
	  "rated members an organisation needs to be ranked" },
	{ "CALLBACKS_ALLOW_LOOPBACK", NULL, CFG_BOOL, false, F(callbacks_allow_loopback), "false", NULL, NULL, "allow callback_url on this machine's loopback" },
	{ "MAINTENANCE_MODE", NULL, CFG_BOOL, true, F(maintenance_mode), "false", NULL, NULL, "refuse new submissions" },
	{ "ENABLE_WAIT_RESULT", NULL, CFG_BOOL, true, F(enable_wait_result), "true", NULL, NULL, "allow wait=true" },
	{ "ENABLE_COMPILER_OPTIONS", NULL, CFG_BOOL, true, F(enable_compiler_options), "true", NULL, NULL, "allow compiler_options" },
	{ "ALLOWED_LANGUAGES_FOR_COMPILE_OPTIONS", NULL, CFG_STR, true, F(allowed_languages_for_compile_options), "", NULL, NULL,
	  "language names allowed compiler_options (space-separated; empty: all)" },
	/* Judge0 reads the variable under this name; /config_info says "compile". */
	{ "ALLOWED_LANGUAGES_FOR_COMPILER_OPTIONS", NULL, CFG_STR, false, F(allowed_languages_for_compile_options), "", NULL, NULL,
	  "the same as ALLOWED_LANGUAGES_FOR_COMPILE_OPTIONS (Judge0's environment name)" },
	{ "ENABLE_COMMAND_LINE_ARGUMENTS", NULL, CFG_BOOL, true, F(enable_command_line_arguments), "true", NULL, NULL, "allow command_line_arguments" },
	{ "ENABLE_SUBMISSION_DELETE", NULL, CFG_BOOL, true, F(enable_submission_delete), "false", NULL, NULL, "allow DELETE /submissions/:token" },
	{ "ENABLE_CALLBACKS", NULL, CFG_BOOL, true, F(enable_callbacks), "true", NULL, NULL, "allow callback_url" },
	{ "CALLBACKS_MAX_TRIES", NULL, CFG_U32, true, F(callbacks_max_tries), "3", "1", "100", "tries per callback" },
	{ "CALLBACKS_TIMEOUT", NULL, CFG_DOUBLE, true, F(callbacks_timeout), "5", "0.1", "3600", "seconds per callback try" },
	{ "ENABLE_ADDITIONAL_FILES", NULL, CFG_BOOL, true, F(enable_additional_files), "true", NULL, NULL, "allow additional_files" },
	{ "MAX_QUEUE_SIZE", NULL, CFG_U32, true, F(max_queue_size), "100", "1", "1000000", "submissions waiting at most (then 503)" },
	{ "CPU_TIME_LIMIT", NULL, CFG_DOUBLE, true, F(cpu_time_limit), "5", "0", "86400", "default CPU time limit, seconds" },
	{ "MAX_CPU_TIME_LIMIT", NULL, CFG_DOUBLE, true, F(max_cpu_time_limit), "15", "0", "86400", "largest CPU time limit a submission may ask" },
	{ "CPU_EXTRA_TIME", NULL, CFG_DOUBLE, true, F(cpu_extra_time), "1", "0", "3600", "default extra CPU time before the kill" },
	{ "MAX_CPU_EXTRA_TIME", NULL, CFG_DOUBLE, true, F(max_cpu_extra_time), "5", "0", "3600", "largest cpu_extra_time" },
	{ "WALL_TIME_LIMIT", NULL, CFG_DOUBLE, true, F(wall_time_limit), "10", "0", "86400", "default wall time limit, seconds" },
	{ "MAX_WALL_TIME_LIMIT", NULL, CFG_DOUBLE, true, F(max_wall_time_limit), "20", "0", "86400", "largest wall_time_limit" },
	{ "MEMORY_LIMIT", NULL, CFG_U32, true, F(memory_limit), "128000", "0", "1073741824", "default memory limit, KB" },
	{ "MAX_MEMORY_LIMIT", NULL, CFG_U32, true, F(max_memory_limit), "512000", "0", "1073741824", "largest memory_limit" },
	{ "STACK_LIMIT", NULL, CFG_U32, true, F(stack_limit), "64000", "0", "1073741824", "default stack limit, KB" },
	{ "MAX_STACK_LIMIT", NULL, CFG_U32, true, F(max_stack_limit), "128000", "0", "1073741824", "largest stack_limit" },
	{ "MAX_PROCESSES_AND_OR_THREADS", NULL, CFG_U32, true, F(max_processes_and_or_threads), "60", "1", "65536", "default processes and threads" },
	{ "MAX_MAX_PROCESSES_AND_OR_THREADS", NULL, CFG_U32, true, F(max_max_processes_and_or_threads), "120", "1", "65536", "largest max_processes_and_or_threads" },
	{ "ENABLE_PER_PROCESS_AND_THREAD_TIME_LIMIT", NULL, CFG_BOOL, true, F(enable_per_process_and_thread_time_limit), "false", NULL, NULL, "default of the per-process time toggle" },
	{ "ALLOW_ENABLE_PER_PROCESS_AND_THREAD_TIME_LIMIT", NULL, CFG_BOOL, true, F(allow_enable_per_process_and_thread_time_limit), "true", NULL, NULL, "may a submission set it" },
	{ "ENABLE_PER_PROCESS_AND_THREAD_MEMORY_LIMIT", NULL, CFG_BOOL, true, F(enable_per_process_and_thread_memory_limit), "false", NULL, NULL, "default of the per-process memory toggle" },
	{ "ALLOW_ENABLE_PER_PROCESS_AND_THREAD_MEMORY_LIMIT", NULL, CFG_BOOL, true, F(allow_enable_per_process_and_thread_memory_limit), "true", NULL, NULL, "may a submission set it" },
	{ "MAX_FILE_SIZE", NULL, CFG_U32, true, F(max_file_size), "1024", "0", "1073741824", "default largest file a program writes, KB" },
	{ "MAX_MAX_FILE_SIZE", NULL, CFG_U32, true, F(max_max_file_size), "4096", "0", "1073741824", "largest max_file_size" },
	{ "NUMBER_OF_RUNS", NULL, CFG_U32, true, F(number_of_runs), "1", "1", "100", "default number_of_runs" },
	{ "MAX_NUMBER_OF_RUNS", NULL, CFG_U32, true, F(max_number_of_runs), "20", "1", "100", "largest number_of_runs" },
	{ "REDIRECT_STDERR_TO_STDOUT", NULL, CFG_BOOL, true, F(redirect_stderr_to_stdout), "false", NULL, NULL, "default of redirect_stderr_to_stdout" },
	{ "MAX_EXTRACT_SIZE", NULL, CFG_U32, true, F(max_extract_size), "10240", "1", "1048576", "largest unzipped additional_files, KB" },
	{ "ENABLE_BATCHED_SUBMISSIONS", NULL, CFG_BOOL, true, F(enable_batched_submissions), "true", NULL, NULL, "allow /submissions/batch" },
	{ "MAX_SUBMISSION_BATCH_SIZE", NULL, CFG_U32, true, F(max_submission_batch_size), "20", "1", "1000", "submissions per batch" },
	{ "SUBMISSION_CACHE_DURATION", NULL, CFG_DOUBLE, true, F(submission_cache_duration), "1", "0", "86400", "seconds a GET may be cached" },
	{ "USE_DOCS_AS_HOMEPAGE", NULL, CFG_BOOL, true, F(use_docs_as_homepage), "false", NULL, NULL, "serve the docs at /" },
	/* Off, unlike Judge0: a box on the host's network reaches this server's
	 * own API and every service on the machine's loopback. */
	{ "ALLOW_ENABLE_NETWORK", NULL, CFG_BOOL, true, F(allow_enable_network), "false", NULL, NULL, "may a submission enable the network (Judge0: true)" },
	{ "ENABLE_NETWORK", NULL, CFG_BOOL, true, F(enable_network), "false", NULL, NULL, "default of enable_network" },
	{ NULL, NULL, 0, false, 0, NULL, NULL, NULL, NULL },
};
#undef F

/* A number as the row reads it; its range is read the same way. U32 rows
 * are exact in a double. */
static int row_number(const struct cfg_row *r, const char *s, double *v)
{
	/* A number whose default is "auto" takes that word too. */
	if (r->type == CFG_U32 && !strcmp(r->def, "auto") && !strcasecmp(s, "auto")) {
		*v = CONFIG_AUTO;
		return 0;
	}
	if (r->type == CFG_U32) {
		uint32_t u;
		int e = parse_u32(s, &u);
		*v = u;
		return e;
	}
	char *end;
	errno = 0;
	double d = strtod(s, &end);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || end == s || *end || !isfinite(d))
		return -EINVAL;
	*v = d;
	return 0;
}

static bool in_range(const struct cfg_row *r, double v)
{
	double b;
	return !(r->min && (row_number(r, r->min, &b) || v < b)) && !(r->max && (row_number(r, r->max, &b) || v > b));
}

/* 0, -EINVAL for a value that does not parse, -ERANGE for one outside the
 * row's range; the setting keeps its value on failure. */
static int set_row(struct config *c, const struct cfg_row *r, const char *val)
{
	char *field = (char *)c + r->offset;
	switch (r->type) {
	case CFG_U32:
	case CFG_DOUBLE: {
		double d;
		int e = row_number(r, val, &d);
		if (!e && d != CONFIG_AUTO && !in_range(r, d))
			e = -ERANGE;
		if (e)
			return e;
		if (r->type == CFG_U32)
			*(uint32_t *)(void *)field = (uint32_t)d;
		else
			*(double *)(void *)field = d;
		return 0;
	}
	case CFG_BOOL:
		if (!strcasecmp(val, "true") || !strcmp(val, "1") || !strcasecmp(val, "yes") || !strcasecmp(val, "on"))
			*(bool *)(void *)field = true;
		else if (!strcasecmp(val, "false") || !strcmp(val, "0") || !strcasecmp(val, "no") || !strcasecmp(val, "off"))
			*(bool *)(void *)field = false;
		else
			return -EINVAL;
		return 0;
	case CFG_STR:
	case CFG_LIST: {
		if (c->nowned == sizeof(c->owned) / sizeof(c->owned[0]))
			return -E2BIG;
		char *s = strdup(val);
		if (!s)
			return -ENOMEM;
		c->owned[c->nowned++] = s;
		*(const char **)(void *)field = s;
		return 0;
	}
	}
	return -EINVAL;
}

/* Why a value was refused, naming the setting: "PORT=70000 is out of
 * range (1 to 65535)". The caller says where the value came from. */
static void row_error(const struct cfg_row *r, const char *val, int e, char *buf, size_t len)
{
	if (e == -ERANGE)
		str_printf(buf, len, "%s=%s is out of range (%s to %s)", r->env, val, r->min ? r->min : "0",
			   r->max ? r->max : "4294967295");
	else
		str_printf(buf, len, "%s=%s: %s", r->env, val, r->type == CFG_BOOL ? "true or false expected"
			   : r->type == CFG_STR || r->type == CFG_LIST ? strerror(-e) : "not a number");
}

void config_default(struct config *c)
{
	memset(c, 0, sizeof(*c));
	for (const struct cfg_row *r = rows; r->env; r++) {
		if (r->type == CFG_STR || r->type == CFG_LIST)
			*(const char **)(void *)((char *)c + r->offset) = r->def;   /* static, not owned */
		else
			set_row(c, r, r->def);
	}
}

void config_release(struct config *c)
{
	for (unsigned i = 0; i < c->nowned; i++)
		free(c->owned[i]);
	c->nowned = 0;
}

static const struct cfg_row *by_env(const char *key)
{
	for (const struct cfg_row *r = rows; r->env; r++)
		if (!strcmp(r->env, key))
			return r;
	return NULL;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"') || (s[0] == '\'' && s[n - 1] == '\''))) {
		s[n - 1] = '\0';
		s++;
	}
	return s;
}

int config_load(struct config *c, const char *file, char *err, size_t errlen)
{
	if (file) {
		char *text = NULL;
		int r = read_file(file, 1 << 20, &text, NULL);
		if (r) {
			str_printf(err, errlen, "config file %s: %s", file, strerror(-r));
			return r;
		}
		unsigned line = 0;
		for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			line++;
			char *s = trim(l);
			if (!*s || *s == '#')
				continue;
			char *eq = strchr(s, '=');
			if (!eq) {
				str_printf(err, errlen, "%s:%u: expected KEY=VALUE", file, line);
				free(text);
				return -EINVAL;
			}
			*eq = '\0';
			char *key = trim(s), *val = trim(eq + 1);
			const struct cfg_row *row = by_env(key);
			int e = row ? set_row(c, row, val) : 0;
			if (!row || e) {
				char why[256];
				if (row)
					row_error(row, val, e, why, sizeof(why));
				else
					str_printf(why, sizeof(why), "%s is not a setting", key);
				str_printf(err, errlen, "%s:%u: %s", file, line, why);
				free(text);
				return -EINVAL;
			}
		}
		free(text);
	}
	for (const struct cfg_row *row = rows; row->env; row++) {
		const char *v = getenv(row->env);
		int e = v && *v ? set_row(c, row, v) : 0;
		if (e) {
			char why[256];
			row_error(row, v, e, why, sizeof(why));
			str_printf(err, errlen, "environment: %s", why);
			return -EINVAL;
		}
	}
	return 0;
}

/* A list flag given again: its value after the one before, comma-joined
 * (malloc'd, NULL on ENOMEM). */
static char *list_join(const struct config *c, const struct cfg_row *r, const char *val)
{
	const char *old = *(const char *const *)(const void *)((const char *)c + r->offset);
	size_t a = strlen(old), b = strlen(val);
	char *s = malloc(a + b + 2);
	if (s) {
		memcpy(s, old, a);
		s[a] = ',';
		memcpy(s + a + 1, val, b + 1);
	}
	return s;
}

int config_parse_args(struct config *c, int argc, char **argv, char *err, size_t errlen)
{
	bool given[sizeof(rows) / sizeof(rows[0])] = { false };
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h"))
			return 1;
		if (strncmp(a, "--", 2) != 0) {
			str_printf(err, errlen, "unexpected argument '%s'", a);
			return -EINVAL;
		}
		const char *name = a + 2, *val = strchr(name, '=');
		size_t n = val ? (size_t)(val - name) : strlen(name);
		if (n == 6 && !strncmp(name, "config", 6)) {      /* read by cli_serve first */
			if (!val && ++i >= argc) {
				str_printf(err, errlen, "--config needs a value");
				return -EINVAL;
			}
			continue;
		}
		const struct cfg_row *row = NULL;
		for (const struct cfg_row *r = rows; r->env && !row; r++)
			if (r->flag && strlen(r->flag) == n && !strncmp(r->flag, name, n))
				row = r;
		if (!row) {
			str_printf(err, errlen, "unknown option --%.*s", (int)n, name);
			return -EINVAL;
		}
		if (val)
			val++;
		else if (row->type == CFG_BOOL && (i + 1 >= argc || !strncmp(argv[i + 1], "--", 2)))
			val = "true";     /* a switch alone: --behind-tls */
		else if (++i < argc)
			val = argv[i];
		else {
			str_printf(err, errlen, "--%s needs a value", row->flag);
			return -EINVAL;
		}
		char *joined = NULL;
		if (row->type == CFG_LIST && given[row - rows] && !(val = joined = list_join(c, row, val))) {
			str_printf(err, errlen, "--%s: out of memory", row->flag);
			return -ENOMEM;
		}
		given[row - rows] = true;
		int e = set_row(c, row, val);
		if (e) {
			char why[256];
			row_error(row, val, e, why, sizeof(why));
			str_printf(err, errlen, "--%s: %s", row->flag, why);
		}
		free(joined);
		if (e)
			return -EINVAL;
	}
	return 0;
}

/* ", 1 to 65535" after a number's default; "" for the others. */
static const char *range_text(const struct cfg_row *r, char *buf, size_t len)
{
	if (!r->min || !r->max || str_printf(buf, len, ", %s to %s", r->min, r->max))
		buf[0] = '\0';
	return buf;
}

/* --config FILE is read before the environment and the other flags. */
static const char *config_file(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--config") && i + 1 < argc)
			return argv[i + 1];
		if (!strncmp(argv[i], "--config=", 9))
			return argv[i] + 9;
	}
	return NULL;
}

int config_from_cmdline(struct config *c, int argc, char **argv, char *err, size_t errlen)
{
	int r = config_load(c, config_file(argc, argv), err, errlen);
	return r ? r : config_parse_args(c, argc, argv, err, errlen);
}

const char *config_problems_write_dir(const struct config *c, char *buf, size_t len)
{
	if (!c->problems_write_dir[0] && str_printf(buf, len, "%s/problems", c->data_dir) == 0)
		return buf;
	return c->problems_write_dir;
}

void config_usage(FILE *f)
{
	fprintf(f, "usage: pairbox serve [--port N] [--bind ADDR] [--data DIR] [--workers N] [--config FILE]\n\n"
		   "Serve the Judge0-compatible API and pairbox's own (/api/v1).\n\nOptions:\n");
	char range[64];
	for (const struct cfg_row *r = rows; r->env; r++)
		if (r->flag)
			fprintf(f, "  --%-12s %s (default %s%s; env %s)\n", r->flag, r->help, r->def[0] ? r->def : "\"\"",
				range_text(r, range, sizeof(range)), r->env);
	fprintf(f, "  --%-12s KEY=VALUE lines with the environment names below\n", "config FILE");
	fprintf(f, "\nEvery setting also comes from the config file and the environment\n"
		   "(defaults < file < environment < flags):\n");
	for (const struct cfg_row *r = rows; r->env; r++)
		if (!r->flag)
			fprintf(f, "  %-48s %s (default %s%s)\n", r->env, r->help, r->def[0] ? r->def : "\"\"",
				range_text(r, range, sizeof(range)));
}

json_t *config_info_json(const struct config *c)
{
	json_t *o = json_object();
	char key[64];
	for (const struct cfg_row *r = rows; r->env; r++) {
		if (!r->info)
			continue;
		size_t i = 0;
		for (; r->env[i] && i + 1 < sizeof(key); i++)
			key[i] = (char)(r->env[i] >= 'A' && r->env[i] <= 'Z' ? r->env[i] + 32 : r->env[i]);
		key[i] = '\0';
		const char *field = (const char *)c + r->offset;
		json_t *v = NULL;
		switch (r->type) {
		case CFG_U32:
			v = json_integer(*(const uint32_t *)(const void *)field);
			break;
		case CFG_DOUBLE:
			v = json_real(*(const double *)(const void *)field);
			break;
		case CFG_BOOL:
			v = json_boolean(*(const bool *)(const void *)field);
			break;
		case CFG_STR:
		case CFG_LIST: {
			/* Judge0 lists the languages allowed compiler options as an array. */
			v = json_array();
			char *copy = strdup(*(const char *const *)(const void *)field);
			for (char *save = NULL, *t = copy ? strtok_r(copy, " ,", &save) : NULL; t; t = strtok_r(NULL, " ,", &save))
				json_array_append_new(v, json_string(t));
			free(copy);
			break;
		}
		}
		json_object_set_new(o, key, v);
	}
	return o;
}
