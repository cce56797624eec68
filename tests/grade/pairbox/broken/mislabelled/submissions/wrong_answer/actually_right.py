# Filed as wrong_answer, but it is correct: verification must fail.
print(int(input()) * 2)
