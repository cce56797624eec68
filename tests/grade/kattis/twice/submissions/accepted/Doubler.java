import java.util.Scanner;

public class Doubler {
    public static void main(String[] args) {
        long n = new Scanner(System.in).nextLong();
        System.out.println(2 * n);
    }
}
