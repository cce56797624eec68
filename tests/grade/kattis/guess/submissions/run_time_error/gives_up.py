# One guess, then exits 3 while the interactor still waits: the program
# ended first, so its crash is the verdict (not the interactor's "no guess").
print(500, flush=True)
input()
raise SystemExit(3)
