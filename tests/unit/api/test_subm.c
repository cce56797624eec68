/* test_subm.c - api/subm*.c: Judge0's attributes parsed and checked (every
 * default, range and message), base64 in and out (Ruby's MIME lines,
 * non-UTF-8 bytes, NUL), the storage form, the judge_req, results and
 * `fields`, tokens. Languages come from a registry written here, so the
 * test needs no toolchain. */
#define _GNU_SOURCE
#include "base64.h"
#include "check.h"
#include "config.h"
#include "langinfo.h"
#include "subm.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ID_COMPILED 901
#define ID_SCRIPT 902
#define ID_MULTI 903
#define ID_MISSING 904
#define ID_LIMITS 905

static char dir[] = "/tmp/pairbox-test-subm-XXXXXX";

static void write_lang(const char *name, const char *json)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s.json", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(json, f);
	fclose(f);
}

static void setup_langs(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	write_lang("tc", "{\"name\": \"tc\", \"display\": \"TC\", \"judge0_id\": 901, \"source\": \"main.tc\","
			 " \"compile\": [\"/bin/sh\", \"-c\", \"true\"], \"run\": [\"/bin/sh\", \"main.tc\"]}");
	write_lang("ts", "{\"name\": \"ts\", \"display\": \"TS\", \"judge0_id\": 902, \"source\": \"main.ts\","
			 " \"run\": [\"/bin/sh\", \"main.ts\"]}");
	write_lang("tm", "{\"name\": \"tm\", \"display\": \"Multi\", \"judge0_id\": 903, \"run\": [\"/bin/sh\", \"run\"],"
			 " \"requires\": [\"/bin/sh\"], \"multi_file\": true}");
	write_lang("tx", "{\"name\": \"tx\", \"display\": \"Missing\", \"judge0_id\": 904, \"source\": \"m\","
			 " \"run\": [\"/nonexistent/pairbox-tool\", \"m\"]}");
	write_lang("tl", "{\"name\": \"tl\", \"display\": \"Limits\", \"judge0_id\": 905, \"source\": \"m\","
			 " \"run\": [\"/bin/sh\", \"m\"], \"limits\": {\"memory_limit\": 256000, \"max_file_size\": 65536,"
			 " \"cpu_time_limit\": 2.5}}");
	char err[256];
	if (lang_registry_load(dir, err, sizeof(err))) {
		fprintf(stderr, "lang_registry_load: %s\n", err);
		exit(2);
	}
}

static void cleanup_langs(void)
{
	const char *names[] = { "tc", "ts", "tm", "tx", "tl" };
	char path[256];
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s.json", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* Parse text (a JSON object) with cfg; returns subm_parse's result and
 * the 422 body as compact JSON in errs_out (or ""). */
static int parse(const char *text, bool base64, const struct config *cfg, struct subm *s, char *errs_out, size_t len)
{
	json_error_t je;
	json_t *in = json_loads(text, JSON_ALLOW_NUL, &je);
	if (!in) {
		fprintf(stderr, "bad test JSON %s: %s\n", text, je.text);
		exit(2);
	}
	json_t *errors = NULL;
	int r = subm_parse(in, base64, cfg, s, &errors);
	errs_out[0] = '\0';
	if (errors) {
		char *t = json_dumps(errors, JSON_COMPACT);
		snprintf(errs_out, len, "%s", t ? t : "");
		free(t);
		json_decref(errors);
	}
	json_decref(in);
	return r;
}

/* The 422 body for one request, or "" when it is accepted. */
static const char *errors_of(const char *text, const struct config *cfg)
{
	static char buf[2048];
	struct subm s;
	if (parse(text, false, cfg, &s, buf, sizeof(buf)) == 0)
		subm_release(&s);
	return buf;
}

static void test_defaults(const struct config *cfg)
{
	struct subm s;
	char e[1024];
	CHECK_EQ_INT(parse("{\"source_code\": \"echo hi\", \"language_id\": 902}", false, cfg, &s, e, sizeof(e)), 0);
	CHECK(s.lang && s.lang->judge0_id == ID_SCRIPT);
	CHECK_EQ_INT(s.language_id, ID_SCRIPT);
	CHECK_EQ_STR(s.source_code.data, "echo hi");
	CHECK(s.stdin_data.data == NULL && s.expected_output.data == NULL && s.additional_files.data == NULL);
	CHECK(s.compiler_options.data == NULL && s.command_line_arguments.data == NULL && s.callback_url.data == NULL);
	CHECK(s.cpu_time_limit == 5.0 && s.cpu_extra_time == 1.0 && s.wall_time_limit == 10.0);
	CHECK_EQ_INT(s.memory_limit, 128000);
	CHECK_EQ_INT(s.stack_limit, 64000);
	CHECK_EQ_INT(s.max_processes_and_or_threads, 60);
	CHECK_EQ_INT(s.max_file_size, 1024);
	CHECK_EQ_INT(s.number_of_runs, 1);
	CHECK(!s.enable_per_process_and_thread_time_limit && !s.enable_per_process_and_thread_memory_limit);
	CHECK(!s.redirect_stderr_to_stdout && !s.enable_network);
	subm_release(&s);

	/* null, "" and blanks mean "not given"; strings hold numbers (forms). */
	CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": \"902\", \"cpu_time_limit\": null,"
			   " \"memory_limit\": \"\", \"wall_time_limit\": \" 3.5 \", \"number_of_runs\": \"3\","
			   " \"redirect_stderr_to_stdout\": \"true\", \"enable_network\": \"0\","
			   " \"stdin\": \"in\", \"expected_output\": \"\"}", false, cfg, &s, e, sizeof(e)), 0);
	CHECK(s.cpu_time_limit == 5.0 && s.wall_time_limit == 3.5);
	CHECK_EQ_INT(s.memory_limit, 128000);
	CHECK_EQ_INT(s.number_of_runs, 3);
	CHECK(s.redirect_stderr_to_stdout && !s.enable_network);
	CHECK_EQ_STR(s.stdin_data.data, "in");
	CHECK(s.expected_output.data && s.expected_output.len == 0);   /* "" is given, unlike null */
	subm_release(&s);

	/* The server's defaults come from its configuration. */
	struct config c2 = *cfg;
	c2.cpu_time_limit = 2;
	c2.memory_limit = 64000;
	c2.redirect_stderr_to_stdout = true;
	CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 902}", false, &c2, &s, e, sizeof(e)), 0);
	CHECK(s.cpu_time_limit == 2.0 && s.memory_limit == 64000 && s.redirect_stderr_to_stdout);
	subm_release(&s);

	/* A language's own limits replace the defaults, not a client's values. */
	CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 905}", false, cfg, &s, e, sizeof(e)), 0);
	CHECK_EQ_INT(s.memory_limit, 256000);
	CHECK_EQ_INT(s.max_file_size, 65536);
	CHECK(s.cpu_time_limit == 2.5);
	subm_release(&s);
	CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 905, \"memory_limit\": 100000}", false, cfg, &s, e,
			   sizeof(e)), 0);
	CHECK_EQ_INT(s.memory_limit, 100000);
	subm_release(&s);
}

static void test_ranges(const struct config *cfg)
{
	struct {
		const char *attr, *value, *errors;
	} cases[] = {
		{ "number_of_runs", "0", "{\"number_of_runs\":[\"must be greater than 0\"]}" },
		{ "number_of_runs", "21", "{\"number_of_runs\":[\"must be less than or equal to 20\"]}" },
		{ "number_of_runs", "20", "" },
		{ "cpu_time_limit", "-0.5", "{\"cpu_time_limit\":[\"must be greater than or equal to 0\"]}" },
		{ "cpu_time_limit", "15.5", "{\"cpu_time_limit\":[\"must be less than or equal to 15.0\"]}" },
		{ "cpu_time_limit", "0", "" },
		{ "cpu_time_limit", "15", "" },
		{ "cpu_extra_time", "-1", "{\"cpu_extra_time\":[\"must be greater than or equal to 0\"]}" },
		{ "cpu_extra_time", "5.01", "{\"cpu_extra_time\":[\"must be less than or equal to 5.0\"]}" },
		{ "wall_time_limit", "0.5", "{\"wall_time_limit\":[\"must be greater than or equal to 1\"]}" },
		{ "wall_time_limit", "21", "{\"wall_time_limit\":[\"must be less than or equal to 20.0\"]}" },
		{ "memory_limit", "2047", "{\"memory_limit\":[\"must be greater than or equal to 2048\"]}" },
		{ "memory_limit", "512001", "{\"memory_limit\":[\"must be less than or equal to 512000\"]}" },
		{ "memory_limit", "2048", "" },
		{ "stack_limit", "-1", "{\"stack_limit\":[\"must be greater than or equal to 0\"]}" },
		{ "stack_limit", "128001", "{\"stack_limit\":[\"must be less than or equal to 128000\"]}" },
		{ "max_processes_and_or_threads", "0", "{\"max_processes_and_or_threads\":[\"must be greater than 0\"]}" },
		{ "max_processes_and_or_threads", "121",
		  "{\"max_processes_and_or_threads\":[\"must be less than or equal to 120\"]}" },
		{ "max_file_size", "-1", "{\"max_file_size\":[\"must be greater than or equal to 0\"]}" },
		{ "max_file_size", "4097", "{\"max_file_size\":[\"must be less than or equal to 4096\"]}" },
		{ "memory_limit", "\"abc\"", "{\"memory_limit\":[\"is not a number\"]}" },
		{ "memory_limit", "\"0x1000\"", "{\"memory_limit\":[\"is not a number\"]}" },
		{ "cpu_time_limit", "true", "{\"cpu_time_limit\":[\"is not a number\"]}" },
		{ "cpu_time_limit", "[1]", "{\"cpu_time_limit\":[\"is not a number\"]}" },
		{ "cpu_time_limit", "\"2.5\"", "" },
		{ "cpu_time_limit", "\"1e1\"", "" },
		{ "redirect_stderr_to_stdout", "\"maybe\"", "{\"redirect_stderr_to_stdout\":[\"is not a boolean\"]}" },
		{ "redirect_stderr_to_stdout", "2", "{\"redirect_stderr_to_stdout\":[\"is not a boolean\"]}" },
		{ "redirect_stderr_to_stdout", "\"off\"", "" },
		{ "enable_network", "{}", "{\"enable_network\":[\"is not a boolean\"]}" },
		{ "stdin", "[\"a\"]", "{\"stdin\":[\"must be a string\"]}" },
		{ "expected_output", "true", "{\"expected_output\":[\"must be a string\"]}" },
		{ "stdin", "42", "" },
		{ "additional_files", "\"not base64!\"", "{\"additional_files\":[\"is not valid base64\"]}" },
		{ "callback_url", "\"ftp://example.com/x\"", "{\"callback_url\":[\"must be an http:// or https:// URL\"]}" },
		{ "callback_url", "\"http://a b\"",
		  "{\"callback_url\":[\"must not contain spaces or control characters\"]}" },
		{ "callback_url", "\"https://example.com/hook\"", "" },
		{ "command_line_arguments", "\"a 'b\"", "{\"command_line_arguments\":[\"has an unbalanced quote\"]}" },
		{ "command_line_arguments", "\"a\\u0000b\"",
		  "{\"command_line_arguments\":[\"must not contain a NUL character\"]}" },
		{ "command_line_arguments", "\"a\\nb\\t'c d' \\\"e\\\"\"", "" },
		{ "enable_per_process_and_thread_time_limit", "true", "" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];
		snprintf(text, sizeof(text), "{\"source_code\": \"x\", \"language_id\": 902, \"%s\": %s}", cases[i].attr,
			 cases[i].value);
		const char *got = errors_of(text, cfg);
		if (strcmp(got, cases[i].errors) != 0)
			fprintf(stderr, "case %zu: %s\n", i, text);
		CHECK_EQ_STR(got, cases[i].errors);
	}

	/* Several at once keep Judge0's order of validation. */
	CHECK_EQ_STR(errors_of("{\"cpu_time_limit\": 100, \"number_of_runs\": 0, \"memory_limit\": \"x\"}", cfg),
		     "{\"source_code\":[\"can't be blank\"],\"language_id\":[\"can't be blank\"],"
		     "\"number_of_runs\":[\"must be greater than 0\"],"
		     "\"cpu_time_limit\":[\"must be less than or equal to 15.0\"],\"memory_limit\":[\"is not a number\"]}");

	/* Maxima follow the configuration, floats in Ruby's way. */
	struct config c2 = *cfg;
	c2.max_cpu_time_limit = 2.5;
	c2.max_memory_limit = 1000000;
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 902, \"cpu_time_limit\": 3,"
			       " \"memory_limit\": 1000001}", &c2),
		     "{\"cpu_time_limit\":[\"must be less than or equal to 2.5\"],"
		     "\"memory_limit\":[\"must be less than or equal to 1000000\"]}");
	/* Ruby writes very large and very small floats with an exponent. */
	c2.max_cpu_time_limit = 1e20;
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 902, \"cpu_time_limit\": 1e21}", &c2),
		     "{\"cpu_time_limit\":[\"must be less than or equal to 1.0e+20\"]}");
	c2.max_cpu_time_limit = 2.5e-5;
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 902, \"cpu_time_limit\": 1}", &c2),
		     "{\"cpu_time_limit\":[\"must be less than or equal to 2.5e-05\"]}");
}

static void test_language_and_source(const struct config *cfg)
{
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\"}", cfg), "{\"language_id\":[\"can't be blank\"]}");
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": null}", cfg),
		     "{\"language_id\":[\"can't be blank\"]}");
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": \"abc\"}", cfg),
		     "{\"language_id\":[\"is not a number\"]}");
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 71.5}", cfg),
		     "{\"language_id\":[\"is not a number\"]}");
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 150000}", cfg),
		     "{\"language_id\":[\"language with id 150000 doesn't exist\"]}");
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 904}", cfg),
		     "{\"language_id\":[\"language with id 904 (Missing) is not installed on this server\"]}");
	CHECK_EQ_STR(errors_of("{\"language_id\": 902}", cfg), "{\"source_code\":[\"can't be blank\"]}");
	CHECK_EQ_STR(errors_of("{\"language_id\": 902, \"source_code\": \" \\n\\t\"}", cfg),
		     "{\"source_code\":[\"can't be blank\"]}");
	CHECK_EQ_STR(errors_of("{\"language_id\": 902, \"source_code\": [\"x\"]}", cfg),
		     "{\"source_code\":[\"must be a string\"]}");
	CHECK_EQ_STR(errors_of("{\"language_id\": 902, \"source_code\": 12}", cfg), "");
	CHECK_EQ_STR(errors_of("[1, 2]", cfg), "{\"submission\":[\"must be a JSON object\"]}");
	/* Multi-file: no source of its own, the zip is required. */
	CHECK_EQ_STR(errors_of("{\"language_id\": 903, \"source_code\": \"x\"}", cfg),
		     "{\"source_code\":[\"must be blank\"],\"additional_files\":[\"can't be blank\"]}");
	CHECK_EQ_STR(errors_of("{\"language_id\": 903, \"additional_files\": \"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\"}", cfg),
		     "");
}

static void test_switches(const struct config *cfg)
{
	struct config c = *cfg;
	const char *opts = "{\"source_code\": \"x\", \"language_id\": 901, \"compiler_options\": \"-O2 -Wall\"}";
	CHECK_EQ_STR(errors_of(opts, &c), "");
	c.enable_compiler_options = false;
	CHECK_EQ_STR(errors_of(opts, &c), "{\"compiler_options\":[\"setting compiler options is not allowed\"]}");
	/* Blank options are no options. */
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 901, \"compiler_options\": \"  \"}", &c), "");
	c = *cfg;
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 902, \"compiler_options\": \"-O2\"}", &c),
		     "{\"compiler_options\":[\"setting compiler options is only allowed for compiled languages\"]}");
	c.allowed_languages_for_compile_options = "C Java";
	CHECK_EQ_STR(errors_of(opts, &c),
		     "{\"compiler_options\":[\"setting compiler options is only allowed for C and Java\"]}");
	c.allowed_languages_for_compile_options = "C C++ Java";
	CHECK_EQ_STR(errors_of(opts, &c),
		     "{\"compiler_options\":[\"setting compiler options is only allowed for C, C++ and Java\"]}");
	c.allowed_languages_for_compile_options = "TC";        /* a name's start, then a space */
	char name[128];
	langinfo_name(ID_COMPILED, name, sizeof(name));
	CHECK_EQ_STR(errors_of(opts, &c), strchr(name, ' ') ? "" : "{\"compiler_options\":[\"setting compiler options "
								      "is only allowed for TC\"]}");
	c.allowed_languages_for_compile_options = "50 901";    /* or Judge0 ids */
	CHECK_EQ_STR(errors_of(opts, &c), "");
	c = *cfg;
	char big[700];
	snprintf(big, sizeof(big), "{\"source_code\": \"x\", \"language_id\": 901, \"compiler_options\": \"%0513d\"}", 0);
	CHECK_EQ_STR(errors_of(big, &c), "{\"compiler_options\":[\"is too long (maximum is 512 characters)\"]}");
	/* 512 characters of two bytes each are still 512 characters. */
	char wide[1200] = "{\"source_code\": \"x\", \"language_id\": 901, \"compiler_options\": \"";
	size_t wl = strlen(wide);
	for (int i = 0; i < 512; i++, wl += 2)
		memcpy(wide + wl, "\xc3\xa9", 2);   /* NOLINT(bugprone-not-null-terminated-result): ended below */
	memcpy(wide + wl, "\"}", 3);
	CHECK_EQ_STR(errors_of(wide, &c), "");

	const char *args = "{\"source_code\": \"x\", \"language_id\": 902, \"command_line_arguments\": \"a b\"}";
	CHECK_EQ_STR(errors_of(args, &c), "");
	c.enable_command_line_arguments = false;
	CHECK_EQ_STR(errors_of(args, &c),
		     "{\"command_line_arguments\":[\"setting command line arguments is not allowed\"]}");
	c = *cfg;
	const char *cb = "{\"source_code\": \"x\", \"language_id\": 902, \"callback_url\": \"http://example.com/\"}";
	c.enable_callbacks = false;
	CHECK_EQ_STR(errors_of(cb, &c), "{\"callback_url\":[\"setting callback is not allowed\"]}");
	c = *cfg;
	const char *files = "{\"source_code\": \"x\", \"language_id\": 902, \"additional_files\": \"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\"}";
	CHECK_EQ_STR(errors_of(files, &c), "");
	c.enable_additional_files = false;
	CHECK_EQ_STR(errors_of(files, &c), "{\"additional_files\":[\"setting additional files is not allowed\"]}");
	c = *cfg;
	const char *net = "{\"source_code\": \"x\", \"language_id\": 902, \"enable_network\": true}";
	CHECK_EQ_STR(errors_of(net, &c), "");
	c.allow_enable_network = false;
	CHECK_EQ_STR(errors_of(net, &c), "{\"enable_network\":[\"enabling network is not allowed\"]}");
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 902, \"enable_network\": false}", &c), "");
	c = *cfg;
	c.allow_enable_per_process_and_thread_time_limit = false;
	c.allow_enable_per_process_and_thread_memory_limit = false;
	CHECK_EQ_STR(errors_of("{\"source_code\": \"x\", \"language_id\": 902,"
			       " \"enable_per_process_and_thread_time_limit\": true,"
			       " \"enable_per_process_and_thread_memory_limit\": \"t\"}", &c),
		     "{\"enable_per_process_and_thread_time_limit\":[\"this option cannot be enabled\"],"
		     "\"enable_per_process_and_thread_memory_limit\":[\"this option cannot be enabled\"]}");
}

static void test_base64_in(const struct config *cfg)
{
	struct subm s;
	char e[512];
	/* "\xff\x00hi\n" and "in\x00put" */
	CHECK_EQ_INT(parse("{\"source_code\": \"/wBoaQo=\", \"language_id\": 902, \"stdin\": \"aW4AcHV0\\n\","
			   " \"expected_output\": \"b2s=\"}", true, cfg, &s, e, sizeof(e)), 0);
	CHECK_EQ_INT(s.source_code.len, 5);
	CHECK(memcmp(s.source_code.data, "\xff\0hi\n", 5) == 0);
	CHECK_EQ_INT(s.stdin_data.len, 6);
	CHECK(memcmp(s.stdin_data.data, "in\0put", 6) == 0);
	CHECK_EQ_STR(s.expected_output.data, "ok");
	subm_release(&s);
	/* Without base64_encoded the same text is taken as it is. */
	CHECK_EQ_INT(parse("{\"source_code\": \"/wBoaQo=\", \"language_id\": 902}", false, cfg, &s, e, sizeof(e)), 0);
	CHECK_EQ_STR(s.source_code.data, "/wBoaQo=");
	subm_release(&s);
	/* JSON's \u0000 reaches the program. */
	CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 902, \"stdin\": \"a\\u0000b\"}", false, cfg, &s, e,
			   sizeof(e)), 0);
	CHECK_EQ_INT(s.stdin_data.len, 3);
	subm_release(&s);
	/* Ruby's MIME lines in a request are fine; other junk is a 422. */
	CHECK_EQ_INT(parse("{\"source_code\": \"ZWNobyBo\\naQ==\\n\", \"language_id\": 902}", true, cfg, &s, e,
			   sizeof(e)), 0);
	CHECK_EQ_STR(s.source_code.data, "echo hi");
	subm_release(&s);
	CHECK_EQ_INT(parse("{\"source_code\": \"echo hi!\", \"language_id\": 902}", true, cfg, &s, e, sizeof(e)), -EINVAL);
	CHECK_EQ_STR(e, "{\"source_code\":[\"is not valid base64\"]}");
	/* A base64 source that decodes to blanks is blank. */
	CHECK_EQ_INT(parse("{\"source_code\": \"ICAK\", \"language_id\": 902}", true, cfg, &s, e, sizeof(e)), -EINVAL);
	CHECK_EQ_STR(e, "{\"source_code\":[\"can't be blank\"]}");
}

static void test_storage(const struct config *cfg)
{
	struct subm s, t;
	char e[512];
	CHECK_EQ_INT(parse("{\"source_code\": \"/wBoaQo=\", \"language_id\": 901, \"stdin\": \"aW4AcHV0\","
			   " \"expected_output\": \"b2s=\", \"additional_files\": \"UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==\","
			   " \"compiler_options\": \"-O2 -DX='a b'\", \"command_line_arguments\": \"1 2\","
			   " \"callback_url\": \"http://127.0.0.1:9/cb\", \"cpu_time_limit\": 1.25, \"cpu_extra_time\": 0.5,"
			   " \"wall_time_limit\": 3, \"memory_limit\": 100000, \"stack_limit\": 1000,"
			   " \"max_processes_and_or_threads\": 7, \"max_file_size\": 10, \"number_of_runs\": 2,"
			   " \"enable_per_process_and_thread_time_limit\": true, \"redirect_stderr_to_stdout\": true,"
			   " \"enable_network\": true}", true, cfg, &s, e, sizeof(e)), 0);
	char *text = subm_dump(&s);
	CHECK(text != NULL);
	CHECK_EQ_INT(subm_load(text, &t), 0);
	CHECK(t.lang == s.lang);
	CHECK_EQ_INT(t.language_id, 901);
	CHECK(t.source_code.len == 5 && memcmp(t.source_code.data, "\xff\0hi\n", 5) == 0);
	CHECK(t.stdin_data.len == 6 && memcmp(t.stdin_data.data, "in\0put", 6) == 0);
	CHECK_EQ_STR(t.expected_output.data, "ok");
	CHECK_EQ_INT(t.additional_files.len, 22);
	CHECK_EQ_STR(t.compiler_options.data, "-O2 -DX='a b'");
	CHECK_EQ_STR(t.command_line_arguments.data, "1 2");
	CHECK_EQ_STR(t.callback_url.data, "http://127.0.0.1:9/cb");
	CHECK(t.cpu_time_limit == 1.25 && t.cpu_extra_time == 0.5 && t.wall_time_limit == 3.0);
	CHECK(t.memory_limit == 100000 && t.stack_limit == 1000 && t.max_processes_and_or_threads == 7);
	CHECK(t.max_file_size == 10 && t.number_of_runs == 2);
	CHECK(t.enable_per_process_and_thread_time_limit && !t.enable_per_process_and_thread_memory_limit);
	CHECK(t.redirect_stderr_to_stdout && t.enable_network);
	CHECK(t.ntests == 0 && t.compare[0] == '\0');

	/* The judge_req it makes. */
	struct judge_req req;
	struct judge_test *tests;
	CHECK_EQ_INT(subm_judge_req(&t, &req, &tests), 0);
	CHECK(req.lang == t.lang && req.source_len == 5 && req.ntests == 1 && req.tests == tests);
	CHECK(tests[0].input_len == 6 && tests[0].answer && tests[0].answer_len == 2);
	CHECK_EQ_INT(req.run.cpu_ms, 1250);
	CHECK_EQ_INT(req.run.extra_ms, 500);
	CHECK_EQ_INT(req.run.wall_ms, 3000);
	CHECK_EQ_INT(req.run.memory_kb, 100000);
	CHECK_EQ_INT(req.run.stack_kb, 1000);
	CHECK_EQ_INT(req.run.processes, 7);
	CHECK_EQ_INT(req.run.fsize_kb, 10);
	CHECK_EQ_INT(req.run.output_bytes, 10 * 1024);
	CHECK_EQ_INT(req.runs, 2);
	CHECK(req.merge_stderr && req.network);
	CHECK_EQ_STR(req.compiler_options, "-O2 -DX='a b'");
	CHECK_EQ_STR(req.args, "1 2");
	CHECK(req.additional_files_len == 22 && req.compare.mode == CMP_JUDGE0);
	free(tests);
	subm_release(&t);
	free(text);
	subm_release(&s);

	/* No expected_output: nothing to compare. Many tests (native). */
	CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 902}", false, cfg, &s, e, sizeof(e)), 0);
	CHECK_EQ_INT(subm_judge_req(&s, &req, &tests), 0);
	CHECK(tests[0].answer == NULL && tests[0].input == NULL);
	free(tests);
	s.tests = calloc(2, sizeof(*s.tests));
	s.ntests = 2;
	s.tests[0].name.data = strdup("a");
	s.tests[0].name.len = 1;
	s.tests[0].input.data = strdup("1 2");
	s.tests[0].input.len = 3;
	s.tests[0].expected.data = strdup("3");
	s.tests[0].expected.len = 1;
	s.tests[1].name.data = strdup("b");
	s.tests[1].name.len = 1;
	snprintf(s.compare, sizeof(s.compare), "tokens,float=1e-6");
	text = subm_dump(&s);
	CHECK_EQ_INT(subm_load(text, &t), 0);
	CHECK_EQ_INT(t.ntests, 2);
	CHECK_EQ_STR(t.tests[0].name.data, "a");
	CHECK_EQ_STR(t.tests[0].input.data, "1 2");
	CHECK_EQ_STR(t.tests[0].expected.data, "3");
	CHECK(t.tests[1].input.data == NULL && t.tests[1].expected.data == NULL);
	CHECK_EQ_STR(t.compare, "tokens,float=1e-6");
	CHECK_EQ_INT(subm_judge_req(&t, &req, &tests), 0);
	CHECK(req.ntests == 2 && req.compare.mode == CMP_TOKENS);
	CHECK_EQ_STR(tests[0].name, "a");
	free(tests);
	t.lang = NULL;
	CHECK_EQ_INT(subm_judge_req(&t, &req, &tests), -ENOENT);
	subm_release(&t);
	free(text);
	subm_release(&s);
	CHECK_EQ_INT(subm_load("{not json", &t), -EINVAL);
	CHECK_EQ_INT(subm_load("{\"source_code\": \"!!\"}", &t), -EINVAL);

	/* A problem submission keeps the slug and the scope, never tests;
	 * subm_judge_req leaves those to psubm.c. */
	static const char *const scopes[] = { "all", "samples", "custom" };
	for (int k = SUBM_SCOPE_ALL; k <= SUBM_SCOPE_CUSTOM; k++) {
		CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 902}", false, cfg, &s, e, sizeof(e)), 0);
		snprintf(s.problem, sizeof(s.problem), "two-sum");
		s.scope = (enum subm_scope)k;
		text = subm_dump(&s);
		json_t *stored = json_loads(text, 0, NULL);
		json_t *pr = json_object_get(stored, "problem");
		CHECK_EQ_STR(json_string_value(json_object_get(pr, "slug")), "two-sum");
		CHECK_EQ_STR(json_string_value(json_object_get(pr, "tests")), scopes[k - 1]);
		CHECK(!json_object_get(stored, "tests"));
		json_decref(stored);
		CHECK_EQ_INT(subm_load(text, &t), 0);
		CHECK_EQ_STR(t.problem, "two-sum");
		CHECK_EQ_INT(t.scope, k);
		CHECK_EQ_INT(subm_judge_req(&t, &req, &tests), -EINVAL);
		subm_release(&t);
		free(text);
		subm_release(&s);
	}
	/* Without one, no key at all (rows written before keep loading). */
	CHECK_EQ_INT(parse("{\"source_code\": \"x\", \"language_id\": 902}", false, cfg, &s, e, sizeof(e)), 0);
	text = subm_dump(&s);
	CHECK(strstr(text, "\"problem\"") == NULL);
	CHECK_EQ_INT(subm_load(text, &t), 0);
	CHECK(t.problem[0] == '\0' && t.scope == SUBM_SCOPE_NONE);
	subm_release(&t);
	free(text);
	subm_release(&s);
	CHECK_EQ_INT(subm_load("{\"language_id\": 902, \"problem\": {\"slug\": \"x\", \"tests\": \"some\"}}", &t), -EINVAL);
	CHECK_EQ_INT(subm_load("{\"language_id\": 902, \"problem\": {\"tests\": \"all\"}}", &t), -EINVAL);
}

static json_t *render(const struct store_row *row, const char *fields, bool b64, int *rc, char *err, size_t errlen)
{
	json_t *out = NULL;
	*rc = subm_render(row, fields, b64, &out, err, errlen);
	return out;
}

static void test_render(const struct config *cfg)
{
	struct subm s;
	char e[512], err[512];
	int rc;
	CHECK_EQ_INT(parse("{\"source_code\": \"echo hi\", \"language_id\": 902, \"stdin\": \"in\","
			   " \"cpu_time_limit\": 2}", false, cfg, &s, e, sizeof(e)), 0);
	struct store_row row = { 0 };
	subm_token(row.token);
	row.request = subm_dump(&s);
	row.status_id = 1;
	row.created_at_ms = 1704067200123LL;
	subm_release(&s);

	/* In Queue: the default fields, in Judge0's order. */
	json_t *o = render(&row, NULL, false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	char *t = json_dumps(o, JSON_COMPACT);
	char want[512];
	snprintf(want, sizeof(want), "{\"stdout\":null,\"time\":null,\"memory\":null,\"stderr\":null,\"token\":\"%s\","
		 "\"compile_output\":null,\"message\":null,\"status\":{\"id\":1,\"description\":\"In Queue\"}}", row.token);
	CHECK_EQ_STR(t, want);
	free(t);
	json_decref(o);

	/* Every attribute for "*", none of pairbox's own. */
	o = render(&row, "*", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(json_object_size(o), 35);
	CHECK(!json_object_get(o, "limit") && !json_object_get(o, "tests"));
	CHECK_EQ_STR(json_string_value(json_object_get(o, "created_at")), "2024-01-01T00:00:00.123Z");
	CHECK(json_is_null(json_object_get(o, "finished_at")));
	CHECK_EQ_STR(json_string_value(json_object_get(o, "cpu_time_limit")), "2.0");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "cpu_extra_time")), "1.0");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "wall_time_limit")), "10.0");
	CHECK_EQ_INT(json_integer_value(json_object_get(o, "memory_limit")), 128000);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "source_code")), "echo hi");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stdin")), "in");
	CHECK(json_is_null(json_object_get(o, "expected_output")));
	CHECK(json_is_false(json_object_get(o, "enable_network")));
	CHECK_EQ_INT(json_integer_value(json_object_get(o, "status_id")), 1);
	CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(o, "language"), "id")), ID_SCRIPT);
	CHECK(json_is_string(json_object_get(json_object_get(o, "language"), "name")));
	/* The first keys in the serializer's order. */
	const char *first[] = { "source_code", "language_id", "stdin", "expected_output", "stdout", "status_id" };
	void *it = json_object_iter(o);
	for (size_t i = 0; i < 6 && it; i++, it = json_object_iter_next(o, it))
		CHECK_EQ_STR(json_object_iter_key(it), first[i]);
	json_decref(o);

	/* fields: a selection, pairbox's own by name, unknown names. */
	o = render(&row, " token , status_id,limit", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(json_object_size(o), 3);
	CHECK(json_is_null(json_object_get(o, "limit")));
	json_decref(o);
	o = render(&row, "token,foo,bar", false, &rc, err, sizeof(err));
	CHECK(o == NULL);
	CHECK_EQ_INT(rc, -EINVAL);
	CHECK_EQ_STR(err, "invalid fields: [foo, bar]");
	CHECK_EQ_INT(subm_fields_check("*,nope", err, sizeof(err)), -EINVAL);
	CHECK_EQ_STR(err, "invalid fields: [nope]");
	CHECK_EQ_INT(subm_fields_check("*", err, sizeof(err)), 0);
	CHECK_EQ_INT(subm_fields_check("", err, sizeof(err)), 0);
	CHECK_EQ_INT(subm_fields_check(NULL, err, sizeof(err)), 0);
	CHECK_EQ_INT(subm_fields_check("x\x01\xff", err, sizeof(err)), -EINVAL);
	CHECK_EQ_STR(err, "invalid fields: [x??]");

	/* Finished, with output that is not UTF-8 (and a NUL). */
	struct judge_result jr;
	judge_result_init(&jr);
	jr.status = 3;
	jr.ntests = jr.nrun = 1;
	jr.tests = calloc(1, sizeof(*jr.tests));
	box_result_init(&jr.tests[0].run);
	outbuf_init(&jr.tests[0].run.out, 1 << 20);
	outbuf_append(&jr.tests[0].run.out, "\xff\0hi", 4);
	outbuf_init(&jr.tests[0].run.err, 1 << 20);
	outbuf_append(&jr.tests[0].run.err, "warn\n", 5);
	jr.tests[0].run.exit_code = 0;
	jr.tests[0].cpu_ms = 2;
	jr.tests[0].wall_ms = 1500;
	jr.tests[0].memory_kb = 300;
	row.result = subm_result_dump(&jr);
	CHECK(row.result != NULL);
	row.status_id = 3;
	row.finished_at_ms = 1704067201000LL;
	o = render(&row, NULL, false, &rc, err, sizeof(err));
	CHECK(o == NULL);
	CHECK_EQ_INT(rc, -EILSEQ);
	CHECK_EQ_STR(err, SUBM_UTF8_ERROR);
	/* Not asked for, it does not matter. */
	o = render(&row, "stderr,time,wall_time,memory,exit_code,exit_signal,finished_at", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stderr")), "warn\n");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "time")), "0.002");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "wall_time")), "1.5");
	CHECK_EQ_INT(json_integer_value(json_object_get(o, "memory")), 300);
	CHECK_EQ_INT(json_integer_value(json_object_get(o, "exit_code")), 0);
	CHECK(json_is_null(json_object_get(o, "exit_signal")));
	CHECK_EQ_STR(json_string_value(json_object_get(o, "finished_at")), "2024-01-01T00:00:01.000Z");
	json_decref(o);
	/* base64: Ruby's encode64, and the bytes come back. */
	o = render(&row, "stdout,stderr,source_code,stdin,message,status", true, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stdout")), "/wBoaQ==\n");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stderr")), "d2Fybgo=\n");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "source_code")), "ZWNobyBoaQ==\n");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "stdin")), "aW4=\n");
	CHECK(json_is_null(json_object_get(o, "message")));
	CHECK_EQ_STR(json_string_value(json_object_get(json_object_get(o, "status"), "description")), "Accepted");
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);

	/* Ruby's MIME lines: 60 characters, a newline after each and at the end. */
	judge_result_init(&jr);
	jr.status = 4;
	snprintf(jr.message, sizeof(jr.message), "line 1: expected 'x'");
	jr.ntests = jr.nrun = 1;
	jr.tests = calloc(1, sizeof(*jr.tests));
	box_result_init(&jr.tests[0].run);
	outbuf_init(&jr.tests[0].run.out, 1 << 20);
	for (int i = 0; i < 46; i++)
		outbuf_append(&jr.tests[0].run.out, "a", 1);
	jr.tests[0].cpu_ms = 10;
	row.result = subm_result_dump(&jr);
	row.status_id = 4;
	o = render(&row, "stdout,time,message", true, &rc, err, sizeof(err));
	const char *b = json_string_value(json_object_get(o, "stdout"));
	CHECK(b && strlen(b) == 66 && b[60] == '\n' && b[65] == '\n');
	CHECK(b && strcmp(b + 61, "YQ==\n") == 0);
	char *dec;
	size_t dlen;
	CHECK(b && base64_decode(b, strlen(b), &dec, &dlen) == 0 && dlen == 46);
	if (b && dlen == 46)
		free(dec);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "time")), "0.01");
	CHECK_EQ_STR(json_string_value(json_object_get(o, "message")), "bGluZSAxOiBleHBlY3RlZCAneCc=\n");
	json_decref(o);
	o = render(&row, "stdout,message,limit", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(rc, 0);
	CHECK_EQ_INT(strlen(json_string_value(json_object_get(o, "stdout"))), 46);
	CHECK_EQ_STR(json_string_value(json_object_get(o, "message")), "line 1: expected 'x'");
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);

	/* A compile error: no run, no time. Many tests: per-test results. */
	judge_result_init(&jr);
	jr.status = 6;
	outbuf_init(&jr.compile_output, 1 << 16);
	outbuf_append(&jr.compile_output, "main.c:1: error\n", 16);
	row.result = subm_result_dump(&jr);
	o = render(&row, "compile_output,time,memory,stdout,exit_code", false, &rc, err, sizeof(err));
	CHECK_EQ_STR(json_string_value(json_object_get(o, "compile_output")), "main.c:1: error\n");
	CHECK(json_is_null(json_object_get(o, "time")) && json_is_null(json_object_get(o, "memory")));
	CHECK(json_is_null(json_object_get(o, "stdout")) && json_is_null(json_object_get(o, "exit_code")));
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);
	judge_result_init(&jr);
	jr.status = 4;
	jr.ntests = jr.nrun = 2;
	jr.tests = calloc(2, sizeof(*jr.tests));
	for (int i = 0; i < 2; i++) {
		box_result_init(&jr.tests[i].run);
		jr.tests[i].run.exit_code = 0;
		snprintf(jr.tests[i].name, sizeof(jr.tests[i].name), "t%d", i + 1);
		jr.tests[i].status = i ? 4 : 3;
	}
	outbuf_init(&jr.tests[1].run.out, 1 << 20);
	outbuf_append(&jr.tests[1].run.out, "got\n", 4);
	outbuf_init(&jr.tests[0].run.err, 1 << 20);
	outbuf_append(&jr.tests[0].run.err, "\xfe oops\n", 7);      /* not UTF-8, not the deciding test */
	row.result = subm_result_dump(&jr);
	o = render(&row, "tests", false, &rc, err, sizeof(err));
	json_t *tests = json_object_get(o, "tests");
	CHECK_EQ_INT(json_array_size(tests), 2);
	CHECK_EQ_STR(json_string_value(json_object_get(json_array_get(tests, 1), "name")), "t2");
	CHECK_EQ_INT(json_integer_value(json_object_get(json_object_get(json_array_get(tests, 1), "status"), "id")), 4);
	json_decref(o);
	/* The native view: each test's outputs as text, or base64 when not UTF-8. */
	o = subm_native_json(&row);
	tests = json_object_get(o, "tests");
	json_t *t1 = json_array_get(tests, 0), *t2 = json_array_get(tests, 1);
	CHECK_EQ_STR(json_string_value(json_object_get(t2, "stdout")), "got\n");
	CHECK(json_is_null(json_object_get(t1, "stderr")));
	CHECK_EQ_STR(json_string_value(json_object_get(t1, "stderr_base64")), "/iBvb3BzCg==");
	CHECK(json_is_null(json_object_get(t1, "stdout")) && json_is_null(json_object_get(t2, "stderr")));
	CHECK(json_is_true(json_object_get(o, "final")) && json_is_null(json_object_get(o, "problem")));
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);
	/* One test: no list, unless asked for (problem submissions). */
	judge_result_init(&jr);
	jr.status = 3;
	jr.ntests = jr.nrun = 1;
	jr.tests = calloc(1, sizeof(*jr.tests));
	box_result_init(&jr.tests[0].run);
	snprintf(jr.tests[0].name, sizeof(jr.tests[0].name), "custom");
	jr.tests[0].status = 3;
	row.result = subm_result_dump(&jr);
	CHECK(strstr(row.result, "\"tests\"") == NULL);
	free(row.result);
	row.result = subm_result_dump_tests(&jr);
	o = render(&row, "tests", false, &rc, err, sizeof(err));
	CHECK_EQ_INT(json_array_size(json_object_get(o, "tests")), 1);
	json_decref(o);
	free(row.result);
	judge_result_release(&jr);
	row.result = "{broken";
	o = render(&row, NULL, false, &rc, err, sizeof(err));
	CHECK(o == NULL && rc == -EBADMSG);
	row.result = NULL;
	free(row.request);
}

static void test_tokens(void)
{
	char seen[200][STORE_TOKEN_LEN + 1];
	for (int i = 0; i < 200; i++) {
		char *t = seen[i];
		subm_token(t);
		CHECK_EQ_INT(strlen(t), 36);
		bool ok = true;
		for (int k = 0; k < 36; k++) {
			if (k == 8 || k == 13 || k == 18 || k == 23)
				ok &= t[k] == '-';
			else
				ok &= (t[k] >= '0' && t[k] <= '9') || (t[k] >= 'a' && t[k] <= 'f');
		}
		CHECK(ok);
		CHECK(t[14] == '4');
		CHECK(strchr("89ab", t[19]) != NULL);
		for (int j = 0; j < i; j++)
			CHECK(strcmp(seen[j], t) != 0);
	}
}

int main(void)
{
	struct config cfg;
	config_default(&cfg);
	CHECK(!cfg.allow_enable_network);    /* off by default, unlike Judge0 */
	cfg.allow_enable_network = true;     /* the cases below set enable_network */
	setup_langs();
	test_defaults(&cfg);
	test_ranges(&cfg);
	test_language_and_source(&cfg);
	test_switches(&cfg);
	test_base64_in(&cfg);
	test_storage(&cfg);
	test_render(&cfg);
	test_tokens();
	cleanup_langs();
	config_release(&cfg);
	return check_done();
}
