// runtime.js - the JavaScript harness of function-style problems (docs/problems.md): no prelude, the user's code at this line (pairbox:user-code), then the runtime (TypeScript's too, after its classes); harness_gen.c adds main.

// LeetCode's definitions; function declarations are hoisted, so the user's code may use them.
function ListNode(val, next) { this.val = (val === undefined ? 0 : val); this.next = (next === undefined ? null : next); }
function TreeNode(val, left, right) { this.val = (val === undefined ? 0 : val); this.left = (left === undefined ? null : left); this.right = (right === undefined ? null : right); }

// ---- the runtime, shared with TypeScript (from the line holding pairbox:shared-runtime) ----

// Input: all of stdin, one JSON value per parameter, read by type name and
// dimensions (an int64 is a number, exact to 2^53); output: the result
// printed canonically on one line. Malformed input exits 2 with a message
// on stderr. Written so that tsc (non-strict) compiles it too: Node's
// require and process are reached without type declarations.
function pbRuntime() {
    const pbRequire = eval('require');
    const proc = pbRequire('process');
    const input = pbRequire('fs').readFileSync(0);
    const len = input.length;
    let pos = 0, n = 0, what = '';

    function fail(msg) {
        proc.stderr.write('pairbox harness: input value ' + n + ' (' + what + '): ' + msg + '\n');
        proc.exit(2);
        throw new Error(msg);
    }

    function peek() {
        while (pos < len && (input[pos] === 32 || input[pos] === 9 || input[pos] === 10 || input[pos] === 13))
            pos++;
        return pos < len ? input[pos] : -1;
    }

    function digit(i) {
        return i < len && input[i] >= 48 && input[i] <= 57;
    }

    // A JSON number's text and whether it has neither fraction nor exponent.
    function number() {
        peek();
        let i = pos, integer = true;
        if (i < len && input[i] === 45)
            i++;
        if (!digit(i))
            fail('expected a number');
        if (input[i] === 48 && digit(i + 1))
            fail('a number does not start with 0');
        while (digit(i))
            i++;
        if (i < len && input[i] === 46) {
            integer = false;
            if (!digit(++i))
                fail("digits expected after '.'");
            while (digit(i))
                i++;
        }
        if (i < len && (input[i] === 101 || input[i] === 69)) {
            integer = false;
            if (++i < len && (input[i] === 43 || input[i] === 45))
                i++;
            if (!digit(i))
                fail('digits expected in the exponent');
            while (digit(i))
                i++;
        }
        const tok = input.toString('latin1', pos, i);
        pos = i;
        return { tok: tok, integer: integer };
    }

    function integer(bits) {
        const t = number();
        if (!t.integer)
            fail('expected an integer, found ' + t.tok);
        const v = BigInt(t.tok), lim = BigInt(2) ** BigInt(bits - 1);
        if (v < -lim || v >= lim)
            fail(t.tok + ' is out of range');
        return Number(t.tok);
    }

    function real() {
        const t = number(), v = Number(t.tok);
        if (!Number.isFinite(v))
            fail(t.tok + ' is out of range');
        return v;
    }

    function word(w) {
        if (peek() < 0 || input.toString('latin1', pos, pos + w.length) !== w)
            return false;
        pos += w.length;
        return true;
    }

    function bool() {
        if (word('true'))
            return true;
        if (!word('false'))
            fail('expected true or false');
        return false;
    }

    function hex4() {
        const h = input.toString('latin1', pos, pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(h))
            fail('\\u needs four hex digits');
        pos += 4;
        return parseInt(h, 16);
    }

    function string() {
        if (peek() !== 34)
            fail('expected a string');
        pos++;
        const parts = [];
        let start = pos;
        for (;;) {
            if (pos >= len)
                fail('unterminated string');
            const c = input[pos];
            if (c === 34 || c === 92)
                parts.push(input.toString('utf8', start, pos));
            if (c === 34) {
                pos++;
                break;
            }
            if (c < 0x20)
                fail('control character in a string (escape it)');
            if (c !== 92) {
                pos++;
                continue;
            }
            const e = pos + 1 < len ? String.fromCharCode(input[pos + 1]) : '';
            pos += 2;
            const k = e ? '"\\/bfnrt'.indexOf(e) : -1;
            if (k >= 0) {
                parts.push('"\\/\b\f\n\r\t'[k]);
            } else if (e === 'u') {
                let cp = hex4();
                if (cp >= 0xdc00 && cp <= 0xdfff)
                    fail('lone low surrogate');
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    if (input[pos] !== 92 || input[pos + 1] !== 117)
                        fail('lone high surrogate');
                    pos += 2;
                    const lo = hex4();
                    if (lo < 0xdc00 || lo > 0xdfff)
                        fail('lone high surrogate');
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                }
                if (cp === 0)
                    fail('\\u0000 is not allowed in a string');
                parts.push(String.fromCodePoint(cp));
            } else {
                fail('unknown escape in a string');
            }
            start = pos;
        }
        return parts.join('');
    }

    // The elements of a JSON array, each read by elem.
    function seq(elem) {
        const items = [];
        if (peek() !== 91)
            fail('expected an array');
        pos++;
        if (peek() === 93) {
            pos++;
            return items;
        }
        for (;;) {
            items.push(elem());
            const c = peek();
            pos++;
            if (c === 93)
                return items;
            if (c !== 44)
                fail("expected ',' or ']' in an array");
        }
    }

    // Level order, LeetCode's way: the values after the root are the
    // children, left then right, of each non-null node in turn.
    function tree() {
        const v = seq(() => (word('null') ? null : integer(32)));
        if (v.length === 0)
            return null;
        if (v[0] === null)
            fail("a tree's root is not null (the empty tree is [])");
        const root = new TreeNode(v[0]), q = [root];
        let head = 0;
        for (let i = 1; i < v.length;) {
            if (head === q.length)
                fail('tree value ' + (i + 1) + ' has no parent');
            const p = q[head++];
            if (v[i] !== null)
                q.push(p.left = new TreeNode(v[i]));
            if (++i < v.length && v[i] !== null)
                q.push(p.right = new TreeNode(v[i]));
            i++;
        }
        return root;
    }

    function value(base, dims) {
        if (dims > 0)
            return seq(() => value(base, dims - 1));
        switch (base) {
        case 'int': return integer(32);
        case 'int64': return integer(64);
        case 'float64': return real();
        case 'bool': return bool();
        case 'string': return string();
        case 'list': {
            const v = seq(() => integer(32));
            let head = null;
            for (let i = v.length - 1; i >= 0; i--)
                head = new ListNode(v[i], head);
            return head;
        }
        default: return tree();
        }
    }

    function read(base, dims) {
        n++;
        what = (base === 'list' ? 'ListNode' : base === 'tree' ? 'TreeNode' : base) + '[]'.repeat(dims);
        if (peek() < 0)
            fail('missing');
        return value(base, dims);
    }

    function end() {
        if (peek() >= 0) {
            proc.stderr.write('pairbox harness: extra input after the last parameter (value ' + n + ')\n');
            proc.exit(2);
        }
    }

    // ---- canonical printing ----

    function intText(v) {
        if (typeof v === 'bigint')
            return v.toString();
        if (typeof v === 'number' && Number.isInteger(v))
            return Number.isSafeInteger(v) ? String(v) : BigInt(v).toString();   // never 1e+21 or rounded digits
        return String(v);
    }

    // Exactly C's %.6f: the double's exact value (m / 2^k) times 10^6,
    // rounded half to even, with BigInt.
    function fixed(x) {
        if (typeof x !== 'number' || !Number.isFinite(x))
            return String(x);
        let a = Math.abs(x), k = 0;
        while (!Number.isInteger(a)) {
            a *= 2;
            k++;
        }
        const num = BigInt(a) * BigInt(1000000), den = BigInt(2) ** BigInt(k);
        let q = num / den;
        const r2 = (num % den) * BigInt(2);
        if (r2 > den || (r2 === den && q % BigInt(2) === BigInt(1)))
            q += BigInt(1);
        const s = q.toString().padStart(7, '0');
        return (x < 0 && q !== BigInt(0) ? '-' : '') + s.slice(0, -6) + '.' + s.slice(-6);
    }

    const escapes = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

    function stringText(s) {
        if (s === null || s === undefined)
            return 'null';
        return '"' + String(s).replace(/[\u0000-\u001f"\\]/g,
            (c) => escapes[c] || '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) + '"';
    }

    // Level order with null for each missing child of a node, trailing
    // nulls left out.
    function treeText(root) {
        const q = root ? [root] : [];
        for (let head = 0; head < q.length; head++) {
            if (q[head]) {
                q.push(q[head].left);
                q.push(q[head].right);
            }
        }
        while (q.length && !q[q.length - 1])
            q.pop();
        return '[' + q.map((t) => (t ? intText(t.val) : 'null')).join(',') + ']';
    }

    function put(out, v, base, dims) {
        if (dims > 0) {
            if (v === null || v === undefined) {
                out.push('null');
                return;
            }
            out.push('[');
            for (let i = 0; i < v.length; i++) {
                if (i)
                    out.push(',');
                put(out, v[i], base, dims - 1);
            }
            out.push(']');
            return;
        }
        switch (base) {
        case 'int':
        case 'int64':
            out.push(intText(v));
            break;
        case 'float64':
            out.push(fixed(v));
            break;
        case 'bool':
            out.push(v ? 'true' : 'false');
            break;
        case 'string':
            out.push(stringText(v));
            break;
        case 'list': {
            const vals = [];
            for (let p = v; p; p = p.next)
                vals.push(intText(p.val));
            out.push('[' + vals.join(',') + ']');
            break;
        }
        default:
            out.push(treeText(v));
        }
    }

    function write(v, base, dims) {
        const out = [];
        put(out, v, base, dims);
        out.push('\n');
        proc.stdout.write(out.join(''));
    }

    return { read: read, end: end, write: write };
}
