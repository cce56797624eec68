/* yaml_coll.c - YAML collections: block mappings and sequences by
 * indentation, flow ones in brackets, and the node that decides which
 * (or which scalar) comes next. */
#include "yaml_int.h"

/* ---- collections ---- */

static int parse_flow(struct yaml *y, json_t **out);

/* The end of a collection's parser: hand coll to *out, or drop it after
 * an error (the first error is in y->rc). */
static int coll_finish(struct yaml *y, json_t *coll, json_t **out)
{
	if (y->rc) {
		json_decref(coll);
		return y->rc;
	}
	*out = coll;
	return 0;
}

/* Is there a block mapping key at i ("key:" followed by a blank or the
 * line's end)? *colon is set to the ':'. */
static bool key_at(const struct yaml *y, size_t i, size_t *colon)
{
	char c = y->s[i];
	if (c == '"' || c == '\'') {
		i++;
		while (!is_eol(y->s[i])) {
			if (c == '"' && y->s[i] == '\\' && !is_eol(y->s[i + 1])) {
				i += 2;
				continue;
			}
			if (y->s[i] == c) {
				if (c == '\'' && y->s[i + 1] == '\'') {
					i += 2;
					continue;
				}
				break;
			}
			i++;
		}
		if (y->s[i] != c)
			return false;
		i++;
		while (is_blank(y->s[i]))
			i++;
		if (y->s[i] == ':' && is_blank_or_eol(y->s[i + 1])) {
			*colon = i;
			return true;
		}
		return false;
	}
	if (strchr(",[]{}#&*!|>%@`", c))
		return false;
	if ((c == '-' || c == '?' || c == ':') && is_blank_or_eol(y->s[i + 1]))
		return false;
	for (; !is_eol(y->s[i]); i++) {
		if (y->s[i] == ':' && is_blank_or_eol(y->s[i + 1])) {
			*colon = i;
			return true;
		}
		if (is_blank(y->s[i]) && y->s[i + 1] == '#')
			return false;
	}
	return false;
}

/* The key at pos (key_at said yes) into b; pos ends after the ':'. */
static int parse_key(struct yaml *y, size_t colon, struct outbuf *b)
{
	if (y->s[y->pos] == '"' || y->s[y->pos] == '\'') {
		if (yaml_quoted(y, b))
			return y->rc;
	} else {
		if (yaml_plain_start_check(y))
			return y->rc;
		size_t e = colon;
		while (e > y->pos && is_blank(y->s[e - 1]))
			e--;
		if (outbuf_append(b, y->s + y->pos, e - y->pos))
			return ynomem(y);
	}
	y->pos = colon + 1;
	return 0;
}

static int map_set(struct yaml *y, json_t *obj, size_t at, const struct outbuf *k, json_t *val)
{
	const char *key = k->data ? k->data : "";

	if (k->truncated) {
		json_decref(val);
		return yerr(y, at, "key longer than %u bytes", YAML_SCALAR_CAP);
	}
	if (json_object_get(obj, key)) {
		json_decref(val);
		return yerr(y, at, "duplicate key \"%s\"", key);
	}
	if (json_object_set_new(obj, key, val))
		return ynomem(y);
	return 0;
}

/* A block mapping whose first key is at pos, in column col. */
static int parse_block_map(struct yaml *y, int col, json_t **out)
{
	json_t *obj = json_object();
	struct outbuf key;

	sbuf_init(&key);
	if (!obj)
		return ynomem(y);
	for (;;) {
		size_t colon = 0, at = y->pos, next;
		int ncol;
		bool nl;
		json_t *val = NULL;

		if (!key_at(y, at, &colon)) {
			if (seq_item_at(y, at))
				yerr(y, at, "a sequence item where a mapping key was expected");
			else
				yerr(y, at, "expected a mapping key (\"key: value\")");
			goto out;
		}
		sbuf_reset(&key);
		if (parse_key(y, colon, &key) || yaml_node(y, col, CTX_MAP_VALUE, &val) ||
		    map_set(y, obj, at, &key, val))
			goto out;
		if (yaml_peek(y, &next, &ncol, &nl))
			goto out;
		if (!nl && ncol >= 0) {
			yerr(y, next, "unexpected text after a value");
			goto out;
		}
		if (ncol < col)
			break;
		if (ncol > col) {
			yerr(y, next, "bad indentation (%d spaces where the mapping above has %d)", ncol, col);
			goto out;
		}
		y->pos = next;
	}
out:
	outbuf_release(&key);
	return coll_finish(y, obj, out);
}

/* A block sequence whose first '-' is at pos, in column col. */
static int parse_block_seq(struct yaml *y, int col, json_t **out)
{
	json_t *arr = json_array();
	if (!arr)
		return ynomem(y);
	for (;;) {
		size_t next;
		int ncol;
		bool nl;
		json_t *val = NULL;

		y->pos++;  /* past '-' */
		if (yaml_node(y, col, CTX_SEQ_ITEM, &val))
			goto out;
		if (json_array_append_new(arr, val)) {
			ynomem(y);
			goto out;
		}
		if (yaml_peek(y, &next, &ncol, &nl))
			goto out;
		if (!nl && ncol >= 0) {
			yerr(y, next, "unexpected text after a sequence item");
			goto out;
		}
		if (ncol == col && seq_item_at(y, next)) {
			y->pos = next;
			continue;
		}
		if (ncol > col) {
			yerr(y, next, "bad indentation (%d spaces where the sequence above has %d)", ncol, col);
			goto out;
		}
		break;
	}
out:
	return coll_finish(y, arr, out);
}

/* Blanks, line breaks and comments inside a flow collection. */
static void flow_skip(struct yaml *y)
{
	for (;;) {
		char c = y->s[y->pos];
		if (is_blank(c) || c == '\n')
			y->pos++;
		else if (comment_at(y, y->pos))
			while (!is_eol(y->s[y->pos]))
				y->pos++;
		else
			return;
	}
}

/* One node inside a flow collection. */
static int flow_node(struct yaml *y, json_t **out)
{
	struct outbuf b;
	char c = y->s[y->pos];
	size_t at = y->pos;
	int rc;

	if (c == '[' || c == '{')
		return parse_flow(y, out);
	sbuf_init(&b);
	if (c == '"' || c == '\'') {
		rc = yaml_quoted(y, &b);
		if (!rc)
			rc = sbuf_string(y, &b, out);
	} else {
		rc = yaml_plain(y, true, -1, &b);
		if (!rc)
			rc = yaml_plain_value(y, at, &b, out);
	}
	outbuf_release(&b);
	return rc;
}

static int flow_end(struct yaml *y, size_t start, char close)
{
	char c = y->s[y->pos];
	if (c == '\0')
		return yerr(y, start, "unterminated flow %s (no '%c')", close == ']' ? "sequence" : "mapping", close);
	if (c == ',') {
		y->pos++;
		return 0;
	}
	if (c == close)
		return 0;
	if (c == ':' && close == ']')
		return yerr(y, y->pos, "key: value pairs inside a flow sequence are not supported");
	return yerr(y, y->pos, "expected ',' or '%c' in a flow collection", close);
}

/* A flow sequence or mapping at pos; pos ends after its closing bracket. */
static int parse_flow(struct yaml *y, json_t **out)
{
	size_t start = y->pos;
	char close = y->s[start] == '[' ? ']' : '}';
	json_t *coll = close == ']' ? json_array() : json_object();
	struct outbuf key;

	sbuf_init(&key);
	if (!coll)
		return ynomem(y);
	if (++y->depth > YAML_MAX_DEPTH) {
		yerr(y, start, "nesting deeper than %d", YAML_MAX_DEPTH);
		goto out;
	}
	y->pos++;
	for (;;) {
		json_t *val = NULL;
		size_t at;

		flow_skip(y);
		if (y->s[y->pos] == close) {
			y->pos++;
			break;
		}
		if (y->s[y->pos] == '\0') {
			flow_end(y, start, close);
			goto out;
		}
		at = y->pos;
		if (close == ']') {
			if (flow_node(y, &val))
				goto out;
			if (json_array_append_new(coll, val)) {
				ynomem(y);
				goto out;
			}
		} else {
			sbuf_reset(&key);
			if (y->s[at] == '"' || y->s[at] == '\'') {
				if (yaml_quoted(y, &key))
					goto out;
			} else if (y->s[at] == '[' || y->s[at] == '{') {
				yerr(y, at, "complex keys (a collection as a key) are not supported");
				goto out;
			} else if (yaml_plain(y, true, -1, &key)) {
				goto out;
			}
			flow_skip(y);
			if (y->s[y->pos] == ':') {
				y->pos++;
				flow_skip(y);
				if (y->s[y->pos] != ',' && y->s[y->pos] != '}' && flow_node(y, &val))
					goto out;
			}
			if (!val && !(val = json_null())) {
				ynomem(y);
				goto out;
			}
			if (map_set(y, coll, at, &key, val))
				goto out;
		}
		flow_skip(y);
		if (flow_end(y, start, close))
			goto out;
	}
	y->depth--;
out:
	outbuf_release(&key);
	return coll_finish(y, coll, out);
}

/* A block sequence or mapping at pos; each nesting level counts towards
 * YAML_MAX_DEPTH (flow collections count in parse_flow). */
static int parse_block_coll(struct yaml *y, bool seq, int col, json_t **out)
{
	int rc;
	if (++y->depth > YAML_MAX_DEPTH)
		return yerr(y, y->pos, "nesting deeper than %d", YAML_MAX_DEPTH);
	rc = seq ? parse_block_seq(y, col, out) : parse_block_map(y, col, out);
	y->depth--;
	return rc;
}

/* The node after a key's ':', a sequence's '-' or at the document's start
 * (pos just past the indicator). parent is the indentation of the
 * collection that holds it (-1 at the top). An absent node is null. */
int yaml_node(struct yaml *y, int parent, enum ctx ctx, json_t **out)
{
	size_t at;
	int col;
	bool nl;
	struct outbuf b;
	int rc = 0;

	*out = NULL;
	if (yaml_peek(y, &at, &col, &nl))
		return y->rc;
	if (col < 0 || (nl && col <= parent)) {
		/* "key:" with its sequence at the key's own indentation. */
		if (ctx == CTX_MAP_VALUE && nl && col == parent && seq_item_at(y, at)) {
			y->pos = at;
			return parse_block_coll(y, true, col, out);
		}
		*out = json_null();
		return *out ? 0 : ynomem(y);
	}
	y->pos = at;
	sbuf_init(&b);
	/* Block collections start on a line of their own, or compactly after
	 * a sequence's "- ". */
	bool block_ok = nl || ctx == CTX_SEQ_ITEM || indent_only_before(y, at);
	char c = y->s[at];
	size_t colon;

	if (seq_item_at(y, at)) {
		rc = block_ok ? parse_block_coll(y, true, col, out)
			      : yerr(y, at, "a block sequence cannot start on the same line as its key");
	} else if (key_at(y, at, &colon)) {
		rc = block_ok ? parse_block_coll(y, false, col, out)
			      : yerr(y, at, "mapping values are not allowed here (quote a scalar that holds ': ')");
	} else if (c == '|' || c == '>') {
		rc = yaml_block_scalar(y, parent, &b);
		if (!rc)
			rc = sbuf_string(y, &b, out);
	} else if (c == '[' || c == '{') {
		rc = parse_flow(y, out);
		if (!rc && y->s[y->pos] != ':')
			rc = yaml_skip_to_eol(y, "a flow collection");
		else if (!rc)
			rc = yerr(y, y->pos, "complex keys (a collection as a key) are not supported");
	} else if (c == '"' || c == '\'') {
		rc = yaml_quoted(y, &b);
		if (!rc)
			rc = yaml_skip_to_eol(y, "a quoted scalar");
		if (!rc)
			rc = sbuf_string(y, &b, out);
	} else {
		rc = yaml_plain(y, false, parent, &b);
		if (!rc)
			rc = yaml_skip_to_eol(y, "a plain scalar");
		if (!rc)
			rc = yaml_plain_value(y, at, &b, out);
	}
	outbuf_release(&b);
	if (rc) {
		json_decref(*out);
		*out = NULL;
		return y->rc ? y->rc : rc;
	}
	return 0;
}
