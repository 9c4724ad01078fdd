#!/usr/bin/env bash
# Bytes allocated per POST report, counted rather than timed: `kos serve` on a fresh SQLite file with the startup hook
# bench/RuntimeProbe (GC.GetTotalAllocatedBytes, exact), a fixed number of POSTs of bench/post-report.lua's shape over
# CONNECTIONS keep-alive loopback connections (bench/post-alloc.py), after WARMUP POSTs that are not counted.
# Prints allocated KB per POST and the GCs (gen0/1/2) over the counted POSTs; with TYPES=1 also the sampled allocation
# by type (the runtime's GCAllocationTick, about one sample per 100 KB), largest first.
#   bench/post-alloc.sh                        # POSTS=4000 WARMUP=2000 CONNECTIONS=16, this tree's Release build
#   KOS_DLL=/work/wt-base-before/artifacts/bin/KnowledgeOs.Cli/release/kos.dll bench/post-alloc.sh   # another build
#   TYPES=1 bench/post-alloc.sh
#   KEY=1 bench/post-alloc.sh                  # the keyed caller: KEYS (8) write keys of team bench made with `kos keys create`
#                                              # before kos serve starts, one per POST in turn as Authorization: Bearer
set -euo pipefail
cd "$(dirname "$0")/.."
POSTS=${POSTS:-4000}
WARMUP=${WARMUP:-2000}
CONNECTIONS=${CONNECTIONS:-16}
KOS_DLL=${KOS_DLL:-artifacts/bin/KnowledgeOs.Cli/release/kos.dll}
[[ -n ${KOS_DLL_BUILT:-} || $KOS_DLL != artifacts/* ]] || dotnet build -c Release src/KnowledgeOs.Cli -v q -nologo >/dev/null
dotnet build -c Release bench/RuntimeProbe -v q -nologo >/dev/null
# shellcheck source=bench/lib.sh
source bench/lib.sh
KOS_URL=http://127.0.0.1:$(free_port)
KOS_KEYS=""
if [[ -n ${KEY:-} ]]; then
  for i in $(seq 1 "${KEYS:-8}"); do
    KOS_KEYS+="$(dotnet "$KOS_DLL" keys create --data "$work/kos.db" --team bench --name "bench-$i" --scope write --json |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["key"])') "
  done
fi
export KOS_KEYS
DOTNET_STARTUP_HOOKS=$PWD/artifacts/bin/RuntimeProbe/release/RuntimeProbe.dll RUNTIME_PROBE_OUT=$work/probe \
  RUNTIME_PROBE_TYPES=${TYPES:-0} dotnet "$KOS_DLL" serve --sample --data "$work/kos.db" --urls "$KOS_URL" >"$work/kos.log" 2>&1 &
pids+=($!)
wait_for "$KOS_URL/health/ready"
python3 bench/post-alloc.py "$KOS_URL" "$WARMUP" "$CONNECTIONS" warm
touch "$work/probe.reset"; sleep 0.3
read -r g0 g1 g2 _ _ _ _ _ _ a0 <"$work/probe"
python3 bench/post-alloc.py "$KOS_URL" "$POSTS" "$CONNECTIONS" run
sleep 0.3
read -r G0 G1 G2 _ _ _ _ _ _ a1 <"$work/probe"
awk -v a=$((a1 - a0)) -v n="$POSTS" -v c="$CONNECTIONS" -v g="$((G0 - g0))/$((G1 - g1))/$((G2 - g2))" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
  -v callers="${KEY:+keyed (${KEYS:-8} API keys)}" \
  'BEGIN { printf "%d POSTs over %d connections%s: %.1f KB allocated per POST, GCs gen0/1/2 %s (load %s)\n", n, c, callers == "" ? " (local caller)" : " " callers, a / n / 1024, g, load }'
if [[ ${TYPES:-0} == 1 ]]; then echo "sampled KB by type (warm-up and run):"; head -40 "$work/probe.types"; fi
