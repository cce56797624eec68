package main

import "math"

func treeSum(t *TreeNode) int64 {
	if t == nil {
		return 0
	}
	return int64(t.Val) + treeSum(t.Left) + treeSum(t.Right)
}

func pairbox(w string) int64 {
	if w == "pairbox" {
		return 1
	}
	return 0
}

func digest(count int, big int64, ratio float64, flag bool, word string, nums []int, longs []int64, reals []float64, bits []bool, words []string, grid [][]int, longGrid [][]int64, realGrid [][]float64, bitGrid [][]bool, wordGrid [][]string, head *ListNode, root *TreeNode) []int64 {
	r := make([]int64, 17)
	r[0], r[1], r[2], r[4] = int64(count), big, int64(math.Floor(ratio)), pairbox(word)
	if flag {
		r[3] = 1
	}
	for _, x := range nums {
		r[5] += int64(x)
	}
	for _, x := range longs {
		r[6] += x
	}
	s := 0.0
	for _, x := range reals {
		s += x
	}
	r[7] = int64(math.Floor(s))
	for _, b := range bits {
		if b {
			r[8]++
		}
	}
	for _, w := range words {
		r[9] += pairbox(w)
	}
	for _, row := range grid {
		for _, x := range row {
			r[10] += int64(x)
		}
	}
	for _, row := range longGrid {
		for _, x := range row {
			r[11] += x
		}
	}
	s = 0
	for _, row := range realGrid {
		for _, x := range row {
			s += x
		}
	}
	r[12] = int64(math.Floor(s))
	for _, row := range bitGrid {
		for _, b := range row {
			if b {
				r[13]++
			}
		}
	}
	for _, row := range wordGrid {
		for _, w := range row {
			r[14] += pairbox(w)
		}
	}
	for p := head; p != nil; p = p.Next {
		r[15] += int64(p.Val)
	}
	r[16] = treeSum(root)
	return r
}
