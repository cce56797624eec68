/* room_err.c - filling a room_err (room_err.h). */
#include "room_err.h"

#include <stdarg.h>
#include <stdio.h>

void room_err_set(struct room_err *err, const char *code, const char *fmt, ...)
{
	if (!err)
		return;
	err->code = code;
	va_list ap;
	va_start(ap, fmt);
	/* Truncation is fine: the message is for people, the code for programs. */
	(void)vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}
