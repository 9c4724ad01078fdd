#!/usr/bin/env bash
# The dashboard's team pages by CPU per request (docs/BENCHMARKS.md, "caches2"): `kos serve --sample` on a fresh SQLite
# file, each address warmed for WARMUP then `wrk --latency` for DURATION, and the server's utime+stime over the measured
# run divided by its requests. Usage: bench/dashboard-cpu.sh [worktree with a Release kos, default this one]
#   DURATION=10s THREADS=2 CONNECTIONS=20 WARMUP=5s by default
#   KOS_CONNECTION=<PostgreSQL connection string> bench/dashboard-cpu.sh   # on PostgreSQL, in a fresh schema
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "${1:-$here/..}"
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-20}
WARMUP=${WARMUP:-5s}
# shellcheck source=bench/lib.sh
source "$here/lib.sh"
cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000000 / hz }' "/proc/$1/stat"; }
url=http://127.0.0.1:$(free_port)
store=(--data "$work/kos.db")
[[ -n ${KOS_CONNECTION:-} ]] && store=(--store postgres --connection "$KOS_CONNECTION;Search Path=dashboard_$(date +%s%N)")
dotnet artifacts/bin/KnowledgeOs.Cli/release/kos.dll serve --sample "${store[@]}" --urls "$url" >"$work/kos.log" 2>&1 &
pid=$!
pids+=($pid)
wait_for "$url/health/ready" || { cat "$work/kos.log" >&2; exit 1; }
echo "| page | requests/s | p50 ms | p99 ms | non-2xx | CPU µs/request | load |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for page in /ui/teams/default /ui/teams/default/skill-matrix.svg; do
  wrk --timeout 10s -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url$page" >/dev/null
  before=$(cpu_us "$pid")
  wrk --timeout 10s -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url$page" >"$work/wrk.txt"
  curl -s -o /dev/null -w "%{http_code} " "$url$page" >&2
  used=$(( $(cpu_us "$pid") - before ))
  grep -q "requests in" "$work/wrk.txt" && ! grep -q "^ *0 requests in" "$work/wrk.txt" || { cat "$work/wrk.txt" >&2; exit 1; }
  requests=$(awk '/requests in/ { print $1 }' "$work/wrk.txt")
  read -r rps p50 p99 errors <<<"$(wrk_summary "$work/wrk.txt")"
  echo "| $page | $rps | $p50 | $p99 | $errors | $(( used / requests )) | $(cut -d' ' -f1 /proc/loadavg) |"
done
