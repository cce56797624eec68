/* test_lang.c - the language registry: the shipped langs/ loads, lookups
 * by name, id and extension, limit overrides, "$options", versions, and
 * every kind of bad data file refused with the file and key named. */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "lang.h"
#include "util.h"

static char dir[] = "/tmp/pairbox-test-lang-XXXXXX";

static void put(const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void clear(void)
{
	remove_tree(AT_FDCWD, dir);
	CHECK(mkdir(dir, 0700) == 0);
}

/* Load dir holding only `text` as x.json; 0 or the error, message in err. */
static int load_one(const char *text, char *err, size_t len)
{
	clear();
	put("x.json", text);
	err[0] = '\0';
	return lang_registry_load(dir, err, len);
}

static void test_shipped(void)
{
	char err[512] = "";
	CHECK_EQ_INT(lang_registry_load(PAIRBOX_LANGS_DIR, err, sizeof(err)), 0);
	CHECK_EQ_STR(err, "");
	CHECK(lang_count() >= 20);
	/* Judge0's own ids reach the same entries as the names. */
	static const struct { const char *name; int id; } ids[] = {
		{ "c", 50 }, { "cpp", 54 }, { "python3", 71 }, { "java", 62 }, { "javascript", 63 },
		{ "rust", 73 }, { "go", 60 }, { "ruby", 72 }, { "bash", 46 }, { "php", 68 },
		{ "kotlin", 78 }, { "typescript", 74 }, { "sql", 82 }, { "multi", 89 },
	};
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		char id[16];
		snprintf(id, sizeof(id), "%d", ids[i].id);
		const struct lang *a = lang_find_any(ids[i].name), *b = lang_find_any(id);
		CHECK(a != NULL);
		CHECK(a == b);
	}
	/* Judge0's older GCC ids (7.4, 8.3) reach today's GCC entries. */
	CHECK(lang_find_any("48") == lang_find_any("c") && lang_find_any("49") == lang_find_any("c"));
	CHECK(lang_find_any("52") == lang_find_any("cpp") && lang_find_any("53") == lang_find_any("cpp"));
	const struct lang *c = lang_find_any("C");      /* names are case-blind */
	CHECK(c && strcmp(c->name, "c") == 0);
	CHECK(lang_find_any("cobol-2077") == NULL);
	CHECK(lang_find_any("99999") == NULL);
	const struct lang *multi = lang_find_any("89");
	CHECK(multi && multi->multi_file && multi->source[0] == '\0');
	/* gcc's entry claims .c, clang's does not: the guess is unambiguous. */
	if (lang_find("c"))
		CHECK_EQ_STR(lang_guess("dir.v1/prog.c")->name, "c");
	CHECK(lang_guess("Makefile") == NULL);
	CHECK(lang_guess("a.b/noext") == NULL);
	/* Every installed language with a compiler has a self-test. */
	for (size_t i = 0; i < lang_count(); i++) {
		const struct lang *l = lang_at(i);
		CHECK(l->run && l->run[0]);
		if (!l->multi_file)
			CHECK(l->self_test_expected != NULL);
	}
	/* Java asks for more than Judge0's defaults, and gets them. */
	const struct lang *java = lang_find_any("java");
	struct box_limits run, comp;
	box_limits_default(&run);
	box_limits_default(&comp);
	uint64_t mem = run.memory_kb;
	lang_apply_limits(java, &run, &comp);
	CHECK(run.memory_kb > mem);
	CHECK(run.processes > 60);
	const char *const *b = lang_all_binds();
	bool java_etc = false;
	for (; *b; b++)
		java_etc = java_etc || strcmp(*b, "/etc/java-17-openjdk") == 0;
	CHECK(java_etc == java->available);
}

static void test_fields(void)
{
	char err[512];
	CHECK_EQ_INT(load_one("{\"name\": \"t\", \"display\": \"T (Test)\", \"judge0_id\": 4242,"
			      " \"source\": \"t.sh\", \"extensions\": [\".tt\"],"
			      " \"compile\": [\"/bin/sh\", \"-c\", \"echo $@\", \"t\", \"$options\", \"last\"],"
			      " \"run\": [\"/bin/sh\", \"t.sh\"], \"env\": [\"A=1\"],"
			      " \"limits\": {\"cpu_time_limit\": 2.5, \"memory_limit\": 1000, \"max_processes_and_or_threads\": 7},"
			      " \"compile_limits\": {\"wall_time_limit\": 30},"
			      " \"version\": [\"/bin/echo\", \"t version v7.12.1-beta (build 99)\"],"
			      " \"binds\": [\"/etc/t\", \"/var/lib/t/db\"],"
			      " \"self_test\": {\"source\": [\"echo hi\", \"exit 0\"], \"expected\": \"hi\"}}",
			      err, sizeof(err)), 0);
	CHECK_EQ_STR(err, "");
	const struct lang *l = lang_find("4242");
	CHECK(l != NULL);
	if (!l)
		return;
	CHECK_EQ_STR(l->self_test_source, "echo hi\nexit 0\n");
	CHECK_EQ_STR(l->self_test_stdin, "");
	/* "$options" is removed and remembered as the insertion point. */
	CHECK_EQ_INT(l->options_at, 4);
	CHECK_EQ_STR(l->compile[4], "last");
	CHECK(l->compile[5] == NULL);
	CHECK(lang_guess("x.tt") == l);
	struct box_limits run, comp;
	box_limits_default(&run);
	box_limits_default(&comp);
	uint32_t wall = run.wall_ms;
	lang_apply_limits(l, &run, &comp);
	CHECK_EQ_INT(run.cpu_ms, 2500);
	CHECK_EQ_INT(run.memory_kb, 1000);
	CHECK_EQ_INT(run.processes, 7);
	CHECK_EQ_INT(run.wall_ms, wall);             /* left alone */
	CHECK_EQ_INT(comp.wall_ms, 30000);
	/* The version is the first dotted number of the command's output. */
	CHECK_EQ_STR(lang_version(l), "7.12.1");
	char disp[64];
	lang_display(l, disp, sizeof(disp));
	CHECK_EQ_STR(disp, "T (Test 7.12.1)");
	/* A toolchain that is not there is known but not offered. */
	CHECK_EQ_INT(load_one("{\"name\": \"gone\", \"display\": \"Gone\", \"source\": \"g\","
			      " \"extensions\": [\".gone\"], \"run\": [\"/nonexistent/gone\"]}", err, sizeof(err)), 0);
	CHECK(lang_find_any("gone") != NULL);
	CHECK(lang_find("gone") == NULL);
	CHECK(lang_guess("a.gone") == NULL);
	CHECK_EQ_STR(lang_version(lang_find_any("gone")), "");
}

struct saver {
	const char *path;
	int failures;
};

static void *save_many(void *arg)
{
	struct saver *s = arg;
	for (int i = 0; i < 200; i++)
		if (lang_version_cache_save(s->path))
			s->failures++;
	return NULL;
}

/* The version cache: a saved version is taken while the toolchain's files
 * are unchanged, and asked again once one of them changes. */
static void test_version_cache(void)
{
	char err[512], cache[600], tool[600];
	snprintf(cache, sizeof(cache), "%s-versions.json", dir);
	snprintf(tool, sizeof(tool), "%s-tool", dir);
	FILE *f = fopen(tool, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	char text[1400];
	snprintf(text, sizeof(text), "{\"name\": \"v\", \"display\": \"V\", \"source\": \"v\", \"run\": [\"/bin/true\"],"
		 " \"requires\": [\"%s\"], \"version\": [\"/bin/echo\", \"v 1.2.3\"]}", tool);
	CHECK_EQ_INT(load_one(text, err, sizeof(err)), 0);
	CHECK_EQ_STR(lang_version(lang_find("v")), "1.2.3");
	CHECK_EQ_INT(lang_version_cache_save(cache), 0);
	/* Same files, another answer: the cached one is used, nothing is run. */
	snprintf(text, sizeof(text), "{\"name\": \"v\", \"display\": \"V\", \"source\": \"v\", \"run\": [\"/bin/true\"],"
		 " \"requires\": [\"%s\"], \"version\": [\"/bin/echo\", \"v 9.9.9\"]}", tool);
	CHECK_EQ_INT(load_one(text, err, sizeof(err)), 0);
	CHECK_EQ_INT(lang_version_cache_load(cache), 0);
	CHECK_EQ_STR(lang_version(lang_find("v")), "1.2.3");
	/* The toolchain changed (a file it requires was replaced): asked again. */
	unlink(tool);
	f = fopen(tool, "w");
	if (f) {
		fputs("new", f);
		fclose(f);
	}
	CHECK_EQ_INT(load_one(text, err, sizeof(err)), 0);
	CHECK_EQ_INT(lang_version_cache_load(cache), 0);
	CHECK_EQ_STR(lang_version(lang_find("v")), "9.9.9");
	CHECK(lang_version_cache_load("/nonexistent/versions.json") < 0);

	/* Two threads saving at once (langinfo.c's start and a CLI): each
	 * save succeeds and the file is whole. With a temporary named by the
	 * pid alone, one thread's rename took the other's file away. */
	pthread_t t[2];
	struct saver savers[2] = { { cache, 0 }, { cache, 0 } };
	for (int i = 0; i < 2; i++)
		CHECK_EQ_INT(pthread_create(&t[i], NULL, save_many, &savers[i]), 0);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	CHECK_EQ_INT(savers[0].failures + savers[1].failures, 0);
	CHECK_EQ_INT(lang_version_cache_load(cache), 0);
	unlink(cache);
	unlink(tool);
}

static void refused(const char *text, const char *needle)
{
	char err[512];
	int r = load_one(text, err, sizeof(err));
	CHECK(r < 0);
	if (!strstr(err, needle) || !strstr(err, "x.json"))
		fprintf(stderr, "  error was: %s (wanted %s)\n", err, needle);
	CHECK(strstr(err, needle) != NULL);
	CHECK(strstr(err, "x.json") != NULL);
	CHECK_EQ_INT(lang_count(), 0);
}

#define BASE "\"name\": \"t\", \"display\": \"T\", \"source\": \"t\", \"run\": [\"/bin/true\"]"

/* A language as packages name its programs: "package" templates, package
 * extensions before ordinary ones, and the language's own argv renamed. */
static void test_named(void)
{
	char err[512];
	clear();
	put("a.json", "{\"name\": \"jv\", \"display\": \"J\", \"source\": \"Main.j\", \"extensions\": [\".j\"],"
	    " \"compile\": [\"/bin/true\", \"Main.j\"], \"run\": [\"/bin/true\", \"Main\"],"
	    " \"package\": {\"compile\": [\"/bin/true\", \"-d\", \".\", \"{files}\"],"
	    " \"run\": [\"/bin/true\", \"-Xmx{memlim}m\", \"{Mainclass}Kt\", \"{mainclass}\"]}}");
	put("b.json", "{\"name\": \"cc\", \"display\": \"C\", \"source\": \"main.c\", \"extensions\": [\".c\", \".pl\"],"
	    " \"compile\": [\"/bin/true\", \"$options\", \"-o\", \"main\", \"main.c\"], \"run\": [\"/bin/true\", \"main.c\"]}");
	put("c.json", "{\"name\": \"pg\", \"display\": \"P\", \"source\": \"main.pg\", \"run\": [\"/bin/true\"],"
	    " \"package\": {\"extensions\": [\".pl\", \".pg\"], \"compile\": [\"/bin/true\", \"{files}\"]}}");
	put("d.json", "{\"name\": \"tx\", \"display\": \"T\", \"source\": \"t.txt\", \"extensions\": [\".txt\"],"
	    " \"run\": [\"/bin/true\"], \"package\": {\"extensions\": []}}");
	CHECK_EQ_INT(lang_registry_load(dir, err, sizeof(err)), 0);
	CHECK_EQ_STR(err, "");
	const struct lang *j = lang_find("jv"), *c = lang_find("cc");
	CHECK(j && c);
	if (!j || !c)
		return;
	/* .pl: an ordinary extension outside packages, the package's inside;
	 * .txt is nothing there. */
	CHECK(lang_guess("x.pl") == c);
	CHECK(lang_guess_package("x.pl") == lang_find("pg"));
	CHECK(lang_guess_package("x.c") == c);
	CHECK(lang_guess("x.txt") == lang_find("tx"));
	CHECK(lang_guess_package("x.txt") == NULL);
	struct lang_named n;
	const char *jf[] = { "hello.j", "Util.j" };
	CHECK_EQ_INT(lang_named_make(j, "hello.j", jf, 2, 256000, &n), 0);
	CHECK_EQ_STR(n.l.source, "hello.j");
	CHECK_EQ_STR(n.l.name, "jv");
	CHECK_EQ_STR(n.l.compile[3], "hello.j");
	CHECK_EQ_STR(n.l.compile[4], "Util.j");
	CHECK(n.l.compile[5] == NULL);
	CHECK_EQ_STR(n.l.run[1], "-Xmx250m");
	CHECK_EQ_STR(n.l.run[2], "HelloKt");
	CHECK_EQ_STR(n.l.run[3], "hello");
	CHECK(n.l.run[4] == NULL);
	lang_named_release(&n);
	/* No templates: every argument naming the source is renamed, all the
	 * files in the compile (options still before them), the main one in the run. */
	const char *cf[] = { "a.c", "b.c", "solve.c" };
	CHECK_EQ_INT(lang_named_make(c, "solve.c", cf, 3, 0, &n), 0);
	CHECK_EQ_INT(n.l.options_at, 1);
	CHECK_EQ_STR(n.l.compile[3], "a.c");
	CHECK_EQ_STR(n.l.compile[5], "solve.c");
	CHECK(n.l.compile[6] == NULL);
	CHECK_EQ_STR(n.l.run[1], "solve.c");
	lang_named_release(&n);
	CHECK_EQ_INT(lang_named_make(c, "", cf, 3, 0, &n), -EINVAL);
	/* A syntax check in packages only: compiled there, not elsewhere. */
	const struct lang *pg = lang_find("pg");
	CHECK(pg && !pg->compile);
	if (pg && lang_named_make(pg, "a.pl", (const char *[]){ "a.pl" }, 1, 0, &n) == 0) {
		CHECK(n.l.compile && !strcmp(n.l.compile[1], "a.pl") && !n.l.compile[2]);
		lang_named_release(&n);
	}
}

static void test_refused(void)
{
	refused("{" BASE ", \"limts\": {}}", "limts");                     /* typo: never silently ignored */
	refused("{" BASE ", \"limits\": {\"memory\": 5}}", "memory");
	refused("{" BASE ", \"limits\": {\"memory_limit\": -5}}", "memory_limit");
	refused("{\"display\": \"T\", \"source\": \"t\", \"run\": [\"/bin/true\"]}", "name");
	refused("{\"name\": \"t\", \"display\": \"T\", \"source\": \"t\"}", "run");
	refused("{\"name\": \"t\", \"display\": \"T\", \"run\": [\"/bin/true\"]}", "source");
	refused("{" BASE ", \"run\": []}", "");                           /* duplicate key */
	refused("{\"name\": \"T T\", \"display\": \"T\", \"source\": \"t\", \"run\": [\"/bin/true\"]}", "name");
	refused("{\"name\": \"t\", \"display\": \"T\", \"source\": \"../t\", \"run\": [\"/bin/true\"]}", "source");
	refused("{" BASE ", \"compile\": [\"gcc\", 7]}", "compile");
	refused("{" BASE ", \"compile\": []}", "compile");
	refused("{" BASE ", \"compile\": [\"$options\"]}", "compile");
	refused("{" BASE ", \"version\": []}", "version");
	refused("{" BASE ", \"binds\": [\"/root/.ssh\"]}", "binds");
	refused("{" BASE ", \"binds\": [\"/etc/../root\"]}", "binds");
	refused("{" BASE ", \"env\": [\"NOEQUALS\"]}", "env");
	refused("{" BASE ", \"judge0_id\": \"50\"}", "judge0_id");
	refused("{" BASE ", \"judge0_aliases\": [1, 2, 3, 4]}", "judge0_aliases");
	refused("{" BASE ", \"judge0_aliases\": [0]}", "judge0_aliases");
	refused("{" BASE ", \"self_test\": {\"source\": \"x\"}}", "self_test");
	refused("{" BASE ", \"self_test\": {\"source\": \"x\", \"expected\": \"y\", \"input\": \"z\"}}", "input");
	refused("[1, 2]", "object");
	refused("{" BASE ", \"package\": {\"runn\": [\"x\"]}}", "runn");
	refused("{" BASE ", \"package\": {\"run\": []}}", "package");
	refused("{" BASE ", \"package\": [1]}", "package");
	refused("{" BASE, "x.json:");                                     /* not JSON at all */
	/* Two files may not claim one name or one Judge0 id. */
	char err[512];
	clear();
	put("a.json", "{" BASE ", \"judge0_id\": 7}");
	put("b.json", "{\"name\": \"u\", \"display\": \"U\", \"source\": \"u\", \"run\": [\"/bin/true\"], \"judge0_id\": 7}");
	CHECK(lang_registry_load(dir, err, sizeof(err)) < 0);
	CHECK(strstr(err, "b.json") != NULL);
	put("b.json", "{\"name\": \"u\", \"display\": \"U\", \"source\": \"u\", \"run\": [\"/bin/true\"], \"judge0_aliases\": [7]}");
	CHECK(lang_registry_load(dir, err, sizeof(err)) < 0);          /* an alias is an id too */
	CHECK(strstr(err, "b.json") != NULL);
	clear();
	CHECK(lang_registry_load(dir, err, sizeof(err)) < 0);              /* no files at all */
	CHECK(strstr(err, "no *.json") != NULL);
}

int main(void)
{
	CHECK(mkdtemp(dir) != NULL);
	test_shipped();
	test_fields();
	test_version_cache();
	test_named();
	test_refused();
	lang_registry_free();
	remove_tree(AT_FDCWD, dir);
	return check_done();
}
