# Never finishes: must run out of CPU time on the first test.
while True:
    pass
