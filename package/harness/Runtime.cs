// Runtime.cs - the C# harness of function-style problems (docs/problems.md): the prelude, the user's code at the marker, then the runtime; harness_gen.c adds class PbMain.
using System; using System.Collections.Generic; using System.Linq; using System.Text;
// pairbox:user-code

public class ListNode {
    public int val;
    public ListNode next;
    public ListNode(int val = 0, ListNode next = null) {
        this.val = val;
        this.next = next;
    }
}

public class TreeNode {
    public int val;
    public TreeNode left;
    public TreeNode right;
    public TreeNode(int val = 0, TreeNode left = null, TreeNode right = null) {
        this.val = val;
        this.left = left;
        this.right = right;
    }
}

// Input: all of stdin, one JSON value per parameter, read by type name and
// dimensions into C#'s types (int, long, double, bool, string, their
// arrays and jagged arrays, ListNode, TreeNode); output: the result printed
// canonically on one line. Malformed input exits 2 with a message on
// stderr. Names are qualified so that the user's usings cannot change what
// they mean; C# 6 only (Mono's mcs).
public class PbRuntime {
    private readonly byte[] input;
    private int pos, n;
    private string what = "";
    private readonly System.Text.StringBuilder output = new System.Text.StringBuilder();

    public PbRuntime() {
        using (var ms = new System.IO.MemoryStream()) {
            System.Console.OpenStandardInput().CopyTo(ms);
            input = ms.ToArray();
        }
    }

    private System.Exception Fail(string msg) {
        System.Console.Error.WriteLine("pairbox harness: input value " + n + " (" + what + "): " + msg);
        System.Environment.Exit(2);
        return new System.InvalidOperationException(msg);
    }

    private int At(int i) {
        return i < input.Length ? input[i] : -1;
    }

    private int Peek() {
        while (pos < input.Length && (input[pos] == ' ' || input[pos] == '\t' || input[pos] == '\n' || input[pos] == '\r'))
            pos++;
        return At(pos);
    }

    private bool Digit(int i) {
        return At(i) >= '0' && At(i) <= '9';
    }

    // A JSON number's text; integer when it has neither fraction nor exponent.
    private string Number(out bool integer) {
        Peek();
        int i = pos;
        integer = true;
        if (At(i) == '-')
            i++;
        if (!Digit(i))
            throw Fail("expected a number");
        if (At(i) == '0' && Digit(i + 1))
            throw Fail("a number does not start with 0");
        while (Digit(i))
            i++;
        if (At(i) == '.') {
            integer = false;
            if (!Digit(++i))
                throw Fail("digits expected after '.'");
            while (Digit(i))
                i++;
        }
        if (At(i) == 'e' || At(i) == 'E') {
            integer = false;
            i++;
            if (At(i) == '+' || At(i) == '-')
                i++;
            if (!Digit(i))
                throw Fail("digits expected in the exponent");
            while (Digit(i))
                i++;
        }
        string tok = System.Text.Encoding.ASCII.GetString(input, pos, i - pos);
        pos = i;
        return tok;
    }

    private long Integer(long lo, long hi) {
        bool integer;
        string tok = Number(out integer);
        if (!integer)
            throw Fail("expected an integer, found " + tok);
        long v;
        if (!long.TryParse(tok, System.Globalization.NumberStyles.AllowLeadingSign,
                           System.Globalization.CultureInfo.InvariantCulture, out v) || v < lo || v > hi)
            throw Fail(tok + " is out of range");
        return v;
    }

    private int Int32() {
        return (int) Integer(int.MinValue, int.MaxValue);
    }

    private double Real() {
        bool integer;
        string tok = Number(out integer);
        double v;
        try {
            v = double.Parse(tok, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        } catch (System.OverflowException) {
            v = double.PositiveInfinity;
        }
        if (double.IsInfinity(v))
            throw Fail(tok + " is out of range");
        return v;
    }

    private bool Word(string w) {
        if (Peek() < 0 || pos + w.Length > input.Length)
            return false;
        for (int k = 0; k < w.Length; k++)
            if (input[pos + k] != w[k])
                return false;
        pos += w.Length;
        return true;
    }

    private bool Bool() {
        if (Word("true"))
            return true;
        if (!Word("false"))
            throw Fail("expected true or false");
        return false;
    }

    private int Hex4() {
        int v = 0;
        for (int k = 0; k < 4; k++, pos++) {
            int c = At(pos);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0)
                throw Fail("\\u needs four hex digits");
            v = v * 16 + d;
        }
        return v;
    }

    private string String() {
        if (Peek() != '"')
            throw Fail("expected a string");
        pos++;
        var s = new System.Collections.Generic.List<byte>();
        for (;;) {
            if (pos >= input.Length)
                throw Fail("unterminated string");
            int c = input[pos++];
            if (c == '"')
                break;
            if (c < 0x20)
                throw Fail("control character in a string (escape it)");
            if (c != '\\') {
                s.Add((byte) c);
                continue;
            }
            c = At(pos++);
            int e = c > 0 ? "\"\\/bfnrt".IndexOf((char) c) : -1;
            if (e >= 0) {
                s.Add((byte) "\"\\/\b\f\n\r\t"[e]);
                continue;
            }
            if (c != 'u')
                throw Fail("unknown escape in a string");
            int cp = Hex4();
            if (cp >= 0xdc00 && cp <= 0xdfff)
                throw Fail("lone low surrogate");
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (At(pos) != '\\' || At(pos + 1) != 'u')
                    throw Fail("lone high surrogate");
                pos += 2;
                int lo = Hex4();
                if (lo < 0xdc00 || lo > 0xdfff)
                    throw Fail("lone high surrogate");
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            if (cp == 0)
                throw Fail("\\u0000 is not allowed in a string");
            s.AddRange(new System.Text.UTF8Encoding(false).GetBytes(char.ConvertFromUtf32(cp)));
        }
        return new System.Text.UTF8Encoding(false).GetString(s.ToArray());
    }

    // The elements of a JSON array, each read by elem.
    private System.Collections.Generic.List<object> Seq(System.Func<object> elem) {
        var items = new System.Collections.Generic.List<object>();
        if (Peek() != '[')
            throw Fail("expected an array");
        pos++;
        if (Peek() == ']') {
            pos++;
            return items;
        }
        for (;;) {
            items.Add(elem());
            int c = Peek();
            pos++;
            if (c == ']')
                return items;
            if (c != ',')
                throw Fail("expected ',' or ']' in an array");
        }
    }

    private static System.Type Type(string b, int dims) {
        System.Type t = b == "int" ? typeof(int) : b == "int64" ? typeof(long) : b == "float64" ? typeof(double)
            : b == "bool" ? typeof(bool) : typeof(string);
        for (int d = 0; d < dims; d++)
            t = t.MakeArrayType();
        return t;
    }

    // Level order, LeetCode's way: the values after the root are the
    // children, left then right, of each non-null node in turn.
    private TreeNode Tree() {
        var v = Seq(() => Word("null") ? null : (object) Int32());
        if (v.Count == 0)
            return null;
        if (v[0] == null)
            throw Fail("a tree's root is not null (the empty tree is [])");
        var root = new TreeNode((int) v[0]);
        var q = new System.Collections.Generic.Queue<TreeNode>();
        q.Enqueue(root);
        for (int i = 1; i < v.Count;) {
            if (q.Count == 0)
                throw Fail("tree value " + (i + 1) + " has no parent");
            TreeNode p = q.Dequeue();
            if (v[i] != null)
                q.Enqueue(p.left = new TreeNode((int) v[i]));
            if (++i < v.Count && v[i] != null)
                q.Enqueue(p.right = new TreeNode((int) v[i]));
            i++;
        }
        return root;
    }

    private object Value(string b, int dims) {
        if (dims > 0) {
            var items = Seq(() => Value(b, dims - 1));
            System.Array a = System.Array.CreateInstance(Type(b, dims - 1), items.Count);
            for (int i = 0; i < items.Count; i++)
                a.SetValue(items[i], i);
            return a;
        }
        switch (b) {
        case "int":
            return Int32();
        case "int64":
            return Integer(long.MinValue, long.MaxValue);
        case "float64":
            return Real();
        case "bool":
            return Bool();
        case "string":
            return String();
        case "list": {
            var v = Seq(() => Int32());
            ListNode head = null;
            for (int i = v.Count - 1; i >= 0; i--)
                head = new ListNode((int) v[i], head);
            return head;
        }
        default:
            return Tree();
        }
    }

    public object Read(string b, int dims) {
        n++;
        what = (b == "list" ? "ListNode" : b == "tree" ? "TreeNode" : b);
        for (int d = 0; d < dims; d++)
            what += "[]";
        if (Peek() < 0)
            throw Fail("missing");
        return Value(b, dims);
    }

    public void End() {
        if (Peek() >= 0) {
            System.Console.Error.WriteLine("pairbox harness: extra input after the last parameter (value " + n + ")");
            System.Environment.Exit(2);
        }
    }

    // ---- canonical printing ----

    // Exactly C's %.6f, which Mono's "F6" is not (it rounds to 15 digits
    // first): |x| = man * 2^exp exactly, so |x| * 10^6 is computed in base
    // 10^9 limbs (least significant first) and rounded half to even.
    private static string Fixed(double x) {
        if (double.IsNaN(x) || double.IsInfinity(x))
            return x.ToString(System.Globalization.CultureInfo.InvariantCulture);
        long bits = System.BitConverter.DoubleToInt64Bits(x);
        int exp = (int) ((bits >> 52) & 0x7ff);
        long man = bits & 0xfffffffffffffL;
        if (exp == 0)
            exp = 1;
        else
            man |= 1L << 52;
        exp -= 1075;
        var d = new System.Collections.Generic.List<long> { man % 1000000000L, man / 1000000000L };
        MulSmall(d, 1000000);
        bool half = false, sticky = false;
        for (; exp > 0; exp--)
            MulSmall(d, 2);
        for (; exp < 0; exp++) {
            sticky |= half;
            half = DivTwo(d);
        }
        if (half && (sticky || d[0] % 2 == 1))
            MulSmall(d, 1, 1);
        var sb = new System.Text.StringBuilder();
        for (int i = d.Count - 1; i >= 0; i--)
            sb.Append(d[i].ToString(i == d.Count - 1 ? "D" : "D9", System.Globalization.CultureInfo.InvariantCulture));
        string s = sb.ToString().TrimStart('0').PadLeft(7, '0');
        bool zero = s.Trim('0').Length == 0;
        return (x < 0 && !zero ? "-" : "") + s.Substring(0, s.Length - 6) + "." + s.Substring(s.Length - 6);
    }

    private static void MulSmall(System.Collections.Generic.List<long> d, long m, long carry = 0) {
        for (int i = 0; i < d.Count; i++) {
            long t = d[i] * m + carry;
            d[i] = t % 1000000000L;
            carry = t / 1000000000L;
        }
        for (; carry > 0; carry /= 1000000000L)
            d.Add(carry % 1000000000L);
    }

    // Halve; true when a 1 was shifted out.
    private static bool DivTwo(System.Collections.Generic.List<long> d) {
        long rem = 0;
        for (int i = d.Count - 1; i >= 0; i--) {
            long cur = rem * 1000000000L + d[i];
            d[i] = cur / 2;
            rem = cur % 2;
        }
        while (d.Count > 1 && d[d.Count - 1] == 0)
            d.RemoveAt(d.Count - 1);
        return rem != 0;
    }

    private void PutString(string s) {
        if (s == null) {
            output.Append("null");
            return;
        }
        output.Append('"');
        foreach (char c in s) {
            if (c == '"' || c == '\\')
                output.Append('\\').Append(c);
            else if (c == '\n')
                output.Append("\\n");
            else if (c == '\r')
                output.Append("\\r");
            else if (c == '\t')
                output.Append("\\t");
            else if (c < 0x20)
                output.Append("\\u").Append(((int) c).ToString("x4"));
            else
                output.Append(c);
        }
        output.Append('"');
    }

    // Level order with null for each missing child of a node, trailing
    // nulls left out.
    private void PutTree(TreeNode root) {
        var q = new System.Collections.Generic.List<TreeNode>();
        if (root != null)
            q.Add(root);
        for (int head = 0; head < q.Count; head++) {
            if (q[head] != null) {
                q.Add(q[head].left);
                q.Add(q[head].right);
            }
        }
        int k = q.Count;
        while (k > 0 && q[k - 1] == null)
            k--;
        output.Append('[');
        for (int i = 0; i < k; i++) {
            if (i > 0)
                output.Append(',');
            if (q[i] == null)
                output.Append("null");
            else
                output.Append(q[i].val);
        }
        output.Append(']');
    }

    private void Put(object v, string b, int dims) {
        if (dims > 0) {
            if (v == null) {
                output.Append("null");
                return;
            }
            var a = (System.Array) v;
            output.Append('[');
            for (int i = 0; i < a.Length; i++) {
                if (i > 0)
                    output.Append(',');
                Put(a.GetValue(i), b, dims - 1);
            }
            output.Append(']');
            return;
        }
        switch (b) {
        case "int":
        case "int64":
            output.Append(System.Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture));
            break;
        case "float64":
            output.Append(Fixed((double) v));
            break;
        case "bool":
            output.Append((bool) v ? "true" : "false");
            break;
        case "string":
            PutString((string) v);
            break;
        case "list":
            output.Append('[');
            for (var p = (ListNode) v; p != null; p = p.next) {
                if ((object) p != v)
                    output.Append(',');
                output.Append(p.val);
            }
            output.Append(']');
            break;
        default:
            PutTree((TreeNode) v);
            break;
        }
    }

    public void Write(object v, string b, int dims) {
        Put(v, b, dims);
        output.Append('\n');
        byte[] bytes = new System.Text.UTF8Encoding(false).GetBytes(output.ToString());
        var stdout = System.Console.OpenStandardOutput();
        stdout.Write(bytes, 0, bytes.Length);
        stdout.Flush();
    }
}
