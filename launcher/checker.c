/* checker.c - custom checkers in a box of their own (checker.h). */
#define _GNU_SOURCE
#include "checker.h"
#include "judge.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* testlib's exit statuses (testlib.h without EJUDGE, CONTESTER, TESTSYS). */
enum {
	TESTLIB_OK = 0,
	TESTLIB_WA = 1,
	TESTLIB_PE = 2,
	TESTLIB_FAIL = 3,
	TESTLIB_DIRT = 4,          /* extra data after the expected output */
	TESTLIB_POINTS = 7,
	TESTLIB_UNEXPECTED_EOF = 8,
};


int checker_style_parse(const char *s, enum checker_style *style)
{
	if (s && strcmp(s, "testlib") == 0)
		*style = CHECKER_TESTLIB;
	else if (s && strcmp(s, "kattis") == 0)
		*style = CHECKER_KATTIS;
	else
		return -EINVAL;
	return 0;
}

const char *checker_style_name(enum checker_style style)
{
	return style == CHECKER_KATTIS ? "kattis" : "testlib";
}

void checker_limits(struct box_limits *l)
{
	judge_compile_limits(l);       /* as generous as a compiler's: 10 s, 512 MB, 64 KB of messages */
	l->fsize_kb = 16 * 1024;       /* feedback files */
}

const char **checker_argv(const struct checker *c, const char *const *run)
{
	static const char *const exe[] = { "./" CHECKER_EXE, NULL };
	const char *const testlib[] = { CHECKER_INPUT, CHECKER_OUTPUT, CHECKER_ANSWER };
	const char *const kattis[] = { CHECKER_INPUT, CHECKER_ANSWER, CHECKER_FEEDBACK };
	const char *const *extra = c->style == CHECKER_KATTIS ? kattis : testlib;
	if (!run)
		run = exe;
	size_t n = 0;
	while (run[n])
		n++;
	const char **v = calloc(n + 4, sizeof(char *));
	if (!v)
		return NULL;
	memcpy(v, run, n * sizeof(char *));
	memcpy(v + n, extra, 3 * sizeof(char *));
	return v;
}

/* msg = "checker: " label [": " text], text flattened to one line (control
 * characters become spaces, runs of spaces one) and cut on a UTF-8
 * character boundary. A text that already starts with the label (testlib
 * writes "wrong answer ...") is not prefixed twice. */
static void say(char *msg, size_t len, const char *label, const char *text, size_t text_len)
{
	while (text_len && (unsigned char)*text <= ' ') {
		text++;
		text_len--;
	}
	size_t ll = strlen(label);
	bool dup = text_len >= ll && strncasecmp(text, label, ll) == 0;
	if (str_printf(msg, len, "checker: %s%s", dup ? "" : label, text_len && !dup ? ": " : ""))
		return;
	size_t k = strlen(msg);
	bool gap = false, cut = false;
	for (size_t i = 0; i < text_len; i++) {
		unsigned char ch = (unsigned char)text[i];
		if (ch <= ' ' || ch == 0x7f) {
			gap = true;
			continue;
		}
		if (k + 1 + gap >= len) {
			cut = true;
			break;
		}
		if (gap)
			msg[k++] = ' ';
		gap = false;
		msg[k++] = (char)ch;
	}
	/* Cut short: drop a partial UTF-8 sequence at the end. */
	if (cut) {
		size_t j = k;
		while (j > 0 && ((unsigned char)msg[j - 1] & 0xc0) == 0x80)
			j--;
		if (j > 0 && ((unsigned char)msg[j - 1] & 0xc0) == 0xc0) {
			unsigned char lead = (unsigned char)msg[j - 1];
			size_t need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
			if (k - (j - 1) < need)
				k = j - 1;
		}
	}
	msg[k] = '\0';
}

/* What the checker said about its decision: testlib writes to stderr,
 * Kattis to feedback/judgemessage.txt; either falls back on stdout. */
static void reason(const struct box_result *run, const char *feedback, size_t feedback_len,
		   const char **text, size_t *len)
{
	if (feedback && feedback_len) {
		*text = feedback;
		*len = feedback_len;
	} else if (run->err.len) {
		*text = run->err.data;
		*len = run->err.len;
	} else {
		*text = run->out.data;
		*len = run->out.len;
	}
}

int checker_verdict(enum checker_style style, const struct box_result *run, const char *feedback,
		    size_t feedback_len, char *msg, size_t msglen)
{
	char label[64];
	msg[0] = '\0';
	switch (run->status) {
	case BOX_ST_ACCEPTED:
	case BOX_ST_NZEC:
		break;                              /* it exited: its status is its verdict */
	case BOX_ST_INTERNAL_ERROR:
		str_printf(msg, msglen, "checker: %s", run->message);
		return BOX_ST_INTERNAL_ERROR;
	case BOX_ST_EXEC_FORMAT:
		str_printf(msg, msglen, "checker could not be executed: %s", run->message);
		return BOX_ST_INTERNAL_ERROR;
	default:
		if (run->hit != BOX_HIT_NONE)
			str_printf(msg, msglen, "checker: %s limit exceeded", box_limit_name(run->hit));
		else if (run->exit_signal)
			str_printf(msg, msglen, "checker killed by signal %d", run->exit_signal);
		else
			str_printf(msg, msglen, "checker: %s", box_status_description(run->status));
		return BOX_ST_INTERNAL_ERROR;
	}
	const char *text;
	size_t len;
	reason(run, style == CHECKER_KATTIS ? feedback : NULL, feedback_len, &text, &len);
	int code = run->exit_code;
	if (style == CHECKER_KATTIS) {
		if (code == CHECKER_KATTIS_ACCEPT)
			return BOX_ST_ACCEPTED;
		if (code == CHECKER_KATTIS_WRONG) {
			say(msg, msglen, "wrong answer", text, len);
			return BOX_ST_WRONG_ANSWER;
		}
		str_printf(label, sizeof(label), "exited with %d (not 42 or 43)", code);
		say(msg, msglen, label, text, len);
		return BOX_ST_INTERNAL_ERROR;
	}
	switch (code) {
	case TESTLIB_OK:
		return BOX_ST_ACCEPTED;
	case TESTLIB_WA:
		say(msg, msglen, "wrong answer", text, len);
		return BOX_ST_WRONG_ANSWER;
	case TESTLIB_PE:
	case TESTLIB_DIRT:
		/* Judge0 has no presentation error status. */
		say(msg, msglen, "presentation error", text, len);
		return BOX_ST_WRONG_ANSWER;
	case TESTLIB_UNEXPECTED_EOF:
		say(msg, msglen, "unexpected end of output", text, len);
		return BOX_ST_WRONG_ANSWER;
	case TESTLIB_POINTS:
		/* A partial score is not a pass: there is no status for it. */
		say(msg, msglen, "partial score", text, len);
		return BOX_ST_WRONG_ANSWER;
	case TESTLIB_FAIL:
		say(msg, msglen, "failed", text, len);
		return BOX_ST_INTERNAL_ERROR;
	default:
		str_printf(label, sizeof(label), "exited with %d", code);
		say(msg, msglen, label, text, len);
		return BOX_ST_INTERNAL_ERROR;
	}
}

int checker_put_files(struct box *b, const struct checker *c, const char *dir, const char *input,
		      size_t input_len, const char *output, size_t output_len, const char *answer,
		      size_t answer_len, const struct checker_pass *pass)
{
	int r = dir ? box_put_host_dir(b, dir) : box_put_file(b, CHECKER_EXE, c->program, c->program_len, 0755);
	if (!r)
		r = box_put_file(b, CHECKER_INPUT, input ? input : "", input ? input_len : 0, 0644);
	if (!r)
		r = box_put_file(b, CHECKER_OUTPUT, output ? output : "", output ? output_len : 0, 0644);
	if (!r)
		r = box_put_file(b, CHECKER_ANSWER, answer ? answer : "", answer ? answer_len : 0, 0644);
	/* Kattis: the feedback directory must exist; an empty judgemessage.txt
	 * (the box user's, so the validator may rewrite it) makes it. A later
	 * pass gets the last pass's instead. */
	if (!r && c->style == CHECKER_KATTIS)
		r = pass && pass->carried ? box_put_host_dir(b, pass->dir) : box_put_file(b, CHECKER_JUDGEMESSAGE, "", 0, 0644);
	return r;
}

/* 0; -EPROTO when nextpass.in came with another verdict than accepted; or -errno. */
static int pass_collect(struct box *b, struct checker_pass *p, int verdict)
{
	outbuf_release(&p->next);
	p->made_next = false;
	int r = box_get_file(b, CHECKER_NEXTPASS, &p->next);
	if (r == -ENOENT)
		return 0;
	if (r)
		return r;
	p->made_next = true;
	if (verdict != BOX_ST_ACCEPTED)
		return -EPROTO;
	/* The rest of feedback/ persists: the box's files out, feedback/ kept
	 * (without nextpass.in, which becomes the input), the rest dropped. */
	char all[PATH_MAX], from[PATH_MAX], to[PATH_MAX];
	if (str_printf(all, sizeof(all), "%s/box", p->dir) || str_printf(from, sizeof(from), "%s/feedback", all) ||
	    str_printf(to, sizeof(to), "%s/feedback", p->dir))
		return -ENAMETOOLONG;
	int dfd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	remove_tree(dfd, "box");
	remove_tree(dfd, "feedback");
	if (!(r = box_copy_out_all(b, all)) && rename(from, to))
		r = -errno;
	remove_tree(dfd, "box");
	if (!r && unlinkat(dfd, "feedback/nextpass.in", 0))
		r = -errno;
	close(dfd);
	p->carried = !r;
	return r;
}

void checker_pass_verdict(struct box *b, struct checker_pass *p, int *status, char *msg, size_t msglen)
{
	int r = pass_collect(b, p, *status);
	if (!r)
		return;
	*status = BOX_ST_INTERNAL_ERROR;
	if (r == -EPROTO)
		str_printf(msg, msglen, "checker: wrote nextpass.in but did not accept (exit 42)");
	else
		str_printf(msg, msglen, "checker: nextpass.in: %s", strerror(-r));
}

void checker_feedback(struct box *b, struct outbuf *feedback)
{
	int r = box_get_file(b, CHECKER_JUDGEMESSAGE, feedback);
	if (r == -EFBIG) {
		outbuf_release(feedback);
		outbuf_append(feedback, "(judgemessage.txt over 64 KB)", 29);
	} else if (r) {
		outbuf_release(feedback);              /* removed or replaced by a link: no message */
	}
}

int checker_check(struct box_pool *pool, const struct checker *c, const char *dir, const char *const *argv,
		  const char *input, size_t input_len, const char *output, size_t output_len,
		  const char *answer, size_t answer_len, struct checker_pass *pass, int *status, char *msg,
		  size_t msglen, char *err, size_t errlen)
{
	struct box *b;
	int r = box_acquire(pool, &b, err, errlen);
	if (r)
		return r;
	struct box_result run;
	box_result_init(&run);
	struct outbuf feedback;
	outbuf_init(&feedback, CHECKER_FEEDBACK_CAP);
	r = checker_put_files(b, c, dir, input, input_len, output, output_len, answer, answer_len, pass);
	if (r) {
		*status = BOX_ST_INTERNAL_ERROR;
		str_printf(msg, msglen, "checker: cannot copy its files into the box: %s", strerror(-r));
		goto out;
	}
	/* A fresh box, never the program's: nothing the program left can
	 * reach the checker. Kattis reads the output on stdin. */
	struct box_spec spec = { .argv = argv, .limits = c->limits };
	if (c->style == CHECKER_KATTIS) {
		spec.stdin_data = output;
		spec.stdin_len = output ? output_len : 0;
	}
	if (c->lang) {
		spec.env = c->lang->env;
		spec.profile = c->lang->profile;
	}
	box_exec(b, &spec, &run);
	if (c->style == CHECKER_KATTIS && (run.status == BOX_ST_ACCEPTED || run.status == BOX_ST_NZEC))
		checker_feedback(b, &feedback);
	*status = checker_verdict(c->style, &run, feedback.data, feedback.len, msg, msglen);
	if (pass && *status != BOX_ST_INTERNAL_ERROR)
		checker_pass_verdict(b, pass, status, msg, msglen);
	r = 0;
out:
	outbuf_release(&feedback);
	box_result_release(&run);
	box_release(b);
	return r;
}
