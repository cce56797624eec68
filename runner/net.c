/* net.c - the box's network: its own namespace with only loopback, up.
 * SANDBOX-NET: a box reaches nothing but its own 127.0.0.1.
 *
 * One RTM_NEWLINK request on a raw rtnetlink socket, as `ip link set lo up`
 * sends it. (libnl did the same in five times the code, and its two shared
 * libraries, with their constructors, were a fifth of what the dynamic
 * loader did before a one-shot `pairbox box` reached main.) */
#define _GNU_SOURCE
#include "mech.h"

#include <errno.h>
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int net_loopback_up(void)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg i;
	} req;
	uint32_t ack[64];            /* an ack: a header, the error, our request's header */
	const struct nlmsghdr *h = (const struct nlmsghdr *)ack;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int r = 0;

	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	/* A new network namespace has exactly one link, lo, always index 1:
	 * no need to ask the kernel for it first. */
	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = RTM_NEWLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.h.nlmsg_seq = 1;
	req.i.ifi_family = AF_UNSPEC;
	req.i.ifi_index = 1;
	req.i.ifi_flags = IFF_UP;
	req.i.ifi_change = IFF_UP;
	if (sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&kernel, sizeof(kernel)) != (ssize_t)sizeof(req)) {
		r = -errno;
		goto out;
	}
	/* The kernel answers NLMSG_ERROR: error 0 is the acknowledgement. */
	ssize_t n;
	do {
		n = recv(fd, ack, sizeof(ack), 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		r = -errno;
	else if ((size_t)n < NLMSG_LENGTH(sizeof(struct nlmsgerr)) || h->nlmsg_type != NLMSG_ERROR ||
		 h->nlmsg_seq != req.h.nlmsg_seq)
		r = -EPROTO;
	else
		r = ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
out:
	close(fd);
	return r;
}
