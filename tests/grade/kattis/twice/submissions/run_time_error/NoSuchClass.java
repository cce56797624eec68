// The class is not named after the file: the run finds no NoSuchClass.
class Elsewhere {
    public static void main(String[] args) {
        System.out.println(0);
    }
}
