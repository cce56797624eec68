/* subm.c - a Judge0 submission: parsed and checked as Judge0 CE 1.13.1's
 * model does, kept in a JSON storage form, turned into a judge_req, and
 * rendered in Judge0's response shape (subm.h; keys in docs/api.md). */
#define _GNU_SOURCE
#include "subm.h"
#include "base64.h"
#include "box_json.h"
#include "jsontext.h"
#include "langinfo.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* Judge0's model caps both option strings at 512 characters. */
#define SUBM_OPTIONS_MAX 512
/* A test's stdout kept in the result for the native API's excerpt. */
#define SUBM_TEST_EXCERPT 1024
/* Output kept per stream at most: Judge0's largest max_file_size. */
#define SUBM_OUTPUT_MAX (4096 * 1024)

/* ---- bytes ---- */

static void bytes_free(struct subm_bytes *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
}

static int bytes_set(struct subm_bytes *b, const char *data, size_t len)
{
	char *p = malloc(len + 1);
	if (!p)
		return -ENOMEM;
	if (len)
		memcpy(p, data, len);
	p[len] = '\0';
	bytes_free(b);
	b->data = p;
	b->len = len;
	return 0;
}

/* Takes ownership of data (malloc'd, NUL-terminated). */
static void bytes_steal(struct subm_bytes *b, char *data, size_t len)
{
	bytes_free(b);
	b->data = data;
	b->len = len;
}

void subm_init(struct subm *s)
{
	memset(s, 0, sizeof(*s));
}

void subm_release(struct subm *s)
{
	struct subm_bytes *all[] = { &s->source_code, &s->stdin_data, &s->expected_output, &s->additional_files,
				     &s->compiler_options, &s->command_line_arguments, &s->callback_url };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		bytes_free(all[i]);
	for (size_t i = 0; i < s->ntests; i++) {
		bytes_free(&s->tests[i].name);
		bytes_free(&s->tests[i].input);
		bytes_free(&s->tests[i].expected);
	}
	free(s->tests);
	subm_init(s);
}

/* ---- base64 out: plain (storage) or Ruby's Base64.encode64 (responses) ---- */

static json_t *b64_json(const struct subm_bytes *b, bool mime)
{
	if (!b->data)
		return json_null();
	char *t = base64_encode(b->data, b->len, mime, NULL);
	json_t *j = t ? json_string(t) : NULL;
	free(t);
	return j;
}

/* ---- numbers as Ruby and Rails write them ---- */

/* Ruby's Float#to_s for the numbers in Judge0's messages ("15.0",
 * "0.5", "1.0e+20"). */
static void fmt_ruby_float(double v, char *buf, size_t len)
{
	double a = fabs(v);
	if (a != 0 && (a < 1e-4 || a >= 1e16)) {
		char m[64];
		int prec = 0;
		for (; prec <= 17; prec++) {
			str_printf(m, sizeof(m), "%.*e", prec, v);
			if (strtod(m, NULL) == v)
				break;
		}
		char *e = strchr(m, 'e');
		if (!e)
			return;
		*e = '\0';
		int exp = 0;
		if (parse_int(e[1] == '+' ? e + 2 : e + 1, &exp))
			return;
		str_printf(buf, len, "%s%se%c%02d", m, strchr(m, '.') ? "" : ".0", exp < 0 ? '-' : '+', abs(exp));
		return;
	}
	json_decimal_text(v, buf, len);
}

/* "2024-01-01T00:00:00.000Z", as Rails renders a datetime; null for 0. */
static json_t *iso_json(int64_t ms)
{
	if (ms <= 0)
		return json_null();
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	char buf[64], out[80];
	if (!gmtime_r(&t, &tm) || !strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm))
		return json_null();
	str_printf(out, sizeof(out), "%s.%03dZ", buf, (int)(ms % 1000));
	return json_string(out);
}

/* ---- reading a request's values the way Rails casts them ---- */

enum got { GOT_ABSENT = 1, GOT_OK = 0, GOT_BAD = -1 };

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\n\v\f\r", s[i]) || !s[i])
			return false;
	return true;
}

/* A decimal number with optional sign, fraction and exponent, spaces
 * around allowed (Ruby's Float()); no hex, inf or nan. */
static bool parse_decimal(const char *s, double *out)
{
	const char *p = s;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	const char *start = p;
	if (*p == '+' || *p == '-')
		p++;
	size_t digits = 0;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return false;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return false;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	const char *end = p;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p)
		return false;
	char buf[128];
	if ((size_t)(end - start) >= sizeof(buf))
		return false;
	memcpy(buf, start, (size_t)(end - start));
	buf[end - start] = '\0';
	*out = strtod(buf, NULL);
	return isfinite(*out);
}

/* Numeric attributes: a JSON number or a string holding one; null, ""
 * and blanks mean "not given" (Rails casts them to nil, then the
 * default applies). */
static enum got num_value(json_t *v, double *out)
{
	if (!v || json_is_null(v))
		return GOT_ABSENT;
	if (json_is_integer(v)) {
		*out = (double)json_integer_value(v);
		return GOT_OK;
	}
	if (json_is_real(v)) {
		*out = json_real_value(v);
		return GOT_OK;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		if (blank(s, n))
			return GOT_ABSENT;
		if (strlen(s) != n)
			return GOT_BAD;
		return parse_decimal(s, out) ? GOT_OK : GOT_BAD;
	}
	return GOT_BAD;
}

/* Booleans: true/false, 0/1, and the strings Rails reads ("true", "t",
 * "1", "on" and "false", "f", "0", "off", any case). Anything else is an
 * error rather than Rails' "true": "no" meaning true helps nobody. */
static enum got bool_value(json_t *v, bool *out)
{
	if (!v || json_is_null(v))
		return GOT_ABSENT;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return GOT_OK;
	}
	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);
		if (i != 0 && i != 1)
			return GOT_BAD;
		*out = i == 1;
		return GOT_OK;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (blank(s, json_string_length(v)))
			return GOT_ABSENT;
		static const char *const yes[] = { "true", "t", "1", "on" }, *const no[] = { "false", "f", "0", "off" };
		for (size_t i = 0; i < 4; i++) {
			if (!strcasecmp(s, yes[i])) {
				*out = true;
				return GOT_OK;
			}
			if (!strcasecmp(s, no[i])) {
				*out = false;
				return GOT_OK;
			}
		}
	}
	return GOT_BAD;
}

/* language_id: an integer, an integral number or a string of digits. */
static enum got id_value(json_t *v, int *out)
{
	double d;
	enum got g = num_value(v, &d);
	if (g != GOT_OK)
		return g;
	if (d != floor(d) || d < -2147483648.0 || d > 2147483647.0)
		return GOT_BAD;
	*out = (int)d;
	return GOT_OK;
}

/* Text attributes: a string (numbers are taken as their text, as Rails
 * permits scalars). b64: the value is base64 and is decoded. 0, or
 * -EINVAL wrong type, -EBADMSG bad base64, -ENOMEM; GOT_ABSENT (1) when
 * null or missing. */
static int text_value(json_t *v, bool b64, struct subm_bytes *out)
{
	char num[64];
	const char *s;
	size_t n;
	if (!v || json_is_null(v))
		return GOT_ABSENT;
	if (json_is_string(v)) {
		s = json_string_value(v);
		n = json_string_length(v);
	} else if (json_is_integer(v)) {
		str_printf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		s = num;
		n = strlen(num);
	} else if (json_is_real(v)) {
		fmt_ruby_float(json_real_value(v), num, sizeof(num));
		s = num;
		n = strlen(num);
	} else {
		return -EINVAL;
	}
	if (!b64)
		return bytes_set(out, s, n);
	char *dec;
	size_t dlen;
	int r = base64_decode(s, n, &dec, &dlen);
	if (r)
		return r == -ENOMEM ? -ENOMEM : -EBADMSG;
	bytes_steal(out, dec, dlen);
	return 0;
}

int subm_field_error(json_t *errs, const char *field, const char *msg)
{
	json_t *a = json_object_get(errs, field);
	if (!a) {
		a = json_array();
		if (!a || json_object_set_new(errs, field, a))
			return -ENOMEM;
	}
	return json_array_append_new(a, json_string(msg)) ? -ENOMEM : 0;
}

/* UTF-8 characters in b (Rails counts characters, not bytes). */
static size_t char_count(const struct subm_bytes *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->len; i++)
		if (((unsigned char)b->data[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* One numeric attribute: the value given, or def; Judge0's range check
 * (min inclusive or not; max from the configuration, a float or an
 * integer in the message). */
struct num_rule {
	const char *name;
	double min;
	bool min_inclusive;
	double max;
	bool max_is_float;
};

static int check_num(json_t *in, json_t *errs, const struct num_rule *r, double def, double *out)
{
	double v;
	char msg[96];
	enum got g = num_value(json_object_get(in, r->name), &v);
	*out = def;
	if (g == GOT_ABSENT)
		return 0;
	if (g == GOT_BAD)
		return subm_field_error(errs, r->name, "is not a number");
	int e = 0;
	if (r->min_inclusive ? v < r->min : v <= r->min) {
		str_printf(msg, sizeof(msg), "must be greater than %s%.0f", r->min_inclusive ? "or equal to " : "", r->min);
		e = subm_field_error(errs, r->name, msg);
	}
	if (!e && v > r->max) {
		char num[48];
		if (r->max_is_float)
			fmt_ruby_float(r->max, num, sizeof(num));
		else
			str_printf(num, sizeof(num), "%.0f", r->max);
		str_printf(msg, sizeof(msg), "must be less than or equal to %s", num);
		e = subm_field_error(errs, r->name, msg);
	}
	/* Out of range, the default stays: the callers cast to integers. */
	bool in_range = (r->min_inclusive ? v >= r->min : v > r->min) && v <= r->max;
	if (in_range)
		*out = v;
	return e;
}

static int check_bool(json_t *in, json_t *errs, const char *name, bool def, bool *out)
{
	enum got g = bool_value(json_object_get(in, name), out);
	if (g == GOT_ABSENT)
		*out = def;
	return g == GOT_BAD ? subm_field_error(errs, name, "is not a boolean") : 0;
}

static int check_text(json_t *in, json_t *errs, const char *name, bool b64, struct subm_bytes *out)
{
	int r = text_value(json_object_get(in, name), b64, out);
	if (r == -EINVAL)
		return subm_field_error(errs, name, "must be a string");
	if (r == -EBADMSG)
		return subm_field_error(errs, name, "is not valid base64");
	return r < 0 ? r : 0;
}

/* compiler_options and command_line_arguments: at most 512 characters,
 * and, since they become argv entries (never shell text), no NUL and
 * balanced quotes. SUBM-ARGV: nothing in them reaches a shell. */
static int check_options(json_t *errs, const char *name, const struct subm_bytes *b)
{
	int e = 0;
	if (!b->data)
		return 0;
	if (char_count(b) > SUBM_OPTIONS_MAX) {
		char msg[64];
		str_printf(msg, sizeof(msg), "is too long (maximum is %d characters)", SUBM_OPTIONS_MAX);
		e = subm_field_error(errs, name, msg);
	}
	if (!e && memchr(b->data, '\0', b->len))
		return subm_field_error(errs, name, "must not contain a NUL character");
	char **argv;
	size_t argc;
	int r = judge_split_args(b->data, &argv, &argc);
	if (r == -EINVAL)
		return e ? e : subm_field_error(errs, name, "has an unbalanced quote");
	if (r)
		return r;
	free(argv);
	return e;
}

/* ALLOWED_LANGUAGES_FOR_COMPILER_OPTIONS: Judge0 lists language names
 * ("C C++ Java") and matches the start of the language's name followed
 * by a space; pairbox also takes Judge0 ids ("50 54"). */
static bool options_language_allowed(const char *list, int id, const char *name)
{
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != ',')
			e++;
		size_t n = (size_t)(e - p);
		if (n) {
			char word[64];
			if (n < sizeof(word)) {
				memcpy(word, p, n);
				word[n] = '\0';
				int wid;
				if (parse_int(word, &wid) == 0 ? wid == id
							     : !strncmp(name, word, n) && name[n] == ' ')
					return true;
			}
		}
		p = e;
	}
	return false;
}

/* "setting compiler options is only allowed for C, C++ and Java". */
static void options_language_message(const char *list, char *msg, size_t len)
{
	char words[16][64];
	size_t nw = 0;
	for (const char *p = list; *p && nw < 16;) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != ',')
			e++;
		size_t n = (size_t)(e - p);
		if (n && n < sizeof(words[0])) {
			memcpy(words[nw], p, n);
			words[nw++][n] = '\0';
		}
		p = e;
	}
	str_copy(msg, len, "setting compiler options is only allowed for ");
	for (size_t i = 0; i < nw; i++) {
		if (i)
			strncat(msg, i + 1 == nw ? " and " : ", ", len - strlen(msg) - 1);
		strncat(msg, words[i], len - strlen(msg) - 1);
	}
}

/* Not clamped to the maximum: a language's need (Erlang's 64 MB
 * max_file_size for its JIT) is not the client's choice, and only a
 * client's value is checked. */
static double cfg_or_lang(double cfg_value, uint64_t lang_value, double scale)
{
	return lang_value ? (double)lang_value / scale : cfg_value;
}

int subm_parse(json_t *in, bool base64, const struct config *cfg, struct subm *out, json_t **errors)
{
	char msg[256], id[24];
	int e = 0, lid = 0;
	subm_init(out);
	*errors = NULL;
	json_t *errs = json_object();
	if (!errs)
		return -ENOMEM;
	if (!json_is_object(in)) {
		e = subm_field_error(errs, "submission", "must be a JSON object");
		goto done;
	}
	/* The language first: a multi-file one changes which attributes are
	 * required. */
	enum got lg = id_value(json_object_get(in, "language_id"), &lid);
	const struct lang *lang = NULL, *known = NULL;
	if (lg == GOT_OK) {
		str_printf(id, sizeof(id), "%d", lid);
		lang = lang_find(id);
		known = lang ? lang : lang_find_any(id);
	}
	bool project = known && known->multi_file;

	/* In the order Judge0's model validates (its errors keep that order). */
	if ((e = check_text(in, errs, "source_code", base64, &out->source_code)))
		goto done;
	if (!json_object_get(errs, "source_code")) {
		bool is_blank = !out->source_code.data || blank(out->source_code.data, out->source_code.len);
		if (!project && is_blank)
			e = subm_field_error(errs, "source_code", "can't be blank");
		else if (project && !is_blank)
			e = subm_field_error(errs, "source_code", "must be blank");
		if (e)
			goto done;
	}
	if ((e = check_text(in, errs, "stdin", base64, &out->stdin_data)) ||
	    (e = check_text(in, errs, "expected_output", base64, &out->expected_output)) ||
	    (e = check_text(in, errs, "additional_files", true, &out->additional_files)))
		goto done;
	bool files_blank = !out->additional_files.data || out->additional_files.len == 0;
	if (project && files_blank && !json_object_get(errs, "additional_files") &&
	    (e = subm_field_error(errs, "additional_files", "can't be blank")))
		goto done;
	if (lg == GOT_ABSENT)
		e = subm_field_error(errs, "language_id", "can't be blank");
	else if (lg == GOT_BAD)
		e = subm_field_error(errs, "language_id", "is not a number");
	if (e)
		goto done;

	/* Limits: a language's own (Java's memory, say) replaces the server's
	 * default when the request leaves the limit unset. */
	const struct lang_limits *ll = known ? &known->run_limits : &(struct lang_limits){ 0 };
	const struct num_rule runs = { "number_of_runs", 0, false, cfg->max_number_of_runs, false },
			      cpu = { "cpu_time_limit", 0, true, cfg->max_cpu_time_limit, true },
			      extra = { "cpu_extra_time", 0, true, cfg->max_cpu_extra_time, true },
			      wall = { "wall_time_limit", 1, true, cfg->max_wall_time_limit, true },
			      mem = { "memory_limit", 2048, true, cfg->max_memory_limit, false },
			      stack = { "stack_limit", 0, true, cfg->max_stack_limit, false },
			      procs = { "max_processes_and_or_threads", 0, false, cfg->max_max_processes_and_or_threads, false },
			      fsize = { "max_file_size", 0, true, cfg->max_max_file_size, false };
	double v;
	if ((e = check_num(in, errs, &runs, cfg->number_of_runs, &v)))
		goto done;
	out->number_of_runs = (uint32_t)v;
	if ((e = check_num(in, errs, &cpu, cfg_or_lang(cfg->cpu_time_limit, ll->cpu_ms, 1000),
			   &out->cpu_time_limit)) ||
	    (e = check_num(in, errs, &extra, cfg->cpu_extra_time, &out->cpu_extra_time)) ||
	    (e = check_num(in, errs, &wall, cfg_or_lang(cfg->wall_time_limit, ll->wall_ms, 1000),
			   &out->wall_time_limit)))
		goto done;
	if ((e = check_num(in, errs, &mem, cfg_or_lang(cfg->memory_limit, ll->memory_kb, 1), &v)))
		goto done;
	out->memory_limit = (uint32_t)v;
	if ((e = check_num(in, errs, &stack, cfg_or_lang(cfg->stack_limit, ll->stack_kb, 1), &v)))
		goto done;
	out->stack_limit = (uint32_t)v;
	if ((e = check_num(in, errs, &procs,
			   cfg_or_lang(cfg->max_processes_and_or_threads, ll->processes, 1), &v)))
		goto done;
	out->max_processes_and_or_threads = (uint32_t)v;
	if ((e = check_bool(in, errs, "enable_per_process_and_thread_time_limit",
			    cfg->enable_per_process_and_thread_time_limit,
			    &out->enable_per_process_and_thread_time_limit)) ||
	    (e = check_bool(in, errs, "enable_per_process_and_thread_memory_limit",
			    cfg->enable_per_process_and_thread_memory_limit,
			    &out->enable_per_process_and_thread_memory_limit)))
		goto done;
	if (out->enable_per_process_and_thread_time_limit && !cfg->allow_enable_per_process_and_thread_time_limit &&
	    (e = subm_field_error(errs, "enable_per_process_and_thread_time_limit", "this option cannot be enabled")))
		goto done;
	if (out->enable_per_process_and_thread_memory_limit && !cfg->allow_enable_per_process_and_thread_memory_limit &&
	    (e = subm_field_error(errs, "enable_per_process_and_thread_memory_limit", "this option cannot be enabled")))
		goto done;
	if ((e = check_num(in, errs, &fsize, cfg_or_lang(cfg->max_file_size, ll->fsize_kb, 1), &v)))
		goto done;
	out->max_file_size = (uint32_t)v;
	if ((e = check_bool(in, errs, "redirect_stderr_to_stdout", cfg->redirect_stderr_to_stdout,
			    &out->redirect_stderr_to_stdout)) ||
	    (e = check_bool(in, errs, "enable_network", cfg->enable_network, &out->enable_network)))
		goto done;

	if ((e = check_text(in, errs, "compiler_options", false, &out->compiler_options)) ||
	    (e = check_text(in, errs, "command_line_arguments", false, &out->command_line_arguments)) ||
	    (e = check_options(errs, "compiler_options", &out->compiler_options)) ||
	    (e = check_options(errs, "command_line_arguments", &out->command_line_arguments)))
		goto done;

	if (lg == GOT_OK && !lang) {
		if (known) {
			char name[128];
			lang_display(known, name, sizeof(name));
			str_printf(msg, sizeof(msg), "language with id %d (%s) is not installed on this server", lid, name);
		} else {
			str_printf(msg, sizeof(msg), "language with id %d doesn't exist", lid);
		}
		if ((e = subm_field_error(errs, "language_id", msg)))
			goto done;
	}

	const struct subm_bytes *co = &out->compiler_options;
	if (co->data && !blank(co->data, co->len)) {
		const char *why = NULL;
		if (!cfg->enable_compiler_options) {
			why = "setting compiler options is not allowed";
		} else if (known && !known->compile && !known->multi_file) {
			why = "setting compiler options is only allowed for compiled languages";
		} else if (known && cfg->allowed_languages_for_compile_options && cfg->allowed_languages_for_compile_options[0]) {
			char name[128];
			langinfo_name(lid, name, sizeof(name));
			if (!name[0])
				lang_display(known, name, sizeof(name));
			if (!options_language_allowed(cfg->allowed_languages_for_compile_options, lid, name)) {
				options_language_message(cfg->allowed_languages_for_compile_options, msg, sizeof(msg));
				why = msg;
			}
		}
		if (why && (e = subm_field_error(errs, "compiler_options", why)))
			goto done;
	}
	const struct subm_bytes *ca = &out->command_line_arguments;
	if (ca->data && !blank(ca->data, ca->len) && !cfg->enable_command_line_arguments &&
	    (e = subm_field_error(errs, "command_line_arguments", "setting command line arguments is not allowed")))
		goto done;

	if ((e = check_text(in, errs, "callback_url", false, &out->callback_url)))
		goto done;
	const struct subm_bytes *cb = &out->callback_url;
	if (cb->data && !blank(cb->data, cb->len)) {
		if (!cfg->enable_callbacks)
			e = subm_field_error(errs, "callback_url", "setting callback is not allowed");
		else if (strncasecmp(cb->data, "http://", 7) != 0 && strncasecmp(cb->data, "https://", 8) != 0)
			e = subm_field_error(errs, "callback_url", "must be an http:// or https:// URL");
		else if (memchr(cb->data, '\0', cb->len) || strpbrk(cb->data, " \t\r\n"))
			e = subm_field_error(errs, "callback_url", "must not contain spaces or control characters");
		if (e)
			goto done;
	} else if (cb->data) {
		bytes_free(&out->callback_url);        /* blank: no callback */
	}
	if (!files_blank && !cfg->enable_additional_files &&
	    (e = subm_field_error(errs, "additional_files", "setting additional files is not allowed")))
		goto done;
	if (out->enable_network && !cfg->allow_enable_network &&
	    (e = subm_field_error(errs, "enable_network", "enabling network is not allowed")))
		goto done;
	out->lang = lang;
	out->language_id = lid;
done:
	if (e) {
		json_decref(errs);
		subm_release(out);
		return e;
	}
	if (json_object_size(errs)) {
		subm_release(out);
		*errors = errs;
		return -EINVAL;
	}
	json_decref(errs);
	return 0;
}

/* ---- storage form ---- */

static int set_new(json_t *o, const char *key, json_t *v)
{
	return v ? json_object_set_new(o, key, v) : -1;
}

/* enum subm_scope in the storage form and the native view. */
static const char *const scope_names[] = { "", "all", "samples", "custom" };

/* The stored "problem" object: {slug, tests}. 0 or -EINVAL. */
static int load_problem(json_t *o, struct subm *out)
{
	json_t *p = json_object_get(o, "problem");
	if (!p)
		return 0;
	const char *slug = json_string_value(json_object_get(p, "slug"));
	const char *tests = json_string_value(json_object_get(p, "tests"));
	if (!slug || !slug[0] || !tests || str_copy(out->problem, sizeof(out->problem), slug))
		return -EINVAL;
	for (int i = SUBM_SCOPE_ALL; i <= SUBM_SCOPE_CUSTOM; i++)
		if (!strcmp(tests, scope_names[i]))
			out->scope = (enum subm_scope)i;
	return out->scope == SUBM_SCOPE_NONE ? -EINVAL : 0;
}

char *subm_dump(const struct subm *s)
{
	json_t *o = json_object();
	int bad = !o;
	bad |= set_new(o, "v", json_integer(1));
	bad |= set_new(o, "language_id", json_integer(s->language_id));
	bad |= set_new(o, "source_code", b64_json(&s->source_code, false));
	bad |= set_new(o, "stdin", b64_json(&s->stdin_data, false));
	bad |= set_new(o, "expected_output", b64_json(&s->expected_output, false));
	bad |= set_new(o, "additional_files", b64_json(&s->additional_files, false));
	bad |= set_new(o, "compiler_options", b64_json(&s->compiler_options, false));
	bad |= set_new(o, "command_line_arguments", b64_json(&s->command_line_arguments, false));
	bad |= set_new(o, "callback_url", b64_json(&s->callback_url, false));
	bad |= set_new(o, "cpu_time_limit", json_real(s->cpu_time_limit));
	bad |= set_new(o, "cpu_extra_time", json_real(s->cpu_extra_time));
	bad |= set_new(o, "wall_time_limit", json_real(s->wall_time_limit));
	bad |= set_new(o, "memory_limit", json_integer(s->memory_limit));
	bad |= set_new(o, "stack_limit", json_integer(s->stack_limit));
	bad |= set_new(o, "max_processes_and_or_threads", json_integer(s->max_processes_and_or_threads));
	bad |= set_new(o, "max_file_size", json_integer(s->max_file_size));
	bad |= set_new(o, "number_of_runs", json_integer(s->number_of_runs));
	bad |= set_new(o, "enable_per_process_and_thread_time_limit",
		       json_boolean(s->enable_per_process_and_thread_time_limit));
	bad |= set_new(o, "enable_per_process_and_thread_memory_limit",
		       json_boolean(s->enable_per_process_and_thread_memory_limit));
	bad |= set_new(o, "redirect_stderr_to_stdout", json_boolean(s->redirect_stderr_to_stdout));
	bad |= set_new(o, "enable_network", json_boolean(s->enable_network));
	if (s->compare[0])
		bad |= set_new(o, "compare", json_string(s->compare));
	if (s->problem[0])
		bad |= set_new(o, "problem", json_pack("{s:s, s:s}", "slug", s->problem, "tests", scope_names[s->scope]));
	if (s->ntests) {
		json_t *a = json_array();
		bad |= set_new(o, "tests", a);
		for (size_t i = 0; a && i < s->ntests; i++) {
			json_t *t = json_object();
			bad |= !t || json_array_append_new(a, t);
			if (!t)
				break;
			bad |= set_new(t, "name", b64_json(&s->tests[i].name, false));
			bad |= set_new(t, "input", b64_json(&s->tests[i].input, false));
			bad |= set_new(t, "expected", b64_json(&s->tests[i].expected, false));
		}
	}
	char *text = bad ? NULL : json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return text;
}

/* A stored byte field: null (absent) or plain base64. */
static int load_bytes(json_t *o, const char *key, struct subm_bytes *out)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return -EINVAL;
	char *dec;
	size_t n;
	int r = base64_decode(json_string_value(v), json_string_length(v), &dec, &n);
	if (r)
		return r;
	bytes_steal(out, dec, n);
	return 0;
}

static uint32_t load_u32(json_t *o, const char *key)
{
	json_int_t v = json_integer_value(json_object_get(o, key));
	return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

int subm_load(const char *text, struct subm *out)
{
	subm_init(out);
	json_t *o = json_loads(text ? text : "", 0, NULL);
	int r = -EINVAL;
	if (!json_is_object(o))
		goto out;
	out->language_id = (int)json_integer_value(json_object_get(o, "language_id"));
	char id[24];
	str_printf(id, sizeof(id), "%d", out->language_id);
	out->lang = lang_find(id);
	if ((r = load_bytes(o, "source_code", &out->source_code)) ||
	    (r = load_bytes(o, "stdin", &out->stdin_data)) ||
	    (r = load_bytes(o, "expected_output", &out->expected_output)) ||
	    (r = load_bytes(o, "additional_files", &out->additional_files)) ||
	    (r = load_bytes(o, "compiler_options", &out->compiler_options)) ||
	    (r = load_bytes(o, "command_line_arguments", &out->command_line_arguments)) ||
	    (r = load_bytes(o, "callback_url", &out->callback_url)))
		goto out;
	out->cpu_time_limit = json_number_value(json_object_get(o, "cpu_time_limit"));
	out->cpu_extra_time = json_number_value(json_object_get(o, "cpu_extra_time"));
	out->wall_time_limit = json_number_value(json_object_get(o, "wall_time_limit"));
	out->memory_limit = load_u32(o, "memory_limit");
	out->stack_limit = load_u32(o, "stack_limit");
	out->max_processes_and_or_threads = load_u32(o, "max_processes_and_or_threads");
	out->max_file_size = load_u32(o, "max_file_size");
	out->number_of_runs = load_u32(o, "number_of_runs");
	out->enable_per_process_and_thread_time_limit =
		json_is_true(json_object_get(o, "enable_per_process_and_thread_time_limit"));
	out->enable_per_process_and_thread_memory_limit =
		json_is_true(json_object_get(o, "enable_per_process_and_thread_memory_limit"));
	out->redirect_stderr_to_stdout = json_is_true(json_object_get(o, "redirect_stderr_to_stdout"));
	out->enable_network = json_is_true(json_object_get(o, "enable_network"));
	const char *cmp = json_string_value(json_object_get(o, "compare"));
	if (cmp && str_copy(out->compare, sizeof(out->compare), cmp)) {
		r = -EINVAL;
		goto out;
	}
	if ((r = load_problem(o, out)))
		goto out;
	json_t *tests = json_object_get(o, "tests");
	size_t n = json_array_size(tests);
	if (n) {
		out->tests = calloc(n, sizeof(*out->tests));
		if (!out->tests) {
			r = -ENOMEM;
			goto out;
		}
		out->ntests = n;
		for (size_t i = 0; i < n; i++) {
			json_t *t = json_array_get(tests, i);
			if ((r = load_bytes(t, "name", &out->tests[i].name)) ||
			    (r = load_bytes(t, "input", &out->tests[i].input)) ||
			    (r = load_bytes(t, "expected", &out->tests[i].expected)))
				goto out;
		}
	}
	r = 0;
out:
	json_decref(o);
	if (r) {
		subm_release(out);
		return r == -ENOMEM ? r : -EINVAL;
	}
	return 0;
}

/* ---- judging ---- */

static uint32_t sec_ms(double s)
{
	double ms = round(s * 1000);
	return ms <= 0 ? 0 : ms >= UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

int subm_judge_req(const struct subm *s, struct judge_req *req, struct judge_test **tests)
{
	memset(req, 0, sizeof(*req));
	*tests = NULL;
	if (!s->lang)
		return -ENOENT;
	if (s->problem[0])
		return -EINVAL;
	size_t n = s->ntests ? s->ntests : 1;
	struct judge_test *t = calloc(n, sizeof(*t));
	if (!t)
		return -ENOMEM;
	if (s->ntests) {
		for (size_t i = 0; i < n; i++) {
			const struct subm_test *st = &s->tests[i];
			t[i] = (struct judge_test){ .name = st->name.data, .input = st->input.data,
						    .input_len = st->input.len, .answer = st->expected.data,
						    .answer_len = st->expected.len };
		}
	} else {
		/* Judge0 compares only when expected_output is given. */
		t[0] = (struct judge_test){ .name = "1", .input = s->stdin_data.data, .input_len = s->stdin_data.len,
					    .answer = s->expected_output.data, .answer_len = s->expected_output.len };
	}
	compare_opts_default(&req->compare);
	if (s->compare[0]) {
		char err[128];
		if (compare_parse(s->compare, &req->compare, err, sizeof(err))) {
			free(t);
			return -EINVAL;
		}
	}
	req->lang = s->lang;
	req->source = s->source_code.data ? s->source_code.data : "";
	req->source_len = s->source_code.len;
	req->tests = t;
	req->ntests = n;
	/* The language's own settings first (open files, /tmp), then every
	 * limit the submission holds: those already carry the language's
	 * defaults where the request gave none (subm_parse). */
	box_limits_default(&req->run);
	judge_compile_limits(&req->compile);
	lang_apply_limits(s->lang, &req->run, &req->compile);
	req->run.cpu_ms = sec_ms(s->cpu_time_limit);
	req->run.extra_ms = sec_ms(s->cpu_extra_time);
	req->run.wall_ms = sec_ms(s->wall_time_limit);
	req->run.memory_kb = s->memory_limit;
	req->run.stack_kb = s->stack_limit;
	req->run.processes = s->max_processes_and_or_threads;
	req->run.fsize_kb = s->max_file_size;
	/* Judge0's output is a file in the box under max_file_size: past it
	 * the program gets SIGXFSZ; the pipes' cap gives the same verdict. */
	if (s->max_file_size)
		req->run.output_bytes = (uint64_t)s->max_file_size * 1024 < SUBM_OUTPUT_MAX
			? (uint64_t)s->max_file_size * 1024 : SUBM_OUTPUT_MAX;
	req->runs = s->number_of_runs;
	req->merge_stderr = s->redirect_stderr_to_stdout;
	req->network = s->enable_network;
	req->compiler_options = s->compiler_options.data;
	req->args = s->command_line_arguments.data;
	req->additional_files = s->additional_files.data;
	req->additional_files_len = s->additional_files.len;
	*tests = t;
	return 0;
}

/* ---- results ---- */

static char *result_dump(const struct judge_result *r, bool all_tests)
{
	const struct judge_json_opts o = { .base64 = true, .all_tests = all_tests, .excerpt = SUBM_TEST_EXCERPT };
	json_t *j = judge_result_json(r, &o);
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return text;
}

char *subm_result_dump(const struct judge_result *r)
{
	return result_dump(r, false);
}

char *subm_result_dump_tests(const struct judge_result *r)
{
	return result_dump(r, true);
}

/* ---- rendering ---- */

/* Judge0's attributes (its table's columns, then status and language),
 * in the order Judge0's serializer writes them; then pairbox's own,
 * which only an explicit `fields` asks for (a strict client given `*`
 * must not meet keys it does not know). */
enum field {
	F_SOURCE_CODE, F_LANGUAGE_ID, F_STDIN, F_EXPECTED_OUTPUT, F_STDOUT, F_STATUS_ID, F_CREATED_AT,
	F_FINISHED_AT, F_TIME, F_MEMORY, F_STDERR, F_TOKEN, F_NUMBER_OF_RUNS, F_CPU_TIME_LIMIT,
	F_CPU_EXTRA_TIME, F_WALL_TIME_LIMIT, F_MEMORY_LIMIT, F_STACK_LIMIT, F_MAX_PROCESSES,
	F_PER_PROCESS_TIME, F_PER_PROCESS_MEMORY, F_MAX_FILE_SIZE, F_COMPILE_OUTPUT, F_EXIT_CODE,
	F_EXIT_SIGNAL, F_MESSAGE, F_WALL_TIME, F_COMPILER_OPTIONS, F_COMMAND_LINE_ARGUMENTS,
	F_REDIRECT_STDERR, F_CALLBACK_URL, F_ADDITIONAL_FILES, F_ENABLE_NETWORK, F_STATUS, F_LANGUAGE,
	F_JUDGE0_END,
	F_LIMIT = F_JUDGE0_END, F_TESTS, F_PROBLEM,   /* beyond Judge0 */
	F_END
};

static const char *const field_names[F_END] = {
	"source_code", "language_id", "stdin", "expected_output", "stdout", "status_id", "created_at",
	"finished_at", "time", "memory", "stderr", "token", "number_of_runs", "cpu_time_limit",
	"cpu_extra_time", "wall_time_limit", "memory_limit", "stack_limit", "max_processes_and_or_threads",
	"enable_per_process_and_thread_time_limit", "enable_per_process_and_thread_memory_limit",
	"max_file_size", "compile_output", "exit_code", "exit_signal", "message", "wall_time",
	"compiler_options", "command_line_arguments", "redirect_stderr_to_stdout", "callback_url",
	"additional_files", "enable_network", "status", "language",
	"limit", "tests", "problem",
};

/* Judge0's default set (Fields::Submission#default_fields). */
static const enum field default_fields[] = { F_TOKEN, F_TIME, F_MEMORY, F_STDOUT, F_STDERR, F_COMPILE_OUTPUT,
					     F_MESSAGE, F_STATUS };

static int field_index(const char *name, size_t n)
{
	for (int i = 0; i < F_END; i++)
		if (strlen(field_names[i]) == n && !memcmp(field_names[i], name, n))
			return i;
	return -1;
}

/* Parse `fields` into sel[]; unknown names go into error as Judge0
 * words it: "invalid fields: [foo, bar]". */
static int fields_select(const char *fields, bool sel[F_END], char *error, size_t errlen)
{
	memset(sel, 0, F_END * sizeof(bool));
	bool any = false, star = false;
	char bad[256] = "";
	size_t nbad = 0, used = 0;
	for (const char *p = fields ? fields : ""; *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *w = p;
		while (n && (*w == ' ' || *w == '\t'))
			w++, n--;
		while (n && (w[n - 1] == ' ' || w[n - 1] == '\t'))
			n--;
		p = e ? e + 1 : p + strlen(p);
		if (!n)
			continue;
		if (n == 1 && *w == '*') {
			star = any = true;
			continue;
		}
		int i = field_index(w, n);
		if (i >= 0) {
			sel[i] = any = true;
			continue;
		}
		/* Quoted back in a JSON string: kept short and printable. */
		if (nbad++ && used + 2 < sizeof(bad)) {
			bad[used++] = ',';
			bad[used++] = ' ';
		}
		for (size_t k = 0; k < n && used + 1 < sizeof(bad); k++)
			bad[used++] = w[k] >= 0x20 && w[k] < 0x7f ? w[k] : '?';
		bad[used] = '\0';
	}
	if (nbad) {
		str_printf(error, errlen, "invalid fields: [%s]", bad);
		return -EINVAL;
	}
	if (star)
		for (int i = 0; i < F_JUDGE0_END; i++)
			sel[i] = true;
	if (!any)
		for (size_t i = 0; i < sizeof(default_fields) / sizeof(default_fields[0]); i++)
			sel[default_fields[i]] = true;
	return 0;
}

int subm_fields_check(const char *fields, char *error, size_t errlen)
{
	bool sel[F_END];
	return fields_select(fields, sel, error, errlen);
}

/* A text attribute: base64 in Ruby's MIME style, or the text itself,
 * which JSON can only carry when it is UTF-8 (else *bad is set). */
static json_t *text_json(const struct subm_bytes *b, bool base64, bool *bad)
{
	if (!b->data)
		return json_null();
	if (base64)
		return b64_json(b, true);
	json_t *j = json_stringn(b->data, b->len);
	if (!j)
		*bad = true;
	return j ? j : json_null();
}

/* A stored output (plain base64 or null), as text or base64. */
static json_t *output_json(json_t *res, const char *key, bool base64, bool *bad, int *err)
{
	struct subm_bytes b = { 0 };
	if (res && (*err = load_bytes(res, key, &b)))
		return NULL;
	json_t *j = text_json(&b, base64, bad);
	bytes_free(&b);
	return j;
}

static json_t *copy_or_null(json_t *res, const char *key)
{
	json_t *v = res ? json_object_get(res, key) : NULL;
	return v ? json_deep_copy(v) : json_null();
}

static json_t *language_json(int id)
{
	char name[128];
	langinfo_name(id, name, sizeof(name));
	if (!name[0]) {
		char idbuf[24];
		str_printf(idbuf, sizeof(idbuf), "%d", id);
		const struct lang *l = lang_find_any(idbuf);
		if (!l)
			return json_null();
		lang_display(l, name, sizeof(name));
	}
	return json_pack("{s:i, s:s}", "id", id, "name", name);
}

static json_t *message_out(json_t *res, bool base64)
{
	const char *m = res ? json_string_value(json_object_get(res, "message")) : NULL;
	if (!m)
		return json_null();
	if (!base64)
		return json_string(m);
	struct subm_bytes mb = { (char *)m, strlen(m) };
	return b64_json(&mb, true);
}

static json_t *option_json(const struct subm_bytes *v)
{
	return v->data ? json_text(v->data, v->len) : json_null();
}

static json_t *field_json(enum field f, const struct store_row *row, const struct subm *s, json_t *res,
			  bool base64, bool *bad, int *err)
{
	switch (f) {
	case F_SOURCE_CODE: return text_json(&s->source_code, base64, bad);
	case F_LANGUAGE_ID: return json_integer(s->language_id);
	case F_STDIN: return text_json(&s->stdin_data, base64, bad);
	case F_EXPECTED_OUTPUT: return text_json(&s->expected_output, base64, bad);
	case F_STDOUT:
	case F_STDERR:
	case F_COMPILE_OUTPUT: return output_json(res, field_names[f], base64, bad, err);
	case F_STATUS_ID: return json_integer(row->status_id);
	case F_CREATED_AT: return iso_json(row->created_at_ms);
	case F_FINISHED_AT: return iso_json(row->finished_at_ms);
	case F_TIME:
	case F_MEMORY:
	case F_WALL_TIME:
	case F_EXIT_CODE:
	case F_EXIT_SIGNAL:
	case F_LIMIT:
	case F_TESTS: return copy_or_null(res, field_names[f]);
	case F_TOKEN: return json_string(row->token);
	case F_NUMBER_OF_RUNS: return json_integer(s->number_of_runs);
	case F_CPU_TIME_LIMIT: return json_decimal(s->cpu_time_limit);
	case F_CPU_EXTRA_TIME: return json_decimal(s->cpu_extra_time);
	case F_WALL_TIME_LIMIT: return json_decimal(s->wall_time_limit);
	case F_MEMORY_LIMIT: return json_integer(s->memory_limit);
	case F_STACK_LIMIT: return json_integer(s->stack_limit);
	case F_MAX_PROCESSES: return json_integer(s->max_processes_and_or_threads);
	case F_PER_PROCESS_TIME: return json_boolean(s->enable_per_process_and_thread_time_limit);
	case F_PER_PROCESS_MEMORY: return json_boolean(s->enable_per_process_and_thread_memory_limit);
	case F_MAX_FILE_SIZE: return json_integer(s->max_file_size);
	case F_MESSAGE: return message_out(res, base64);
	case F_COMPILER_OPTIONS: return option_json(&s->compiler_options);
	case F_COMMAND_LINE_ARGUMENTS: return option_json(&s->command_line_arguments);
	case F_REDIRECT_STDERR: return json_boolean(s->redirect_stderr_to_stdout);
	case F_CALLBACK_URL: return option_json(&s->callback_url);
	case F_ADDITIONAL_FILES: return b64_json(&s->additional_files, true);   /* always base64, as Judge0 */
	case F_ENABLE_NETWORK: return json_boolean(s->enable_network);
	case F_STATUS: return box_status_json(row->status_id);
	case F_LANGUAGE: return language_json(s->language_id);
	case F_PROBLEM:
		return s->problem[0] ? json_pack("{s:s, s:s}", "slug", s->problem, "tests", scope_names[s->scope])
				     : json_null();
	case F_END: break;
	}
	return json_null();
}

int subm_render(const struct store_row *row, const char *fields, bool base64, json_t **out, char *error,
		size_t errlen)
{
	bool sel[F_END], bad = false;
	struct subm s;
	json_t *res = NULL, *o = NULL;
	int r = fields_select(fields, sel, error, errlen);
	*out = NULL;
	if (r)
		return r;
	if ((r = subm_load(row->request, &s))) {
		str_copy(error, errlen, "the stored submission cannot be read");
		return r == -ENOMEM ? r : -EBADMSG;
	}
	if (row->result && !(res = json_loads(row->result, 0, NULL))) {
		str_copy(error, errlen, "the stored result cannot be read");
		r = -EBADMSG;
		goto out;
	}
	if (!(o = json_object())) {
		r = -ENOMEM;
		goto out;
	}
	for (int f = 0; f < F_END; f++) {
		if (!sel[f])
			continue;
		int err = 0;
		json_t *v = field_json((enum field)f, row, &s, res, base64, &bad, &err);
		if (err) {
			str_copy(error, errlen, "the stored result cannot be read");
			r = err == -ENOMEM ? err : -EBADMSG;
			goto out;
		}
		if (!v || json_object_set_new(o, field_names[f], v)) {
			r = -ENOMEM;
			goto out;
		}
	}
	if (bad) {
		str_copy(error, errlen, SUBM_UTF8_ERROR);
		r = -EILSEQ;
		goto out;
	}
	*out = o;
	o = NULL;
out:
	json_decref(o);
	json_decref(res);
	subm_release(&s);
	return r;
}

/* The store keeps each test's output excerpts base64; the native view
 * shows them as text when they are UTF-8, else as KEY_base64. */
static void decode_outputs(json_t *tests)
{
	static const char *const keys[][2] = { { "stdout", "stdout_base64" }, { "stderr", "stderr_base64" } };
	size_t i;
	json_t *t;
	json_array_foreach(tests, i, t) {
		for (size_t k = 0; k < 2; k++) {
			json_t *b = json_object_get(t, keys[k][0]);
			char *raw = NULL;
			size_t n = 0;
			if (!json_is_string(b) || base64_decode(json_string_value(b), json_string_length(b), &raw, &n))
				continue;
			json_t *text = json_stringn(raw, n);     /* NULL when not UTF-8 */
			if (text) {
				json_object_set_new(t, keys[k][0], text);
			} else {
				json_object_set(t, keys[k][1], b);
				json_object_set_new(t, keys[k][0], json_null());
			}
			free(raw);
		}
	}
}

json_t *subm_native_json(const struct store_row *row)
{
	json_t *o = NULL;
	char e[128];
	if (subm_render(row, "token,status,language,stdout,stderr,compile_output,message,exit_code,exit_signal,"
			"time,wall_time,memory,created_at,finished_at,problem", false, &o, e, sizeof(e)))
		o = json_pack("{s:s,s:s}", "token", row->token, "error", e);
	if (!o)
		return NULL;
	json_t *res = row->result ? json_loads(row->result, 0, NULL) : NULL;
	json_t *tests = json_object_get(res, "tests"), *limit = json_object_get(res, "limit");
	decode_outputs(tests);
	json_object_set_new(o, "tests", tests ? json_incref(tests) : json_array());
	json_object_set(o, "limit", limit ? limit : json_null());
	json_object_set_new(o, "final", json_boolean(row->status_id > 2));
	json_decref(res);
	return o;
}

void subm_token(char token[STORE_TOKEN_LEN + 1])
{
	unsigned char u[16];
	size_t got = 0;
	while (got < sizeof(u)) {
		ssize_t n = getrandom(u + got, sizeof(u) - got, 0);
		if (n > 0)
			got += (size_t)n;
		else if (errno != EINTR)
			break;
	}
	if (got < sizeof(u)) {
		/* getrandom(2) cannot fail on a running Linux but for EINTR;
		 * should it, a clock-seeded token is still unique enough. */
		uint64_t x = now_us() ^ ((uint64_t)getpid() << 32);
		for (size_t i = got; i < sizeof(u); i++) {
			x = x * 6364136223846793005ULL + 1442695040888963407ULL;
			u[i] = (unsigned char)(x >> 56);
		}
	}
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);   /* version 4 */
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);   /* RFC 4122 variant */
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	for (size_t i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			token[o++] = '-';
		token[o++] = hex[u[i] >> 4];
		token[o++] = hex[u[i] & 15];
	}
	token[o] = '\0';
}
