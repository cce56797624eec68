# concurrent.sh - one of 20 simultaneous boxes (hostile.concurrent20,
# SANDBOX-ISOLATION): leave a unique marker in /box and /tmp, wait for the
# others to do the same, then print what this box can see.
# Usage: concurrent.sh MARKER
marker=$1
echo "$marker" > "/box/marker-$marker"
echo "$marker" > "/tmp/marker-$marker"
sleep 0.5
echo "self=$$"
echo "box:" /box/*
echo "tmp:" /tmp/*
echo "proc:" $(cd /proc && ls -d [0-9]*)
