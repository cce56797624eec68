#!/usr/bin/env bash
# tests/pg/pgserver.sh: a PostgreSQL server of the tests' own, from
# Debian's packages (postgresql-15), never the machine's cluster.
#
#   pgserver.sh start STATE   initdb into a fresh directory under /tmp as
#                             the package's `postgres` user (PostgreSQL
#                             refuses root), listen on a Unix socket in it
#                             and on no TCP port, trust on that socket;
#                             create the database `pairbox`. Writes
#                             STATE/dir (the server's directory) and
#                             STATE/url (a libpq URI for `pairbox`).
#   pgserver.sh stop STATE    stop it (fast shutdown) and remove its directory.
#   pgserver.sh url STATE [DB] print the URI of database DB (default pairbox).
#
# ctest runs start and stop as the fixture `pg` (tests/CMakeLists.txt);
# a developer may run them by hand. PAIRBOX_PG_TCP=PORT also listens on
# 127.0.0.1:PORT (for network namespaces that cannot share the socket).
set -euo pipefail
cmd=${1:-}; state=${2:-}
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 start|stop|url STATE [DB]" >&2; exit 2; }
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

uri() {   # uri DIR DB
  # libpq reads the socket directory from host=, percent-encoded in a URI.
  local enc
  enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1/sock")
  echo "postgresql://postgres@$enc/$2"
}

case $cmd in
start)
  [ -x "$bindir/initdb" ] || { echo "pgserver: PostgreSQL is not installed (Debian's postgresql-15; test.sh installs it)" >&2; exit 1; }
  id postgres >/dev/null 2>&1 || { echo "pgserver: no user postgres (Debian's postgresql-common makes it)" >&2; exit 1; }
  mkdir -p "$state"
  if [ -f "$state/dir" ] && [ -d "$(cat "$state/dir")" ]; then "$0" stop "$state" || true; fi
  dir=$(mktemp -d /tmp/pairbox-pg.XXXXXX)
  echo "$dir" >"$state/dir"
  mkdir -p "$dir/data" "$dir/sock"
  chown -R postgres: "$dir"
  chmod 700 "$dir"
  as_pg() { runuser -u postgres -- "$@"; }
  as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
  listen="''"
  [ -z "${PAIRBOX_PG_TCP:-}" ] || listen="'127.0.0.1'"
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = $listen
port = ${PAIRBOX_PG_TCP:-5432}
unix_socket_directories = '$dir/sock'
max_connections = 300
shared_buffers = 128MB
log_min_messages = warning
CONF
  as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
    { cat "$dir/server.log" >&2; exit 1; }
  as_pg "$bindir/psql" -q -h "$dir/sock" -p "${PAIRBOX_PG_TCP:-5432}" -U postgres -d postgres \
    -c "CREATE DATABASE pairbox" >/dev/null
  if [ -n "${PAIRBOX_PG_TCP:-}" ]; then
    echo "postgresql://postgres@127.0.0.1:$PAIRBOX_PG_TCP/pairbox" >"$state/url"
  else
    uri "$dir" pairbox >"$state/url"
  fi
  cat "$state/url"
  ;;
stop)
  [ -f "$state/dir" ] || exit 0
  dir=$(cat "$state/dir")
  case $dir in /tmp/pairbox-pg.*) ;; *) echo "pgserver: $state/dir does not name one of ours" >&2; exit 1 ;; esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || true
  fi
  rm -rf "$dir" "$state/dir" "$state/url"
  ;;
url)
  dir=$(cat "$state/dir")
  uri "$dir" "${3:-pairbox}"
  ;;
*) echo "usage: $0 start|stop|url STATE [DB]" >&2; exit 2 ;;
esac
