#!/usr/bin/env python3
"""Hostile inputs against a real `kos serve` and the `kos` CLI: the attacker table of issue 10, re-runnable.

Starts `kos serve` on loopback with API keys for two teams (SQLite by default, PostgreSQL with --postgres CONN),
sends every input the issue lists, and prints one Markdown row per input: what was sent, what a correct server
answers, what this one answered. Exit code 1 when any row is not as expected.

    dotnet build src/KnowledgeOs.Cli && python3 bench/hostile.py [--postgres "Host=…;Database=…"]
"""
import argparse, concurrent.futures as cf, http.client, json, os, shutil, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KOS = ["dotnet", os.path.join(ROOT, "artifacts/bin/KnowledgeOs.Cli/debug/kos.dll")]
ROWS = []


def kos(*args, env=None):
    run = subprocess.run(KOS + list(args), capture_output=True, text=True, env={**os.environ, **(env or {})})
    return run.returncode, run.stdout, run.stderr


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, store_args, port):
        self.port, self.store_args = port, store_args
        self.proc = subprocess.Popen(KOS + ["serve", "--urls", f"http://127.0.0.1:{port}"] + store_args,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                if self.request("GET", "/health/live")[0] == 200: return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("kos serve did not start")

    def request(self, method, path, body=None, headers=None, key=None, timeout=30):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        h = dict(headers or {})
        if key: h["Authorization"] = f"Bearer {key}"
        if isinstance(body, str): body = body.encode("utf-8", "surrogatepass")
        if body is not None and "Content-Type" not in h: h["Content-Type"] = "application/json"
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        c.close()
        return r.status, data, dict((k.lower(), v) for k, v in r.getheaders())

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)


def row(what, expected, got, ok):
    ROWS.append((what, expected, got, "yes" if ok else "**NO**"))


def report(task, expert="igor", text="Урок", extra=None, raw=None):
    if raw is not None: return raw
    p = {"expert": expert, "newKnowledge": [text]}
    p.update(extra or {})
    return json.dumps({"taskId": task, "title": "T", "completedAt": "2026-03-02T10:00:00Z", "outcome": "success",
                       "participants": [p]}, ensure_ascii=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--postgres", help="a PostgreSQL connection string; default: a SQLite file")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="kos-hostile-")
    store = ["--store", "postgres", "--connection", args.postgres] if args.postgres else ["--data", os.path.join(work, "kos.db")]
    keys = {}
    for team in ("alpha", "beta"):
        code, out, err = kos("keys", "create", "--team", team, "--name", "attacker", "--scope", "read,write,admin", "--json", *store)
        keys[team] = json.loads(out)["key"]
    srv = Server(store, free_port())
    A, B = keys["alpha"], keys["beta"]
    post = lambda team, key, body, q="?onboard=true": srv.request("POST", f"/api/v1/teams/{team}/reports{q}", body, key=key)
    try:
        s, _, _ = post("alpha", A, report("SEED"))
        row("a valid report (seed)", "201", s, s == 201)

        # 1. Overflowing counters.
        s, b, _ = post("alpha", A, report("BIG", extra={"errorsFixed": 2147483647}))
        row('`"errorsFixed": 2147483647`', "400 naming the field", f"{s} {json.loads(b).get('field', '')}", s == 400)
        reads = [srv.request("GET", p, key=A)[0] for p in ("/api/v1/teams/alpha/experts", "/api/v1/teams/alpha/metrics",
                                                           "/api/v1/teams/alpha/export", "/api/v1/teams/alpha/export/zip")]
        row("every read of the team afterwards", "200", ",".join(map(str, reads)), all(r == 200 for r in reads))

        # 2. NUL among valid writers of two teams.
        def writer(i):
            if i % 13 < 3:
                return "nul", post("alpha", A, report(f"NUL-{i}", text="до\u0000после"))[0]
            team, key = ("alpha", A) if i % 2 else ("beta", B)
            return "good", post(team, key, report(f"GOOD-{i}", expert=f"e{i % 5}", text=f"Урок {i}"))[0]
        with cf.ThreadPoolExecutor(13) as pool:
            results = list(pool.map(writer, range(130)))
        good = [s for k, s in results if k == "good"]
        nul = [s for k, s in results if k == "nul"]
        row(f"NUL in text: {len(nul)} NUL writers among {len(good)} valid writers, two teams",
            "NUL 400; every valid 201", f"NUL {sorted(set(nul))}; valid {sorted(set(good))}",
            set(nul) == {400} and set(good) == {201})

        # 3. Memory: 70,000 items in one report.
        s, b, _ = post("alpha", A, report("HUGE", extra={"newKnowledge": [f"знание {i}" for i in range(70_000)]}))
        row("70,000 `newKnowledge` strings (one 1 MB report)", "413/422 naming the limit", f"{s} {json.loads(b).get('field', '') if b else ''}", s in (413, 422))

        # 4. 500s.
        s, _, _ = post("alpha", A, report("LONE").replace('"LONE"', '"\\ud800"'))
        row('`"taskId": "\\ud800"` (unpaired surrogate)', "400", s, s == 400)
        boundary = "kosboundary"
        def multipart(files):
            parts = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{n}"\r\n'
                            f"Content-Type: text/markdown\r\n\r\n{c}\r\n" for n, c in files)
            return (parts + f"--{boundary}--\r\n").encode()
        ct = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        s, _, _ = srv.request("POST", "/api/v1/teams/alpha/import", multipart([("a" * 300 + "_knowledge.md", "# X\n")]), ct, key=A)
        row("import file name of 300 characters", "400", s, s == 400)
        s, _, _ = srv.request("POST", "/api/v1/teams/alpha/import", multipart([(f"f{i}_knowledge.md", "# X\n") for i in range(1100)]), ct, key=A)
        row("multipart import with 1,100 parts", "413", s, s == 413)

        # 5. Silently altered or dropped.
        raw = report("UTF8", text="PLACEHOLDER").encode().replace(b"PLACEHOLDER", b"\xff\xfe bad")
        s, _, _ = post("alpha", A, raw)
        row("invalid UTF-8 in a text", "400", s, s == 400)
        s, b, _ = post("alpha", A, report("TYPO").replace("newKnowledge", "newKnowlege"))
        row("misspelled field `newKnowlege`", "400 with did you mean", f"{s} {'did you mean' in b.decode()}", s == 400 and "did you mean" in b.decode())
        for date in ("03/04/2026", "12:00", "Tuesday, 03 March 2026"):
            s, _, _ = post("alpha", A, report("DATE").replace("2026-03-02T10:00:00Z", date))
            row(f"`completedAt`: `{date}`", "400", s, s == 400)
        s, _, _ = post("alpha", A, report("DUP").replace('"taskId": "DUP"', '"taskId": "DUP", "taskId": "DUP2"'))
        row("duplicate JSON key", "400", s, s == 400)
        for name, tid in (("zero-width space", "ORB-101\u200b"), ("RTL override", "ORB\u202e101")):
            s, _, _ = post("alpha", A, report(tid))
            row(f"task id with a {name}", "400", s, s == 400)

        # 6. Smaller ones.
        c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
        started = time.monotonic()
        c.request("GET", "/api/v1/teams/alpha/events/stream", headers={"Authorization": f"Bearer {A}", "Accept": "text/event-stream"})
        r = c.getresponse()
        took = time.monotonic() - started
        c.close()
        row("SSE subscriber: response headers", "at once", f"{r.status} after {took:.2f} s", r.status == 200 and took < 2)
        s, _, _ = srv.request("GET", "/api/v1/teams/alpha/events/stream?after=999999999", key=A, headers={"Accept": "text/event-stream"})
        row("SSE `after=` a future position", "400", s, s == 400)
        s, _, h = srv.request("GET", "/api/v1/teams/alpha/experts/igor", key=A)
        etag = h.get("etag")
        def patch(i):
            return srv.request("PATCH", "/api/v1/teams/alpha/experts/igor", json.dumps({"role": f"Role {i}"}), {"If-Match": etag}, key=A)[0]
        with cf.ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(patch, range(16)))
        row("16 parallel PATCHes with one `If-Match`", "one 200, fifteen 412",
            ", ".join(f"{statuses.count(v)}×{v}" for v in sorted(set(statuses))), statuses.count(200) == 1 and statuses.count(412) == 15)
        _, _, h = srv.request("GET", "/api/v1/teams/alpha/experts", key=A)
        row("`X-Content-Type-Options` on API responses", "nosniff", h.get("x-content-type-options"), h.get("x-content-type-options") == "nosniff")
        s, _, _ = srv.request("POST", "/ui/logout", b"", {"Origin": "http://evil.example", "Content-Type": "application/x-www-form-urlencoded"})
        row("cross-origin POST /ui/logout", "403", s, s == 403)
        streams, answers = [], []
        for _ in range(40):
            c = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=5)
            c.request("GET", "/api/v1/teams/alpha/events/stream", headers={"Authorization": f"Bearer {A}", "Accept": "text/event-stream"})
            answers.append(c.getresponse().status)
            streams.append(c)
        for c in streams: c.close()
        row("40 SSE streams with one key", "32 × 200, then 429", ", ".join(f"{answers.count(v)}×{v}" for v in sorted(set(answers))), answers.count(429) > 0 and answers.count(200) <= 32)
        # Last: once an address has used up its invalid-key allowance, all its keyed requests wait out the window.
        statuses = [srv.request("GET", "/api/v1/teams/alpha/experts", key="kos_wrong_key")[0] for _ in range(30)]
        row("30 requests with an invalid key", "401 then 429", f"{statuses.count(401)}×401, {statuses.count(429)}×429", 429 in statuses)
    finally:
        srv.stop()

    # The CLI.
    reports = os.path.join(work, "reports")
    os.makedirs(reports)
    with open(os.path.join(reports, "1-bad.json"), "w", encoding="utf-8") as f: f.write(report("LONE").replace('"LONE"', '"\\ud800"'))
    with open(os.path.join(reports, "2-good.json"), "w", encoding="utf-8") as f: f.write(report("CLI-GOOD"))
    code, out, err = kos("learn", reports, "--onboard", "--team", "alpha", *store)
    row("`kos learn DIR` with a lone surrogate in one file", "exit 2, the other file learned, no stack trace",
        f"exit {code}; {'CLI-GOOD' in out or '2-good' in out}; trace {'Unhandled' in err}", code == 2 and "Unhandled" not in err)
    existing = os.path.join(work, "existing.txt")
    open(existing, "w").close()
    code, out, err = kos("export", "--team", "alpha", "--out", existing, *store)
    row("`kos export --out <an existing file>`", "exit 2, one error line", f"exit {code}, {len(err.strip().splitlines())} line(s)", code == 2 and len(err.strip().splitlines()) == 1)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0)); busy.listen()
        code, out, err = kos("serve", "--urls", f"http://127.0.0.1:{busy.getsockname()[1]}", *store)
    row("`kos serve` on a busy port", "exit 5 naming the address", f"exit {code}, {'127.0.0.1' in err}", code == 5 and "127.0.0.1" in err)
    shutil.rmtree(work, ignore_errors=True)

    print(f"| input ({'PostgreSQL' if args.postgres else 'SQLite'}) | expected | got | handled |\n|---|---|---|---|")
    for r in ROWS: print("| " + " | ".join(str(c) for c in r) + " |")
    return 0 if all(r[3] == "yes" for r in ROWS) else 1


if __name__ == "__main__":
    sys.exit(main())
