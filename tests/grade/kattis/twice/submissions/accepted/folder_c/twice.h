long long twice(long long n);
