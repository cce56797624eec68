#!/usr/bin/env python3
"""test_compat.py - replay what real Judge0 clients send, and check every key
and JSON type they need of the answers.

Three clients, each against a real `pairbox serve`:

  sdk   the official Python SDK, judge0/judge0-python (src/judge0/clients.py,
        submission.py, base_types.py, data.py, common.py): a Client's start
        (GET /languages, GET /config_info), GET /about for the version its
        language table is keyed on, GET /statuses, GET /languages/:id, one
        submission (POST ?base64_encoded=true&wait=false, then GET
        ?base64_encoded=true&fields=* until done) and a batch (POST
        /submissions/batch, GET /submissions/batch?tokens=...), with its
        headers (X-Judge0-App, X-Judge0-App-Version, the user's X-Auth-Token)
        on a server that requires authentication.
  ide   the Judge0 IDE, judge0/ide (js/ide.js): the language list, the
        language's source_file, the CORS preflight a browser sends, a
        submission with base64_encoded=true (wait=false, then polling by
        token until status.id > 2; and with wait=true), and reloading a
        saved submission with its `fields` list.
  form  form-encoded posts as `curl -d` / `--data-urlencode` send them:
        plain and base64 source, numbers and booleans as strings.

Each table below says which client file it comes from; a key or a type the
client needs going missing fails the test.

usage: test_compat.py PAIRBOX [--case sdk|ide|form]...
"""
import base64
import binascii
import io
import json
import os
import re
import sys
import time
import urllib.parse
import zipfile
from datetime import datetime

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Failure, Server, run_cases  # noqa: E402

PYTHON3 = 71

# ---------------------------------------------------------------------------
# judge0-python, src/judge0/base_types.py, class Config(BaseModel): every
# field is required (no default), so a missing key raises ValidationError in
# Client.__init__ (clients.py: self.config = self.get_config_info()) and the
# SDK refuses the server ("Authentication failed ..."). Types as pydantic v2
# declares them; the JSON types accepted here are the ones Judge0 itself
# sends (Ruby true/false, Integer, Float, Array of String).
BOOL, INT, FLOAT, STR_LIST = "bool", "int", "float", "list[str]"
SDK_CONFIG = {
    "allow_enable_network": BOOL,
    "allow_enable_per_process_and_thread_memory_limit": BOOL,
    "allow_enable_per_process_and_thread_time_limit": BOOL,
    "allowed_languages_for_compile_options": STR_LIST,
    "callbacks_max_tries": INT,
    "callbacks_timeout": FLOAT,
    "cpu_extra_time": FLOAT,
    "cpu_time_limit": FLOAT,
    "enable_additional_files": BOOL,
    "enable_batched_submissions": BOOL,
    "enable_callbacks": BOOL,
    "enable_command_line_arguments": BOOL,
    "enable_compiler_options": BOOL,
    "enable_network": BOOL,
    "enable_per_process_and_thread_memory_limit": BOOL,
    "enable_per_process_and_thread_time_limit": BOOL,
    "enable_submission_delete": BOOL,
    "enable_wait_result": BOOL,
    "maintenance_mode": BOOL,
    "max_cpu_extra_time": FLOAT,
    "max_cpu_time_limit": FLOAT,
    "max_extract_size": INT,
    "max_file_size": INT,
    "max_max_file_size": INT,
    "max_max_processes_and_or_threads": INT,
    "max_memory_limit": INT,
    "max_number_of_runs": INT,
    "max_processes_and_or_threads": INT,
    "max_queue_size": INT,
    "max_stack_limit": INT,
    "max_submission_batch_size": INT,
    "max_wall_time_limit": FLOAT,
    "memory_limit": INT,
    "number_of_runs": INT,
    "redirect_stderr_to_stdout": BOOL,
    "stack_limit": INT,
    "submission_cache_duration": FLOAT,
    "use_docs_as_homepage": BOOL,
    "wall_time_limit": FLOAT,
}

# judge0-python, src/judge0/base_types.py, class Language(BaseModel): id and
# name required; the rest Optional (GET /languages sends only id and name,
# GET /languages/:id all six). True means required.
SDK_LANGUAGE = {"id": (INT, True), "name": ("str", True), "is_archived": (BOOL, False),
                "source_file": ("str", False), "compile_cmd": ("str", False), "run_cmd": ("str", False)}

# judge0-python, src/judge0/data.py, LANGUAGE_TO_LANGUAGE_ID: Client.version
# is GET /about's "version" and indexes this table (a KeyError for any other
# version). The 1.13.1 entries for languages pairbox ships; the SDK's
# judge0.C, CPP, PYTHON, JAVA ... resolve to these ids, which must then be in
# GET /languages (Client.is_language_supported) when the toolchain is here.
SDK_VERSIONS = {"1.13.1", "1.13.1-extra", "1.14.0", "1.14.0-extra"}
SDK_1_13_1_IDS = {
    "ASSEMBLY": 45, "BASH": 46, "C": 50, "CLOJURE": 86, "COBOL": 77, "COMMON_LISP": 55, "CPP": 52,
    "CPP_CLANG": 76, "CPP_GCC": 52, "CSHARP": 51, "C_CLANG": 75, "C_GCC": 50, "D": 56, "ELIXIR": 57,
    "ERLANG": 58, "FORTRAN": 59, "GO": 60, "GROOVY": 88, "HASKELL": 61, "JAVA": 62, "JAVASCRIPT": 63,
    "JAVA_OPENJDK": 62, "KOTLIN": 78, "LUA": 64, "MULTI_FILE": 89, "OCAML": 65, "PASCAL": 67, "PERL": 85,
    "PHP": 68, "PLAIN_TEXT": 43, "PROLOG": 69, "PYTHON": 71, "PYTHON3": 71, "R": 80, "RUBY": 72,
    "RUST": 73, "SCALA": 81, "SQLITE": 82, "TYPESCRIPT": 74,
}

# judge0-python, src/judge0/base_types.py, class Status(IntEnum): 1..14.
# Submission.set_attributes does Status(value["id"]) on every "status" it is
# given, so status must be an object whose id is one of these.
SDK_STATUS_IDS = set(range(1, 15))

# judge0-python, src/judge0/submission.py: what set_attributes() does with
# each key of a GET /submissions/:token?fields=* answer, and the attribute
# sets it names. Every key of FIELDS must come back for fields=*.
SDK_ENCODED_FIELDS = {"source_code", "additional_files", "stdin", "expected_output",   # ENCODED_REQUEST_FIELDS
                      "stdout", "stderr", "compile_output"}                            # ENCODED_RESPONSE_FIELDS
SDK_EXTRA_REQUEST_FIELDS = {"compiler_options", "command_line_arguments", "cpu_time_limit", "cpu_extra_time",
                            "wall_time_limit", "memory_limit", "stack_limit", "max_processes_and_or_threads",
                            "enable_per_process_and_thread_time_limit",
                            "enable_per_process_and_thread_memory_limit", "max_file_size",
                            "redirect_stderr_to_stdout", "enable_network", "number_of_runs", "callback_url"}
SDK_EXTRA_RESPONSE_FIELDS = {"message", "exit_code", "exit_signal", "status", "created_at", "finished_at",
                             "token", "time", "wall_time", "memory"}
SDK_FIELDS = SDK_ENCODED_FIELDS | SDK_EXTRA_REQUEST_FIELDS | SDK_EXTRA_RESPONSE_FIELDS
SDK_DATETIME_FIELDS = {"created_at", "finished_at"}           # strptime("%Y-%m-%dT%H:%M:%S.%fZ")
SDK_FLOAT_FIELDS = {"cpu_time_limit", "cpu_extra_time", "time", "wall_time", "wall_time_limit"}  # float(value)
# The declared types of the other attributes (Submission's fields), None allowed.
SDK_TYPED_FIELDS = {"memory": (int, float), "exit_code": int, "exit_signal": int, "message": str,
                    "stack_limit": int, "max_processes_and_or_threads": int, "max_file_size": int,
                    "number_of_runs": int, "memory_limit": (int, float), "compiler_options": str,
                    "command_line_arguments": str, "callback_url": str, "token": str,
                    "enable_per_process_and_thread_time_limit": bool,
                    "enable_per_process_and_thread_memory_limit": bool,
                    "redirect_stderr_to_stdout": bool, "enable_network": bool}

# judge0/ide, js/ide.js: the keys handleResult() and loadSavedSource() read.
IDE_RESULT_KEYS = {"status", "stdout", "compile_output", "time", "memory"}     # handleResult (default fields)
IDE_SAVED_FIELDS = ["source_code", "language_id", "stdin", "stdout", "stderr", "compile_output", "message",
                    "time", "memory", "status", "compiler_options", "command_line_arguments"]  # loadSavedSource

SDK_HEADERS = {"X-Judge0-App": "Judge0 Python SDK", "X-Judge0-App-Version": "0.0.6",
               "User-Agent": "python-requests/2.32.3", "Accept": "*/*"}




def check(cond, msg):
    if not cond:
        raise Failure(msg)


def b64(s):
    return base64.b64encode(s.encode() if isinstance(s, str) else s).decode()


def sdk_decode(value):
    """judge0-python common.decode: newlines dropped, strict base64, UTF-8."""
    return base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True).decode(errors="backslashreplace")


def json_type_ok(value, t):
    if t == BOOL:
        return isinstance(value, bool)
    if t == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if t == FLOAT:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if t == STR_LIST:
        return isinstance(value, list) and all(isinstance(x, str) for x in value)
    if t == "str":
        return isinstance(value, str)
    raise ValueError(t)


def check_config(cfg, where):
    check(isinstance(cfg, dict), f"{where}: not an object: {cfg!r}")
    missing = sorted(set(SDK_CONFIG) - set(cfg))
    check(not missing, f"{where}: keys judge0-python's Config requires are missing: {missing}")
    bad = {k: cfg[k] for k, t in SDK_CONFIG.items() if not json_type_ok(cfg[k], t)}
    check(not bad, f"{where}: wrong JSON types for judge0-python's Config: "
          + ", ".join(f"{k}={v!r} (needs {SDK_CONFIG[k]})" for k, v in sorted(bad.items())))


def check_language(lang, where, full):
    check(isinstance(lang, dict), f"{where}: not an object: {lang!r}")
    for k, (t, required) in SDK_LANGUAGE.items():
        if required or full:
            check(k in lang, f"{where}: key {k!r} missing: {lang!r}")
        if k in lang and lang[k] is not None:
            check(json_type_ok(lang[k], t), f"{where}: {k}={lang[k]!r} is not {t}")
        elif k in lang:
            check(not required, f"{where}: {k} is null")


def check_sdk_submission(sub, where, all_fields):
    """What Submission.set_attributes() needs of each key it is given."""
    check(isinstance(sub, dict), f"{where}: not an object: {sub!r}")
    if all_fields:
        missing = sorted(SDK_FIELDS - set(sub))
        check(not missing, f"{where}: fields=* lacks attributes judge0-python's Submission has: {missing}")
    for k, v in sub.items():
        if k in SDK_ENCODED_FIELDS and v:
            check(isinstance(v, str), f"{where}: {k} is not a string: {v!r}")
            try:
                sdk_decode(v)
            except (binascii.Error, ValueError) as e:
                raise Failure(f"{where}: {k} is not base64 as judge0-python decodes it ({e}): {v!r}")
        elif k == "status":
            check(isinstance(v, dict) and v.get("id") in SDK_STATUS_IDS and isinstance(v.get("description"), str),
                  f"{where}: status must be {{id: 1..14, description}}: {v!r}")
        elif k in SDK_DATETIME_FIELDS and v is not None:
            try:
                datetime.strptime(v, "%Y-%m-%dT%H:%M:%S.%fZ")
            except (TypeError, ValueError):
                raise Failure(f"{where}: {k}={v!r} does not parse with judge0-python's %Y-%m-%dT%H:%M:%S.%fZ")
        elif k in SDK_FLOAT_FIELDS and v is not None:
            check(isinstance(v, (str, int, float)) and not isinstance(v, bool), f"{where}: {k}={v!r} not a number")
            try:
                float(v)
            except ValueError:
                raise Failure(f"{where}: float({k}={v!r}) fails")
        elif k == "post_execution_filesystem" and v is not None:
            try:
                zipfile.ZipFile(io.BytesIO(base64.b64decode(v)))
            except (binascii.Error, zipfile.BadZipFile) as e:
                raise Failure(f"{where}: post_execution_filesystem is not a base64 zip ({e})")
        elif k in SDK_TYPED_FIELDS and v is not None:
            t = SDK_TYPED_FIELDS[k]
            ok = isinstance(v, t) and (t is bool or not isinstance(v, bool))
            check(ok, f"{where}: {k}={v!r} is not {t}")
    if "token" in sub:
        check(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", sub["token"] or ""),
              f"{where}: token is not a UUID4 (judge0-python types it UUID4): {sub.get('token')!r}")


def need(code, body, want, what):
    check(code == want, f"{what}: HTTP {code} (wanted {want}): {body!r}")
    return body


def installed(server, headers=None):
    code, langs, _ = server.request("GET", "/languages/all", headers=headers)
    need(code, langs, 200, "GET /languages/all")
    return {l["id"]: not l["is_archived"] for l in langs}


# ---------------------------------------------------------------------------

def own_sdk(pairbox):
    token = "sdk-secret"
    h = dict(SDK_HEADERS, **{"X-Auth-Token": token})
    with Server(pairbox, env={"AUTHN_TOKEN": token}, workers=2) as s:
        # Client.__init__: GET /languages then GET /config_info; any failure
        # (401, a missing Config key) makes the SDK refuse the server.
        code, langs, _ = s.request("GET", "/languages", headers=SDK_HEADERS)
        check(code == 401, f"without X-Auth-Token GET /languages must be 401, got {code}")
        langs = need(*s.request("GET", "/languages", headers=h)[:2], 200, "GET /languages")
        check(isinstance(langs, list) and langs, f"GET /languages: not a non-empty list: {langs!r}")
        for lang in langs:
            check_language(lang, "GET /languages item", full=False)
        cfg = need(*s.request("GET", "/config_info", headers=h)[:2], 200, "GET /config_info")
        check_config(cfg, "GET /config_info")
        check(cfg["max_submission_batch_size"] >= 2, "api.batched() needs max_submission_batch_size >= 2")

        # Client.version -> LANGUAGE_TO_LANGUAGE_ID[version]
        about = need(*s.request("GET", "/about", headers=h)[:2], 200, "GET /about")
        check(isinstance(about, dict) and about.get("version") in SDK_VERSIONS,
              f"GET /about version must be one judge0-python knows ({sorted(SDK_VERSIONS)}): {about!r}")
        check(about["version"] == "1.13.1", f"pairbox answers for Judge0 CE 1.13.1, /about says {about['version']!r}")
        # Client.is_language_supported(judge0.C / CPP / PYTHON ...): the id the
        # table gives must be in GET /languages when pairbox has that toolchain.
        ids = {l["id"] for l in langs}
        here = installed(s, h)
        for alias, lid in sorted(SDK_1_13_1_IDS.items()):
            if here.get(lid):
                check(lid in ids, f"judge0.{alias} -> {lid} is installed but not in GET /languages")
        for alias in ("C", "CPP", "PYTHON", "JAVA", "JAVASCRIPT", "BASH"):
            check(SDK_1_13_1_IDS[alias] in here, f"judge0.{alias} -> {SDK_1_13_1_IDS[alias]} unknown to GET /languages/all")

        # get_language(id), get_statuses()
        lang = need(*s.request("GET", f"/languages/{PYTHON3}", headers=h)[:2], 200, f"GET /languages/{PYTHON3}")
        check_language(lang, f"GET /languages/{PYTHON3}", full=True)
        statuses = need(*s.request("GET", "/statuses", headers=h)[:2], 200, "GET /statuses")
        check({x.get("id") for x in statuses} == SDK_STATUS_IDS, f"GET /statuses ids: {statuses!r}")

        # create_submission(): Submission.as_body() base64-encodes the byte
        # fields and sends the extra ones as typed by pydantic: memory_limit
        # is declared float, so 128000 goes out as 128000.0.
        body = {"source_code": b64("import sys\nprint('hello, ' + input())\nprint('err', file=sys.stderr)\n"),
                "language_id": PYTHON3, "stdin": b64("sdk\n"), "expected_output": b64("hello, sdk\n"),
                "cpu_time_limit": 2.0, "memory_limit": 128000.0, "number_of_runs": 1}
        code, created, _ = s.request("POST", "/submissions?" + urllib.parse.urlencode(
            {"base64_encoded": "true", "wait": "false"}), body, headers=h)
        created = need(code, created, 201, "POST /submissions (SDK create_submission)")
        check_sdk_submission(created, "create_submission answer", all_fields=False)
        check(set(created) >= {"token"}, f"create answer lacks token: {created!r}")

        # wait() -> get_submission(fields="*") until not In Queue/Processing.
        tok = created["token"]
        deadline = time.time() + 120
        while True:
            code, sub, _ = s.request("GET", f"/submissions/{tok}?" + urllib.parse.urlencode(
                {"base64_encoded": "true", "fields": "*"}), headers=h)
            sub = need(code, sub, 200, "GET /submissions/:token (SDK get_submission)")
            check_sdk_submission(sub, "get_submission fields=*", all_fields=True)
            if sub["status"]["id"] not in (1, 2):
                break
            check(time.time() < deadline, f"not judged in 120 s: {sub!r}")
            time.sleep(0.1)
        check(sub["status"]["id"] == 3, f"expected Accepted: {sub!r}\n{s.tail()}")
        check(sdk_decode(sub["stdout"]) == "hello, sdk\n", f"stdout: {sub['stdout']!r}")
        check(sdk_decode(sub["stderr"]) == "err\n", f"stderr: {sub['stderr']!r}")
        check(sdk_decode(sub["source_code"]).startswith("import sys"), "source_code does not round-trip")
        check(sub["token"] == tok and sub["finished_at"] is not None, f"token/finished_at: {sub!r}")

        # create_submissions() / get_submissions(): the batch routes.
        subs = [{"source_code": b64(f"print({i} * 2)\n"), "language_id": PYTHON3} for i in range(3)]
        code, made, _ = s.request("POST", "/submissions/batch?base64_encoded=true", {"submissions": subs}, headers=h)
        made = need(code, made, 201, "POST /submissions/batch (SDK create_submissions)")
        check(isinstance(made, list) and len(made) == 3 and all("token" in m for m in made), f"batch answer: {made!r}")
        tokens = ",".join(m["token"] for m in made)
        deadline = time.time() + 120
        while True:
            code, got, _ = s.request("GET", "/submissions/batch?" + urllib.parse.urlencode(
                {"base64_encoded": "true", "fields": "*", "tokens": tokens}), headers=h)
            got = need(code, got, 200, "GET /submissions/batch (SDK get_submissions)")
            check(isinstance(got, dict) and isinstance(got.get("submissions"), list) and len(got["submissions"]) == 3,
                  f"batch get: {got!r}")
            for i, g in enumerate(got["submissions"]):
                check_sdk_submission(g, f"get_submissions[{i}] fields=*", all_fields=True)
            if all(g["status"]["id"] > 2 for g in got["submissions"]):
                break
            check(time.time() < deadline, f"batch not judged in 120 s: {got!r}")
            time.sleep(0.2)
        outs = [sdk_decode(g["stdout"]) for g in got["submissions"]]
        check(outs == ["0\n", "2\n", "4\n"], f"batch stdouts in token order: {outs!r}")


def own_ide(pairbox):
    origin = "https://ide.judge0.com"
    with Server(pairbox, workers=2) as s:
        browser = {"Origin": origin, "Accept": "*/*"}
        # loadLangauges(): GET /languages, option(name, id) for each.
        code, langs, hdrs = s.request("GET", "/languages", headers=browser)
        langs = need(code, langs, 200, "GET /languages (IDE)")
        check(hdrs.get("access-control-allow-origin") in ("*", origin),
              f"GET /languages from a page: Access-Control-Allow-Origin missing: {hdrs!r}")
        check(all(isinstance(l.get("id"), int) and isinstance(l.get("name"), str) for l in langs), "id/name types")
        check(PYTHON3 in {l["id"] for l in langs}, "Python (71) not offered")
        # getLanguage(flavor, id): the source_file names the editor's tab.
        lang = need(*s.request("GET", f"/languages/{PYTHON3}", headers=browser)[:2], 200, "GET /languages/71 (IDE)")
        check(isinstance(lang.get("source_file"), str) and lang["source_file"], f"source_file: {lang!r}")

        # The browser's preflight for a JSON POST with the IDE's headers.
        code, _, hdrs = s.request("OPTIONS", "/submissions?base64_encoded=true&wait=false", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,x-judge0-region"})
        check(code in (200, 204), f"preflight: HTTP {code}")
        check(hdrs.get("access-control-allow-origin") in ("*", origin), f"preflight Allow-Origin: {hdrs!r}")
        check("POST" in hdrs.get("access-control-allow-methods", ""), f"preflight Allow-Methods: {hdrs!r}")
        allowed = hdrs.get("access-control-allow-headers", "").lower()
        for want in ("content-type", "authorization", "x-judge0-region"):
            check(want in allowed, f"preflight does not allow {want}: {allowed!r}")

        # run(): POST with the IDE's body (empty compiler options and
        # arguments are sent as "" for every language).
        src = "name = input()\nprint(f'Hello, {name}!')\n"
        data = {"source_code": b64(src), "language_id": PYTHON3, "stdin": b64("IDE"),
                "compiler_options": "", "command_line_arguments": "", "redirect_stderr_to_stdout": True}
        ide_h = dict(browser, **{"Authorization": "Bearer unused"})
        code, made, hdrs = s.request("POST", "/submissions?base64_encoded=true&wait=false", data, headers=ide_h)
        made = need(code, made, 201, "POST /submissions (IDE run)")
        check(hdrs.get("access-control-allow-origin") in ("*", origin), "POST answer lacks Access-Control-Allow-Origin")
        tok = made.get("token")
        check(isinstance(tok, str) and len(tok) == 36, f"token: {made!r}")
        # fetchSubmission(): poll by token with base64_encoded=true (default
        # fields) while status.id <= 2; at most MAX_PROBE_REQUESTS = 50 probes
        # 100 ms apart in ide.js, more here for a slow first compile.
        for probe in range(600):
            code, res, _ = s.request("GET", f"/submissions/{tok}?base64_encoded=true",
                                     headers=dict(browser, **{"X-Judge0-Region": "null"}))
            res = need(code, res, 200, "GET /submissions/:token (IDE poll)")
            check(IDE_RESULT_KEYS <= set(res), f"IDE handleResult needs {sorted(IDE_RESULT_KEYS)}: {res!r}")
            check(isinstance(res["status"], dict) and isinstance(res["status"].get("id"), int)
                  and isinstance(res["status"].get("description"), str), f"status: {res['status']!r}")
            if res["status"]["id"] > 2:
                break
            time.sleep(0.1)
        check(res["status"]["id"] == 3, f"IDE run: {res!r}\n{s.tail()}")
        out = base64.b64decode(res["stdout"]).decode()
        check(out == "Hello, IDE!\n", f"stdout: {out!r}")
        check(res["compile_output"] is None or base64.b64decode(res["compile_output"]) == b"", "compile_output")
        check(res["time"] is None or isinstance(res["time"], str), f"time is Judge0's string: {res['time']!r}")
        check(res["memory"] is None or isinstance(res["memory"], int), f"memory is KB: {res['memory']!r}")

        # F7 (wait on): one POST answers the result.
        code, res, _ = s.request("POST", "/submissions?base64_encoded=true&wait=true", data, headers=ide_h)
        res = need(code, res, 201, "POST /submissions?wait=true (IDE)")
        check(IDE_RESULT_KEYS <= set(res) and res["status"]["id"] == 3, f"wait=true answer: {res!r}")

        # loadSavedSource(): ?fields=...&base64_encoded=true for a shared link.
        code, saved, _ = s.request("GET", f"/submissions/{tok}?fields={','.join(IDE_SAVED_FIELDS)}&base64_encoded=true",
                                   headers=browser)
        saved = need(code, saved, 200, "GET /submissions/:token?fields=... (IDE loadSavedSource)")
        check(set(saved) == set(IDE_SAVED_FIELDS), f"fields selection: got {sorted(saved)}, want {sorted(IDE_SAVED_FIELDS)}")
        check(base64.b64decode(saved["source_code"]).decode() == src, "source_code does not round-trip")
        check(saved["language_id"] == PYTHON3, f"language_id: {saved['language_id']!r}")
        check(base64.b64decode(saved["stdin"]).decode() == "IDE", f"stdin: {saved['stdin']!r}")


def own_form(pairbox):
    with Server(pairbox, workers=2) as s:
        ctype = "application/x-www-form-urlencoded"
        # curl -d 'source_code=...&language_id=71&stdin=...' (every value a string)
        form = urllib.parse.urlencode({"source_code": "print('form, ' + input())", "language_id": "71",
                                       "stdin": "curl", "cpu_time_limit": "2", "redirect_stderr_to_stdout": "true"})
        code, res, _ = s.request("POST", "/submissions?wait=true", form, content_type=ctype)
        res = need(code, res, 201, "form POST /submissions?wait=true")
        check(res.get("status", {}).get("id") == 3 and res.get("stdout") == "form, curl\n", f"form result: {res!r}")
        # --data-urlencode with base64 values ('+', '/', '=' percent-encoded).
        src = "print('\u00e9t\u00e9 ' + input() + ' ~~~>>>???')"   # base64 of this has '+' and '/'
        enc = b64(src)
        check("+" in enc or "/" in enc, "the sample should exercise + or / in base64")
        form = urllib.parse.urlencode({"source_code": enc, "language_id": str(PYTHON3), "stdin": b64("b64")})
        code, res, _ = s.request("POST", "/submissions?base64_encoded=true&wait=true", form, content_type=ctype)
        res = need(code, res, 201, "form POST base64")
        check(res["status"]["id"] == 3, f"form base64 result: {res!r}")
        check(base64.b64decode(res["stdout"]).decode() == "\u00e9t\u00e9 b64 ~~~>>>???\n", f"stdout: {res['stdout']!r}")
        # Without wait: a token, then the result by token.
        form = urllib.parse.urlencode({"source_code": "print(6 * 7)", "language_id": "71", "expected_output": "42"})
        code, made, _ = s.request("POST", "/submissions", form, content_type=ctype)
        made = need(code, made, 201, "form POST without wait")
        tok = made.get("token")
        for _ in range(600):
            code, res, _ = s.request("GET", f"/submissions/{tok}")
            res = need(code, res, 200, "GET form submission")
            if res["status"]["id"] > 2:
                break
            time.sleep(0.1)
        check(res["status"]["id"] == 3 and res["stdout"] == "42\n", f"form by token: {res!r}")
        # A form with an invalid attribute: Judge0's 422 {"field": ["message"]}.
        form = urllib.parse.urlencode({"source_code": "print(1)", "language_id": "999999"})
        code, err, _ = s.request("POST", "/submissions", form, content_type=ctype)
        check(code == 422 and isinstance(err, dict) and isinstance(err.get("language_id"), list),
              f"form with an unknown language: HTTP {code} {err!r}")


def main():
    run_cases(globals())


if __name__ == "__main__":
    main()
