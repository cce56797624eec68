/* ratings.h - the skill ratings at work (docs/ratings.md): the rater the
 * store's recomputes call (the room core's Glicko-2 over a user's
 * sessions, overall and per language), and the thread that rates rooms
 * as they end.
 *
 * A room's end is queued for rating in the store, in the transaction
 * that records it (store_ratings.h); the hub's committer wakes this
 * thread once that transaction is durable (ratings_room_ended), and the
 * thread rates the queue's rooms one transaction each. Once a minute
 * (and at start) it also looks for rooms whose time ran out while no one
 * had them open, so that nobody ever saw their end: it asks the hub to
 * end them (hub_room_end), which logs the end as the clock would have,
 * and so queues them. Thread-safe. */
#ifndef PAIRBOX_RATINGS_H
#define PAIRBOX_RATINGS_H

#include <jansson.h>
#include <stdint.h>

struct app;
struct ratings;
struct store_rating;
struct store_rater;

#define RATINGS_SWEEP_MS 60000         /* how often rooms whose time ran out are looked for */

/* Start the thread for app (its store and hub, borrowed). 0, -ENOMEM,
 * -errno. */
int ratings_new(struct app *app, struct ratings **out);
/* Stop the thread (before the hub goes: it calls it); ratings_room_ended
 * is a no-op from then on. NULL ok. */
void ratings_stop(struct ratings *r);
void ratings_free(struct ratings *r);          /* stops first; NULL ok */

/* A room's end was written: rate the queue now. NULL ok; never blocks on
 * the store (the hub's committer calls it). */
void ratings_room_ended(struct ratings *r);

/* The rater of every recompute: Glicko-2 (room/rating.h) over the user's
 * sessions, overall and per language, from the seed. */
extern const struct store_rater ratings_rater;

/* A rating as the API shows it, at now_ms (its RD grown for the time
 * since its last session): {rating, rd, volatility, games, updated_at}
 * plus language when with_language. New ref. */
json_t *ratings_json(const struct store_rating *x, int64_t now_ms, int with_language);
/* A figure rounded to two decimals, as every rating route writes them. */
json_t *ratings_figure(double v);

#endif
