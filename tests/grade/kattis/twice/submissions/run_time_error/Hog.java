import java.util.ArrayList;
import java.util.List;

// Keeps every block it allocates: past the 256 MB limit the heap runs out
// (OutOfMemoryError, a run-time error) long before the time limit.
public class Hog {
    public static void main(String[] args) {
        List<long[]> kept = new ArrayList<>();
        while (true)
            kept.add(new long[1 << 17]);
    }
}
