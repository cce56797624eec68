/* cli_node.c - the stop signals of `pairbox serve` and `pairbox worker`. */
#define _GNU_SOURCE
#include "cli_node.h"

#include <pthread.h>

void cli_node_signals(sigset_t *stop)
{
	sigemptyset(stop);
	sigaddset(stop, SIGTERM);
	sigaddset(stop, SIGINT);
	sigaddset(stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, stop, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int cli_node_wait(const sigset_t *stop)
{
	int sig = 0;
	while (sigwait(stop, &sig) == 0 && sig == SIGHUP)
		;
	return sig;
}
