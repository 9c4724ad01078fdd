#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the storage tests and exports KOS_TEST_POSTGRES.
#
#   source .ci/postgres.sh          # from .ci/run: installs, starts, exports KOS_TEST_POSTGRES
#   bash .ci/postgres.sh            # by hand: the same, then prints the export line
#   bash .ci/postgres.sh stop       # stops the cluster and deletes its folder
#
# The cluster lives in a temp folder owned by the 'postgres' user (initdb refuses root), listens on
# 127.0.0.1 only (port KOS_PG_PORT, default 55432) and trusts local connections: it holds nothing but
# test data and is gone at 'stop' or reboot. fsync stays on so that benchmark numbers are honest.
# Starting it again while one is running reuses the running one.

kos_pg_main() {
    local port="${KOS_PG_PORT:-55432}"
    local root="${KOS_PG_DIR:-${TMPDIR:-/tmp}/kos-pg-$port}"
    local db="kos_test"
    local as_pg=()
    local bin

    if [ "${1:-}" = "stop" ]; then
        bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
        if [ -n "$bin" ] && [ -f "$root/data/postmaster.pid" ]; then
            if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$bin/pg_ctl" -D "$root/data" -m fast stop; else "$bin/pg_ctl" -D "$root/data" -m fast stop; fi
        fi
        rm -rf "$root"
        return 0
    fi

    if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
        echo "postgres.sh: installing PostgreSQL from Debian packages" >&2
        if [ "$(id -u)" != "0" ]; then echo "postgres.sh: PostgreSQL is not installed and this is not root" >&2; return 1; fi
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
        # postgresql-common would create and start a 'main' cluster on 5432; it is not used, so keep it stopped.
        mkdir -p /etc/postgresql-common && echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.conf
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
    fi
    bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

    if [ "$(id -u)" = "0" ]; then
        id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
        as_pg=(runuser -u postgres --)
    fi

    local url="Host=127.0.0.1;Port=$port;Username=postgres;Database=$db"
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        echo "postgres.sh: reusing the cluster already on 127.0.0.1:$port" >&2
    else
        rm -rf "$root"
        mkdir -p "$root"
        [ "${#as_pg[@]}" -gt 0 ] && chown postgres: "$root"
        "${as_pg[@]}" "$bin/initdb" -D "$root/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$root/initdb.log" 2>&1 \
            || { cat "$root/initdb.log" >&2; return 1; }
        # max_connections: several test processes and two servers each keep a pool (see PostgresStoreOptions).
        "${as_pg[@]}" "$bin/pg_ctl" -D "$root/data" -l "$root/server.log" -w -t 60 start \
            -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$root' -c max_connections=200 -c fsync=on -c synchronous_commit=on" >&2 \
            || { cat "$root/server.log" >&2; return 1; }
    fi
    if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
        "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db" || return 1
    fi
    export KOS_TEST_POSTGRES="$url"
    export PATH="$bin:$PATH"
    echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, KOS_TEST_POSTGRES=$url" >&2
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    kos_pg_main "$@"
    [ "${1:-}" = "stop" ] || echo "export KOS_TEST_POSTGRES=\"$KOS_TEST_POSTGRES\""
else
    kos_pg_main "$@"
fi
