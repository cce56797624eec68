/* test_subm_parse.c - api/subm_parse.c: Judge0's attributes parsed and
 * checked (every default, range and message), the language and source
 * rules, the switches, base64 in. */
#define _GNU_SOURCE
#include "base64.h"
#include "check.h"
#include "config.h"
#include "langinfo.h"
#include "subm.h"
#include "subm_fixture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

int main(void)
{
	struct config cfg;
	fixture_begin(&cfg);
	test_defaults(&cfg);
	test_ranges(&cfg);
	test_language_and_source(&cfg);
	test_switches(&cfg);
	test_base64_in(&cfg);
	fixture_end(&cfg);
	return check_done();
}
