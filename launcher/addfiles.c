/* addfiles.c - additional files unzipped in the box (addfiles.h). */
#include "addfiles.h"
#include "util.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* Everything /box holds after the extraction, in KB (the source
 * included: it is small), measured inside the box. -1 if unknown. */
static long long box_kb_used(struct box *b, const struct box_limits *limits)
{
	static const char *const du[] = { "/usr/bin/du", "-sk", "--apparent-size", ".", NULL };
	struct box_result r;
	box_result_init(&r);
	struct box_spec spec = { .argv = du, .limits = *limits };
	box_exec(b, &spec, &r);
	long long kb = -1;
	if (r.status == BOX_ST_ACCEPTED && r.out.len) {
		char *end;
		kb = strtoll(r.out.data, &end, 10);
		if (end == r.out.data || kb < 0)
			kb = -1;
	}
	box_result_release(&r);
	return kb;
}

int addfiles_extract(struct box *b, const void *zip, size_t len, const struct box_limits *limits,
		     uint64_t max_kb, struct outbuf *log, char *msg, size_t msglen)
{
	struct box_limits l = *limits;
	/* No one file may be larger than the whole allowance (RLIMIT_FSIZE
	 * stops unzip there); the total is checked after. */
	if (max_kb && (!l.fsize_kb || l.fsize_kb > max_kb))
		l.fsize_kb = max_kb;
	limits = &l;
	/* -n: never overwrite (the source came first); -qq: only errors. */
	static const char *const argv[] = { ADDFILES_UNZIP, "-n", "-qq", "/dev/stdin", NULL };
	struct box_result r;
	box_result_init(&r);
	struct box_spec spec = { .argv = argv, .stdin_data = zip, .stdin_len = len, .limits = *limits,
				 .merge_stderr = true };
	box_exec(b, &spec, &r);
	int status = BOX_ST_COMPILE_ERROR;
	if (r.status == BOX_ST_INTERNAL_ERROR) {
		str_printf(msg, msglen, "additional files: %s", r.message);
		status = BOX_ST_INTERNAL_ERROR;
	} else if (r.status == BOX_ST_EXEC_FORMAT) {
		str_printf(msg, msglen, "additional files: cannot run %s: %s", ADDFILES_UNZIP, r.message);
		status = BOX_ST_INTERNAL_ERROR;
	} else if (r.status == BOX_ST_ACCEPTED || (r.status == BOX_ST_NZEC && r.exit_code == 1)) {
		/* 1: warnings only, e.g. "../" or a leading "/" stripped from a name. */
		status = BOX_ST_ACCEPTED;
	} else if (r.hit != BOX_HIT_NONE) {
		str_printf(msg, msglen, "additional files: unzip stopped by the %s limit", box_limit_name(r.hit));
	} else if (r.exit_signal == SIGXFSZ) {
		str_printf(msg, msglen, "additional files: a file is larger than the %llu KB allowed%s",
			   (unsigned long long)limits->fsize_kb, max_kb ? " (MAX_EXTRACT_SIZE)" : "");
	} else if (r.status == BOX_ST_NZEC) {
		/* unzip(1): 3, 9, 51 not a readable archive; 2 errors in it (a
		 * name through a planted link, say); 50 disk full. */
		int c = r.exit_code;
		const char *full = max_kb ? "the files are larger than MAX_EXTRACT_SIZE allows" : "the files do not fit in /box";
		const char *why = c == 50 ? full
				: c == 3 || c == 9 || c == 51 ? "not a valid zip archive"
				: c == 2 ? "errors in the zip archive" : "unzip failed";
		str_printf(msg, msglen, "additional files: %s (unzip exited with %d)", why, c);
	} else {
		str_printf(msg, msglen, "additional files: unzip failed: %s",
			   r.message[0] ? r.message : box_status_description(r.status));
	}
	long long used;
	if (status == BOX_ST_ACCEPTED && max_kb && (used = box_kb_used(b, limits)) >= 0 && (uint64_t)used > max_kb) {
		str_printf(msg, msglen, "additional files: %lld KB extracted, more than the %llu KB allowed (MAX_EXTRACT_SIZE)",
			   used, (unsigned long long)max_kb);
		status = BOX_ST_COMPILE_ERROR;
	}
	/* Only a failure's messages are kept: warnings about names stripped
	 * of "../" are not the compiler's output. */
	if (status != BOX_ST_ACCEPTED)
		outbuf_append(log, r.out.data, r.out.len);
	box_result_release(&r);
	return status;
}
