// runtime.go - the Go harness of function-style problems (docs/problems.md): the prelude, the user's code at the marker, then the runtime; harness_gen.c adds main.
package main

import (
	pbfmt "fmt"
	pbio "io"
	pbmath "math"
	pbos "os"
	pbreflect "reflect"
	pbstrconv "strconv"
	pbutf8 "unicode/utf8"
)

// pairbox:user-code

type ListNode struct {
	Val  int
	Next *ListNode
}

type TreeNode struct {
	Val   int
	Left  *TreeNode
	Right *TreeNode
}

// Input: all of stdin, one JSON value per parameter, read by type name and
// dimensions into Go's types (int, int64, float64, bool, string, slices,
// *ListNode, *TreeNode); output: the result printed canonically on one
// line. Malformed input exits 2 with a message on stderr.
type pbRuntime struct {
	in     []byte
	pos, n int
	what   string
	out    []byte
}

func pbNewRuntime() *pbRuntime {
	in, err := pbio.ReadAll(pbos.Stdin)
	if err != nil {
		pbfmt.Fprintf(pbos.Stderr, "pairbox harness: reading the input: %v\n", err)
		pbos.Exit(2)
	}
	return &pbRuntime{in: in}
}

func (p *pbRuntime) fail(format string, a ...interface{}) {
	pbfmt.Fprintf(pbos.Stderr, "pairbox harness: input value %d (%s): %s\n", p.n, p.what, pbfmt.Sprintf(format, a...))
	pbos.Exit(2)
}

func (p *pbRuntime) peek() int {
	for p.pos < len(p.in) && (p.in[p.pos] == ' ' || p.in[p.pos] == '\t' || p.in[p.pos] == '\n' || p.in[p.pos] == '\r') {
		p.pos++
	}
	if p.pos < len(p.in) {
		return int(p.in[p.pos])
	}
	return -1
}

func (p *pbRuntime) digit(i int) bool {
	return i < len(p.in) && p.in[i] >= '0' && p.in[i] <= '9'
}

// A JSON number's text, and whether it has neither fraction nor exponent.
func (p *pbRuntime) number() (string, bool) {
	p.peek()
	i, integer := p.pos, true
	if i < len(p.in) && p.in[i] == '-' {
		i++
	}
	if !p.digit(i) {
		p.fail("expected a number")
	}
	if p.in[i] == '0' && p.digit(i+1) {
		p.fail("a number does not start with 0")
	}
	for p.digit(i) {
		i++
	}
	if i < len(p.in) && p.in[i] == '.' {
		integer = false
		if i++; !p.digit(i) {
			p.fail("digits expected after '.'")
		}
		for p.digit(i) {
			i++
		}
	}
	if i < len(p.in) && (p.in[i] == 'e' || p.in[i] == 'E') {
		integer = false
		if i++; i < len(p.in) && (p.in[i] == '+' || p.in[i] == '-') {
			i++
		}
		if !p.digit(i) {
			p.fail("digits expected in the exponent")
		}
		for p.digit(i) {
			i++
		}
	}
	tok := string(p.in[p.pos:i])
	p.pos = i
	return tok, integer
}

func (p *pbRuntime) integer(bits int) int64 {
	tok, integer := p.number()
	if !integer {
		p.fail("expected an integer, found %s", tok)
	}
	v, err := pbstrconv.ParseInt(tok, 10, bits)
	if err != nil {
		p.fail("%s is out of range", tok)
	}
	return v
}

func (p *pbRuntime) int32() int   { return int(p.integer(32)) }
func (p *pbRuntime) int64() int64 { return p.integer(64) }

func (p *pbRuntime) float64() float64 {
	tok, _ := p.number()
	v, err := pbstrconv.ParseFloat(tok, 64)
	if err != nil || pbmath.IsInf(v, 0) {
		p.fail("%s is out of range", tok)
	}
	return v
}

func (p *pbRuntime) word(w string) bool {
	if p.peek() < 0 || len(p.in)-p.pos < len(w) || string(p.in[p.pos:p.pos+len(w)]) != w {
		return false
	}
	p.pos += len(w)
	return true
}

func (p *pbRuntime) bool() bool {
	if p.word("true") {
		return true
	}
	if !p.word("false") {
		p.fail("expected true or false")
	}
	return false
}

func (p *pbRuntime) hex4() rune {
	if len(p.in)-p.pos < 4 {
		p.fail("\\u needs four hex digits")
	}
	v, err := pbstrconv.ParseUint(string(p.in[p.pos:p.pos+4]), 16, 32)
	if err != nil {
		p.fail("\\u needs four hex digits")
	}
	p.pos += 4
	return rune(v)
}

func (p *pbRuntime) string() string {
	if p.peek() != '"' {
		p.fail("expected a string")
	}
	p.pos++
	var s []byte
	for {
		if p.pos >= len(p.in) {
			p.fail("unterminated string")
		}
		c := p.in[p.pos]
		p.pos++
		if c == '"' {
			break
		}
		if c < 0x20 {
			p.fail("control character in a string (escape it)")
		}
		if c != '\\' {
			s = append(s, c)
			continue
		}
		e := byte(0)
		if p.pos < len(p.in) {
			e = p.in[p.pos]
			p.pos++
		}
		switch e {
		case '"', '\\', '/':
			s = append(s, e)
		case 'b':
			s = append(s, '\b')
		case 'f':
			s = append(s, '\f')
		case 'n':
			s = append(s, '\n')
		case 'r':
			s = append(s, '\r')
		case 't':
			s = append(s, '\t')
		case 'u':
			cp := p.hex4()
			if cp >= 0xdc00 && cp <= 0xdfff {
				p.fail("lone low surrogate")
			}
			if cp >= 0xd800 && cp <= 0xdbff {
				if len(p.in)-p.pos < 2 || p.in[p.pos] != '\\' || p.in[p.pos+1] != 'u' {
					p.fail("lone high surrogate")
				}
				p.pos += 2
				lo := p.hex4()
				if lo < 0xdc00 || lo > 0xdfff {
					p.fail("lone high surrogate")
				}
				cp = 0x10000 + (cp-0xd800)<<10 + (lo - 0xdc00)
			}
			if cp == 0 {
				p.fail("\\u0000 is not allowed in a string")
			}
			s = pbutf8.AppendRune(s, cp)
		default:
			p.fail("unknown escape in a string")
		}
	}
	return string(s)
}

// The elements of a JSON array, each read by elem; never nil.
func pbSeq[T any](p *pbRuntime, elem func() T) []T {
	items := []T{}
	if p.peek() != '[' {
		p.fail("expected an array")
	}
	p.pos++
	if p.peek() == ']' {
		p.pos++
		return items
	}
	for {
		items = append(items, elem())
		c := p.peek()
		p.pos++
		if c == ']' {
			return items
		}
		if c != ',' {
			p.fail("expected ',' or ']' in an array")
		}
	}
}

func pbRows[T any](p *pbRuntime, elem func() T) [][]T {
	return pbSeq(p, func() []T { return pbSeq(p, elem) })
}

// Level order, LeetCode's way: the values after the root are the children,
// left then right, of each non-null node in turn.
func (p *pbRuntime) tree() *TreeNode {
	v := pbSeq(p, func() *int {
		if p.word("null") {
			return nil
		}
		x := p.int32()
		return &x
	})
	if len(v) == 0 {
		return nil
	}
	if v[0] == nil {
		p.fail("a tree's root is not null (the empty tree is [])")
	}
	root := &TreeNode{Val: *v[0]}
	q := []*TreeNode{root}
	for i := 1; i < len(v); {
		if len(q) == 0 {
			p.fail("tree value %d has no parent", i+1)
		}
		t := q[0]
		q = q[1:]
		if v[i] != nil {
			t.Left = &TreeNode{Val: *v[i]}
			q = append(q, t.Left)
		}
		if i++; i < len(v) && v[i] != nil {
			t.Right = &TreeNode{Val: *v[i]}
			q = append(q, t.Right)
		}
		i++
	}
	return root
}

func (p *pbRuntime) value(base string, dims int) interface{} {
	switch {
	case dims == 1 && base == "int":
		return pbSeq(p, p.int32)
	case dims == 1 && base == "int64":
		return pbSeq(p, p.int64)
	case dims == 1 && base == "float64":
		return pbSeq(p, p.float64)
	case dims == 1 && base == "bool":
		return pbSeq(p, p.bool)
	case dims == 1:
		return pbSeq(p, p.string)
	case dims == 2 && base == "int":
		return pbRows(p, p.int32)
	case dims == 2 && base == "int64":
		return pbRows(p, p.int64)
	case dims == 2 && base == "float64":
		return pbRows(p, p.float64)
	case dims == 2 && base == "bool":
		return pbRows(p, p.bool)
	case dims == 2:
		return pbRows(p, p.string)
	}
	switch base {
	case "int":
		return p.int32()
	case "int64":
		return p.int64()
	case "float64":
		return p.float64()
	case "bool":
		return p.bool()
	case "string":
		return p.string()
	case "list":
		v := pbSeq(p, p.int32)
		var head *ListNode
		for i := len(v) - 1; i >= 0; i-- {
			head = &ListNode{Val: v[i], Next: head}
		}
		return head
	}
	return p.tree()
}

func (p *pbRuntime) read(base string, dims int) interface{} {
	p.n++
	p.what = base
	if base == "list" {
		p.what = "ListNode"
	} else if base == "tree" {
		p.what = "TreeNode"
	}
	for d := 0; d < dims; d++ {
		p.what += "[]"
	}
	if p.peek() < 0 {
		p.fail("missing")
	}
	return p.value(base, dims)
}

func (p *pbRuntime) end() {
	if p.peek() >= 0 {
		pbfmt.Fprintf(pbos.Stderr, "pairbox harness: extra input after the last parameter (value %d)\n", p.n)
		pbos.Exit(2)
	}
}

// ---- canonical printing ----

func (p *pbRuntime) putString(s string) {
	p.out = append(p.out, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			p.out = append(p.out, '\\', c)
		case c == '\n':
			p.out = append(p.out, '\\', 'n')
		case c == '\r':
			p.out = append(p.out, '\\', 'r')
		case c == '\t':
			p.out = append(p.out, '\\', 't')
		case c < 0x20:
			p.out = append(p.out, pbfmt.Sprintf("\\u%04x", c)...)
		default:
			p.out = append(p.out, c)
		}
	}
	p.out = append(p.out, '"')
}

// Level order with null for each missing child of a node, trailing nulls
// left out.
func (p *pbRuntime) putTree(root *TreeNode) {
	q := []*TreeNode{}
	if root != nil {
		q = append(q, root)
	}
	for head := 0; head < len(q); head++ {
		if q[head] != nil {
			q = append(q, q[head].Left, q[head].Right)
		}
	}
	for len(q) > 0 && q[len(q)-1] == nil {
		q = q[:len(q)-1]
	}
	p.out = append(p.out, '[')
	for i, t := range q {
		if i > 0 {
			p.out = append(p.out, ',')
		}
		if t == nil {
			p.out = append(p.out, "null"...)
		} else {
			p.out = pbstrconv.AppendInt(p.out, int64(t.Val), 10)
		}
	}
	p.out = append(p.out, ']')
}

func (p *pbRuntime) put(v interface{}, base string, dims int) {
	if dims > 0 {
		rv := pbreflect.ValueOf(v)
		if rv.IsNil() {
			p.out = append(p.out, "[]"...)
			return
		}
		p.out = append(p.out, '[')
		for i := 0; i < rv.Len(); i++ {
			if i > 0 {
				p.out = append(p.out, ',')
			}
			p.put(rv.Index(i).Interface(), base, dims-1)
		}
		p.out = append(p.out, ']')
		return
	}
	switch base {
	case "int":
		p.out = pbstrconv.AppendInt(p.out, int64(v.(int)), 10)
	case "int64":
		p.out = pbstrconv.AppendInt(p.out, v.(int64), 10)
	case "float64":
		s := pbstrconv.FormatFloat(v.(float64), 'f', 6, 64)
		if s == "-0.000000" {
			s = "0.000000"
		}
		p.out = append(p.out, s...)
	case "bool":
		if v.(bool) {
			p.out = append(p.out, "true"...)
		} else {
			p.out = append(p.out, "false"...)
		}
	case "string":
		p.putString(v.(string))
	case "list":
		p.out = append(p.out, '[')
		for l := v.(*ListNode); l != nil; l = l.Next {
			if l != v.(*ListNode) {
				p.out = append(p.out, ',')
			}
			p.out = pbstrconv.AppendInt(p.out, int64(l.Val), 10)
		}
		p.out = append(p.out, ']')
	default:
		p.putTree(v.(*TreeNode))
	}
}

func (p *pbRuntime) write(v interface{}, base string, dims int) {
	p.put(v, base, dims)
	p.out = append(p.out, '\n')
}

func (p *pbRuntime) finish() {
	if _, err := pbos.Stdout.Write(p.out); err != nil {
		pbos.Exit(1)
	}
}
