/* server.h - start and stop the HTTP layer (http.c). */
#ifndef PAIRBOX_SERVER_H
#define PAIRBOX_SERVER_H

#include <stddef.h>

struct app;
struct server;

/* Listen on app->cfg.bind:port with a thread per connection. 0 or -errno. */
int server_start(struct app *app, struct server **out, char *err, size_t errlen);
/* Stop accepting new connections; requests in flight go on. */
void server_quiesce(struct server *srv);
/* Wait for requests in flight, then free. NULL ok. */
void server_stop(struct server *srv);

#endif
