/* fuzz_signal.c - an audio call signal's data (api/signal_check.c), as
 * hub_signal.c checks it before relaying it to the other participant.
 * Input: the data as JSON text (any value; text that does not parse is
 * checked as absent data).
 * Properties: a refusal names its code (bad-message, too-big or server)
 * and the field; an accepted signal is rebuilt as an object of session
 * and peer at most plus exactly one of description, candidate or call,
 * within the caps (sdp 16384 bytes, a candidate's line 1024); the rebuilt
 * data is accepted again and rebuilt the same (nothing but checked fields
 * passes through). */
#include "fuzz.h"
#include "signal_check.h"

#include <stdbool.h>
#include <string.h>

static void check_rebuilt(const json_t *out)
{
	FUZZ_CHECK(json_is_object(out), "the rebuilt data is an object");
	static const char *const keys[] = { "session", "peer", "description", "candidate", "call" };
	size_t known = 0, one = 0;
	for (size_t i = 0; i < 5; i++)
		if (json_object_get(out, keys[i])) {
			known++;
			one += i >= 2;
		}
	FUZZ_CHECK(known == json_object_size(out), "only the checked fields pass through");
	FUZZ_CHECK(one == 1, "exactly one of description, candidate or call");
	json_t *sdp = json_object_get(json_object_get(out, "description"), "sdp");
	FUZZ_CHECK(!sdp || json_string_length(sdp) <= SIGNAL_SDP_MAX, "the sdp is within its cap");
	json_t *line = json_object_get(json_object_get(out, "candidate"), "candidate");
	FUZZ_CHECK(!line || json_string_length(line) <= SIGNAL_CANDIDATE_MAX, "the candidate line is within its cap");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *in = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
	const char *code = NULL, *why = NULL;
	json_t *out = signal_check(in, &code, &why);
	if (!out) {
		FUZZ_CHECK(code && (!strcmp(code, "bad-message") || !strcmp(code, "too-big") || !strcmp(code, "server")),
			   "a refusal has a known code");
		FUZZ_CHECK(why && why[0], "a refusal names the field");
	} else {
		check_rebuilt(out);
		json_t *again = signal_check(out, &code, &why);
		FUZZ_CHECK(again != NULL, "the rebuilt data is accepted again");
		FUZZ_CHECK(json_equal(again, out), "the rebuilt data rebuilds the same");
		json_decref(again);
		json_decref(out);
	}
	json_decref(in);
	return 0;
}
