/* cli_serve.c - `pairbox serve`: settings, the store, the workers, the
 * HTTP layer; then wait for SIGTERM or SIGINT and shut down in order:
 * stop accepting, let requests in flight and running judgments finish
 * (their results are stored), leave queued submissions In Queue in the
 * store for the next start. Exit 0 after a clean shutdown, 1 when it
 * could not start, 2 on a usage error. */
#define _GNU_SOURCE
#include "cli_serve.h"
#include "accounts.h"
#include "app.h"
#include "bank.h"
#include "cli_node.h"
#include "config.h"
#include "dispatch.h"
#include "hub.h"
#include "invites.h"
#include "matching.h"
#include "ratings.h"
#include "rtc.h"
#include "lang.h"
#include "langinfo.h"
#include "server.h"
#include "session.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int cli_serve_main(int argc, char **argv)
{
	struct app *app = calloc(1, sizeof(*app));
	char err[512] = "";
	int rc = 1;
	struct server *srv = NULL;
	if (!app)
		return 1;
	config_default(&app->cfg);
	app->version = PAIRBOX_VERSION;
	app->started_at = (int64_t)time(NULL);
	int r = config_from_cmdline(&app->cfg, argc, argv, err, sizeof(err));
	if (r == 1) {
		config_usage(stdout);
		rc = 0;
		goto out;
	}
	if (!r)
		r = session_admins_check(app->cfg.admin_users, err, sizeof(err));
	if (!r && app->cfg.database_url[0] && !store_where_is_postgres(app->cfg.database_url))
		r = -EINVAL, str_printf(err, sizeof(err), "--db/DATABASE_URL: not a PostgreSQL URL (postgres://... or "
				       "postgresql://...): %s", app->cfg.database_url);
	if (r) {
		fprintf(stderr, "pairbox serve: %s\n", err);
		rc = 2;
		goto out;
	}
	if (lang_registry_load(NULL, err, sizeof(err))) {
		fprintf(stderr, "pairbox serve: %s\n", err);
		goto out;
	}
	sigset_t stop;
	cli_node_signals(&stop);
	char versions[PATH_MAX];
	if (mkdir_p(app->cfg.state_dir, 0755) == 0 &&
	    !str_printf(versions, sizeof(versions), "%s/versions.json", app->cfg.state_dir))
		langinfo_warm(versions);          /* toolchain versions: cached, or asked in the background */
	else
		langinfo_warm(NULL);
	/* The bank before the workers: rows a crash left pending may be
	 * problem submissions, judged against the problem's tests. */
	char write_dir[PATH_MAX];
	const char *wd = config_problems_write_dir(&app->cfg, write_dir, sizeof(write_dir));
	if (accounts_new(&app->cfg, &app->accounts) || invites_new(&app->cfg, &app->invites)) {
		fprintf(stderr, "pairbox serve: out of memory for the accounts' rate limits\n");
		goto out;
	}
	if (rtc_settings_check(&app->cfg, err, sizeof(err)) ||
	    store_open(app->cfg.database_url[0] ? app->cfg.database_url : app->cfg.data_dir, &app->store, err,
		       sizeof(err)) ||
	    bank_open(app->cfg.problems_dir, wd, app->store, &app->bank, err, sizeof(err)) ||
	    dispatch_new(app, &app->dispatch, err, sizeof(err)) ||
	    hub_new(app, &app->hub, err, sizeof(err)) ||
	    (matchmaker_new(app, &app->matchmaker) && str_printf(err, sizeof(err), "out of memory")) ||
	    (ratings_new(app, &app->ratings) && str_printf(err, sizeof(err), "cannot start the ratings' thread")) ||
	    server_start(app, &srv, err, sizeof(err))) {
		fprintf(stderr, "pairbox serve: %s\n", err);
		goto out;
	}
	struct dispatch_stats ds;
	dispatch_stats(app->dispatch, &ds);
	size_t installed = 0;
	for (size_t i = 0; i < lang_count(); i++)
		installed += lang_at(i)->available;
	fprintf(stderr, "pairbox serve: listening on http://%s:%u (%zu workers, queue %zu, %zu languages, store %s)\n",
		app->cfg.bind, app->cfg.port, ds.workers, ds.queue_max, installed,
		/* Never the URL: it may hold a password. */
		app->cfg.database_url[0] ? "PostgreSQL (DATABASE_URL)" : app->cfg.data_dir);
	int sig = cli_node_wait(&stop);
	fprintf(stderr, "pairbox serve: %s: finishing requests and running judgments\n", strsignal(sig));
	server_quiesce(srv);
	rc = 0;
out:
	if (!rc && srv)
		fprintf(stderr, "pairbox serve: stopped accepting; waiting for work in flight\n");
	server_stop(srv);                     /* requests in flight end (wait=true ones included) */
	ratings_stop(app->ratings);           /* before the hub, which it calls */
	hub_free(app->hub);                   /* after the WebSockets; its log written, its judges let go */
	ratings_free(app->ratings);           /* after the hub, whose committer wakes it */
	matchmaker_free(app->matchmaker);
	dispatch_free(app->dispatch);         /* running judgments end and are stored */
	store_close(app->store);              /* first: its listener calls into the bank */
	bank_free(app->bank);                 /* after the workers: jobs borrow its problems */
	accounts_free(app->accounts);
	invites_free(app->invites);
	config_release(&app->cfg);
	free(app);
	return rc;
}
