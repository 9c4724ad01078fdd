#!/usr/bin/env python3
# Where a process's CPU goes, by part of a POST or a learned report: reads `perf script` output of a
# `perf record -g` taken with DOTNET_PerfMapEnabled=1 (JIT-compiled frames named) and prints a Markdown table.
#   perf script -i kos.perf | python3 bench/perf-parts.py
"""Groups `perf script` samples of one process by the first frame, leaf upwards, that names a part of a POST."""
import re, sys, collections
rules = [
    ("JIT compiler", r"libclrjit"),
    ("fsync (kernel)", r"fsync"),
    ("SQLite engine (incl. its writes to the WAL)", r"libe_sqlite3|sqlite3_"),
    ("writer's managed code (RawStatement, SqliteRows, RelationalWriter, group-commit loop)", r"RawStatement|SqliteRows|SearchRows|CommitRows|RelationalWriter|GroupCommit"),
    ("System.Text.Json (answer, event JSON, state JSON)", r"System\.Text\.Json"),
    ("ReportParser.Parse", r"ReportParser"),
    ("decide (TaskLearning, ExpertDecider)", r"TaskLearning|ExpertDecider|ParticipantResolver"),
    ("fold (ExpertState)", r"ExpertState::|Evolve"),
    ("serialize commit (PreparedCommit, ItemRows, SearchTerms)", r"PreparedCommit|PreparedAppend|ItemRows|SearchTerms|Stemmer"),
    ("hash (SHA-256)", r"SHA256|HashData|libcrypto"),
    ("network (sockets, epoll, TCP)", r"Socket|sendto|recvfrom|sys_send|sys_recv|tcp_|epoll|SocketAsyncEngine"),
    ("ASP.NET Core / Kestrel pipeline", r"Microsoft\.AspNetCore|Microsoft\.Extensions"),
    ("KnowledgeOs other (service, caches, handler)", r"KnowledgeOs"),
    ("runtime (GC, allocation, thread pool, libcoreclr)", r"libcoreclr|System\.Private\.CoreLib|\[unknown\]"),
    ("kernel, other (scheduler, page faults)", r"kernel|\[k\]"),
]
rules = [(n, re.compile(p)) for n, p in rules]
counts = collections.Counter(); total = 0
stack = []
def flush():
    global total
    if not stack: return
    total += 1
    # Specific parts first, leaf upwards (an allocation or a syscall is charged to the code that made it); then generic.
    for frame in stack:
        for name, rx in rules[:-2]:
            if rx.search(frame):
                counts[name] += 1; return
    for frame in stack:
        for name, rx in rules[-2:]:
            if rx.search(frame):
                counts[name] += 1; return
    counts["other"] += 1
for line in sys.stdin:
    if not line.strip():
        flush(); stack = []; continue
    if line[0] in " \t":
        stack.append(line.strip())
flush()
print(f"| part (the first frame from the leaf up that names one; else runtime or kernel) | share of the process's CPU samples |")
print("|---|---:|")
for name, n in counts.most_common():
    print(f"| {name} | {100.0*n/total:.1f} % |")
print(f"\n{total} samples")
