#!/usr/bin/env bash
# The PostgreSQL HTTP benchmark behind docs/BENCHMARKS.md: POST task reports with wrk (50 connections; a request counts
# when answered within 10 s) through one `kos serve` and through two `kos serve` processes on one PostgreSQL schema,
# beside plain Npgsql single-row insert transactions/s with as many clients (the ceiling). Both servers start once and are
# warmed; then the phases alternate, ROUNDS times: one server (all connections on A, B idle), two servers (half the
# connections on each, the same experts). Each round gives the two-server/one-server ratio of its adjacent phases, so
# load that moves on a shared machine weighs on both sides of a ratio; the median of the rounds and their spread (min..max)
# are printed, with the servers' CPU per request (/proc/<pid>/stat of both kos processes, as bench/pg-costs.sh counts it).
# Last, one phase with each server on its own half of the experts (sticky by expert), and one of server A alone with half
# the connections (HALF=1): with one lease per team only one server writes at a time, so two servers taking turns are
# worth about one server with the half of the clients that is not waiting (docs/BENCHMARKS.md, "pghand").
#   bench/http-postgres.sh            # uses $KOS_TEST_POSTGRES or $KOS_CONNECTION; else starts .ci/postgres.sh
#   ROUNDS=5 SECONDS_PER_PHASE=12 CONNECTIONS=50 WARMUP=10s bench/http-postgres.sh   # the defaults: about 4 minutes
#   STICKY=0 HALF=0 CEILING_SECONDS=5 bench/http-postgres.sh   # without the last two phases; the ceiling measured for 5 s (the default)
#   FORWARD=1 bench/http-postgres.sh   # both servers started with their own --advertise-url: the one without the team's
#     lease forwards its writes to the holder (docs/OPERATIONS.md, "Forwarding writes to the lease holder")
#   PERF=two.perf bench/http-postgres.sh   # also `perf record -F 499 -g` on both servers in the last two-server phase
#     (the JIT settled), and on server A in the last one-server phase (PERF.one), each from 5 s after the phase's start
#     to 1 s before its end: the steady state, not the hand-overs' burst when B comes back
#   PROBE=1 bench/http-postgres.sh   # also each server's runtime counters per phase (bench/RuntimeProbe, a startup hook
#     in both servers alike): GCs per 1,000 requests, GC pause and KB allocated per request, of both servers together
#   KOS_DLL=<other tree>/artifacts/bin/KnowledgeOs.Cli/release/kos.dll bench/http-postgres.sh   # the servers of another
#     build (e.g. the "before" of a comparison), measured by this script exactly as this tree's own
# Each phase also notes PostgreSQL's checkpoints in it (pg_stat_bgwriter, timed + requested) and, with FORWARD=1, the
# connections between the two servers at its end (established, and in TIME-WAIT: a forward pool that opens and closes
# connections under load leaves the latter).
# Before the rounds the servers are warmed for WARMUP each (unmeasured): A alone, then both on the same experts — a
# server's tiered JIT recompiles its hot code for several seconds after it starts, and after the second server starts
# both also run the hand-over paths for the first time (docs/BENCHMARKS.md: with a 3 s warm-up, half of the first
# server's CPU in the two-server phase went to the JIT's background compiler, not to requests).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-12}
DURATION=${SECONDS_PER_PHASE}s
CONNECTIONS=${CONNECTIONS:-50}
WARMUP=${WARMUP:-10s}
STICKY=${STICKY:-1}
HALF=${HALF:-1}
CEILING_SECONDS=${CEILING_SECONDS:-5}
PERF=${PERF:-}
FORWARD=${FORWARD:-0}
PROBE=${PROBE:-}
KOS_DLL=${KOS_DLL:-artifacts/bin/KnowledgeOs.Cli/release/kos.dll}

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
[[ -n $PROBE ]] && dotnet build -c Release bench/RuntimeProbe -v q -nologo >/dev/null
# shellcheck source=bench/lib.sh
source bench/lib.sh
URL_A=http://127.0.0.1:$(free_port)
URL_B=http://127.0.0.1:$(free_port)
# shellcheck source=bench/pg-costs.sh
source bench/pg-costs.sh

# Named JIT frames for perf: the perf map, and no W^X double mapping (its code pages are anonymous to perf).
[[ -n $PERF ]] && export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
serve() { # url log
  local advertise=() probe=()
  [[ $FORWARD == 1 ]] && advertise=(--advertise-url "$1")
  [[ -n $PROBE ]] && probe=("DOTNET_STARTUP_HOOKS=$PWD/artifacts/bin/RuntimeProbe/release/RuntimeProbe.dll" "RUNTIME_PROBE_OUT=$2.probe")
  env "${probe[@]}" dotnet "$KOS_DLL" serve --store postgres --connection "$CONNECTION" --urls "$1" "${advertise[@]}" >"$2" 2>&1 &
  pids+=($!)
  wait_for "$1/health/ready"
}
wrk_post() { # url connections out tag [experts FIRST-LAST]
  wrk -t1 -c"$2" -d"$DURATION" --timeout 10s --latency -s bench/post-report.lua "$1" -- "$4" ${5:-} >"$3"
}
# The ceiling first, on an idle database: one row per transaction, as many clients as wrk has connections.
ceiling=$(dotnet artifacts/bin/KnowledgeOs.Bench/release/KnowledgeOs.Bench.dll postgres --connection "$CONNECTION" \
  --rows ceiling --writers "$CONNECTIONS" --seconds "$CEILING_SECONDS" | grep '^| plain')

serve "$URL_A" "$work/a.log"
wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/post-report.lua "$URL_A" -- warm >/dev/null 2>&1 || true
serve "$URL_B" "$work/b.log"
# Both servers on the same experts, as measured: B's JIT and both servers' hand-overs warm up here.
wrk -t1 -c"$((CONNECTIONS / 2))" -d"$WARMUP" -s bench/post-report.lua "$URL_A" -- warma >/dev/null 2>&1 &
warming=$!
wrk -t1 -c"$((CONNECTIONS - CONNECTIONS / 2))" -d"$WARMUP" -s bench/post-report.lua "$URL_B" -- warmb >/dev/null 2>&1 || true
wait "$warming" || true

# "requests CPU-ms-per-request JIT-ms-per-request" of a phase's costs line.
costs_cpu() { sed -E 's/^[^:]*: ([0-9]+) requests; kos servers ([0-9.]+) CPU ms\/request \(of which the JIT.s tiered compiler at least ([0-9.]+)\).*/\1 \2 \3/' "$1"; }
# Slower of two figures.
slower() { printf '%s\n%s\n' "$1" "$2" | sort -g | tail -1; }

# Batches the servers committed so far: each batch's transaction moves the log head once (PgLogHead.Move). The
# statistics reach pg_stat_user_tables within about a second of a commit, so a phase's count may be off by that much.
# Lease grants so far, with FORWARD=1 only: each grant of a server that advertises an address writes its lease_holders
# row (insert or update) in the grant's round trip, so a phase's grants are its hand-overs (same second's lag as above).
# Every figure read from PostgreSQL at a phase's start or end comes from one psql call there (snapshot): with one call
# per figure the gap between two phases, with no client writing, reached 1.0–1.9 s on a loaded machine, longer than a
# server keeps an idle lease (LeaseIdle, 1 s), so phases began with the lease free and the servers racing for it
# (docs/BENCHMARKS.md, "Forwarding's cost (fwdcpu)"). Lines: kos backends' pids; WAL syncs|commits; batches; lease
# grants; checkpoints (pg_stat_bgwriter, timed + requested).
snapshot() {
  pg_query "SELECT coalesce((SELECT string_agg(pid::text, ' ') FROM pg_stat_activity WHERE application_name IN ('kos', 'kos-lease')), '')
    || E'\\n' || (SELECT wal_sync FROM pg_stat_wal) || '|' || (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())
    || E'\\n' || (SELECT coalesce(sum(n_tup_upd), 0) FROM pg_stat_user_tables WHERE schemaname = '$schema' AND relname = 'log_head')
    || E'\\n' || (SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables WHERE schemaname = '$schema' AND relname = 'lease_holders')
    || E'\\n' || (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)" >"$work/snapshot"
}
kos_backends() { sed -n 1p "$work/snapshot"; }
wal_and_commits() { sed -n 2p "$work/snapshot"; }
batches() { sed -n 3p "$work/snapshot"; }
grants() { [[ $FORWARD == 1 ]] && sed -n 4p "$work/snapshot" || echo 0; }
grants_in() { [[ $FORWARD == 1 ]] && echo $(($(grants) - $1)) || echo "—"; }
checkpoints() { sed -n 5p "$work/snapshot"; }
# Both servers' runtime counters now (PROBE=1; zeros without it: no probe files, and under pipefail a failed cat
# would end the script, whose exit then waited for ever on the pg_stat_activity sampler), summed: "gen0 gen1 gen2 pause-ms allocated-bytes".
probe_now() { { cat "$work/a.log.probe" "$work/b.log.probe" 2>/dev/null || true; } | awk '{ for (i = 1; i <= NF; i++) s[i] += $i } END { printf "%d %d %d %.1f %.0f\n", s[1], s[2], s[3], s[4], s[10] }'; }
# The local ports of the connections one server holds to the other's address (the forward's pool; .NET's sockets are
# dual-mode, [::ffff:127.0.0.1]:port), every half second of a phase: how many are open at once and how many different
# ones the phase saw (a pool that closes and opens connections under load sees many more than it holds).
links_start() { # tag
  local ports="( dport = :${URL_A##*:} or dport = :${URL_B##*:} )"
  ( while kill -0 $$ 2>/dev/null; do
      ss -Htanp state established "$ports" 2>/dev/null | awk '/dotnet/ { n++; sub(/.*:/, "", $3); printf "%s ", $3 } END { print "n=" n + 0 }' >>"$work/$1.links"
      sleep 0.5
    done ) &
  echo $! >"$work/$1.linker"
}
# "most-at-once different-ports" of a phase's forward connections.
links_end() { # tag
  kill "$(cat "$work/$1.linker")" 2>/dev/null || true
  awk '{ for (i = 1; i < NF; i++) seen[$i] = 1; n = substr($NF, 3) + 0; if (n > most) most = n } END { print most + 0, length(seen) }' "$work/$1.links" 2>/dev/null || echo "0 0"
}
phase_start() { # tag
  checkpoints >"$work/$1.ck0"
  probe_now >"$work/$1.probe0"
  links_start "$1"
}
# One line of what else a phase saw: checkpoints, GCs (gen0/1/2) per 1,000 requests, GC pause µs and KB allocated per
# request (PROBE=1, both servers), forward connections (most at once, different ones seen).
phase_end() { # tag requests
  local c0 g0 g1 g2 p a G0 G1 G2 P A
  sleep 0.15   # the probe writes its line every 100 ms
  read -r c0 <"$work/$1.ck0"
  read -r g0 g1 g2 p a <"$work/$1.probe0"
  read -r G0 G1 G2 P A < <(probe_now)
  echo "$(($(checkpoints) - c0)) $(awk -v n="$2" -v g0=$((G0 - g0)) -v g1=$((G1 - g1)) -v g2=$((G2 - g2)) -v p="$(awk -v a="$p" -v b="$P" 'BEGIN { print b - a }')" -v a="$(awk -v a="$a" -v b="$A" 'BEGIN { print b - a }')" 'BEGIN {
    n = n > 0 ? n : 1; printf "%.1f/%.1f/%.2f %.1f %.1f", g0 * 1000 / n, g1 * 1000 / n, g2 * 1000 / n, p * 1000 / n, a / 1024 / n }') $(links_end "$1")" >"$work/$1.extra"
}
# perf record of the given pids from 5 s into a phase until 1 s before its end (in the background).
perf_steady() { # out pids
  ( sleep 5; perf record -F 499 -g -p "$2" -o "$1" -- sleep "$((SECONDS_PER_PHASE - 6))" >"$1.log" 2>&1 ) &
  perf_pid=$!
}
perf_done() { # out
  wait "$perf_pid" || true
  grep -q Captured "$1.log" || echo "perf record did not finish $1 (see $1.log); run again" >&2
}

one_phase() { # round [tag-prefix connections]
  local tag=${2:-one}$1 b0 g0
  snapshot
  costs_start "$tag"
  b0=$(batches)
  g0=$(grants)
  phase_start "$tag"
  [[ -n $PERF && $tag == one$ROUNDS ]] && perf_steady "$PERF.one" "${pids[0]}"
  wrk_post "$URL_A" "${3:-$CONNECTIONS}" "$work/$tag.txt" "$tag"
  [[ -n $PERF && $tag == one$ROUNDS ]] && perf_done "$PERF.one"
  snapshot
  phase_end "$tag" "$(wrk_requests "$work/$tag.txt")"
  costs_end "$tag" "$(wrk_requests "$work/$tag.txt")" >"$work/$tag.costs"
  read -r rps p50 p99 err < <(wrk_summary "$work/$tag.txt")
  read -r _ cpu jit < <(costs_cpu "$work/$tag.costs")
  echo "$rps $p50 $p99 $err $cpu $jit $(cut -d' ' -f1 /proc/loadavg) $(awk -v r="$(wrk_requests "$work/$tag.txt")" -v b="$(($(batches) - b0))" 'BEGIN { printf "%.1f", b ? r / b : 0 }') $(grants_in "$g0")" >"$work/$tag.row"
}
two_phase() { # round tag-prefix [experts of A] [experts of B]
  local tag=$2$1 b0 g0
  snapshot
  costs_start "$tag"
  b0=$(batches)
  g0=$(grants)
  phase_start "$tag"
  [[ -n $PERF && $tag == two$ROUNDS ]] && perf_steady "$PERF" "$(IFS=,; echo "${pids[*]}")"
  wrk_post "$URL_A" "$((CONNECTIONS / 2))" "$work/$tag-a.txt" "${tag}a" ${3:-} &
  local first=$!
  wrk_post "$URL_B" "$((CONNECTIONS - CONNECTIONS / 2))" "$work/$tag-b.txt" "${tag}b" ${4:-}
  wait "$first"
  [[ -n $PERF && $tag == two$ROUNDS ]] && perf_done "$PERF"
  local requests=$(($(wrk_requests "$work/$tag-a.txt") + $(wrk_requests "$work/$tag-b.txt")))
  snapshot
  phase_end "$tag" "$requests"
  costs_end "$tag" "$requests" >"$work/$tag.costs"
  read -r a_rps a_p50 a_p99 a_err < <(wrk_summary "$work/$tag-a.txt")
  read -r b_rps b_p50 b_p99 b_err < <(wrk_summary "$work/$tag-b.txt")
  read -r _ cpu jit < <(costs_cpu "$work/$tag.costs")
  echo "$((a_rps + b_rps)) $(slower "$a_p50" "$b_p50") $(slower "$a_p99" "$b_p99") $a_err;$b_err $cpu $jit $(cut -d' ' -f1 /proc/loadavg) $(awk -v r="$requests" -v b="$(($(batches) - b0))" 'BEGIN { printf "%.1f", b ? r / b : 0 }') $(grants_in "$g0")" >"$work/$tag.row"
}

for round in $(seq 1 "$ROUNDS"); do
  one_phase "$round"
  two_phase "$round" two
done
[[ $STICKY == 1 ]] && two_phase 1 sticky 0-49 50-99
[[ $HALF == 1 ]] && one_phase 1 half "$((CONNECTIONS / 2))"

echo "wrk POST task reports, $CONNECTIONS connections, $ROUNDS rounds of $DURATION per phase (one server, then two on the same experts) after $WARMUP + $WARMUP warm-up, loopback; forwarding to the lease holder $([[ $FORWARD == 1 ]] && echo on || echo off); $(nproc) cores; load average at the end $(cut -d' ' -f1 /proc/loadavg); PostgreSQL schema $schema"
echo
echo "$ceiling" | awk -F'|' '{ printf "Ceiling, plain Npgsql INSERT, 1 row per transaction, %s clients: %s tx/s (p50 %s, p99 %s ms)\n\n", $4+0, $6, $7, $8 }'
echo "| round | load | 1 server req/s | p99 ms | CPU ms/req (JIT) | req/batch | 2 servers req/s | slower p99 ms | CPU ms/req (JIT) | req/batch | 2 vs 1 | CPU 2 vs 1 | non-2xx (1; 2a;2b) | lease grants (1; 2) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
for round in $(seq 1 "$ROUNDS"); do
  read -r o_rps _ o_p99 o_err o_cpu o_jit o_load o_batch o_grants <"$work/one$round.row"
  read -r t_rps _ t_p99 t_err t_cpu t_jit t_load t_batch t_grants <"$work/two$round.row"
  awk -v r="$round" -v l="$o_load/$t_load" -v or="$o_rps" -v op="$o_p99" -v oc="$o_cpu" -v oj="$o_jit" -v ob="$o_batch" -v tr="$t_rps" -v tp="$t_p99" -v tc="$t_cpu" -v tj="$t_jit" -v tb="$t_batch" -v e="$o_err; $t_err" -v g="$o_grants; $t_grants" 'BEGIN {
    printf "| %d | %s | %d | %s | %s (%s) | %s | %d | %s | %s (%s) | %s | %+.1f %% | %+.1f %% | %s | %s |\n", r, l, or, op, oc, oj, ob, tr, tp, tc, tj, tb, (tr / or - 1) * 100, (tc / oc - 1) * 100, e, g }'
  echo "$(awk -v o="$o_rps" -v t="$t_rps" 'BEGIN { printf "%.4f", t / o }') $(awk -v o="$o_cpu" -v t="$t_cpu" 'BEGIN { printf "%.4f", t / o }')" >>"$work/ratios"
done
# Median and spread of the rounds' ratios (an even count takes the mean of the middle two).
median_spread() { # column
  cut -d' ' -f"$1" "$work/ratios" | sort -g | awk '{ v[NR] = $1 } END {
    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%+.1f %% (rounds %+.1f .. %+.1f %%)", (m - 1) * 100, (v[1] - 1) * 100, (v[NR] - 1) * 100 }'
}
echo
echo "2 servers vs 1, requests/s: median $(median_spread 1); server CPU per request: median $(median_spread 2)"
if [[ $STICKY == 1 ]]; then
  read -r s_rps _ s_p99 s_err s_cpu s_jit s_load s_batch s_grants <"$work/sticky1.row"
  echo "2 servers, each on its own half of the experts: $s_rps req/s, slower p99 $s_p99 ms, $s_cpu CPU ms/req (JIT $s_jit), $s_batch req/batch, non-2xx $s_err, lease grants $s_grants, load $s_load"
fi
if [[ $HALF == 1 ]]; then
  read -r h_rps _ h_p99 h_err h_cpu h_jit h_load h_batch h_grants <"$work/half1.row"
  echo "1 server with half the connections ($((CONNECTIONS / 2)), what each server has when two take turns): $h_rps req/s, p99 $h_p99 ms, $h_cpu CPU ms/req (JIT $h_jit), $h_batch req/batch, non-2xx $h_err, lease grants $h_grants, load $h_load"
fi
echo
echo "| phase | checkpoints | GCs gen0/1/2 per 1,000 req | GC pause µs/req | KB allocated/req | forward connections (most at once; different ones seen) |"
echo "|---|---:|---:|---:|---:|---|"
for tag in $(for round in $(seq 1 "$ROUNDS"); do echo "one$round two$round"; done) $([[ $STICKY == 1 ]] && echo sticky1) $([[ $HALF == 1 ]] && echo half1); do
  read -r ck gcs pause kb most seen <"$work/$tag.extra"
  [[ -n $PROBE ]] || { gcs="—"; pause="—"; kb="—"; }
  echo "| $tag | $ck | $gcs | $pause | $kb | $most; $seen |"
done
echo
cat "$work"/one*.costs "$work"/two*.costs
[[ $STICKY == 1 ]] && cat "$work/sticky1.costs"
exit 0
