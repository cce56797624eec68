fun main() {
    val n = readLine()!!.trim().toLong()
    println(2 * n)
}
