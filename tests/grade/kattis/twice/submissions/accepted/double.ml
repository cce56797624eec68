(* Str is linked as Kattis links it. *)
let () =
  let line = String.trim (input_line stdin) in
  let n = Int64.of_string (List.hd (Str.split (Str.regexp " +") line)) in
  print_endline (Int64.to_string (Int64.mul 2L n))
