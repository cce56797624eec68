/* util.h - small checked helpers shared by every module. */
#ifndef PAIRBOX_UTIL_H
#define PAIRBOX_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* Checked number parsing: the whole string must be a number in range.
 * Return 0 or -EINVAL / -ERANGE. */
int parse_u64(const char *s, uint64_t *out);
int parse_u32(const char *s, uint32_t *out);
int parse_int(const char *s, int *out);
/* "1.5" seconds -> 1500 ms (at most 3 decimals, no sign). */
int parse_seconds_ms(const char *s, uint32_t *ms);
/* Sizes with an optional suffix k/K, m/M, g/G; a bare number is in
 * default_unit bytes (1024 for KB, 1048576 for MB). Result in bytes. */
int parse_size(const char *s, uint64_t default_unit, uint64_t *bytes);

/* snprintf into a fixed buffer; returns -ENAMETOOLONG on truncation. */
int str_printf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Copy with truncation check: -ENAMETOOLONG if src does not fit. */
int str_copy(char *dst, size_t len, const char *src);

/* Whole-file helpers (regular files, O_CLOEXEC). read_file NUL-terminates and
 * refuses files larger than max (-EFBIG). Caller frees *data. */
int read_file(const char *path, size_t max, char **data, size_t *len);
int write_all(int fd, const void *data, size_t len);
/* Replace path with data[0..len) so that a reader sees the old file or the
 * whole new one, also after a crash: written to a temporary beside it
 * (path.XXXXXX.tmp, made by mkostemps: unique across threads and
 * processes, never a link followed), given mode, fsync'd, renamed over
 * path, then path's directory fsync'd. 0 or -errno; on failure before the
 * rename path is untouched and the temporary gone (a failed fsync of the
 * directory leaves the new file in place, possibly not yet durable). */
int write_file_atomic(const char *path, const void *data, size_t len, unsigned mode);
/* fsync a directory (what makes a rename or a new entry in it durable). */
int fsync_dir(const char *dir);

/* mkdir -p; existing directories are fine. 0 or -errno. */
int mkdir_p(const char *path, unsigned mode);
/* Remove name below dfd and everything under it, never following a link
 * (directories are entered O_NOFOLLOW). 0 or -errno of the last step. */
int remove_tree(int dfd, const char *name);

/* Monotonic clock in milliseconds / microseconds. */
uint64_t now_ms(void);
uint64_t now_us(void);
/* Wall-clock time, Unix milliseconds (timestamps shown to users). */
int64_t unix_ms(void);
/* The time ms from now on clock, for pthread_cond_timedwait. */
void deadline_ms(clockid_t clock, unsigned ms, struct timespec *out);

#endif
