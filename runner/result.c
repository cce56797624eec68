/* result.c - status ids and names, limit names, default limits and config. */
#include "box.h"
#include "box_opts.h"

#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
	[BOX_ST_IN_QUEUE] = "In Queue",
	[BOX_ST_PROCESSING] = "Processing",
	[BOX_ST_ACCEPTED] = "Accepted",
	[BOX_ST_WRONG_ANSWER] = "Wrong Answer",
	[BOX_ST_TIME_LIMIT] = "Time Limit Exceeded",
	[BOX_ST_COMPILE_ERROR] = "Compilation Error",
	[BOX_ST_SIGSEGV] = "Runtime Error (SIGSEGV)",
	[BOX_ST_SIGXFSZ] = "Runtime Error (SIGXFSZ)",
	[BOX_ST_SIGFPE] = "Runtime Error (SIGFPE)",
	[BOX_ST_SIGABRT] = "Runtime Error (SIGABRT)",
	[BOX_ST_NZEC] = "Runtime Error (NZEC)",
	[BOX_ST_OTHER] = "Runtime Error (Other)",
	[BOX_ST_INTERNAL_ERROR] = "Internal Error",
	[BOX_ST_EXEC_FORMAT] = "Exec Format Error",
};

const char *box_status_description(int status)
{
	if (status <= 0 || (size_t)status >= sizeof(status_names) / sizeof(status_names[0]))
		return "Unknown";
	return status_names[status];
}

const char *box_limit_name(enum box_limit_hit hit)
{
	switch (hit) {
	case BOX_HIT_TIME: return "time";
	case BOX_HIT_WALL: return "wall";
	case BOX_HIT_MEMORY: return "memory";
	case BOX_HIT_OUTPUT: return "output";
	case BOX_HIT_PROCESSES: return "processes";
	case BOX_HIT_NONE: break;
	}
	return "";
}

void box_limits_default(struct box_limits *l)
{
	static const struct opt rows[] = { BOX_OPT_LIMITS(0), OPT_END };
	memset(l, 0, sizeof(*l));
	opts_defaults(rows, l);       /* cannot fail: unit.test_opts applies these rows */
}

void box_config_default(struct box_config *c)
{
	static const struct opt rows[] = {
		BOX_OPT_STATE_DIR(offsetof(struct box_config, state_dir)),
		BOX_OPT_BOX_SIZE(offsetof(struct box_config, box_kb)),
		OPT_END,
	};
	memset(c, 0, sizeof(*c));
	opts_defaults(rows, c);
	c->slots = 1;
	c->first_id = -1;
	c->max_boxes = 1000;
	c->first_uid = 60000;
#ifdef PAIRBOX_PROFILE_DIR
	c->profile_dir = PAIRBOX_PROFILE_DIR;
#endif
}

void box_result_init(struct box_result *r)
{
	memset(r, 0, sizeof(*r));
	outbuf_init(&r->out, 0);
	outbuf_init(&r->err, 0);
}

void box_result_release(struct box_result *r)
{
	outbuf_release(&r->out);
	outbuf_release(&r->err);
}
