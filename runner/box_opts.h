/* box_opts.h - the option rows that the commands running boxes share
 * (`pairbox box`, run, grade, langs): each limit's name, syntax, help,
 * default and range written once (opts.h). OFF is the target field's
 * offset in the command's own struct; DEF the default in the user's
 * syntax, or NULL where the command has its own (run: the language's).
 * Sizes take a suffix k, M or G; a bare number is MB, in every command. */
#ifndef PAIRBOX_BOX_OPTS_H
#define PAIRBOX_BOX_OPTS_H

#include "box.h"
#include "opts.h"

#include <stddef.h>

#define BOX_OPT_STATE_DIR(off) { "state-dir", OPT_STR, (off), 0, "DIR", \
	"mountpoint, seccomp and compile caches, work space", BOX_STATE_DIR, NULL, NULL }

#define BOX_OPT_BOX_SIZE(off) { "box-size", OPT_SIZE, (off), 1024, "SIZE", \
	"size of /box", "256M", "1M", "1024G" }

#define BOX_OPT_TIME(off, def) { "time", OPT_SECONDS, (off), 0, "SEC", \
	"CPU time of all the program's processes", def, "0", "86400" }
#define BOX_OPT_EXTRA(off, def) { "extra", OPT_SECONDS, (off), 0, "SEC", \
	"extra CPU time before the kill", def, "0", "3600" }
#define BOX_OPT_WALL(off, def) { "wall", OPT_SECONDS, (off), 0, "SEC", \
	"wall-clock time", def, "0", "86400" }
#define BOX_OPT_MEM(off, def) { "mem", OPT_SIZE, (off), 1024, "SIZE", \
	"memory of all the program's processes", def, "0", "1024G" }
#define BOX_OPT_PROCS(off, def) { "procs", OPT_U32, (off), 0, "N", \
	"processes and threads", def, "0", "65536" }
#define BOX_OPT_FSIZE(off, def) { "fsize", OPT_SIZE, (off), 1024, "SIZE", \
	"largest file the program may write", def, "0", "1024G" }
#define BOX_OPT_STACK(off, def) { "stack", OPT_SIZE, (off), 1024, "SIZE", \
	"stack", def, "0", "1024G" }
#define BOX_OPT_TMP(off, def) { "tmp", OPT_SIZE, (off), 1024, "SIZE", \
	"size of /tmp", def, "1M", "1024G" }
#define BOX_OPT_OUTPUT(off, def) { "output", OPT_SIZE, (off), 1, "SIZE", \
	"kept per stream; more kills the box", def, "0", "1G" }
#define BOX_OPT_NOFILE(off, def) { "nofile", OPT_U32, (off), 0, "N", \
	"open files per process", def, "0", "1048576" }

/* Every field of a struct box_limits at offset BASE, with its default:
 * box_limits_default() applies these very rows (Judge0 CE 1.13.1's
 * defaults where Judge0 has one). */
#define BOX_OPT_LIMIT(base, f) ((base) + offsetof(struct box_limits, f))
#define BOX_OPT_LIMITS(base) \
	BOX_OPT_TIME(BOX_OPT_LIMIT(base, cpu_ms), "5"), \
	BOX_OPT_EXTRA(BOX_OPT_LIMIT(base, extra_ms), "1"), \
	BOX_OPT_WALL(BOX_OPT_LIMIT(base, wall_ms), "10"), \
	BOX_OPT_MEM(BOX_OPT_LIMIT(base, memory_kb), "128000k"), \
	BOX_OPT_PROCS(BOX_OPT_LIMIT(base, processes), "60"), \
	BOX_OPT_FSIZE(BOX_OPT_LIMIT(base, fsize_kb), "1024k"), \
	BOX_OPT_STACK(BOX_OPT_LIMIT(base, stack_kb), "64000k"), \
	BOX_OPT_TMP(BOX_OPT_LIMIT(base, tmp_kb), "64M"), \
	BOX_OPT_OUTPUT(BOX_OPT_LIMIT(base, output_bytes), "1M"), \
	BOX_OPT_NOFILE(BOX_OPT_LIMIT(base, nofile), "256")

#endif
