/* lang.h - the language registry: one JSON file per language in langs/
 * (schema in docs/langs.md), loaded once, with the toolchains that are
 * installed detected at load time.
 *
 * Ownership: the registry owns every struct lang; pointers stay valid until
 * lang_registry_free() (the process normally never calls it). Lookups are
 * safe from any thread once the registry is loaded. */
#ifndef PAIRBOX_LANG_H
#define PAIRBOX_LANG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "box.h"

/* A limit a language raises or lowers from the server's defaults; each
 * field is 0 when the language leaves it alone. Judge0's names and units. */
struct lang_limits {
	uint32_t cpu_ms, wall_ms, processes, nofile;
	uint64_t memory_kb, stack_kb, fsize_kb, tmp_kb;
};

struct lang {
	const char *name;             /* short name: "c", "cpp", "python3" */
	const char *display;          /* "Java (OpenJDK)"; see lang_display() */
	int judge0_id;                /* Judge0 CE's id, 0 when Judge0 has none */
	int judge0_aliases[4];        /* older Judge0 ids for the same language (GCC 7, 8), 0-ended */
	const char *source;           /* file name in /box ("" for multi-file) */
	const char *const *exts;      /* extensions used to guess, NULL-terminated */
	const char *const *compile;   /* argv, or NULL when nothing is compiled */
	size_t options_at;            /* compiler options go before compile[options_at] */
	const char *const *run;       /* argv */
	const char *const *env;       /* NAME=VALUE for compile and run, NULL-terminated */
	const char *const *version;   /* argv that prints the installed version */
	const char *const *requires;  /* host paths that must exist */
	const char *const *packages;  /* Debian packages that provide it */
	const char *const *binds;     /* host paths outside /usr the box needs */
	const char *profile;          /* seccomp profile name (NULL = default) */
	struct lang_limits run_limits, compile_limits;
	bool multi_file;              /* Judge0 89: the zip's `compile` and `run` scripts */
	bool available;               /* every `requires` path exists */
	const char *self_test_source, *self_test_stdin, *self_test_expected;
	const char *file;             /* the data file it came from */
	/* In a problem package (`pairbox grade`), as Kattis runs it: */
	const char *const *package_exts;     /* extensions there instead of exts (Kattis: .pl is
	                                        Prolog; none: never guessed there), or NULL */
	const char *const *package_compile;  /* argv templates with {files} {mainfile} {mainclass} */
	const char *const *package_run;      /* {Mainclass} {memlim}; NULL: compile/run, the
	                                        source's name replaced (lang_named_make) */
};

/* Load every *.json in dir (NULL: $PAIRBOX_LANGS, else the built-in
 * default, the source tree's langs/). Replaces a registry loaded before;
 * call it before threads use lookups. Returns 0, or -errno with err naming
 * the file and field at fault. */
int lang_registry_load(const char *dir, char *err, size_t errlen);
void lang_registry_free(void);

/* By short name or Judge0 id ("71"); installed languages only. Loads the
 * default registry on first use. NULL if unknown or not installed. */
const struct lang *lang_find(const char *name_or_id);
/* The same, whether installed or not (for messages that say which). */
const struct lang *lang_find_any(const char *name_or_id);
/* By the file name's extension; installed languages only. */
const struct lang *lang_guess(const char *path);
/* By extension in a problem package: a language's package extensions
 * first (langs' "package": "extensions"), then the ordinary extensions of
 * languages that have none of their own there. Installed only. */
const struct lang *lang_guess_package(const char *path);
/* Every language, installed or not, in file-name order. */
size_t lang_count(void);
const struct lang *lang_at(size_t i);
/* The load error of the default registry, "" if none. */
const char *lang_registry_error(void);

/* The installed version ("17.0.15"), found by running the version command
 * on the host once (at most 10 s) and remembered. "" when it cannot be told.
 * Thread-safe. */
const char *lang_version(const struct lang *l);
/* Versions are slow to ask (a JVM starts per language), so they are kept
 * on disk between runs: load() takes the cached version of every language
 * whose toolchain files (the version command's program and what
 * `requires` names, or compile[0] and run[0]) are unchanged since;
 * save() writes what is known (atomically). Both return 0 or -errno; a
 * missing or unreadable cache is just empty. */
int lang_version_cache_load(const char *path);
int lang_version_cache_save(const char *path);

/* display with the version: "Java (OpenJDK 17.0.15)". */
void lang_display(const struct lang *l, char *buf, size_t len);

/* Apply the language's limits to the defaults a caller starts from. */
void lang_apply_limits(const struct lang *l, struct box_limits *run, struct box_limits *compile);

/* The union of every installed language's binds, NULL-terminated; owned
 * by the registry. For box_config.binds. */
const char *const *lang_all_binds(void);

/* A language with a program's own file names, as problem packages run
 * them (Kattis, DOMjudge, BAPCtools): the source keeps its name
 * ("Different.java"), the compile takes every source file of a folder,
 * and the run starts from the main file or its class ("Different",
 * "HelloKt"). The templates (package_compile/package_run) know
 * {files} (one argument per source file), {mainfile}, {mainclass} (the
 * main file without its extension), {Mainclass} (as Kotlin names a
 * file's class: first letter upper case, other than letters, digits, '_'
 * and '$' as '_') and {memlim} (MB); without them compile and run are the
 * language's own with every argument naming the source replaced ({files}
 * in compile, {mainfile} in run). Judge0's requests never use it: they
 * keep `Main`. */
struct lang_named {
	struct lang l;                /* the language, renamed; valid until release */
	const char **compile, **run;  /* owned vectors */
	char **strs;                  /* owned expanded strings */
	size_t nstrs;
};

/* mainfile: a plain relative name; files: every source file (mainfile
 * among them), n >= 1; memory_kb: the run's memory limit (0: none known,
 * {memlim} as 1024). 0, -EINVAL (a bad template), -ENOMEM. */
int lang_named_make(const struct lang *l, const char *mainfile, const char *const *files, size_t n,
		    uint64_t memory_kb, struct lang_named *out);
void lang_named_release(struct lang_named *ln);

#endif
