#!/usr/bin/env bash
# Installs (when missing) and starts the PostgreSQL 15, MariaDB 10.11 and Oracle MySQL servers that
# the TaskFlow.Schema integration tests and benchmarks run against, on Debian 12 (bookworm), as root.
#
#   tools/start-databases.sh [--with-pgloader] [--restart] [--without-oracle-mysql]
#   set -a; eval "$(tools/start-databases.sh)"; set +a   # export the variables below
#
# Idempotent: a second run leaves running servers running and finishes in about a second.
# Progress goes to stderr; stdout gets exactly three lines (two with --without-oracle-mysql):
#   TASKFLOW_TEST_POSTGRES=postgresql://taskflow:taskflow@127.0.0.1:5432/postgres
#   TASKFLOW_TEST_MYSQL=mysql://taskflow:taskflow@127.0.0.1:3306/mysql
#   TASKFLOW_TEST_ORACLE_MYSQL=mysql://taskflow:taskflow@127.0.0.1:3307/mysql
# (the first two are also the defaults the tests use when the variables are unset).
#
# Oracle MySQL: production runs Oracle MySQL 8.0, which Debian does not package; Debian's unstable
# suite serves Oracle MySQL 9.7 (the long-term series after 8.4), whose libraries need unstable's
# libc. It runs from a root of its own made by debootstrap (ORACLE_MYSQL_ROOT, outside the
# repository), at its own defaults: utf8mb4_0900_ai_ci, binary log on in ROW format,
# caching_sha2_password. A server already named by TASKFLOW_TEST_ORACLE_MYSQL is used as it is.
#
# Options:
#   --with-pgloader         also install the pgloader package (used by a benchmark)
#   --restart               restart servers that were already running, so that settings which
#                           need a restart (PostgreSQL max_connections, a changed port) take effect
#   --without-oracle-mysql  leave Oracle MySQL out (no debootstrap; two lines on stdout)
# Environment:
#   PGPORT (default 5432), MYSQL_PORT (default 3306), ORACLE_MYSQL_PORT (default 3307),
#   ORACLE_MYSQL_ROOT (default /var/lib/taskflow-oracle-mysql/root), DB_START_TIMEOUT seconds (default 60)
#
# Works with or without systemd. Without systemd (containers, CI sandboxes) PostgreSQL is
# started with Debian's `pg_ctlcluster 15 main start` (runs the server as the `postgres`
# user) and MariaDB with `mysqld_safe` in the background (runs mariadbd as `mysql`).
# Settings are written as drop-in files; durability is relaxed (test/bench box only), no
# setting that changes SQL semantics is touched.
set -euo pipefail

PG_VERSION=15
PG_CLUSTER=main
PG_PORT="${PGPORT:-5432}"
MY_PORT="${MYSQL_PORT:-3306}"
OR_PORT="${ORACLE_MYSQL_PORT:-3307}"
OR_ROOT="${ORACLE_MYSQL_ROOT:-/var/lib/taskflow-oracle-mysql/root}"
TIMEOUT="${DB_START_TIMEOUT:-60}"
ROLE=taskflow
PASSWORD=taskflow

PG_CONF_DIR="/etc/postgresql/$PG_VERSION/$PG_CLUSTER"
PG_DROPIN="$PG_CONF_DIR/conf.d/90-taskflow.conf"
MY_DROPIN=/etc/mysql/mariadb.conf.d/90-taskflow.cnf
MY_DATADIR=/var/lib/mysql
MY_SOCKET=/run/mysqld/mysqld.sock
MY_LOG=/var/log/mysql/error.log

with_pgloader=0
restart=0
with_oracle=1
for arg in "$@"; do
    case "$arg" in
        --with-pgloader) with_pgloader=1 ;;
        --restart) restart=1 ;;
        --without-oracle-mysql) with_oracle=0 ;;
        -h|--help) sed -n '2,36p' "$0" >&2; exit 0 ;;
        *) echo "start-databases: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
    esac
done

log() { echo "start-databases: $*" >&2; }
die() { echo "start-databases: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (installs packages and starts system services)"
[[ "$PG_PORT" =~ ^[0-9]+$ && "$MY_PORT" =~ ^[0-9]+$ && "$OR_PORT" =~ ^[0-9]+$ ]] || die "PGPORT/MYSQL_PORT/ORACLE_MYSQL_PORT must be numbers"
# A server named by the variable is used as it is.
[ -n "${TASKFLOW_TEST_ORACLE_MYSQL:-}" ] && with_oracle=0

# Run everything from a directory every user can enter (psql as postgres complains otherwise).
cd /

systemd_running=0
[ -d /run/systemd/system ] && systemd_running=1

# ---------------------------------------------------------------- packages
export DEBIAN_FRONTEND=noninteractive
APT=(apt-get -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

is_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" = installed ]; }
pgvector_available() { apt-cache show "postgresql-$PG_VERSION-pgvector" >/dev/null 2>&1; }

wanted=("postgresql-$PG_VERSION" "postgresql-client-$PG_VERSION" mariadb-server mariadb-client)
[ "$with_pgloader" -eq 1 ] && wanted+=(pgloader)
[ "$with_oracle" -eq 1 ] && [ ! -x "$OR_ROOT/usr/sbin/mysqld" ] && wanted+=(debootstrap)
missing=()
for p in "${wanted[@]}"; do is_installed "$p" || missing+=("$p"); done
want_pgvector=0
if ! is_installed "postgresql-$PG_VERSION-pgvector" && pgvector_available; then want_pgvector=1; fi

installed_now=0
if [ "${#missing[@]}" -gt 0 ] || [ "$want_pgvector" -eq 1 ]; then
    installed_now=1
    log "installing: ${missing[*]}$([ "$want_pgvector" -eq 1 ] && echo " postgresql-$PG_VERSION-pgvector")"
    "${APT[@]}" update -qq >&2
    # The package lists may only now know about pgvector (fresh machine); it is optional.
    if ! is_installed "postgresql-$PG_VERSION-pgvector" && pgvector_available; then want_pgvector=1; fi
    [ "$want_pgvector" -eq 1 ] && missing+=("postgresql-$PG_VERSION-pgvector")
    "${APT[@]}" install -y -qq "${missing[@]}" >&2
fi

# ---------------------------------------------------------------- PostgreSQL
pg_running() { pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; }
# Debian's psql wrapper finds the cluster's socket directory and port by itself.
psql_admin() { runuser -u postgres -- psql --cluster "$PG_VERSION/$PG_CLUSTER" -X -q -v ON_ERROR_STOP=1 -d postgres "$@"; }

# The socket directory lives on /run (tmpfs), so it can be missing in a fresh container. It must
# exist before pg_createcluster, which otherwise falls back to putting the socket in /tmp.
install -d -o postgres -g postgres -m 2775 /var/run/postgresql

if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; then
    log "creating PostgreSQL cluster $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
    pg_createcluster --port "$PG_PORT" --start-conf auto "$PG_VERSION" "$PG_CLUSTER" >&2
fi

configured_port="$(pg_conftool -s "$PG_VERSION" "$PG_CLUSTER" show port 2>/dev/null || true)"
if [ "$configured_port" != "$PG_PORT" ]; then
    log "setting PostgreSQL port to $PG_PORT"
    pg_conftool "$PG_VERSION" "$PG_CLUSTER" set port "$PG_PORT"
fi

install -d -o postgres -g postgres -m 0755 "$PG_CONF_DIR/conf.d"
pg_dropin_tmp="$(mktemp)"
cat >"$pg_dropin_tmp" <<'EOF'
# Written by tools/start-databases.sh (TaskFlow.Schema test/bench box). Durability is not
# needed here; nothing below changes SQL semantics. Overwritten on every run.
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
pg_conf_changed=0
if ! cmp -s "$pg_dropin_tmp" "$PG_DROPIN"; then
    install -o postgres -g postgres -m 0644 "$pg_dropin_tmp" "$PG_DROPIN"
    pg_conf_changed=1
fi
rm -f "$pg_dropin_tmp"

if pg_running; then
    # A package installed now (pgvector pulls a newer postgresql-15) replaces the server's libraries on disk under the
    # running server: its next backends fail to load plpgsql ("undefined symbol"). Restart it onto the new binaries.
    if [ "$installed_now" -eq 1 ] && [ "$restart" -eq 0 ]; then
        log "packages changed under the running PostgreSQL: restarting it"
        restart_pg=1
    else
        restart_pg=$restart
    fi
    if [ "$restart_pg" -eq 1 ]; then
        log "restarting PostgreSQL $PG_VERSION/$PG_CLUSTER"
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart -m fast >&2 \
            || die "pg_ctlcluster $PG_VERSION $PG_CLUSTER restart failed; see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
    else
        log "PostgreSQL $PG_VERSION/$PG_CLUSTER already running"
        [ "$pg_conf_changed" -eq 1 ] && pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" reload >&2
    fi
else
    log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
    if [ "$systemd_running" -eq 1 ]; then
        systemctl start "postgresql@$PG_VERSION-$PG_CLUSTER" >&2
    else
        # Runs pg_ctl as the cluster owner (postgres), not as root. Deliberately not the
        # /usr/local/bin/pg_ctl symlink some images have.
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2 \
            || die "pg_ctlcluster $PG_VERSION $PG_CLUSTER start failed; see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
    fi
fi

deadline=$((SECONDS + TIMEOUT))
until pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2; do
    [ "$SECONDS" -lt "$deadline" ] \
        || die "PostgreSQL not accepting connections on 127.0.0.1:$PG_PORT after ${TIMEOUT}s; see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
    sleep 0.5
done

psql_admin >&2 <<EOF
SELECT 'CREATE ROLE $ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$ROLE') \gexec
ALTER ROLE $ROLE WITH LOGIN SUPERUSER CREATEDB CREATEROLE PASSWORD '$PASSWORD';
EOF

pending="$(psql_admin -Atc "SELECT string_agg(name, ', ') FROM pg_settings WHERE pending_restart")"
[ -n "$pending" ] && log "WARNING: PostgreSQL settings pending a restart: $pending (rerun with --restart when nobody is using the server)"

# ---------------------------------------------------------------- MariaDB
cat >"$MY_DROPIN.tmp" <<EOF
# Written by tools/start-databases.sh (TaskFlow.Schema test/bench box). Sorts after
# 50-server.cnf, so these win. Durability is relaxed; sql_mode, explicit_defaults_for_timestamp
# and time_zone are deliberately left at MariaDB's defaults (the migration tool sets the
# session time_zone itself). Overwritten on every run.
[mysqld]
bind-address                   = 127.0.0.1
port                           = $MY_PORT
character-set-server           = utf8mb4
collation-server               = utf8mb4_unicode_ci
innodb_flush_log_at_trx_commit = 2
max_connections                = 300
# 16 MB values must fit in one packet.
max_allowed_packet             = 256M
EOF
chmod 0644 "$MY_DROPIN.tmp"
mv -f "$MY_DROPIN.tmp" "$MY_DROPIN"

my_admin() { mariadb-admin --no-defaults --protocol=socket --socket="$MY_SOCKET" -uroot "$@"; }
my_root() { mariadb --protocol=socket --socket="$MY_SOCKET" -uroot "$@"; }
my_pid() {
    local pid
    pid="$(cat /run/mysqld/mysqld.pid 2>/dev/null || true)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}
# A bare TCP connect (a `mariadb-admin ping` without credentials would log "Access denied").
my_tcp_alive() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$MY_PORT" 2>/dev/null; }

install -d -o mysql -g root -m 0755 /run/mysqld
install -d -o mysql -g adm -m 2750 /var/log/mysql
if [ ! -d "$MY_DATADIR/mysql" ]; then
    # Normally done by the package's postinst; redo it if the data directory is missing.
    log "initialising MariaDB data directory $MY_DATADIR"
    install -d -o mysql -g mysql -m 0755 "$MY_DATADIR"
    mariadb-install-db --user=mysql --datadir="$MY_DATADIR" --skip-test-db >&2
fi

# Waits until the process (pid, may be empty) of a server that was told to shut down has gone.
wait_gone() { # name pid
    [ -n "$2" ] || return 0
    local deadline=$((SECONDS + TIMEOUT))
    while kill -0 "$2" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || die "$1 (pid $2) did not stop within ${TIMEOUT}s"
        sleep 0.5
    done
}
# The test role on a MySQL server, with every right (the tests create and drop databases and users).
test_role_sql() {
    cat <<EOF
CREATE USER IF NOT EXISTS '$ROLE'@'localhost' IDENTIFIED BY '$PASSWORD';
CREATE USER IF NOT EXISTS '$ROLE'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
ALTER USER '$ROLE'@'localhost' IDENTIFIED BY '$PASSWORD';
ALTER USER '$ROLE'@'127.0.0.1' IDENTIFIED BY '$PASSWORD';
GRANT ALL PRIVILEGES ON *.* TO '$ROLE'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO '$ROLE'@'127.0.0.1' WITH GRANT OPTION;
EOF
}

my_started_here=0
if [ -n "$(my_pid)" ] || my_tcp_alive; then
    if [ "$restart" -eq 1 ]; then
        log "restarting MariaDB (--restart)"
        pid="$(my_pid || true)"
        my_admin shutdown >&2 || die "could not shut MariaDB down"
        wait_gone MariaDB "$pid"
    else
        log "MariaDB already running"
    fi
fi
if [ -z "$(my_pid)" ] && ! my_tcp_alive; then
    log "starting MariaDB"
    if [ "$systemd_running" -eq 1 ]; then
        systemctl start mariadb >&2
    else
        # mysqld_safe runs mariadbd as the mysql user and restarts it if it crashes. Debian's
        # 50-mysqld_safe.cnf sends the log to syslog, which containers usually lack: log to a file.
        setsid nohup /usr/bin/mysqld_safe --skip-syslog --log-error="$MY_LOG" \
            </dev/null >/dev/null 2>&1 &
        my_started_here=1
    fi
fi

deadline=$((SECONDS + TIMEOUT))
until my_tcp_alive; do
    [ "$SECONDS" -lt "$deadline" ] \
        || die "MariaDB not accepting connections on 127.0.0.1:$MY_PORT after ${TIMEOUT}s; see $MY_LOG"
    sleep 0.5
done
# The port can be open before the server takes logins; wait until root can log in over the socket.
until my_root -e 'SELECT 1' >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || die "cannot log in to MariaDB as root over $MY_SOCKET; see $MY_LOG"
    sleep 0.5
done
[ "$my_started_here" -eq 1 ] && log "MariaDB started (log: $MY_LOG)"

{ test_role_sql; cat <<EOF
-- Apply the drop-in's dynamic settings to a server that was already running before it existed.
SET GLOBAL character_set_server = 'utf8mb4';
SET GLOBAL collation_server = 'utf8mb4_unicode_ci';
SET GLOBAL innodb_flush_log_at_trx_commit = 2;
SET GLOBAL max_connections = 300;
SET GLOBAL max_allowed_packet = 268435456;
EOF
} | my_root

# ---------------------------------------------------------------- Oracle MySQL (own root)
or_root_sh() { chroot "$OR_ROOT" "$@"; }
or_mysql() { chroot "$OR_ROOT" mysql --no-defaults --protocol=socket --socket=/run/mysqld/mysqld.sock -uroot "$@"; }
or_pid() {
    local pid
    pid="$(cat "$OR_ROOT/run/mysqld/mysqld.pid" 2>/dev/null || true)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}
or_tcp_alive() { timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$OR_PORT" 2>/dev/null; }
# The Debian mirror this machine's apt already uses (deb822 or one-line sources).
debian_mirror() {
    local m
    m="$(grep -hsE '^URIs:.*/debian/?$' /etc/apt/sources.list.d/*.sources | head -n 1 | awk '{print $2}')"
    [ -n "$m" ] || m="$(grep -hsE '^deb .*/debian/? bookworm' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | head -n 1 | awk '{print $2}')"
    echo "${m:-http://deb.debian.org/debian}"
}

if [ "$with_oracle" -eq 1 ]; then
    if [ ! -x "$OR_ROOT/usr/sbin/mysqld" ] || [ ! -x "$OR_ROOT/usr/bin/mysql" ]; then
        mirror="$(debian_mirror)"
        log "installing Oracle MySQL from Debian unstable into $OR_ROOT (debootstrap from $mirror, about a minute)"
        rm -rf "$OR_ROOT.partial"
        install -d -m 0755 "$(dirname "$OR_ROOT")"
        debootstrap --variant=minbase --include=mysql-server-core,mysql-client sid "$OR_ROOT.partial" "$mirror" >&2 \
            || die "debootstrap of Debian unstable with mysql-server-core failed (mirror $mirror); see the lines above"
        # The mirror's release file may be older than its Valid-Until (a snapshot): apt inside the root must not refuse it.
        printf 'Acquire::Check-Valid-Until "false";\nAcquire::Check-Date "false";\n' >"$OR_ROOT.partial/etc/apt/apt.conf.d/99taskflow"
        rm -rf "$OR_ROOT"
        mv "$OR_ROOT.partial" "$OR_ROOT"
    fi
    # mysql-server-core ships the server without the package scripts that create its user and directories.
    or_root_sh sh -c 'getent group mysql >/dev/null || groupadd --system mysql
        id mysql >/dev/null 2>&1 || useradd --system --gid mysql --home-dir /nonexistent --shell /usr/sbin/nologin mysql
        install -d -o mysql -g mysql -m 0750 /var/lib/mysql /var/lib/mysql-files /var/log/mysql
        install -d -o mysql -g mysql -m 0755 /run/mysqld'
    if [ ! -d "$OR_ROOT/var/lib/mysql/mysql" ]; then
        log "initialising the Oracle MySQL data directory $OR_ROOT/var/lib/mysql"
        rm -rf "$OR_ROOT/var/lib/mysql"/* "$OR_ROOT/var/lib/mysql"/.[!.]* 2>/dev/null || true
        or_root_sh mysqld --no-defaults --initialize-insecure --user=mysql --datadir=/var/lib/mysql >&2 2>/dev/null \
            || die "mysqld --initialize-insecure failed; see $OR_ROOT/var/log/mysql/error.log"
    fi

    if [ -n "$(or_pid)" ] || or_tcp_alive; then
        if [ "$restart" -eq 1 ]; then
            log "restarting Oracle MySQL (--restart)"
            pid="$(or_pid || true)"
            or_mysql -e 'SHUTDOWN' >&2 || die "could not shut Oracle MySQL down"
            wait_gone "Oracle MySQL" "$pid"
        else
            log "Oracle MySQL already running"
        fi
    fi
    if [ -z "$(or_pid)" ] && ! or_tcp_alive; then
        log "starting Oracle MySQL on 127.0.0.1:$OR_PORT"
        # Its defaults are production's (collation, binary log, logins); only durability is relaxed.
        setsid nohup chroot "$OR_ROOT" mysqld --no-defaults --user=mysql --datadir=/var/lib/mysql \
            --port="$OR_PORT" --bind-address=127.0.0.1 --socket=/run/mysqld/mysqld.sock --pid-file=/run/mysqld/mysqld.pid \
            --mysqlx=OFF --log-error=/var/log/mysql/error.log --secure-file-priv=/var/lib/mysql-files \
            --innodb-flush-log-at-trx-commit=2 --sync-binlog=0 --binlog-expire-logs-seconds=86400 \
            --max-connections=300 --max-allowed-packet=256M \
            </dev/null >/dev/null 2>&1 &
    fi
    deadline=$((SECONDS + TIMEOUT))
    until or_mysql -e 'SELECT 1' >/dev/null 2>&1; do
        [ "$SECONDS" -lt "$deadline" ] \
            || die "Oracle MySQL not accepting logins on 127.0.0.1:$OR_PORT after ${TIMEOUT}s; see $OR_ROOT/var/log/mysql/error.log"
        sleep 0.5
    done
    # The test role logs in with the server's only built-in method, caching_sha2_password, as production's accounts do.
    test_role_sql | or_mysql
    MYSQL_PWD="$PASSWORD" or_root_sh mysql --no-defaults -h127.0.0.1 -P"$OR_PORT" -u"$ROLE" -e 'SELECT 1' >/dev/null \
        || die "cannot connect to Oracle MySQL as $ROLE over TCP 127.0.0.1:$OR_PORT"
    log "Oracle MySQL $(MYSQL_PWD="$PASSWORD" or_root_sh mysql --no-defaults -h127.0.0.1 -P"$OR_PORT" -u"$ROLE" -N -e 'SELECT VERSION()') on 127.0.0.1:$OR_PORT: ready"
fi

# ---------------------------------------------------------------- verify as the test role
PGPASSWORD="$PASSWORD" psql -X -h 127.0.0.1 -p "$PG_PORT" -U "$ROLE" -d postgres -Atc 'SELECT 1' >/dev/null \
    || die "cannot connect to PostgreSQL as $ROLE over TCP 127.0.0.1:$PG_PORT"
MYSQL_PWD="$PASSWORD" mariadb --no-defaults -h127.0.0.1 -P"$MY_PORT" -u"$ROLE" -e 'SELECT 1' >/dev/null \
    || die "cannot connect to MariaDB as $ROLE over TCP 127.0.0.1:$MY_PORT"

log "PostgreSQL $(PGPASSWORD="$PASSWORD" psql -X -h 127.0.0.1 -p "$PG_PORT" -U "$ROLE" -d postgres -Atc 'SHOW server_version') on 127.0.0.1:$PG_PORT, MariaDB $(MYSQL_PWD="$PASSWORD" mariadb --no-defaults -h127.0.0.1 -P"$MY_PORT" -u"$ROLE" -N -e 'SELECT VERSION()') on 127.0.0.1:$MY_PORT: ready"

echo "TASKFLOW_TEST_POSTGRES=postgresql://$ROLE:$PASSWORD@127.0.0.1:$PG_PORT/postgres"
echo "TASKFLOW_TEST_MYSQL=mysql://$ROLE:$PASSWORD@127.0.0.1:$MY_PORT/mysql"
[ "$with_oracle" -eq 1 ] && echo "TASKFLOW_TEST_ORACLE_MYSQL=mysql://$ROLE:$PASSWORD@127.0.0.1:$OR_PORT/mysql"
exit 0
