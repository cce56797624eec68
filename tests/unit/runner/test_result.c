/* test_result.c - runner/result.c and keeper_proto.c: status descriptions,
 * limit names, the set-up step names (--fault's list), and the default
 * limits and config with the option rows they come from (box_opts.h). */
#include <stdint.h>
#include <stdio.h>

#include "box.h"
#include "box_opts.h"
#include "check.h"
#include "keeper.h"

static void test_names(void)
{
	CHECK_EQ_STR(box_status_description(3), "Accepted");
	CHECK_EQ_STR(box_status_description(13), "Internal Error");
	CHECK_EQ_STR(box_status_description(14), "Exec Format Error");
	CHECK_EQ_STR(box_status_description(99), "Unknown");
	CHECK_EQ_STR(box_limit_name(BOX_HIT_OUTPUT), "output");
	CHECK_EQ_INT(box_step_lookup("keeper-proc"), STEP_K_PROC);
	CHECK_EQ_INT(box_step_lookup("nonsense"), STEP_NONE);
	for (int s = 1; s < STEP__COUNT; s++)   /* every step has a distinct name */
		CHECK_EQ_INT(box_step_lookup(box_step_name(s)), s);
	/* --fault's list: every step but "none", in order, then the end. */
	unsigned n = 0;
	for (; box_fault_step(n); n++)
		CHECK_EQ_INT(box_step_lookup(box_fault_step(n)), (int)n + 1);
	CHECK_EQ_INT(n, STEP__COUNT - 1);
	CHECK_EQ_STR(box_fault_step(0), "keeper-pid-ns");
	CHECK_EQ_INT(box_step_lookup("none"), STEP_NONE);
}

/* Every row box_opts.h shares's default, when it is not a sentinel, is a value the
 * row accepts: what --help shows can be typed back. */
static void lint(const struct opt *rows)
{
	static uint64_t field[64];
	for (const struct opt *o = rows; o->name; o++) {
		if (!o->def || o->type == OPT_STR)
			continue;
		struct opt one[2] = { *o, OPT_END };
		one[0].offset = 0;                    /* into field[], whatever the row's own struct */
		char opt[64], err[256] = "";
		snprintf(opt, sizeof(opt), "--%s", o->name);
		char *argv[] = { "x", opt, (char *)o->def, NULL };
		int next, r = opts_parse(one, field, 3, argv, &next, err, sizeof(err));
		if (r)
			fprintf(stderr, "%s %s: %s\n", opt, o->def, err);
		CHECK_EQ_INT(r, 0);
	}
}

static void test_shared_rows(void)
{
	static const struct opt limits[] = { BOX_OPT_LIMITS(0), OPT_END };
	static const struct opt others[] = { BOX_OPT_STATE_DIR(0), BOX_OPT_BOX_SIZE(0), OPT_END };
	lint(limits);
	lint(others);
	struct box_limits l;
	CHECK_EQ_INT(opts_defaults(limits, &l), 0);
	box_limits_default(&l);               /* the very rows: Judge0 CE 1.13.1's defaults */
	CHECK_EQ_INT(l.cpu_ms, 5000);
	CHECK_EQ_INT(l.extra_ms, 1000);
	CHECK_EQ_INT(l.wall_ms, 10000);
	CHECK_EQ_INT(l.memory_kb, 128000);
	CHECK_EQ_INT(l.processes, 60);
	CHECK_EQ_INT(l.fsize_kb, 1024);
	CHECK_EQ_INT(l.stack_kb, 64000);
	CHECK_EQ_INT(l.tmp_kb, 64 * 1024);
	CHECK_EQ_INT(l.output_bytes, 1024 * 1024);
	CHECK_EQ_INT(l.nofile, 256);
	struct box_config c;
	box_config_default(&c);
	CHECK_EQ_STR(c.state_dir, BOX_STATE_DIR);
	CHECK_EQ_INT(c.box_kb, 256 * 1024);
	CHECK_EQ_INT(c.first_id, -1);
}

int main(void)
{
	test_names();
	test_shared_rows();
	return check_done();
}
