// No class has a main(String[]) method: nothing could be run.
public class NoMain {
    int main() {
        return 0;
    }
}
