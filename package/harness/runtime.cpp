// runtime.cpp - the C++ harness of function-style problems (docs/problems.md): the prelude, the user's code at the marker, then the runtime; harness_gen.c adds main.
#include <bits/stdc++.h>
using namespace std;

struct ListNode {
    int val;
    ListNode *next;
    ListNode() : val(0), next(nullptr) {}
    ListNode(int x) : val(x), next(nullptr) {}
    ListNode(int x, ListNode *next) : val(x), next(next) {}
};

struct TreeNode {
    int val;
    TreeNode *left;
    TreeNode *right;
    TreeNode() : val(0), left(nullptr), right(nullptr) {}
    TreeNode(int x) : val(x), left(nullptr), right(nullptr) {}
    TreeNode(int x, TreeNode *left, TreeNode *right) : val(x), left(left), right(right) {}
};

// pairbox:user-code

// Input: all of stdin, one JSON value per parameter, read by type
// (overloads of get); output: the result printed canonically (overloads of
// put) on one line. Malformed input exits 2 with a message on stderr.
namespace pb {

static std::string in, out;
static size_t pos;
static int nval;
static std::string what;

[[noreturn]] static void fail(const std::string &msg)
{
    std::fprintf(stderr, "pairbox harness: input value %d (%s): %s\n", nval, what.c_str(), msg.c_str());
    std::exit(2);
}

static void begin()
{
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof(buf), stdin)) > 0)
        in.append(buf, n);
}

static int peek()
{
    while (pos < in.size() && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r'))
        pos++;
    return pos < in.size() ? (unsigned char)in[pos] : -1;
}

static bool digit(size_t i) { return i < in.size() && in[i] >= '0' && in[i] <= '9'; }

// A JSON number's text; integer when it has neither fraction nor exponent.
static std::string number(bool &integer)
{
    peek();
    size_t i = pos;
    integer = true;
    if (i < in.size() && in[i] == '-')
        i++;
    if (!digit(i))
        fail("expected a number");
    if (in[i] == '0' && digit(i + 1))
        fail("a number does not start with 0");
    while (digit(i))
        i++;
    if (i < in.size() && in[i] == '.') {
        integer = false;
        if (!digit(++i))
            fail("digits expected after '.'");
        while (digit(i))
            i++;
    }
    if (i < in.size() && (in[i] == 'e' || in[i] == 'E')) {
        integer = false;
        if (++i < in.size() && (in[i] == '+' || in[i] == '-'))
            i++;
        if (!digit(i))
            fail("digits expected in the exponent");
        while (digit(i))
            i++;
    }
    std::string tok = in.substr(pos, i - pos);
    pos = i;
    return tok;
}

static long long integer(long long lo, long long hi)
{
    bool isint;
    std::string tok = number(isint);
    if (!isint)
        fail("expected an integer, found " + tok);
    errno = 0;
    long long v = std::strtoll(tok.c_str(), nullptr, 10);
    if (errno == ERANGE || v < lo || v > hi)
        fail(tok + " is out of range");
    return v;
}

static bool word(const char *w)
{
    size_t n = std::strlen(w);
    if (peek() < 0 || in.compare(pos, n, w) != 0)
        return false;
    pos += n;
    return true;
}

static unsigned hex4()
{
    unsigned v = 0;
    for (int k = 0; k < 4; k++, pos++) {
        int c = pos < in.size() ? (unsigned char)in[pos] : -1;
        if (!std::isxdigit(c))
            fail("\\u needs four hex digits");
        v = v * 16 + (unsigned)(std::isdigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static void utf8(std::string &s, unsigned cp)
{
    if (cp < 0x80) {
        s += (char)cp;
    } else if (cp < 0x800) {
        s += (char)(0xc0 | cp >> 6);
        s += (char)(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        s += (char)(0xe0 | cp >> 12);
        s += (char)(0x80 | ((cp >> 6) & 0x3f));
        s += (char)(0x80 | (cp & 0x3f));
    } else {
        s += (char)(0xf0 | cp >> 18);
        s += (char)(0x80 | ((cp >> 12) & 0x3f));
        s += (char)(0x80 | ((cp >> 6) & 0x3f));
        s += (char)(0x80 | (cp & 0x3f));
    }
}

static void get(int &v) { v = (int)integer(INT_MIN, INT_MAX); }
static void get(long long &v) { v = integer(LLONG_MIN, LLONG_MAX); }

static void get(double &v)
{
    bool isint;
    std::string tok = number(isint);
    v = std::strtod(tok.c_str(), nullptr);
    if (std::isinf(v))
        fail(tok + " is out of range");
}

static void get(bool &v)
{
    if (word("true"))
        v = true;
    else if (word("false"))
        v = false;
    else
        fail("expected true or false");
}

static void get(std::string &s)
{
    if (peek() != '"')
        fail("expected a string");
    pos++;
    s.clear();
    for (;;) {
        if (pos >= in.size())
            fail("unterminated string");
        unsigned char c = (unsigned char)in[pos++];
        if (c == '"')
            break;
        if (c < 0x20)
            fail("control character in a string (escape it)");
        if (c != '\\') {
            s += (char)c;
            continue;
        }
        c = pos < in.size() ? (unsigned char)in[pos++] : 0;
        static const std::string from = "\"\\/bfnrt", to = "\"\\/\b\f\n\r\t";
        size_t e = c ? from.find((char)c) : std::string::npos;
        if (e != std::string::npos) {
            s += to[e];
            continue;
        }
        if (c != 'u')
            fail("unknown escape in a string");
        unsigned cp = hex4();
        if (cp >= 0xdc00 && cp <= 0xdfff)
            fail("lone low surrogate");
        if (cp >= 0xd800 && cp <= 0xdbff) {
            if (in.compare(pos, 2, "\\u") != 0)
                fail("lone high surrogate");
            pos += 2;
            unsigned lo = hex4();
            if (lo < 0xdc00 || lo > 0xdfff)
                fail("lone high surrogate");
            cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        }
        if (cp == 0)
            fail("\\u0000 is not allowed in a string");
        utf8(s, cp);
    }
}

// The elements of a JSON array, each read by elem().
template <class F> static void seq(F elem)
{
    if (peek() != '[')
        fail("expected an array");
    pos++;
    if (peek() == ']') {
        pos++;
        return;
    }
    for (;;) {
        elem();
        int c = peek();
        pos++;
        if (c == ']')
            return;
        if (c != ',')
            fail("expected ',' or ']' in an array");
    }
}

template <class T> static void get(std::vector<T> &v)
{
    v.clear();
    seq([&] {
        T x;
        get(x);
        v.push_back(x);
    });
}

static void get(ListNode *&head)
{
    std::vector<int> v;
    get(v);
    head = nullptr;
    for (size_t i = v.size(); i-- > 0;)
        head = new ListNode(v[i], head);
}

// Level order, LeetCode's way: the values after the root are the children,
// left then right, of each non-null node in turn.
static void get(TreeNode *&root)
{
    std::vector<std::pair<bool, int>> v;
    seq([&] {
        int x = 0;
        bool some = !word("null");
        if (some)
            get(x);
        v.push_back({some, x});
    });
    root = nullptr;
    if (v.empty())
        return;
    if (!v[0].first)
        fail("a tree's root is not null (the empty tree is [])");
    std::deque<TreeNode *> q;
    root = new TreeNode(v[0].second);
    q.push_back(root);
    for (size_t i = 1; i < v.size();) {
        if (q.empty())
            fail("tree value " + std::to_string(i + 1) + " has no parent");
        TreeNode *p = q.front();
        q.pop_front();
        if (v[i].first)
            q.push_back(p->left = new TreeNode(v[i].second));
        if (++i < v.size() && v[i].first)
            q.push_back(p->right = new TreeNode(v[i].second));
        i++;
    }
}

static std::string tname(int *) { return "int"; }
static std::string tname(long long *) { return "int64"; }
static std::string tname(double *) { return "float64"; }
static std::string tname(bool *) { return "bool"; }
static std::string tname(std::string *) { return "string"; }
static std::string tname(ListNode **) { return "ListNode"; }
static std::string tname(TreeNode **) { return "TreeNode"; }
template <class T> static std::string tname(std::vector<T> *) { return tname((T *)nullptr) + "[]"; }

template <class T> static void read(T &v)
{
    nval++;
    what = tname((T *)nullptr);
    if (peek() < 0)
        fail("missing");
    get(v);
}

static void end()
{
    if (peek() >= 0) {
        std::fprintf(stderr, "pairbox harness: extra input after the last parameter (value %d)\n", nval);
        std::exit(2);
    }
}

// ---- canonical printing ----

static void put(int v) { out += std::to_string(v); }
static void put(long long v) { out += std::to_string(v); }
static void put(bool v) { out += v ? "true" : "false"; }

static void put(double v)
{
    char b[512];
    std::snprintf(b, sizeof(b), "%.6f", v);
    out += std::strcmp(b, "-0.000000") ? b : "0.000000";
}

static void put(const std::string &s)
{
    out += '"';
    for (unsigned char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += (char)c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20) {
            char e[8];
            std::snprintf(e, sizeof(e), "\\u%04x", c);
            out += e;
        } else {
            out += (char)c;
        }
    }
    out += '"';
}

template <class T> static void put(const std::vector<T> &v)
{
    out += '[';
    for (size_t i = 0; i < v.size(); i++) {
        if (i)
            out += ',';
        const T x = v[i];
        put(x);
    }
    out += ']';
}

static void put(const ListNode *l)
{
    out += '[';
    for (const ListNode *p = l; p; p = p->next) {
        if (p != l)
            out += ',';
        put(p->val);
    }
    out += ']';
}

// Level order with null for each missing child of a node, trailing nulls
// left out.
static void put(const TreeNode *root)
{
    std::vector<const TreeNode *> q;
    if (root)
        q.push_back(root);
    for (size_t head = 0; head < q.size(); head++) {
        if (q[head]) {
            q.push_back(q[head]->left);
            q.push_back(q[head]->right);
        }
    }
    while (!q.empty() && !q.back())
        q.pop_back();
    out += '[';
    for (size_t i = 0; i < q.size(); i++) {
        if (i)
            out += ',';
        if (q[i])
            put(q[i]->val);
        else
            out += "null";
    }
    out += ']';
}

template <class T> static void write(const T &v) { put(v); }

static void finish()
{
    out += '\n';
    if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout))
        std::exit(1);
}

} // namespace pb
