/* webapp.c - the web app's built files served at / (webapp.h): app routes
 * to index.html, other paths to files beneath FRONTEND_DIR, each opened
 * with openat2 so that nothing outside the directory is reachable. */
#define _GNU_SOURCE
#include "webapp.h"
#include "app.h"
#include "http.h"
#include "http_parse.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The app's routes (frontend/src/main.ts has the same list): a reload on
 * any of them must open the app, not a 404. */
static const char *const app_routes[] = {
	"/", "/login", "/signup", "/profile", "/lobby", "/rooms/:id", "/rooms/:id/replay", "/problems", "/problems/:slug",
	"/dashboard", "/invite/:token", "/spectate/:token",  /* tokens in the address: no-referrer below */
	"/leaderboard", NULL,
};

/* App routes whose address holds a link's token (invites.h): their page
 * sends no Referer at all, not even to this server. */
static bool holds_token(const char *path)
{
	return !strncmp(path, "/invite/", 8) || !strncmp(path, "/spectate/", 10);
}

bool webapp_is_app_route(const char *path)
{
	char buf[256];
	if (!strcmp(path, "/"))
		return true;
	for (size_t i = 1; app_routes[i]; i++) {
		const char *params[1];
		if (!str_copy(buf, sizeof(buf), path) && http_route_match(app_routes[i], buf, params, 1))
			return true;
	}
	return false;
}

static bool name_byte(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	       c == '.';
}

int webapp_file_name(const char *path, char *out, size_t outlen)
{
	if (webapp_is_app_route(path))
		return str_copy(out, outlen, "index.html");
	if (path[0] != '/' || !path[1])
		return -ENOENT;
	const char *name = path + 1;
	for (const char *seg = name;;) {
		const char *end = seg;
		while (*end && *end != '/')
			end++;
		/* WEBAPP-BENEATH: no empty, ".", ".." or hidden segment; only plain bytes. */
		if (end == seg || *seg == '.')
			return -ENOENT;
		for (const char *p = seg; p < end; p++)
			if (!name_byte(*p))
				return -ENOENT;
		if (!*end)
			break;
		seg = end + 1;
	}
	return str_copy(out, outlen, name);
}

static const struct {
	const char *ext, *type;
} types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "json", "application/json; charset=utf-8" },
	{ "map", "application/json; charset=utf-8" },
	{ "webmanifest", "application/manifest+json" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "svg", "image/svg+xml" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "webp", "image/webp" },
	{ "ico", "image/x-icon" },
	{ "woff2", "font/woff2" },
	{ "woff", "font/woff" },
	{ "wasm", "application/wasm" },
};

const char *webapp_content_type(const char *name)
{
	const char *slash = strrchr(name, '/'), *dot = strrchr(name, '.');
	if (dot && (!slash || dot > slash))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (!strcasecmp(dot + 1, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

static int open_beneath(int dirfd, const char *name)
{
	struct open_how how = {
		.flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV,
	};
	long fd = syscall(SYS_openat2, dirfd, name, &how, sizeof(how));
	return fd < 0 ? -errno : (int)fd;
}

/* A regular file beneath root, or -errno (-ENOENT for a directory, a fifo, ...). */
static int open_file(int root, const char *name, struct stat *st)
{
	int fd = open_beneath(root, name);
	if (fd >= 0 && (fstat(fd, st) || !S_ISREG(st->st_mode))) {
		close(fd);
		fd = -ENOENT;
	}
	return fd;
}

static int read_fd(int fd, size_t size, char **out)
{
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return -ENOMEM;
	size_t got = 0;
	while (got < size) {
		ssize_t n = pread(fd, buf + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? -errno : -EIO;   /* shrank while read: serve nothing half */
			free(buf);
			return e;
		}
		got += (size_t)n;
	}
	*out = buf;
	return 0;
}

/* Does an If-None-Match header name etag (a list, or "*")? */
static bool etag_matches(const char *header, const char *etag)
{
	if (!header)
		return false;
	size_t n = strlen(etag);
	for (const char *p = header; *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (*p == '*' || (!strncmp(p, etag, n) && (p[n] == ',' || p[n] == ' ' || !p[n])))
			return true;
		while (*p && *p != ',')
			p++;
	}
	return false;
}

/* A header with a static value, in the first free slot (the four below
 * and Vary, Content-Encoding and an ETag fit in HTTP_MAX_HEADERS). */
static void header(struct http_resp *resp, const char *name, const char *value)
{
	for (int i = 0; i < HTTP_MAX_HEADERS; i++)
		if (!resp->headers[i][0]) {
			resp->headers[i][0] = name;
			resp->headers[i][1] = value;
			return;
		}
}

static void security_headers(struct http_resp *resp, const char *cache, const char *path)
{
	header(resp, "X-Content-Type-Options", "nosniff");
	header(resp, "Content-Security-Policy", WEBAPP_CSP);
	header(resp, "Referrer-Policy", holds_token(path) ? "no-referrer" : "same-origin");
	header(resp, "Cache-Control", cache);
}

/* A page for an app route when FRONTEND_DIR has no index.html: what to do. */
static const char not_built[] =
	"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pairbox</title></head><body>\n"
	"<h1>pairbox</h1>\n<p>The web app is not built on this server: its files (FRONTEND_DIR) are missing. "
	"<code>./run.sh</code> builds it (or <code>npm ci &amp;&amp; npm run build</code> in "
	"<code>frontend/</code>).</p>\n<p>The judge works without it: <a href=\"/playground\">the playground</a>, "
	"<a href=\"/openapi.json\">the API</a>.</p>\n</body></html>\n";

bool webapp_serve(struct http_req *req, struct http_resp *resp)
{
	if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD"))
		return false;
	char name[256];
	if (webapp_file_name(req->path, name, sizeof(name)))
		return false;
	bool app = webapp_is_app_route(req->path);
	struct stat st;
	int fd = -ENOENT;
	bool gz = false;
	int root = open(req->app->cfg.frontend_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root >= 0) {
		/* build.mjs writes NAME.gz beside the larger files: sent as they are to a client that takes gzip. */
		char gzname[sizeof(name) + 3];
		if (http_accepts_gzip(http_header(req, "Accept-Encoding")) &&
		    !str_printf(gzname, sizeof(gzname), "%s.gz", name) && (fd = open_file(root, gzname, &st)) >= 0)
			gz = true;
		if (fd < 0)
			fd = open_file(root, name, &st);
		close(root);
	}
	if (fd < 0) {
		if (!app)
			return false;
		security_headers(resp, "no-cache", req->path);
		resp->status = 503;
		resp->content_type = "text/html; charset=utf-8";
		resp->body = strdup(not_built);
		resp->body_len = resp->body ? strlen(not_built) : 0;
		return true;
	}
	/* Hashed names (assets/) never change content; the rest is revalidated. */
	security_headers(resp, !strncmp(name, "assets/", 7) ? "public, max-age=31536000, immutable" : "no-cache",
			 req->path);
	header(resp, "Vary", "Accept-Encoding");
	if (gz)
		header(resp, "Content-Encoding", "gzip");
	char etag[64];
	str_printf(etag, sizeof(etag), "\"%" PRIx64 "-%" PRIx64 "-%" PRIx64 "\"", (uint64_t)st.st_size,
		   (uint64_t)st.st_mtim.tv_sec, (uint64_t)st.st_mtim.tv_nsec);
	if (etag_matches(http_header(req, "If-None-Match"), etag)) {
		close(fd);
		http_add_header(resp, "ETag", etag);
		resp->status = 304;
		return true;
	}
	if ((uint64_t)st.st_size > WEBAPP_MAX_FILE) {
		close(fd);
		http_error(resp, 500, "file too large to serve");
		return true;
	}
	char *body = NULL;
	int r = read_fd(fd, (size_t)st.st_size, &body);
	close(fd);
	if (r) {
		http_error(resp, 500, "cannot read the file");
		return true;
	}
	http_add_header(resp, "ETag", etag);
	resp->status = 200;
	resp->body = body;
	resp->body_len = (size_t)st.st_size;
	resp->content_type = webapp_content_type(name);
	return true;
}
