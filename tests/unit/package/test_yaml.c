/* test_yaml.c - the YAML subset reader (package/yaml*.c): real problem.yaml shapes, every construct, every refusal, and random input. */
#include "check.h"
#include "util.h"
#include "yaml.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* yaml parses and equals the JSON text want (json_equal: 1 and 1.0 differ). */
static void parses_line(int line, const char *yaml, size_t len, const char *want_json)
{
	char err[256];
	json_error_t je;
	json_t *got = NULL, *want = json_loads(want_json, JSON_DECODE_ANY, &je);
	int rc = yaml_parse(yaml, len, &got, err, sizeof(err));

	if (want && rc == 0 && got && json_equal(got, want)) {
		check_passed++;
	} else {
		char *dump = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_SORT_KEYS) : NULL;
		check_failed++;
		fprintf(stderr, "%s:%d: parse failed\n--- yaml:\n%.*s\n--- want: %s\n--- got: %s (rc %d, err \"%s\")%s\n",
			__FILE__, line, (int)len, yaml, want_json, dump ? dump : "(none)", rc, rc ? err : "",
			want ? "" : " [bad expected JSON]");
		free(dump);
	}
	json_decref(got);
	json_decref(want);
}

/* yaml is refused with -EINVAL, and err is "line N: ..." holding what. */
static void refused_line(int line, const char *yaml, int errline, const char *what)
{
	char err[256] = "", prefix[32];
	json_t *got = (json_t *)1;
	int rc = yaml_parse(yaml, strlen(yaml), &got, err, sizeof(err));

	(void)str_printf(prefix, sizeof(prefix), "line %d: ", errline);
	if (rc == -EINVAL && got == NULL && !strncmp(err, prefix, strlen(prefix)) && strstr(err, what)) {
		check_passed++;
	} else {
		check_failed++;
		fprintf(stderr, "%s:%d: expected refusal \"%s%s\"\n--- yaml:\n%s\n--- got rc %d, err \"%s\"\n",
			__FILE__, line, prefix, what, yaml, rc, err);
	}
	if (rc == 0)
		json_decref(got);
}

#define PARSES(yaml, json) parses_line(__LINE__, (yaml), strlen(yaml), (json))
#define REFUSED(yaml, line, what) refused_line(__LINE__, (yaml), (line), (what))

/* ---- real-world shapes ---- */

static void test_legacy_problem_yaml(void)
{
	PARSES("# A legacy (pre-2023) problem.yaml\n"
	       "name: Hello World!\n"
	       "source: Pairbox Test Contest 2024\n"
	       "source_url: https://example.com/contest\n"
	       "author: A. U. Thor\n"
	       "license: cc by-sa\n"
	       "rights_owner: author\n"
	       "\n"
	       "validation: default\n"
	       "validator_flags: float_tolerance 1e-6\n"
	       "limits:\n"
	       "    time_multiplier: 5\n"
	       "    time_safety_margin: 2\n"
	       "    memory: 1024   # MiB\n"
	       "keywords: graph dijkstra\n",
	       "{\"name\":\"Hello World!\",\"source\":\"Pairbox Test Contest 2024\","
	       "\"source_url\":\"https://example.com/contest\",\"author\":\"A. U. Thor\","
	       "\"license\":\"cc by-sa\",\"rights_owner\":\"author\",\"validation\":\"default\","
	       "\"validator_flags\":\"float_tolerance 1e-6\","
	       "\"limits\":{\"time_multiplier\":5,\"time_safety_margin\":2,\"memory\":1024},"
	       "\"keywords\":\"graph dijkstra\"}");

	/* Custom validation with flags, Windows line endings, a BOM. */
	PARSES("\xEF\xBB\xBFname: 'Custom'\r\nvalidation: custom\r\nvalidator_flags: case_sensitive space_change_sensitive\r\n",
	       "{\"name\":\"Custom\",\"validation\":\"custom\",\"validator_flags\":\"case_sensitive space_change_sensitive\"}");

	/* An interactive legacy problem. */
	PARSES("name: Guess\nvalidation: custom interactive\n",
	       "{\"name\":\"Guess\",\"validation\":\"custom interactive\"}");

	/* A legacy testdata.yaml. */
	PARSES("on_reject: continue\ngrading: default\n"
	       "output_validator_flags: float_relative_tolerance 1e-9 float_absolute_tolerance 1e-9\n"
	       "range: 0 100\naccept_score: 1\n",
	       "{\"on_reject\":\"continue\",\"grading\":\"default\","
	       "\"output_validator_flags\":\"float_relative_tolerance 1e-9 float_absolute_tolerance 1e-9\","
	       "\"range\":\"0 100\",\"accept_score\":1}");
}

static void test_2025_problem_yaml(void)
{
	PARSES("problem_format_version: 2025-09\n"
	       "type: pass-fail\n"
	       "name:\n"
	       "  en: Sample problem\n"
	       "  sv: Exempelproblem\n"
	       "uuid: 0bf1d986-afc4-4475-a696-3bfca6276b12\n"
	       "credits:\n"
	       "  authors:\n"
	       "    - Author One <one@example.com>\n"
	       "    - name: Author Two\n"
	       "      email: two@example.com\n"
	       "  contributors: Contributor <c@example.com>\n"
	       "  testers:\n"
	       "  - name: Tester 1\n"
	       "  - name: Tester 2 <t2@example.com>\n"
	       "  translators:\n"
	       "    sv: Sven <sven@example.com>\n"
	       "  acknowledgements: [Speaker One, Speaker Two]\n"
	       "source: My Contest 2025\n"
	       "license: cc by-sa\n"
	       "rights_owner: My Contest\n"
	       "# shown values are the defaults\n"
	       "limits:\n"
	       "  time_multipliers:\n"
	       "    ac_to_time_limit: 2.0\n"
	       "    time_limit_to_tle: 1.5\n"
	       "  time_limit: 1.0\n"
	       "  memory: 2048\n"
	       "keywords: []\n"
	       "languages: [c, cpp, java, kotlin, python3]\n"
	       "constants:\n"
	       "  max_n: 100000\n",
	       "{\"problem_format_version\":\"2025-09\",\"type\":\"pass-fail\","
	       "\"name\":{\"en\":\"Sample problem\",\"sv\":\"Exempelproblem\"},"
	       "\"uuid\":\"0bf1d986-afc4-4475-a696-3bfca6276b12\","
	       "\"credits\":{\"authors\":[\"Author One <one@example.com>\",{\"name\":\"Author Two\",\"email\":\"two@example.com\"}],"
	       "\"contributors\":\"Contributor <c@example.com>\","
	       "\"testers\":[{\"name\":\"Tester 1\"},{\"name\":\"Tester 2 <t2@example.com>\"}],"
	       "\"translators\":{\"sv\":\"Sven <sven@example.com>\"},"
	       "\"acknowledgements\":[\"Speaker One\",\"Speaker Two\"]},"
	       "\"source\":\"My Contest 2025\",\"license\":\"cc by-sa\",\"rights_owner\":\"My Contest\","
	       "\"limits\":{\"time_multipliers\":{\"ac_to_time_limit\":2.0,\"time_limit_to_tle\":1.5},"
	       "\"time_limit\":1.0,\"memory\":2048},"
	       "\"keywords\":[],\"languages\":[\"c\",\"cpp\",\"java\",\"kotlin\",\"python3\"],"
	       "\"constants\":{\"max_n\":100000}}");

	/* type as a list, and a 2025-09 submissions.yaml with glob keys. */
	PARSES("problem_format_version: 2025-09\ntype: [pass-fail, interactive]\n",
	       "{\"problem_format_version\":\"2025-09\",\"type\":[\"pass-fail\",\"interactive\"]}");
	PARSES("accepted/sol.py:\n  language: python3\n  authors: Judge <j@example.com>\n\n"
	       "run_time_error/not_defined:\n  language: python3\n  entrypoint: main.py\n\n"
	       "time_limit_exceeded/*:\n  authors: [One <1@example.com>, Two <2@example.com>]\n",
	       "{\"accepted/sol.py\":{\"language\":\"python3\",\"authors\":\"Judge <j@example.com>\"},"
	       "\"run_time_error/not_defined\":{\"language\":\"python3\",\"entrypoint\":\"main.py\"},"
	       "\"time_limit_exceeded/*\":{\"authors\":[\"One <1@example.com>\",\"Two <2@example.com>\"]}}");

	/* A test_group.yaml / testdata.yaml with argument lists. */
	PARSES("output_validator_args: [float_tolerance, 1e-6]\ninput_validator_args:\n  validator: [--max, \"100\"]\n",
	       "{\"output_validator_args\":[\"float_tolerance\",1e-6],"
	       "\"input_validator_args\":{\"validator\":[\"--max\",\"100\"]}}");
}

/* ---- every construct ---- */

static void test_documents(void)
{
	PARSES("", "{}");
	PARSES("\n\n", "{}");
	PARSES("# only a comment\n  # and another\n", "{}");
	PARSES("---\n", "{}");
	PARSES("--- # start\n# nothing\n...\n", "{}");
	PARSES("%YAML 1.2\n---\na: 1\n", "{\"a\":1}");
	PARSES("---\na: 1\n...\n# trailing comment\n", "{\"a\":1}");
	PARSES("a: 1", "{\"a\":1}");                 /* no final line break */
	PARSES("  a: 1\n  b: 2\n", "{\"a\":1,\"b\":2}");   /* indented root */
	PARSES("--- plain root\n", "\"plain root\"");
	PARSES("--- [1, 2]\n", "[1,2]");
	PARSES("~\n", "null");
	PARSES("42\n", "42");
	PARSES("- a\n- b\n", "[\"a\",\"b\"]");
	PARSES("a\r\nb\r\n", "\"a b\"");
	PARSES("a: 1\rb: 2\r", "{\"a\":1,\"b\":2}");       /* old Mac line ends */
}

static void test_block_collections(void)
{
	PARSES("a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", "{\"a\":{\"b\":{\"c\":1},\"d\":2},\"e\":3}");
	PARSES("a:\n- 1\n- 2\nb: x\n", "{\"a\":[1,2],\"b\":\"x\"}");           /* sequence at its key's column */
	PARSES("a:\n    - 1\n    - 2\n", "{\"a\":[1,2]}");
	PARSES("- a: 1\n  b: 2\n- c: 3\n", "[{\"a\":1,\"b\":2},{\"c\":3}]");   /* compact mappings */
	PARSES("-   a: 1\n    b: 2\n", "[{\"a\":1,\"b\":2}]");
	PARSES("- - 1\n  - 2\n- - 3\n", "[[1,2],[3]]");                        /* compact sequences */
	PARSES("- a:\n  - x\n  - y\n  b: 1\n", "[{\"a\":[\"x\",\"y\"],\"b\":1}]");
	PARSES("-\n  a: 1\n-\n  - 2\n", "[{\"a\":1},[2]]");
	PARSES("- \n- x\n-\n", "[null,\"x\",null]");
	PARSES("a:\nb: ~\nc: # comment\nd:\n", "{\"a\":null,\"b\":null,\"c\":null,\"d\":null}");
	PARSES("a: 1 # one\n\n# between\nb: 2\n", "{\"a\":1,\"b\":2}");
	PARSES("key with spaces: v\n\"quoted: key\": 1\n'single''s': 2\n",
	       "{\"key with spaces\":\"v\",\"quoted: key\":1,\"single's\":2}");
	PARSES("a   :   spaced\n", "{\"a\":\"spaced\"}");
	PARSES("1: one\ntrue: t\nnull: n\n", "{\"1\":\"one\",\"true\":\"t\",\"null\":\"n\"}");  /* keys stay strings */
	PARSES("a:\n  # comment inside\n  b: 1\n", "{\"a\":{\"b\":1}}");
	PARSES("a:\n  b: 1\n\n\n  c: 2\n", "{\"a\":{\"b\":1,\"c\":2}}");
	PARSES("a:\tb\n", "{\"a\":\"b\"}");                                     /* a tab separating, not indenting */
	PARSES("url: http://example.com:8080/x\n", "{\"url\":\"http://example.com:8080/x\"}");
	PARSES("a: x#not a comment\n", "{\"a\":\"x#not a comment\"}");
	PARSES("a: [x]   # c\n", "{\"a\":[\"x\"]}");
	PARSES("a: 'x'  # c\n", "{\"a\":\"x\"}");
}

static void test_flow(void)
{
	PARSES("[]\n", "[]");
	PARSES("{}\n", "{}");
	PARSES("a: [1, two, 3.5, true, null, ~, \"q\", 'r']\n", "{\"a\":[1,\"two\",3.5,true,null,null,\"q\",\"r\"]}");
	PARSES("a: {x: 1, y: [2, 3], z: {w: v}}\n", "{\"a\":{\"x\":1,\"y\":[2,3],\"z\":{\"w\":\"v\"}}}");
	PARSES("a: [1, 2, ]\n", "{\"a\":[1,2]}");                                 /* trailing comma */
	PARSES("a: [c, cpp,\n    python3, # comment\n    java]\n", "{\"a\":[\"c\",\"cpp\",\"python3\",\"java\"]}");
	PARSES("a: {\"k\":1,'l': 2}\n", "{\"a\":{\"k\":1,\"l\":2}}");              /* JSON style */
	PARSES("a: {k, l: }\n", "{\"a\":{\"k\":null,\"l\":null}}");
	PARSES("a: [x y, -1, a:b, http://h/p]\n", "{\"a\":[\"x y\",-1,\"a:b\",\"http://h/p\"]}");
	PARSES("a: [[1, [2]], {}]\n", "{\"a\":[[1,[2]],{}]}");
	PARSES("- [a, b]\n- {c: d}\n", "[[\"a\",\"b\"],{\"c\":\"d\"}]");
	PARSES("a: [multi\n  line, x]\n", "{\"a\":[\"multi line\",\"x\"]}");
}

static void test_scalars(void)
{
	/* Core schema typing of plain scalars. */
	PARSES("[null, Null, NULL, ~, true, True, TRUE, false, False, FALSE]",
	       "[null,null,null,null,true,true,true,false,false,false]");
	PARSES("[0, -17, +5, 0o17, 0x1F, 0xff, 007, 9223372036854775807, -9223372036854775808]",
	       "[0,-17,5,15,31,255,7,9223372036854775807,-9223372036854775808]");
	PARSES("[1.5, -0.25, .5, 1e3, 1E-6, 2.5e+2, 1., 1.0]", "[1.5,-0.25,0.5,1000.0,1e-6,250.0,1.0,1.0]");
	PARSES("[nulls, yes, no, on, off, 2025-09, 1.2.3, 0x, 0o8, 1e, 1_000, +.5x, -]",
	       "[\"nulls\",\"yes\",\"no\",\"on\",\"off\",\"2025-09\",\"1.2.3\",\"0x\",\"0o8\",\"1e\",\"1_000\",\"+.5x\",\"-\"]");
	PARSES("a: -x\nb: ?x\nc: :x\n", "{\"a\":\"-x\",\"b\":\"?x\",\"c\":\":x\"}");
	PARSES("a: \"1\"\nb: 'true'\nc: \"\"\nd: ''\n", "{\"a\":\"1\",\"b\":\"true\",\"c\":\"\",\"d\":\"\"}");

	/* Plain multi-line scalars fold. */
	PARSES("a: one\n  two\n\n  three\nb: x\n", "{\"a\":\"one two\\nthree\",\"b\":\"x\"}");
	PARSES("- one\n  two\n- three\n", "[\"one two\",\"three\"]");

	/* Single quotes: '' and folding. */
	PARSES("a: 'it''s # not a comment'\n", "{\"a\":\"it's # not a comment\"}");
	PARSES("a: 'one  \n   two\n\n   three'\n", "{\"a\":\"one two\\nthree\"}");

	/* Double quotes: every escape. */
	PARSES("a: \"\\a\\b\\t\\\t\\n\\v\\f\\r\\e\\ \\\"\\/\\\\\"\n",
	       "{\"a\":\"\\u0007\\b\\t\\t\\n\\u000b\\f\\r\\u001b \\\"/\\\\\"}");
	PARSES("a: \"\\x41\\u00e9\\u20AC\\U0001F600\\N\\_\\L\\P\"\n",
	       "{\"a\":\"A\\u00e9\\u20ac\\ud83d\\ude00\\u0085\\u00a0\\u2028\\u2029\"}");
	PARSES("a: \"\\ud83d\\ude00\"\n", "{\"a\":\"\\ud83d\\ude00\"}");   /* a surrogate pair */
	PARSES("a: \"fold\n  ed\\\n  joined\n\n  para\"\n", "{\"a\":\"fold edjoined\\npara\"}");
	PARSES("a: \"kept \\\n  x\"\n", "{\"a\":\"kept x\"}");   /* blanks before an escaped break stay */
	PARSES("a: \"keep\\t\n  x\"\n", "{\"a\":\"keep\\t x\"}");         /* escaped blanks survive folding */
	PARSES("a: \"h\xC3\xA9llo \xE2\x82\xAC\"\n", "{\"a\":\"h\\u00e9llo \\u20ac\"}");  /* UTF-8 as is */
}

static void test_block_scalars(void)
{
	PARSES("a: |\n  line 1\n  line 2\nb: x\n", "{\"a\":\"line 1\\nline 2\\n\",\"b\":\"x\"}");
	PARSES("a: |-\n  x\n  y\n\n", "{\"a\":\"x\\ny\"}");
	PARSES("a: |+\n  x\n\n\nb: 1\n", "{\"a\":\"x\\n\\n\\n\",\"b\":1}");
	PARSES("a: |\n  x\n\n\nb: 1\n", "{\"a\":\"x\\n\",\"b\":1}");
	PARSES("a: |\n\n  after empty\n    more indented\n  back\n", "{\"a\":\"\\nafter empty\\n  more indented\\nback\\n\"}");
	PARSES("a: |2\n    two extra\n  none\n", "{\"a\":\"  two extra\\nnone\\n\"}");
	PARSES("a: |-2\n    x\n", "{\"a\":\"  x\"}");
	PARSES("a: |2-\n    x\n", "{\"a\":\"  x\"}");
	PARSES("a: | # comment\n  # not a comment\n", "{\"a\":\"# not a comment\\n\"}");
	PARSES("a: >\n  folded\n  text\n\n  new para\n    indented\n  end\n",
	       "{\"a\":\"folded text\\nnew para\\n  indented\\nend\\n\"}");
	PARSES("a: >-\n  x\n  y\n", "{\"a\":\"x y\"}");
	PARSES("a: |\nb: 1\n", "{\"a\":\"\",\"b\":1}");          /* empty */
	PARSES("a: >+\n\nb: 1\n", "{\"a\":\"\\n\",\"b\":1}");
	PARSES("- |\n  in a sequence\n- >\n  folded\n", "[\"in a sequence\\n\",\"folded\\n\"]");
	PARSES("a: |\n  tab\there\n   \n  x\n", "{\"a\":\"tab\\there\\n \\nx\\n\"}");
	PARSES("--- |\nroot text\n more\n", "\"root text\\n more\\n\"");
	PARSES("a: |\n  last line without break", "{\"a\":\"last line without break\"}");
	PARSES("a: |+\n  x\n\n  ", "{\"a\":\"x\\n\\n\"}");
}

/* ---- every refusal ---- */

static void test_refusals(void)
{
	REFUSED("a: &anchor 1\n", 1, "anchors");
	REFUSED("a: 1\nb: *anchor\n", 2, "aliases");
	REFUSED("a: !!str 1\n", 1, "tags");
	REFUSED("a:\n  - !custom x\n", 2, "tags");
	REFUSED("%TAG ! tag:example.com,2000:\n---\na: 1\n", 1, "tags");
	REFUSED("a: [*x]\n", 1, "aliases");
	REFUSED("a: {&x k: v}\n", 1, "anchors");
	REFUSED("- &a\n  x: 1\n", 1, "anchors");
	REFUSED("? complex\n: key\n", 1, "complex keys");
	REFUSED("a: [b: c]\n", 1, "flow sequence");
	REFUSED("[a]: b\n", 1, "complex keys");
	REFUSED("a: {[x]: y}\n", 1, "complex keys");
	REFUSED("a:\n\tb: 1\n", 2, "tab character used for indentation");
	REFUSED("a:\n  \tb: 1\n", 2, "tab character used for indentation");
	REFUSED("- x\n\t- y\n", 2, "tab");
	REFUSED("a: 1\nb: 2\na: 3\n", 3, "duplicate key \"a\"");
	REFUSED("x:\n  k: 1\n  'k': 2\n", 3, "duplicate key \"k\"");
	REFUSED("a: {k: 1, k: 2}\n", 1, "duplicate key \"k\"");
	REFUSED("a: 1\n---\nb: 2\n", 2, "several documents");
	REFUSED("a: 1\n...\nb: 2\n", 3, "after the end of the document");
	REFUSED("%FOO bar\na: 1\n", 1, "unknown directive");
	REFUSED("a: b: c\n", 1, "mapping values are not allowed");
	REFUSED("a: x\n  b: y\n", 2, "mapping values are not allowed");
	REFUSED("a: - x\n", 1, "block sequence cannot start");
	REFUSED("a: 1\n b: 2\n", 2, "mapping values are not allowed");   /* "1 b: 2" */
	REFUSED("a: 'x'\n  b: 2\n", 2, "bad indentation");
	REFUSED("- [x]\n  - y\n", 2, "bad indentation");
	REFUSED("a:\n    b: 1\n  c: 2\n", 3, "bad indentation (2 spaces where the mapping above has 0)");
	REFUSED("  a: 1\nb: 2\n", 2, "unexpected content");
	REFUSED("- a\n  - b\n- c\nd: 1\n", 4, "unexpected content");
	REFUSED("a: 1\n- b\n", 2, "sequence item where a mapping key");
	REFUSED("a: 1\nplain\n", 2, "expected a mapping key");
	REFUSED("a: [1, 2\n", 1, "unterminated flow sequence");
	REFUSED("a: {x: 1\n\n", 1, "unterminated flow mapping");
	REFUSED("a: [1 2] x\n", 1, "unexpected text after a flow collection");
	REFUSED("a: [1; 2}\n", 1, "expected ',' or ']'");
	REFUSED("a: \"open\nb: 1\n", 1, "unterminated double-quoted");
	REFUSED("a: 'open\n", 1, "unterminated single-quoted");
	REFUSED("a: \"x\" y\n", 1, "unexpected text after a quoted scalar");
	REFUSED("a: \"\\q\"\n", 1, "unknown escape");
	REFUSED("a: \"\\0\"\n", 1, "NUL");
	REFUSED("a: \"\\x00\"\n", 1, "NUL");
	REFUSED("a: \"\\u12\"\n", 1, "hexadecimal");
	REFUSED("a: \"\\ud800\"\n", 1, "lone surrogate");
	REFUSED("a: \"\\U00110000\"\n", 1, "U+10FFFF");
	REFUSED("a: |x\n  y\n", 1, "bad block scalar header");
	REFUSED("a: |0\n  y\n", 1, "bad block scalar header");
	REFUSED("a: | junk\n  y\n", 1, "unexpected text after a block scalar header");
	REFUSED("a: |\n\n     \n  y\n", 3, "leading empty line of a block scalar has more spaces");
	REFUSED("a: 99999999999999999999\n", 1, "does not fit in 64 bits");
	REFUSED("a: 1\nb: 1e999\n", 2, "out of range");
	REFUSED("a: .inf\n", 1, "infinity or NaN");
	REFUSED("a: [-.Inf]\n", 1, "infinity or NaN");
	REFUSED("a: .nan\n", 1, "infinity or NaN");
	REFUSED("a: @x\n", 1, "cannot start with '@'");
	REFUSED("a: `x`\n", 1, "cannot start with '`'");
	REFUSED("a: %x\n", 1, "cannot start with '%'");
	REFUSED("a: [,]\n", 1, "cannot start with ','");
	REFUSED("a: 1\nb: \x01\n", 2, "control character 0x01");
	REFUSED("a: \x7f\n", 1, "control character 0x7f");
	REFUSED("a: 1\nb: \xC3\n", 2, "invalid UTF-8");
	REFUSED("a: \xC0\xAF\n", 1, "invalid UTF-8");           /* overlong */
	REFUSED("a: \xED\xA0\x80\n", 1, "invalid UTF-8");       /* a surrogate */
	REFUSED("a: \xF4\x90\x80\x80\n", 1, "invalid UTF-8");   /* beyond U+10FFFF */
	REFUSED("a: \"x\n---\ny\"\n", 2, "document marker inside a quoted scalar");

	/* A NUL byte inside the given length. */
	{
		char err[128];
		json_t *out = (json_t *)1;
		CHECK_EQ_INT(yaml_parse("a: 1\nb: \0\n", 10, &out, err, sizeof(err)), -EINVAL);
		CHECK(out == NULL);
		CHECK(strstr(err, "line 2: control character 0x00") != NULL);
	}
}

static void test_limits(void)
{
	char err[128];
	json_t *out = (json_t *)1;
	size_t n = YAML_MAX_DEPTH + 1, i;
	char *deep = malloc(4 * (YAML_MAX_DEPTH + 2) * (YAML_MAX_DEPTH + 2));

	if (!deep)
		abort();

	/* Flow nesting: exactly the cap is fine, one more is refused. */
	for (i = 0; i < YAML_MAX_DEPTH; i++)
		deep[i] = '[';
	for (i = 0; i < YAML_MAX_DEPTH; i++)
		deep[YAML_MAX_DEPTH + i] = ']';
	CHECK_EQ_INT(yaml_parse(deep, 2 * YAML_MAX_DEPTH, &out, err, sizeof(err)), 0);
	json_decref(out);
	for (i = 0; i < n; i++)
		deep[i] = '[';
	for (i = 0; i < n; i++)
		deep[n + i] = ']';
	CHECK_EQ_INT(yaml_parse(deep, 2 * n, &out, err, sizeof(err)), -EINVAL);
	CHECK(out == NULL);
	CHECK(strstr(err, "line 1: nesting deeper than") != NULL);

	/* Block nesting: "- - - ... x", and mappings indented a step a level. */
	size_t len = 0;
	for (i = 0; i < n; i++) {
		deep[len++] = '-';
		deep[len++] = ' ';
	}
	deep[len++] = 'x';
	CHECK_EQ_INT(yaml_parse(deep, len, &out, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "nesting deeper than") != NULL);
	len = 0;
	for (i = 0; i < n; i++) {
		for (size_t k = 0; k < i; k++)
			deep[len++] = ' ';
		deep[len++] = 'k';
		deep[len++] = ':';
		deep[len++] = '\n';
	}
	CHECK_EQ_INT(yaml_parse(deep, len, &out, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "nesting deeper than") != NULL);
	free(deep);

	/* Size: the cap itself is read, one byte more is refused unread. */
	char *big = malloc(YAML_MAX_SIZE + 1);
	if (!big)
		abort();
	memset(big, ' ', YAML_MAX_SIZE + 1);
	big[0] = 'a';
	big[1] = ':';
	big[3] = 'b';
	CHECK_EQ_INT(yaml_parse(big, YAML_MAX_SIZE, &out, err, sizeof(err)), 0);
	json_decref(out);
	CHECK_EQ_INT(yaml_parse(big, YAML_MAX_SIZE + 1, &out, err, sizeof(err)), -EFBIG);
	CHECK(out == NULL);
	CHECK(strstr(err, "larger than") != NULL);
	free(big);

	/* No error buffer is fine. */
	CHECK_EQ_INT(yaml_parse("a: &x 1", 7, &out, NULL, 0), -EINVAL);
	CHECK_EQ_INT(yaml_parse("a: 1", 4, &out, NULL, 0), 0);
	json_decref(out);
}

/* ---- random input never crashes ---- */

static uint64_t rng_state;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* One parse of random text: either a value or -EINVAL with "line N: ..."
 * (or -EFBIG never: inputs are small). */
static void parse_random(const char *text, size_t len, unsigned *ok, unsigned *refused)
{
	char err[256];
	json_t *out = NULL;
	int rc = yaml_parse(text, len, &out, err, sizeof(err));
	if (rc == 0 && out) {
		/* A value that jansson can serialise (valid UTF-8 everywhere). */
		char *dump = json_dumps(out, JSON_ENCODE_ANY);
		if (!dump) {
			check_failed++;
			fprintf(stderr, "random input gave a value jansson cannot dump: %.*s\n", (int)len, text);
		}
		free(dump);
		json_decref(out);
		(*ok)++;
	} else if (rc == -EINVAL && !out && !strncmp(err, "line ", 5)) {
		(*refused)++;
	} else {
		check_failed++;
		fprintf(stderr, "random input: rc %d, err \"%s\":\n%.*s\n", rc, err, (int)len, text);
	}
}

static void test_random(void)
{
	static const char *valid[] = {
		"name: Hello\nlimits:\n  time_limit: 2\n  memory: 512\nkeywords: [a, b]\n",
		"- a: 1\n  b: [x, {y: z}]\n- - 1\n  - 2\n- |\n  text\n  more\n- >-\n  folded\n",
		"a: \"esc\\t\\u00e9\\\n  x\"\nb: 'it''s'\nc: plain\n  continued\n# c\nd: ~\n",
		"---\nk:\n- 1\n- 2.5\n- true\n...\n",
	};
	static const char alphabet[] = "ab1 :-#\n\n  \t[]{},'\"|>&*!?%.~\\0xe+";
	char buf[512];
	unsigned ok = 0, refused = 0;
	const char *seed_env = getenv("YAML_TEST_SEED");

	rng_state = seed_env ? strtoull(seed_env, NULL, 0) : 0x9E3779B97F4A7C15ull;
	if (!rng_state)
		rng_state = 1;
	printf("random seed 0x%llx (set YAML_TEST_SEED to repeat)\n", (unsigned long long)rng_state);

	for (int iter = 0; iter < 20000; iter++) {
		size_t len;
		if (iter % 2 == 0) {
			/* Random bytes, mostly YAML's own characters, sometimes any byte. */
			len = rng() % 120;
			for (size_t i = 0; i < len; i++)
				buf[i] = rng() % 8 ? alphabet[rng() % (sizeof(alphabet) - 1)] : (char)(rng() & 0xFF);
		} else {
			/* A valid document with a few bytes replaced, inserted or removed. */
			const char *v = valid[rng() % (sizeof(valid) / sizeof(valid[0]))];
			len = strlen(v);
			memcpy(buf, v, len);
			int edits = 1 + (int)(rng() % 4);
			for (int e = 0; e < edits && len > 0; e++) {
				size_t at = rng() % len;
				char c = rng() % 4 ? alphabet[rng() % (sizeof(alphabet) - 1)] : (char)(rng() & 0xFF);
				switch (rng() % 3) {
				case 0:
					buf[at] = c;
					break;
				case 1:
					if (len < sizeof(buf)) {
						memmove(buf + at + 1, buf + at, len - at);
						buf[at] = c;
						len++;
					}
					break;
				default:
					memmove(buf + at, buf + at + 1, len - at - 1);
					len--;
				}
			}
		}
		parse_random(buf, len, &ok, &refused);
	}
	printf("random: %u parsed, %u refused\n", ok, refused);
	/* Both outcomes happen, or the loop tested little. */
	CHECK(ok > 100);
	CHECK(refused > 100);
}

int main(void)
{
	test_legacy_problem_yaml();
	test_2025_problem_yaml();
	test_documents();
	test_block_collections();
	test_flow();
	test_scalars();
	test_block_scalars();
	test_refusals();
	test_limits();
	test_random();
	return check_done();
}
