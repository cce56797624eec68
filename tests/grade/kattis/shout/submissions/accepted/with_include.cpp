// Uses include/cpp/shout.hpp.
#include <iostream>
#include <string>

#include "shout.hpp"

int main()
{
    std::string line;
    std::getline(std::cin, line);
    std::cout << shout(line) << "\n";
}
