/* callback.c - PUT finished submissions to their callback_url with
 * libcurl, from one thread fed by a bounded queue (callback.h). */
#define _GNU_SOURCE
#include "callback.h"
#include "store.h"
#include "subm.h"
#include "util.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef PAIRBOX_VERSION
#define PAIRBOX_VERSION "dev"
#endif

/* After callbacks_free() begins, what is queued still gets one try each
 * until this much time has passed. */
#define STOP_GRACE_MS 5000

struct delivery {
	struct delivery *next;
	char token[STORE_TOKEN_LEN + 1];
	char url[];                    /* NUL-terminated */
};

struct callbacks {
	struct callbacks_config cfg;
	struct store *store;           /* borrowed */
	pthread_mutex_t lock;          /* guards the queue and stopping */
	pthread_cond_t wake;           /* queued, or stopping */
	struct delivery *head, *tail;
	size_t queued;
	bool stopping;
	uint64_t stop_deadline_ms;     /* monotonic; set with stopping */
	pthread_t thread;
};

/* What one transfer's socket callback saw. */
struct attempt {
	bool allow_loopback;
	bool refused;
	char refused_addr[INET6_ADDRSTRLEN];
};

static bool v4_refused(const struct in_addr *a)
{
	uint8_t first = (uint8_t)(ntohl(a->s_addr) >> 24);
	/* 127/8 is loopback; 0/8 is "this network", and connecting to
	 * 0.0.0.0 reaches the local host on Linux. */
	return first == 127 || first == 0;
}

bool callbacks_address_refused(const struct sockaddr *sa, socklen_t len, bool allow_loopback)
{
	if (allow_loopback)
		return false;
	if (sa->sa_family == AF_INET && len >= (socklen_t)sizeof(struct sockaddr_in))
		return v4_refused(&((const struct sockaddr_in *)(const void *)sa)->sin_addr);
	if (sa->sa_family == AF_INET6 && len >= (socklen_t)sizeof(struct sockaddr_in6)) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr;
		if (IN6_IS_ADDR_LOOPBACK(a) || IN6_IS_ADDR_UNSPECIFIED(a))
			return true;
		/* ::ffff:127.0.0.1 and the old ::127.0.0.1 carry an IPv4
		 * address: judge that one. */
		if (IN6_IS_ADDR_V4MAPPED(a) || IN6_IS_ADDR_V4COMPAT(a)) {
			struct in_addr v4;
			memcpy(&v4, &a->s6_addr[12], sizeof(v4));
			return v4_refused(&v4);
		}
		return false;
	}
	return true;                   /* no other family is a web server */
}

/* CURLOPT_OPENSOCKETFUNCTION: the one place every connection is made, with
 * the address it is about to reach, resolved already.
 * CALLBACK-LOOPBACK: a callback cannot be aimed at this host's loopback
 * services, by literal, by name, or by a name that re-resolves later. */
static curl_socket_t open_socket(void *clientp, curlsocktype purpose, struct curl_sockaddr *a)
{
	struct attempt *at = clientp;
	if (purpose != CURLSOCKTYPE_IPCXN)
		return CURL_SOCKET_BAD;
	if (callbacks_address_refused(&a->addr, a->addrlen, at->allow_loopback)) {
		at->refused = true;
		const void *raw = a->family == AF_INET6 ? (const void *)&((struct sockaddr_in6 *)(void *)&a->addr)->sin6_addr
							: (const void *)&((struct sockaddr_in *)(void *)&a->addr)->sin_addr;
		if (!inet_ntop(a->family, raw, at->refused_addr, sizeof(at->refused_addr)))
			str_copy(at->refused_addr, sizeof(at->refused_addr), "?");
		return CURL_SOCKET_BAD;
	}
	/* libcurl's own sockets are not close-on-exec; the server forks. */
	return socket(a->family, a->socktype | SOCK_CLOEXEC, a->protocol);
}

static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
	(void)data;
	(void)ctx;
	return size * n;
}

/* The URL's host, for log lines (the whole URL may carry credentials). */
static void url_host(const char *url, char *host, size_t len)
{
	str_copy(host, len, "?");
	CURLU *u = curl_url();
	char *h = NULL;
	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK)
		str_copy(host, len, h);
	curl_free(h);
	curl_url_cleanup(u);
}

enum outcome { SENT, RETRY, GIVE_UP };

/* One PUT. timeout_ms bounds the whole transfer. */
static enum outcome put_once(const struct callbacks *cb, const char *url, const char *body, long timeout_ms,
			     char *why, size_t whylen)
{
	CURL *c = curl_easy_init();
	if (!c) {
		str_copy(why, whylen, "cannot make a libcurl handle");
		return RETRY;
	}
	struct attempt at = { .allow_loopback = cb->cfg.allow_loopback };
	char errbuf[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
	struct curl_slist *h2 = headers ? curl_slist_append(headers, "Expect:") : NULL;  /* no 100-continue round trip */
	if (h2)
		headers = h2;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_PROXY, "");   /* never an environment proxy: it would resolve for us */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L); /* threads: no SIGALRM for DNS timeouts */
	curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &at);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "pairbox/" PAIRBOX_VERSION);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);

	if (at.refused) {
		str_printf(why, whylen, "refused: the target resolves to %s, this host's own address "
			   "(CALLBACKS_ALLOW_LOOPBACK=true allows it)", at.refused_addr);
		return GIVE_UP;
	}
	if (rc == CURLE_OK) {
		if (code >= 500) {
			str_printf(why, whylen, "answered %ld", code);
			return RETRY;
		}
		if (code >= 400)
			str_printf(why, whylen, "answered %ld (not tried again)", code);
		return SENT;
	}
	str_printf(why, whylen, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
	/* What no second try can mend. */
	if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT)
		return GIVE_UP;
	return RETRY;
}

/* The Judge0 body for token's row: default fields, base64. NULL when the
 * row is gone (deleted meanwhile) or cannot be rendered (logged). */
static char *render(struct callbacks *cb, const char *token)
{
	struct store_row row;
	int r = store_get(cb->store, token, &row);
	if (r) {
		if (r != -ENOENT)
			fprintf(stderr, "pairbox: callback %s: cannot read the submission: %s\n", token, strerror(-r));
		return NULL;
	}
	json_t *json = NULL;
	char err[256] = "";
	char *body = NULL;
	if (subm_render(&row, NULL, true, &json, err, sizeof(err)) == 0)
		body = json_dumps(json, JSON_COMPACT);
	else
		fprintf(stderr, "pairbox: callback %s: cannot render the submission: %s\n", token, err);
	json_decref(json);
	store_row_release(&row);
	return body;
}

/* Wait up to ms, or until stopping; true when stopping. Lock held. */
static bool pause_ms(struct callbacks *cb, unsigned ms)
{
	struct timespec until;
	deadline_ms(CLOCK_MONOTONIC, ms, &until);
	while (!cb->stopping)
		if (pthread_cond_timedwait(&cb->wake, &cb->lock, &until) == ETIMEDOUT)
			break;
	return cb->stopping;
}

/* 0 when sent, given up for good, or nothing to send (the row is gone);
 * -ECANCELED when the stop cut its tries short. */
static int deliver(struct callbacks *cb, const struct delivery *d)
{
	char *body = render(cb, d->token);
	if (!body)
		return 0;
	char host[256], why[CURL_ERROR_SIZE + 128] = "";
	url_host(d->url, host, sizeof(host));
	long per_try = (long)(cb->cfg.timeout * 1000.0);
	if (per_try < 1)
		per_try = 1;
	enum outcome o = RETRY;
	bool cut = false;
	for (unsigned t = 1; t <= cb->cfg.max_tries && o == RETRY; t++) {
		pthread_mutex_lock(&cb->lock);
		bool stopping = cb->stopping;
		uint64_t deadline = cb->stop_deadline_ms;
		pthread_mutex_unlock(&cb->lock);
		long limit = per_try;
		if (stopping) {
			/* Shutting down: one try, within what is left of the grace. */
			uint64_t now = now_ms();
			if (t > 1 || now >= deadline) {
				cut = true;
				break;
			}
			if ((long)(deadline - now) < limit)
				limit = (long)(deadline - now);
		}
		o = put_once(cb, d->url, body, limit, why, sizeof(why));
		if ((o == SENT && why[0]) || (o == GIVE_UP && t == 1))
			fprintf(stderr, "pairbox: callback %s to %s: %s\n", d->token, host, why);
		else if (o != SENT)
			fprintf(stderr, "pairbox: callback %s to %s: try %u of %u: %s\n", d->token, host, t,
				cb->cfg.max_tries, why);
		if (o == RETRY && t < cb->cfg.max_tries) {
			/* A short, growing pause: a receiver that is restarting gets a moment. */
			pthread_mutex_lock(&cb->lock);
			bool stop = pause_ms(cb, 500u * t);
			pthread_mutex_unlock(&cb->lock);
			if (stop) {
				cut = true;
				break;
			}
		}
	}
	free(body);
	return cut ? -ECANCELED : 0;
}

static void *callbacks_main(void *arg)
{
	struct callbacks *cb = arg;
	size_t dropped = 0;
	pthread_mutex_lock(&cb->lock);
	for (;;) {
		while (!cb->head && !cb->stopping)
			pthread_cond_wait(&cb->wake, &cb->lock);
		struct delivery *d = cb->head;
		if (!d)
			break;                 /* stopping, nothing left */
		cb->head = d->next;
		if (!cb->head)
			cb->tail = NULL;
		cb->queued--;
		if (cb->stopping && now_ms() >= cb->stop_deadline_ms) {
			dropped++;
			free(d);
			continue;
		}
		pthread_mutex_unlock(&cb->lock);
		deliver(cb, d);      /* cut short or not: this queue is in memory only */
		free(d);
		pthread_mutex_lock(&cb->lock);
	}
	pthread_mutex_unlock(&cb->lock);
	if (dropped)
		fprintf(stderr, "pairbox: %zu callbacks not delivered: the server stopped first\n", dropped);
	return NULL;
}

int callbacks_new(const struct callbacks_config *cfg, struct store *store, struct callbacks **out,
		  char *err, size_t errlen)
{
	*out = NULL;
	/* Before any thread of ours uses libcurl; reference-counted by libcurl. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		str_printf(err, errlen, "cannot initialise libcurl");
		return -EIO;
	}
	struct callbacks *cb = calloc(1, sizeof(*cb));
	if (!cb) {
		curl_global_cleanup();
		str_printf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	cb->cfg = *cfg;
	if (!cb->cfg.queue_max)
		cb->cfg.queue_max = CALLBACKS_QUEUE_DEFAULT;
	cb->store = store;
	pthread_mutex_init(&cb->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cb->wake, &ca);
	pthread_condattr_destroy(&ca);
	/* Judging and serving threads take the signals, not this one. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int r = pthread_create(&cb->thread, NULL, callbacks_main, cb);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r) {
		str_printf(err, errlen, "cannot start the callback thread: %s", strerror(r));
		pthread_cond_destroy(&cb->wake);
		pthread_mutex_destroy(&cb->lock);
		free(cb);
		curl_global_cleanup();
		return -r;
	}
	*out = cb;
	return 0;
}

/* A delivery of token's result to url (malloc'd): 0, -ENOMEM, -EINVAL
 * (token too long). */
static int delivery_new(const char *token, const char *url, struct delivery **out)
{
	size_t n = strlen(url);
	struct delivery *d = malloc(sizeof(*d) + n + 1);
	if (!d)
		return -ENOMEM;
	d->next = NULL;
	if (str_copy(d->token, sizeof(d->token), token)) {
		free(d);
		return -EINVAL;
	}
	memcpy(d->url, url, n + 1);
	*out = d;
	return 0;
}

int callbacks_push(struct callbacks *cb, const char *token, const char *url)
{
	struct delivery *d;
	int r = delivery_new(token, url, &d);
	if (r)
		return r;
	pthread_mutex_lock(&cb->lock);
	if (cb->stopping)
		r = -ESHUTDOWN;
	else if (cb->queued >= cb->cfg.queue_max)
		r = -EAGAIN;
	if (r) {
		pthread_mutex_unlock(&cb->lock);
		free(d);
		return r;
	}
	if (cb->tail)
		cb->tail->next = d;
	else
		cb->head = d;
	cb->tail = d;
	cb->queued++;
	pthread_cond_signal(&cb->wake);
	pthread_mutex_unlock(&cb->lock);
	return 0;
}

int callbacks_send(struct callbacks *cb, const char *token, const char *url)
{
	struct delivery *d;
	int r = delivery_new(token, url, &d);
	if (r)
		return r;
	r = deliver(cb, d);
	free(d);
	return r;
}

void callbacks_stop(struct callbacks *cb)
{
	if (!cb)
		return;
	pthread_mutex_lock(&cb->lock);
	if (!cb->stopping) {
		cb->stopping = true;
		cb->stop_deadline_ms = now_ms() + STOP_GRACE_MS;
	}
	pthread_cond_broadcast(&cb->wake);
	pthread_mutex_unlock(&cb->lock);
}

void callbacks_free(struct callbacks *cb)
{
	if (!cb)
		return;
	callbacks_stop(cb);
	pthread_join(cb->thread, NULL);
	pthread_cond_destroy(&cb->wake);
	pthread_mutex_destroy(&cb->lock);
	free(cb);
	curl_global_cleanup();
}
