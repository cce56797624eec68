/* subm_fixture.h - what the api/subm tests share: a language registry
 * written to a temporary folder (so no toolchain is needed) and parse()
 * with its 422 body as compact JSON. Include after check.h, config.h and subm.h. */
#ifndef PAIRBOX_TEST_SUBM_FIXTURE_H
#define PAIRBOX_TEST_SUBM_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define ID_COMPILED 901
#define ID_SCRIPT 902
#define ID_MULTI 903
#define ID_MISSING 904
#define ID_LIMITS 905

static char dir[] = "/tmp/pairbox-test-subm-XXXXXX";

static inline void write_lang(const char *name, const char *json)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/%s.json", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(json, f);
	fclose(f);
}

static inline void setup_langs(void)
{
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(2);
	}
	write_lang("tc", "{\"name\": \"tc\", \"display\": \"TC\", \"judge0_id\": 901, \"source\": \"main.tc\","
			 " \"compile\": [\"/bin/sh\", \"-c\", \"true\"], \"run\": [\"/bin/sh\", \"main.tc\"]}");
	write_lang("ts", "{\"name\": \"ts\", \"display\": \"TS\", \"judge0_id\": 902, \"source\": \"main.ts\","
			 " \"run\": [\"/bin/sh\", \"main.ts\"]}");
	write_lang("tm", "{\"name\": \"tm\", \"display\": \"Multi\", \"judge0_id\": 903, \"run\": [\"/bin/sh\", \"run\"],"
			 " \"requires\": [\"/bin/sh\"], \"multi_file\": true}");
	write_lang("tx", "{\"name\": \"tx\", \"display\": \"Missing\", \"judge0_id\": 904, \"source\": \"m\","
			 " \"run\": [\"/nonexistent/pairbox-tool\", \"m\"]}");
	write_lang("tl", "{\"name\": \"tl\", \"display\": \"Limits\", \"judge0_id\": 905, \"source\": \"m\","
			 " \"run\": [\"/bin/sh\", \"m\"], \"limits\": {\"memory_limit\": 256000, \"max_file_size\": 65536,"
			 " \"cpu_time_limit\": 2.5}}");
	char err[256];
	if (lang_registry_load(dir, err, sizeof(err))) {
		fprintf(stderr, "lang_registry_load: %s\n", err);
		exit(2);
	}
}

static inline void cleanup_langs(void)
{
	const char *names[] = { "tc", "ts", "tm", "tx", "tl" };
	char path[256];
	for (size_t i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/%s.json", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/* Parse text (a JSON object) with cfg; returns subm_parse's result and
 * the 422 body as compact JSON in errs_out (or ""). */
static inline int parse(const char *text, bool base64, const struct config *cfg, struct subm *s, char *errs_out, size_t len)
{
	json_error_t je;
	json_t *in = json_loads(text, JSON_ALLOW_NUL, &je);
	if (!in) {
		fprintf(stderr, "bad test JSON %s: %s\n", text, je.text);
		exit(2);
	}
	json_t *errors = NULL;
	int r = subm_parse(in, base64, cfg, s, &errors);
	errs_out[0] = '\0';
	if (errors) {
		char *t = json_dumps(errors, JSON_COMPACT);
		snprintf(errs_out, len, "%s", t ? t : "");
		free(t);
		json_decref(errors);
	}
	json_decref(in);
	return r;
}

/* The 422 body for one request, or "" when it is accepted. */
static inline const char *errors_of(const char *text, const struct config *cfg)
{
	static char buf[2048];
	struct subm s;
	if (parse(text, false, cfg, &s, buf, sizeof(buf)) == 0)
		subm_release(&s);
	return buf;
}

/* The settings the cases use (network allowed, which Judge0 allows by
 * default and pairbox does not) and the registry; fixture_end undoes both. */
static inline void fixture_begin(struct config *cfg)
{
	config_default(cfg);
	CHECK(!cfg->allow_enable_network);    /* off by default, unlike Judge0 */
	cfg->allow_enable_network = true;     /* the cases below set enable_network */
	setup_langs();
}

static inline void fixture_end(struct config *cfg)
{
	cleanup_langs();
	config_release(cfg);
}

#endif
