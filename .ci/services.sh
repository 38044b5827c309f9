#!/usr/bin/env bash
# Starts the databases the SQL source tests use, when they are down, waits until they accept
# connections, makes sure the `test` database exists in both, and exports their URLs:
#   GOVPLAN_TEST_PG_URL=postgres://postgres@127.0.0.1:5432/test
#   GOVPLAN_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test
# Sourced by .ci/run (under `set -euo pipefail`); also safe to run alone: `bash .ci/services.sh`.
# Both servers listen on 127.0.0.1 only (PostgreSQL's default `localhost`; mariadbd gets --bind-address).
# Fails (non-zero) when a server cannot be started or does not answer within 60 s, so CI stops
# instead of reporting the database suites as skipped.

_govplan_sudo=""; [ "$(id -u)" != "0" ] && _govplan_sudo="sudo"

_govplan_wait() { # name, command...
  local name="$1"; shift
  local i
  for i in $(seq 1 120); do
    if "$@" >/dev/null 2>&1; then echo "services: $name is accepting connections"; return 0; fi
    sleep 0.5
  done
  echo "services: $name did not accept connections within 60 s" >&2
  return 1
}

_govplan_pg_ready() { pg_isready -h 127.0.0.1 -p 5432 -q; }
_govplan_my_ready() { mysqladmin --protocol=tcp -h 127.0.0.1 -P 3306 -uroot ping; }

_govplan_services() {
  # PostgreSQL
  if ! _govplan_pg_ready; then
    local v
    v="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
    if [ -z "$v" ]; then echo "services: no PostgreSQL cluster under /etc/postgresql" >&2; return 1; fi
    echo "services: starting PostgreSQL $v"
    $_govplan_sudo pg_ctlcluster --skip-systemctl-redirect "$v" main start || return 1
  fi
  _govplan_wait PostgreSQL _govplan_pg_ready || return 1
  if ! psql -h 127.0.0.1 -U postgres -d test -Atc 'select 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test' >/dev/null || return 1
  fi

  # MariaDB
  if ! _govplan_my_ready >/dev/null 2>&1; then
    echo "services: starting MariaDB"
    $_govplan_sudo mkdir -p /run/mysqld && $_govplan_sudo chown mysql:mysql /run/mysqld
    $_govplan_sudo start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- \
      --user=mysql --bind-address=127.0.0.1 --port=3306 || return 1
  fi
  _govplan_wait MariaDB _govplan_my_ready || return 1
  mysql --protocol=tcp -h 127.0.0.1 -P 3306 -uroot -e 'CREATE DATABASE IF NOT EXISTS test' || return 1
}

_govplan_services
_govplan_rc=$?
unset -f _govplan_wait _govplan_pg_ready _govplan_my_ready _govplan_services
unset _govplan_sudo
if [ "$_govplan_rc" != "0" ]; then
  unset _govplan_rc
  return 1 2>/dev/null || exit 1
fi
unset _govplan_rc

export GOVPLAN_TEST_PG_URL="${GOVPLAN_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
export GOVPLAN_TEST_MYSQL_URL="${GOVPLAN_TEST_MYSQL_URL:-mysql://root@127.0.0.1:3306/test}"
echo "services: GOVPLAN_TEST_PG_URL=$GOVPLAN_TEST_PG_URL GOVPLAN_TEST_MYSQL_URL=$GOVPLAN_TEST_MYSQL_URL"
