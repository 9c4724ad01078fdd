#!/usr/bin/env python3
# Where a POST's CPU goes, by layer of the request (Kestrel, each middleware, the handler, the service, the store):
# reads `perf script` output of a `perf record -g` on kos serve taken with DOTNET_PerfMapEnabled=1 (as
# `PERF=file bash bench/http.sh` does) and prints a Markdown table; with the CPU µs per request that bench/http.sh
# prints (from /proc), each layer's share is also given in µs per POST.
#   perf script -i kos.perf | python3 bench/perf-post-layers.py 554
"""Charges each sample to the first frame, leaf upwards, that names a layer; native stacks perf could not walk to a
managed frame fall to 'other'. bench/perf-parts.py groups the same samples by kind of work instead."""
import sys
from perfsamples import compile_rules, count, first_named, print_table
layers = [
    ("JIT (tiered compilation, background)", r"libclrjit|TieredCompilation|CallCountingManager"),
    ("store: SQLite engine, WAL writes, fsync", r"libe_sqlite3|sqlite3|fsync|ext4_|jbd2"),
    ("store: writer loop (managed)", r"GroupCommitLoop|GroupCommitWriter|RelationalWriter|CommitRows|RawStatement"),
    ("cache tail (reads the log every 0.5 s)", r"CacheTail|CatchUpAsync"),
    ("store: serialize the commit (PreparedCommit, on the request thread)", r"PreparedCommit|PreparedAppend"),
    ("store decorators (InstrumentedEventStore, FeedWakeUp, CachingEventStore)", r"InstrumentedEventStore|FeedWakeUp|CachingEventStore"),
    ("decide and fold (TaskLearning, ExpertDecider, ExpertState)", r"TaskLearning|ExpertDecider|ExpertState::|ItemUsage|ParticipantResolver"),
    ("KnowledgeService (report hash, stream locks, write cache, retry)", r"KnowledgeService|StreamLocks|StateCache|WriteCache"),
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
    ("ASP.NET Core hosting (per-request context, its Activity and log scope)", r"HostingApplication|HostingLogScope|Microsoft\.AspNetCore\.Hosting\."),
    ("Kestrel HTTP/1.1 (parse, headers, response)", r"Kestrel|System\.IO\.Pipelines|HttpProtocol"),
    ("sockets (send, receive, epoll)", r"Socket|epoll|sys_send|sys_recv|tcp_|__send|__libc_recv"),
]
layers = compile_rules(layers)
other = "other (GC, thread pool, kernel scheduling, unwalked native stacks)"
counts, total = count(sys.stdin, lambda stack: first_named(stack, layers) or other)
print_table(counts, total, "layer", "share of kos serve's CPU samples", float(sys.argv[1]) if len(sys.argv) > 1 else None)
