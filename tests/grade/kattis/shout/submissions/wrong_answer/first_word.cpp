// Shouts only the first word.
#include <cctype>
#include <iostream>
#include <string>

int main()
{
    std::string word;
    std::cin >> word;
    for (char &c : word)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::cout << word << "\n";
}
