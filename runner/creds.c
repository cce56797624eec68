/* creds.c - who the program runs as: a uid unique to its box, no groups,
 * no capabilities in any set, locked securebits, no_new_privs.
 * SANDBOX-CAPS: CapEff, CapPrm, CapInh, CapBnd and CapAmb are all zero. */
#define _GNU_SOURCE
#include "keeper.h"
#include "mech.h"

#include <errno.h>
#include <grp.h>
#include <linux/securebits.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <unistd.h>

/* Allocated in the keeper before any fork, so the child allocates nothing. */
static cap_t empty_caps;

int cred_prepare(void)
{
	if (!empty_caps)
		empty_caps = cap_init();
	return empty_caps ? 0 : -ENOMEM;
}

/* Emptying the bounding set needs CAP_SETPCAP, so it comes before the uid
 * switch; with it empty, nothing exec'd later (setuid or file-capability
 * binaries included) can gain a capability. */
int cred_drop_bounding(void)
{
	for (cap_value_t c = 0; c <= CAP_LAST_CAP || cap_valid(c); c++) {
		if (cap_drop_bound(c) && errno != EINVAL)
			return -errno;
	}
	/* One call (libcap's cap_reset_ambient() asks about every capability
	 * first: forty system calls more on each run). */
	return prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) ? -errno : 0;
}

/* NOROOT: uid 0 would not regain capabilities on exec; the locks stop the
 * program from changing these bits back. KEEP_CAPS stays off, so the uid
 * switch below clears the permitted and effective sets. */
int cred_lock_securebits(void)
{
	unsigned bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED |
			SECBIT_KEEP_CAPS_LOCKED |
			SECBIT_NO_SETUID_FIXUP_LOCKED |
			SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED;
	return cap_set_secbits(bits) ? -errno : 0;
}

int cred_switch_user(uid_t uid, gid_t gid, int *failed_step)
{
	*failed_step = STEP_SETGROUPS;
	if (setgroups(0, NULL))
		return -errno;
	*failed_step = STEP_SETGID;
	if (setresgid(gid, gid, gid))
		return -errno;
	*failed_step = STEP_SETUID;
	if (setresuid(uid, uid, uid))
		return -errno;
	*failed_step = STEP_NONE;
	return 0;
}

/* Belt and braces: the uid switch already emptied permitted/effective;
 * this also empties inheritable and proves the sets are empty. */
int cred_clear_caps(void)
{
	return cap_set_proc(empty_caps) ? -errno : 0;
}

int cred_no_new_privs(void)
{
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ? -errno : 0;
}
