# runtime.rb - the Ruby harness of function-style problems (docs/problems.md): no prelude, the user's code at this line (pairbox:user-code), then the runtime; harness_gen.c adds main.

class ListNode
  attr_accessor :val, :next
  def initialize(val = 0, _next = nil)
    @val = val
    @next = _next
  end
end

class TreeNode
  attr_accessor :val, :left, :right
  def initialize(val = 0, left = nil, right = nil)
    @val = val
    @left = left
    @right = right
  end
end

require 'strscan'

# Input: all of stdin, one JSON value per parameter, read by type name and
# dimensions; output: the result printed canonically on one line. Malformed
# input exits 2 with a message on stderr.
class PbRuntime
  WS = /[ \t\n\r]*/
  NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/
  RANGE = { 'int' => (-2**31..2**31 - 1), 'int64' => (-2**63..2**63 - 1) }.freeze
  ESCAPES = { '"' => '"', '\\' => '\\', '/' => '/', 'b' => "\b", 'f' => "\f", 'n' => "\n", 'r' => "\r",
              't' => "\t" }.freeze
  OUT_ESCAPES = { '"' => '\\"', '\\' => '\\\\', "\n" => '\\n', "\r" => '\\r', "\t" => '\\t' }.freeze

  def initialize
    $stdin.binmode
    @s = StringScanner.new($stdin.read || '')
    @n = 0
    @what = ''
  end

  def fail(msg)
    $stderr.write("pairbox harness: input value #{@n} (#{@what}): #{msg}\n")
    exit(2)
  end

  def peek
    @s.skip(WS)
    @s.eos? ? nil : @s.peek(1)
  end

  def integer(base)
    peek
    tok = @s.scan(NUMBER) or fail('expected a number')
    fail("expected an integer, found #{tok}") if @s[1] || @s[2]
    fail('a number does not start with 0') if @s.check(/[0-9]/)
    v = Integer(tok, 10)
    fail("#{tok} is out of range") unless RANGE[base].cover?(v)
    v
  end

  def real
    peek
    tok = @s.scan(NUMBER) or fail('expected a number')
    v = Float(tok)
    fail("#{tok} is out of range") if v.infinite?
    v
  end

  WORDS = { 'true' => /true/, 'false' => /false/, 'null' => /null/ }.freeze

  def word(w)
    peek
    !@s.scan(WORDS[w]).nil?
  end

  def bool
    return true if word('true')
    return false if word('false')

    fail('expected true or false')
  end

  def hex4
    h = @s.scan(/[0-9a-fA-F]{4}/) or fail('\u needs four hex digits')
    h.to_i(16)
  end

  def string
    fail('expected a string') unless peek == '"'
    @s.getch
    buf = String.new(encoding: Encoding::BINARY)
    loop do
      if (run = @s.scan(/[^"\\\x00-\x1f]+/n))
        buf << run
      end
      fail('unterminated string') if @s.eos?
      c = @s.get_byte
      break if c == '"'
      fail('control character in a string (escape it)') unless c == '\\'
      e = @s.get_byte
      if ESCAPES.key?(e)
        buf << ESCAPES[e]
        next
      end
      fail('unknown escape in a string') unless e == 'u'
      cp = hex4
      fail('lone low surrogate') if cp.between?(0xdc00, 0xdfff)
      if cp.between?(0xd800, 0xdbff)
        fail('lone high surrogate') unless @s.scan(/\\u/)
        lo = hex4
        fail('lone high surrogate') unless lo.between?(0xdc00, 0xdfff)
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00)
      end
      fail('\u0000 is not allowed in a string') if cp.zero?
      buf << [cp].pack('U').b
    end
    s = buf.force_encoding(Encoding::UTF_8)
    fail('a string is not UTF-8') unless s.valid_encoding?
    s
  end

  # The elements of a JSON array, each read by the block.
  def seq
    items = []
    fail('expected an array') unless peek == '['
    @s.getch
    if peek == ']'
      @s.getch
      return items
    end
    loop do
      items << yield
      c = peek
      @s.getch
      return items if c == ']'
      fail("expected ',' or ']' in an array") unless c == ','
    end
  end

  # Level order, LeetCode's way: the values after the root are the
  # children, left then right, of each non-null node in turn.
  def tree
    v = seq { word('null') ? nil : integer('int') }
    return nil if v.empty?
    fail("a tree's root is not null (the empty tree is [])") if v[0].nil?

    root = TreeNode.new(v[0])
    q = [root]
    head = 0
    i = 1
    while i < v.length
      fail("tree value #{i + 1} has no parent") if head == q.length
      t = q[head]
      head += 1
      q << (t.left = TreeNode.new(v[i])) unless v[i].nil?
      i += 1
      q << (t.right = TreeNode.new(v[i])) if i < v.length && !v[i].nil?
      i += 1
    end
    root
  end

  def value(base, dims)
    return seq { value(base, dims - 1) } if dims.positive?

    case base
    when 'int', 'int64' then integer(base)
    when 'float64' then real
    when 'bool' then bool
    when 'string' then string
    when 'list'
      seq { integer('int') }.reverse.inject(nil) { |head, x| ListNode.new(x, head) }
    else tree
    end
  end

  def read(base, dims)
    @n += 1
    @what = { 'list' => 'ListNode', 'tree' => 'TreeNode' }.fetch(base, base) + '[]' * dims
    fail('missing') if peek.nil?
    value(base, dims)
  end

  def end_input
    return if peek.nil?

    $stderr.write("pairbox harness: extra input after the last parameter (value #{@n})\n")
    exit(2)
  end

  # ---- canonical printing ----

  def string_text(s)
    return 'null' if s.nil?

    '"' + s.to_s.b.gsub(/[\x00-\x1f"\\]/n) { |c| OUT_ESCAPES[c] || format('\\u%04x', c.ord) } + '"'
  end

  # Level order with null for each missing child of a node, trailing nulls
  # left out.
  def tree_text(root)
    q = root.nil? ? [] : [root]
    head = 0
    while head < q.length
      t = q[head]
      head += 1
      q << t.left << t.right unless t.nil?
    end
    q.pop while !q.empty? && q[-1].nil?
    '[' + q.map { |t| t.nil? ? 'null' : t.val.to_i.to_s }.join(',') + ']'
  end

  def put(out, v, base, dims)
    if dims.positive?
      return out << 'null' if v.nil?

      out << '['
      v.each_with_index do |x, i|
        out << ',' if i.positive?
        put(out, x, base, dims - 1)
      end
      return out << ']'
    end
    case base
    when 'int', 'int64' then out << (v.is_a?(Integer) ? v.to_s : v.inspect)
    when 'float64'
      s = format('%.6f', v)
      out << (s == '-0.000000' ? '0.000000' : s)
    when 'bool' then out << (v ? 'true' : 'false')
    when 'string' then out << string_text(v)
    when 'list'
      vals = []
      until v.nil?
        vals << v.val.to_i.to_s
        v = v.next
      end
      out << '[' << vals.join(',') << ']'
    else out << tree_text(v)
    end
  end

  def write(v, base, dims)
    out = String.new(encoding: Encoding::BINARY)
    put(out, v, base, dims)
    out << "\n"
    $stdout.binmode
    $stdout.write(out)
    $stdout.flush
  end
end
