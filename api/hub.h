/* hub.h - the room hub: every room a server has open, their documents,
 * phases and connections (docs/realtime.md is its protocol).
 *
 * The hub is the central authority of @codemirror/collab: a push at the
 * room's current version is accepted (its change sets checked against the
 * document), logged, and only once the log row is durable applied to the
 * server's copy and broadcast to the room's connections; a push at any
 * other version is rejected and the client pulls and rebases. It never
 * transforms. Chat, runs and their results, phases, roles, the mode and
 * the language go through the same log before anyone hears of them. The
 * log is written by one committer thread in batches (one transaction and
 * one fsync for whatever arrived meanwhile: a group commit), so nothing is
 * acknowledged before it is durable and nothing waits for a disk per
 * keystroke.
 *
 * A room is loaded from the store when first asked for (its latest
 * snapshot, the updates after it, its state rows) and dropped from memory
 * a minute after its last connection leaves; its phase clock is a pure
 * function of the time and of the requests logged, so nothing is lost
 * while it is not loaded. Every ROOM_SNAPSHOT_EVERY updates the document
 * is snapshotted, so a load replays at most that many.
 *
 * Threads: the hub's own (the committer, a clock ticking the phases, short
 * lived ones for judging and for pulls that reach the store); the
 * WebSocket thread for messages (no disk I/O there); HTTP threads for the
 * routes. Every verb is thread-safe. */
#ifndef PAIRBOX_HUB_H
#define PAIRBOX_HUB_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct hub;
struct http_resp;
struct store_room;
struct store_user;
struct ws_handlers;

/* Start the hub's threads for app (its store, bank, dispatch and
 * settings, all borrowed). 0 or -errno with err set. */
int hub_new(struct app *app, struct hub **out, char *err, size_t errlen);
/* Stop: no new work, judges stop waiting, the log queue is written, the
 * rooms freed. Connections must be closed already (the WebSocket server
 * stopped) or are closed here with 1001. NULL ok. */
void hub_free(struct hub *h);

/* GET /api/v1/rooms/:id for user_id: 0 and *out (new ref); -ENOENT when
 * there is no such room or the user is not in it (the same answer, so a
 * stranger learns nothing); -EIO, -ENOMEM. */
int hub_room_view(struct hub *h, const char *id, int64_t user_id, json_t **out);

/* When room id ended, as its clock says now, for user_id (a participant):
 * 0 with *ended_ms (0 while it runs) and *row (NULL ok) its stored row;
 * -ENOENT as hub_room_view; -EIO, -ENOMEM. A room whose time is up is
 * loaded if it must be and its end logged now (docs/ratings.md: a room
 * that ends while nobody has it open is ended by the ratings' sweep). */
int hub_room_end(struct hub *h, const char *id, int64_t user_id, struct store_room *row, int64_t *ended_ms);

/* A room's summary for GET /api/v1/rooms (from its stored row; the phase
 * as its clock says now). New ref, NULL on ENOMEM. */
json_t *hub_room_summary(struct hub *h, const struct store_room *r, int64_t user_id);

/* The channel: a connection of user_id to room id, to be handed to
 * http_websocket() with hub_ws_handlers. 0 and *user (owned by the
 * connection from then on); -ENOENT as hub_room_view; -EIO, -ENOMEM. */
int hub_ws_user(struct hub *h, const char *id, int64_t user_id, void **user);
extern const struct ws_handlers hub_ws_handlers;

/* ---- rooms by invitation (hub_join.c) ----
 * A room made by an invite waits for its second participant: no phases
 * and no roles until then (its creator may read the problem, edit, chat
 * and run; swap, next and submit wait for the friend); its clock starts
 * when the friend joins (docs/platform.md "Invites"). */

/* The friend has joined room id (store_invite_accept said so): a room in
 * memory takes them in at once (logged "joined", then its first phase and
 * the roles, to its connections). */
void hub_room_joined(struct hub *h, const char *id);
/* Delete waiting room id for its creator user_id: what it queued written
 * first, then the store's rows (store_invite_room_delete), then its
 * connections closed (1000). 0; -ENOENT (no such room, or not user_id's
 * to delete); -EBUSY (its second participant got in first: the room
 * goes on, untouched); -EIO. */
int hub_room_cancel(struct hub *h, const char *id, int64_t user_id);

/* ---- spectators (hub_watch.c) ----
 * Read-only connections of users who are not participants, admitted by a
 * spectator link while both participants allow them (docs/realtime.md
 * "Spectators"). The caller checks the link; the hub checks, under the
 * room's lock, that spectators are allowed now. */

/* GET /api/v1/rooms/:id for spectator user_id: 0 and *out (new ref);
 * -ENOENT (no such room, or spectators are not allowed in it now); -EIO,
 * -ENOMEM. */
int hub_room_watch_view(struct hub *h, const char *id, int64_t user_id, json_t **out);
/* The channel for spectator u (borrowed): 0 and *user (owned by the
 * connection from then on); -ENOENT as above; -EMLINK (the room has
 * ROOM_SPECTATORS_MAX spectator connections); -EIO, -ENOMEM. */
int hub_ws_watcher(struct hub *h, const char *id, const struct store_user *u, void **user);
/* Participant user_id of room id allows spectators or not: stored (with
 * the links when they stop being allowed: store_watch_set), then the
 * room's connections hear of it ({"type": "spectators"}) and, when
 * spectators are no longer allowed, every spectator is disconnected
 * (1008). 0 and *out (the room's spectator settings as its view shows
 * them, new ref); -ENOENT (not a participant); -EIO, -ENOMEM. */
int hub_watch_set(struct hub *h, const char *id, int64_t user_id, bool allow, json_t **out);

#endif
