/* layercheck.c - an empty program. Each module library is linked into one
 * of these whole (every object, used or not) with only the libraries it
 * is allowed to use, so a call up the layers fails the build at link time. */
int main(void)
{
	return 0;
}
