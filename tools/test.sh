#!/usr/bin/env bash
# Everything CI checks, from a clean clone on a fresh machine: servers installed and started,
# build with warnings as errors, the committed scripts free of drift, the packed dotnet tool, unit and integration
# tests, and the release wiring (image, compose, Kubernetes manifests) in a real container engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Servers given in the environment are used as they are; otherwise the local ones are set up (start-databases.sh
# leaves out Oracle MySQL when TASKFLOW_TEST_ORACLE_MYSQL already names one).
if [ -z "${TASKFLOW_TEST_POSTGRES:-}" ] || [ -z "${TASKFLOW_TEST_MYSQL:-}" ] || [ -z "${TASKFLOW_TEST_ORACLE_MYSQL:-}" ]; then
  eval "$(tools/start-databases.sh)"
fi
export TASKFLOW_TEST_POSTGRES TASKFLOW_TEST_MYSQL TASKFLOW_TEST_ORACLE_MYSQL
MARIADB_URL="$TASKFLOW_TEST_MYSQL"

dotnet build TaskFlow.Schema.sln -c Release --nologo -v minimal
tools/taskflow-schema check
# The dotnet tool as developers get it: packed, then restored through .config/dotnet-tools.json.
tools/install-tool.sh
dotnet taskflow-schema --version >/dev/null

log="$(mktemp)"
status=0
# Every test that touches MySQL runs twice, on MariaDB 10.11 and on Oracle MySQL, its name ending in the server's; the
# rest (unit tests, PostgreSQL-only, release wiring) once.
mysql_tests='TestCategory=MySQL|TestCategory=Sync|TestCategory=DataCopy'
dotnet test TaskFlow.Schema.sln -c Release --no-build --nologo \
  --filter 'TestCategory!=MySQL&TestCategory!=Sync&TestCategory!=DataCopy' 2>&1 | tee -a "$log" || status=$?
TASKFLOW_TEST_MYSQL="$MARIADB_URL" dotnet test tests/TaskFlow.Schema.IntegrationTests -c Release --no-build --nologo \
  --filter "$mysql_tests" -- 'NUnit.DefaultTestNamePattern={m}{a} on MariaDB' 2>&1 | tee -a "$log" || status=$?
TASKFLOW_TEST_MYSQL="$TASKFLOW_TEST_ORACLE_MYSQL" dotnet test tests/TaskFlow.Schema.IntegrationTests -c Release --no-build --nologo \
  --filter "$mysql_tests" -- 'NUnit.DefaultTestNamePattern={m}{a} on Oracle MySQL' 2>&1 | tee -a "$log" || status=$?

# The image, compose file and Kubernetes manifests, run with podman (prints its own duration).
tools/container-test.sh || status=$?

# One plain summary line over all test assemblies, last.
sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \3 \4/p' "$log" |
  awk '{ f += $1; p += $2; s += $3 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
rm -f "$log"
exit "$status"
