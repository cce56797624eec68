#include <stdio.h>
#include "twice.h"
int main(void) { long long n; if (scanf("%lld", &n) != 1) return 1; printf("%lld\n", twice(n)); return 0; }
