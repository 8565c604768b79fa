#!/bin/sh
# The official image's start-up, reduced: a first start creates the data directory; every start applies the
# MARIADB_* variables through --init-file (idempotent statements), then runs the server as user mysql.
set -eu
if [ "${1:-}" != mariadbd ]; then exec "$@"; fi
shift
chown -R mysql:mysql /var/lib/mysql /run/mysqld
if [ ! -d /var/lib/mysql/mysql ]; then
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql --skip-test-db >/dev/null
fi
init=/run/mysqld/init.sql
{
  echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '${MARIADB_ROOT_PASSWORD:?MARIADB_ROOT_PASSWORD must be set}';"
  [ -z "${MARIADB_DATABASE:-}" ] || echo "CREATE DATABASE IF NOT EXISTS \`$MARIADB_DATABASE\`;"
  if [ -n "${MARIADB_USER:-}" ]; then
    echo "CREATE USER IF NOT EXISTS '$MARIADB_USER'@'%' IDENTIFIED BY '${MARIADB_PASSWORD:?}';"
    echo "GRANT ALL PRIVILEGES ON \`${MARIADB_DATABASE:?}\`.* TO '$MARIADB_USER'@'%';"
  fi
} >"$init"
chown mysql "$init"
chmod 0600 "$init"
exec mariadbd --user=mysql --datadir=/var/lib/mysql --bind-address=0.0.0.0 --init-file="$init" "$@"
