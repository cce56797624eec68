# copyout.sh - hostile results for `--copy-out` (SANDBOX-FILES): the runner
# copies /box/NAME to the host after the run, so leave something there that a
# careless copy would follow, block on or blow up on.
# Usage: copyout.sh regular | symlink TARGET | symlink_dir TARGET | fifo | sparse
case "$1" in
regular) echo hello > /box/result.txt ;;
symlink) ln -s "$2" /box/result.txt ;;
symlink_dir) ln -s "$2" /box/sub ;;
fifo) mkfifo /box/result.txt ;;
sparse) truncate -s 50G /box/result.txt ;;
*) echo "copyout.sh: unknown $1" >&2; exit 2 ;;
esac
echo "left $1"
