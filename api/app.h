/* app.h - what a running server holds; every handler reaches it through
 * req->app. Created by cli_serve.c, freed on shutdown. */
#ifndef PAIRBOX_APP_H
#define PAIRBOX_APP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "config.h"

struct store;
struct dispatch;
struct bank;
struct accounts;
struct hub;
struct matchmaker;
struct invites;
struct ratings;
struct http_route;

struct app_stats {                       /* for /metrics and /statistics */
	atomic_uint_fast64_t requests, responses_4xx, responses_5xx;
	atomic_uint_fast64_t submissions_accepted, submissions_rejected_full;
	atomic_uint_fast64_t verdicts[16];   /* by Judge0 status id */
	atomic_uint_fast64_t latency_buckets[12]; /* submit -> finished, ms: 10,25,50,100,250,500,1k,2.5k,5k,10k,30k,+Inf */
	atomic_uint_fast64_t latency_sum_ms, latency_count;
};

struct app {
	struct config cfg;
	struct store *store;
	struct dispatch *dispatch;
	struct bank *bank;                   /* the problems (bank.h) */
	struct accounts *accounts;           /* the accounts' rate limiters (accounts.h) */
	struct hub *hub;                     /* the rooms (hub.h) */
	struct matchmaker *matchmaker;       /* the waiting room's matching (matching.h) */
	struct invites *invites;             /* the invite links' rate limit (invites.h) */
	struct ratings *ratings;             /* rooms rated as they end (ratings.h) */
	struct app_stats stats;
	int64_t started_at;                  /* unix seconds */
	const char *version;                 /* pairbox's own */
	const char *node_kind;               /* "serve" (NULL) or "worker": what this process is to
	                                        the other nodes of a shared store (dispatch.h) */
	const struct http_route *extra_routes; /* after the server's own tables (http.h); NULL */
};

#endif
