// Turn clockwise (turns mod 4) times; a negative count turns the other way.
func rotatePhoto(photo [][]int, turns int) [][]int {
	for t := ((turns % 4) + 4) % 4; t > 0; t-- {
		rows := len(photo)
		cols := 0
		if rows > 0 {
			cols = len(photo[0])
		}
		turned := make([][]int, cols)
		for c := 0; c < cols; c++ {
			turned[c] = make([]int, rows)
			for r := 0; r < rows; r++ {
				turned[c][r] = photo[rows-1-r][c]
			}
		}
		photo = turned
	}
	return photo
}
