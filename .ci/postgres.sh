# Sourced by .ci/run (bash, `set -euo pipefail`): a throwaway PostgreSQL server for one test run.
#
# The store tests run on SQLite and on a real PostgreSQL; in CI a missing PostgreSQL fails them, so this
# starts one: Debian's packages (installed only when absent), a fresh cluster in a temporary folder,
# listening on 127.0.0.1 on a free port, with a role and database for the tests. It exports
# CHECKPOST_TEST_POSTGRES_URL and stops the server and removes its files when the calling script exits.
# The server runs as the `postgres` user when this runs as root (initdb refuses root), else as the caller.

_pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(_pg_bindir)" ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN="$(_pg_bindir)"

_as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/checkpost-pg.XXXXXX")"
if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"

_stop_postgres() {
    _as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
trap _stop_postgres EXIT

printf 'postgres\n' >"$PG_DIR/pwfile"
_as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log"
# Durability settings are off because the cluster lives for one test run; the socket stays in the temp folder.
_as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    >/dev/null
_as_pg "$PG_BIN/psql" -q -h "$PG_DIR" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE checkpost LOGIN PASSWORD 'checkpost'" \
    -c "CREATE DATABASE checkpost_test OWNER checkpost"

export CHECKPOST_TEST_POSTGRES_URL="postgresql+asyncpg://checkpost:checkpost@127.0.0.1:$PG_PORT/checkpost_test"
echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') for the tests on 127.0.0.1:$PG_PORT"
