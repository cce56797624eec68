/* store_driver.h - what a store driver implements: the ops table behind
 * store.h (the shape of runner/cgroup.h's cg_ops). store.c owns the
 * public verbs, their argument rules and paging; a driver owns one
 * database: its connection(s), schema and migrations, locking and SQL.
 * Callers never see which driver they have.
 *
 * A driver's struct starts with a struct store whose ops point at its
 * table, so store.c can reach the ops from any struct store *:
 *
 *   struct my_store { struct store base; ...the driver's own... };
 *
 * Every op is required and thread-safe (callers use one store from any
 * thread; the driver serialises or pools as it likes). Returns as in
 * store.h; arguments arrive checked by store.c (rows non-empty, paging
 * turned into offset and limit). Each driver keeps store.h's promises:
 * a committed row survives a crash, finish() sets a result once, a batch
 * is all or none, one server owns a store at a time.
 *
 * Drivers: SQLite (sqlite.c, a file in the data directory) and
 * PostgreSQL (pg.c, over libpq, shared by several nodes). */
#ifndef PAIRBOX_STORE_DRIVER_H
#define PAIRBOX_STORE_DRIVER_H

#include "store.h"

/* The rooms' ops, as store_rooms.h's verbs (out arguments arrive zeroed;
 * store.c checks nothing more for them). */
struct store_room_ops {
	int (*lobby_put)(struct store *s, const struct store_lobby_entry *e);
	int (*lobby_poll)(struct store *s, int64_t user_id, int64_t now_ms, struct store_lobby_entry *out);
	int (*lobby_delete)(struct store *s, int64_t user_id);
	int (*lobby_match)(struct store *s, int64_t now_ms, const struct store_matcher *m);
	int (*create)(struct store *s, const struct store_room *r);
	int (*get)(struct store *s, const char *id, struct store_room *out);
	int (*of_user)(struct store *s, int64_t user_id, size_t limit, struct store_room **out, size_t *n);
	int (*write)(struct store *s, const struct store_room_batch *b);
	int (*log)(struct store *s, const char *room, int64_t after_seq, size_t limit, struct store_room_event **out,
		   size_t *n);
	int (*updates)(struct store *s, const char *room, int64_t after_version, size_t limit,
		       struct store_room_event **out, size_t *n);
	int (*state_log)(struct store *s, const char *room, size_t limit, struct store_room_event **out, size_t *n);
	int (*kind_tail)(struct store *s, const char *room, const char *kind, size_t limit,
			 struct store_room_event **out, size_t *n);
	int (*tail)(struct store *s, const char *room, int64_t *seq, int64_t *version);
	int (*snapshot_get)(struct store *s, const char *room, int64_t *version, uint16_t **units, size_t *n);
};

/* Invites and spectators' ops, as store_invites.h's verbs (out arguments
 * arrive zeroed). */
struct store_invite_ops {
	int (*room_create)(struct store *s, const struct store_room *r, const struct store_invite *inv, unsigned open_max,
			   int64_t now_ms);
	int (*renew)(struct store *s, const struct store_invite *inv, unsigned open_max, int64_t now_ms);
	int (*get)(struct store *s, const unsigned char hash[STORE_LINK_HASH], struct store_invite *out);
	int (*of_room)(struct store *s, const char *room, struct store_invite *out);
	int (*accept)(struct store *s, const unsigned char hash[STORE_LINK_HASH], int64_t user_id, int64_t now_ms,
		      int (*first_driver)(int64_t, int64_t), struct store_invite *out);
	int (*room_delete)(struct store *s, const char *room, int64_t user_id);
	int (*problems_had)(struct store *s, int64_t user_id, char ***out, size_t *n);
	int (*watch_set)(struct store *s, const char *room, int64_t user_id, bool allow, struct store_watch *out);
	int (*watch_get)(struct store *s, const char *room, struct store_watch *out);
	int (*link_add)(struct store *s, const char *room, const unsigned char hash[STORE_LINK_HASH], int64_t user_id,
			int64_t now_ms, unsigned max);
	int (*link_room)(struct store *s, const unsigned char hash[STORE_LINK_HASH], char room[STORE_ROOM_ID_LEN + 1]);
};

/* The feedback, ratings and leaderboards' ops, as store_ratings.h's
 * verbs (out arguments arrive zeroed; pages as offset and limit). */
struct store_rating_ops {
	int (*feedback_put)(struct store *s, const struct store_feedback *f, const struct store_rater *rater,
			    bool *created);
	int (*feedback_of_room)(struct store *s, const char *room, struct store_feedback out[2], size_t *n);
	int (*feedback_received)(struct store *s, int64_t user_id, int64_t closed_before_ms, size_t offset,
				 size_t limit, struct store_feedback **rows, size_t *n, size_t *total,
				 struct store_feedback_avg *avg);
	int (*next)(struct store *s, const struct store_rater *rater, char room[STORE_ROOM_ID_LEN + 1]);
	int (*recompute)(struct store *s, int64_t user_id, const struct store_rater *rater);
	int (*rooms_open)(struct store *s, int64_t started_ms, size_t limit, char (**ids)[STORE_ROOM_ID_LEN + 1],
			  size_t *n);
	int (*get)(struct store *s, int64_t user_id, const char *language, struct store_rating *out);
	int (*of_user)(struct store *s, int64_t user_id, struct store_rating **out, size_t *n);
	int (*history)(struct store *s, int64_t user_id, size_t limit, struct store_rating_game **out, size_t *n);
	int (*board)(struct store *s, const char *language, const char *organisation, size_t offset, size_t limit,
		     struct store_board_row **rows, size_t *n, size_t *total);
	int (*org_board)(struct store *s, const char *language, size_t min_members, size_t offset, size_t limit,
			 struct store_org_row **rows, size_t *n, size_t *total);
};

/* The job queue, the callback outbox and the nodes' registry, as
 * store_queue.h's verbs (out arguments arrive zeroed; ids and leases
 * checked). */
struct store_queue_ops {
	int (*claim)(struct store *s, const char *worker, int64_t now_ms, int64_t lease_ms, struct store_job *out);
	int (*renew)(struct store *s, const char *token, const char *worker, int64_t now_ms, int64_t lease_ms);
	int (*release)(struct store *s, const char *token, const char *worker);
	int (*finish)(struct store *s, const char *token, int status_id, const char *result, int64_t finished_at_ms,
		      const char *callback_url);
	int (*outbox_claim)(struct store *s, const char *sender, int64_t now_ms, int64_t lease_ms,
			    char token[STORE_TOKEN_LEN + 1], char **url);
	int (*outbox_done)(struct store *s, const char *token);
	int (*outbox_release)(struct store *s, const char *token, const char *sender);
	int (*node_beat)(struct store *s, const struct store_node *n);
	int (*node_stop)(struct store *s, const char *id, int64_t now_ms);
	int (*node_prune)(struct store *s, int64_t before_ms);
	int (*node_list)(struct store *s, struct store_node **out, size_t *n);
	int (*stats)(struct store *s, int64_t now_ms, struct store_queue_stats *out);
};

struct store_ops {
	const char *name;
	/* Open (create, migrate) the database at where (the driver's own
	 * address: a data directory for SQLite); *out is the driver's
	 * struct's base. 0 or -errno with err set. */
	int (*open)(const char *where, struct store **out, char *err, size_t errlen);
	void (*close)(struct store *s);                  /* never NULL */

	/* The submissions. */
	int (*insert)(struct store *s, const struct store_row *const *rows, size_t n);   /* n >= 1 */
	int (*get)(struct store *s, const char *token, struct store_row *out);
	int (*set_processing)(struct store *s, const char *token);
	int (*finish)(struct store *s, const char *token, int status_id, const char *result,
		      int64_t finished_at_ms);
	int (*remove)(struct store *s, const char *token);
	/* At most limit rows from offset (newest first) into *rows (the
	 * driver allocates, no more than store_page_rows() says); *total
	 * counts every row. */
	int (*list)(struct store *s, size_t offset, size_t limit, struct store_row **rows, size_t *n,
		    size_t *total);
	int (*pending)(struct store *s, char (**tokens)[STORE_TOKEN_LEN + 1], size_t *n);
	int (*counts)(struct store *s, uint64_t by_status[16], uint64_t *total);
	int (*size)(struct store *s, uint64_t *bytes);   /* *bytes arrives 0 */

	/* The problem index. search: the words of q->text (never the
	 * database's query syntax), q's filters, at most limit slugs from
	 * offset (q's page fields are not read). */
	int (*problems_replace)(struct store *s, const struct store_problem *v, size_t n);
	int (*problem_add)(struct store *s, const struct store_problem *p);
	int (*problem_search)(struct store *s, const struct store_problem_query *q, size_t offset, size_t limit,
			      char ***slugs, size_t *n, size_t *total);
	/* Problems added at run time: their files (store.h; put's files
	 * arrive checked, n >= 1; out arguments arrive zeroed). */
	int (*package_put)(struct store *s, const char *slug, const struct store_file *files, size_t n, int64_t at_ms);
	int (*package_get)(struct store *s, const char *slug, struct store_file **files, size_t *n);
	int (*package_slugs)(struct store *s, char ***slugs, size_t *n);
	int (*package_delete)(struct store *s, const char *slug);

	/* The accounts: users, sessions, avatars (out arguments arrive
	 * zeroed). */
	int (*user_create)(struct store *s, struct store_user *u, const char *password_hash);
	int (*user_by_name)(struct store *s, const char *username, struct store_user *out, char **password_hash);
	int (*user_get)(struct store *s, int64_t id, struct store_user *out);
	int (*user_update)(struct store *s, const struct store_user *u);
	int (*user_delete)(struct store *s, int64_t id);
	int (*session_create)(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t user_id,
			      int64_t created_ms, int64_t expires_ms);
	int (*session_user)(struct store *s, const unsigned char hash[STORE_SESSION_HASH], int64_t now_ms,
			    struct store_user *out);
	int (*session_delete)(struct store *s, const unsigned char hash[STORE_SESSION_HASH]);
	int (*avatar_put)(struct store *s, int64_t user_id, const char *content_type, const void *data, size_t len,
			  int64_t at_ms);
	int (*avatar_get)(struct store *s, int64_t user_id, char content_type[STORE_CONTENT_TYPE_MAX + 1],
			  void **data, size_t *len);

	/* The rooms (store_rooms.h): a table of their own. */
	const struct store_room_ops *rooms;

	/* A user's dashboard (store_dashboard.h): limit 0 (the total only) to
	 * STORE_DASH_PAGE_MAX. */
	int (*dash_rooms)(struct store *s, int64_t user_id, bool newest_first, size_t offset, size_t limit,
			  struct store_dash_room **out, size_t *n, size_t *total);
	/* Invites and spectators (store_invites.h). */
	const struct store_invite_ops *invites;
	/* Feedback, ratings, leaderboards (store_ratings.h). */
	const struct store_rating_ops *ratings;
	/* The job queue, callbacks' outbox, nodes (store_queue.h). */
	const struct store_queue_ops *queue;

	/* Notes between nodes (store.h): channel and payload arrive checked. */
	bool shared;
	int (*listen)(struct store *s, const char *channel, store_note_fn *fn, void *ctx);
	int (*notify)(struct store *s, const char *channel, const char *payload);
	void (*bus_stats)(struct store *s, struct store_bus_stats *out);   /* out arrives zeroed */
};

struct store {
	const struct store_ops *ops;
};

extern const struct store_ops store_sqlite_ops, store_pg_ops;

/* Page from 1 (0 counts as 1) of per_page rows: its offset, saturated, so
 * a page far past the end, or a huge per_page, is simply empty. */
static inline size_t store_page_offset(size_t page, size_t per_page)
{
	if (page < 1)
		page = 1;
	return page - 1 > SIZE_MAX / (per_page ? per_page : 1) ? SIZE_MAX : (page - 1) * per_page;
}

/* How many of total rows a page from offset with at most limit holds. */
static inline size_t store_page_rows(size_t total, size_t offset, size_t limit)
{
	return offset < total ? (total - offset < limit ? total - offset : limit) : 0;
}

#endif
