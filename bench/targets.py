#!/usr/bin/env python3
"""Issue 16's figures beside their targets: reads what bench/targets.sh saved in a folder (learn.txt, http.txt,
postgres.txt, duplicates.txt, lines.txt; any may be missing) and prints one Markdown row per target with the measured
value and whether it is met. A figure whose output is missing or unreadable is "not measured", never met.
  python3 bench/targets.py /tmp/kos-targets
"""
import re
import sys
from pathlib import Path


def number(text):
    return float(text.replace(",", "").replace(" ", ""))


def table(text, first_column):
    """The rows (as dicts by header) of the Markdown table whose header starts with `first_column`."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first_column:
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("|"):
                    break
                rows.append(dict(zip(cells, [c.strip() for c in row.strip().strip("|").split("|")])))
            return rows
    return []


def learn(text):
    """(shape label, reports/s, rows/s) per learn row, and the 256-rows ceiling in rows/s (or None)."""
    ceiling = re.search(r"ceiling, 256 row\(s\) per transaction: ([\d,]+) rows/s", text)
    rows = [(f"{r['shape']}, {r['learners']} learner(s)", number(r["reports/s"]), number(r["rows/s"]))
            for r in table(text, "shape")]
    return rows, number(ceiling.group(1)) if ceiling else None


def http(text):
    """{endpoint: (requests/s, p99 ms)} from bench/http.sh."""
    return {r["endpoint"]: (number(r["requests/s"]), number(r["p99 ms"])) for r in table(text, "endpoint")}


def postgres(text):
    """(median two-versus-one change in %, every round's non-2xx counts) from bench/http-postgres.sh."""
    median = re.search(r"2 servers vs 1, requests/s: median ([+-]?[\d.]+) %", text)
    errors = [int(n) for r in table(text, "round") for n in re.findall(r"\d+", r.get("non-2xx (1; 2a;2b)", ""))]
    return (float(median.group(1)) if median else None), errors


def duplicates(text):
    """(pairs sharing identical text, pairs by shape alone) from `duplicates --repo src`."""
    all_pairs = re.search(r"^(\d+) pairs of places", text, re.M)
    shape = re.search(r"\((\d+) by shape alone", text)
    if re.search(r"^no duplicates", text, re.M):
        return 0, 0
    if not all_pairs:
        return None
    shaped = int(shape.group(1)) if shape else 0
    return int(all_pairs.group(1)) - shaped, shaped


def rows(folder):
    """[(figure, target, measured, met)] for every target, in the issue's order; "not measured" where no output says."""
    def read(name):
        path = folder / name
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    out = []

    def add(figure, target, measured=None, met=False):
        out.append((figure, target, "not measured" if measured is None else measured, measured is not None and met))

    learned, ceiling = learn(read("learn.txt"))
    by_shape = {label: (rps, rows_s) for label, rps, rows_s in learned}
    for label, target in {"disjoint, 1 learner(s)": 600, "disjoint, 16 learner(s)": 1500, "one team of 5, 16 learner(s)": 800}.items():
        rps, rows_s = by_shape.get(label, (None, None))
        add(f"learn (SQLite), {label}", f"≥ {target:,} reports/s", None if rps is None else f"{rps:,.0f}", rps is not None and rps >= target)
        share = None if rows_s is None or not ceiling else 100 * rows_s / ceiling
        add(f"learn, {label}: rows stored/s of the 256-rows ceiling" + (f" ({ceiling:,.0f})" if ceiling else ""), "≥ 40 %",
            None if share is None else f"{rows_s:,.0f} rows/s = {share:.1f} %", share is not None and share >= 40)
    answers = http(read("http.txt"))
    rps, p99 = answers.get("kos-post", (None, None))
    bare = f" (bare Kestrel {answers['bare-post'][0]:,.0f})" if "bare-post" in answers else ""
    add("POST report (bench/http.sh)", "≥ 6,000/s", None if rps is None else f"{rps:,.0f}/s{bare}", rps is not None and rps >= 6000)
    add("POST report p99", "< 25 ms", None if p99 is None else f"{p99:.2f} ms", p99 is not None and p99 < 25)
    median, errors = postgres(read("postgres.txt"))
    add("PostgreSQL: 2 servers vs 1, same team (median of rounds)", "≥ −10 %", None if median is None else f"{median:+.1f} %",
        median is not None and median >= -10)
    add("PostgreSQL: non-2xx answers (409 among them) in every phase", "0", None if median is None else str(sum(errors)), sum(errors) == 0)
    identical, shaped = duplicates(read("duplicates.txt")) or (None, None)
    add("`duplicates` on src/: pairs sharing identical text", "0", None if identical is None else str(identical), identical == 0)
    add("`duplicates` on src/: pairs by shape", "< 60", None if shaped is None else str(shaped), shaped is not None and shaped < 60)
    longest = re.search(r"^(\d+) (\S+)$", read("lines.txt"), re.M)
    add("longest file in src/", "≤ 400 lines", f"{longest.group(1)} ({longest.group(2)})" if longest else None,
        bool(longest) and int(longest.group(1)) <= 400)
    return out


def main(folder):
    found = rows(Path(folder))
    print("| figure | target | measured | met |")
    print("|---|---|---|---|")
    for figure, target, measured, met in found:
        print(f"| {figure} | {target} | {measured} | {'yes' if met else '**no**'} |")
    print(f"\n{sum(1 for *_, met in found if met)} of {len(found)} targets met")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kos-targets")
