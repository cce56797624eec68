// interactor.cpp - answers guesses: lower / higher / correct, at most 10.
// Usage (Kattis): interactor input answer feedback_dir < submission_out > submission_in
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

static int verdict(const std::string &dir, int code, const std::string &why)
{
    std::ofstream((dir.empty() || dir.back() == '/' ? dir : dir + "/") + "judgemessage.txt") << why << "\n";
    return code;
}

int main(int argc, char **argv)
{
    if (argc < 4)
        return 1;
    std::ifstream in(argv[1]);
    int x;
    if (!(in >> x))
        return 1;
    for (int guesses = 1; guesses <= 10; guesses++) {
        int g;
        if (!(std::cin >> g))
            return verdict(argv[3], 43, "no guess");
        if (g == x) {
            std::cout << "correct" << std::endl;
            return verdict(argv[3], 42, "found in " + std::to_string(guesses));
        }
        std::cout << (x < g ? "lower" : "higher") << std::endl;
    }
    return verdict(argv[3], 43, "more than 10 guesses");
}
