/* bank_share.c - a problem folder as a package of files for the store
 * (store.h: problems added at run time are kept there, so that every node
 * sharing the store has them) and back: bank_pack reads a folder,
 * bank_unpack writes one. */
#define _GNU_SOURCE
#include "bank.h"
#include "store.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct pack {
	struct store_file *v;
	size_t n, cap, bytes;
};

/* Every regular file below root/rel into p (symbolic links and anything
 * else skipped: the folder is one bank_stage wrote). 0 or -errno. */
static int pack_dir(const char *root, const char *rel, struct pack *p, int depth)
{
	char path[PATH_MAX];
	if (depth > 8 || str_printf(path, sizeof(path), "%s%s%s", root, rel[0] ? "/" : "", rel))
		return -ENAMETOOLONG;
	DIR *d = opendir(path);
	if (!d)
		return -errno;
	int r = 0;
	struct dirent *de;
	while (!r && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		char sub[PATH_MAX], full[PATH_MAX];
		struct stat st;
		if (str_printf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "", de->d_name) ||
		    strlen(sub) > STORE_PACKAGE_PATH_MAX || str_printf(full, sizeof(full), "%s/%s", root, sub)) {
			r = -ENAMETOOLONG;
			break;
		}
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			r = -errno;
			break;
		}
		if (S_ISDIR(st.st_mode)) {
			r = pack_dir(root, sub, p, depth + 1);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		if (p->n == STORE_PACKAGE_FILES || (size_t)st.st_size > STORE_PACKAGE_MAX - p->bytes) {
			r = -EFBIG;
			break;
		}
		if (p->n == p->cap) {
			size_t cap = p->cap ? p->cap * 2 : 16;
			struct store_file *v = realloc(p->v, cap * sizeof(*v));
			if (!v) {
				r = -ENOMEM;
				break;
			}
			p->v = v;
			p->cap = cap;
		}
		struct store_file *f = &p->v[p->n];
		char *data = NULL;
		*f = (struct store_file){ 0 };
		if ((r = read_file(full, STORE_PACKAGE_MAX - p->bytes, &data, &f->len)))
			break;
		f->data = data;
		if (!(f->path = strdup(sub))) {
			free(data);
			r = -ENOMEM;
			break;
		}
		p->bytes += f->len;
		p->n++;
	}
	closedir(d);
	return r;
}

int bank_pack(const char *dir, struct store_file **files, size_t *n)
{
	struct pack p = { 0 };
	*files = NULL;
	*n = 0;
	int r = pack_dir(dir, "", &p, 0);
	if (r) {
		store_files_free(p.v, p.n);
		return r;
	}
	*files = p.v;
	*n = p.n;
	return 0;
}

int bank_unpack(const struct store_file *files, size_t n, const char *dir)
{
	int r = mkdir_p(dir, 0755);
	for (size_t i = 0; i < n && !r; i++) {
		char path[PATH_MAX];
		/* The store checked the paths when it took them; checked again,
		 * as they are about to become names on this disk. */
		if (!store_package_path_ok(files[i].path) ||
		    str_printf(path, sizeof(path), "%s/%s", dir, files[i].path)) {
			r = -EINVAL;
			break;
		}
		char *slash = strrchr(path, '/');
		*slash = '\0';
		r = mkdir_p(path, 0755);
		*slash = '/';
		if (r)
			break;
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0) {
			r = -errno;
			break;
		}
		r = write_all(fd, files[i].data, files[i].len);
		if (close(fd) && !r)
			r = -errno;
	}
	return r;
}
