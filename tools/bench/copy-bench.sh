#!/usr/bin/env bash
# copy-bench.sh: MySQL (MariaDB or Oracle MySQL, --source) -> PostgreSQL copy benchmark for TaskFlow (issue 4).
#
# One run: generates a synthetic step-1 TaskFlow dataset in a fresh MySQL database, then loads it
# into a fresh PostgreSQL database per contender and reports wall time, rows/s and peak RSS:
#   pgloader     Debian package, data only into the schema `taskflow-schema up --to 202507210000`
#                made (the fair comparison: same target tables, same indexes, same constraints)
#   ours         `taskflow-schema copy-data --from SRC --to DST` (verification on, its default),
#                into an empty database (copy-data runs the migrations itself)
#   floor        tools/bench/Floor: read + binary COPY only, into the `up` schema, no checks
#   floor-bare   the same into bare tables (FKs and secondary indexes dropped first, not rebuilt)
# Every target's row counts are compared with the source afterwards; any difference fails the run.
#
# Usage: tools/bench/copy-bench.sh [--scale N] [--rounds R] [--keep] [--skip-pgloader] [--skip-ours]
#          [--skip-floor] [--out DIR] [--baseline FILE] [--source mariadb|oracle]
#   --source S       the MySQL server read: mariadb (default, TASKFLOW_TEST_MYSQL) or oracle (Oracle MySQL,
#                    TASKFLOW_TEST_ORACLE_MYSQL). pgloader 3.6 cannot log in to Oracle MySQL 9
#                    (caching_sha2_password only): it is tried once and its refusal is reported as it is.
#   --scale N        multiplier of the default sizes (200k requests, 200k ai_outputs, 200k jobs,
#                    20k ground truth, 20k custom instructions, 1k users, 100 workflows); may be 0.05
#   --rounds R       run every contender R times, in turn (pgloader, pgloader, ours, floor, floor-bare,
#                    then again); each contender's fastest round is reported, with every round's seconds
#                    and the highest peak RSS of all rounds (default 1). On a shared VM whose speed drifts
#                    by tens of percent within minutes, R = 3 compares each at its best moment.
#   --keep           keep the databases (names printed) instead of dropping them
#   --skip-pgloader  do not run pgloader; --skip-ours, --skip-floor likewise
#   --out DIR        where results go (default tools/bench/out/, gitignored)
#   --baseline FILE  results JSON of an earlier run at another scale: reports time growth per tool
#                    against the "<= 1.05 x scale ratio" target (10.5x at 10x scale)
#   --pg-sslmode M   the PostgreSQL transport of every contender (default disable: pgloader 3.6.9
#                    connects without TLS by default, seen in pg_stat_ssl; the same for all is fair);
#                    require puts all three on TLS
# TASKFLOW_SCHEMA overrides the command measured as "ours" (default tools/taskflow-schema, which
# builds from source first; the build happens before any timing); COPY_DATA_ARGS adds arguments to
# its copy-data call (for example "--parallel 3" or "--no-verify"; recorded in the results).
# Servers: TASKFLOW_TEST_MYSQL (default mysql://taskflow:taskflow@127.0.0.1:3306/mysql) and
# TASKFLOW_TEST_POSTGRES (default postgresql://taskflow:taskflow@127.0.0.1:5432/postgres), as for the
# tests (tools/start-databases.sh); the database part is ignored. Both need rights to create and drop
# databases; PostgreSQL as superuser (pgloader's `disable triggers`, the floor's replica mode).
#
# pgloader: what had to be decided or tuned (also written into the results):
#   * data only + truncate into our schema: `up` seeds rows (users 1-2, workflow 1, ...) that the
#     source also has, so pgloader must truncate first; `disable triggers` lets it load tables in
#     any order (FKs are triggers in PG) without touching the schema.
#   * ALTER SCHEMA '<mysql db>' RENAME TO 'public': pgloader otherwise loads into a PG schema named
#     after the MySQL database.
#   * EXCLUDING taskflow_schema_history: both sides have their own history table.
#   * CAST tinyint(1) -> boolean using tinyint-to-boolean. Enums, JSON (MariaDB: LONGTEXT),
#     VARCHAR(36) uuids and DECIMAL need no cast: pgloader sends text and PostgreSQL parses it into
#     our enum, jsonb, uuid and numeric columns on COPY.
#   * SET PostgreSQL PARAMETERS timezone = 'UTC'. The MySQL side cannot be set: pgloader strips the
#     quotes from `SET MySQL PARAMETERS time_zone = '+00:00'` (MariaDB then rejects it) and MariaDB
#     without tz tables rejects `UTC`; so the source server's time zone must be UTC (checked below).
#   * `reset sequences` does nothing for identity columns (it looks for serial defaults), so the
#     identity positions are restored by one setval per table afterwards, counted in its time.
#   * SET MySQL PARAMETERS net_read_timeout/net_write_timeout = 86400: at --scale 10 a reader whose
#     queue is full waits on the PostgreSQL side longer than MariaDB's default 60 s, MariaDB resets
#     the connection and pgloader dies ("Connection reset by peer", KABOOM) after 4 minutes.
#   * Memory/throughput: see PGLOADER_WITH below (override with the environment variable of that
#     name to experiment; the value used is recorded in the results).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/tools/bench/source-server.sh"
source_server=mariadb
rounds=1 scale=1 keep=0 skip_pgloader=0 skip_ours=0 skip_floor=0 out="$root/tools/bench/out" baseline="" pg_sslmode=disable
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --skip-pgloader) skip_pgloader=1; shift ;;
    --rounds) rounds="$2"; shift 2 ;;
    --skip-ours) skip_ours=1; shift ;;
    --skip-floor) skip_floor=1; shift ;;
    --out) out="$2"; shift 2 ;;
    --source) source_server="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --pg-sslmode) pg_sslmode="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "copy-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "copy-bench: FAILED: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "--rounds takes a positive integer"
[[ "$scale" =~ ^[0-9]+([.][0-9]+)?$ ]] && awk -v s="$scale" 'BEGIN{exit !(s > 0)}' || die "--scale must be a positive number"
[ -z "$baseline" ] || [ -f "$baseline" ] || die "baseline file $baseline not found"
case "$pg_sslmode" in disable|prefer|require) ;; *) die "--pg-sslmode must be disable, prefer or require" ;; esac

# Tuned on the 2-core machine at scale 1 (642k rows, 466 MB as pgloader counts it):
#   pgloader's defaults (workers 4, concurrency 1, prefetch rows 100000, batch rows 25000,
#   batch size 20MB) die with "Heap exhausted, game over" (SBCL's 1 GB dynamic space): 100k
#   prefetched rows of KB-sized TEXT per table do not fit. Smaller queues fix that:
#   workers 2, prefetch/batch rows 10000, 16MB ......................... 106 s, 856 MB
#   workers 2, prefetch/batch rows 5000, 8MB ............................ 89 s, 598 MB
#   workers 4, prefetch/batch rows 5000, 8MB ............................ 82 s, 625 MB
#   + concurrency 2, multiple readers per thread, rows per range 50000 ... 68 s, 660 MB (chosen)
# (one run each on a busy shared machine: differences under ~10% are noise).
PGLOADER_WITH="${PGLOADER_WITH:-workers = 4, concurrency = 2, multiple readers per thread, rows per range = 50000, prefetch rows = 5000, batch rows = 5000, batch size = 8MB}"

mysql_url="$(source_url "$source_server")" || die "--source takes mariadb or oracle, not $source_server"
source_name="$(source_label "$source_server")"
pg_url="${TASKFLOW_TEST_POSTGRES:-postgresql://taskflow:taskflow@127.0.0.1:5432/postgres}"
url_re='^[a-z+]+://([^:@/]+)(:([^@]*))?@([^:/]+)(:([0-9]+))?(/[^?]*)?$'
[[ "$mysql_url" =~ $url_re ]] || die "the $source_name URL must look like mysql://user:password@host:port/db"
m_user="${BASH_REMATCH[1]}" m_pass="${BASH_REMATCH[3]}" m_host="${BASH_REMATCH[4]}" m_port="${BASH_REMATCH[6]:-3306}"
[[ "$pg_url" =~ $url_re ]] || die "TASKFLOW_TEST_POSTGRES must look like postgresql://user:password@host:port/db"
p_user="${BASH_REMATCH[1]}" p_pass="${BASH_REMATCH[3]}" p_host="${BASH_REMATCH[4]}" p_port="${BASH_REMATCH[6]:-5432}"
mysql_db_url() { echo "mysql://$m_user:$m_pass@$m_host:$m_port/$1"; }
pg_db_url() { echo "postgresql://$p_user:$p_pass@$p_host:$p_port/$1?sslmode=$pg_sslmode"; }
my() { MYSQL_PWD="$m_pass" mysql --default-character-set=utf8mb4 -h "$m_host" -P "$m_port" -u "$m_user" -N -B "$@"; }
pg() { local db="$1"; shift; PGOPTIONS="-c client_min_messages=warning" PGPASSWORD="$p_pass" psql -X -q -At -v ON_ERROR_STOP=1 -h "$p_host" -p "$p_port" -U "$p_user" -d "$db" "$@"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b - a}'; }

# On a fresh machine (as root) install what the run needs: the servers' clients and pgloader come
# with tools/start-databases.sh, jq and GNU time from Debian.
if [ "$(id -u)" = 0 ]; then
  root_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  if [ "$skip_pgloader" = 1 ]; then "$root_dir/tools/start-databases.sh" >/dev/null; else "$root_dir/tools/start-databases.sh" --with-pgloader >/dev/null; fi
  extra=()
  command -v jq >/dev/null || extra+=(jq)
  [ -x /usr/bin/time ] || extra+=(time)
  if [ "${#extra[@]}" -gt 0 ]; then
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${extra[@]}" >&2
  fi
fi
for tool in mysql psql dotnet jq awk; do command -v "$tool" >/dev/null || die "$tool is not installed"; done
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install -y time"
[ "$skip_pgloader" = 1 ] || command -v pgloader >/dev/null || die "pgloader is missing: apt-get install -y pgloader (or --skip-pgloader)"

# ---- sizes -------------------------------------------------------------------------------------
count() { awk -v s="$scale" -v b="$1" -v m="$2" 'BEGIN{n = int(b * s + 0.5); if (n < m) n = m; print n}'; }
n_users=$(count 1000 10) n_workflows=$(count 100 2) n_requests=$(count 200000 100)
n_ai=$(count 200000 100) n_jobs=$(count 200000 100) n_ci=$(count 20000 10) n_gt=$(count 20000 10)
n_blocks=$((4 * n_workflows))

run="$(date +%Y%m%dT%H%M%S)"
prefix="copybench_$$"
src_db="${prefix}_src"
src_url="$(mysql_db_url "$src_db")"
work="$(mktemp -d)"
mkdir -p "$out"
logs="$out/logs-$run"
mkdir -p "$logs"
pg_dbs=()

cleanup() {
  local rc=$?
  if [ "$keep" = 1 ]; then
    echo "copy-bench: kept $source_name $src_db and PostgreSQL ${pg_dbs[*]:-}" >&2
  else
    my -e "DROP DATABASE IF EXISTS \`$src_db\`" 2>/dev/null || true
    for db in "${pg_dbs[@]}"; do pg postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" 2>/dev/null || true; done
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

# ---- build -------------------------------------------------------------------------------------
log "building taskflow-schema and the floor program"
"$root/tools/taskflow-schema" --version >/dev/null || die "taskflow-schema does not build"
dotnet build "$root/tools/bench/Floor/Floor.csproj" -c Release -o "$root/artifacts/bench-floor" --nologo -v q >"$logs/floor-build.log" 2>&1 \
  || { cat "$logs/floor-build.log" >&2; die "the floor program does not build"; }
ours_cmd="${TASKFLOW_SCHEMA:-$root/tools/taskflow-schema}"
# `X --help` exits 0 even for an unknown X, so look for the command in the list.
if [ "$skip_ours" = 0 ] && ! "$ours_cmd" --help 2>/dev/null | grep -q '^ *copy-data '; then
  die "this build of taskflow-schema has no copy-data command (merge main, or pass --skip-ours)"
fi

# ---- source dataset ----------------------------------------------------------------------------
tz_offset="$(my -e "SELECT TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), NOW())")"
[ "$tz_offset" = 0 ] || [ "$skip_pgloader" = 1 ] \
  || die "$source_name's session time zone is not UTC (offset ${tz_offset}s): pgloader cannot set it and would shift every TIMESTAMP"

log "scale $scale: creating $source_name $src_db at step 1"
my -e "CREATE DATABASE \`$src_db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
"$root/tools/taskflow-schema" up --connection "$src_url" --to 202507210000 >"$logs/src-up.log" 2>&1 \
  || { cat "$logs/src-up.log" >&2; die "up on the source failed"; }
log "generating: $n_requests requests, $n_ai ai_outputs, $n_jobs processing_jobs, $n_gt ground_truth_data, $n_ci custom_instructions, $n_users users, $n_workflows workflows"
t0=$(now)
load_dataset "$src_db" "$(printf '%s\n' "$n_requests" "$n_ai" "$n_jobs" "$n_ci" "$n_gt" "$n_users" | sort -n | tail -n 1)" \
    -e "s/{N_USERS}/$n_users/g; s/{N_WORKFLOWS}/$n_workflows/g; s/{N_BLOCKS}/$n_blocks/g; s/{N_REQUESTS}/$n_requests/g" \
    -e "s/{N_AI_OUTPUTS}/$n_ai/g; s/{N_JOBS}/$n_jobs/g; s/{N_CUSTOM_INSTRUCTIONS}/$n_ci/g; s/{N_GROUND_TRUTH}/$n_gt/g" \
  || die "dataset generation failed"
my "$src_db" -e "ANALYZE TABLE users, workflows, workflow_blocks, workflow_block_inputs, workflow_dashboard_configs, requests, ai_outputs, processing_jobs, custom_instructions, ground_truth_data" >/dev/null
gen_seconds=$(secs "$t0" "$(now)")

tables=$(my "$src_db" -e "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND table_name <> 'taskflow_schema_history' ORDER BY table_name")
declare -A src_count
total_rows=0
for t in $tables; do
  src_count[$t]=$(my "$src_db" -e "SELECT COUNT(*) FROM \`$t\`")
  total_rows=$((total_rows + src_count[$t]))
done
src_mb=$(my "$src_db" -e "SELECT ROUND(SUM(data_length + index_length) / 1048576) FROM information_schema.tables WHERE table_schema = DATABASE()")
log "generated $total_rows rows (${src_mb} MB in InnoDB) in ${gen_seconds}s"

# ---- helpers for the contenders ----------------------------------------------------------------
new_pg_db() { # name [up]: a fresh database, optionally at step 1; echoes seconds spent in up
  local db="${prefix}_$1"
  pg_dbs+=("$db")
  pg postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
}
schema_up() { # name: brings the PG database to step 1
  "$root/tools/taskflow-schema" up --connection "$(pg_db_url "${prefix}_$1")" --to 202507210000 >"$logs/$1-up.log" 2>&1 \
    || { cat "$logs/$1-up.log" >&2; die "up on ${prefix}_$1 failed"; }
}
# CPU seconds used so far by the local MariaDB and PostgreSQL servers (all their processes; a
# postmaster's cutime/cstime include its exited backends), or "null" when they do not run here.
server_cpu() { # mariadb|postgres
  local tck pid total
  tck=$(getconf CLK_TCK)
  if [ "$1" = mariadb ]; then
    pid=$(source_pid "$source_server")
    [ -n "$pid" ] || { echo null; return; }
    total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat")
  else
    pid=$(pgrep -o -f 'bin/postgres .*-D' || true)
    [ -n "$pid" ] || { echo null; return; }
    total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat")
    for c in $(pgrep -P "$pid"); do total=$((total + $(awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || echo 0))); done
  fi
  awk -v t="$total" -v k="$tck" 'BEGIN{printf "%.2f", t / k}'
}
cpu_delta() { [ "$1" = null ] || [ "$2" = null ] && echo null || awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b - a}'; }

declare -A wall rss cpu_client cpu_pg cpu_maria
measure() { # name command...: wall seconds, peak RSS and CPU seconds of one command; any failure is fatal
  local name="$1"; shift
  log "running $name"
  local t0 rc=0 pg0 my0
  pg0=$(server_cpu postgres) my0=$(server_cpu mariadb)
  t0=$(now)
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$logs/$name.log" 2>&1 || rc=$?
  wall[$name]=$(secs "$t0" "$(now)")
  cpu_pg[$name]=$(cpu_delta "$pg0" "$(server_cpu postgres)")
  cpu_maria[$name]=$(cpu_delta "$my0" "$(server_cpu mariadb)")
  cpu_client[$name]=$(awk -F': ' '/User time|System time/ {s += $2} END {printf "%.2f", s}' "$work/$name.time")
  if [ "$rc" != 0 ]; then
    tail -n 40 "$logs/$name.log" >&2
    die "$name exited with $rc (log: $logs/$name.log)"
  fi
  rss[$name]=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024 + 0.5)}' "$work/$name.time")
  log "$name: ${wall[$name]}s, peak RSS ${rss[$name]} MB"
}
declare -A best_wall best_rss best_client best_pg best_maria all_walls
round_done() { # name: keeps the contender's fastest round (and the highest peak RSS of all rounds)
  local name="$1"
  all_walls[$name]="${all_walls[$name]:-}${all_walls[$name]:+, }${wall[$name]}"
  if [ -z "${best_wall[$name]:-}" ] || awk -v a="${wall[$name]}" -v b="${best_wall[$name]}" 'BEGIN{exit !(a < b)}'; then
    best_wall[$name]=${wall[$name]} best_client[$name]=${cpu_client[$name]} best_pg[$name]=${cpu_pg[$name]} best_maria[$name]=${cpu_maria[$name]}
  fi
  if [ -z "${best_rss[$name]:-}" ] || [ "${rss[$name]}" -gt "${best_rss[$name]}" ]; then best_rss[$name]=${rss[$name]}; fi
}
verify_counts() { # name: every table of the target has exactly the source's row count
  local db="${prefix}_$1" t n bad=""
  for t in $tables; do
    n=$(pg "$db" -c "SELECT COUNT(*) FROM \"$t\"")
    [ "$n" = "${src_count[$t]}" ] || bad+=" $t(source ${src_count[$t]}, target $n)"
  done
  [ -z "$bad" ] || die "$1 did not load everything:$bad"
  log "$1: row counts match the source in all $(echo "$tables" | wc -w) tables"
  # Free the disk before the next contender (GBs at --scale 10) unless asked to keep.
  [ "$keep" = 1 ] || pg postgres -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)"
}

# ---- pgloader ----------------------------------------------------------------------------------
# Two configurations: the tuned one above, and the same with `drop indexes` (pgloader drops the target's indexes before
# the load and builds them after it: its own best setting for a data-only load into an indexed schema). The ratio
# target is against the faster of the two.
pgloader_version=""
pgloader_run() { # name extra-with-options
  local name="$1" extra="$2"
  new_pg_db "$name"
  t0=$(now); schema_up "$name"; up_seconds=$(secs "$t0" "$(now)")
  write_load() { # url-of-target password-shown?
    cat <<EOF
LOAD DATABASE
  FROM $1
  INTO $2
WITH data only, truncate, disable triggers, reset no sequences, $extra
     $PGLOADER_WITH
SET PostgreSQL PARAMETERS timezone = 'UTC'
SET MySQL PARAMETERS net_read_timeout = '86400', net_write_timeout = '86400'
CAST type tinyint when (= precision 1) to boolean drop typemod using tinyint-to-boolean
EXCLUDING TABLE NAMES MATCHING 'taskflow_schema_history'
ALTER SCHEMA '$src_db' RENAME TO 'public';
EOF
  }
  write_load "$src_url" "$(pg_db_url "${prefix}_$name")" >"$work/$name.load"
  write_load "mysql://$m_user:***@$m_host:$m_port/$src_db" "postgresql://$p_user:***@$p_host:$p_port/${prefix}_$name?sslmode=$pg_sslmode" >"$logs/$name.load"
  measure "$name" pgloader "$work/$name.load"
  # pgloader reports per-table errors in its summary but may still exit 0: the counts decide.
  t0=$(now)
  pg "${prefix}_$name" -c "DO \$\$ DECLARE r record; BEGIN
      FOR r IN SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND is_identity = 'YES' LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, %L), COALESCE((SELECT max(%I) FROM %I), 0) + 1, false)',
                       r.table_name, r.column_name, r.column_name, r.table_name);
      END LOOP; END \$\$"
  wall[$name]=$(awk -v a="${wall[$name]}" -v b="$(secs "$t0" "$(now)")" 'BEGIN{printf "%.2f", a + b}')
  verify_counts "$name"
}
# pgloader 3.6 speaks mysql_native_password only; Oracle MySQL 9 has caching_sha2_password alone. It is tried once on the
# real source, and what it says is reported instead of its figures (its configurations are then left out).
pgloader_refused=""
if [ "$skip_pgloader" = 0 ] && [ "$source_server" = oracle ]; then
  new_pg_db pgloader_login
  printf 'LOAD DATABASE FROM %s INTO %s WITH data only;\n' "$src_url" "$(pg_db_url "${prefix}_pgloader_login")" >"$work/login.load"
  # pgloader exits 0 when it cannot connect: its log says so.
  if timeout 120 pgloader "$work/login.load" >"$logs/pgloader-login.log" 2>&1 && ! grep -qE 'Failed to connect|QMYND:' "$logs/pgloader-login.log"; then
    log "pgloader logged in to $source_name: measuring it"
  else
    pgloader_refused="$(grep -m 1 -oE 'Failed to connect.*|ERROR .*|FATAL .*' "$logs/pgloader-login.log" || tail -n 1 "$logs/pgloader-login.log")"
    pgloader_version="$(pgloader --version | awk 'NR == 1')"
    log "pgloader cannot copy from $source_name: $pgloader_refused"
    skip_pgloader=1
  fi
fi
run_round() {
  if [ "$skip_pgloader" = 0 ]; then
    pgloader_version="$(pgloader --version | awk 'NR == 1')"
    pgloader_run pgloader ""; round_done pgloader
    pgloader_run pgloader_drop_indexes "drop indexes,"; round_done pgloader_drop_indexes
  fi

  # ---- ours --------------------------------------------------------------------------------------
  if [ "$skip_ours" = 0 ]; then
    new_pg_db ours
    # shellcheck disable=SC2086 # COPY_DATA_ARGS is a list of words
    measure ours "$ours_cmd" copy-data --from "$src_url" --to "$(pg_db_url "${prefix}_ours")" ${COPY_DATA_ARGS:-}
    verify_counts ours; round_done ours
  fi

  # ---- floor -------------------------------------------------------------------------------------
  if [ "$skip_floor" = 0 ]; then
    new_pg_db floor; schema_up floor
    measure floor dotnet "$root/artifacts/bench-floor/copy-floor.dll" --from "$src_url" --to "$(pg_db_url "${prefix}_floor")" --parallel 2
    verify_counts floor; round_done floor
    new_pg_db floor_bare; schema_up floor_bare
    measure floor_bare dotnet "$root/artifacts/bench-floor/copy-floor.dll" --from "$src_url" --to "$(pg_db_url "${prefix}_floor_bare")" --parallel 2 --bare
    verify_counts floor_bare; round_done floor_bare
  fi
}
for ((round = 1; round <= rounds; round++)); do
  [ "$rounds" = 1 ] || log "round $round of $rounds"
  run_round
done
# Each contender as in its fastest round.
for name in "${!best_wall[@]}"; do
  wall[$name]=${best_wall[$name]} rss[$name]=${best_rss[$name]} cpu_client[$name]=${best_client[$name]} cpu_pg[$name]=${best_pg[$name]} cpu_maria[$name]=${best_maria[$name]}
done

# ---- report ------------------------------------------------------------------------------------
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "" || b == "" || b == 0) print "null"; else printf "%.2f", a / b }'; }
results='{}'
for name in pgloader pgloader_drop_indexes ours floor floor_bare; do
  [ -n "${wall[$name]:-}" ] || continue
  rps=$(awk -v r="$total_rows" -v s="${wall[$name]}" 'BEGIN{printf "%d", r / s}')
  results=$(jq -c --arg n "$name" --argjson s "${wall[$name]}" --argjson r "$rps" --argjson m "${rss[$name]}" \
    --argjson cc "${cpu_client[$name]}" --argjson cp "${cpu_pg[$name]}" --argjson cm "${cpu_maria[$name]}" --arg all "${all_walls[$name]:-${wall[$name]}}" \
    '. + {($n): {seconds: $s, rows_per_second: $r, peak_rss_mb: $m, cpu_seconds: {client: $cc, postgresql: $cp, mariadb: $cm},
                 rounds_seconds: ($all | split(", ") | map(tonumber))}}' <<<"$results")
done
# pgloader at its best: the faster of its two configurations.
pgloader_best=""
for name in pgloader pgloader_drop_indexes; do
  [ -n "${wall[$name]:-}" ] || continue
  if [ -z "$pgloader_best" ] || awk -v a="${wall[$name]}" -v b="${wall[$pgloader_best]}" 'BEGIN{exit !(a < b)}'; then pgloader_best=$name; fi
done
best_wall=""
[ -z "$pgloader_best" ] || best_wall="${wall[$pgloader_best]}"
pgl_ours=$(ratio "$best_wall" "${wall[ours]:-}")
ours_floor=$(ratio "${wall[ours]:-}" "${wall[floor]:-}")
pgl_floor=$(ratio "$best_wall" "${wall[floor]:-}")

growth='null'
if [ -n "$baseline" ]; then
  base_scale=$(jq -r '.scale' "$baseline")
  growth=$(jq -c --argjson now "$results" --argjson s "$scale" '
    (.scale) as $b | .results as $old |
    {baseline_scale: $b, scale_ratio: ($s / $b), allowed: ((1.05 * $s / $b) * 100 | round / 100),
     tools: ([$now | to_entries[] | select($old[.key] != null) |
              {key: .key, value: {growth: ((.value.seconds / $old[.key].seconds) * 100 | round / 100),
                                  within_target: ((.value.seconds / $old[.key].seconds) <= (1.05 * $s / $b))}}] | from_entries)}' "$baseline")
  log "baseline: scale $base_scale from $baseline"
fi

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
# .NET sizes its gen0 budget from the L3 cache, so the host's L3 is part of what a memory figure means.
l3=$(lscpu 2>/dev/null | awk -F': *' '/^L3 cache/ {print $2; exit}')
mem_gb=$(awk '/MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)
machine=$(jq -n --arg cpu "$cpu" --arg l3 "${l3:-unknown}" --argjson nproc "$(nproc)" --argjson mem "$mem_gb" --arg kernel "$(uname -r)" \
  --arg pg "$(pg postgres -c 'SHOW server_version')" --arg maria "$(my -e 'SELECT VERSION()')" \
  --arg pgloader "$pgloader_version" --arg dotnet "$(dotnet --version)" \
  --arg commit "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src migrations tools || echo '+dirty')" \
  '{cpu: $cpu, l3_cache: $l3, nproc: $nproc, memory_gb: $mem, kernel: $kernel, postgresql: $pg, mariadb: $maria,
    pgloader: $pgloader, dotnet: $dotnet, commit: $commit}')
counts=$(for t in $tables; do echo "$t ${src_count[$t]}"; done | jq -R -n -c '[inputs | split(" ") | {(.[0]): (.[1] | tonumber)}] | add')

json=$(jq -n --arg run "$run" --argjson scale "$scale" --argjson rows "$total_rows" --argjson counts "$counts" \
  --argjson src_mb "$src_mb" --argjson gen "$gen_seconds" --argjson up "${up_seconds:-null}" --argjson machine "$machine" \
  --argjson results "$results" --argjson pgl_ours "$pgl_ours" --argjson ours_floor "$ours_floor" --argjson pgl_floor "$pgl_floor" \
  --argjson rounds "$rounds" --arg pgloader_with "$PGLOADER_WITH" --arg copy_args "${COPY_DATA_ARGS:-}" --argjson growth "$growth" --arg sslmode "$pg_sslmode" --arg best "$pgloader_best" \
  --arg source "$source_name" --arg refused "$pgloader_refused" '
  {run: $run, source_server: $source, pgloader_refused: (if $refused == "" then null else $refused end), scale: $scale, rounds: $rounds, total_rows: $rows, source_rows: $counts, source_innodb_mb: $src_mb,
   generation_seconds: $gen, schema_up_seconds_pg: $up, machine: $machine,
   pgloader_settings: ("data only, truncate, disable triggers, reset no sequences (setval afterwards), " + $pgloader_with
                        + "; timezone UTC; MySQL net_read/write_timeout 86400; CAST tinyint(1) -> boolean using tinyint-to-boolean; schema renamed to public; history table excluded"),
   copy_data_extra_args: $copy_args, postgresql_sslmode: $sslmode,
   results: $results,
   pgloader_best: $best, ratios: {pgloader_over_ours: $pgl_ours, ours_over_floor: $ours_floor, pgloader_over_floor: $pgl_floor},
   targets: {pgloader_over_ours_min: 3, ours_over_floor_max: 1.25, ours_peak_rss_mb_max: 150, growth_at_10x_max: 10.5},
   growth: $growth}')
tag="scale${scale}-$run"
echo "$json" >"$out/copy-bench-$tag.json"
cp "$out/copy-bench-$tag.json" "$out/latest.json"

verdict() { # value op limit
  [ "$1" = null ] && { echo "n/a"; return; }
  awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN{ ok = (op == ">=") ? v >= l : v <= l; print (ok ? "met" : "MISSED") }'
}
{
  echo "# copy-bench, scale $scale ($run)"
  echo
  echo "Machine: $cpu (L3 ${l3:-unknown}), $(nproc) cores, ${mem_gb} GB RAM; PostgreSQL $(jq -r .postgresql <<<"$machine"), $source_name $(jq -r .mariadb <<<"$machine"), ${pgloader_version:-pgloader not run}, .NET $(dotnet --version); commit $(jq -r .commit <<<"$machine")."
  [ -z "$pgloader_refused" ] || echo "pgloader could not copy from $source_name: $pgloader_refused (so no ratio against it)."
  echo
  echo "Source: $total_rows rows in $(echo "$tables" | wc -w) tables, ${src_mb} MB in InnoDB, generated in ${gen_seconds} s (not part of the comparison)."
  echo
  echo "| contender | seconds | rows/s | peak RSS MB | CPU s: client | PostgreSQL | $source_name |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for name in pgloader pgloader_drop_indexes ours floor floor_bare; do
    jq -r --arg n "$name" '.[$n] // empty | "| \($n) | \(.seconds) | \(.rows_per_second) | \(.peak_rss_mb) | \(.cpu_seconds.client) | \(.cpu_seconds.postgresql // "n/a") | \(.cpu_seconds.mariadb // "n/a") |"' <<<"$results"
  done
  if [ "$rounds" != 1 ]; then
    echo
    echo "Fastest of $rounds rounds each (seconds of every round, in order: $(for name in pgloader pgloader_drop_indexes ours floor floor_bare; do
      [ -n "${all_walls[$name]:-}" ] && printf '%s %s; ' "$name" "${all_walls[$name]}"; done | sed 's/; $//'))."
  fi
  echo
  echo "PostgreSQL transport for every contender: sslmode=$pg_sslmode."
  echo
  echo "| ratio | value | target | |"
  echo "| --- | ---: | --- | --- |"
  if [ -n "$pgloader_best" ]; then
    echo "| pgloader at its best ($pgloader_best) / ours | $pgl_ours | >= 3 | $(verdict "$pgl_ours" ">=" 3) |"
  else
    echo "| pgloader at its best / ours | none: pgloader copied nothing (above) | >= 3 | n/a |"
  fi
  echo "| ours / floor | $ours_floor | <= 1.25 | $(verdict "$ours_floor" "<=" 1.25) |"
  echo "| ours peak RSS MB | ${rss[ours]:-null} | <= 150 | $(verdict "${rss[ours]:-null}" "<=" 150) |"
  [ -n "$pgloader_best" ] && echo "| pgloader / floor | $pgl_floor | (info) | |"
  if [ "$growth" != null ]; then
    echo
    echo "Growth against scale $(jq -r .baseline_scale <<<"$growth") (allowed $(jq -r .allowed <<<"$growth")x):"
    jq -r '.tools | to_entries[] | "- \(.key): \(.value.growth)x \(if .value.within_target then "(met)" else "(MISSED)" end)"' <<<"$growth"
  fi
  echo
  echo "pgloader settings: $(jq -r .pgloader_settings <<<"$json")"
  echo
  echo "ours and floor: ours starts from an empty database (copy-data runs the migrations, verifies); pgloader and floor load into a database \`up\` prepared untimed${up_seconds:+ ($up_seconds s)}. floor_bare = floor into tables without FKs and secondary indexes."
} >"$out/copy-bench-$tag.md"
cp "$out/copy-bench-$tag.md" "$out/latest.md"
cat "$out/copy-bench-$tag.md"
log "results: $out/copy-bench-$tag.json, $out/copy-bench-$tag.md; logs: $logs"
