#!/usr/bin/env bash
# One-shot agent calls (issue 16, runtime settings): wall and CPU time of the built Release `kos` for what an agent
# runs once per task, each call a new process: `learn` of one new report into an existing database, `route`,
# `context --task`, `search`, on the 22 imported ATRA experts (imported once into a temporary SQLite file).
# The dictionary cache lives in the run's temporary folder unless KOS_CACHE_DIR is set.
# Prints per command the median wall ms and median CPU ms (user+sys from /usr/bin/time) over RUNS calls.
#   bench/oneshot.sh                        # RUNS=10, kos = artifacts/bin/KnowledgeOs.Cli/release/kos.dll
#   KOS="path/to/kos" bench/oneshot.sh      # another build of kos (an apphost or a .dll)
#   DOTNET_TieredPGO=0 bench/oneshot.sh     # a runtime setting for every call
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
KOS=${KOS:-artifacts/bin/KnowledgeOs.Cli/release/kos.dll}
FIXTURES=${FIXTURES:-/work/shared/fixtures/atra/knowledge}
[[ -e $KOS ]] || { echo "no kos at $KOS: dotnet build -c Release src/KnowledgeOs.Cli (or set KOS)" >&2; exit 1; }
[[ -d $FIXTURES ]] || { echo "no ATRA fixtures at $FIXTURES (set FIXTURES)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "/usr/bin/time is missing: apt-get install -y time" >&2; exit 1; }
[[ $KOS == *.dll ]] && kos=(dotnet "$KOS") || kos=("$KOS")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KOS_DATA="$work/kos.db"
# The dictionary cache (docs/SEARCH.md, "Lemmas") in the run's own folder: the import below builds it, as a fresh
# install's first call does, and every measured call reads it. KOS_CACHE_DIR=… to use another.
export KOS_CACHE_DIR="${KOS_CACHE_DIR:-$work/cache}"
"${kos[@]}" import "$FIXTURES" >/dev/null 2>&1
"${kos[@]}" route "deploy" >/dev/null 2>&1   # the first analysis of the corpus, not measured

report() { # id: a new report (task id) for two imported experts
  cat >"$work/report-$1.json" <<JSON
{ "taskId": "ONESHOT-$1", "title": "Retry policy for the payment gateway $1",
  "description": "Clients retried charges after a gateway timeout; make retries idempotent.",
  "completedAt": "2026-03-03T17:40:00Z", "durationMinutes": 60, "outcome": "success", "tags": ["payments"],
  "participants": [
    { "expert": "igor", "newKnowledge": ["Idempotency key stored in the same transaction as the charge ($1)"],
      "problems": [{ "problem": "Double charges after retries", "solution": "Unique index on the key" }] },
    { "expert": "maria", "newKnowledge": ["Retries must be tested concurrently ($1)"] } ] }
JSON
}

measure() { # name command...
  local name=$1; shift
  : >"$work/$name.times"
  for i in $(seq 1 "$RUNS"); do
    if [[ $name == learn ]]; then report "$name$i"; set -- "${kos[@]}" learn "$work/report-$name$i.json"; fi
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { echo "$name failed:" >&2; cat "$work/err" >&2; exit 1; }
    tail -1 "$work/t" >>"$work/$name.times"
  done
  local wall cpu
  wall=$(awk '{ printf "%d\n", $1 * 1000 }' "$work/$name.times" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  cpu=$(awk '{ printf "%d\n", ($2 + $3) * 1000 }' "$work/$name.times" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  echo "| $name | $RUNS | $wall | $cpu |"
}

echo "| call | runs | median wall ms | median CPU ms (user+sys) |"
echo "|---|---:|---:|---:|"
measure learn
measure route "${kos[@]}" route "how to make payment retries idempotent"
measure context "${kos[@]}" context --task "make payment retries idempotent after a gateway timeout"
measure search "${kos[@]}" search "idempotency"
echo
echo "kos: ${kos[*]}; $(nproc) cores; load average $(cut -d' ' -f1 /proc/loadavg); $(env | grep '^DOTNET_' | grep -v -E '^DOTNET_(CLI_|NOLOGO|GENERATE_)' | sort | paste -sd' ' - || true)"
