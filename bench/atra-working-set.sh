#!/usr/bin/env bash
# The working set of `kos serve` after loading the 22 ATRA experts (docs/BENCHMARKS.md, "caches"): import the fixtures
# into a fresh file, serve it, GET each expert (JSON and knowledge.md), POST one report per expert and GET its
# knowledge.md again, then print VmRSS / VmHWM of the server. Usage: bench/atra-working-set.sh <worktree with a Release kos>
set -euo pipefail
root=$1
cd "$root"
work=$(mktemp -d)
kos() { dotnet artifacts/bin/KnowledgeOs.Cli/release/kos.dll "$@"; }
kos import /work/shared/fixtures/atra/knowledge --data "$work/kos.db" >"$work/import.log" 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
dotnet artifacts/bin/KnowledgeOs.Cli/release/kos.dll serve --data "$work/kos.db" --urls "$url" >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "$url/health/ready" >/dev/null && break; sleep 0.5; done
team=default; curl -sf "$url/api/v1/teams/$team/experts/igor" >/dev/null || { echo "no expert igor in team $team" >&2; kill $pid; exit 1; }
slugs=$(ls /work/shared/fixtures/atra/knowledge | sed 's/_knowledge.md//')
for s in $slugs; do
  curl -sf "$url/api/v1/teams/$team/experts/$s" >/dev/null
  curl -sf "$url/api/v1/teams/$team/experts/$s/knowledge.md" >/dev/null
done
n=0
for s in $slugs; do
  n=$((n+1))
  curl -sf -o /dev/null -H 'Content-Type: application/json' -X POST "$url/api/v1/teams/$team/reports" \
    -d "{\"taskId\":\"WS-$n\",\"title\":\"Working set $n\",\"completedAt\":\"2026-03-03T17:40:00Z\",\"outcome\":\"success\",\"participants\":[{\"expert\":\"$s\",\"errorsFixed\":1,\"newKnowledge\":[\"Working set fact $n\"]}]}"
  curl -sf "$url/api/v1/teams/$team/experts/$s/knowledge.md" >/dev/null
done
sleep 2
echo "team=$team experts=$(echo $slugs | wc -w) $(grep -E 'VmRSS|VmHWM' /proc/$pid/status | tr -s ' \t' ' ' | tr '\n' ' ')"
kill "$pid"; wait "$pid" 2>/dev/null || true
rm -rf "$work"
