#!/usr/bin/env bash
# Everything CI checks, from a clean clone on a fresh machine: servers installed and started,
# build with warnings as errors, the committed scripts free of drift, unit and integration tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

eval "$(tools/start-databases.sh)"
export TASKFLOW_TEST_POSTGRES TASKFLOW_TEST_MYSQL

dotnet build TaskFlow.Schema.sln -c Release --nologo -v minimal
tools/taskflow-schema check

log="$(mktemp)"
status=0
dotnet test TaskFlow.Schema.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?
# One plain summary line over all test assemblies.
awk '/(Passed|Failed)! +- +Failed: /{
       for (i = 1; i <= NF; i++) { gsub(",", "", $(i+1)); if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
