// Runtime.kt - the Kotlin harness of function-style problems (docs/problems.md): no prelude, the user's code at this line (pairbox:user-code), then the runtime; harness_gen.c adds main.

class ListNode(var `val`: Int) {
    var next: ListNode? = null
}

class TreeNode(var `val`: Int) {
    var left: TreeNode? = null
    var right: TreeNode? = null
}

// Input: all of stdin, one JSON value per parameter, read by type name and
// dimensions into Kotlin's types (Int, Long, Double, Boolean, String,
// IntArray, ..., Array<String>, Array<IntArray>, ..., ListNode?, TreeNode?);
// output: the result printed canonically on one line. Malformed input
// exits 2 with a message on stderr. Written for Kotlin 1.3; names are
// qualified so that the user's imports cannot change what they mean.
class PbRuntime {
    private val input: ByteArray = System.`in`.readBytes()
    private var pos = 0
    private var n = 0
    private var what = ""
    private val out = java.lang.StringBuilder()

    private fun fail(msg: String): Nothing {
        System.err.println("pairbox harness: input value $n ($what): $msg")
        System.exit(2)
        throw java.lang.IllegalStateException(msg)
    }

    private fun peek(): Int {
        while (pos < input.size && (input[pos] == ' '.toByte() || input[pos] == '\t'.toByte() ||
                    input[pos] == '\n'.toByte() || input[pos] == '\r'.toByte()))
            pos++
        return if (pos < input.size) input[pos].toInt() and 0xff else -1
    }

    private fun at(i: Int): Int = if (i < input.size) input[i].toInt() and 0xff else -1

    private fun digit(i: Int): Boolean = at(i) >= '0'.toInt() && at(i) <= '9'.toInt()

    // A JSON number's text, and whether it has neither fraction nor exponent.
    private fun number(): Pair<String, Boolean> {
        peek()
        var i = pos
        var integer = true
        if (at(i) == '-'.toInt())
            i++
        if (!digit(i))
            fail("expected a number")
        if (at(i) == '0'.toInt() && digit(i + 1))
            fail("a number does not start with 0")
        while (digit(i))
            i++
        if (at(i) == '.'.toInt()) {
            integer = false
            if (!digit(++i))
                fail("digits expected after '.'")
            while (digit(i))
                i++
        }
        if (at(i) == 'e'.toInt() || at(i) == 'E'.toInt()) {
            integer = false
            i++
            if (at(i) == '+'.toInt() || at(i) == '-'.toInt())
                i++
            if (!digit(i))
                fail("digits expected in the exponent")
            while (digit(i))
                i++
        }
        val tok = String(input, pos, i - pos, Charsets.US_ASCII)
        pos = i
        return Pair(tok, integer)
    }

    private fun integer(lo: Long, hi: Long): Long {
        val (tok, integer) = number()
        if (!integer)
            fail("expected an integer, found $tok")
        val v = tok.toLongOrNull() ?: fail("$tok is out of range")
        if (v < lo || v > hi)
            fail("$tok is out of range")
        return v
    }

    private fun int32(): Int = integer(Int.MIN_VALUE.toLong(), Int.MAX_VALUE.toLong()).toInt()

    private fun real(): Double {
        val tok = number().first
        val v = tok.toDouble()
        if (v.isInfinite())
            fail("$tok is out of range")
        return v
    }

    private fun word(w: String): Boolean {
        if (peek() < 0 || pos + w.length > input.size)
            return false
        for (k in 0 until w.length)
            if (at(pos + k) != w[k].toInt())
                return false
        pos += w.length
        return true
    }

    private fun bool(): Boolean {
        if (word("true"))
            return true
        if (!word("false"))
            fail("expected true or false")
        return false
    }

    private fun hex4(): Int {
        var v = 0
        for (k in 0 until 4) {
            val d = if (pos < input.size) Character.digit(at(pos), 16) else -1
            if (d < 0)
                fail("\\u needs four hex digits")
            v = v * 16 + d
            pos++
        }
        return v
    }

    private fun string(): String {
        if (peek() != '"'.toInt())
            fail("expected a string")
        pos++
        val s = java.io.ByteArrayOutputStream()
        while (true) {
            if (pos >= input.size)
                fail("unterminated string")
            var c = at(pos++)
            if (c == '"'.toInt())
                break
            if (c < 0x20)
                fail("control character in a string (escape it)")
            if (c != '\\'.toInt()) {
                s.write(c)
                continue
            }
            c = if (pos < input.size) at(pos++) else 0
            val e = if (c != 0) "\"\\/bfnrt".indexOf(c.toChar()) else -1
            if (e >= 0) {
                s.write("\"\\/\b\u000c\n\r\t"[e].toInt())
                continue
            }
            if (c != 'u'.toInt())
                fail("unknown escape in a string")
            var cp = hex4()
            if (cp in 0xdc00..0xdfff)
                fail("lone low surrogate")
            if (cp in 0xd800..0xdbff) {
                if (at(pos) != '\\'.toInt() || at(pos + 1) != 'u'.toInt())
                    fail("lone high surrogate")
                pos += 2
                val lo = hex4()
                if (lo !in 0xdc00..0xdfff)
                    fail("lone high surrogate")
                cp = 0x10000 + ((cp - 0xd800) shl 10) + (lo - 0xdc00)
            }
            if (cp == 0)
                fail("\\u0000 is not allowed in a string")
            val b = String(Character.toChars(cp)).toByteArray(Charsets.UTF_8)
            s.write(b, 0, b.size)
        }
        return String(s.toByteArray(), Charsets.UTF_8)
    }

    // The elements of a JSON array, each read by elem.
    private fun <T> seq(elem: () -> T): java.util.ArrayList<T> {
        val items = java.util.ArrayList<T>()
        if (peek() != '['.toInt())
            fail("expected an array")
        pos++
        if (peek() == ']'.toInt()) {
            pos++
            return items
        }
        while (true) {
            items.add(elem())
            val c = peek()
            pos++
            if (c == ']'.toInt())
                return items
            if (c != ','.toInt())
                fail("expected ',' or ']' in an array")
        }
    }

    private fun row(base: String): Any = when (base) {
        "int" -> seq { int32() }.toIntArray()
        "int64" -> seq { integer(Long.MIN_VALUE, Long.MAX_VALUE) }.toLongArray()
        "float64" -> seq { real() }.toDoubleArray()
        "bool" -> seq { bool() }.toBooleanArray()
        else -> seq { string() }.toTypedArray()
    }

    // toTypedArray() makes arrays of the rows' own class (int[][], String[][]).
    @Suppress("UNCHECKED_CAST")
    private fun rows(base: String): Any = when (base) {
        "int" -> seq { row(base) as IntArray }.toTypedArray()
        "int64" -> seq { row(base) as LongArray }.toTypedArray()
        "float64" -> seq { row(base) as DoubleArray }.toTypedArray()
        "bool" -> seq { row(base) as BooleanArray }.toTypedArray()
        else -> seq { row(base) as Array<String> }.toTypedArray()
    }

    // Level order, LeetCode's way: the values after the root are the
    // children, left then right, of each non-null node in turn.
    private fun tree(): TreeNode? {
        val v = seq { if (word("null")) null else int32() }
        if (v.isEmpty())
            return null
        val root = TreeNode(v[0] ?: fail("a tree's root is not null (the empty tree is [])"))
        val q = java.util.ArrayDeque<TreeNode>()
        q.add(root)
        var i = 1
        while (i < v.size) {
            val p = q.poll() ?: fail("tree value ${i + 1} has no parent")
            val l = v[i]
            if (l != null) {
                val t = TreeNode(l)
                p.left = t
                q.add(t)
            }
            i++
            val r = if (i < v.size) v[i] else null
            if (r != null) {
                val t = TreeNode(r)
                p.right = t
                q.add(t)
            }
            i++
        }
        return root
    }

    private fun value(base: String, dims: Int): Any? = when {
        dims == 1 -> row(base)
        dims == 2 -> rows(base)
        base == "int" -> int32()
        base == "int64" -> integer(Long.MIN_VALUE, Long.MAX_VALUE)
        base == "float64" -> real()
        base == "bool" -> bool()
        base == "string" -> string()
        base == "list" -> {
            val v = seq { int32() }
            var head: ListNode? = null
            for (i in v.indices.reversed()) {
                val node = ListNode(v[i])
                node.next = head
                head = node
            }
            head
        }
        else -> tree()
    }

    fun read(base: String, dims: Int): Any? {
        n++
        what = (if (base == "list") "ListNode" else if (base == "tree") "TreeNode" else base) + "[]".repeat(dims)
        if (peek() < 0)
            fail("missing")
        return value(base, dims)
    }

    fun end() {
        if (peek() >= 0) {
            System.err.println("pairbox harness: extra input after the last parameter (value $n)")
            System.exit(2)
        }
    }

    // ---- canonical printing ----

    private fun putString(s: String?) {
        if (s == null) {
            out.append("null")
            return
        }
        out.append('"')
        for (c in s) {
            when {
                c == '"' || c == '\\' -> out.append('\\').append(c)
                c == '\n' -> out.append("\\n")
                c == '\r' -> out.append("\\r")
                c == '\t' -> out.append("\\t")
                c.toInt() < 0x20 -> out.append(String.format("\\u%04x", c.toInt()))
                else -> out.append(c)
            }
        }
        out.append('"')
    }

    // Level order with null for each missing child of a node, trailing
    // nulls left out.
    private fun putTree(root: TreeNode?) {
        val q = java.util.ArrayList<TreeNode?>()
        if (root != null)
            q.add(root)
        var head = 0
        while (head < q.size) {
            val t = q[head++]
            if (t != null) {
                q.add(t.left)
                q.add(t.right)
            }
        }
        var k = q.size
        while (k > 0 && q[k - 1] == null)
            k--
        out.append('[')
        for (i in 0 until k) {
            if (i > 0)
                out.append(',')
            val t = q[i]
            if (t == null) out.append("null") else out.append(t.`val`)
        }
        out.append(']')
    }

    private fun put(v: Any?, base: String, dims: Int) {
        if (dims > 0) {
            if (v == null) {
                out.append("null")
                return
            }
            out.append('[')
            for (i in 0 until java.lang.reflect.Array.getLength(v)) {
                if (i > 0)
                    out.append(',')
                put(java.lang.reflect.Array.get(v, i), base, dims - 1)
            }
            out.append(']')
            return
        }
        when (base) {
            "int", "int64" -> out.append(v)
            "float64" -> {
                val d = v as Double
                if (d.isNaN() || d.isInfinite())
                    out.append(d)
                else // exactly %.6f: the double's exact value, rounded half to even
                    out.append(java.math.BigDecimal(d).setScale(6, java.math.RoundingMode.HALF_EVEN).toPlainString())
            }
            "bool" -> out.append(if (v as Boolean) "true" else "false")
            "string" -> putString(v as String?)
            "list" -> {
                out.append('[')
                var p = v as ListNode?
                while (p != null) {
                    if (p !== v)
                        out.append(',')
                    out.append(p.`val`)
                    p = p.next
                }
                out.append(']')
            }
            else -> putTree(v as TreeNode?)
        }
    }

    fun write(v: Any?, base: String, dims: Int) {
        put(v, base, dims)
        out.append('\n')
        System.out.write(out.toString().toByteArray(Charsets.UTF_8))
        System.out.flush()
    }
}
