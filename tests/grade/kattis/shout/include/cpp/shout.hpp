// shout.hpp - given to C++ submissions only (include/cpp/).
#ifndef SHOUT_HPP
#define SHOUT_HPP

#include <string>

inline std::string shout(std::string s)
{
    for (char &c : s)
        if (c >= 'a' && c <= 'z')
            c = static_cast<char>(c - 'a' + 'A');
    return s;
}

#endif
