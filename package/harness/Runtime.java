import java.util.*; // Runtime.java - the Java harness of function-style problems (docs/problems.md): the prelude (this line), the user's code at the marker, then the runtime; harness_gen.c adds class Main.
// pairbox:user-code

class ListNode {
    int val;
    ListNode next;
    ListNode() {}
    ListNode(int val) { this.val = val; }
    ListNode(int val, ListNode next) { this.val = val; this.next = next; }
}

class TreeNode {
    int val;
    TreeNode left;
    TreeNode right;
    TreeNode() {}
    TreeNode(int val) { this.val = val; }
    TreeNode(int val, TreeNode left, TreeNode right) { this.val = val; this.left = left; this.right = right; }
}

// Input: all of stdin, one JSON value per parameter, read by type name and
// dimensions into Java's own types (int, long, double, boolean, String,
// their arrays, ListNode, TreeNode); output: the result printed canonically
// on one line. Malformed input exits 2 with a message on stderr. Names are
// qualified so that the user's imports cannot change what they mean.
class PbRuntime {
    private final byte[] in;
    private int pos, n;
    private String what = "";
    private final java.lang.StringBuilder out = new java.lang.StringBuilder();

    PbRuntime() throws java.io.IOException {
        in = System.in.readAllBytes();
    }

    private java.lang.RuntimeException fail(java.lang.String msg) {
        System.err.println("pairbox harness: input value " + n + " (" + what + "): " + msg);
        System.exit(2);
        return new java.lang.IllegalStateException(msg);
    }

    private int peek() {
        while (pos < in.length && (in[pos] == ' ' || in[pos] == '\t' || in[pos] == '\n' || in[pos] == '\r'))
            pos++;
        return pos < in.length ? in[pos] & 0xff : -1;
    }

    private boolean digit(int i) {
        return i < in.length && in[i] >= '0' && in[i] <= '9';
    }

    // A JSON number's text; integer[0] when it has neither fraction nor exponent.
    private java.lang.String number(boolean[] integer) {
        peek();
        int i = pos;
        integer[0] = true;
        if (i < in.length && in[i] == '-')
            i++;
        if (!digit(i))
            throw fail("expected a number");
        if (in[i] == '0' && digit(i + 1))
            throw fail("a number does not start with 0");
        while (digit(i))
            i++;
        if (i < in.length && in[i] == '.') {
            integer[0] = false;
            if (!digit(++i))
                throw fail("digits expected after '.'");
            while (digit(i))
                i++;
        }
        if (i < in.length && (in[i] == 'e' || in[i] == 'E')) {
            integer[0] = false;
            if (++i < in.length && (in[i] == '+' || in[i] == '-'))
                i++;
            if (!digit(i))
                throw fail("digits expected in the exponent");
            while (digit(i))
                i++;
        }
        java.lang.String tok = new java.lang.String(in, pos, i - pos, java.nio.charset.StandardCharsets.US_ASCII);
        pos = i;
        return tok;
    }

    private long integer(long lo, long hi) {
        boolean[] isint = new boolean[1];
        java.lang.String tok = number(isint);
        if (!isint[0])
            throw fail("expected an integer, found " + tok);
        long v;
        try {
            v = java.lang.Long.parseLong(tok);
        } catch (java.lang.NumberFormatException e) {
            throw fail(tok + " is out of range");
        }
        if (v < lo || v > hi)
            throw fail(tok + " is out of range");
        return v;
    }

    private double real() {
        java.lang.String tok = number(new boolean[1]);
        double v = java.lang.Double.parseDouble(tok);
        if (java.lang.Double.isInfinite(v))
            throw fail(tok + " is out of range");
        return v;
    }

    private boolean word(java.lang.String w) {
        if (peek() < 0 || pos + w.length() > in.length)
            return false;
        for (int k = 0; k < w.length(); k++)
            if (in[pos + k] != w.charAt(k))
                return false;
        pos += w.length();
        return true;
    }

    private boolean bool() {
        if (word("true"))
            return true;
        if (!word("false"))
            throw fail("expected true or false");
        return false;
    }

    private int hex4() {
        int v = 0;
        for (int k = 0; k < 4; k++, pos++) {
            int d = pos < in.length ? java.lang.Character.digit(in[pos], 16) : -1;
            if (d < 0)
                throw fail("\\u needs four hex digits");
            v = v * 16 + d;
        }
        return v;
    }

    private java.lang.String string() {
        if (peek() != '"')
            throw fail("expected a string");
        pos++;
        java.io.ByteArrayOutputStream s = new java.io.ByteArrayOutputStream();
        for (;;) {
            if (pos >= in.length)
                throw fail("unterminated string");
            int c = in[pos++] & 0xff;
            if (c == '"')
                break;
            if (c < 0x20)
                throw fail("control character in a string (escape it)");
            if (c != '\\') {
                s.write(c);
                continue;
            }
            c = pos < in.length ? in[pos++] & 0xff : 0;
            int e = "\"\\/bfnrt".indexOf(c);
            if (c != 0 && e >= 0) {
                s.write("\"\\/\b\f\n\r\t".charAt(e));
                continue;
            }
            if (c != 'u')
                throw fail("unknown escape in a string");
            int cp = hex4();
            if (cp >= 0xdc00 && cp <= 0xdfff)
                throw fail("lone low surrogate");
            if (cp >= 0xd800 && cp <= 0xdbff) {
                if (pos + 1 >= in.length || in[pos] != '\\' || in[pos + 1] != 'u')
                    throw fail("lone high surrogate");
                pos += 2;
                int lo = hex4();
                if (lo < 0xdc00 || lo > 0xdfff)
                    throw fail("lone high surrogate");
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
            }
            if (cp == 0)
                throw fail("\\u0000 is not allowed in a string");
            byte[] b = new java.lang.String(java.lang.Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            s.write(b, 0, b.length);
        }
        return new java.lang.String(s.toByteArray(), java.nio.charset.StandardCharsets.UTF_8);
    }

    // The elements of a JSON array, each read by elem.
    private void seq(java.lang.Runnable elem) {
        if (peek() != '[')
            throw fail("expected an array");
        pos++;
        if (peek() == ']') {
            pos++;
            return;
        }
        for (;;) {
            elem.run();
            int c = peek();
            pos++;
            if (c == ']')
                return;
            if (c != ',')
                throw fail("expected ',' or ']' in an array");
        }
    }

    private static java.lang.Class<?> type(java.lang.String base, int dims) {
        java.lang.Class<?> c = base.equals("int") ? int.class : base.equals("int64") ? long.class
            : base.equals("float64") ? double.class : base.equals("bool") ? boolean.class : java.lang.String.class;
        for (int d = 0; d < dims; d++)
            c = java.lang.reflect.Array.newInstance(c, 0).getClass();
        return c;
    }

    private java.lang.Object value(java.lang.String base, int dims) {
        if (dims > 0) {
            java.util.ArrayList<java.lang.Object> items = new java.util.ArrayList<>();
            seq(() -> items.add(value(base, dims - 1)));
            java.lang.Object a = java.lang.reflect.Array.newInstance(type(base, dims - 1), items.size());
            for (int i = 0; i < items.size(); i++)
                java.lang.reflect.Array.set(a, i, items.get(i));
            return a;
        }
        switch (base) {
        case "int":
            return (int) integer(java.lang.Integer.MIN_VALUE, java.lang.Integer.MAX_VALUE);
        case "int64":
            return integer(java.lang.Long.MIN_VALUE, java.lang.Long.MAX_VALUE);
        case "float64":
            return real();
        case "bool":
            return bool();
        case "string":
            return string();
        case "list": {
            int[] v = (int[]) value("int", 1);
            ListNode head = null;
            for (int i = v.length - 1; i >= 0; i--)
                head = new ListNode(v[i], head);
            return head;
        }
        default:
            return tree();
        }
    }

    // Level order, LeetCode's way: the values after the root are the
    // children, left then right, of each non-null node in turn.
    private TreeNode tree() {
        java.util.ArrayList<java.lang.Integer> v = new java.util.ArrayList<>();
        seq(() -> v.add(word("null") ? null : (int) integer(java.lang.Integer.MIN_VALUE, java.lang.Integer.MAX_VALUE)));
        if (v.isEmpty())
            return null;
        if (v.get(0) == null)
            throw fail("a tree's root is not null (the empty tree is [])");
        TreeNode root = new TreeNode(v.get(0));
        java.util.ArrayDeque<TreeNode> q = new java.util.ArrayDeque<>();
        q.add(root);
        for (int i = 1; i < v.size();) {
            if (q.isEmpty())
                throw fail("tree value " + (i + 1) + " has no parent");
            TreeNode p = q.poll();
            if (v.get(i) != null)
                q.add(p.left = new TreeNode(v.get(i)));
            if (++i < v.size() && v.get(i) != null)
                q.add(p.right = new TreeNode(v.get(i)));
            i++;
        }
        return root;
    }

    java.lang.Object read(java.lang.String base, int dims) {
        n++;
        what = (base.equals("list") ? "ListNode" : base.equals("tree") ? "TreeNode" : base) + "[]".repeat(dims);
        if (peek() < 0)
            throw fail("missing");
        return value(base, dims);
    }

    void end() {
        if (peek() >= 0) {
            System.err.println("pairbox harness: extra input after the last parameter (value " + n + ")");
            System.exit(2);
        }
    }

    // ---- canonical printing ----

    private void put(java.lang.Object v, java.lang.String base, int dims) {
        if (dims > 0) {
            if (v == null) {
                out.append("null");
                return;
            }
            out.append('[');
            for (int i = 0, k = java.lang.reflect.Array.getLength(v); i < k; i++) {
                if (i > 0)
                    out.append(',');
                put(java.lang.reflect.Array.get(v, i), base, dims - 1);
            }
            out.append(']');
            return;
        }
        switch (base) {
        case "int":
        case "int64":
            out.append(v);
            break;
        case "float64": {
            double d = (java.lang.Double) v;
            if (java.lang.Double.isNaN(d) || java.lang.Double.isInfinite(d))
                out.append(d);
            else // exactly %.6f: the double's exact value, rounded half to even
                out.append(new java.math.BigDecimal(d).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString());
            break;
        }
        case "bool":
            out.append((java.lang.Boolean) v ? "true" : "false");
            break;
        case "string":
            putString((java.lang.String) v);
            break;
        case "list": {
            out.append('[');
            for (ListNode p = (ListNode) v; p != null; p = p.next) {
                if (p != v)
                    out.append(',');
                out.append(p.val);
            }
            out.append(']');
            break;
        }
        default:
            putTree((TreeNode) v);
        }
    }

    private void putString(java.lang.String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\')
                out.append('\\').append(c);
            else if (c == '\n')
                out.append("\\n");
            else if (c == '\r')
                out.append("\\r");
            else if (c == '\t')
                out.append("\\t");
            else if (c < 0x20)
                out.append(java.lang.String.format("\\u%04x", (int) c));
            else
                out.append(c);
        }
        out.append('"');
    }

    // Level order with null for each missing child of a node, trailing
    // nulls left out.
    private void putTree(TreeNode root) {
        java.util.ArrayList<TreeNode> q = new java.util.ArrayList<>();
        if (root != null)
            q.add(root);
        for (int head = 0; head < q.size(); head++) {
            TreeNode t = q.get(head);
            if (t != null) {
                q.add(t.left);
                q.add(t.right);
            }
        }
        int k = q.size();
        while (k > 0 && q.get(k - 1) == null)
            k--;
        out.append('[');
        for (int i = 0; i < k; i++) {
            if (i > 0)
                out.append(',');
            if (q.get(i) == null)
                out.append("null");
            else
                out.append(q.get(i).val);
        }
        out.append(']');
    }

    void write(java.lang.Object v, java.lang.String base, int dims) throws java.io.IOException {
        put(v, base, dims);
        out.append('\n');
        System.out.write(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        System.out.flush();
    }
}
