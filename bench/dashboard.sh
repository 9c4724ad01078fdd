#!/usr/bin/env bash
# The dashboard benchmark behind docs/BENCHMARKS.md: wrk on loopback (2 threads, 20 connections, 10 s by default)
# against `kos serve --sample` on a fresh SQLite file: the team overview page, an expert's page, and the
# knowledge.md API endpoint as the reference in the same run. Prints a Markdown table with requests/s, p50 and p99.
#   bench/dashboard.sh            # DURATION=10s THREADS=2 CONNECTIONS=20
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-20}
KOS_URL=http://127.0.0.1:5092

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
dotnet build -c Release src/KnowledgeOs.Cli -v q -nologo >/dev/null

# shellcheck source=bench/lib.sh
source bench/lib.sh

dotnet artifacts/bin/KnowledgeOs.Cli/release/kos.dll serve --sample --data "$work/kos.db" --urls "$KOS_URL" >"$work/kos.log" 2>&1 &
pids+=($!)
wait_for "$KOS_URL/health/ready"
OVERVIEW=/ui/teams/default
EXPERT=/ui/teams/default/experts/dmitriy
MARKDOWN=/api/v1/teams/default/experts/dmitriy/knowledge.md
for path in "$OVERVIEW" "$EXPERT" "$MARKDOWN"; do curl -sf "$KOS_URL$path" >/dev/null; done

run() { # name path
  local name=$1 url=$KOS_URL$2
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
  wrk "${args[@]}" -d3s "$url" >/dev/null 2>&1 || true   # warm-up: JIT, caches
  wrk "${args[@]}" "$url" >"$work/$name.txt"
  local rps p50 p99 errors bytes
  read -r rps p50 p99 errors < <(wrk_summary "$work/$name.txt")
  bytes=$(curl -s "$url" | wc -c)
  echo "| $name \`$2\` | $rps | $p50 | $p99 | $errors | $bytes |" >>"$work/results"
}

run overview "$OVERVIEW"
run expert "$EXPERT"
run knowledge.md "$MARKDOWN"

load=$(cut -d' ' -f1 /proc/loadavg)
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION on loopback; $(nproc) cores; load average $load after the run"
echo
echo "| page | requests/s | p50 ms | p99 ms | non-2xx | bytes |"
echo "|---|---:|---:|---:|---:|---:|"
cat "$work/results"
