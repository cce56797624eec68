# Filed as time_limit_exceeded, but it prints a wrong answer at once: verification must fail.
print(-1)
