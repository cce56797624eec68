import java.util.Scanner;

// Accepted only when the JVM's heap follows the problem's memory limit
// (256 MB): a heap larger than the box lets a program allocate past it.
public class HeapAtLimit {
    public static void main(String[] args) {
        long n = new Scanner(System.in).nextLong();
        long max = Runtime.getRuntime().maxMemory();
        System.out.println(max <= 256L * 1024 * 1024 ? String.valueOf(2 * n) : "heap " + max);
    }
}
