/* sysinfo.h - the host described the way Judge0's GET /system_info does:
 * lscpu's "Key: value" pairs plus `free -h`'s Mem and Swap totals, every
 * value a string. Read from /proc and /sys (no program is run), so a key
 * the kernel does not expose (CPU MHz on some ARM hosts) is left out. */
#ifndef PAIRBOX_SYSINFO_H
#define PAIRBOX_SYSINFO_H

#include <jansson.h>

/* A new object; never NULL unless memory runs out. */
json_t *sysinfo_json(void);

#endif
