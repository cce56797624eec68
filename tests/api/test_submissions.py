#!/usr/bin/env python3
"""test_submissions.py - Judge0's /submissions endpoints (api/routes_submissions.c,
api/subm*.c) on a real `pairbox serve`: create (JSON and form bodies, wait,
base64_encoded, fields), show, list, delete, batch create and show; every
attribute's effect and its 422 messages; base64 round trips with bytes that
are not UTF-8; Judge0's error bodies; auth on and off; malformed and
oversized bodies; the queue limit and maintenance mode; 100 concurrent
clients; arguments that try to inject shell text.

usage: test_submissions.py PAIRBOX [--case NAME ...]
"""
import base64
import io
import json
import os
import re
import sys
import threading
import time
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Failure, Server, check, need, run_cases  # noqa: E402

PYTHON3 = 71
C = 50
UUID4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
DEFAULT_KEYS = ["stdout", "time", "memory", "stderr", "token", "compile_output", "message", "status"]
ALL_KEYS = ["source_code", "language_id", "stdin", "expected_output", "stdout", "status_id", "created_at",
            "finished_at", "time", "memory", "stderr", "token", "number_of_runs", "cpu_time_limit",
            "cpu_extra_time", "wall_time_limit", "memory_limit", "stack_limit", "max_processes_and_or_threads",
            "enable_per_process_and_thread_time_limit", "enable_per_process_and_thread_memory_limit",
            "max_file_size", "compile_output", "exit_code", "exit_signal", "message", "wall_time",
            "compiler_options", "command_line_arguments", "redirect_stderr_to_stdout", "callback_url",
            "additional_files", "enable_network", "status", "language"]
UTF8_ERROR = ("some attributes for this submission cannot be converted to UTF-8, "
              "use base64_encoded=true query parameter")
UTF8_ERROR_MANY = ("some attributes for one or more submissions cannot be converted to UTF-8, "
                   "use base64_encoded=true query parameter")
ADMIN = {"X-Auth-User": "admin"}




def b64(data):
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


def unb64(text):
    return base64.b64decode(text) if text is not None else None


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def submit(s, body, query="wait=true", want=201, headers=None):
    return need(s.request("POST", "/submissions?" + query, body, headers=headers), want, f"POST {body!r}"[:300])


def py(s, source, query="wait=true", **attrs):
    """A Python 3 submission; the answer."""
    return submit(s, dict(source_code=source, language_id=PYTHON3, **attrs), query)


def poll(s, token, query="", timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        res = need(s.request("GET", f"/submissions/{token}?{query}"), 200, "GET /submissions/:token")
        if res["status"]["id"] not in (1, 2):
            return res
        time.sleep(0.05)
    raise Failure(f"{token} not final after {timeout} s")


def expect_422(s, attrs, errors, query=""):
    body = dict({"source_code": "print(1)", "language_id": PYTHON3}, **attrs)
    got = need(s.request("POST", "/submissions?" + query, body), 422, f"POST {attrs!r}")
    check(got == errors, f"{attrs!r}: 422 body {got!r}, wanted {errors!r}")


# --------------------------------------------------------------------------- shared server

def case_create_show(s):
    """POST without wait: just the token; GET: Judge0's default keys and types."""
    res = py(s, "print(input())", query="", stdin="hello")
    check(list(res) == ["token"] and UUID4.match(res["token"]), f"create answers {{token}} (a UUID v4): {res!r}")
    got = poll(s, res["token"])
    check(list(got) == DEFAULT_KEYS, f"default keys in Judge0's order: {list(got)}")
    check(got["stdout"] == "hello\n" and got["stderr"] is None and got["compile_output"] is None, repr(got))
    check(got["status"] == {"id": 3, "description": "Accepted"}, repr(got))
    check(isinstance(got["time"], str) and float(got["time"]) >= 0 and is_int(got["memory"]), repr(got))
    check(got["token"] == res["token"] and got["message"] is None, repr(got))
    # The status while it waits or runs is Judge0's too.
    res = py(s, "import time; time.sleep(1)", query="")
    first = need(s.request("GET", f"/submissions/{res['token']}"), 200, "GET at once")
    check(first["status"] in ({"id": 1, "description": "In Queue"}, {"id": 2, "description": "Processing"}),
          f"not yet final: {first!r}")
    check(first["stdout"] is None and first["time"] is None and first["memory"] is None, repr(first))
    poll(s, res["token"])
    code, body, headers = s.request("GET", "/submissions/00000000-0000-4000-8000-000000000000")
    check(code == 404 and body == {"error": "submission not found"}, f"unknown token: {code} {body!r}")
    check(headers.get("content-type", "").startswith("application/json"), repr(headers))
    check(s.request("GET", "/submissions/" + "x" * 300)[0] == 404, "a long token is unknown too")


def case_wait(s):
    res = py(s, "print('hi')")
    check(list(res) == DEFAULT_KEYS and res["stdout"] == "hi\n" and res["status"]["id"] == 3, repr(res))
    res = py(s, "print('hi')", query="wait=true&fields=stdout,status_id")
    check(res == {"stdout": "hi\n", "status_id": 3}, f"fields with wait: {res!r}")
    # wait=false (or anything but "true") is Judge0's no-wait.
    res = py(s, "print('hi')", query="wait=1")
    check(list(res) == ["token"], repr(res))


def case_fields(s):
    res = py(s, "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)",
             query="wait=true&fields=*", stdin="in")
    check(list(res) == ALL_KEYS, f"fields=* gives Judge0's attributes in its order: {list(res)}")
    check(res["status"] == {"id": 11, "description": "Runtime Error (NZEC)"} and res["status_id"] == 11, repr(res))
    check(res["exit_code"] == 3 and res["exit_signal"] is None, repr(res))
    check(res["stdout"] == "out\n" and res["stderr"] == "err\n" and res["stdin"] == "in", repr(res))
    check(res["language_id"] == PYTHON3 and res["language"]["id"] == PYTHON3
          and isinstance(res["language"]["name"], str), repr(res["language"]))
    check(ISO.match(res["created_at"]) and ISO.match(res["finished_at"]), f"datetimes: {res!r}")
    check(res["finished_at"] >= res["created_at"], "finished after created")
    for k in ("time", "wall_time"):
        check(isinstance(res[k], str) and re.match(r"^\d+\.\d+$", res[k]), f"{k} is a decimal string: {res[k]!r}")
    check((res["cpu_time_limit"], res["cpu_extra_time"], res["wall_time_limit"]) == ("5.0", "1.0", "10.0"),
          "limits as Judge0's decimal strings: " + repr(res))
    check((res["memory_limit"], res["stack_limit"], res["max_processes_and_or_threads"], res["max_file_size"],
           res["number_of_runs"]) == (128000, 64000, 60, 1024, 1), repr(res))
    for k in ("enable_per_process_and_thread_time_limit", "enable_per_process_and_thread_memory_limit",
              "redirect_stderr_to_stdout", "enable_network"):
        check(res[k] is False, f"{k}: {res[k]!r}")
    for k in ("expected_output", "compile_output", "compiler_options", "command_line_arguments", "callback_url",
              "additional_files"):
        check(res[k] is None, f"{k}: {res[k]!r}")
    token = res["token"]
    got = need(s.request("GET", f"/submissions/{token}?fields=token,status,limit"), 200, "fields with limit")
    check(list(got) == ["token", "status", "limit"] and got["limit"] is None, repr(got))
    got = need(s.request("GET", f"/submissions/{token}?fields=%20token%20,,stdout"), 200, "spaces and empties")
    check(list(got) == ["stdout", "token"], repr(got))
    code, body, _ = s.request("GET", f"/submissions/{token}?fields=token,nope,worse")
    check(code == 400 and body == {"error": "invalid fields: [nope, worse]"}, f"{code} {body!r}")
    code, body, _ = s.request("GET", "/submissions/00000000-0000-4000-8000-000000000000?fields=nope")
    check(code == 400, "fields are checked before the submission is looked up")
    code, body, _ = s.request("POST", "/submissions?fields=nope", {"source_code": "print(1)",
                                                                    "language_id": PYTHON3})
    check(code == 400 and body == {"error": "invalid fields: [nope]"}, f"create: {code} {body!r}")


def case_ranges(s):
    """Every attribute's Judge0 range and message (HTTP 422)."""
    cases = [
        ({"number_of_runs": 0}, {"number_of_runs": ["must be greater than 0"]}),
        ({"number_of_runs": 21}, {"number_of_runs": ["must be less than or equal to 20"]}),
        ({"cpu_time_limit": -1}, {"cpu_time_limit": ["must be greater than or equal to 0"]}),
        ({"cpu_time_limit": 15.5}, {"cpu_time_limit": ["must be less than or equal to 15.0"]}),
        ({"cpu_extra_time": -0.1}, {"cpu_extra_time": ["must be greater than or equal to 0"]}),
        ({"cpu_extra_time": 6}, {"cpu_extra_time": ["must be less than or equal to 5.0"]}),
        ({"wall_time_limit": 0.5}, {"wall_time_limit": ["must be greater than or equal to 1"]}),
        ({"wall_time_limit": 21}, {"wall_time_limit": ["must be less than or equal to 20.0"]}),
        ({"memory_limit": 2000}, {"memory_limit": ["must be greater than or equal to 2048"]}),
        ({"memory_limit": 512001}, {"memory_limit": ["must be less than or equal to 512000"]}),
        ({"stack_limit": -1}, {"stack_limit": ["must be greater than or equal to 0"]}),
        ({"stack_limit": 128001}, {"stack_limit": ["must be less than or equal to 128000"]}),
        ({"max_processes_and_or_threads": 0}, {"max_processes_and_or_threads": ["must be greater than 0"]}),
        ({"max_processes_and_or_threads": 121},
         {"max_processes_and_or_threads": ["must be less than or equal to 120"]}),
        ({"max_file_size": -1}, {"max_file_size": ["must be greater than or equal to 0"]}),
        ({"max_file_size": 4097}, {"max_file_size": ["must be less than or equal to 4096"]}),
        ({"compiler_options": "x" * 513, "language_id": C},
         {"compiler_options": ["is too long (maximum is 512 characters)"]}),
        ({"command_line_arguments": "x" * 513}, {"command_line_arguments": ["is too long (maximum is 512 characters)"]}),
        ({"compiler_options": "-O2"}, {"compiler_options": ["setting compiler options is only allowed for compiled "
                                                            "languages"]}),
        ({"command_line_arguments": "'open"}, {"command_line_arguments": ["has an unbalanced quote"]}),
        ({"language_id": 150000}, {"language_id": ["language with id 150000 doesn't exist"]}),
        ({"language_id": None}, {"language_id": ["can't be blank"]}),
        ({"source_code": None}, {"source_code": ["can't be blank"]}),
        ({"source_code": "   "}, {"source_code": ["can't be blank"]}),
        ({"language_id": 89}, {"source_code": ["must be blank"], "additional_files": ["can't be blank"]}),
        # Wrong JSON types name the field.
        ({"memory_limit": "lots"}, {"memory_limit": ["is not a number"]}),
        ({"cpu_time_limit": [1]}, {"cpu_time_limit": ["is not a number"]}),
        ({"language_id": {"id": 71}}, {"language_id": ["is not a number"]}),
        ({"source_code": ["print(1)"]}, {"source_code": ["must be a string"]}),
        ({"stdin": {"a": 1}}, {"stdin": ["must be a string"]}),
        ({"redirect_stderr_to_stdout": "perhaps"}, {"redirect_stderr_to_stdout": ["is not a boolean"]}),
        ({"enable_network": 7}, {"enable_network": ["is not a boolean"]}),
        ({"additional_files": "***"}, {"additional_files": ["is not valid base64"]}),
        ({"callback_url": "file:///etc/passwd"}, {"callback_url": ["must be an http:// or https:// URL"]}),
    ]
    for attrs, errors in cases:
        expect_422(s, attrs, errors)
    # Several at once, in Judge0's order of validation.
    got = need(s.request("POST", "/submissions", {"wall_time_limit": 100, "number_of_runs": -1}), 422, "several")
    check(got == {"source_code": ["can't be blank"], "language_id": ["can't be blank"],
                  "number_of_runs": ["must be greater than 0"],
                  "wall_time_limit": ["must be less than or equal to 20.0"]}, repr(got))
    # Edges that are fine; numbers as strings (forms send them so).
    for attrs in ({"cpu_time_limit": 0}, {"cpu_time_limit": "15"}, {"memory_limit": 2048}, {"number_of_runs": "20"},
                  {"stack_limit": 0}, {"max_file_size": 0}, {"wall_time_limit": 1}, {"cpu_extra_time": 0},
                  {"enable_per_process_and_thread_time_limit": True},
                  {"enable_per_process_and_thread_memory_limit": "true"}, {"stdin": 42}):
        need(s.request("POST", "/submissions", dict({"source_code": "print(1)", "language_id": PYTHON3}, **attrs)),
             201, f"valid {attrs!r}")


def case_attributes(s):
    """Each attribute does what Judge0's does."""
    res = py(s, "print(input())", stdin="x", expected_output="x\n")
    check(res["status"]["id"] == 3, f"matching expected_output: {res!r}")
    res = py(s, "print(input())", stdin="x", expected_output="y")
    check(res["status"] == {"id": 4, "description": "Wrong Answer"}, f"wrong answer: {res!r}")
    res = py(s, "print(input())", stdin="x")
    check(res["status"]["id"] == 3, "no expected_output: nothing to compare")
    res = py(s, "while True: pass", query="wait=true&fields=status,time,limit", cpu_time_limit=0.5,
             cpu_extra_time=0.2)
    check(res["status"]["id"] == 5 and res["limit"] == "time", f"cpu_time_limit: {res!r}")
    check(float(res["time"]) >= 0.5, repr(res))
    res = py(s, "import time; time.sleep(5)", query="wait=true&fields=status,limit", wall_time_limit=1)
    check(res["status"]["id"] == 5 and res["limit"] == "wall", f"wall_time_limit: {res!r}")
    res = py(s, "b = bytearray(200 * 1024 * 1024); print(len(b))", query="wait=true&fields=status,limit,stdout",
             memory_limit=60000)
    check(res["status"]["id"] not in (3, 13) and res["limit"] == "memory" and res["stdout"] is None,
          f"memory_limit: {res!r}")
    res = py(s, "print('x' * 4000)", query="wait=true&fields=status", max_file_size=2)
    check(res["status"] == {"id": 8, "description": "Runtime Error (SIGXFSZ)"}, f"max_file_size: {res!r}")
    # A file: RLIMIT_FSIZE (Python ignores SIGXFSZ, so the write stops short).
    src = ("import os\nfd = os.open('f', os.O_WRONLY | os.O_CREAT)\ntry:\n    os.write(fd, b'x' * 4000)\n"
           "except OSError:\n    pass\nprint(os.stat('f').st_size)")
    res = py(s, src, max_file_size=2)
    check(res["stdout"] == "2048\n", f"max_file_size on a file: {res!r}")
    res = py(s, "import sys; print('a'); sys.stdout.flush(); print('b', file=sys.stderr)",
             redirect_stderr_to_stdout=True)
    check(res["stdout"] == "a\nb\n" and res["stderr"] is None, f"redirect_stderr_to_stdout: {res!r}")
    res = py(s, "import sys; print('a'); print('b', file=sys.stderr)", redirect_stderr_to_stdout=False)
    check(res["stdout"] == "a\n" and res["stderr"] == "b\n", repr(res))
    res = py(s, "print(1)", query="wait=true&fields=status,number_of_runs", number_of_runs=3)
    check(res == {"number_of_runs": 3, "status": {"id": 3, "description": "Accepted"}}, f"number_of_runs: {res!r}")
    src = ("import subprocess\ntry:\n    ps = [subprocess.Popen(['/bin/sleep', '1']) for _ in range(30)]\n"
           "    print('all')\nexcept OSError:\n    print('limited')\n")
    res = py(s, src, max_processes_and_or_threads=5)
    check(res["stdout"] == "limited\n", f"max_processes_and_or_threads: {res!r}")
    res = py(s, "import resource; print(resource.getrlimit(resource.RLIMIT_STACK)[0] // 1024)", stack_limit=8000)
    check(res["stdout"] == "8000\n", f"stack_limit: {res!r}")
    # additional_files: a zip unpacked beside the program.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("data.txt", "from the zip\n")
        z.writestr("helper.py", "VALUE = 42\n")
    res = py(s, "import helper; print(open('data.txt').read(), end=''); print(helper.VALUE)",
             additional_files=b64(buf.getvalue()))
    check(res["stdout"] == "from the zip\n42\n", f"additional_files: {res!r}")
    got = need(s.request("GET", f"/submissions/{res['token']}?fields=additional_files"), 200, "additional_files back")
    check(unb64(got["additional_files"]) == buf.getvalue() and got["additional_files"].endswith("\n"),
          "additional_files comes back as Ruby's base64")
    # enable_network: the host's network, or the box's loopback alone.
    port = s.port
    src = (f"import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), 2).close(); print('up')\n"
           "except OSError:\n    print('down')\n")
    check(py(s, src)["stdout"] == "down\n", "no network by default")
    check(py(s, src, enable_network=True)["stdout"] == "up\n", "enable_network: true reaches the host")


def case_compiled(s):
    langs = need(s.request("GET", "/languages"), 200, "GET /languages")
    if not any(l["id"] == C for l in langs):
        print("  (C is not installed: skipped)")
        return
    src = '#include <stdio.h>\nint main(int c, char **v) { printf("%d %s\\n", VALUE, c > 1 ? v[1] : "-"); }\n'
    res = submit(s, {"source_code": src, "language_id": C, "compiler_options": "-DVALUE=42 -O2",
                     "command_line_arguments": "arg"})
    check(res["stdout"] == "42 arg\n" and res["status"]["id"] == 3, f"compiler_options: {res!r}")
    res = submit(s, {"source_code": "int main(void) { return x; }", "language_id": C})
    check(res["status"] == {"id": 6, "description": "Compilation Error"} and res["compile_output"]
          and res["time"] is None and res["stdout"] is None, f"compile error: {res!r}")
    # Options are argv entries: a shell would run the touch.
    res = submit(s, {"source_code": src, "language_id": C,
                     "compiler_options": "-DVALUE=1 ; touch /tmp/pairbox-injected $(touch /tmp/pairbox-injected)"})
    check(res["status"]["id"] == 6 and not os.path.exists("/tmp/pairbox-injected"),
          f"compiler_options are never shell text: {res!r}")


def case_no_injection(s):
    """SUBM-ARGV: command_line_arguments are words, never shell text; newlines separate words, other control
    characters stay inside them."""
    src = "import json, sys; print(json.dumps(sys.argv[1:]))"
    args = "a 'b c' \"d e\" $(id) `id` ;ls |cat >/tmp/x &&rm\nnext\tword \x01ctl\x07 $HOME ~ *"
    res = py(s, src, command_line_arguments=args)
    got = json.loads(res["stdout"])
    check(got == ["a", "b c", "d e", "$(id)", "`id`", ";ls", "|cat", ">/tmp/x", "&&rm", "next", "word",
                  "\x01ctl\x07", "$HOME", "~", "*"], f"argv: {got!r}")
    expect_422(s, {"command_line_arguments": "a\u0000b"},
               {"command_line_arguments": ["must not contain a NUL character"]})


def case_base64(s):
    # In: every byte field base64 (NUL and 0xff included); out: Ruby's encode64.
    src = ("import sys\ndata = sys.stdin.buffer.read()\nsys.stdout.buffer.write(data[::-1])\n"
           "sys.stdout.buffer.write(b'\\xff\\xfe')")
    stdin = b"a\x00b\xffc"
    res = submit(s, {"source_code": b64(src), "language_id": PYTHON3, "stdin": b64(stdin),
                     "expected_output": b64("x")}, query="wait=true&base64_encoded=true&fields=*")
    check(unb64(res["stdout"]) == stdin[::-1] + b"\xff\xfe", f"stdout bytes: {res['stdout']!r}")
    check(res["stdout"].endswith("\n") and unb64(res["source_code"]).decode() == src, repr(res))
    check(unb64(res["stdin"]) == stdin and unb64(res["expected_output"]) == b"x", repr(res))
    check(res["status"]["id"] == 4, "compared with the decoded expected_output")
    token = res["token"]
    # Without base64 the output cannot be JSON text: Judge0's 400.
    code, body, _ = s.request("GET", f"/submissions/{token}")
    check(code == 400 and body == {"error": UTF8_ERROR}, f"{code} {body!r}")
    # Unless the field is not asked for.
    got = need(s.request("GET", f"/submissions/{token}?fields=status,time"), 200, "fields without stdout")
    check(got["status"]["id"] == 4, repr(got))
    # wait=true: created anyway, the error comes with the token.
    res = submit(s, {"source_code": "import sys; sys.stdout.buffer.write(b'\\xfe')", "language_id": PYTHON3})
    check(set(res) == {"error", "token"} and res["error"] == UTF8_ERROR and UUID4.match(res["token"]), repr(res))
    got = need(s.request("GET", f"/submissions/{res['token']}?base64_encoded=true"), 200, "the same in base64")
    check(unb64(got["stdout"]) == b"\xfe", repr(got))
    # Valid UTF-8 is text (Judge0 itself fails here; pairbox does not).
    res = py(s, "print('héllo ✓ 日本')")
    check(res["stdout"] == "héllo ✓ 日本\n", repr(res))
    # MIME lines: 60 characters each, a newline after each and at the end.
    res = py(s, b64("print('z' * 99, end='')"), query="wait=true&base64_encoded=true")
    lines = res["stdout"].split("\n")
    check(res["stdout"].endswith("\n") and [len(l) for l in lines] == [60, 60, 12, 0],
          f"MIME lines: {res['stdout']!r}")
    check(unb64(res["stdout"]) == b"z" * 99, "round trip")
    # message is base64 too; base64 in takes MIME lines.
    res = submit(s, {"source_code": b64("import sys\nsys.exit(2)\n").rstrip("="), "language_id": PYTHON3},
                 query="wait=true&base64_encoded=true&fields=status,message,exit_code")
    check(res["exit_code"] == 2 and res["status"]["id"] == 11, repr(res))
    if res["message"] is not None:
        unb64(res["message"])
    wrapped = base64.encodebytes(b"print('wrapped')\n" * 4).decode()
    res = submit(s, {"source_code": wrapped, "language_id": PYTHON3}, query="wait=true&base64_encoded=true")
    check(unb64(res["stdout"]) == b"wrapped\n" * 4, repr(res))
    expect_422(s, {"source_code": "print(1)"}, {"source_code": ["is not valid base64"]}, query="base64_encoded=true")
    # base64_encoded may come in the body as Rails' params merge it (a form, or a JSON string).
    res = submit(s, {"source_code": b64("print(5)"), "language_id": PYTHON3, "base64_encoded": "true"})
    check(unb64(res["stdout"]) == b"5\n", f"base64_encoded in the body: {res!r}")


def case_form(s):
    code, res, _ = s.request("POST", "/submissions?wait=true",
                             "source_code=print(int(input())%2B1)&language_id=71&stdin=41&cpu_time_limit=2",
                             content_type="application/x-www-form-urlencoded")
    check(code == 201 and res["stdout"] == "42\n", f"form: {code} {res!r}")
    code, res, _ = s.request("POST", "/submissions",
                             "source_code=" + b64("print(7)").replace("=", "%3D") + "&language_id=71&wait=true"
                             "&base64_encoded=true", content_type="application/x-www-form-urlencoded")
    check(code == 201 and unb64(res["stdout"]) == b"7\n", f"form with its own wait and base64: {code} {res!r}")
    code, res, _ = s.request("POST", "/submissions", "language_id=71&memory_limit=1",
                             content_type="application/x-www-form-urlencoded")
    check(code == 422 and res == {"source_code": ["can't be blank"],
                                  "memory_limit": ["must be greater than or equal to 2048"]}, f"{code} {res!r}")
    # Attributes in the query string, as Rails merges them.
    res = submit(s, {"source_code": "print(3)"}, query="wait=true&language_id=71")
    check(res["stdout"] == "3\n", repr(res))


def case_batch(s):
    items = [{"source_code": "print(1)", "language_id": PYTHON3},
             {"source_code": "print(2)", "language_id": 150000},
             {"source_code": b64("print(3)"), "language_id": PYTHON3},
             "not an object"]
    code, res, _ = s.request("POST", "/submissions/batch", {"submissions": items[:2] + [items[0], items[3]]})
    check(code == 201 and len(res) == 4, f"batch: {code} {res!r}")
    check(list(res[0]) == ["token"] and list(res[2]) == ["token"], repr(res))
    check(res[1] == {"language_id": ["language with id 150000 doesn't exist"]}, repr(res))
    check(res[3] == {"submission": ["must be a JSON object"]}, repr(res))
    tokens = [res[0]["token"], res[2]["token"]]
    code, res, _ = s.request("POST", "/submissions/batch?base64_encoded=true", {"submissions": [items[2]]})
    check(code == 201, f"{code} {res!r}")
    tokens.append(res[0]["token"])
    for t in tokens:
        poll(s, t)
    got = need(s.request("GET", "/submissions/batch?tokens=" + ",".join(tokens + ["unknown"])
                         + "&fields=stdout,token"), 200, "batch show")
    check(list(got) == ["submissions"] and len(got["submissions"]) == 4, repr(got))
    check([x["stdout"] if x else None for x in got["submissions"]] == ["1\n", "1\n", "3\n", None], repr(got))
    got = need(s.request("GET", "/submissions/batch?base64_encoded=true&tokens=" + tokens[2],
                         headers={}), 200, "batch show base64")
    check(unb64(got["submissions"][0]["stdout"]) == b"3\n", repr(got))
    got = need(s.request("GET", "/submissions/batch", headers={"tokens": tokens[0]}), 200, "tokens header")
    check(got["submissions"][0]["token"] == tokens[0], repr(got))
    # All invalid: 422 with the errors.
    code, res, _ = s.request("POST", "/submissions/batch", {"submissions": [{"language_id": PYTHON3}]})
    check(code == 422 and res == [{"source_code": ["can't be blank"]}], f"{code} {res!r}")
    # Limits.
    many = {"submissions": [items[0]] * 21}
    code, res, _ = s.request("POST", "/submissions/batch", many)
    check(code == 400 and res == {"error": "number of submissions in a batch should be less than or equal to 20"},
          f"{code} {res!r}")
    for body in ({"submissions": []}, {}, None):
        code, res, _ = s.request("POST", "/submissions/batch", body)
        check(code == 400 and res == {"error": "there should be at least one submission in a batch"},
              f"{body!r}: {code} {res!r}")
    code, res, _ = s.request("POST", "/submissions/batch", {"submissions": {"a": 1}})
    check(code == 400 and "array" in res["error"], f"{code} {res!r}")
    code, res, _ = s.request("GET", "/submissions/batch?tokens=" + ",".join(["x"] * 21))
    check(code == 400 and res == {"error": "number of submissions in a batch should be less than or equal to 20"},
          f"{code} {res!r}")
    for q in ("", "?tokens=", "?tokens=%20"):
        code, res, _ = s.request("GET", "/submissions/batch" + q)
        check(code == 400 and res == {"error": "there should be at least one submission in a batch"},
              f"{q}: {code} {res!r}")
    code, res, _ = s.request("GET", "/submissions/batch?fields=bad&tokens=" + tokens[0])
    check(code == 400 and res == {"error": "invalid fields: [bad]"}, f"{code} {res!r}")
    # Output that is not UTF-8 anywhere in the batch: Judge0's "one or more" 400.
    bad = py(s, "import sys; sys.stdout.buffer.write(b'\\xff')", query="wait=true&fields=token")["token"]
    code, res, _ = s.request("GET", f"/submissions/batch?tokens={tokens[0]},{bad}")
    check(code == 400 and res == {"error": UTF8_ERROR_MANY}, f"{code} {res!r}")


def case_list(s):
    code, _, _ = s.request("GET", "/submissions")
    check(code == 403, f"GET /submissions needs X-Auth-User: {code}")
    for _ in range(3):
        py(s, "print(1)")
    res = need(s.request("GET", "/submissions?per_page=2&fields=token,created_at", headers=ADMIN), 200, "list")
    check(set(res) == {"submissions", "meta"} and len(res["submissions"]) == 2, repr(res))
    meta = res["meta"]
    total = meta["total_count"]
    check(set(meta) == {"current_page", "next_page", "prev_page", "total_pages", "total_count"}, repr(meta))
    check(meta["current_page"] == 1 and meta["prev_page"] is None and meta["next_page"] == 2, repr(meta))
    check(meta["total_pages"] == (total + 1) // 2 and total >= 3, repr(meta))
    first = res["submissions"]
    check(first[0]["created_at"] >= first[1]["created_at"], "newest first")
    last = meta["total_pages"]
    res = need(s.request("GET", f"/submissions?per_page=2&page={last}", headers=ADMIN), 200, "last page")
    check(res["meta"]["next_page"] is None and res["meta"]["prev_page"] == last - 1, repr(res["meta"]))
    res = need(s.request("GET", f"/submissions?page={last + 5}&per_page=2", headers=ADMIN), 200, "past the end")
    check(res["submissions"] == [] and res["meta"]["next_page"] is None, repr(res))
    res = need(s.request("GET", "/submissions?base64_encoded=true", headers=ADMIN), 200, "default page")
    check(len(res["submissions"]) == min(20, total) and list(res["submissions"][0]) == DEFAULT_KEYS,
          repr(res)[:300])
    # Output that is not UTF-8 on the page (other cases made some): Judge0's 400.
    py(s, "import sys; sys.stdout.buffer.write(b'\\x80')", query="wait=true&fields=token")
    code, body, _ = s.request("GET", "/submissions?per_page=5", headers=ADMIN)
    check(code == 400 and body == {"error": UTF8_ERROR_MANY}, f"{code} {body!r}")
    for q, err in (("page=0", "invalid page: 0"), ("page=-3", "invalid page: -3"), ("page=abc", "invalid page: 0"),
                   ("per_page=-1", "invalid per_page: -1"), ("per_page=0", "invalid per_page: 0")):
        code, body, _ = s.request("GET", "/submissions?" + q, headers=ADMIN)
        check(code == 400 and body == {"error": err}, f"{q}: {code} {body!r}")
    code, body, _ = s.request("GET", "/submissions?fields=zzz", headers=ADMIN)
    check(code == 400 and body == {"error": "invalid fields: [zzz]"}, f"{code} {body!r}")


def case_delete(s):
    token = py(s, "print('bye')")["token"]
    code, _, _ = s.request("DELETE", f"/submissions/{token}")
    check(code == 403, f"DELETE needs X-Auth-User: {code}")
    res = need(s.request("DELETE", f"/submissions/{token}?fields=stdout,token", headers=ADMIN), 200, "DELETE")
    check(res == {"stdout": b64("bye\n") + "\n", "token": token}, f"deleted, answered in base64: {res!r}")
    check(s.request("GET", f"/submissions/{token}")[0] == 404, "gone")
    code, body, _ = s.request("DELETE", f"/submissions/{token}", headers=ADMIN)
    check(code == 404, f"twice: {code} {body!r}")
    token = py(s, "import time; time.sleep(2)", query="")["token"]
    code, body, _ = s.request("DELETE", f"/submissions/{token}", headers=ADMIN)
    check(code == 400 and body["error"] in (
        "submission cannot be deleted because its status is 1 (In Queue)",
        "submission cannot be deleted because its status is 2 (Processing)"), f"not final: {code} {body!r}")
    poll(s, token)


def case_malformed(s):
    for raw, what in ((b"{bad json", "malformed JSON"), (b"[1, 2]", "must be an object"), (b"\xff\xfe\x00", "malformed"),
                      (b"[" * 100000, "malformed"), (b'{"source_code": "\xff"}', "malformed"), (b"null", "malformed"),
                      (b'"text"', "malformed")):
        code, body, _ = s.request("POST", "/submissions", raw, content_type="application/json")
        check(code == 400 and isinstance(body, dict) and what in body.get("error", ""), f"{raw[:20]!r}: {code} {body!r}")
    code, body, _ = s.request("POST", "/submissions", b"", content_type="application/json")
    check(code == 422 and body == {"source_code": ["can't be blank"], "language_id": ["can't be blank"]},
          f"empty body: {code} {body!r}")
    code, body, _ = s.request("POST", "/submissions/batch", b"{nope", content_type="application/json")
    check(code == 400, f"batch: {code} {body!r}")
    code, body, _ = s.request("POST", "/submissions/batch", "submissions=1",
                              content_type="application/x-www-form-urlencoded")
    check(code == 400, f"batch form: {code} {body!r}")
    check(s.request("PUT", "/submissions/abc")[0] == 405, "PUT is not a submissions method")
    check(py(s, "print('still here')")["stdout"] == "still here\n", "the server keeps serving")


# --------------------------------------------------------------------------- servers of their own

def own_switches(pairbox):
    """Every Judge0 switch off: each attribute's 'not allowed' message, wait, batches, delete."""
    env = {"ENABLE_COMPILER_OPTIONS": "false", "ENABLE_COMMAND_LINE_ARGUMENTS": "false",
           "ENABLE_CALLBACKS": "false", "ENABLE_ADDITIONAL_FILES": "false", "ALLOW_ENABLE_NETWORK": "false",
           "ALLOW_ENABLE_PER_PROCESS_AND_THREAD_TIME_LIMIT": "false",
           "ALLOW_ENABLE_PER_PROCESS_AND_THREAD_MEMORY_LIMIT": "false", "ENABLE_WAIT_RESULT": "false",
           "ENABLE_BATCHED_SUBMISSIONS": "false", "AUTHZ_TOKEN": "admin", "MAX_CPU_TIME_LIMIT": "2.5",
           "CPU_TIME_LIMIT": "1"}
    with Server(pairbox, env=env, workers=1) as s:
        expect_422(s, {"compiler_options": "-O2", "language_id": C},
                   {"compiler_options": ["setting compiler options is not allowed"]})
        expect_422(s, {"command_line_arguments": "a"},
                   {"command_line_arguments": ["setting command line arguments is not allowed"]})
        expect_422(s, {"callback_url": "http://example.com/"}, {"callback_url": ["setting callback is not allowed"]})
        expect_422(s, {"additional_files": b64("zip")},
                   {"additional_files": ["setting additional files is not allowed"]})
        expect_422(s, {"enable_network": True}, {"enable_network": ["enabling network is not allowed"]})
        expect_422(s, {"enable_per_process_and_thread_time_limit": True,
                       "enable_per_process_and_thread_memory_limit": True},
                   {"enable_per_process_and_thread_time_limit": ["this option cannot be enabled"],
                    "enable_per_process_and_thread_memory_limit": ["this option cannot be enabled"]})
        expect_422(s, {"cpu_time_limit": 3}, {"cpu_time_limit": ["must be less than or equal to 2.5"]})
        # Blank values are no values.
        need(s.request("POST", "/submissions", {"source_code": "print(1)", "language_id": PYTHON3,
                                                "compiler_options": "", "command_line_arguments": " ",
                                                "enable_network": False}), 201, "blank switches")
        code, body, _ = s.request("POST", "/submissions?wait=true", {"source_code": "print(1)",
                                                                     "language_id": PYTHON3})
        check(code == 400 and body == {"error": "wait not allowed"}, f"{code} {body!r}")
        res = need(s.request("POST", "/submissions", {"source_code": "print(1)", "language_id": PYTHON3}), 201, "")
        got = poll(s, res["token"], "fields=cpu_time_limit,status")
        check(got["cpu_time_limit"] == "1.0", f"CPU_TIME_LIMIT is the default: {got!r}")
        for method, path in (("POST", "/submissions/batch"), ("GET", "/submissions/batch?tokens=a")):
            code, body, _ = s.request(method, path, {"submissions": [{}]} if method == "POST" else None)
            check(code == 400 and body == {"error": "batched submissions are not allowed"}, f"{path}: {code} {body!r}")
        code, body, _ = s.request("DELETE", f"/submissions/{res['token']}", headers=ADMIN)
        check(code == 400 and body == {"error": "delete not allowed"}, f"{code} {body!r}")


def own_auth(pairbox):
    env = {"AUTHN_TOKEN": "secret", "AUTHZ_TOKEN": "admin", "ENABLE_SUBMISSION_DELETE": "true"}
    with Server(pairbox, env=env, workers=1) as s:
        body = {"source_code": "print(1)", "language_id": PYTHON3}
        user = {"X-Auth-Token": "secret"}
        both = dict(user, **ADMIN)
        check(s.request("POST", "/submissions", body)[0] == 401, "no token: 401")
        check(s.request("POST", "/submissions", body, headers={"X-Auth-Token": "wrong"})[0] == 401, "wrong: 401")
        res = need(s.request("POST", "/submissions?wait=true", body, headers=user), 201, "with the token")
        token = res["token"]
        check(s.request("GET", f"/submissions/{token}")[0] == 401, "GET needs it too")
        need(s.request("GET", f"/submissions/{token}", headers=user), 200, "GET with it")
        check(s.request("GET", f"/submissions/batch?tokens={token}")[0] == 401, "batch needs it")
        check(s.request("POST", "/submissions/batch", {"submissions": [body]})[0] == 401, "batch needs it")
        check(s.request("GET", "/submissions", headers=user)[0] == 403, "list needs X-Auth-User")
        check(s.request("GET", "/submissions", headers=ADMIN)[0] == 401, "and X-Auth-Token")
        need(s.request("GET", "/submissions", headers=both), 200, "list with both")
        check(s.request("DELETE", f"/submissions/{token}", headers=user)[0] == 403, "delete needs X-Auth-User")
        need(s.request("DELETE", f"/submissions/{token}", headers=both), 200, "delete with both")
    # Authorization off (no AUTHZ_TOKEN): Judge0 closes the privileged calls.
    with Server(pairbox, workers=1) as s:
        check(s.request("GET", "/submissions")[0] == 403, "no AUTHZ_TOKEN: list closed")
        check(s.request("GET", "/submissions", headers=ADMIN)[0] == 403, "whatever the header")


def own_limits(pairbox):
    """The body cap (413), the queue (503), maintenance (503)."""
    with Server(pairbox, env={"MAX_BODY_SIZE": "64", "MAX_QUEUE_SIZE": "1"}, workers=1) as s:
        code, body, _ = s.request("POST", "/submissions", {"source_code": "#" * 100000, "language_id": PYTHON3})
        check(code == 413, f"oversized body: {code} {body!r}")
        code, body, _ = s.request("POST", "/submissions", b'{"source_code": "' + b"x" * 200000,
                                  content_type="application/json")
        check(code == 413, f"oversized body: {code}")
        need(s.request("POST", "/submissions?wait=true", {"source_code": "print(1)", "language_id": PYTHON3}),
             201, "still serving")
        slow = {"source_code": "import time; time.sleep(3)", "language_id": PYTHON3}
        first = need(s.request("POST", "/submissions", slow), 201, "runs")["token"]
        deadline = time.time() + 10
        while need(s.request("GET", f"/submissions/{first}"), 200, "")["status"]["id"] == 1 and time.time() < deadline:
            time.sleep(0.05)
        second = need(s.request("POST", "/submissions", slow), 201, "waits in the queue")["token"]
        code, body, _ = s.request("POST", "/submissions", slow)
        check(code == 503 and body == {"error": "queue is full"}, f"queue full: {code} {body!r}")
        code, body, _ = s.request("POST", "/submissions/batch", {"submissions": [slow]})
        check(code == 503 and body == {"error": "queue is full"}, f"batch, queue full: {code} {body!r}")
        # The queue check comes before the request's own checks, as Judge0's.
        code, body, _ = s.request("POST", "/submissions", {})
        check(code == 503, f"queue first: {code} {body!r}")
        poll(s, second, timeout=30)
    with Server(pairbox, env={"MAINTENANCE_MODE": "true", "AUTHZ_TOKEN": "admin",
                              "ENABLE_SUBMISSION_DELETE": "true"}, workers=1) as s:
        msg = {"error": "Judge0 is currently in maintenance."}
        code, body, _ = s.request("POST", "/submissions", {"source_code": "print(1)", "language_id": PYTHON3})
        check(code == 503 and body == msg, f"maintenance: {code} {body!r}")
        code, body, _ = s.request("POST", "/submissions/batch", {"submissions": [{}]})
        check(code == 503 and body == msg, f"maintenance batch: {code} {body!r}")
        code, body, _ = s.request("DELETE", "/submissions/abc", headers=ADMIN)
        check(code == 503 and body == msg, f"maintenance delete: {code} {body!r}")
        check(s.request("GET", "/submissions/abc")[0] == 404, "reads go on")


def own_concurrent(pairbox):
    """100 clients at once, each with its own input, each gets its own answer."""
    with Server(pairbox, env={"MAX_QUEUE_SIZE": "1000"}, workers=2) as s:
        results, errors = {}, []

        def client(i):
            try:
                code, res, _ = s.request("POST", "/submissions?wait=true",
                                         {"source_code": "n = int(input()); print(n * n)", "language_id": PYTHON3,
                                          "stdin": str(i)}, timeout=300)
                results[i] = (code, res)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(f"{i}: {e}")

        threads = [threading.Thread(target=client, args=(i,)) for i in range(100)]
        t0 = time.time()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        check(not errors, f"client errors: {errors[:5]}")
        bad = {i: r for i, r in results.items() if r[0] != 201 or r[1].get("stdout") != f"{i * i}\n"
               or r[1]["status"]["id"] != 3}
        check(len(results) == 100 and not bad, f"wrong answers: {list(bad.items())[:3]}")
        tokens = {r[1]["token"] for r in results.values()}
        check(len(tokens) == 100, "100 distinct tokens")
        print(f"  100 clients in {time.time() - t0:.1f} s")


def own_extract(pairbox):
    """MAX_EXTRACT_SIZE bounds the unzipped additional files: one file too
    big, or many that are too big together, is a compilation error."""
    def zipped(files):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, size in files:
                z.writestr(name, b"\0" * size)
        return b64(buf.getvalue())
    with Server(pairbox, env={"MAX_EXTRACT_SIZE": "100"}, workers=1) as s:
        ok = py(s, "import os; print(os.path.getsize('a.bin'))", additional_files=zipped([("a.bin", 50000)]))
        check(ok["status"]["id"] == 3 and ok["stdout"] == "50000\n", f"within the bound: {ok}")
        big = py(s, "print(1)", additional_files=zipped([("a.bin", 300000)]))
        check(big["status"]["id"] == 6 and "MAX_EXTRACT_SIZE" in (big["message"] or ""), f"one file too big: {big}")
        many = py(s, "print(1)", additional_files=zipped([(f"f{i}.bin", 60000) for i in range(5)]))
        check(many["status"]["id"] == 6 and "MAX_EXTRACT_SIZE" in (many["message"] or ""), f"too big together: {many}")


def main():
    # The network is off limits by default (unlike Judge0); the shared
    # server allows it so enable_network itself is tested.
    env = {"AUTHZ_TOKEN": "admin", "ENABLE_SUBMISSION_DELETE": "true", "ALLOW_ENABLE_NETWORK": "true"}
    run_cases(globals(), env)


if __name__ == "__main__":
    main()
