/* hub_cursor.c - the participants' cursors in the room log, for the replay
 * (hub_int.h, docs/realtime.md "Durability"). A cursor moves with nearly
 * every keystroke; logging each would make the cursors most of a
 * session's log. So each participant's is logged at most once per
 * ROOM_CURSOR_LOG_MS (500 ms: at most 7,200 rows a participant an hour,
 * about 60 bytes of data each), and one that comes too soon is kept and
 * logged when its time comes (a later one replaces it), so the last
 * position is always in the log. Between two logged positions the replay
 * moves a cursor through the edits, as the other participant's editor
 * does, so text typed at the cursor carries it along.
 *
 * A cursor row is no state and no message (the cursor itself went to the
 * room as it came): {"anchor", "head", "version"}, positions at that
 * version, and the time the cursor came, so a kept one's row has an
 * earlier time than rows logged before it (the replay orders by time). */
#include "hub_int.h"

#include <stdio.h>

static void log_cursor(struct room *r, int slot, int64_t now_ms)
{
	int64_t t = r->cursor_log[slot].t_ms;
	struct hub *h = r->hub;
	json_t *d = json_pack("{s:I, s:I, s:I}", "anchor", (json_int_t)r->cursor_log[slot].anchor, "head",
			      (json_int_t)r->cursor_log[slot].head, "version", (json_int_t)r->cursor_log[slot].version);
	struct hub_entry *e = d ? hub_entry_new(r, "cursor", slot, t, d, false, NULL) : NULL;
	r->cursor_log[slot].pending = false;
	r->cursor_log[slot].logged_ms = now_ms;
	if (e)
		hub_queue(h, e);
	else
		fprintf(stderr, "pairbox: room %s: out of memory logging a cursor\n", r->row.id);
}

void room_cursor_note(struct room *r, int slot, uint32_t anchor, uint32_t head, int64_t version, int64_t now_ms)
{
	struct phase_state st;
	if (!r->hub->cursor_log_ms || slot < 0 || slot > 1 || r->broken || r->announced_end)
		return;
	phase_clock_at(&r->clock, now_ms, &st);
	if (st.ended)
		return;
	r->cursor_log[slot].anchor = anchor;
	r->cursor_log[slot].head = head;
	r->cursor_log[slot].version = version;
	r->cursor_log[slot].t_ms = now_ms;
	if (now_ms - r->cursor_log[slot].logged_ms >= r->hub->cursor_log_ms)
		log_cursor(r, slot, now_ms);
	else
		r->cursor_log[slot].pending = true;
}

void room_cursor_flush(struct room *r, int64_t now_ms, bool all)
{
	for (int slot = 0; slot < 2; slot++) {
		if (!r->cursor_log[slot].pending)
			continue;
		if (r->broken || r->announced_end)
			r->cursor_log[slot].pending = false;     /* nothing after the end */
		else if (all || now_ms - r->cursor_log[slot].logged_ms >= r->hub->cursor_log_ms)
			log_cursor(r, slot, now_ms);
	}
}
