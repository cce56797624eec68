/* compare.c - output comparison (see compare.h). */
#include "compare.h"

/* Next line of buf from *pos with trailing whitespace (and NULs: Ruby rstrip, as Judge0 uses) dropped;
 * false at the end. */
static bool next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n)
{
	if (*pos >= len)
		return false;
	size_t start = *pos, end = start;
	while (end < len && buf[end] != '\n')
		end++;
	*pos = end < len ? end + 1 : end;
	while (end > start && (buf[end - 1] == ' ' || buf[end - 1] == '\t' || buf[end - 1] == '\r' ||
			       buf[end - 1] == '\v' || buf[end - 1] == '\f' || buf[end - 1] == '\0'))
		end--;
	*line = buf + start;
	*n = end - start;
	return true;
}

/* Whether only blank lines remain from pos. */
static bool rest_blank(const char *buf, size_t len, size_t pos)
{
	const char *l;
	size_t n;
	while (next_line(buf, len, &pos, &l, &n))
		if (n)
			return false;
	return true;
}

bool compare_judge0(const char *out, size_t out_len, const char *exp, size_t exp_len)
{
	size_t po = 0, pe = 0;
	for (;;) {
		const char *lo, *le;
		size_t no, ne;
		size_t so = po, se = pe;
		bool ho = next_line(out, out_len, &po, &lo, &no);
		bool he = next_line(exp, exp_len, &pe, &le, &ne);
		if (!ho || !he) {
			/* One side ended: the other may only have blank lines left. */
			return (!ho || rest_blank(out, out_len, so)) && (!he || rest_blank(exp, exp_len, se));
		}
		if (no != ne || (no && __builtin_memcmp(lo, le, no) != 0))
			return false;
	}
}
