// The Longest Echo: suffix array by prefix doubling with counting sorts,
// then Kasai's LCP array. The longest repeat is the largest LCP of two
// neighbouring suffixes; its earliest start is the smallest index among
// the neighbours whose LCP reaches it.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

static std::vector<int> suffix_array(const std::string &s) {
	int n = (int)s.size() + 1;  // with a sentinel smaller than every letter
	std::vector<int> sa(n), rank(n), tmp(n), cnt(std::max(n, 128));
	for (int i = 0; i < n; i++)
		rank[i] = i + 1 < n ? (unsigned char)s[i] : 0;
	std::fill(cnt.begin(), cnt.end(), 0);
	for (int i = 0; i < n; i++)
		cnt[rank[i]]++;
	for (size_t i = 1; i < cnt.size(); i++)
		cnt[i] += cnt[i - 1];
	for (int i = n - 1; i >= 0; i--)
		sa[--cnt[rank[i]]] = i;
	int classes = 1;
	for (int i = 1; i < n; i++)
		classes += rank[sa[i]] != rank[sa[i - 1]];
	// rank as class ids 0..classes-1
	tmp[sa[0]] = 0;
	for (int i = 1, c = 0; i < n; i++) {
		c += rank[sa[i]] != rank[sa[i - 1]];
		tmp[sa[i]] = c;
	}
	rank = tmp;
	std::vector<int> sa2(n);
	for (int k = 1; k < n && classes < n; k <<= 1) {
		// sort cyclic shifts by (rank[i], rank[i + k]): by the second key first
		for (int i = 0; i < n; i++)
			sa2[i] = (sa[i] - k % n + n) % n;
		std::fill(cnt.begin(), cnt.begin() + classes, 0);
		for (int i = 0; i < n; i++)
			cnt[rank[sa2[i]]]++;
		for (int i = 1; i < classes; i++)
			cnt[i] += cnt[i - 1];
		for (int i = n - 1; i >= 0; i--)
			sa[--cnt[rank[sa2[i]]]] = sa2[i];
		tmp[sa[0]] = 0;
		classes = 1;
		for (int i = 1; i < n; i++) {
			int a = sa[i], b = sa[i - 1];
			if (rank[a] != rank[b] || rank[(a + k) % n] != rank[(b + k) % n])
				classes++;
			tmp[a] = classes - 1;
		}
		rank.swap(tmp);
	}
	sa.erase(sa.begin());  // drop the sentinel suffix
	return sa;
}

int main() {
	std::ios::sync_with_stdio(false);
	std::string s;
	std::cin >> s;
	int n = (int)s.size();
	std::vector<int> sa = suffix_array(s), pos(n);
	for (int i = 0; i < n; i++)
		pos[sa[i]] = i;
	std::vector<int> lcp(n, 0);  // lcp[r] = LCP(sa[r - 1], sa[r])
	for (int i = 0, h = 0; i < n; i++) {
		if (pos[i] == 0) {
			h = 0;
			continue;
		}
		int j = sa[pos[i] - 1];
		while (i + h < n && j + h < n && s[i + h] == s[j + h])
			h++;
		lcp[pos[i]] = h;
		if (h > 0)
			h--;
	}
	int best = 0, start = -1;
	for (int r = 1; r < n; r++) {
		int cand = std::min(sa[r], sa[r - 1]);
		if (lcp[r] > best || (lcp[r] == best && best > 0 && cand < start)) {
			best = lcp[r];
			start = cand;
		}
	}
	printf("%d %d\n", best, start);
	return 0;
}
