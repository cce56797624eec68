/* test_result.c - runner/result.c and keeper_proto.c: status descriptions,
 * limit names and the set-up step names. */
#include "box.h"
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
}


int main(void)
{
	test_names();
	return check_done();
}
