#!/usr/bin/env bash
# The PostgreSQL HTTP benchmark behind docs/BENCHMARKS.md: POST task reports with wrk (50 connections, 10 s by
# default; a request counts when answered within 10 s) through one `kos serve` and then through two `kos serve`
# processes on one PostgreSQL schema, beside plain Npgsql single-row insert transactions/s with as many clients in the same run (the ceiling). Below the table,
# one line per phase says where its time went (bench/pg-costs.sh: CPU per request of the servers and of their database
# backends, commits per WAL flush, what the backends were waiting on).
#   bench/http-postgres.sh            # uses $KOS_TEST_POSTGRES or $KOS_CONNECTION; else starts .ci/postgres.sh
#   DURATION=10s CONNECTIONS=50 WARMUP=15s bench/http-postgres.sh
#   PERF=two.perf bench/http-postgres.sh   # also `perf record -F 499 -g` on both servers during the measured two-server phase
# Before each measured phase its servers are warmed for WARMUP on the same experts (unmeasured): a server's tiered JIT
# recompiles its hot code for several seconds after it starts, and after the second server starts both servers also run
# the hand-over paths for the first time — with a 3 s warm-up (before 2026-12-05 19:00), half of the first server's CPU
# in the two-server phase went to the JIT's background compiler, not to requests (docs/BENCHMARKS.md).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
WARMUP=${WARMUP:-15s}
PERF=${PERF:-}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [[ -z ${KOS_CONNECTION:-} ]]; then
  if [[ -z ${KOS_TEST_POSTGRES:-} ]]; then source .ci/postgres.sh >/dev/null; fi
  KOS_CONNECTION=$KOS_TEST_POSTGRES
fi
# A fresh schema per run, so earlier runs' events do not weigh on this one.
schema="bench_$(date +%s)"
CONNECTION="$KOS_CONNECTION;Search Path=$schema"

dotnet build -c Release src/KnowledgeOs.Cli -v q -nologo >/dev/null
dotnet build -c Release bench/KnowledgeOs.Bench -v q -nologo >/dev/null
# shellcheck source=bench/lib.sh
source bench/lib.sh
URL_A=http://127.0.0.1:$(free_port)
URL_B=http://127.0.0.1:$(free_port)
# shellcheck source=bench/pg-costs.sh
source bench/pg-costs.sh

# Named JIT frames for perf: the perf map, and no W^X double mapping (its code pages are anonymous to perf).
[[ -n $PERF ]] && export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
serve() { # url log
  dotnet artifacts/bin/KnowledgeOs.Cli/release/kos.dll serve --store postgres --connection "$CONNECTION" --urls "$1" >"$2" 2>&1 &
  pids+=($!)
  wait_for "$1/health/ready"
}
wrk_post() { # url connections out tag [experts FIRST-LAST]
  wrk -t1 -c"$2" -d"$DURATION" --timeout 10s --latency -s bench/post-report.lua "$1" -- "$4" ${5:-} >"$3"
}
# The ceiling first, on an idle database: one row per transaction, as many clients as wrk has connections.
ceiling=$(dotnet artifacts/bin/KnowledgeOs.Bench/release/KnowledgeOs.Bench.dll postgres --connection "$CONNECTION" \
  --rows ceiling --writers "$CONNECTIONS" --seconds "${DURATION%s}" | grep '^| plain')

serve "$URL_A" "$work/a.log"
wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/post-report.lua "$URL_A" -- warm >/dev/null 2>&1 || true
costs_start one
wrk_post "$URL_A" "$CONNECTIONS" "$work/one.txt" one
costs_end one "$(wrk_requests "$work/one.txt")" >"$work/one.costs"
read -r one_rps one_p50 one_p99 one_err < <(wrk_summary "$work/one.txt")

serve "$URL_B" "$work/b.log"
# Both servers on the same experts, as measured next: B's JIT and both servers' hand-overs warm up here.
wrk -t1 -c"$((CONNECTIONS / 2))" -d"$WARMUP" -s bench/post-report.lua "$URL_A" -- warma >/dev/null 2>&1 &
warming=$!
wrk -t1 -c"$((CONNECTIONS - CONNECTIONS / 2))" -d"$WARMUP" -s bench/post-report.lua "$URL_B" -- warmb >/dev/null 2>&1 || true
wait "$warming" || true
costs_start two
[[ -n $PERF ]] && { perf record -F 499 -g -p "$(IFS=,; echo "${pids[*]}")" -o "$PERF" >"$PERF.log" 2>&1 & perf_pid=$!; }
wrk_post "$URL_A" "$((CONNECTIONS / 2))" "$work/two-a.txt" twoa &
first=$!
wrk_post "$URL_B" "$((CONNECTIONS - CONNECTIONS / 2))" "$work/two-b.txt" twob
wait "$first"
if [[ -n $PERF ]]; then
  kill -INT "$perf_pid" 2>/dev/null || true
  wait "$perf_pid" || true
  grep -q Captured "$PERF.log" || echo "perf record did not finish $PERF (see $PERF.log); run again" >&2
fi
costs_end two "$(($(wrk_requests "$work/two-a.txt") + $(wrk_requests "$work/two-b.txt")))" >"$work/two.costs"
read -r a_rps a_p50 a_p99 a_err < <(wrk_summary "$work/two-a.txt")
read -r b_rps b_p50 b_p99 b_err < <(wrk_summary "$work/two-b.txt")

# The same with each server given its own half of the experts, as a load balancer sticky by expert would.
costs_start sticky
wrk_post "$URL_A" "$((CONNECTIONS / 2))" "$work/sticky-a.txt" stickya 0-49 &
first=$!
wrk_post "$URL_B" "$((CONNECTIONS - CONNECTIONS / 2))" "$work/sticky-b.txt" stickyb 50-99
wait "$first"
costs_end sticky "$(($(wrk_requests "$work/sticky-a.txt") + $(wrk_requests "$work/sticky-b.txt")))" >"$work/sticky.costs"
read -r sa_rps sa_p50 sa_p99 sa_err < <(wrk_summary "$work/sticky-a.txt")
read -r sb_rps sb_p50 sb_p99 sb_err < <(wrk_summary "$work/sticky-b.txt")

load=$(cut -d' ' -f1 /proc/loadavg)
echo "wrk POST task reports, $CONNECTIONS connections, $DURATION after $WARMUP warm-up per phase, loopback; $(nproc) cores; load average $load; PostgreSQL schema $schema"
echo
echo "| what | requests or tx/s | p50 ms | p99 ms | non-2xx |"
echo "|---|---:|---:|---:|---:|"
echo "$ceiling" | awk -F'|' '{ printf "| plain Npgsql INSERT, 1 row per transaction, %s clients (ceiling) | %s | %s | %s | — |\n", $4+0, $6, $7, $8 }'
echo "| POST report through 1 server | $one_rps | $one_p50 | $one_p99 | $one_err |"
echo "| POST report through 2 servers (sum; p50/p99 of the slower) | $((a_rps + b_rps)) | $(printf '%s\n%s\n' "$a_p50" "$b_p50" | sort -g | tail -1) | $(printf '%s\n%s\n' "$a_p99" "$b_p99" | sort -g | tail -1) | $a_err; $b_err |"
echo "| POST report through 2 servers, each on its own half of the experts (sum; slower p50/p99) | $((sa_rps + sb_rps)) | $(printf '%s\n%s\n' "$sa_p50" "$sb_p50" | sort -g | tail -1) | $(printf '%s\n%s\n' "$sa_p99" "$sb_p99" | sort -g | tail -1) | $sa_err; $sb_err |"
echo
cat "$work/one.costs" "$work/two.costs" "$work/sticky.costs"
