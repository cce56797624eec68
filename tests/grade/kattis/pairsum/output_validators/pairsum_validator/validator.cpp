// validator.cpp - pairsum's output validator: any pair i < j with a_i + a_j = t,
// or "impossible" exactly when the judge's answer says so.
// Usage (Kattis): validator input answer feedback_dir [flags] < team_output
#include "feedback.h"

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char **argv)
{
    if (argc < 4)
        feedback::judge_error("usage: %s input answer feedback_dir", argv[0]);
    feedback::dir = argv[3];
    if (!feedback::dir.empty() && feedback::dir.back() != '/')
        feedback::dir += '/';

    std::ifstream in(argv[1]), ans(argv[2]);
    long long n, t;
    if (!(in >> n >> t) || n < 2)
        feedback::judge_error("bad input file");
    std::vector<long long> a(n);
    for (auto &x : a)
        if (!(in >> x))
            feedback::judge_error("bad input file");
    std::string judge;
    if (!(ans >> judge))
        feedback::judge_error("empty answer file");
    bool possible = judge != "impossible";

    std::string first;
    if (!(std::cin >> first))
        feedback::reject("no output");
    if (first == "impossible") {
        if (possible)
            feedback::reject("printed impossible, but a pair exists");
    } else {
        long long i, j;
        std::string second;
        try {
            size_t used = 0;
            i = std::stoll(first, &used);
            if (used != first.size())
                throw std::invalid_argument(first);
            if (!(std::cin >> second))
                feedback::reject("only one index");
            j = std::stoll(second, &used);
            if (used != second.size())
                throw std::invalid_argument(second);
        } catch (const std::exception &) {
            feedback::reject("expected two indices or impossible, got '%s %s'", first.c_str(), second.c_str());
        }
        if (i < 1 || j > n || i >= j)
            feedback::reject("indices %lld %lld: need 1 <= i < j <= %lld", i, j, n);
        if (a[i - 1] + a[j - 1] != t)
            feedback::reject("a[%lld] + a[%lld] = %lld, not %lld", i, j, a[i - 1] + a[j - 1], t);
        if (!possible)
            feedback::judge_error("the team found a pair %lld %lld where the answer says impossible", i, j);
    }
    std::string extra;
    if (std::cin >> extra)
        feedback::reject("trailing output: '%s'", extra.c_str());
    feedback::accept();
}
