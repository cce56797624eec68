# Guesses without reading the replies, forever. The interactor gives up
# after 10 guesses (wrong answer) and hangs up; this program then fails
# writing to the closed pipe. The interactor ended first: wrong answer.
g = 0
while True:
    g += 1
    print(g, flush=True)
