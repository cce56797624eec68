/* test_webapp.c - the web app's path rules (api/webapp.c): which request
 * paths name which file (WEBAPP-BENEATH: nothing with a dot segment, a
 * hidden name or a byte outside the plain set), the app's routes, the
 * content types, and the FRONTEND_DIR setting's default and override. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "config.h"
#include "webapp.h"

static const char *name_of(const char *path)
{
	static char out[256];
	int r = webapp_file_name(path, out, sizeof(out));
	return r == 0 ? out : r == -ENOENT ? "ENOENT" : r == -ENAMETOOLONG ? "TOOLONG" : "?";
}

static void test_file_names(void)
{
	static const struct {
		const char *path, *want;
	} cases[] = {
		{ "/", "index.html" },
		{ "/login", "index.html" },
		{ "/signup", "index.html" },
		{ "/profile", "index.html" },
		{ "/lobby", "index.html" },
		{ "/rooms/42", "index.html" },
		{ "/rooms/42/", "index.html" },   /* empty segments do not count, as for every route */
		{ "/problems", "index.html" },
		{ "/problems/two-sum", "index.html" },
		{ "/dashboard", "index.html" },
		{ "/leaderboard", "index.html" },
		{ "/index.html", "index.html" },
		{ "/favicon.svg", "favicon.svg" },
		{ "/assets/app-ABC.js", "assets/app-ABC.js" },
		{ "/assets/app-ABC.js.map", "assets/app-ABC.js.map" },
		{ "/a_b-c.d", "a_b-c.d" },
		/* WEBAPP-BENEATH: refused before any file is opened. */
		{ "", "ENOENT" },
		{ "index.html", "ENOENT" },
		{ "/..", "ENOENT" },
		{ "/../etc/passwd", "ENOENT" },
		{ "/assets/../index.html", "ENOENT" },
		{ "/assets/../../x", "ENOENT" },
		{ "/./index.html", "ENOENT" },
		{ "/assets/./x.js", "ENOENT" },
		{ "/.hidden", "ENOENT" },
		{ "/assets/.env", "ENOENT" },
		{ "/assets/", "ENOENT" },
		{ "//etc/passwd", "ENOENT" },
		{ "/assets//x.js", "ENOENT" },
		{ "/a\\..\\b", "ENOENT" },
		{ "/a b.js", "ENOENT" },
		{ "/a%2e.js", "ENOENT" },
		{ "/caf\xc3\xa9.js", "ENOENT" },
		{ "/x\n.js", "ENOENT" },
		{ "/rooms", "rooms" },            /* not a route of the app: a file name like any other */
		{ "/rooms/1/2", "rooms/1/2" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *got = name_of(cases[i].path);
		if (strcmp(got, cases[i].want))
			fprintf(stderr, "path \"%s\": got %s, want %s\n", cases[i].path, got, cases[i].want);
		CHECK_EQ_STR(got, cases[i].want);
	}
	char big[400];
	memset(big, 'a', sizeof(big) - 1);
	big[0] = '/';
	big[sizeof(big) - 1] = '\0';
	CHECK_EQ_STR(name_of(big), "TOOLONG");
	char small[4];
	CHECK_EQ_INT(webapp_file_name("/index.html", small, sizeof(small)), -ENAMETOOLONG);
}

static void test_app_routes(void)
{
	CHECK(webapp_is_app_route("/"));
	CHECK(webapp_is_app_route("/rooms/7"));
	CHECK(!webapp_is_app_route("/rooms"));
	CHECK(!webapp_is_app_route("/rooms/7/ws"));
	CHECK(!webapp_is_app_route("/api/v1/rooms/7"));
	CHECK(!webapp_is_app_route("/playground"));     /* the embedded page's own route */
	CHECK(!webapp_is_app_route("/index.html"));
}

static void test_content_types(void)
{
	CHECK_EQ_STR(webapp_content_type("index.html"), "text/html; charset=utf-8");
	CHECK_EQ_STR(webapp_content_type("assets/app-X.js"), "text/javascript; charset=utf-8");
	CHECK_EQ_STR(webapp_content_type("assets/app-X.CSS"), "text/css; charset=utf-8");
	CHECK_EQ_STR(webapp_content_type("assets/app-X.js.map"), "application/json; charset=utf-8");
	CHECK_EQ_STR(webapp_content_type("favicon.svg"), "image/svg+xml");
	CHECK_EQ_STR(webapp_content_type("a.webp"), "image/webp");
	CHECK_EQ_STR(webapp_content_type("font.woff2"), "font/woff2");
	CHECK_EQ_STR(webapp_content_type("README"), "application/octet-stream");
	CHECK_EQ_STR(webapp_content_type("dir.js/file"), "application/octet-stream");   /* the dot is the directory's */
	CHECK_EQ_STR(webapp_content_type("x.exe"), "application/octet-stream");
}

static void test_setting(void)
{
	struct config c;
	char err[256] = "";
	config_default(&c);
	CHECK(c.frontend_dir && strstr(c.frontend_dir, "frontend/dist"));   /* the source tree's, at build time */
	setenv("FRONTEND_DIR", "/env/dist", 1);
	CHECK_EQ_INT(config_load(&c, NULL, err, sizeof(err)), 0);
	CHECK_EQ_STR(c.frontend_dir, "/env/dist");
	char *argv[] = { "serve", "--frontend-dir", "/flag/dist", NULL };
	CHECK_EQ_INT(config_parse_args(&c, 3, argv, err, sizeof(err)), 0);
	CHECK_EQ_STR(c.frontend_dir, "/flag/dist");
	unsetenv("FRONTEND_DIR");
	config_release(&c);
}

int main(void)
{
	test_file_names();
	test_app_routes();
	test_content_types();
	test_setting();
	return check_done();
}
