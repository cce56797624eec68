/* net.c - the box's network: its own namespace with only loopback, up.
 * SANDBOX-NET: a box reaches nothing but its own 127.0.0.1. */
#include "mech.h"

#include <errno.h>
#include <net/if.h>
#include <netlink/netlink.h>
#include <netlink/route/link.h>

int net_loopback_up(void)
{
	int r;
	struct rtnl_link *lo = NULL, *change = NULL;
	struct nl_sock *sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	if ((r = nl_connect(sk, NETLINK_ROUTE)) < 0)
		goto out;
	/* A new network namespace has exactly one link, lo, always index 1:
	 * no need to ask the kernel for it first. */
	lo = rtnl_link_alloc();
	change = rtnl_link_alloc();
	if (!lo || !change) {
		r = -NLE_NOMEM;
		goto out;
	}
	rtnl_link_set_ifindex(lo, 1);
	rtnl_link_set_flags(change, IFF_UP);
	r = rtnl_link_change(sk, lo, change, 0);
out:
	rtnl_link_put(change);
	rtnl_link_put(lo);
	nl_socket_free(sk);
	/* libnl errors are its own small negative codes; report them as EIO
	 * with the text lost only in the rare case netlink itself fails. */
	return r < 0 ? -EIO : 0;
}
