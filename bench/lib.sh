# Shared by the wrk benchmarks (bench/http.sh, bench/http-postgres.sh): background processes stopped at exit,
# a readiness wait, wrk's latency in milliseconds. Source it after `cd` to the repository root.
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A loopback port no one listens on now (the kernel picks it), so two runs of a benchmark at once do not collide.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for() { # url
  for _ in $(seq 1 150); do curl -sf "$1" >/dev/null && return 0; sleep 0.2; done
  echo "$1 did not come up" >&2; exit 1
}

# wrk's latency distribution is in ms, us or s; print it in ms.
ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# "requests/s p50 p99 non-2xx" of a wrk --latency output file.
wrk_summary() { # file
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ { printf "%d", $2 }' "$1")
  p50=$(ms "$(awk '$1 == "50%" { print $2 }' "$1")")
  p99=$(ms "$(awk '$1 == "99%" { print $2 }' "$1")")
  # One word (no spaces), as callers read the summary by words: non-2xx answers, then wrk's socket errors by kind.
  errors=$(awk '/Non-2xx/ { print $5 } /Socket errors/ { gsub(",", ""); printf "socket(connect%s,read%s,write%s,timeout%s)\n", $4, $6, $8, $10 }' "$1" | paste -sd';' -)
  echo "$rps $p50 $p99 ${errors:-0}"
}
