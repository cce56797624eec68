import java.util.Scanner;

// Not named after its file: the run finds the class with main(String[]),
// as DOMjudge does.
class Main {
    public static void main(String[] args) {
        System.out.println(2 * new Scanner(System.in).nextLong());
    }
}
