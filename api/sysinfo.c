/* sysinfo.c - lscpu and `free -h` figures from /proc and /sys (sysinfo.h). */
#define _GNU_SOURCE
#include "sysinfo.h"
#include "util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#define PROC_MAX (4u << 20)

/* The value of "key<spaces/tabs>: value" in the first block of text that
 * has it; NULL if absent. Copied into buf. */
static const char *field(const char *text, const char *key, char *buf, size_t len)
{
	size_t kl = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, key, kl) != 0 || (p[kl] != ' ' && p[kl] != '\t' && p[kl] != ':'))
			continue;
		const char *c = p + kl;
		while (*c == ' ' || *c == '\t')
			c++;
		if (*c != ':')
			continue;
		c++;
		while (*c == ' ' || *c == '\t')
			c++;
		size_t n = strcspn(c, "\n");
		if (n >= len)
			n = len - 1;
		memcpy(buf, c, n);
		buf[n] = '\0';
		return buf;
	}
	return NULL;
}

static void put(json_t *o, const char *key, const char *value)
{
	if (value && *value)
		json_object_set_new(o, key, json_string(value));
}

/* How many distinct values key takes over every processor block. */
static unsigned distinct(const char *text, const char *key)
{
	char seen[64][32];
	unsigned n = 0;
	size_t kl = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		char v[32];
		if (strncmp(p, key, kl) != 0 || !field(p, key, v, sizeof(v)))
			continue;
		bool dup = false;
		for (unsigned i = 0; i < n && !dup; i++)
			dup = strcmp(seen[i], v) == 0;
		if (!dup && n < 64)
			memcpy(seen[n++], v, sizeof(v));
	}
	return n;
}

static unsigned count_lines(const char *text, const char *key)
{
	unsigned n = 0;
	size_t kl = strlen(key);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, kl) == 0 && (p[kl] == ' ' || p[kl] == '\t' || p[kl] == ':'))
			n++;
	return n;
}

/* One line of a sysfs file, trimmed; "" if unreadable. */
static void sys_line(const char *path, char *buf, size_t len)
{
	char *data = NULL;
	size_t n = 0;
	buf[0] = '\0';
	if (read_file(path, 4096, &data, &n) == 0) {
		size_t k = strcspn(data, "\n");
		str_printf(buf, len, "%.*s", (int)k, data);
	}
	free(data);
}

/* lscpu's cache sizes as the older lscpu Judge0 shows printed them ("32K"). */
static void caches(json_t *o)
{
	for (int i = 0; i < 8; i++) {
		char path[128], level[8], type[32], size[32], key[32];
		str_printf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/level", i);
		sys_line(path, level, sizeof(level));
		if (!level[0])
			break;
		str_printf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/type", i);
		sys_line(path, type, sizeof(type));
		str_printf(path, sizeof(path), "/sys/devices/system/cpu/cpu0/cache/index%d/size", i);
		sys_line(path, size, sizeof(size));
		const char *suffix = !strcmp(type, "Data") ? "d" : !strcmp(type, "Instruction") ? "i" : "";
		if (str_printf(key, sizeof(key), "L%s%s cache", level, suffix) == 0)
			put(o, key, size);
	}
}

/* `free -h` style: "7.7G", "512M", "0B". */
static void human(uint64_t kb, char *buf, size_t len)
{
	static const char units[] = "KMGTP";
	double v = (double)kb;
	int u = 0;
	if (!kb) {
		str_copy(buf, len, "0B");
		return;
	}
	while (v >= 1024.0 && u < 4) {
		v /= 1024.0;
		u++;
	}
	if (v < 10.0)
		str_printf(buf, len, "%.1f%c", v, units[u]);
	else
		str_printf(buf, len, "%.0f%c", v, units[u]);
}

/* A /proc/meminfo line ("MemTotal:       24000000 kB") as free -h shows it. */
static void meminfo(json_t *o, const char *text, const char *key, const char *name)
{
	char v[64];
	uint64_t kb;
	if (!field(text, key, v, sizeof(v)))
		return;
	v[strcspn(v, " ")] = '\0';
	if (parse_u64(v, &kb) == 0) {
		char out[32];
		human(kb, out, sizeof(out));
		put(o, name, out);
	}
}

static void memory(json_t *o)
{
	char *text = NULL;
	size_t n;
	if (read_file("/proc/meminfo", PROC_MAX, &text, &n) == 0) {
		meminfo(o, text, "MemTotal", "Mem");
		meminfo(o, text, "SwapTotal", "Swap");
	}
	free(text);
}

json_t *sysinfo_json(void)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	struct utsname u;
	if (uname(&u) == 0) {
		put(o, "Architecture", u.machine);
		if (!strcmp(u.machine, "x86_64"))
			put(o, "CPU op-mode(s)", "32-bit, 64-bit");
	}
	put(o, "Byte Order", __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "Little Endian" : "Big Endian");

	char *text = NULL, v[256];
	size_t n;
	if (read_file("/proc/cpuinfo", PROC_MAX, &text, &n)) {
		free(text);
		text = NULL;
	}
	const char *t = text ? text : "";
	unsigned cpus = count_lines(t, "processor");
	if (cpus && str_printf(v, sizeof(v), "%u", cpus) == 0)
		put(o, "CPU(s)", v);
	sys_line("/sys/devices/system/cpu/online", v, sizeof(v));
	put(o, "On-line CPU(s) list", v);

	/* Topology from the x86 fields: siblings are threads per socket,
	 * "cpu cores" cores per socket. */
	char sib[32], cores[32];
	unsigned sockets = distinct(t, "physical id");
	uint32_t nsib, ncores;
	if (field(t, "siblings", sib, sizeof(sib)) && field(t, "cpu cores", cores, sizeof(cores)) &&
	    parse_u32(sib, &nsib) == 0 && parse_u32(cores, &ncores) == 0 && ncores && nsib >= ncores) {
		if (str_printf(v, sizeof(v), "%u", nsib / ncores) == 0)
			put(o, "Thread(s) per core", v);
		put(o, "Core(s) per socket", cores);
		if (sockets && str_printf(v, sizeof(v), "%u", sockets) == 0)
			put(o, "Socket(s)", v);
	}
	put(o, "Vendor ID", field(t, "vendor_id", v, sizeof(v)));
	put(o, "CPU family", field(t, "cpu family", v, sizeof(v)));
	put(o, "Model", field(t, "model", v, sizeof(v)));
	put(o, "Model name", field(t, "model name", v, sizeof(v)));
	put(o, "Stepping", field(t, "stepping", v, sizeof(v)));
	put(o, "CPU MHz", field(t, "cpu MHz", v, sizeof(v)));
	if (field(t, "bogomips", v, sizeof(v)) || field(t, "BogoMIPS", v, sizeof(v)))   /* ARM spells it so */
		put(o, "BogoMIPS", v);
	char flags[8192];
	if (field(t, "flags", flags, sizeof(flags))) {
		if (strstr(flags, " vmx") || !strncmp(flags, "vmx", 3))
			put(o, "Virtualization", "VT-x");
		else if (strstr(flags, " svm") || !strncmp(flags, "svm", 3))
			put(o, "Virtualization", "AMD-V");
	}
	caches(o);
	free(text);
	memory(o);
	return o;
}
