/* harness_rt.h - the per-language harness runtimes (package/harness/),
 * compiled into the binary by cmake/embed.cmake. Each is a prelude, a line
 * holding "pairbox:user-code", then the runtime (parsers, printers);
 * harness_gen.c puts the user's code in that line's place and a generated main
 * after. TypeScript's runtime is its own classes, then JavaScript's from
 * the line holding "pairbox:shared-runtime". NUL-terminated, read-only,
 * static. */
#ifndef PAIRBOX_HARNESS_RT_H
#define PAIRBOX_HARNESS_RT_H

#include <stddef.h>

extern const char harness_rt_c[], harness_rt_cpp[], harness_rt_py[], harness_rt_java[], harness_rt_js[],
	harness_rt_ts[], harness_rt_go[], harness_rt_rs[], harness_rt_rb[], harness_rt_kt[], harness_rt_cs[];
extern const size_t harness_rt_c_len, harness_rt_cpp_len, harness_rt_py_len, harness_rt_java_len,
	harness_rt_js_len, harness_rt_ts_len, harness_rt_go_len, harness_rt_rs_len, harness_rt_rb_len,
	harness_rt_kt_len, harness_rt_cs_len;

#endif
