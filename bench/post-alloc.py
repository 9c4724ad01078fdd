"""POST a fixed number of task reports (bench/post-report.lua's shape, a unique taskId each, 100 experts of team "bench")
over C keep-alive connections, and fail loudly on any answer but 201. Usage: post-alloc.py URL COUNT CONNECTIONS TAG
With KOS_KEYS (API keys, space-separated) each POST sends Authorization: Bearer with one of them, in turn."""
import http.client
import os
import sys
import threading
import time
import urllib.parse

url, count, connections, tag = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
host = urllib.parse.urlparse(url)
prefix = f"{tag}{time.time_ns()}-"
failures = []
keys = os.environ.get("KOS_KEYS", "").split()


def post(worker: int) -> None:
    conn = http.client.HTTPConnection(host.hostname, host.port)
    for n in range(worker, count, connections):
        body = ('{"taskId":"%s%d","title":"Bench task %d","completedAt":"2026-03-03T17:40:00Z","outcome":"success",'
                '"participants":[{"expert":"bench-%d","errorsFixed":1,"newKnowledge":["Bench fact %d"],'
                '"practicesApplied":["Code review"]}]}') % (prefix, n, n, n % 100, n % 20)
        headers = {"Content-Type": "application/json"}
        if keys:
            headers["Authorization"] = "Bearer " + keys[n % len(keys)]
        conn.request("POST", "/api/v1/teams/bench/reports?onboard=true", body, headers)
        response = conn.getresponse()
        response.read()
        if response.status != 201:
            failures.append(response.status)


threads = [threading.Thread(target=post, args=(w,)) for w in range(connections)]
for t in threads:
    t.start()
for t in threads:
    t.join()
if failures:
    sys.exit(f"{len(failures)} POSTs failed: {sorted(set(failures))}")
