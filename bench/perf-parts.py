#!/usr/bin/env python3
# Where a process's CPU goes, by part of a POST or a learned report: reads `perf script` output of a
# `perf record -g` taken with DOTNET_PerfMapEnabled=1 (JIT-compiled frames named) and prints a Markdown table.
#   perf script -i kos.perf | python3 bench/perf-parts.py
"""Groups `perf script` samples of one process by the first frame, leaf upwards, that names a part of a POST."""
import sys
from perfsamples import compile_rules, count, first_named, print_table
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
rules = compile_rules(rules)
# Specific parts first, leaf upwards (an allocation or a syscall is charged to the code that made it); then generic.
counts, total = count(sys.stdin, lambda stack: first_named(stack, rules[:-2]) or first_named(stack, rules[-2:]) or "other")
print_table(counts, total, "part (the first frame from the leaf up that names one; else runtime or kernel)", "share of the process's CPU samples")
