import java.util.Scanner;

public class Triple {
    public static void main(String[] args) {
        System.out.println(3 * new Scanner(System.in).nextLong());
    }
}
