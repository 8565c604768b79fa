#!/usr/bin/env bash
# cutover-bench.sh: live sync and cut-over benchmark for TaskFlow (issue 10).
#
# One run, on copy-bench's synthetic step-1 dataset (tools/bench/dataset.sql) at --scale N:
#   1. capture overhead: K single-row UPDATEs (autocommit, one client session) timed without triggers,
#      then again once `sync` has installed its capture; the difference per write is reported;
#   2. lag: a steady load of --rate writes/s (updates, inserts, deletes; one client session) runs for
#      --duration seconds while `sync` applies; `sync status --json` is sampled every 2 s (pending, lag);
#   3. apply rate: with the sync stopped, a burst of --burst writes, then `sync --until-caught-up` is timed;
#   4. window: `cutover --json` (read-only, drain, verification by row counts and changed keys, identities, reverse
#      capture) while the steady load of --rate writes/s still runs, as the application's writes do until read-only
#      refuses them; the window's parts are in the cut-over's log.
# Results: JSON and a summary line in --out (default tools/bench/out/, gitignored).
#
# Usage: tools/bench/cutover-bench.sh [--scale N] [--rate W] [--duration S] [--burst B] [--writes K] [--keep] [--out DIR]
#          [--source mariadb|oracle]   (the MySQL server: MariaDB from TASKFLOW_TEST_MYSQL, default, or Oracle MySQL)
#   --scale N     dataset multiplier as in copy-bench.sh (1 = 200k requests, 642k rows); default 1
#   --rate W      target writes per second of the steady load; default 200
#   --duration S  seconds of steady load; default 60
#   --burst B     writes of the apply-rate burst; default 20000
#   --writes K    writes of each capture-overhead measurement; default 2000
# The cut-over makes the whole MySQL server read-only (SET GLOBAL read_only); the script sets it back
# OFF when it ends. Run it on a machine nobody else uses: that is also what makes the figures mean anything.
# Servers: TASKFLOW_TEST_MYSQL and TASKFLOW_TEST_POSTGRES as for the tests (the database part is ignored).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$root/tools/bench/source-server.sh"
source_server=mariadb
scale=1 rate=200 duration=60 burst=20000 writes=2000 keep=0 out="$root/tools/bench/out"
while [ $# -gt 0 ]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --burst) burst="$2"; shift 2 ;;
    --writes) writes="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --out) out="$2"; shift 2 ;;
    --source) source_server="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "cutover-bench: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "cutover-bench: FAILED: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }
for n in "$rate" "$duration" "$burst" "$writes"; do [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -gt 0 ] || die "--rate, --duration, --burst and --writes take positive integers"; done
[[ "$scale" =~ ^[0-9]+([.][0-9]+)?$ ]] && awk -v s="$scale" 'BEGIN{exit !(s > 0)}' || die "--scale must be a positive number"

mysql_url="$(source_url "$source_server")" || die "--source takes mariadb or oracle, not $source_server"
source_name="$(source_label "$source_server")"
pg_url="${TASKFLOW_TEST_POSTGRES:-postgresql://taskflow:taskflow@127.0.0.1:5432/postgres}"
url_re='^[a-z+]+://([^:@/]+)(:([^@]*))?@([^:/]+)(:([0-9]+))?(/[^?]*)?$'
[[ "$mysql_url" =~ $url_re ]] || die "the $source_name URL must look like mysql://user:password@host:port/db"
m_user="${BASH_REMATCH[1]}" m_pass="${BASH_REMATCH[3]}" m_host="${BASH_REMATCH[4]}" m_port="${BASH_REMATCH[6]:-3306}"
[[ "$pg_url" =~ $url_re ]] || die "TASKFLOW_TEST_POSTGRES must look like postgresql://user:password@host:port/db"
p_user="${BASH_REMATCH[1]}" p_pass="${BASH_REMATCH[3]}" p_host="${BASH_REMATCH[4]}" p_port="${BASH_REMATCH[6]:-5432}"
my() { MYSQL_PWD="$m_pass" mysql --default-character-set=utf8mb4 -h "$m_host" -P "$m_port" -u "$m_user" -N -B "$@"; }
# The application's writes come from a user without READ_ONLY ADMIN (or SUPER), whom read_only stops, as in production.
app_user="cutoverbench_$$" app_pass="bench-$$-$RANDOM"
app() { MYSQL_PWD="$app_pass" mysql --default-character-set=utf8mb4 -h "$m_host" -P "$m_port" -u "$app_user" -N -B "$@"; }
pg() { local db="$1"; shift; PGOPTIONS="-c client_min_messages=warning" PGPASSWORD="$p_pass" psql -X -q -At -v ON_ERROR_STOP=1 -h "$p_host" -p "$p_port" -U "$p_user" -d "$db" "$@"; }
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b - a}'; }
for tool in mysql psql dotnet jq awk; do command -v "$tool" >/dev/null || die "$tool is not installed"; done

count() { awk -v s="$scale" -v b="$1" -v m="$2" 'BEGIN{n = int(b * s + 0.5); if (n < m) n = m; print n}'; }
n_users=$(count 1000 10) n_workflows=$(count 100 2) n_requests=$(count 200000 100)
n_ai=$(count 200000 100) n_jobs=$(count 200000 100) n_ci=$(count 20000 10) n_gt=$(count 20000 10)
n_blocks=$((4 * n_workflows))

run="$(date +%Y%m%dT%H%M%S)"
src_db="cutoverbench_$$_src" dst_db="cutoverbench_$$_dst"
src_url="mysql://$m_user:$m_pass@$m_host:$m_port/$src_db"
dst_url="postgresql://$p_user:$p_pass@$p_host:$p_port/$dst_db"
mkdir -p "$out"
logs="$out/cutover-logs-$run"
mkdir -p "$logs"
sync_pid="" cut_load_pid=""

cleanup() {
  local rc=$?
  [ -z "$sync_pid" ] || kill "$sync_pid" 2>/dev/null || true
  [ -z "$cut_load_pid" ] || kill "$cut_load_pid" 2>/dev/null || true
  my -e "SET GLOBAL read_only = OFF" || true
  my -e "DROP USER IF EXISTS '$app_user'@'%'" 2>/dev/null || true
  if [ "$keep" = 1 ]; then
    echo "cutover-bench: kept $source_name $src_db and PostgreSQL $dst_db" >&2
  else
    my -e "DROP DATABASE IF EXISTS \`$src_db\`" 2>/dev/null || true
    pg postgres -c "DROP DATABASE IF EXISTS \"$dst_db\" WITH (FORCE)" 2>/dev/null || true
  fi
  exit "$rc"
}
trap cleanup EXIT INT TERM

tool="$root/tools/taskflow-schema"
"$tool" --version >/dev/null || die "taskflow-schema does not build"

# ---- source dataset and empty target ----------------------------------------------------------
log "dataset at scale $scale ($n_requests requests)"
my -e "CREATE DATABASE \`$src_db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
pg postgres -c "CREATE DATABASE \"$dst_db\""
"$tool" up --connection "$src_url" --to 202507210000 >"$logs/up.log" 2>&1 || { cat "$logs/up.log" >&2; die "up failed"; }
load_dataset "$src_db" "$(printf '%s\n' "$n_requests" "$n_ai" "$n_jobs" "$n_ci" "$n_gt" "$n_users" | sort -n | tail -n 1)" \
    -e "s/{N_USERS}/$n_users/g; s/{N_WORKFLOWS}/$n_workflows/g; s/{N_BLOCKS}/$n_blocks/g; s/{N_REQUESTS}/$n_requests/g" \
    -e "s/{N_AI_OUTPUTS}/$n_ai/g; s/{N_JOBS}/$n_jobs/g; s/{N_CUSTOM_INSTRUCTIONS}/$n_ci/g; s/{N_GROUND_TRUTH}/$n_gt/g" \
  || die "dataset generation failed"
max_request=$(my "$src_db" -e "SELECT MAX(id) FROM requests")
my -e "CREATE USER '$app_user'@'%' IDENTIFIED BY '$app_pass'; GRANT SELECT, INSERT, UPDATE, DELETE ON \`$src_db\`.* TO '$app_user'@'%'" \
  || die "cannot create the application user $app_user"


# K single-row updates of distinct rows, autocommit, in one session: per-write cost with and without the capture.
updates() { awk -v k="$1" -v m="$max_request" -v o="$2" 'BEGIN{for (i = 0; i < k; i++) printf "UPDATE requests SET requester = %c%s%d%c WHERE id = %d;\n", 39, o, i, 39, 1 + (i * 7919) % m}'; }
timed_writes() { local t0; t0=$(now); updates "$1" "$2" | my "$src_db"; secs "$t0" "$(now)"; }
# The same rows are written once untimed first, so that both timed runs find them in the buffer pool.
timed_writes "$writes" w >/dev/null
log "capture overhead: $writes writes without triggers"
plain=$(timed_writes "$writes" a)

# ---- sync: capture, full copy, apply --------------------------------------------------------------
log "sync: capture and full copy"
t_copy=$(now)
"$tool" sync --from "$src_url" --to "$dst_url" >"$logs/sync-1.log" 2>&1 &
sync_pid=$!
until grep -q "Full copy done" "$logs/sync-1.log"; do
  kill -0 "$sync_pid" 2>/dev/null || { cat "$logs/sync-1.log" >&2; die "sync ended during the full copy"; }
  sleep 1
done
copy_seconds=$(secs "$t_copy" "$(now)")
log "capture overhead: $writes writes with triggers"
captured=$(timed_writes "$writes" b)
overhead_ms=$(awk -v a="$plain" -v b="$captured" -v k="$writes" 'BEGIN{printf "%.3f", (b - a) * 1000 / k}')

# ---- steady load: lag ---------------------------------------------------------------------------
# Each second's --rate writes go in one session, a tenth of them every 0.09 s, then the script sleeps to the next second:
# the average is --rate whatever one write costs (as long as a second's writes take less than a second).
load_second() { # second-number
  awk -v n="$rate" -v s="$1" -v m="$max_request" 'BEGIN{
    srand(42 + s);
    for (j = 0; j < n; j++) {
      i = s * n + j; k = i % 4; id = 1 + int(rand() * m);
      if (k == 0) printf "INSERT INTO requests (text, requester, status) VALUES (%cload %d%c, NULL, %cNEW%c);\n", 39, i, 39, 39, 39;
      else if (k == 1) printf "UPDATE requests SET status = %cPENDING%c, due_date = IF(due_date IS NULL, CURRENT_DATE, NULL) WHERE id = %d;\n", 39, 39, id;
      else if (k == 2) printf "UPDATE ai_outputs SET summary = CONCAT(COALESCE(summary, %c%c), %c.%c) WHERE id = %d;\n", 39, 39, 39, 39, id;
      else printf "DELETE FROM processing_jobs WHERE request_id = %d LIMIT 1;\n", id;
      # Spread over the second in tenths, not in one burst: a cut-over lands in the load, not in a gap between bursts.
      if ((j + 1) % int((n + 9) / 10) == 0) { fflush(); system("sleep 0.09"); }
    }}'
}
load() {
  local second t0 left
  for ((second = 0; second < duration; second++)); do
    t0=$(now)
    load_second "$second" | app "$src_db" || return 1
    left=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{d = 1 - (b - a); print (d > 0 ? d : 0)}')
    sleep "$left"
  done
}
total=$((rate * duration))
log "steady load: $total writes at ~$rate/s while sync applies"
t_load=$(now)
load &
load_pid=$!
: >"$logs/lag.tsv"
while kill -0 "$load_pid" 2>/dev/null; do
  "$tool" sync status --from "$src_url" --to "$dst_url" --json 2>/dev/null | jq -r '[.pending, .lag_seconds] | @tsv' >>"$logs/lag.tsv" || true
  sleep 2
done
wait "$load_pid" || die "the load failed"
load_seconds=$(secs "$t_load" "$(now)")
achieved=$(awk -v n="$total" -v s="$load_seconds" 'BEGIN{printf "%.1f", n / s}')
lag_max=$(awk -F'\t' 'BEGIN{m = 0} $2 > m {m = $2} END{printf "%.2f", m}' "$logs/lag.tsv")
lag_avg=$(awk -F'\t' '{s += $2; n++} END{printf "%.2f", n ? s / n : 0}' "$logs/lag.tsv")
kill -TERM "$sync_pid"; wait "$sync_pid" || die "sync did not stop cleanly on SIGTERM"; sync_pid=""

# ---- apply rate ---------------------------------------------------------------------------------
log "apply rate: $burst writes pending, then sync --until-caught-up"
awk -v n="$burst" -v m="$max_request" 'BEGIN{for (i = 0; i < n; i++) printf "UPDATE requests SET requester = %cburst %d%c WHERE id = %d;\n", 39, i, 39, 1 + (i * 104729) % m}' | my "$src_db"
t_apply=$(now)
"$tool" sync --from "$src_url" --to "$dst_url" --until-caught-up --json >"$logs/apply.json" 2>"$logs/apply.log" || { cat "$logs/apply.log" >&2; die "sync --until-caught-up failed"; }
apply_seconds=$(secs "$t_apply" "$(now)")
applied=$(jq -r .applied "$logs/apply.json")
apply_rate=$(awk -v n="$applied" -v s="$apply_seconds" 'BEGIN{printf "%.0f", n / s}')

# ---- cut-over -----------------------------------------------------------------------------------
# As in a real cut-over, the application still writes at --rate when the cut-over starts: its read-only stops the load.
load_until_refused() {
  local second t0 left
  for ((second = duration; second < duration + 300; second++)); do
    t0=$(now)
    load_second "$second" | app "$src_db" 2>>"$logs/cutover-load.err" || return 0
    left=$(awk -v a="$t0" -v b="$(now)" 'BEGIN{d = 1 - (b - a); print (d > 0 ? d : 0)}')
    sleep "$left"
  done
}
log "cutover, under the steady load of $rate writes/s"
load_until_refused &
cut_load_pid=$!
sleep 3
"$tool" cutover --from "$src_url" --to "$dst_url" --json >"$logs/cutover.json" 2>"$logs/cutover.log" || { cat "$logs/cutover.log" >&2; die "cutover failed"; }
wait "$cut_load_pid"; cut_load_pid=""
grep -q "read-only" "$logs/cutover-load.err" || { cat "$logs/cutover-load.err" >&2; die "the load during the cut-over did not end on read-only"; }
window=$(jq -r .window_seconds "$logs/cutover.json")
window_keys=$(jq -r .keys_verified "$logs/cutover.json")
window_drained=$(jq -r .drained "$logs/cutover.json")
my -e "SET GLOBAL read_only = OFF"

host="$(hostname) ($(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo))"
jq -n --arg run "$run" --arg host "$host" --argjson scale "$scale" --argjson rate "$rate" --argjson achieved "$achieved" \
  --argjson copy "$copy_seconds" --argjson overhead "$overhead_ms" --argjson plain "$plain" --argjson captured "$captured" --argjson writes "$writes" \
  --argjson lag_max "$lag_max" --argjson lag_avg "$lag_avg" --argjson apply_rate "$apply_rate" --argjson applied "$applied" \
  --argjson apply_seconds "$apply_seconds" --argjson window "$window" --argjson window_keys "$window_keys" --argjson window_drained "$window_drained" \
  '{run: $run, host: $host, scale: $scale, full_copy_seconds: $copy,
    capture: {writes: $writes, seconds_without: $plain, seconds_with: $captured, overhead_ms_per_write: $overhead},
    load: {target_writes_per_second: $rate, achieved_writes_per_second: $achieved, lag_max_seconds: $lag_max, lag_avg_seconds: $lag_avg},
    apply: {changes: $applied, seconds: $apply_seconds, changes_per_second: $apply_rate},
    cutover_window_seconds: $window, cutover_under_load: {drained: $window_drained, keys_verified_in_window: $window_keys}}' >"$out/cutover-$run.json"
echo "cutover-bench scale $scale on $host: capture +$overhead_ms ms/write, lag max $lag_max s (avg $lag_avg) at $achieved writes/s, apply $apply_rate changes/s, window $window s under load ($window_drained drained, $window_keys keys verified in it)  ($out/cutover-$run.json)"
