/* shout.h - given to every language without an include/ folder of its own (here: C). */
#ifndef SHOUT_H
#define SHOUT_H

static void shout(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

#endif
