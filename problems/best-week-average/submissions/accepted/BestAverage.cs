// A sliding window of k readings; its sum in long, divided once at the end.
public class Solution {
    public double BestAverage(int[] readings, int k) {
        long window = 0;
        for (int i = 0; i < k; i++)
            window += readings[i];
        long best = window;
        for (int i = k; i < readings.Length; i++) {
            window += readings[i] - readings[i - k];
            if (window > best)
                best = window;
        }
        return (double)best / k;
    }
}
