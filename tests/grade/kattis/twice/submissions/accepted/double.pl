% SWI-Prolog, as Kattis runs .pl: main/0 is the entry point.
main :-
    read_line_to_string(user_input, Line),
    number_string(N, Line),
    M is 2 * N,
    format("~d~n", [M]).
