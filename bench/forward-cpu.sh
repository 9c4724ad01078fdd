#!/usr/bin/env bash
# The forward's own cost (docs/BENCHMARKS.md, "The forward's cost (hopcost)"): CPU the forwarding server spends per
# forwarded write, user and kernel apart, read from /proc/<pid>/stat. For each build given, two `kos serve` on
# PostgreSQL, each with its own --advertise-url and schema: A (the holder) takes the team's lease with a short wrk of its
# own, then wrk POSTs task reports to B only, which forwards every one of them to A. The builds' phases alternate,
# ROUNDS times, so load that moves on a shared machine weighs on each build alike. Before each phase of B, one second of
# writes to A takes back the lease A let go while the other build ran (LeaseIdle, 1 s); a phase in which B took the
# lease itself (a lease grant in it) measured B's own writes, not forwards, and is marked.
#   bench/forward-cpu.sh                              # this tree's Release build only
#   BUILDS="before=/work/wt-base-before/artifacts/bin/KnowledgeOs.Cli/release/kos.dll after=artifacts/bin/KnowledgeOs.Cli/release/kos.dll" \
#     ROUNDS=4 SECONDS_PER_PHASE=10 CONNECTIONS=25 WARMUP=10s bench/forward-cpu.sh   # the defaults but BUILDS
#   BUILDS="after=… nospin=artifacts/bin/KnowledgeOs.Cli/release/kos.dll" ENV_nospin="DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" \
#     bench/forward-cpu.sh   # ENV_<name>: environment of that build's two servers (a runtime setting, not a build)
# Prints one row per phase (builds alternating) and each build's median: forwarder (B) user, kernel and total CPU µs per
# forwarded request, the holder's (A) total CPU µs per request, req/s, p99 and non-2xx.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-4}
SECONDS_PER_PHASE=${SECONDS_PER_PHASE:-10}
CONNECTIONS=${CONNECTIONS:-25}
WARMUP=${WARMUP:-10s}
BUILDS=${BUILDS:-this=artifacts/bin/KnowledgeOs.Cli/release/kos.dll}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
if [[ -z ${KOS_CONNECTION:-} ]]; then
  if [[ -z ${KOS_TEST_POSTGRES:-} ]]; then source .ci/postgres.sh >/dev/null; fi
  KOS_CONNECTION=$KOS_TEST_POSTGRES
fi
# shellcheck source=bench/lib.sh
source bench/lib.sh
# shellcheck source=bench/pg-costs.sh
source bench/pg-costs.sh

declare -A holder forwarder url_a url_b schema_of
names=()
for build in $BUILDS; do
  name=${build%%=*}
  dll=${build#*=}
  environment="ENV_$name"
  read -r -a environment <<<"${!environment:-}"
  [[ -f $dll ]] || { echo "$dll does not exist: build it (dotnet build -c Release src/KnowledgeOs.Cli)" >&2; exit 1; }
  names+=("$name")
  schema_of[$name]="fwd_${name}_$(date +%s)"
  connection="$KOS_CONNECTION;Search Path=${schema_of[$name]}"
  url_a[$name]=http://127.0.0.1:$(free_port)
  url_b[$name]=http://127.0.0.1:$(free_port)
  env "${environment[@]}" dotnet "$dll" serve --store postgres --connection "$connection" --urls "${url_a[$name]}" --advertise-url "${url_a[$name]}" >"$work/$name-a.log" 2>&1 &
  pids+=($!)
  holder[$name]=$!
  wait_for "${url_a[$name]}/health/ready"
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/post-report.lua "${url_a[$name]}" -- "warma$name" >/dev/null 2>&1 || true
  env "${environment[@]}" dotnet "$dll" serve --store postgres --connection "$connection" --urls "${url_b[$name]}" --advertise-url "${url_b[$name]}" >"$work/$name-b.log" 2>&1 &
  pids+=($!)
  forwarder[$name]=$!
  wait_for "${url_b[$name]}/health/ready"
  # B's JIT warms on the forward path: A keeps the lease by its own writes beside it.
  wrk -t1 -c2 -d"$WARMUP" -s bench/post-report.lua "${url_a[$name]}" -- "keepa$name" >/dev/null 2>&1 &
  keeping=$!
  wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" -s bench/post-report.lua "${url_b[$name]}" -- "warmb$name" >/dev/null 2>&1 || true
  wait "$keeping" || true
done

# "user-ticks system-ticks" of a process so far.
ticks() { awk '{ print $14, $15 }' "/proc/$1/stat"; }
grants() { pg_query "SELECT coalesce(sum(n_tup_ins + n_tup_upd), 0) FROM pg_stat_user_tables WHERE schemaname = '$1' AND relname = 'lease_holders'"; }

hz=$(getconf CLK_TCK)
echo "| round | build | UTC | load | B user µs/req | B kernel µs/req | B CPU µs/req | A CPU µs/req | req/s | p99 ms | non-2xx | lease grants |" >"$work/table"
echo "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|" >>"$work/table"
for round in $(seq 1 "$ROUNDS"); do
  for name in "${names[@]}"; do
    tag="r$round$name"
    wrk -t1 -c2 -d1s -s bench/post-report.lua "${url_a[$name]}" -- "take$tag" >/dev/null 2>&1 || true
    g0=$(grants "${schema_of[$name]}")
    read -r bu0 bs0 < <(ticks "${forwarder[$name]}")
    read -r au0 as0 < <(ticks "${holder[$name]}")
    start=$(date -u +%H:%M:%S)
    wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_PHASE}s" --timeout 10s --latency -s bench/post-report.lua "${url_b[$name]}" -- "$tag" >"$work/$tag.txt"
    read -r bu1 bs1 < <(ticks "${forwarder[$name]}")
    read -r au1 as1 < <(ticks "${holder[$name]}")
    g1=$(grants "${schema_of[$name]}")
    requests=$(wrk_requests "$work/$tag.txt")
    read -r rps _ p99 errors < <(wrk_summary "$work/$tag.txt")
    awk -v r="$round" -v n="$name" -v t="$start" -v l="$(cut -d' ' -f1 /proc/loadavg)" -v q="$requests" -v hz="$hz" \
      -v bu="$((bu1 - bu0))" -v bs="$((bs1 - bs0))" -v a="$((au1 + as1 - au0 - as0))" -v rps="$rps" -v p99="$p99" -v e="$errors" -v g="$((g1 - g0))" 'BEGIN {
      f = 1e6 / hz / (q > 0 ? q : 1)
      printf "| %d | %s | %s | %s | %.1f | %.1f | %.1f | %.1f | %d | %s | %s | %d%s |\n", r, n, t, l, bu * f, bs * f, (bu + bs) * f, a * f, rps, p99, e, g, (g > 0 ? " (B wrote itself: not a forward phase)" : "") }' >>"$work/table"
  done
done
echo "Forwarder B -> holder A, wrk POST task reports to B, $CONNECTIONS connections, $ROUNDS rounds of ${SECONDS_PER_PHASE}s per build, after $WARMUP warm-ups; $(nproc) cores; CLK_TCK $hz"
echo
cat "$work/table"
echo
# Each build's medians over its phases without a lease grant: B user, kernel, total; A total; req/s.
for name in "${names[@]}"; do
  awk -F'|' -v n="$name" '$3 ~ " "n" " && $13 + 0 == 0 { u[++k] = $6; s[k] = $7; c[k] = $8; a[k] = $9; q[k] = $10 }
    function med(v, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t }
      return k % 2 ? v[(k + 1) / 2] : (v[k / 2] + v[k / 2 + 1]) / 2 }
    END { if (k) printf "%s: medians of %d forward phases: B user %.1f, kernel %.1f, CPU %.1f µs per forwarded request; A %.1f µs/req; %d req/s\n", n, k, med(u, k), med(s, k), med(c, k), med(a, k), med(q, k); else printf "%s: no phase without a lease grant\n", n }' "$work/table"
done
exit 0
