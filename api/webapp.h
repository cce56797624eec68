/* webapp.h - the web app's built files (frontend/dist, FRONTEND_DIR)
 * served at / for GET and HEAD of any path no route takes. The app's own
 * routes (/, /login, /rooms/:id, ...: the list in webapp.c, mirrored by
 * frontend/src/main.ts) answer its index.html, so a reload or a shared
 * link opens the right page; every other path is a file beneath the
 * directory or 404.
 *
 * WEBAPP-BENEATH: a path becomes a file name only through
 * webapp_file_name (each segment of [A-Za-z0-9_.-], none starting with
 * '.'), and the file is opened with openat2 RESOLVE_BENEATH |
 * RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV relative to
 * the directory: nothing outside it, and no link, is ever served.
 * Every answer carries X-Content-Type-Options: nosniff and a
 * Content-Security-Policy that admits scripts and styles from this
 * origin only (no inline script), and cache headers: index.html is
 * revalidated on each load (ETag), files under assets/ (named by their
 * content hash at build time) are cached for a year. */
#ifndef PAIRBOX_WEBAPP_H
#define PAIRBOX_WEBAPP_H

#include <stdbool.h>
#include <stddef.h>

struct http_req;
struct http_resp;

/* The policy every page of this server's HTML carries (the playground's too). */
#define WEBAPP_CSP                                                                        \
	"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; " \
	"connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "     \
	"form-action 'self'; frame-ancestors 'none'"

/* Largest file served (the bundle is well under a megabyte). */
#define WEBAPP_MAX_FILE (32u << 20)

/* Is path (no query string) one of the app's own routes? */
bool webapp_is_app_route(const char *path);

/* The file a request path names, relative to the directory, into
 * out[0..outlen): "index.html" for an app route, else the path without
 * its leading '/'. -ENOENT when the path can name no file we serve (an
 * empty, ".", ".." or dot-led segment, a byte outside [A-Za-z0-9_./-]),
 * -ENAMETOOLONG when it does not fit. Pure (fuzzed: tests/fuzz/fuzz_webapp.c). */
int webapp_file_name(const char *path, char *out, size_t outlen);

/* The Content-Type for a file name, by its extension (static string;
 * application/octet-stream when unknown). */
const char *webapp_content_type(const char *name);

/* Answer a GET or HEAD no route took from FRONTEND_DIR: true when resp is
 * set (the file, 304, or a note that the app is not built for an app
 * route), false when the caller should answer 404. */
bool webapp_serve(struct http_req *req, struct http_resp *resp);

#endif
