/* config.h - every server setting in one table: the command line
 * (--port), the config file (KEY=VALUE lines, Judge0's judge0.conf style)
 * and the environment (Judge0's variable names: CPU_TIME_LIMIT,
 * AUTHN_TOKEN, ...). Precedence: defaults < config file < environment <
 * command line. Defaults are Judge0 CE 1.13.1's (its config/judge0.rb). */
#ifndef PAIRBOX_CONFIG_H
#define PAIRBOX_CONFIG_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define CONFIG_AUTO UINT32_MAX          /* a number set to "auto" (COUNT) */

struct config {
	/* Strings (borrowed defaults, or owned[] after loading). */
	const char *bind;              /* BIND / --bind, 127.0.0.1 */
	const char *data_dir;          /* DATA_DIR / --data, ./data */
	const char *database_url;      /* DATABASE_URL / --db, "" = SQLite in data_dir */
	const char *state_dir;         /* STATE_DIR, /run/pairbox */
	const char *authn_header;      /* AUTHN_HEADER, X-Auth-Token */
	const char *authn_token;       /* AUTHN_TOKEN, "" = off; comma-separated */
	const char *authz_header;      /* AUTHZ_HEADER, X-Auth-User */
	const char *authz_token;       /* AUTHZ_TOKEN, "" = off */
	const char *allow_ip;          /* ALLOW_IP, comma-separated, "" = all */
	const char *disallow_ip;       /* DISALLOW_IP */
	const char *allow_origin;      /* ALLOW_ORIGIN, "*" (CORS) */
	const char *allowed_origins;   /* ALLOWED_ORIGINS / --allowed-origin: origins besides the
	                                  server's own that may change state with a session cookie */
	const char *allowed_languages_for_compile_options;  /* space-separated names, "" = all */
	const char *problems_dir;      /* PROBLEMS_DIR / --problems-dir, the source tree's problems/ */
	const char *frontend_dir;      /* FRONTEND_DIR / --frontend-dir, the source tree's frontend/dist */
	const char *problems_write_dir;/* PROBLEMS_WRITE_DIR, "" = DATA_DIR/problems (run-time additions) */
	/* Seconds (Judge0 1.13.1's /config_info keys, same names lower-cased). */
	double callbacks_timeout;
	double cpu_time_limit, max_cpu_time_limit, cpu_extra_time, max_cpu_extra_time;
	double wall_time_limit, max_wall_time_limit, submission_cache_duration;
	/* Numbers. */
	uint32_t port;                 /* PORT / --port, 2358 */
	uint32_t workers;              /* COUNT / --workers: CONFIG_AUTO = one per CPU; 0 = none on a
	                                  shared store (serve only), one per CPU on SQLite */
	uint32_t box_first_id;         /* BOX_FIRST_ID / --box-id, 0: the workers' first box id */
	uint32_t lease_seconds;        /* LEASE_SECONDS / --lease, 30: a claimed job's lease */
	uint32_t max_body_kb;          /* MAX_BODY_SIZE, 16384 (KB) */
	uint32_t max_connections;      /* MAX_CONNECTIONS, 256 */
	uint32_t connection_timeout;   /* CONNECTION_TIMEOUT, 60 s */
	/* The WebSocket transport (docs/realtime.md "Transport"). */
	uint32_t ws_max_connections;   /* WS_MAX_CONNECTIONS, 4096 */
	uint32_t ws_max_message_kb;    /* WS_MAX_MESSAGE_KB, 256 */
	uint32_t ws_send_queue_kb;     /* WS_SEND_QUEUE_KB, 4096 */
	uint32_t ws_ping_interval;     /* WS_PING_INTERVAL, 20 s */
	uint32_t ws_peer_timeout;      /* WS_PEER_TIMEOUT, 60 s */
	uint32_t ws_rate, ws_rate_burst;  /* WS_RATE 50 a second, WS_RATE_BURST 100 */
	uint32_t ws_rate_close_after;  /* WS_RATE_CLOSE_AFTER, 10 s */
	uint32_t callbacks_max_tries, max_queue_size;
	uint32_t memory_limit, max_memory_limit, stack_limit, max_stack_limit;
	uint32_t max_processes_and_or_threads, max_max_processes_and_or_threads;
	uint32_t max_file_size, max_max_file_size, number_of_runs, max_number_of_runs;
	uint32_t max_extract_size, max_submission_batch_size;
	/* Accounts (docs/platform.md). */
	uint32_t session_days;         /* SESSION_DAYS, 30 */
	uint32_t signup_per_hour;      /* SIGNUP_PER_HOUR, 10 per client address */
	uint32_t login_per_minute;     /* LOGIN_PER_MINUTE, 30 per client address */
	uint32_t login_failures;       /* LOGIN_FAILURES, 5 per account, then one a minute */
	/* The rooms (docs/platform.md "Rooms"). */
	const char *phase_minutes;     /* PHASE_MINUTES, intro=5,pseudocode=10,code=30,review=15 */
	uint32_t room_snapshot_every;  /* ROOM_SNAPSHOT_EVERY, 100 updates */
	uint32_t session_per_minute;   /* SESSION_PER_MINUTE, 120 per user */
	/* The rooms' audio call: ICE servers for GET /api/v1/rtc-config
	 * (docs/platform.md "Audio call"; api/rtc.h checks them at start). */
	const char *rtc_stun_urls;     /* RTC_STUN_URLS, "" (comma-separated stun: / stuns: URLs) */
	const char *rtc_turn_urls;     /* RTC_TURN_URLS, "" (turn: / turns: URLs) */
	const char *rtc_turn_username; /* RTC_TURN_USERNAME, "": static TURN credentials ... */
	const char *rtc_turn_credential; /* RTC_TURN_CREDENTIAL, "" */
	const char *rtc_turn_secret;   /* RTC_TURN_SECRET, "": ... or coturn's static-auth-secret */
	uint32_t rtc_turn_ttl;         /* RTC_TURN_TTL, 86400 s: how long a secret's credential lasts */
	/* Invites and spectators (docs/platform.md "Invites", "Spectators"). */
	double invite_hours;           /* INVITE_HOURS, 24 */
	uint32_t invites_open_max;     /* INVITES_OPEN_MAX, 5 per user */
	uint32_t invites_per_hour;     /* INVITES_PER_HOUR, 20 per user */
	uint32_t room_spectators_max;  /* ROOM_SPECTATORS_MAX, 20 connections per room */
	uint32_t room_cursor_log_ms;   /* ROOM_CURSOR_LOG_MS, 500: a cursor logged per user at most this often */
	/* The replay and the admins (docs/platform.md "Replay"). */
	uint32_t replay_per_minute;    /* REPLAY_PER_MINUTE, 30 per user */
	const char *admin_users;       /* ADMIN_USERS / --admin (repeatable): comma-separated usernames */
	/* Feedback, ratings, leaderboards (docs/ratings.md). */
	double feedback_edit_hours;    /* FEEDBACK_EDIT_HOURS, 24 */
	bool leaderboard_public;       /* LEADERBOARD_PUBLIC, true */
	uint32_t leaderboard_per_minute;      /* LEADERBOARD_PER_MINUTE, 60 per address without a session */
	uint32_t leaderboard_org_min_members; /* LEADERBOARD_ORG_MIN_MEMBERS, 3 */
	/* Switches. */
	bool callbacks_allow_loopback; /* CALLBACKS_ALLOW_LOOPBACK, false */
	bool maintenance_mode, enable_wait_result, enable_compiler_options;
	bool enable_command_line_arguments, enable_submission_delete, enable_callbacks;
	bool enable_additional_files;
	bool enable_per_process_and_thread_time_limit, allow_enable_per_process_and_thread_time_limit;
	bool enable_per_process_and_thread_memory_limit, allow_enable_per_process_and_thread_memory_limit;
	bool redirect_stderr_to_stdout, enable_batched_submissions;
	bool use_docs_as_homepage, allow_enable_network, enable_network;
	bool behind_tls;               /* BEHIND_TLS / --behind-tls: cookies get Secure, origins https */
	unsigned nowned;
	char *owned[64];               /* strings the loader allocated */
};

void config_default(struct config *c);
void config_release(struct config *c);

/* Apply a config file (KEY=VALUE per line, # comments, keys as the
 * environment names), then the environment. 0 or -errno; err names the
 * file, line and key. */
int config_load(struct config *c, const char *file, char *err, size_t errlen);
/* Apply command-line options (argv[1..]); returns 0, 1 for --help, or
 * -EINVAL with err naming the option. */
int config_parse_args(struct config *c, int argc, char **argv, char *err, size_t errlen);
/* A node's settings from its command line: the file of --config FILE (or
 * --config=FILE), then the environment, then the other flags. 0, 1 for
 * --help, or -errno with err saying why. */
int config_from_cmdline(struct config *c, int argc, char **argv, char *err, size_t errlen);
void config_usage(FILE *f);
/* Where problems added at run time go: PROBLEMS_WRITE_DIR, else
 * DATA_DIR/problems written into buf (PROBLEMS_WRITE_DIR's "" when it
 * does not fit). */
const char *config_problems_write_dir(const struct config *c, char *buf, size_t len);

/* Judge0's /config_info object: every key, Judge0's types. New ref. */
json_t *config_info_json(const struct config *c);

#endif
