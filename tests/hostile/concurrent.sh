# concurrent.sh - one of 20 simultaneous boxes (hostile.concurrent20,
# SANDBOX-ISOLATION): leave a unique marker in /box and /tmp, wait for the
# others to do the same, then print what this box can see, and when it ran
# (wall clock, which the box shares with the host): under load a late box
# may rightly reuse the id of one that has already finished.
# Usage: concurrent.sh MARKER
marker=$1
echo "start: $(date +%s.%N)"
echo "$marker" > "/box/marker-$marker"
echo "$marker" > "/tmp/marker-$marker"
sleep 0.5
echo "self=$$"
echo "box:" /box/*
echo "tmp:" /tmp/*
echo "proc:" $(cd /proc && ls -d [0-9]*)
echo "end: $(date +%s.%N)"
