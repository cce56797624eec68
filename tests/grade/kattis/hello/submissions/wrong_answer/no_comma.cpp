// Forgets the comma: "Hello World!" is a different token from "Hello,".
#include <iostream>
#include <string>

int main()
{
    std::string name;
    std::getline(std::cin, name);
    std::cout << "Hello " << name << "!\n";
}
