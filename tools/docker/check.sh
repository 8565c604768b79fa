#!/usr/bin/env bash
# No Docker engine runs on the project's machines: check the image and compose files by what can
# run here: parse the compose file, check what it refers to, and run the Dockerfile's build
# command and entry point outside a container.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tools/docker"

py=python3
if ! "$py" -c 'import yaml' 2>/dev/null; then
  py=/usr/bin/python3
  "$py" -c 'import yaml' 2>/dev/null || { apt-get update -qq >&2; DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-yaml >&2; }
fi
"$py" - "$here/compose.yaml" <<'PY'
import sys, yaml
compose = yaml.safe_load(open(sys.argv[1]))
services = compose["services"]
for name, service in services.items():
    for dependency in (service.get("depends_on") or {}):
        assert dependency in services, f"{name} depends on unknown service {dependency}"
    if "build" in service:
        assert service["build"]["dockerfile"] == "tools/docker/Dockerfile", name
print(f"compose.yaml: {len(services)} services parse and refer to known services", file=sys.stderr)
PY

publish_cmd=$(sed -n 's/^RUN \(dotnet publish .*\) -o \/app .*/\1/p' "$here/Dockerfile")
[ -n "$publish_cmd" ] || { echo "Dockerfile: no dotnet publish step found" >&2; exit 1; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
(cd "$root" && $publish_cmd -o "$out" --nologo -v quiet >&2)
entry=$(sed -n 's/^ENTRYPOINT \["dotnet", "\/app\/\([^"]*\)"\]/\1/p' "$here/Dockerfile")
dotnet "$out/$entry" --help >/dev/null
echo "Dockerfile: publish step builds and the entry point $entry starts" >&2
