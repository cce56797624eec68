/* store_invites.h - rooms made by invitation and their spectators, in the
 * store (part of store.h; docs/platform.md "Invites" and "Spectators").
 *
 * An invite is a link to a room that waits for its second participant:
 * the room is made with its creator alone (room_members slot 0; slot 1
 * empty, rooms.start_ms 0: its phases have not begun) and the link's
 * token, of which the store keeps only the SHA-256 (as for sessions).
 * The first other user to accept becomes slot 1 and the room's clock
 * starts then, in one transaction, so two people accepting at once can
 * never both get in. A room that never had a second participant can be
 * deleted by its creator, with everything it holds.
 *
 * Spectators: each participant says whether they allow them; they are
 * allowed while both do (a room of one never). While allowed, either
 * participant can make spectator links (each a token kept hashed); when
 * they stop being allowed every link of the room goes in the same
 * transaction, so a link that reads valid here is one both participants
 * allow now.
 *
 * Ownership: structs passed in are borrowed for the call. */
#ifndef PAIRBOX_STORE_INVITES_H
#define PAIRBOX_STORE_INVITES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store_rooms.h"

struct store;

#define STORE_LINK_HASH 32            /* SHA-256 of an invite's or a spectator link's token */

struct store_invite {
	unsigned char hash[STORE_LINK_HASH];
	char room[STORE_ROOM_ID_LEN + 1];
	int64_t created_by;               /* the room's creator (slot 0) */
	int64_t created_ms, expires_ms;
	int64_t used_by, used_ms;         /* who accepted it and when; 0: nobody yet */
	int64_t revoked_ms;               /* 0, or when it stopped counting: a newer link of the
	                                     room, the room closed, its creator's account deleted */
};

/* ---- invites ---- */

/* A room waiting for its second participant (r->users[1] 0, r->start_ms 0)
 * and its first invite, in one transaction, unless the creator already
 * has open_max open invites (neither used, revoked nor expired at
 * now_ms): 0; -EMLINK (at the cap: nothing written); -EEXIST (the room's
 * id or the token's hash is taken); -EIO. */
int store_invite_room_create(struct store *s, const struct store_room *r, const struct store_invite *inv,
			     unsigned open_max, int64_t now_ms);
/* A new invite to inv->room by inv->created_by, who must be its creator,
 * while it waits; the room's earlier open invites are revoked at now_ms,
 * in the same transaction. 0; -ENOENT (no such room, or not the
 * creator's); -EBUSY (it has its second participant); -EMLINK (open_max,
 * counted without the ones this revokes); -EEXIST; -EIO. */
int store_invite_renew(struct store *s, const struct store_invite *inv, unsigned open_max, int64_t now_ms);
/* The invite whose token hashes to hash: 0 and *out; -ENOENT; -EIO. */
int store_invite_get(struct store *s, const unsigned char hash[STORE_LINK_HASH], struct store_invite *out);
/* The latest invite to room: 0 and *out; -ENOENT; -EIO. */
int store_invite_of_room(struct store *s, const char *room, struct store_invite *out);

/* user_id accepts the invite whose token hashes to hash, at now_ms, in
 * one transaction: the room gains user_id as slot 1, its clock starts
 * (start_ms = now_ms, the first driver as first_driver() says from the
 * latest time each of the two drove in any room, 0 for never: slot 0's
 * first) and the invite is spent. *out is the invite as it ends up.
 *   0   user_id joined;
 *   1   nothing to do: user_id is in the room already (its creator, or
 *       the one who accepted before);
 *   -ENOENT      no such invite;
 *   -ECANCELED   revoked;
 *   -EALREADY    someone else accepted it (or the room is full);
 *   -ETIMEDOUT   expired;
 *   -EIO. */
int store_invite_accept(struct store *s, const unsigned char hash[STORE_LINK_HASH], int64_t user_id, int64_t now_ms,
			int (*first_driver)(int64_t last_drove_0, int64_t last_drove_1), struct store_invite *out);

/* Delete a room that never had a second participant and everything it
 * holds (its invites, log, snapshot, participant, spectator settings), in
 * one transaction: an accept that comes after finds no invite, one that
 * came before makes it -EBUSY. 0; -ENOENT (no such room, or user_id is
 * not its creator); -EBUSY (it has its second participant: nothing
 * changed); -EIO. */
int store_invite_room_delete(struct store *s, const char *room, int64_t user_id);

/* The problems user_id has had in rooms (slugs, each malloc'd, in *out,
 * malloc'd; at most STORE_HISTORY_MAX): what a new room avoids giving. 0;
 * -ENOMEM; -EIO. Free with store_strings_free. */
int store_problems_had(struct store *s, int64_t user_id, char ***out, size_t *n);
void store_strings_free(char **v, size_t n);             /* NULL ok */

/* ---- spectators ---- */

struct store_watch {
	bool consent[2];                  /* slot i's participant allows spectators */
	bool allowed;                     /* both participants do (never in a room of one) */
};

/* Set user_id's consent in room (a participant's), then *out; when
 * spectators are not allowed after it, every spectator link of the room
 * is deleted in the same transaction. 0; -ENOENT (no such room, or
 * user_id is not in it); -EIO. */
int store_watch_set(struct store *s, const char *room, int64_t user_id, bool allow, struct store_watch *out);
/* The room's settings: 0 and *out (nobody's consent for a room with no
 * settings); -EIO. */
int store_watch_get(struct store *s, const char *room, struct store_watch *out);
/* A spectator link to room (its token's hash) made by user_id, who must
 * be a participant, while spectators are allowed and the room has fewer
 * than max links. 0; -ENOENT (not a participant); -EPERM (spectators are
 * not allowed); -EMLINK; -EEXIST; -EIO. */
int store_watch_link_add(struct store *s, const char *room, const unsigned char hash[STORE_LINK_HASH],
			 int64_t user_id, int64_t now_ms, unsigned max);
/* The room a spectator link opens: 0 and room; -ENOENT (no such link: it
 * never was, or spectators have been disallowed since); -EIO. */
int store_watch_link_room(struct store *s, const unsigned char hash[STORE_LINK_HASH],
			  char room[STORE_ROOM_ID_LEN + 1]);

#endif
