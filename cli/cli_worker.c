/* cli_worker.c - `pairbox worker --db URL [--workers N]`: judge the
 * submissions queued in a shared PostgreSQL store (docs/cluster.md),
 * with no HTTP of its own. Its workers claim jobs under a lease and
 * renew it while they judge; its heartbeat puts it in every API node's
 * GET /workers. On SIGTERM or SIGINT it claims nothing more, lets the
 * running jobs finish and store their results, gives back any it had
 * not started, says goodbye in the registry, and exits 0. Exit 1 when
 * it could not start, 2 on a usage error (as `pairbox serve`). */
#define _GNU_SOURCE
#include "cli_worker.h"
#include "app.h"
#include "bank.h"
#include "cli_node.h"
#include "config.h"
#include "dispatch.h"
#include "lang.h"
#include "langinfo.h"
#include "store.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: pairbox worker --db postgres://... [--workers N] [--box-id N] [--lease S] [--config FILE]\n\n"
		   "Judge the submissions queued in a shared PostgreSQL store (the API nodes are\n"
		   "`pairbox serve --db` with the same URL), until SIGTERM or SIGINT: then the\n"
		   "running judgments finish and are stored. --workers auto (the default) is one\n"
		   "per CPU. The settings are serve's (below): the limits, STATE_DIR, PROBLEMS_DIR\n"
		   "(problem submissions are judged against this machine's copy of the bank).\n\n");
	config_usage(f);
}

int cli_worker_main(int argc, char **argv)
{
	struct app *app = calloc(1, sizeof(*app));
	char err[512] = "";
	int rc = 1;
	if (!app)
		return 1;
	config_default(&app->cfg);
	app->version = PAIRBOX_VERSION;
	app->node_kind = "worker";
	app->started_at = (int64_t)time(NULL);
	int r = config_from_cmdline(&app->cfg, argc, argv, err, sizeof(err));
	if (r == 1) {
		usage(stdout);
		rc = 0;
		goto out;
	}
	if (!r && !store_where_is_postgres(app->cfg.database_url))
		r = -EINVAL, str_printf(err, sizeof(err), "--db/DATABASE_URL: a PostgreSQL URL is needed (postgres://... or "
				       "postgresql://...), the store the API nodes share%s%s",
				       app->cfg.database_url[0] ? ": " : "", app->cfg.database_url);
	if (!r && app->cfg.workers == 0)
		r = -EINVAL, str_printf(err, sizeof(err), "--workers 0: a worker with no workers judges nothing "
				       "(auto: one per CPU)");
	if (r) {
		fprintf(stderr, "pairbox worker: %s\n", err);
		rc = 2;
		goto out;
	}
	if (lang_registry_load(NULL, err, sizeof(err))) {
		fprintf(stderr, "pairbox worker: %s\n", err);
		goto out;
	}
	sigset_t stop;
	cli_node_signals(&stop);
	langinfo_warm(NULL);
	char write_dir[PATH_MAX];
	const char *wd = config_problems_write_dir(&app->cfg, write_dir, sizeof(write_dir));
	if (store_open(app->cfg.database_url, &app->store, err, sizeof(err)) ||
	    bank_open(app->cfg.problems_dir, wd, app->store, &app->bank, err, sizeof(err)) ||
	    dispatch_new(app, &app->dispatch, err, sizeof(err))) {
		fprintf(stderr, "pairbox worker: %s\n", err);
		goto out;
	}
	struct dispatch_node node;
	dispatch_node(app->dispatch, &node);
	fprintf(stderr, "pairbox worker: %s judging with %u workers (lease %us)\n", node.id, node.threads,
		app->cfg.lease_seconds);
	int sig = cli_node_wait(&stop);
	fprintf(stderr, "pairbox worker: %s: finishing running judgments\n", strsignal(sig));
	rc = 0;
out:
	dispatch_free(app->dispatch);         /* running judgments end and are stored; the rest given back */
	if (!rc && app->dispatch)
		fprintf(stderr, "pairbox worker: stopped\n");
	bank_free(app->bank);
	store_close(app->store);
	config_release(&app->cfg);
	free(app);
	return rc;
}
