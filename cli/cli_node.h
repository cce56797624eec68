/* cli_node.h - what `pairbox serve` and `pairbox worker` share at start
 * and stop: the stop signals and the wait for them. */
#ifndef PAIRBOX_CLI_NODE_H
#define PAIRBOX_CLI_NODE_H

#include <signal.h>

/* Block SIGTERM, SIGINT and SIGHUP (into *stop) for sigwait: every thread
 * started from here on inherits the mask, so none of them is interrupted
 * by them. SIGPIPE is ignored. */
void cli_node_signals(sigset_t *stop);
/* Wait for SIGTERM or SIGINT (SIGHUP: nothing to reload yet) and return it. */
int cli_node_wait(const sigset_t *stop);

#endif
