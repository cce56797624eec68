/* signals.c - hostile endings: exit codes, fatal signals, daemons that
 * outlive main, kill(-1), and attacks on the box's init. Usage:
 *   signals exit N | segv | fpe | abrt | kill | term | bus
 *   signals daemon       double fork + setsid; the daemon sleeps 100 s
 *                        with stdout still open and SIGTERM/SIGHUP ignored
 *   signals killall      fork 3 children, kill(-1, SIGKILL), count the dead
 *   signals init         signal and ptrace pid 1; print what happened */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *res(int r) { return r < 0 ? strerrorname_np(errno) : "OK"; }

static int s_daemon(void)
{
	pid_t c = fork();
	if (c < 0)
		return 2;
	if (c == 0) {
		setsid();
		if (fork() == 0) {
			signal(SIGTERM, SIG_IGN);
			signal(SIGHUP, SIG_IGN);
			signal(SIGINT, SIG_IGN);
			sleep(100);
			_exit(0);
		}
		_exit(0);
	}
	waitpid(c, NULL, 0);
	printf("daemon started\n");
	return 0;
}

static int s_killall(void)
{
	pid_t kids[3];
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			for (;;)
				pause();
		}
	}
	usleep(100000);
	int r = kill(-1, SIGKILL);
	printf("kill(-1): %s\n", res(r));
	int killed = 0;
	for (int i = 0; i < 3; i++) {
		int st;
		if (kids[i] > 0 && waitpid(kids[i], &st, 0) == kids[i] && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			killed++;
	}
	printf("killed=%d\n", killed);
	return 0;
}

static int s_init(void)
{
	static const int sigs[] = { SIGKILL, SIGSTOP, SIGTERM, SIGINT, SIGSEGV, SIGCONT };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		int r = kill(1, sigs[i]);
		printf("kill(1,%s): %s\n", sigabbrev_np(sigs[i]), res(r));
	}
	long r = ptrace(PTRACE_ATTACH, 1, NULL, NULL);
	printf("ptrace(ATTACH,1): %s\n", res((int)r));
	r = ptrace(PTRACE_SEIZE, 1, NULL, NULL);
	printf("ptrace(SEIZE,1): %s\n", res((int)r));
	r = kill(0, SIGCONT);
	printf("kill(0,CONT): %s\n", res((int)r));
	return 0;
}

static int s_bus(void)
{
	int fd = open("/box/empty-for-sigbus", O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return 2;
	volatile char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return 3;
	p[0] = 1;   /* beyond the end of the (empty) file: SIGBUS */
	return 4;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	const char *w = argc > 1 ? argv[1] : "";
	if (!strcmp(w, "exit"))
		return argc > 2 ? atoi(argv[2]) : 0;
	if (!strcmp(w, "segv")) {
		volatile int *p = NULL;
		*p = 1;
		return 4;
	}
	if (!strcmp(w, "fpe")) {
		volatile int a = 1, b = 0;
		a = a / b;   /* a real integer division by zero */
		return a;
	}
	if (!strcmp(w, "abrt"))
		abort();
	if (!strcmp(w, "kill"))
		raise(SIGKILL);
	if (!strcmp(w, "term"))
		raise(SIGTERM);
	if (!strcmp(w, "bus"))
		return s_bus();
	if (!strcmp(w, "daemon"))
		return s_daemon();
	if (!strcmp(w, "killall"))
		return s_killall();
	if (!strcmp(w, "init"))
		return s_init();
	fprintf(stderr, "signals: unknown %s\n", w);
	return 200;
}
