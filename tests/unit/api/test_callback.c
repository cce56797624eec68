/* test_callback.c - which addresses a callback may connect to
 * (CALLBACK-LOOPBACK): this host's loopback and unspecified addresses, in
 * every spelling, are refused unless allowed; other addresses are not.
 * The end-to-end check (a real listener) is tests/api/test_callbacks.py. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <string.h>
#include <sys/un.h>

#include "callback.h"
#include "check.h"

static const struct {
	const char *addr;
	bool refused;
} cases[] = {
	{ "127.0.0.1", true },
	{ "127.255.255.254", true },        /* all of 127/8 */
	{ "0.0.0.0", true },                /* connects to this host on Linux */
	{ "0.1.2.3", true },
	{ "::1", true },
	{ "::", true },
	{ "::ffff:127.0.0.1", true },       /* IPv4-mapped */
	{ "::ffff:0.0.0.0", true },
	{ "::127.0.0.1", true },            /* IPv4-compatible (deprecated) */
	{ "10.0.0.1", false },              /* private networks: a compose service, say */
	{ "192.168.1.20", false },
	{ "172.17.0.1", false },
	{ "128.0.0.1", false },
	{ "93.184.216.34", false },
	{ "::ffff:10.1.2.3", false },
	{ "2001:db8::1", false },
	{ "fe80::1", false },
};

static bool refused(const char *text, bool allow)
{
	struct sockaddr_in v4 = { .sin_family = AF_INET };
	struct sockaddr_in6 v6 = { .sin6_family = AF_INET6 };
	if (inet_pton(AF_INET, text, &v4.sin_addr) == 1)
		return callbacks_address_refused((const struct sockaddr *)&v4, sizeof(v4), allow);
	if (inet_pton(AF_INET6, text, &v6.sin6_addr) == 1)
		return callbacks_address_refused((const struct sockaddr *)&v6, sizeof(v6), allow);
	CHECK(!"unparsable test address");
	return false;
}

int main(void)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool got = refused(cases[i].addr, false);
		if (got != cases[i].refused)
			fprintf(stderr, "%s: refused=%d, want %d\n", cases[i].addr, got, cases[i].refused);
		CHECK(got == cases[i].refused);
		/* CALLBACKS_ALLOW_LOOPBACK=true lets every one through. */
		CHECK(!refused(cases[i].addr, true));
	}
	/* A family that is not IP, or a short address, is never connected to. */
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	CHECK(callbacks_address_refused((const struct sockaddr *)&un, sizeof(un), false));
	struct sockaddr_in v4 = { .sin_family = AF_INET };
	CHECK(callbacks_address_refused((const struct sockaddr *)&v4, 4, false));
	return check_done();
}
