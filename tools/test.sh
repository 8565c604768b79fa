#!/usr/bin/env bash
# Everything CI checks, from a clean clone on a fresh machine: servers installed and started,
# build with warnings as errors, the committed scripts free of drift, unit and integration tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Servers given in the environment are used as they are; otherwise the local ones are set up.
if [ -z "${TASKFLOW_TEST_POSTGRES:-}" ] || [ -z "${TASKFLOW_TEST_MYSQL:-}" ]; then
  eval "$(tools/start-databases.sh)"
fi
export TASKFLOW_TEST_POSTGRES TASKFLOW_TEST_MYSQL

dotnet build TaskFlow.Schema.sln -c Release --nologo -v minimal
tools/taskflow-schema check
tools/docker/check.sh

log="$(mktemp)"
status=0
dotnet test TaskFlow.Schema.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?
# One plain summary line over all test assemblies.
sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \3 \4/p' "$log" |
  awk '{ f += $1; p += $2; s += $3 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
rm -f "$log"
exit "$status"
