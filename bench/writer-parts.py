#!/usr/bin/env python3
"""Reads the per-batch lines of bench/writer-parts.patch (a diagnostic of the SQLite writer, applied to a build for a
benchmark run, never merged: `git apply bench/writer-parts.patch`, then `KOS_ENV="KOS_PART_TIMES=/tmp/parts.txt"
bench/http.sh`) and prints where the batches' time went by part, the slowest 1 % of batches by part, and COMMIT with
and without a WAL checkpoint inside it.
  python3 bench/writer-parts.py /tmp/parts.txt [FROM_HH:MM:SS [TO_HH:MM:SS]]   # only the batches in that window
Each line: time, commits, then µs of begin, (unused), events, stream row + key, expert rows, item rows, FTS5 flush
(its merges), term_docs, COMMIT, the whole batch; then 1 when the database file changed across the COMMIT (a checkpoint),
then the µs the runtime's GC had the process stopped while the batch ran (GC.GetTotalPauseDuration before and after).
"""
import sys
from collections import Counter

NAMES = ["begin", "checks and C# (the rest)", "events", "stream row + key", "expert rows", "item rows", "FTS5 flush and merges", "term_docs", "COMMIT"]


def parse(path, start, end):
    for line in open(path):
        f = line.split()
        if f[0] < start or f[0] > end:
            continue
        us = list(map(int, f[2:12]))
        us[1] = us[9] - sum(us[j] for j in range(9) if j != 1)   # the rest: checks, C# around the statements
        yield f[0], int(f[1]), us, f[12] == "1", int(f[13]) if len(f) == 14 else 0   # older lines: two WAL sizes there, no pause


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p * len(values)))]


def main(path, start="", end="~"):
    rows = list(parse(path, start, end))
    n, total = len(rows), sum(r[2][9] for r in rows)
    print(f"{n} batches, {sum(r[1] for r in rows)} commits, {sum(r[3] for r in rows)} with a checkpoint in COMMIT\n")
    print("| part | mean µs | p50 µs | p99 µs | max µs | share | largest part of the slowest 1 % by total | in the slowest 1 % by this part: mean µs |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    slow = sorted(rows, key=lambda r: -r[2][9])[:max(1, n // 100)]
    largest = Counter(max(range(9), key=lambda j: r[2][j]) for r in slow)
    for j, name in enumerate(NAMES):
        col = [r[2][j] for r in rows]
        top = sorted(col, reverse=True)[:max(1, n // 100)]
        print(f"| {name} | {sum(col) / n:.0f} | {pct(col, .5)} | {pct(col, .99)} | {max(col)} | {100 * sum(col) / total:.1f} % | {largest[j]} of {len(slow)} | {sum(top) / len(top):.0f} |")
    col = [r[2][9] for r in rows]
    print(f"| whole batch | {total / n:.0f} | {pct(col, .5)} | {pct(col, .99)} | {max(col)} | 100 % | | |")
    for label, part in (("with", [r for r in rows if r[3]]), ("without", [r for r in rows if not r[3]])):
        c = [r[2][8] for r in part]
        if c:
            print(f"\nCOMMIT {label} a checkpoint: {len(c)} batches, p50 {pct(c, .5)} µs, p99 {pct(c, .99)} µs, max {max(c)} µs", end="")
    print(f"\n\nbatches with a GC pause inside: {sum(r[4] > 0 for r in rows)} of {n}\n")
    print("| slowest 1 % (UTC) | commits | batch µs | largest part | its µs | GC pause inside µs | checkpoint |")
    print("|---|---:|---:|---|---:|---:|---|")
    for t, commits, us, checkpoint, gc in slow:
        j = max(range(9), key=lambda j: us[j])
        print(f"| {t} | {commits} | {us[9]} | {NAMES[j]} | {us[j]} | {gc} | {'yes' if checkpoint else ''} |")


if __name__ == "__main__":
    main(*sys.argv[1:])
