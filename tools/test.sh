#!/usr/bin/env bash
# Everything CI checks, from a clean clone on a fresh machine: servers installed and started,
# build with warnings as errors, the committed scripts free of drift, the packed dotnet tool, unit and integration
# tests, and the release wiring (image, compose, Kubernetes manifests) in a real container engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Servers given in the environment are used as they are; otherwise the local ones are set up.
if [ -z "${TASKFLOW_TEST_POSTGRES:-}" ] || [ -z "${TASKFLOW_TEST_MYSQL:-}" ]; then
  eval "$(tools/start-databases.sh)"
fi
export TASKFLOW_TEST_POSTGRES TASKFLOW_TEST_MYSQL

dotnet build TaskFlow.Schema.sln -c Release --nologo -v minimal
tools/taskflow-schema check
# The dotnet tool as developers get it: packed, then restored through .config/dotnet-tools.json.
tools/install-tool.sh
dotnet taskflow-schema --version >/dev/null

log="$(mktemp)"
status=0
dotnet test TaskFlow.Schema.sln -c Release --no-build --nologo 2>&1 | tee "$log" || status=$?

# The image, compose file and Kubernetes manifests, run with podman (prints its own duration).
tools/container-test.sh || status=$?

# One plain summary line over all test assemblies, last.
sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \3 \4/p' "$log" |
  awk '{ f += $1; p += $2; s += $3 } END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'
rm -f "$log"
exit "$status"
