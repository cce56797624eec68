/* subm_parse.c - a Judge0 submission from a request: its attributes read
 * the way Rails casts them, checked as Judge0 CE 1.13.1's model does (its
 * defaults, ranges, switches and messages), into struct subm (subm.h). */
#define _GNU_SOURCE
#include "subm.h"
#include "base64.h"
#include "jsontext.h"
#include "langinfo.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Judge0's model caps both option strings at 512 characters. */
#define SUBM_OPTIONS_MAX 512

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
		return subm_bytes_set(out, s, n);
	char *dec;
	size_t dlen;
	int r = base64_decode(s, n, &dec, &dlen);
	if (r)
		return r == -ENOMEM ? -ENOMEM : -EBADMSG;
	subm_bytes_steal(out, dec, dlen);
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
		subm_bytes_free(&out->callback_url);        /* blank: no callback */
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
