# Where one wrk phase's time goes on PostgreSQL (sourced by bench/http-postgres.sh, after bench/lib.sh): CPU of the
# kos servers and of their database backends per request, commits and WAL flushes, and what the servers' backends
# were doing, sampled every 200 ms from pg_stat_activity (application_name kos and kos-lease; "CPU" = running, no wait),
# and PostgreSQL's autovacuum workers beside them ("autovacuum …": each sample is about 200 ms of a vacuum or analyze
# running in the phase, whoever's table it is — on a fresh bench schema, mostly the events table growing under the run).
#   costs_start TAG; …wrk…; costs_end TAG REQUESTS   # prints one line of figures for TAG
# pg_stat_wal and xact_commit are the whole cluster's: other users of the same PostgreSQL count in them.

# psql's "key=value" form of an Npgsql connection string (Host, Port, Username, Password, Database).
pg_dsn() { # npgsql-connection-string
  tr ';' '\n' <<<"$1" | awk -F= '
    { k = tolower($1); v = substr($0, length($1) + 2) }
    k == "host" { printf "host=%s ", v } k == "port" { printf "port=%s ", v }
    k == "username" || k == "user id" { printf "user=%s ", v } k == "password" { printf "password=%s ", v }
    k == "database" { printf "dbname=%s ", v }'
}
pg_query() { psql "$(pg_dsn "$KOS_CONNECTION")" -XAtc "$1"; }

# Clock ticks of user + system CPU a set of processes used so far (gone ones count 0).
cpu_ticks() { # pid...
  local sum=0 pid
  for pid in "$@"; do
    [[ -r /proc/$pid/stat ]] && sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
# Of those, the ticks of the runtime's tiered-compilation threads (".NET Tiered Compilation Worker"), one "tid ticks"
# line each: the JIT recompiling hot code in the background, for many seconds after a server starts or first runs a path
# (e.g. the lease hand-over). The worker exits when idle and a new one starts later, so a phase's figure is a lower bound.
jit_threads() { # pid...
  local pid task
  for pid in "$@"; do
    for task in /proc/"$pid"/task/*; do
      [[ $(cat "$task/comm" 2>/dev/null) == ".NET Tiered"* ]] || continue
      # The thread's name holds spaces: fields are counted after its closing parenthesis (utime, stime = 14, 15).
      echo "${task##*/} $(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{ print $12 + $13 }')"
    done
  done
}
# Ticks the threads listed at the end used since the list of the start (a thread new since then from 0).
jit_ticks_since() { # start-list-file end-list-file
  awk 'FILENAME == ARGV[1] { start[$1] = $2; next } { sum += $2 - ($1 in start ? start[$1] : 0) } END { print sum + 0 }' "$1" "$2"
}
kos_backends() { pg_query "SELECT pid FROM pg_stat_activity WHERE application_name IN ('kos', 'kos-lease')" | paste -sd' ' -; }
wal_and_commits() { pg_query "SELECT (SELECT wal_sync FROM pg_stat_wal), (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())"; }

costs_start() { # tag
  local tag=$1
  # Backends that exist at the end but not now started at 0 ticks; the figure then still counts all their work.
  echo "$(kos_backends)" >"$work/$tag.backends0"
  echo "$(cpu_ticks "${pids[@]}") $(cpu_ticks $(cat "$work/$tag.backends0"))" >"$work/$tag.cpu0"
  jit_threads "${pids[@]}" >"$work/$tag.jit0"
  wal_and_commits >"$work/$tag.wal0"
  ( while kill -0 $$ 2>/dev/null; do
      pg_query "SELECT CASE WHEN backend_type = 'autovacuum worker' THEN 'autovacuum' ELSE application_name END || ' '
                  || CASE WHEN state = 'idle in transaction' THEN 'idle-in-tx' WHEN wait_event IS NULL THEN 'CPU' ELSE wait_event_type || ':' || wait_event END
                FROM pg_stat_activity WHERE (application_name IN ('kos', 'kos-lease') AND state <> 'idle') OR backend_type = 'autovacuum worker'" >>"$work/$tag.waits" 2>/dev/null
      sleep 0.2
    done ) &
  echo $! >"$work/$tag.sampler"
}

costs_end() { # tag requests
  local tag=$1 requests=$2 hz backends0 backends1 s0 b0 s1 b1 j w0 c0 w1 c1 samples
  kill "$(cat "$work/$tag.sampler")" 2>/dev/null || true
  hz=$(getconf CLK_TCK)
  backends1=$(kos_backends)
  read -r s0 b0 <"$work/$tag.cpu0"
  s1=$(cpu_ticks "${pids[@]}")
  jit_threads "${pids[@]}" >"$work/$tag.jit1"
  j=$(jit_ticks_since "$work/$tag.jit0" "$work/$tag.jit1")
  # Backends of this phase: those there at its start (their start ticks) and new ones (from 0).
  b1=$(cpu_ticks $(printf '%s\n' $(cat "$work/$tag.backends0") $backends1 | sort -u))
  IFS='|' read -r w0 c0 <"$work/$tag.wal0"
  IFS='|' read -r w1 c1 < <(wal_and_commits)
  samples=$(sort "$work/$tag.waits" 2>/dev/null | uniq -c | sort -rn | head -8 | awk '{ printf "%s%s %s %s", sep, $2, $3, $1; sep = "; " }')
  awk -v tag="$tag" -v r="$requests" -v hz="$hz" -v s="$((s1 - s0))" -v b="$((b1 - b0))" -v j="$j" -v w="$((w1 - w0))" -v c="$((c1 - c0))" -v waits="$samples" 'BEGIN {
    printf "%s: %d requests; kos servers %.2f CPU ms/request (of which the JIT'"'"'s tiered compiler at least %.2f); their database backends %.2f CPU ms/request; %d commits, %d WAL flushes (%.1f commits per flush, cluster-wide); backend samples: %s\n",
      tag, r, s * 1000 / hz / r, j * 1000 / hz / r, b * 1000 / hz / r, c, w, (w > 0 ? c / w : 0), waits }'
}

# Requests wrk made in a --latency output file.
wrk_requests() { awk '/requests in/ { print $1 }' "$1"; }
