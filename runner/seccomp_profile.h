/* seccomp_profile.h - (not "seccomp.h": that name is libseccomp's) seccomp profiles: readable text files compiled to BPF.
 *
 * A profile is compiled once, in the parent, with libseccomp and exported as
 * a classic BPF program; the box's program child then installs it with one
 * raw seccomp(2) call as the last step before execve (nothing allocates after
 * fork). Format: docs/seccomp-profiles.md and seccomp-profiles/default.policy.
 */
#ifndef PAIRBOX_SECCOMP_PROFILE_H
#define PAIRBOX_SECCOMP_PROFILE_H

#include <stddef.h>
#include <linux/filter.h>

struct sc_filter {
	struct sock_filter *insns;   /* owned; sc_filter_release() frees */
	unsigned short len;          /* number of instructions */
};

/* Find a profile: a name ("default") means PROFILE_DIR/NAME.policy; a value
 * containing '/' is taken as a path. Writes the path to out. 0 or -errno. */
int sc_profile_resolve(const char *profile_dir, const char *name, char *out, size_t outlen);

/* Parse a profile's text and compile it for the native architecture (other
 * architectures, i386 via int 0x80 and x32 included, are killed).
 * origin names the file in error messages ("default.policy:12: ...").
 * Text has no directory, so `include` is an error there; sc_compile_file
 * resolves includes beside the file.
 * Returns 0 or -EINVAL/-ENOMEM with err set. */
int sc_compile_text(const char *text, const char *origin, struct sc_filter *out, char *err, size_t errlen);
int sc_compile_file(const char *path, struct sc_filter *out, char *err, size_t errlen);

/* As sc_compile_file, through a cache of compiled filters in cache_dir
 * (root-owned files named by the profile, a hash of its text and of the
 * text of every profile it includes, the libseccomp version and the
 * architecture): a one-shot CLI then loads the BPF instead of compiling
 * it. cache_dir NULL = no cache. */
int sc_compile_file_cached(const char *path, const char *cache_dir, struct sc_filter *out,
			   char *err, size_t errlen);

void sc_filter_release(struct sc_filter *f);   /* NULL-safe, idempotent */

/* Install a compiled filter in the calling process (requires no_new_privs or
 * CAP_SYS_ADMIN). Async-signal-safe: a raw syscall, no allocation. 0 or -errno. */
int sc_apply(const struct sock_filter *insns, unsigned short len);

#endif
