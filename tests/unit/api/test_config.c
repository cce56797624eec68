/* test_config.c - server settings: Judge0's defaults, the config file,
 * the environment and flags in that order of precedence, bad values named,
 * ranges, and /config_info's keys and types. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "config.h"

static void test_defaults(void)
{
	struct config c;
	config_default(&c);
	CHECK_EQ_INT(c.port, 2358);
	CHECK_EQ_STR(c.bind, "127.0.0.1");
	CHECK(c.cpu_time_limit == 5.0 && c.max_cpu_time_limit == 15.0);
	CHECK(c.cpu_extra_time == 1.0 && c.wall_time_limit == 10.0);
	CHECK_EQ_INT(c.memory_limit, 128000);
	CHECK_EQ_INT(c.stack_limit, 64000);
	CHECK_EQ_INT(c.max_processes_and_or_threads, 60);
	CHECK_EQ_INT(c.max_file_size, 1024);
	CHECK_EQ_INT(c.max_queue_size, 100);
	CHECK_EQ_INT(c.max_submission_batch_size, 20);
	CHECK(c.enable_wait_result && !c.enable_submission_delete && !c.enable_network);
	CHECK_EQ_STR(c.authn_header, "X-Auth-Token");
	CHECK(c.problems_dir && strstr(c.problems_dir, "problems"));   /* the source tree's, at build time */
	CHECK_EQ_STR(c.problems_write_dir, "");                        /* DATA_DIR/problems */
	config_release(&c);
}

static void test_problem_dirs(void)
{
	struct config c;
	char err[256] = "";
	config_default(&c);
	setenv("PROBLEMS_DIR", "/env/problems", 1);
	setenv("PROBLEMS_WRITE_DIR", "/env/added", 1);
	CHECK_EQ_INT(config_load(&c, NULL, err, sizeof(err)), 0);
	CHECK_EQ_STR(c.problems_dir, "/env/problems");
	CHECK_EQ_STR(c.problems_write_dir, "/env/added");
	char *argv[] = { "serve", "--problems-dir", "/flag/problems", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 3, argv, err, sizeof(err)), 0);
	CHECK_EQ_STR(c.problems_dir, "/flag/problems");
	unsetenv("PROBLEMS_DIR");
	unsetenv("PROBLEMS_WRITE_DIR");
	config_release(&c);
}

static void test_precedence(void)
{
	char path[] = "/tmp/pairbox-test-config-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	const char *text = "# judge0.conf style\nPORT=3000\nCPU_TIME_LIMIT = 2.5\nAUTHN_TOKEN=\"file-token\"\n"
			   "ENABLE_WAIT_RESULT=false\nMAX_QUEUE_SIZE=7\n";
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	setenv("MAX_QUEUE_SIZE", "9", 1);
	setenv("AUTHN_TOKEN", "env-token", 1);
	struct config c;
	char err[256] = "";
	config_default(&c);
	CHECK_EQ_INT(config_load(&c, path, err, sizeof(err)), 0);
	CHECK_EQ_INT(c.port, 3000);                  /* file */
	CHECK(c.cpu_time_limit == 2.5);
	CHECK(!c.enable_wait_result);
	CHECK_EQ_INT(c.max_queue_size, 9);           /* environment over file */
	CHECK_EQ_STR(c.authn_token, "env-token");
	char *argv[] = { "serve", "--port", "4000", "--workers=3", "--config", path, NULL };
	CHECK_EQ_INT(config_parse_args(&c, 6, argv, err, sizeof(err)), 0);
	CHECK_EQ_INT(c.port, 4000);                  /* flags over everything */
	CHECK_EQ_INT(c.workers, 3);
	config_release(&c);
	unsetenv("MAX_QUEUE_SIZE");
	unsetenv("AUTHN_TOKEN");

	/* Bad input names the culprit. */
	config_default(&c);
	char *bad[] = { "serve", "--port", "http", NULL };
	CHECK(config_parse_args(&c, 3, bad, err, sizeof(err)) < 0 && strstr(err, "--port"));
	char *unknown[] = { "serve", "--frobnicate", "1", NULL };
	CHECK(config_parse_args(&c, 3, unknown, err, sizeof(err)) < 0 && strstr(err, "frobnicate"));
	char *help[] = { "serve", "--help", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 2, help, err, sizeof(err)), 1);
	setenv("CPU_TIME_LIMIT", "fast", 1);
	CHECK(config_load(&c, NULL, err, sizeof(err)) < 0 && strstr(err, "CPU_TIME_LIMIT"));
	unsetenv("CPU_TIME_LIMIT");
	FILE *f = fopen(path, "w");
	fputs("PORT=1\nNOT_A_SETTING=1\n", f);
	fclose(f);
	CHECK(config_load(&c, path, err, sizeof(err)) < 0 && strstr(err, ":2:") && strstr(err, "NOT_A_SETTING"));
	CHECK(config_load(&c, "/nonexistent/pairbox.conf", err, sizeof(err)) < 0 && strstr(err, "/nonexistent"));
	config_release(&c);
	unlink(path);
}

/* The command line of `pairbox serve` and `pairbox worker`: --config FILE
 * (either spelling) first, then the environment, then the other flags. */
static void test_cmdline(void)
{
	char path[] = "/tmp/pairbox-test-config-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	const char *text = "PORT=3000\nMAX_QUEUE_SIZE=7\n";
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	char flag[64];
	snprintf(flag, sizeof(flag), "--config=%s", path);
	struct config c;
	char err[256] = "";
	config_default(&c);
	setenv("MAX_QUEUE_SIZE", "9", 1);
	char *joined[] = { "worker", flag, "--workers", "2", NULL };
	CHECK_EQ_INT(config_from_cmdline(&c, 4, joined, err, sizeof(err)), 0);
	CHECK_EQ_INT(c.port, 3000);                  /* the file */
	CHECK_EQ_INT(c.max_queue_size, 9);           /* the environment over it */
	CHECK_EQ_INT(c.workers, 2);
	unsetenv("MAX_QUEUE_SIZE");
	char *apart[] = { "serve", "--port", "4000", "--config", path, NULL };
	CHECK_EQ_INT(config_from_cmdline(&c, 5, apart, err, sizeof(err)), 0);
	CHECK_EQ_INT(c.port, 4000);                  /* flags over the file, wherever --config stands */
	char *help[] = { "serve", "--config", path, "--help", NULL };
	CHECK_EQ_INT(config_from_cmdline(&c, 4, help, err, sizeof(err)), 1);
	config_release(&c);
	config_default(&c);
	char *missing[] = { "serve", "--config", "/nonexistent/pairbox.conf", "--port", "1", NULL };
	CHECK(config_from_cmdline(&c, 5, missing, err, sizeof(err)) < 0 && strstr(err, "/nonexistent"));
	CHECK_EQ_INT(c.port, 2358);                  /* the flags are not read after a bad file */
	config_release(&c);
	unlink(path);

	char buf[256];
	config_default(&c);
	char *data[] = { "serve", "--data", "/srv/pb", NULL };
	CHECK_EQ_INT(config_from_cmdline(&c, 3, data, err, sizeof(err)), 0);
	CHECK_EQ_STR(config_problems_write_dir(&c, buf, sizeof(buf)), "/srv/pb/problems");
	CHECK_EQ_STR(config_problems_write_dir(&c, buf, 4), "");      /* does not fit: none */
	config_release(&c);
	config_default(&c);
	setenv("PROBLEMS_WRITE_DIR", "/env/added", 1);
	CHECK_EQ_INT(config_load(&c, NULL, err, sizeof(err)), 0);
	CHECK_EQ_STR(config_problems_write_dir(&c, buf, sizeof(buf)), "/env/added");
	unsetenv("PROBLEMS_WRITE_DIR");
	config_release(&c);
}

/* What `pairbox serve --help` prints (malloc'd). */
static char *usage_text(void)
{
	char *help = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&help, &len);
	config_usage(f);
	fclose(f);
	return help;
}

/* PORT=70000 used to bind port 4464 (70000 mod 65536). A value outside a
 * setting's range is refused wherever it comes from, naming the setting
 * and its range; the setting keeps its value. */
static void test_ranges(void)
{
	struct config c;
	char err[256] = "";
	config_default(&c);
	setenv("PORT", "70000", 1);
	CHECK_EQ_INT(config_load(&c, NULL, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "PORT") && strstr(err, "70000") && strstr(err, "1 to 65535"));
	setenv("PORT", "0", 1);
	CHECK_EQ_INT(config_load(&c, NULL, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "PORT") && strstr(err, "1 to 65535"));
	unsetenv("PORT");
	CHECK_EQ_INT(c.port, 2358);

	char *flag[] = { "serve", "--port", "70000", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 3, flag, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "--port") && strstr(err, "PORT") && strstr(err, "1 to 65535"));
	char *edge[] = { "serve", "--port=65535", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 2, edge, err, sizeof(err)), 0);
	CHECK_EQ_INT(c.port, 65535);

	char path[] = "/tmp/pairbox-test-config-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	const char *text = "BIND=0.0.0.0\nPORT=70000\n";
	CHECK(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	CHECK_EQ_INT(config_load(&c, path, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, ":2:") && strstr(err, "PORT") && strstr(err, "1 to 65535"));
	unlink(path);

	/* Seconds are ranged too; the help shows defaults and ranges. */
	setenv("CPU_TIME_LIMIT", "100000", 1);
	CHECK_EQ_INT(config_load(&c, NULL, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "CPU_TIME_LIMIT") && strstr(err, "0 to 86400"));
	unsetenv("CPU_TIME_LIMIT");
	char *help = usage_text();
	CHECK(help && strstr(help, "(default 2358, 1 to 65535; env PORT)"));
	CHECK(help && strstr(help, "CPU_TIME_LIMIT") && strstr(help, "(default 5, 0 to 86400)"));
	free(help);
	config_release(&c);
}

/* The accounts' settings: docs/platform.md's defaults; a switch alone
 * (--behind-tls) is true and leaves the next option alone; ranges. */
static void test_accounts(void)
{
	struct config c;
	char err[256] = "";
	config_default(&c);
	CHECK_EQ_INT(c.session_days, 30);
	CHECK_EQ_INT(c.signup_per_hour, 10);
	CHECK_EQ_INT(c.login_per_minute, 30);
	CHECK_EQ_INT(c.login_failures, 5);
	CHECK_EQ_INT(c.session_per_minute, 120);
	CHECK(!c.behind_tls);
	CHECK_EQ_STR(c.allowed_origins, "");
	char *argv[] = { "serve", "--behind-tls", "--port", "3001", "--allowed-origin", "https://a.example", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 6, argv, err, sizeof(err)), 0);
	CHECK(c.behind_tls);
	CHECK_EQ_INT(c.port, 3001);
	CHECK_EQ_STR(c.allowed_origins, "https://a.example");
	char *last[] = { "serve", "--behind-tls=false", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 2, last, err, sizeof(err)), 0);
	CHECK(!c.behind_tls);
	char *alone[] = { "serve", "--behind-tls", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 2, alone, err, sizeof(err)), 0);
	CHECK(c.behind_tls);
	char *spaced[] = { "serve", "--behind-tls", "no", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 3, spaced, err, sizeof(err)), 0);
	CHECK(!c.behind_tls);
	setenv("SESSION_DAYS", "0", 1);
	CHECK_EQ_INT(config_load(&c, NULL, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "SESSION_DAYS=0 is out of range (1 to 3650)") != NULL);
	unsetenv("SESSION_DAYS");
	config_release(&c);
}

/* The replay's settings, and the admins: ADMIN_USERS from the
 * environment, replaced by --admin flags, which add up when repeated. */
static void test_replay_and_admins(void)
{
	struct config c;
	char err[256] = "";
	config_default(&c);
	CHECK_EQ_INT(c.room_cursor_log_ms, 500);
	CHECK_EQ_INT(c.replay_per_minute, 30);
	CHECK_EQ_STR(c.admin_users, "");
	setenv("ADMIN_USERS", "root_1", 1);
	setenv("ROOM_CURSOR_LOG_MS", "0", 1);
	CHECK_EQ_INT(config_load(&c, NULL, err, sizeof(err)), 0);
	CHECK_EQ_STR(c.admin_users, "root_1");
	CHECK_EQ_INT(c.room_cursor_log_ms, 0);
	unsetenv("ADMIN_USERS");
	unsetenv("ROOM_CURSOR_LOG_MS");
	char *argv[] = { "serve", "--admin", "ada", "--port", "3002", "--admin=bob,cy", "--admin", "dee", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 8, argv, err, sizeof(err)), 0);
	CHECK_EQ_STR(c.admin_users, "ada,bob,cy,dee");
	CHECK_EQ_INT(c.port, 3002);
	char *again[] = { "serve", "--admin", "eve", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 3, again, err, sizeof(err)), 0);
	CHECK_EQ_STR(c.admin_users, "eve");             /* each command line starts the list again */
	setenv("ROOM_CURSOR_LOG_MS", "60001", 1);
	CHECK_EQ_INT(config_load(&c, NULL, err, sizeof(err)), -EINVAL);
	CHECK(strstr(err, "ROOM_CURSOR_LOG_MS") && strstr(err, "0 to 60000"));
	unsetenv("ROOM_CURSOR_LOG_MS");
	char *help = usage_text();
	CHECK(help && strstr(help, "--admin") && strstr(help, "env ADMIN_USERS"));
	free(help);
	config_release(&c);
}

static void test_config_info(void)
{
	struct config c;
	config_default(&c);
	json_t *j = config_info_json(&c);
	/* Judge0 1.13.1's keys and JSON types. */
	static const char *const bools[] = { "maintenance_mode", "enable_wait_result", "enable_compiler_options",
		"enable_command_line_arguments", "enable_submission_delete", "enable_callbacks", "enable_additional_files",
		"enable_per_process_and_thread_time_limit", "allow_enable_per_process_and_thread_time_limit",
		"enable_per_process_and_thread_memory_limit", "allow_enable_per_process_and_thread_memory_limit",
		"redirect_stderr_to_stdout", "enable_batched_submissions", "use_docs_as_homepage", "allow_enable_network",
		"enable_network" };
	static const char *const ints[] = { "callbacks_max_tries", "max_queue_size", "memory_limit", "max_memory_limit",
		"stack_limit", "max_stack_limit", "max_processes_and_or_threads", "max_max_processes_and_or_threads",
		"max_file_size", "max_max_file_size", "number_of_runs", "max_number_of_runs", "max_extract_size",
		"max_submission_batch_size" };
	static const char *const reals[] = { "callbacks_timeout", "cpu_time_limit", "max_cpu_time_limit", "cpu_extra_time",
		"max_cpu_extra_time", "wall_time_limit", "max_wall_time_limit", "submission_cache_duration" };
	for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++)
		CHECK(json_is_boolean(json_object_get(j, bools[i])));
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		CHECK(json_is_integer(json_object_get(j, ints[i])));
	for (size_t i = 0; i < sizeof(reals) / sizeof(reals[0]); i++)
		CHECK(json_is_real(json_object_get(j, reals[i])));
	CHECK(json_is_array(json_object_get(j, "allowed_languages_for_compile_options")));
	CHECK(json_object_get(j, "authn_token") == NULL);     /* secrets never listed */
	CHECK_EQ_INT(json_object_size(j), 39);
	json_decref(j);
	config_release(&c);
}

int main(void)
{
	test_defaults();
	test_precedence();
	test_problem_dirs();
	test_cmdline();
	test_ranges();
	test_accounts();
	test_replay_and_admins();
	test_config_info();
	return check_done();
}
