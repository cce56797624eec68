/* hub_int.h - inside the room hub (hub.h): the hub, its rooms, their
 * connections, and the log entries on their way to the disk. Private to
 * hub.c (the table, the clock), hub_room.c (loading, views, phases),
 * hub_commit.c (the group commit), hub_msg.c (the channel's messages),
 * hub_cursor.c (cursors in the log), hub_judge.c (run and submit),
 * hub_join.c (rooms waiting for their second participant) and
 * hub_watch.c (spectators).
 *
 * Locks, in this order: hub->watch_lock (spectator settings) before
 * hub->load_lock (loads) before hub->lock (the table) before room->lock
 * (everything in a room) before hub->qlock (the commit queue). The store
 * is never called with a room's lock held, except for nothing: loads
 * happen before a room is published, writes on the committer without it.
 *
 * A room's document is the committed one (every update in it is
 * durable); head_version and head_len say where it will be once the
 * entries in the queue are written, and a push is checked against them.
 * State the room's rules read (mode, language, the phase clock) changes
 * when the entry is accepted, and the news of it goes out once durable:
 * entries are written in the order they were accepted, all of a batch or
 * none, so nothing that depends on a lost entry survives it. */
#ifndef PAIRBOX_HUB_INT_H
#define PAIRBOX_HUB_INT_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "changeset.h"
#include "doc.h"
#include "hub.h"
#include "phase.h"
#include "store.h"

struct app;
struct bank_entry;
struct ws_conn;

#define HUB_RING 1024                 /* committed updates a room keeps for pulls and cursors */
#define HUB_CHAT_MAX 2000             /* characters of a chat message */
#define HUB_STDIN_MAX (64 * 1024)     /* bytes of a run's input */
#define HUB_UNLOAD_MS 60000           /* a room without connections leaves memory after this */
#define HUB_TICK_MS 250               /* the clock looks at every room this often */
#define HUB_THREADS_MAX 64            /* judging and store-reading threads at once */
#define HUB_PULL_MAX 100000           /* updates one pull answers at most (the client pulls again) */
#define HUB_NAME_MAX 256              /* bytes of a display name kept */
#define HUB_CHAT_KEPT 50              /* chat messages a welcome carries */
#define HUB_NODES_MAX 16              /* other nodes a room's presence is followed on */
#define HUB_PRESENCE_EVERY_MS 20000   /* a node tells the others who is connected to a room this often ... */
#define HUB_PRESENCE_TTL_MS 60000     /* ... and forgets what a node told once it is this old (a dead node) */
#define HUB_WANT_MAX 256              /* rooms waiting for a catch-up (past it: every room) */
#define HUB_OUTBOX_MAX 4096           /* notes waiting to be sent (past it, cursors are dropped) */

struct hub_user {
	int64_t id;
	char username[STORE_USERNAME_MAX + 1];     /* "" for a deleted account */
	char display_name[HUB_NAME_MAX];
};

/* A committed update, as the ring keeps it. */
struct hub_update {
	int64_t version;                  /* the version it made */
	struct changeset *cs;             /* owned */
	char *json;                       /* owned: {"clientID","changes","user","t"} */
	size_t len;
};

/* One connection (the WebSocket's user pointer). */
struct hub_conn {
	struct hub *hub;
	struct room *room;                /* referenced */
	struct ws_conn *ws;               /* on_open to on_close, referenced meanwhile */
	int slot;                         /* the participant's; -1 for a spectator */
	bool spectator;                   /* read-only (hub_watch.c) ... */
	unsigned watch_gen;               /* ... admitted while the room's watch_gen was this */
	struct hub_user watcher;          /* ... who watches */
	struct hub_conn *next;            /* the room's list */
	int64_t signal_full_ms;           /* its signal bucket is full again then (hub_signal.c) */
};

/* Call signals waiting for a participant who has no connection yet
 * (hub_signal.c): the relayed messages, oldest first. */
struct hub_signal {
	struct hub_signal *next;
	int64_t t_ms;                     /* when it came */
	size_t len;
	char text[];                      /* {"type":"signal","from","data"} */
};
struct hub_signal_queue {
	struct hub_signal *head, *tail;
	size_t n, bytes;
};

struct room {
	pthread_mutex_t lock;
	atomic_int refs;
	struct hub *hub;
	struct store_room row;            /* id, problem, plan, participants, ... */
	const struct bank_entry *problem; /* NULL when the bank has it no more */
	json_t *problem_json[2][2];       /* its view [with hints][with the editorial], read at the
	                                     load (samples come from disk: never on the WS thread) */
	struct hub_user users[2];
	struct phase_clock clock;

	struct room_doc *doc;             /* committed */
	int64_t version;
	struct hub_update ring[HUB_RING]; /* circular: the oldest at ring_first */
	size_t ring_first, ring_n;
	int64_t snap_version;             /* the latest snapshot's */
	char *chat[HUB_CHAT_KEPT];        /* the latest chat messages as sent (circular) */
	size_t chat_first, chat_n;

	int64_t head_version;             /* accepted, durable once the queue is written */
	size_t head_len;
	int64_t next_seq;
	int64_t applied_seq;              /* the last row of the log applied here (the committer's) */
	size_t log_index;                 /* what the log says of the clock, announced_* once */
	int log_driver;                   /* durable (a catch-up goes back to them) */
	bool log_end;

	bool both;                        /* mode "both": either may edit */
	char language[STORE_ROOM_LANG_MAX + 1];
	size_t announced_index;           /* the phase last logged ... */
	int announced_driver;             /* ... and the driver */
	bool announced_end;

	bool waiting;                     /* no second participant yet: no phases, no roles (hub_join.c) */
	bool cancelled;                   /* its creator is deleting it: every message refused ... */
	bool deleted;                     /* ... and it is gone: connections closed, none opens */
	struct store_watch watch;         /* the spectator settings (hub_watch.c) */
	unsigned watch_gen;               /* changes whenever spectators stop being allowed */
	unsigned watchers;                /* spectator connections admitted, until freed */

	struct hub_conn *conns;
	unsigned online[2];               /* this node's connections of each slot */
	struct {                          /* other nodes with a connection of a slot (hub_sync.c) */
		uint64_t node;
		bool online[2];
		int64_t heard_ms;         /* its last presence note: forgotten HUB_PRESENCE_TTL_MS after */
	} remote[HUB_NODES_MAX];
	int64_t presence_told_ms;         /* when this node last told the others who is connected here */
	struct hub_signal_queue signals[2]; /* waiting for slot i to connect */
	unsigned judging;                 /* runs and submits in flight */
	unsigned pending;                 /* entries in the commit queue */
	int64_t idle_since_ms;
	bool broken;                      /* a write failed: out of the table, reloaded on next use */
	bool conflict;                    /* the committer's: its rows of this batch lost their seq ... */
	unsigned batch_mark;              /* ... and which batch looked at it last */
	struct hub_entry *failed, *failed_tail; /* ... those rows, to go again after a catch-up */
	struct {                          /* each participant's cursor in the log (hub_cursor.c) */
		int64_t logged_ms;        /* when the last was logged */
		bool pending;             /* one came since, too soon to log: the latest kept */
		uint32_t anchor, head;
		int64_t version;          /* the version its positions are at */
		int64_t t_ms;             /* when it came */
	} cursor_log[2];
};

/* A log row on its way: written, then its effects (under the room's lock). */
struct hub_entry {
	struct hub_entry *next;
	struct room *room;                /* referenced */
	struct store_room_event ev;       /* ev.data owned */
	struct changeset *cs;             /* an update: applied to the document (owned) */
	char *update_json;                /* an update: what the ring keeps (owned) */
	char *broadcast;                  /* to every connection once durable (owned, NULL: none) */
	struct store_room_mark mark;
	bool has_mark;
	bool nolog;                       /* no row: only its message, in its turn */
	struct ws_conn *only;             /* the message to this connection alone (referenced) */
	struct ws_conn *pusher;           /* an update: whose push it is (referenced; NULL: the server) */
};

/* A note on its way to the other nodes (hub_sync.c). */
struct hub_note {
	struct hub_note *next;
	char channel[16];
	bool droppable;                   /* a cursor: dropped when the outbox is full */
	char payload[];
};

struct hub {
	struct app *app;
	struct store *store;
	struct phase_plan plan;           /* PHASE_MINUTES, for new rooms */
	unsigned snapshot_every;
	unsigned cursor_log_ms;           /* ROOM_CURSOR_LOG_MS; 0: cursors are not logged */

	pthread_mutex_t load_lock;        /* one load at a time (before lock) */
	pthread_mutex_t lock;             /* the table and stopping */
	struct room **rooms;
	size_t nrooms, cap;
	pthread_cond_t tick;              /* the clock's sleep */
	bool stopping;
	pthread_t clock_thread;
	bool clock_started;

	pthread_mutex_t qlock;            /* the commit queue */
	pthread_cond_t qcond;
	struct hub_entry *qhead, *qtail;
	bool qstop;
	pthread_t committer;
	bool committer_started;
	struct store_room_snapshot *snaps; /* the committer's: written with the next batch */
	size_t nsnaps;

	pthread_mutex_t watch_lock;       /* spectator settings: the store's and the rooms' change together */

	/* Several nodes on one store (store_shared: hub_sync.c). */
	bool shared;
	uint64_t node;                    /* this node's random id, in its notes */
	struct { char room[STORE_ROOM_ID_LEN + 1]; int64_t seq; } want[HUB_WANT_MAX];
	size_t nwant;                     /* rooms another node wrote to: caught up by the committer ... */
	bool want_all;                    /* ... or every loaded room (qlock) */
	pthread_mutex_t olock;            /* the outbox */
	pthread_cond_t ocond;
	struct hub_note *ohead, *otail;
	size_t on;
	bool ostop;
	pthread_t notifier;
	bool notifier_started;
	uint64_t note_seq;                /* the live notes' numbers (olock) */
	struct hub_part {                 /* live notes arriving in parts (the listener's) */
		uint64_t node, id;
		unsigned got, n;
		size_t len;
		char *text;
	} parts[8];

	pthread_mutex_t tlock;            /* short-lived threads */
	pthread_cond_t tcond;
	unsigned threads;
};

/* ---- the table (hub.c) ---- */

/* Room id for user_id, loaded if it is not in memory, *out referenced: 0;
 * -ENOENT (no such room, or user_id is not a participant: a stranger gets
 * it before anything is loaded); -ESHUTDOWN, -EIO, -ENOMEM. spectator:
 * the caller checked user_id's spectator link, so the room is loaded for
 * someone who is not in it (whether spectators may come in is for the
 * caller to check, under the room's lock). */
int hub_room_get(struct hub *h, const char *id, int64_t user_id, bool spectator, struct room **out);
/* Room id if it is in memory (referenced), else NULL: nothing is loaded. */
struct room *hub_room_loaded(struct hub *h, const char *id);
/* A connection of user_id to room id (hub_room_get's answers), not yet
 * open: *out owns a reference to the room; its slot is user_id's, or -1
 * for a spectator. */
int hub_conn_new(struct hub *h, const char *id, int64_t user_id, bool spectator, struct hub_conn **out);

/* ---- rooms (hub_room.c) ---- */

/* Load room id from the store (not published anywhere yet): -ENOENT,
 * -EIO, -ENOMEM. *out has one reference. */
int room_load(struct hub *h, const char *id, struct room **out);
void room_ref(struct room *r);
void room_unref(struct room *r);          /* frees it at zero (no lock held) */
/* The slot of user_id in r, or -1. */
int room_slot(const struct room *r, int64_t user_id);
/* A user's names from the store (no lock held: it reads the store). */
void room_load_user(struct hub *h, struct hub_user *out, int64_t id);
/* The room as GET /api/v1/rooms/:id shows it to slot, -1 for a spectator
 * (lock held). */
json_t *room_view(struct room *r, int slot, int64_t now_ms);
/* [{"user", "role", "online"}] of the room's participants at st. */
json_t *room_people_json(const struct room *r, const struct phase_state *st);
/* {"id","username","display_name"} of a slot, or of the server (slot -1). */
json_t *room_user_json(const struct room *r, int slot);
/* Log what the clock says changed since it was last logged: phase,
 * roles (a change of driver for the reason why: "midpoint", "agreed"),
 * the end (lock held). */
void room_tick(struct room *r, int64_t now_ms, const char *why);
/* Keep a committed update in the ring (lock held, or not yet published);
 * the oldest goes when it is full. Steals cs and json. */
void room_ring_push(struct room *r, int64_t version, struct changeset *cs, char *json, size_t len);
/* Keep a chat message's text (stolen) for the welcome (lock held). */
void room_chat_push(struct room *r, char *text);
/* An update as "updates" carries it: the logged {clientID, changes} with
 * its author (slot, -1 the server) and time. NULL on ENOMEM. */
char *room_update_json(const struct room *r, json_t *logged, int slot, int64_t t_ms, size_t *len);
/* The starter code of language for r's problem (malloc'd), NULL when it
 * has none (a stdin/stdout problem, no harness). */
char *room_starter(const struct room *r, const char *language);
/* Queue a server update replacing the whole head document with text
 * (lock held): 0, -EFBIG (too big), -ENOMEM. */
int room_replace_all(struct room *r, const char *text, int64_t now_ms);
/* The text of a message: *len bytes, malloc'd (NUL-terminated). Steals o. */
char *room_dump(json_t *o, size_t *len);

/* ---- the log (hub_commit.c) ---- */

/* An entry for r (lock held: its seq is taken now, its version is the
 * head's) of kind by slot (-1: the server) at t_ms, with data (stolen;
 * NULL: {}), state as store_room_event says, and msg (stolen; sent to the
 * room once durable, NULL: nothing). NULL when out of memory (data and
 * msg released, no seq taken). Not queued until hub_queue(). */
struct hub_entry *hub_entry_new(struct room *r, const char *kind, int slot, int64_t t_ms, json_t *data, bool state,
				json_t *msg);
/* A message for one connection, sent after every entry queued before it
 * is durable and announced (lock held): a push-rejected that must not
 * overtake the updates it is about. Steals msg. 0 or -ENOMEM. */
int room_queue_reply(struct room *r, struct ws_conn *to, json_t *msg);
/* Queue updates cs[0..n) by slot (lock held; each set fits the head
 * document after the ones before it: the caller checked), with their
 * clients' ids and, when changes is not NULL, the change sets as the
 * client sent them (else as changeset_to_json writes them). One
 * "updates" message from the head version goes to the room once the last
 * is durable. Steals every cs (on failure too). 0 or -ENOMEM (nothing
 * queued, the head unchanged). */
int room_queue_updates(struct room *r, int slot, const char *const *client_ids, json_t *const *changes,
		       struct changeset **cs, size_t n, int64_t now_ms, struct ws_conn *pusher);
/* Queue e (lock of e->room held, so rooms' entries stay in order). */
void hub_queue(struct hub *h, struct hub_entry *e);
/* Queue e again, in the room's order, without counting it in the room's
 * pending entries again (it was, when first queued). */
void hub_queue_again(struct hub *h, struct hub_entry *e);
void hub_entry_free(struct hub_entry *e);
/* {"type":"updates","version":from,"updates":[u0,u1,...]} from the
 * updates' own texts, without parsing them again (malloc'd; NULL on
 * ENOMEM). */
char *hub_updates_text(int64_t from, char *const *texts, size_t n);
void *hub_committer_main(void *arg);
/* Send text to every connection of r (lock held). */
void room_broadcast(struct room *r, const char *text, size_t len);
/* A room whose rows cannot be written or read: out of the table, its
 * connections closed (1011); it is loaded again from the store when next
 * asked for (no lock held). */
void hub_break_room(struct hub *h, struct room *r);

/* ---- several nodes on one store (hub_sync.c) ---- */

/* When the store is shared, listen for the other nodes' notes and start
 * the thread that sends ours: 0 or -errno with err set. */
int hub_sync_start(struct hub *h, char *err, size_t errlen);
/* Stop hearing notes and sending them (what waits is sent first). */
void hub_sync_stop(struct hub *h);
/* Bring r up to the log (the committer's thread, no lock held): the rows
 * other nodes wrote after r->applied_seq are applied as if they were its
 * own, and r's rows not yet written (failed: those of a batch that lost
 * their place, in order; then those still queued) go again after them:
 * pushes whose document moved are answered push-rejected, the clock's
 * rows are logged again only if the log still needs them, the rest is
 * re-sequenced. Frees failed's entries or queues them again. */
void hub_catch_up(struct hub *h, struct room *r, struct hub_entry *failed);
/* The committer: catch up the rooms the other nodes' notes named. */
void hub_catch_up_wanted(struct hub *h);
/* Tell the other nodes r's log reaches seq (the committer, after a write). */
void hub_note_log(struct hub *h, const char *room, int64_t seq);
/* Send a message of r's that is not logged (presence, cursor, signal,
 * progress) to r's connections on the other nodes: those of slot, or all
 * (-1). Nothing when the store is not shared (lock held). */
void hub_note_live(struct room *r, int slot, const char *text, size_t len, bool droppable);
/* Ask the other nodes who is connected to r (a room just loaded). */
void hub_note_who(struct room *r);
/* The clock's tick for r's presence across nodes (lock held): who is
 * connected here is told again every HUB_PRESENCE_EVERY_MS; a node not
 * heard of for HUB_PRESENCE_TTL_MS is forgotten (its participants go
 * offline here unless connected elsewhere). */
void room_presence_tick(struct room *r, int64_t now_ms);
/* Is slot connected on this node or another (lock held)? On another? */
bool room_online(const struct room *r, int slot);
bool room_online_elsewhere(const struct room *r, int slot);
/* A logged phase, roles or end (kind, data as logged) is durable: the
 * room's log_* follow it, and its announced_* too when announced (a row
 * of another node's, or one read at the load) (lock held, or not yet
 * published). */
void room_log_state(struct room *r, const char *kind, const char *data, bool announced);
/* A chat row as the channel sends it (malloc'd; NULL on ENOMEM). */
char *room_chat_text(const struct room *r, const struct store_room_event *e);

/* ---- messages (hub_msg.c) ---- */

/* Send {"type":"error","code","message","in"} to c. */
void hub_send_error(struct hub_conn *c, const char *code, const char *message, const char *in);
/* Send a message to one connection (steals o). */
void hub_send(struct ws_conn *ws, json_t *o);
/* Send a message to every connection of c's room but c (steals o; lock
 * held). */
void hub_send_others(struct hub_conn *c, json_t *o);

/* ---- rooms of one, by invitation (hub_join.c) ---- */

/* Where r is at now: the phase clock's state, or while r waits for its
 * second participant the state before its first phase (named "waiting",
 * no times, slot 0 driving, not ended). */
void room_phase(const struct room *r, int64_t now_ms, struct phase_state *st);
/* A waiting room whose second participant may have joined since it was
 * loaded: read its participants again and, if so, take them in (logged:
 * "joined", then the first phase and the roles). No lock held. 0, or
 * -errno from the store. */
int room_refresh(struct hub *h, struct room *r);
/* Seat the second participant of a waiting room (lock held): row's
 * users[1], start and first driver, friend's names, the clock started;
 * the "joined" message for the room at at_ms (NULL on ENOMEM). */
json_t *room_seat_friend(struct room *r, const struct store_room *row, const struct hub_user *friend, int64_t at_ms);

/* ---- spectators (hub_watch.c) ---- */

/* {"allowed", "consent": [{"user", "allow"}], "watching": [user, ...]}
 * (lock held). */
json_t *room_watch_json(const struct room *r);
/* A spectator's connection opens (lock held): false when it may not (it
 * was admitted before spectators were disallowed): close it. Otherwise
 * the others hear of it (presence, role "spectator"). */
bool watch_open(struct hub_conn *c);
/* It closes (lock held, already out of the room's list). */
void watch_close(struct hub_conn *c);
/* {"id","username","display_name"} of a spectator. */
json_t *watch_user_json(const struct hub_conn *c);
/* May a spectator come into r now (lock held)? Both participants allow
 * spectators, and r is not being deleted. */
bool watch_admits(const struct room *r);

/* ---- the audio call's signalling (hub_signal.c) ---- */

/* {"type":"signal",...} from c (lock held): checked, relayed to the other
 * participant's connections, or queued while it has none. */
void hub_signal(struct hub_conn *c, const json_t *msg, int64_t now_ms);
/* c (a participant's connection) has had its welcome: what waits for its
 * slot is sent to it, in order (lock held). */
void hub_signal_opened(struct hub_conn *c, int64_t now_ms);
/* slot's last connection closed: what it sent that still waits for the
 * other is dropped, as it was meant for a page that is gone (lock held). */
void hub_signal_gone(struct room *r, int slot);
void hub_signal_queue_free(struct hub_signal_queue *q);

/* ---- cursors in the log (hub_cursor.c) ---- */

/* slot's cursor, at version (the room's committed one), as it is relayed
 * (lock held): logged now when the last was logged at least
 * cursor_log_ms ago, else kept until room_cursor_flush (a later one
 * replaces it), so the log holds at most one a participant per
 * cursor_log_ms and always the last position. Nothing once the room has
 * ended. */
void room_cursor_note(struct room *r, int slot, uint32_t anchor, uint32_t head, int64_t version, int64_t now_ms);
/* Log the kept cursors whose time has come, or all of them (lock held:
 * the clock's tick, the hub stopping). */
void room_cursor_flush(struct room *r, int64_t now_ms, bool all);

/* ---- judging (hub_judge.c) ---- */

/* {"type":"run"|"submit",...} from c (lock of c->room held). */
void hub_judge_request(struct hub_conn *c, const json_t *msg, bool submit, int64_t now_ms);

/* ---- threads (hub.c) ---- */

/* Run fn(arg) on a thread of its own, counted so hub_free waits for it:
 * 0, or -EAGAIN (HUB_THREADS_MAX running, or stopping), -errno. */
int hub_spawn(struct hub *h, void *(*fn)(void *), void *arg);
/* Called by such a thread as it ends. */
void hub_thread_done(struct hub *h);
/* Has hub_free begun? */
bool hub_stopping(struct hub *h);

#endif
