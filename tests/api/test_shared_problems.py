#!/usr/bin/env python3
"""test_shared_problems.py - problems added at run time on one node of a
shared PostgreSQL store reach every node (api/bank.c, bank_share.c, the
store's packages): two `pairbox serve --db URL` processes with data
directories of their own on one database; a problem added on node 1 is
listed, shown and judged on node 2 (accepted and wrong answer), and its
slug is taken for node 2 too (409); a third node started afterwards has it
at once; node 2's write directory holds the folder it wrote.

PAIRBOX_TEST_PG names the file holding the tests' server URL
(tests/pg/pgserver.sh; ctest's fixture pg sets it).

usage: test_shared_problems.py PAIRBOX [--case NAME ...]
"""
import os
import shutil
import subprocess
import sys
import time
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Server, check, need, run_cases  # noqa: E402
from test_problems import ADMIN, NEW, PROBLEMS, wait_final  # noqa: E402

ENV = {"PROBLEMS_DIR": PROBLEMS, "AUTHZ_TOKEN": "admin"}


def pg_url(db):
    with open(os.environ["PAIRBOX_TEST_PG"]) as f:
        url = f.read().strip()
    return url.rsplit("/", 1)[0] + "/" + db


def psql(sql):
    subprocess.run(["psql", "-v", "ON_ERROR_STOP=1", "-q", pg_url("postgres"), "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)


def listed_on(s, slug, timeout=30):
    """Wait until slug is in node s's list (its bank has it): whether it came."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        body = need(s.request("GET", "/api/v1/problems?q=vowels"), 200, "list")
        if slug in [p["slug"] for p in body["problems"]]:
            return True
        time.sleep(0.1)
    return False


def own_two_nodes(pairbox):
    db = "t_shared_" + uuid.uuid4().hex[:10]
    psql(f"CREATE DATABASE {db}")
    nodes = []
    try:
        url = pg_url(db)
        for _ in range(2):
            nodes.append(Server(pairbox, env=ENV, args=["--db", url], workers=1).start())
        one, two = nodes
        p = need(one.request("POST", "/api/v1/problems", NEW, headers=ADMIN), 201, "add on node 1")
        check(p["slug"] == "count-vowels", f"{p}")
        check(listed_on(two, "count-vowels"), "node 2 lists the problem added on node 1")
        shown = need(two.request("GET", "/api/v1/problems/count-vowels"), 200, "show on node 2")
        check(shown["title"] == NEW["title"] and shown["test_count"] == 3, f"node 2 shows it whole: {shown}")
        check(os.path.isfile(os.path.join(two.data, "problems", "count-vowels", "problem.json")),
              "node 2 wrote the folder into its own write directory")

        # Judged on node 2 against the tests node 1 was given.
        ok = need(two.request("POST", "/api/v1/problems/count-vowels/submit?wait=true",
                              {"language": "python3", "source": NEW["reference"]["source"]}, timeout=300),
                  201, "submit on node 2")
        ok = ok if ok.get("final") else wait_final(two, ok["token"])
        check(ok["status"]["id"] == 3 and len(ok["tests"]) == 3, f"accepted on node 2: {ok}")
        wrong = need(two.request("POST", "/api/v1/problems/count-vowels/submit?wait=true",
                                 {"language": "python3", "source": "print(3)\n"}, timeout=300), 201, "wrong")
        wrong = wrong if wrong.get("final") else wait_final(two, wrong["token"])
        check(wrong["status"]["id"] == 4, f"wrong answer on node 2: {wrong}")

        # One slug for all nodes.
        body = need(two.request("POST", "/api/v1/problems", NEW, headers=ADMIN), 409, "the slug taken on node 2")
        check("slug" in body, f"409 names the slug: {body}")

        # A node started afterwards has it from the start.
        nodes.append(Server(pairbox, env=ENV, args=["--db", url], workers=1).start())
        need(nodes[2].request("GET", "/api/v1/problems/count-vowels"), 200, "show on node 3, just started")
    except Exception:
        for n in nodes:
            print(n.tail())
        raise
    finally:
        for n in nodes:
            n.stop()
            shutil.rmtree(n.data, ignore_errors=True)
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


def main():
    if not os.environ.get("PAIRBOX_TEST_PG"):
        sys.exit("test_shared_problems.py: needs PAIRBOX_TEST_PG (ctest -R api.shared_problems)")
    run_cases(globals())


if __name__ == "__main__":
    main()
