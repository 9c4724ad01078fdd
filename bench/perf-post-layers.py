#!/usr/bin/env python3
# Where a POST's CPU goes, by layer of the request (Kestrel, each middleware, the handler, the service, the store):
# reads `perf script` output of a `perf record -g` on kos serve taken with DOTNET_PerfMapEnabled=1 (as
# `PERF=file bash bench/http.sh` does) and prints a Markdown table; with the CPU µs per request that bench/http.sh
# prints (from /proc), each layer's share is also given in µs per POST.
#   perf script -i kos.perf | python3 bench/perf-post-layers.py 554
"""Charges each sample to the first frame, leaf upwards, that names a layer; native stacks perf could not walk to a
managed frame fall to 'other'. bench/perf-parts.py groups the same samples by kind of work instead."""
import re, sys, collections
layers = [
    ("JIT (tiered compilation, background)", r"libclrjit|TieredCompilation|CallCountingManager"),
    ("store: SQLite engine, WAL writes, fsync", r"libe_sqlite3|sqlite3|fsync|ext4_|jbd2"),
    ("store: writer loop (managed)", r"GroupCommitLoop|GroupCommitWriter|RelationalWriter|CommitRows|RawStatement"),
    ("cache tail (reads the log every 0.5 s)", r"CacheTail|CatchUpAsync"),
    ("store: serialize the commit (PreparedCommit, on the request thread)", r"PreparedCommit|PreparedAppend"),
    ("store decorators (InstrumentedEventStore, FeedWakeUp, CachingEventStore)", r"InstrumentedEventStore|FeedWakeUp|CachingEventStore"),
    ("decide and fold (TaskLearning, ExpertDecider, ExpertState)", r"TaskLearning|ExpertDecider|ExpertState::|ItemUsage|ParticipantResolver"),
    ("KnowledgeService (report hash, stream locks, write cache, retry)", r"KnowledgeService|StreamLocks|WriteCache"),
    ("parse the report (ReportParser)", r"ReportParser"),
    ("handler (ReportsApi.Learn: body, answer object)", r"ReportsApi"),
    ("write the JSON answer", r"HttpResults|ExecuteTaskResult|WriteAsJson|HttpResultsHelper"),
    ("endpoint binding (RequestDelegateFactory)", r"RequestDelegateFactory|lambda_method"),
    ("idempotency middleware", r"IdempotencyMiddleware"),
    ("rate limiter", r"RateLimit"),
    ("caller log scope", r"CallerLogScope"),
    ("authorization (policies, AccessRequirementHandler)", r"AuthorizationMiddleware|PolicyEvaluator|AuthorizationService|AccessRequirementHandler|AccessRefusalWriter|Authorization\."),
    ("authentication (ApiKeyAuthenticationHandler)", r"AuthenticationMiddleware|AuthenticationHandler|KeyAuthentication|ApiKeyAuth|DashboardCookie|AuthenticationService"),
    ("routing", r"EndpointRoutingMiddleware|DfaMatcher|Routing"),
    ("status pages, exception handler, security headers", r"StatusCodePages|ExceptionHandler|SecurityHeaders"),
    ("Kestrel HTTP/1.1 (parse, headers, response)", r"Kestrel|System\.IO\.Pipelines|HttpProtocol"),
    ("sockets (send, receive, epoll)", r"Socket|epoll|sys_send|sys_recv|tcp_|__send|__libc_recv"),
]
layers = [(n, re.compile(p)) for n, p in layers]
counts = collections.Counter(); total = 0; stack = []
def flush():
    global total
    if not stack: return
    total += 1
    for frame in stack:
        for name, rx in layers:
            if rx.search(frame):
                counts[name] += 1; return
    counts["other (GC, thread pool, kernel scheduling, unwalked native stacks)"] += 1
for line in sys.stdin:
    if not line.strip():
        flush(); stack = []; continue
    if line[0] in " \t":
        stack.append(line.strip())
flush()
us = float(sys.argv[1]) if len(sys.argv) > 1 else None
print("| layer | share of kos serve's CPU samples |" + (" CPU µs per POST |" if us else ""))
print("|---|---:|" + ("---:|" if us else ""))
for name, n in counts.most_common():
    print(f"| {name} | {100.0*n/total:.1f} % |" + (f" {us*n/total:.0f} |" if us else ""))
print(f"\n{total} samples")
