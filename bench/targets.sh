#!/usr/bin/env bash
# Issue 16's figures in one run, each beside its target (docs/BENCHMARKS.md, "Issue 16's targets in one command"):
# `learn` on SQLite (1 learner, 16 disjoint, 16 on one team of 5, with the 256-rows ceiling of the same machine),
# POST report through `kos serve` beside bare Kestrel (bench/http.sh), two `kos serve` on one PostgreSQL database against
# one with forwarding on (bench/http-postgres.sh, FORWARD=1), `duplicates` on src/ and the longest file in src/. Then
# bench/targets.py prints one row per target: measured, met or not. About 8 minutes; run it on a quiet machine, since
# each figure is a rate of this machine and another process's load moves it.
#   bench/targets.sh                     # everything; outputs kept in /tmp/kos-targets (OUT=… elsewhere)
#   POSTGRES=0 bench/targets.sh          # without the PostgreSQL run (it needs $KOS_TEST_POSTGRES or starts .ci/postgres.sh)
#   REPORTS=4000 bench/targets.sh        # reports per learn run (2000 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/kos-targets}
REPORTS=${REPORTS:-2000}
POSTGRES=${POSTGRES:-1}
mkdir -p "$OUT"
rm -f "$OUT"/{learn,http,postgres,duplicates,lines}.txt

echo "machine: $(nproc) cores, $(. /etc/os-release && echo "$PRETTY_NAME"), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
dotnet build -c Release bench/KnowledgeOs.Bench -v q -nologo >/dev/null
echo "learn --reports $REPORTS …" >&2
dotnet artifacts/bin/KnowledgeOs.Bench/release/KnowledgeOs.Bench.dll learn --reports "$REPORTS" > "$OUT/learn.txt"
echo "bench/http.sh (bare-post, kos-post) …" >&2
WARMUP=10s ENDPOINTS="bare-post kos-post" bash bench/http.sh > "$OUT/http.txt"
if [[ $POSTGRES == 1 ]]; then
  echo "bench/http-postgres.sh (FORWARD=1) …" >&2
  FORWARD=1 STICKY=0 HALF=0 bash bench/http-postgres.sh > "$OUT/postgres.txt"
fi
if command -v duplicates >/dev/null; then
  duplicates --repo src > "$OUT/duplicates.txt"
else
  echo "duplicates is not on PATH: its two rows are not measured" >&2
fi
find src -name '*.cs' -print0 | xargs -0 wc -l | grep -v ' total$' | sort -n | tail -1 | awk '{print $1, $2}' > "$OUT/lines.txt"
echo
python3 bench/targets.py "$OUT"
