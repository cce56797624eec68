/* lang.h - the languages `pairbox run` knows. This built-in table
 * (C, C++, Python 3); the data-file registry in langs/ replaces it next. */
#ifndef PAIRBOX_LANG_H
#define PAIRBOX_LANG_H

struct lang {
	const char *name;             /* short name: "c", "cpp", "python3" */
	const char *display;
	int judge0_id;                /* Judge0 CE's id for the same language */
	const char *source;           /* file name in /box */
	const char *const *exts;      /* extensions used to guess, NULL-terminated */
	const char *const *compile;   /* argv, or NULL when nothing is compiled */
	const char *const *run;       /* argv */
};

/* By short name or Judge0 id ("71"). NULL if unknown. */
const struct lang *lang_find(const char *name_or_id);
/* By the file name's extension. NULL if unknown. */
const struct lang *lang_guess(const char *path);
/* The table, NULL-name terminated. */
const struct lang *lang_all(void);

#endif
