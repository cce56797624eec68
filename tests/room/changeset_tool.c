/* changeset_tool.c - the room core's document and change sets driven by
 * JSON lines, for the differential test against @codemirror/state
 * (differential.mjs) and for trying things by hand. One JSON object a line
 * on stdin, one answer a line on stdout:
 *
 *   {"op":"reset","doc":"text"}        -> {"len":n}   (line breaks normalised)
 *   {"op":"apply","changes":CS}        -> {"len":n,"doc":"..."} | {"error":code,"message":...}
 *   {"op":"apply_all","updates":[CS...]} -> the same, every set in turn, all or nothing
 *   {"op":"json","changes":CS}         -> {"changes":CS'} (read, then written back)
 *   {"op":"replace","from":f,"to":t,"text":"..."} -> {"changes":CS} (for the current length)
 *   {"op":"map","changes":CS,"pos":[[p,assoc,mode]...],"ranges":[[anchor,head,assoc]...]}
 *                                      -> {"pos":[n|null...],"ranges":[[a,h]...]}
 *   {"op":"doc"}                       -> {"len":n,"doc":"..."}
 *
 * The document persists across lines (its gap buffer too, which is the
 * point: thousands of edits at moving places). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changeset.h"
#include "doc.h"

static struct room_doc *doc;

static json_t *error_json(const struct room_err *err)
{
	return json_pack("{s:s, s:s}", "error", err->code, "message", err->message);
}

static json_t *doc_json(void)
{
	char *text;
	size_t len;
	if (room_doc_utf8(doc, &text, &len))
		return NULL;
	json_t *out = json_pack("{s:I, s:s%}", "len", (json_int_t)room_doc_len(doc), "doc", text, len);
	free(text);
	return out;
}

static json_t *op_apply_all(const json_t *updates)
{
	struct changeset *sets[64];
	struct room_err err = { 0 };
	size_t n = json_array_size(updates), parsed = 0;
	json_t *out = NULL;
	if (!json_is_array(updates) || n > 64)
		return json_pack("{s:s, s:s}", "error", "bad-message", "message", "updates: 0-64 change sets");
	for (; parsed < n; parsed++)
		if (changeset_parse(json_array_get(updates, parsed), &sets[parsed], &err))
			break;
	if (parsed < n)
		out = error_json(&err);
	else if (room_doc_apply_all(doc, (const struct changeset *const *)sets, n, &err))
		out = error_json(&err);
	else
		out = doc_json();
	for (size_t i = 0; i < parsed; i++)
		changeset_free(sets[i]);
	return out;
}

static json_t *op_map(const json_t *changes, const json_t *pos, const json_t *ranges)
{
	struct changeset *cs;
	struct room_err err = { 0 };
	if (changeset_parse(changes, &cs, &err))
		return error_json(&err);
	json_t *outp = json_array(), *outr = json_array(), *v;
	size_t i;
	json_array_foreach(pos, i, v) {
		uint32_t mapped;
		int r = changeset_map_pos(cs, (uint32_t)json_integer_value(json_array_get(v, 0)),
					  (int)json_integer_value(json_array_get(v, 1)),
					  (enum changeset_map_mode)json_integer_value(json_array_get(v, 2)), &mapped);
		json_array_append_new(outp, r == 0 ? json_integer(mapped) : r == -ENOENT ? json_null() : json_string("range"));
	}
	json_array_foreach(ranges, i, v) {
		uint32_t a = (uint32_t)json_integer_value(json_array_get(v, 0));
		uint32_t h = (uint32_t)json_integer_value(json_array_get(v, 1));
		if (changeset_map_range(cs, &a, &h, (int)json_integer_value(json_array_get(v, 2))))
			json_array_append_new(outr, json_string("range"));
		else
			json_array_append_new(outr, json_pack("[I,I]", (json_int_t)a, (json_int_t)h));
	}
	changeset_free(cs);
	return json_pack("{s:o, s:o}", "pos", outp, "ranges", outr);
}

static json_t *op_changes(const json_t *changes)
{
	struct changeset *cs;
	struct room_err err = { 0 };
	if (changeset_parse(changes, &cs, &err))
		return error_json(&err);
	json_t *out = json_pack("{s:o}", "changes", changeset_to_json(cs));
	changeset_free(cs);
	return out;
}

static json_t *op_replace(const json_t *cmd)
{
	struct changeset *cs;
	struct room_err err = { 0 };
	const json_t *text = json_object_get(cmd, "text");
	if (changeset_new_replace(room_doc_len(doc), (size_t)json_integer_value(json_object_get(cmd, "from")),
				  (size_t)json_integer_value(json_object_get(cmd, "to")), json_string_value(text),
				  json_string_length(text), &cs, &err))
		return error_json(&err);
	json_t *out = json_pack("{s:o}", "changes", changeset_to_json(cs));
	changeset_free(cs);
	return out;
}

static json_t *run(const json_t *cmd)
{
	const char *op = json_string_value(json_object_get(cmd, "op"));
	struct room_err err = { 0 };
	if (!op)
		return json_pack("{s:s}", "error", "bad-message");
	if (!strcmp(op, "reset")) {
		const json_t *text = json_object_get(cmd, "doc");
		struct room_doc *d;
		if (room_doc_new_utf8(json_string_value(text), json_string_length(text), &d, &err))
			return error_json(&err);
		room_doc_free(doc);
		doc = d;
		return json_pack("{s:I}", "len", (json_int_t)room_doc_len(doc));
	}
	if (!strcmp(op, "apply")) {
		json_t *one = json_pack("[O]", json_object_get(cmd, "changes"));
		json_t *out = op_apply_all(one);
		json_decref(one);
		return out;
	}
	if (!strcmp(op, "apply_all"))
		return op_apply_all(json_object_get(cmd, "updates"));
	if (!strcmp(op, "json"))
		return op_changes(json_object_get(cmd, "changes"));
	if (!strcmp(op, "replace"))
		return op_replace(cmd);
	if (!strcmp(op, "map"))
		return op_map(json_object_get(cmd, "changes"), json_object_get(cmd, "pos"),
			      json_object_get(cmd, "ranges"));
	if (!strcmp(op, "doc"))
		return doc_json();
	return json_pack("{s:s, s:s}", "error", "bad-message", "message", op);
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	doc = room_doc_new();
	if (!doc)
		return 1;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		json_error_t jerr;
		json_t *cmd = json_loadb(line, (size_t)n, 0, &jerr), *out;
		out = cmd ? run(cmd) : json_pack("{s:s, s:s}", "error", "bad-json", "message", jerr.text);
		char *text = out ? json_dumps(out, JSON_COMPACT) : NULL;
		if (!text)
			return 1;
		fputs(text, stdout);
		fputc('\n', stdout);
		free(text);
		json_decref(out);
		json_decref(cmd);
	}
	free(line);
	room_doc_free(doc);
	return fflush(stdout) ? 1 : 0;
}
