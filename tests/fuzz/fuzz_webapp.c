/* fuzz_webapp.c - the web app's path rule (api/webapp.c), as http.c feeds
 * it: the input, URL-decoded as libmicrohttpd decodes a request path, is
 * the path. Properties (WEBAPP-BENEATH): a name is given only for a path
 * that is an app route (then index.html) or that is '/' plus the name
 * itself; a name is relative, never has an empty, "." or ".." segment or
 * one starting with '.', and holds only [A-Za-z0-9_./-]; every name has a
 * content type. */
#include "fuzz.h"
#include "http_parse.h"
#include "webapp.h"

#include <errno.h>
#include <string.h>

static void check_name(const char *path, const char *name)
{
	if (webapp_is_app_route(path)) {
		FUZZ_CHECK(!strcmp(name, "index.html"), "an app route names the app's index.html");
		return;
	}
	FUZZ_CHECK(path[0] == '/' && !strcmp(name, path + 1), "a file's name is the path without its '/'");
	FUZZ_CHECK(name[0] && name[0] != '/', "a name is relative and not empty");
	for (const char *seg = name;;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		FUZZ_CHECK(n > 0 && seg[0] != '.', "no empty, dot or hidden segment");
		for (size_t i = 0; i < n; i++) {
			char c = seg[i];
			FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
					   c == '-' || c == '.',
				   "only plain bytes");
		}
		if (!end)
			break;
		seg = end + 1;
	}
	FUZZ_CHECK(webapp_content_type(name) != NULL, "every name has a type");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *path = malloc(size + 1);
	if (!path)
		abort();
	http_url_decode((const char *)data, size, path);
	char out[256];
	int r = webapp_file_name(path, out, sizeof(out));
	FUZZ_CHECK(r == 0 || r == -ENOENT || r == -ENAMETOOLONG, "a name, or a refusal");
	if (r == 0) {
		FUZZ_CHECK(strlen(out) < sizeof(out), "the name fits");
		check_name(path, out);
	}
	free(path);
	return 0;
}
