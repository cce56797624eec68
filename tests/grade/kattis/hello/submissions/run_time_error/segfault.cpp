// Writes through a null pointer: killed by SIGSEGV before printing anything.
#include <iostream>
#include <string>

int main()
{
    std::string name;
    std::getline(std::cin, name);
    volatile int *p = nullptr;
    *p = static_cast<int>(name.size());
    std::cout << "Hello, " << name << "!\n";
}
