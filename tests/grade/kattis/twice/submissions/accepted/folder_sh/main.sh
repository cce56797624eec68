# Sources its neighbour by the path it was started with.
. "${0%/*}/lib.sh"
read -r n
twice "$n"
