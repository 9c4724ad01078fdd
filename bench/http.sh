#!/usr/bin/env bash
# The HTTP benchmark behind docs/BENCHMARKS.md: wrk on loopback (2 threads, 50 connections, 10 s by default)
# against `kos serve` on a fresh SQLite file with the sample team, beside a bare Kestrel endpoint in the same
# run (the ceiling). Prints a Markdown table with requests/s, p50, p99 and the ratio to the bare endpoint.
# Beside each kos-* row it prints the server's CPU per request (utime+stime from /proc over the measured run).
#   bench/http.sh                 # DURATION=10s THREADS=2 CONNECTIONS=50 WARMUP=3s
#   WARMUP=20s bench/http.sh      # a longer warm-up per endpoint: on a loaded 2-core machine 3 s leaves the POST path
#                                 # in tier-0 and instrumented code, so the JIT shows in the measured run's CPU
#   PERF=out.perf bench/http.sh   # also `perf record -F 499 -g` on kos serve during the measured kos-post run
#                                 # (read it with: perf script -i out.perf | python3 bench/perf-parts.py)
#   COUNTERS=1 bench/http.sh      # also dotnet-counters (dotnet tool install -g dotnet-counters) on kos serve during the
#                                 # measured kos-post run: KB allocated and GC pause µs per POST
#   PROBE=1 bench/http.sh         # also the runtime's own counters of kos serve over each measured kos-* run, through a
#                                 # startup hook (bench/RuntimeProbe, nothing to install): GCs, pause, longest pause, JIT, pool,
#                                 # bytes allocated per request
#   KOS_ENV="DOTNET_gcServer=1" bench/http.sh   # environment for kos serve alone (bare Kestrel, wrk and the builds keep theirs)
#   FSYNC=1 bench/http.sh         # also the disk's fsync latency over each measured kos-* run (bench/fsync-probe.py: a 16 KB
#                                 # write + fsync every 50 ms beside the database file): p50/p99/max, a floor under POST p99
#   ENDPOINTS="bare-post kos-post" bench/http.sh  # only these of bare-get, kos-get, bare-post, kos-post (in that order)
#   KEY=1 bench/http.sh           # the keyed caller: API keys are created with `kos keys create` on the bench's database
#                                 # before kos serve starts (KEYS=16 of team bench, scope write, for the POSTs; GET_KEYS=64 of
#                                 # team default, scope read, for the GETs) and wrk sends `Authorization: Bearer` with one of
#                                 # them per request, in turn (bench/get-keyed.lua, bench/post-report.lua), so no key reaches
#                                 # the per-key rate limit (2,000/s: 16 keys 32,000 POSTs/s, 64 keys 128,000 GETs/s); a POST
#                                 # without a key must be refused 401 first, and a 429 shows in the non-2xx column
#   SSE=1 bench/http.sh           # one SSE client follows the default team during every run (the change feed's reader; on
#                                 # SQLite the watch of the file, see BENCHMARKS "servewake")
# Both servers listen on loopback ports the kernel picks free, so two runs at once do not collide.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
WARMUP=${WARMUP:-3s}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
dotnet build -c Release src/KnowledgeOs.Cli -v q -nologo >/dev/null
dotnet build -c Release bench/BareKestrel -v q -nologo >/dev/null

# shellcheck source=bench/lib.sh
source bench/lib.sh
KOS_URL=http://127.0.0.1:$(free_port)
BARE_URL=http://127.0.0.1:$(free_port)

PERF=${PERF:-}
COUNTERS=${COUNTERS:-}
PROBE=${PROBE:-}
FSYNC=${FSYNC:-}
KEY=${KEY:-}
KEYS=${KEYS:-16}
GET_KEYS=${GET_KEYS:-64}
ENDPOINTS=${ENDPOINTS:-bare-get kos-get bare-post kos-post}
read -ra kos_env <<<"${KOS_ENV:-}"
if [[ -n $PROBE ]]; then
  dotnet build -c Release bench/RuntimeProbe -v q -nologo >/dev/null
  kos_env+=("DOTNET_STARTUP_HOOKS=$PWD/artifacts/bin/RuntimeProbe/release/RuntimeProbe.dll" "RUNTIME_PROBE_OUT=$work/probe")
fi
[[ -n $COUNTERS ]] && PATH=$PATH:$HOME/.dotnet/tools && { command -v dotnet-counters >/dev/null || { echo "dotnet-counters is missing: dotnet tool install -g dotnet-counters" >&2; exit 1; }; }
# Named JIT frames for perf: the perf map, and no W^X double mapping (its code pages are anonymous to perf).
[[ -n $PERF ]] && export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
declare -A keys=()   # endpoint -> its API keys, space-separated (KEY=1)
auth=()              # curl's header for the one GET below
if [[ -n $KEY ]]; then
  new_keys() { # team scope count: that many keys, printed space-separated
    for i in $(seq 1 "$3"); do
      dotnet artifacts/bin/KnowledgeOs.Cli/release/kos.dll keys create --data "$work/kos.db" --team "$1" --name "bench-$2-$i" --scope "$2" --json |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])'
    done | paste -sd' ' -
  }
  keys[kos-post]=$(new_keys bench write "$KEYS")
  keys[kos-get]=$(new_keys default read "$GET_KEYS")
  auth=(-H "Authorization: Bearer ${keys[kos-get]%% *}")
fi
env "${kos_env[@]}" dotnet artifacts/bin/KnowledgeOs.Cli/release/kos.dll serve --sample --data "$work/kos.db" --urls "$KOS_URL" >"$work/kos.log" 2>&1 &
kos_pid=$!
pids+=($kos_pid)
wait_for "$KOS_URL/health/ready"
if [[ -n ${SSE:-} ]]; then   # SSE=1: one SSE client follows the team during every run (the feed's reader and, on SQLite, the file watch)
  curl -sN "$KOS_URL/api/v1/teams/default/events/stream" >/dev/null 2>&1 &
  pids+=($!)
fi
unset DOTNET_PerfMapEnabled DOTNET_EnableWriteXorExecute
GET_PATH=/api/v1/teams/default/experts/dmitriy/knowledge.md
curl -sf "${auth[@]}" "$KOS_URL$GET_PATH" >"$work/knowledge.md"
if [[ -n $KEY ]]; then   # the keys are in force: a POST without one is refused, with one it is learned
  post() { local id=$1; shift; curl -s -o /dev/null -w '%{http_code}' "$@" -H 'Content-Type: application/json' "$KOS_URL/api/v1/teams/bench/reports?onboard=true" \
    --data "{\"taskId\":\"keycheck-$id\",\"title\":\"Key check\",\"completedAt\":\"2026-03-03T17:40:00Z\",\"outcome\":\"success\",\"participants\":[{\"expert\":\"bench-0\",\"newKnowledge\":[\"Key check\"]}]}"; }
  [[ $(post 1) == 401 && $(post 2 -H "Authorization: Bearer ${keys[kos-post]%% *}") == 201 ]] ||
    { echo "KEY=1: a POST without a key was not refused 401, or one with a key was not learned 201" >&2; exit 1; }
fi
dotnet artifacts/bin/BareKestrel/release/BareKestrel.dll "$BARE_URL" "$work/knowledge.md" >"$work/bare.log" 2>&1 &
pids+=($!)
wait_for "$BARE_URL/text"

# CPU time of a process in microseconds (utime + stime, fields 14 and 15 of /proc/PID/stat, in clock ticks).
cpu_us() { awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000000 / hz }' "/proc/$1/stat"; }

run() { # name url [script]
  local name=$1 url=$2 script=${3:-} perf_pid="" counters_pid="" fsync_pid="" cpu0 cpu1 requests probe0
  [[ " $ENDPOINTS " == *" $name "* ]] || return 0
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
  [[ -n ${keys[$name]:-} && -z $script ]] && script=bench/get-keyed.lua
  [[ -n $script ]] && args+=(-s "$script")
  export KOS_KEYS=${keys[$name]:-}   # the scripts' keys (none: the local caller)
  wrk "${args[@]}" -d"$WARMUP" "$url" >/dev/null 2>&1 || true   # warm-up: JIT, connection pools, caches
  if [[ -n $PERF && $name == kos-post ]]; then
    perf record -F 499 -g -p "$kos_pid" -o "$PERF" >"$PERF.log" 2>&1 & perf_pid=$!
  fi
  if [[ -n $COUNTERS && $name == kos-post ]]; then
    # The runtime's cumulative allocation and GC pause counters, once a second, for the measured run.
    # Stopped by --duration (the measured run and 3 s): killed, it leaves its buffered lines unwritten.
    local seconds=${DURATION%s}; [[ $seconds =~ ^[0-9]+$ ]] || seconds=10; seconds=$((seconds + 3))
    dotnet-counters collect -p "$kos_pid" --refresh-interval 1 --format csv -o "$work/counters.csv" \
      --duration "$(printf '00:00:%02d:%02d' $((seconds / 60)) $((seconds % 60)))" \
      --counters 'System.Runtime[dotnet.gc.heap.total_allocated,dotnet.gc.pause.time]' >"$work/counters.log" 2>&1 & counters_pid=$!
    sleep 2   # its session attached before wrk starts
  fi
  if [[ -n $PROBE && $name == kos-* ]]; then
    touch "$work/probe.reset"; sleep 0.3   # the longest pause and queue start again (the probe looks every 100 ms)
    probe0=$(cat "$work/probe")
  fi
  [[ -n $FSYNC && $name == kos-* ]] && { python3 bench/fsync-probe.py "$work/fsync-probe.bin" >"$work/$name.fsync" & fsync_pid=$!; }
  [[ $name == kos-* ]] && cpu0=$(cpu_us "$kos_pid")
  wrk "${args[@]}" "$url" >"$work/$name.txt"
  [[ $name == kos-* ]] && cpu1=$(cpu_us "$kos_pid")
  [[ -n $fsync_pid ]] && { kill -TERM "$fsync_pid"; wait "$fsync_pid" || true; }
  [[ -n $PROBE && $name == kos-* ]] && { sleep 0.15; echo "$name $probe0 $(cat "$work/probe")" >>"$work/probes"; }
  [[ -n $counters_pid ]] && { wait "$counters_pid" || true; }
  if [[ -n $perf_pid ]]; then
    kill -INT "$perf_pid" 2>/dev/null || true
    wait "$perf_pid" || true
    # perf sometimes dies without finishing its file (seen twice in ten runs at load ~20): say so rather than profile nothing.
    grep -q Captured "$PERF.log" || echo "perf record did not finish $PERF (see $PERF.log); run again" >&2
  fi
  echo "$name $(wrk_summary "$work/$name.txt")" >>"$work/results"
  if [[ $name == kos-* ]]; then
    requests=$(awk '/requests in/ { print $1 }' "$work/$name.txt")
    echo "$name $(( (cpu1 - cpu0) / (requests > 0 ? requests : 1) ))" >>"$work/cpu"
  fi
}

run bare-get "$BARE_URL/text"
run kos-get "$KOS_URL$GET_PATH"
run bare-post "$BARE_URL/echo" bench/post-echo.lua
run kos-post "$KOS_URL" bench/post-report.lua

load=$(cut -d' ' -f1 /proc/loadavg)
callers="the local caller (no API key exists)"
[[ -n $KEY ]] && callers="keyed callers (Authorization: Bearer, $KEYS API keys for the POSTs and $GET_KEYS for the GETs, taken in turn)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP) on loopback; $(nproc) cores; load average $load; knowledge.md $(wc -c <"$work/knowledge.md") bytes; kos-* as $callers"
echo
echo "| endpoint | requests/s | p50 ms | p99 ms | non-2xx | of bare |"
echo "|---|---:|---:|---:|---:|---:|"
awk '{ r[$1] = $2; line[NR] = $0 }
  END {
    for (i = 1; i <= NR; i++) {
      split(line[i], f, " "); name = f[1]; base = name; sub(/^kos-/, "bare-", base)
      ratio = (name ~ /^kos-/ && r[base] > 0) ? sprintf("%.0f%%", 100 * f[2] / r[base]) : "—"
      errs = f[5]; for (j = 6; j in f; j++) errs = errs " " f[j]
      printf "| %s | %d | %s | %s | %s | %s |\n", name, f[2], f[3], f[4], errs, ratio
    }
  }' "$work/results"
echo
echo "kos serve CPU per request (utime+stime from /proc over the measured run): $(awk '{ printf "%s%s %d µs", sep, $1, $2; sep = ", " }' "$work/cpu")"
if [[ -n $PROBE ]]; then
  # Two lines of the probe per run (before, after): cumulative counts subtracted; the longest pause and queue are the run's.
  while read -r name g0 g1 g2 p _ m j _ _ a G0 G1 G2 P L M J T Q A; do
    requests=$(awk '/requests in/ { print $1 }' "$work/$name.txt")
    awk -v n="$requests" -v name="$name" -v g0=$((G0 - g0)) -v g1=$((G1 - g1)) -v g2=$((G2 - g2)) -v p="$p" -v P="$P" -v L="$L" \
      -v m=$((M - m)) -v j=$((J - j)) -v T="$T" -v Q="$Q" -v a=$((A - a)) 'BEGIN {
      printf "%s from the runtime (probe): GCs gen0/1/2 %d/%d/%d, GC pause %.1f µs per request (longest %.1f ms), JIT %d methods %d ms, pool threads %d, longest queue %d, %.1f KB allocated per request\n",
        name, g0, g1, g2, (P - p) * 1000 / (n > 0 ? n : 1), L, m, j, T, Q, a / 1024 / (n > 0 ? n : 1) }'
  done <"$work/probes"
fi
if [[ -n $FSYNC ]]; then
  for f in "$work"/kos-*.fsync; do
    read -r n p50 p99 max <"$f"
    echo "$(basename "$f" .fsync) beside it, the disk (16 KB write + fsync every 50 ms on the database's file system): $n fsyncs, p50 $p50 ms, p99 $p99 ms, max $max ms"
  done
fi
if [[ -n $COUNTERS ]]; then
  # Each line is the increment over one second (Rate): summed over the measured run and the 3 s around it, per request.
  requests=$(awk '/requests in/ { print $1 }' "$work/kos-post.txt")
  awk -F, -v n="$requests" '
    $3 ~ /total_allocated/ { a += $NF }
    $3 ~ /pause.time/      { p += $NF }
    END { if (n > 0 && a > 0) printf "kos-post from dotnet-counters: %.1f KB allocated and %.1f µs of GC pause per POST (over the measured run and 3 s around it)\n", a / n / 1024, p * 1000000 / n
          else print "kos-post: dotnet-counters gave no samples (see its log)" }' "$work/counters.csv"
fi
