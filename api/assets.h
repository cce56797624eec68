/* assets.h - files compiled into the binary (cmake/embed.cmake writes one C
 * array per file at build time, so the server needs no file at run time):
 * docs/openapi.json, the playground (api/playground.html, .js, .css) and
 * the project's LICENSE (a note saying there is none when the tree has no
 * LICENSE file). Each array is
 * NUL-terminated; the _len figures leave the NUL out. Read-only, static. */
#ifndef PAIRBOX_ASSETS_H
#define PAIRBOX_ASSETS_H

#include <stddef.h>

extern const char asset_openapi_json[];
extern const size_t asset_openapi_json_len;
extern const char asset_playground_html[];
extern const size_t asset_playground_html_len;
extern const char asset_playground_js[];
extern const size_t asset_playground_js_len;
extern const char asset_playground_css[];
extern const size_t asset_playground_css_len;
extern const char asset_license[];
extern const size_t asset_license_len;

#endif
