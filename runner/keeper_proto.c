/* keeper_proto.c - the caller/keeper protocol: messages with descriptors,
 * and the names of the set-up steps (keeper.h), every one of which a test
 * can make fail (box_fault_step; tests/cli's box_fault_injection). */
#define _GNU_SOURCE
#include "box.h"
#include "keeper.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *const step_names[STEP__COUNT] = {
	[STEP_NONE] = "none",
	[STEP_K_PIDNS] = "keeper-pid-ns", [STEP_K_CGROUP] = "keeper-cgroup",
	[STEP_K_OOM_ADJ] = "keeper-oom-score", [STEP_K_NETNS_FD] = "keeper-netns-fd",
	[STEP_K_UNSHARE] = "keeper-unshare", [STEP_K_PRIVATE] = "keeper-private-mounts",
	[STEP_K_ROOT] = "keeper-root", [STEP_K_BOX] = "keeper-box", [STEP_K_LOOPBACK] = "keeper-loopback",
	[STEP_K_HOSTNAME] = "keeper-hostname", [STEP_K_PIVOT] = "keeper-pivot-root",
	[STEP_K_PROC] = "keeper-proc", [STEP_K_TMP] = "keeper-tmp",
	[STEP_CGROUP] = "cgroup", [STEP_PROFILE] = "seccomp-profile", [STEP_STDIN] = "stdin",
	[STEP_PIPES] = "pipes", [STEP_SEND] = "send-request", [STEP_KEEPER] = "keeper",
	[STEP_TMP] = "tmp", [STEP_CLONE] = "clone",
	[STEP_STDIO] = "stdio", [STEP_CGROUP_JOIN] = "cgroup-join", [STEP_SETSID] = "setsid", [STEP_OOM_SCORE] = "oom-score",
	[STEP_NAMESPACES] = "namespaces", [STEP_NETWORK] = "network",
	[STEP_RLIMITS] = "rlimits", [STEP_CHDIR] = "chdir", [STEP_CAP_BOUND] = "cap-bounding",
	[STEP_SECUREBITS] = "securebits", [STEP_SETGROUPS] = "setgroups",
	[STEP_SETGID] = "setgid", [STEP_SETUID] = "setuid", [STEP_CAP_CLEAR] = "cap-clear",
	[STEP_NO_NEW_PRIVS] = "no-new-privs", [STEP_CLOSE_FDS] = "close-fds",
	[STEP_SECCOMP] = "seccomp", [STEP_EXEC] = "exec",
};

const char *box_step_name(int step)
{
	if (step < 0 || step >= STEP__COUNT || !step_names[step])
		return "unknown";
	return step_names[step];
}

const char *box_fault_step(unsigned i)
{
	return i + 1 < STEP__COUNT ? step_names[i + 1] : NULL;   /* every step but "none" */
}

int box_step_lookup(const char *name)
{
	for (int i = 1; name && i < STEP__COUNT; i++)
		if (step_names[i] && strcmp(step_names[i], name) == 0)
			return i;
	return STEP_NONE;
}

ssize_t kp_send(int sock, const void *buf, size_t len, const int *fds, int nfds)
{
	struct iovec iov = { (void *)buf, len };
	union { char buf[CMSG_SPACE(sizeof(int) * KP_MAX_FDS)]; struct cmsghdr align; } u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	if (nfds > KP_MAX_FDS)
		return -EINVAL;
	if (nfds > 0) {
		memset(&u, 0, sizeof(u));
		msg.msg_control = u.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfds);
	}
	ssize_t n;
	do
		n = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

ssize_t kp_recv(int sock, void *buf, size_t len, int *fds, int *nfds, int maxfds)
{
	struct iovec iov = { buf, len };
	union { char buf[CMSG_SPACE(sizeof(int) * KP_MAX_FDS)]; struct cmsghdr align; } u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	ssize_t n;
	do
		n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	int got = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		int tmp[KP_MAX_FDS];
		if (k > KP_MAX_FDS)
			k = KP_MAX_FDS;
		memcpy(tmp, CMSG_DATA(c), sizeof(int) * (size_t)k);
		for (int i = 0; i < k; i++) {
			if (got < maxfds)
				fds[got++] = tmp[i];
			else
				close(tmp[i]);      /* more than expected: never leak */
		}
	}
	if (nfds)
		*nfds = got;
	if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
		for (int i = 0; i < got; i++)
			close(fds[i]);
		if (nfds)
			*nfds = 0;
		return -EMSGSIZE;
	}
	return n;
}
