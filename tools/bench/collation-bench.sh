#!/usr/bin/env bash
# What step 13's collation costs on PostgreSQL: inserts into a unique index and index lookups on a column in
# taskflow_ci_ai (ICU, level 1, nondeterministic), next to the same column compared byte for byte (the default) and
# the two usual alternatives, citext and a unique index on lower(), in the same run on the same server.
# Usage: tools/bench/collation-bench.sh [--rows N] [--rounds R]   (server from TASKFLOW_TEST_POSTGRES)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rows=200000
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
admin="${TASKFLOW_TEST_POSTGRES:-postgresql://taskflow:taskflow@127.0.0.1:5432/postgres}"
db="bench_collation_$$"
url="${admin%/*}/$db"
psql -qX "$admin" -c "CREATE DATABASE $db" >/dev/null
trap 'psql -qX "$admin" -c "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT
psql -qX -v ON_ERROR_STOP=1 "$url" >/dev/null <<'SQL'
CREATE EXTENSION IF NOT EXISTS citext;
CREATE COLLATION taskflow_ci_ai (provider = icu, locale = 'und-u-ks-level1', deterministic = false);
SQL

now_ms() { date +%s%3N; }
q() { psql -qXAt -v ON_ERROR_STOP=1 "$url" -c "$1"; }

# contender: name, column definition, how a lookup compares, the unique index
declare -A column=(
  [deterministic]="email varchar(256) NOT NULL UNIQUE"
  [taskflow_ci_ai]="email varchar(256) COLLATE taskflow_ci_ai NOT NULL UNIQUE"
  [citext]="email citext NOT NULL UNIQUE"
  [lower_index]="email varchar(256) NOT NULL"
)
declare -A probe=(
  [deterministic]="t.email = p.v"
  [taskflow_ci_ai]="t.email = p.v"
  [citext]="t.email = p.v::citext"
  [lower_index]="lower(t.email) = lower(p.v)"
)
order=(deterministic taskflow_ci_ai citext lower_index)
declare -A insert_ms lookup_ms found

for name in "${order[@]}"; do
  best_insert=""; best_lookup=""
  for _ in $(seq "$rounds"); do
    q "DROP TABLE IF EXISTS t; CREATE TABLE t (id bigint PRIMARY KEY, ${column[$name]})" >/dev/null
    [ "$name" = lower_index ] && q "CREATE UNIQUE INDEX ON t (lower(email))" >/dev/null
    start=$(now_ms)
    q "INSERT INTO t SELECT i, 'user' || i || '.Name@Example.test' FROM generate_series(1, $rows) i" >/dev/null
    took=$(( $(now_ms) - start ))
    [ -z "$best_insert" ] || [ "$took" -lt "$best_insert" ] && best_insert=$took
    q "VACUUM ANALYZE t" >/dev/null
    # Every other address looked up in another case, one index probe each (joins other than nested loops off).
    start=$(now_ms)
    n=$(q "SET enable_hashjoin = off; SET enable_mergejoin = off; SET enable_seqscan = off;
           SELECT count(*) FROM (SELECT 'USER' || g || '.name@example.TEST' AS v FROM generate_series(1, $rows, 2) g) p JOIN t ON ${probe[$name]}" | tail -1)
    took=$(( $(now_ms) - start ))
    [ -z "$best_lookup" ] || [ "$took" -lt "$best_lookup" ] && best_lookup=$took
  done
  insert_ms[$name]=$best_insert; lookup_ms[$name]=$best_lookup; found[$name]=$n
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
run_id=$(date -u +%Y%m%dT%H%M%S)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
echo "Collation benchmark: run $run_id, commit $(git -C "$root" rev-parse --short HEAD), $(psql -qXAt "$admin" -c 'SHOW server_version' | cut -d' ' -f1)"
echo "host: $(nproc) cores, $cpu; $rows rows, $(( (rows + 1) / 2 )) lookups in another case, fastest of $rounds rounds"
echo
echo "| column | insert into the unique index, ms | vs deterministic | lookups, ms | vs deterministic | rows found |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for name in "${order[@]}"; do
  echo "| $name | ${insert_ms[$name]} | $(ratio "${insert_ms[$name]}" "${insert_ms[deterministic]}")× | ${lookup_ms[$name]} | $(ratio "${lookup_ms[$name]}" "${lookup_ms[deterministic]}")× | ${found[$name]} |"
done
