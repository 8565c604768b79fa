# Sourced by copy-bench.sh and cutover-bench.sh: the MySQL server a benchmark reads from, chosen with
# --source mariadb|oracle (MariaDB 10.11 from TASKFLOW_TEST_MYSQL, Oracle MySQL from
# TASKFLOW_TEST_ORACLE_MYSQL, as tools/start-databases.sh prints them), and the dataset in SQL both run.

source_url() {
  case "$1" in
    mariadb) echo "${TASKFLOW_TEST_MYSQL:-mysql://taskflow:taskflow@127.0.0.1:3306/mysql}" ;;
    oracle) echo "${TASKFLOW_TEST_ORACLE_MYSQL:-mysql://taskflow:taskflow@127.0.0.1:3307/mysql}" ;;
    *) return 1 ;;
  esac
}

source_label() { case "$1" in mariadb) echo "MariaDB" ;; oracle) echo "Oracle MySQL" ;; esac; }

# The server's process, whose CPU time the benchmarks report (Oracle MySQL runs as mysqld in its own root).
source_pid() { case "$1" in mariadb) pgrep -xo mariadbd || true ;; oracle) pgrep -xo mysqld || true ;; esac; }

# dataset.sql for the database on stdin of `my DB`, its sizes filled in. It numbers rows with MariaDB's
# seq_1_to_N tables (its sequence engine), which Oracle MySQL lacks: they read from a numbers table made
# first, on both servers, and dropped after.
load_dataset() { # db max-n sed-expressions...
  local db="$1" max="$2"; shift 2
  my "$db" -e "CREATE TABLE bench_numbers (seq INT NOT NULL PRIMARY KEY);
    INSERT INTO bench_numbers SELECT n FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d + 100000 * g.d + 1000000 * h.d + 1 AS n
      FROM (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) a
      CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) b
      CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) c
      CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) e
      CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) f
      CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) g
      CROSS JOIN (SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) h
      ) numbers WHERE n <= $max" || return 1
  local status=0
  sed -e 's/seq_1_to_\({[A-Z_]*}\)/(SELECT seq FROM bench_numbers WHERE seq <= \1) AS numbers/g' "$@" "$root/tools/bench/dataset.sql" | my "$db" || status=$?
  my "$db" -e "DROP TABLE bench_numbers"
  return "$status"
}
