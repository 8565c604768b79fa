#!/usr/bin/env bash
# Measures the schema side: `script` for each engine, and `up` of every step on an empty database
# next to applying the committed init-complete.sql with the engine's own client, in the same run.
# Usage: tools/bench/schema-bench.sh [--runs N]   (servers from TASKFLOW_TEST_POSTGRES / TASKFLOW_TEST_MYSQL)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs=5
[ "${1:-}" = "--runs" ] && runs="$2"
pg_admin="${TASKFLOW_TEST_POSTGRES:-postgresql://taskflow:taskflow@127.0.0.1:5432/postgres}"
my_admin="${TASKFLOW_TEST_MYSQL:-mysql://taskflow:taskflow@127.0.0.1:3306/mysql}"
tool="$root/tools/taskflow-schema"
"$tool" --help >/dev/null   # build once, outside the measurements

now_ms() { date +%s%3N; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
url_db() { echo "${1%/*}/$2"; }   # same server, another database

# mysql://user:pass@host:port/db -> pieces for the mariadb client
my_user=$(echo "$my_admin" | sed -E 's#^[a-z+]+://([^:@]+).*#\1#')
my_pass=$(echo "$my_admin" | sed -E 's#^[a-z+]+://[^:@]+:([^@]*)@.*#\1#')
my_host=$(echo "$my_admin" | sed -E 's#^[^@]+@([^:/]+).*#\1#')
my_port=$(echo "$my_admin" | sed -E 's#^[^@]+@[^:/]+:([0-9]+).*#\1#')
mariadb_q() { MYSQL_PWD="$my_pass" mariadb --protocol=TCP -h "$my_host" -P "$my_port" -u "$my_user" "$@"; }

measure() {  # measure NAME COMMAND... : prints the median over $runs runs, in ms
  local name="$1"; shift
  local times=()
  for _ in $(seq "$runs"); do
    local start; start=$(now_ms)
    "$@" >/dev/null 2>&1 || { echo "$name failed" >&2; "$@" >&2; exit 1; }
    times+=($(( $(now_ms) - start )))
  done
  printf '%s\n' "${times[@]}" | median
}

pg_up() { local db="bench_up_$RANDOM$RANDOM"; psql -q "$pg_admin" -c "CREATE DATABASE $db" >/dev/null
  local s; s=$(now_ms); "$tool" up --connection "$(url_db "$pg_admin" "$db")" >/dev/null 2>&1; local t=$(( $(now_ms) - s ))
  psql -q "$pg_admin" -c "DROP DATABASE $db" >/dev/null; echo "$t"; }
pg_psql() { local db="bench_psql_$RANDOM$RANDOM"; psql -q "$pg_admin" -c "CREATE DATABASE $db" >/dev/null
  local s; s=$(now_ms); psql -q -X -v ON_ERROR_STOP=1 "$(url_db "$pg_admin" "$db")" -f "$root/migrations/sql/postgresql/init-complete.sql" >/dev/null 2>&1; local t=$(( $(now_ms) - s ))
  psql -q "$pg_admin" -c "DROP DATABASE $db" >/dev/null; echo "$t"; }
my_up() { local db="bench_up_$RANDOM$RANDOM"; mariadb_q -e "CREATE DATABASE $db"
  local s; s=$(now_ms); "$tool" up --connection "$(url_db "$my_admin" "$db")" >/dev/null 2>&1; local t=$(( $(now_ms) - s ))
  mariadb_q -e "DROP DATABASE $db"; echo "$t"; }
my_client() { local db="bench_cli_$RANDOM$RANDOM"; mariadb_q -e "CREATE DATABASE $db"
  local s; s=$(now_ms); mariadb_q "$db" < "$root/migrations/sql/mysql/init-complete.sql"; local t=$(( $(now_ms) - s ))
  mariadb_q -e "DROP DATABASE $db"; echo "$t"; }
repeat() { for _ in $(seq "$runs"); do "$1"; done | median; }

script_pg=$(measure "script postgres" "$tool" script --engine postgres)
script_my=$(measure "script mysql" "$tool" script --engine mysql)
up_pg=$(repeat pg_up); psql_pg=$(repeat pg_psql)
up_my=$(repeat my_up); cli_my=$(repeat my_client)

run_id=$(date -u +%Y%m%dT%H%M%S)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
l3=$(lscpu 2>/dev/null | sed -n 's/^L3 cache:[[:space:]]*//p' | head -1)
echo "Schema benchmark: run $run_id, commit $(git -C "$root" rev-parse --short HEAD), median of $runs runs"
echo "host: $(nproc) cores, $cpu, L3 ${l3:-unknown}; $(date -u +%Y-%m-%d)"
printf '| %-48s | %8s |\n' "measurement" "ms"
printf '| %-48s | %8s |\n' "------------------------------------------------" "--------"
printf '| %-48s | %8s |\n' "taskflow-schema script --engine postgres" "$script_pg" \
  "taskflow-schema script --engine mysql" "$script_my" \
  "taskflow-schema up, all steps, empty PostgreSQL" "$up_pg" \
  "psql -f init-complete.sql, empty PostgreSQL" "$psql_pg" \
  "taskflow-schema up, all steps, empty MariaDB" "$up_my" \
  "mariadb < init-complete.sql, empty MariaDB" "$cli_my"
echo "(tool times include .NET start-up, ~0.1 s per process)"
