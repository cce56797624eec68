/* signal_check.h - the check of an audio call signal's data
 * (docs/realtime.md "The audio call"): its shape and sizes, and the data
 * rebuilt from the fields checked, so nothing else passes through. Pure:
 * no hub or room state (hub_signal.c decides who may signal to whom). */
#ifndef PAIRBOX_SIGNAL_CHECK_H
#define PAIRBOX_SIGNAL_CHECK_H

#include <jansson.h>

#define SIGNAL_SDP_MAX 16384             /* bytes of a session description's sdp */
#define SIGNAL_CANDIDATE_MAX 1024        /* bytes of an ICE candidate's line */
#define SIGNAL_MID_MAX 64                /* bytes of a candidate's sdpMid */
#define SIGNAL_UFRAG_MAX 256             /* bytes of a candidate's usernameFragment */
#define SIGNAL_TOKEN_MAX 64              /* bytes of a session or peer token */

/* Check a signal's data (borrowed; any JSON value, NULL included): a new
 * object (the caller's: json_decref) holding session and peer when given
 * and exactly one of description, candidate or call, each rebuilt from
 * the fields checked; or NULL with *code ("bad-message", "too-big" or
 * "server") and *why (static text naming the field) set. */
json_t *signal_check(const json_t *data, const char **code, const char **why);

#endif
