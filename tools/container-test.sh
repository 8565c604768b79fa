#!/usr/bin/env bash
# Runs the release wiring in a real container engine (podman, no Docker engine or registry needed): the image from
# tools/deploy/Containerfile against this machine's servers, tools/deploy/compose.yaml with podman-compose, and the
# Kubernetes manifests of tools/deploy/k8s with kubectl kustomize (when present) and podman kube play.
# Idempotent; on a fresh Debian 12 machine, as root, it installs and configures what it needs first.
# Needs TASKFLOW_TEST_POSTGRES and TASKFLOW_TEST_MYSQL (admin URLs, as tools/test.sh sets them).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
: "${TASKFLOW_TEST_POSTGRES:?admin URL of the PostgreSQL server (tools/start-databases.sh prints it)}"
: "${TASKFLOW_TEST_MYSQL:?admin URL of the MySQL server (tools/start-databases.sh prints it)}"
started=$SECONDS
step() { printf '\n== container-test [%3ds] %s\n' "$((SECONDS - started))" "$*" >&2; }
fail() { echo "container-test: FAILED: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------------------------------
# Set-up: packages and podman's configuration (crun does not run here: cgroups in hybrid mode; no systemd).
setup_podman() {
  local missing=()
  for tool in podman buildah runc podman-compose debootstrap; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  if [ "${#missing[@]}" -gt 0 ]; then
    step "installing ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman buildah runc podman-compose debootstrap >&2
  fi
  local nofile nproc
  nofile=$(ulimit -Hn); [ "$nofile" = unlimited ] && nofile=1048576
  nproc=$(ulimit -Hu); { [ "$nproc" = unlimited ] || [ "$nproc" -gt 32768 ]; } && nproc=32768
  mkdir -p /etc/containers/containers.conf.d
  local conf=/etc/containers/containers.conf.d/50-taskflow.conf
  local wanted
  wanted=$(printf '%s\n' '# Written by tools/container-test.sh: runc and cgroupfs (crun fails on hybrid cgroups), no systemd.' \
    '[containers]' "default_ulimits = [\"nofile=$nofile:$nofile\", \"nproc=$nproc:$nproc\"]" \
    '[engine]' 'runtime = "runc"' 'cgroup_manager = "cgroupfs"' 'events_logger = "file"')
  [ "$(cat "$conf" 2>/dev/null)" = "$wanted" ] || printf '%s\n' "$wanted" >"$conf"
  [ "$(podman info --format '{{.Host.OCIRuntime.Name}}')" = runc ] || fail "podman does not use runc after writing $conf"
}

# The Debian mirror this machine's apt uses, so that the base image comes from the same place.
debian_mirror() {
  local uri
  uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)
  [ -n "$uri" ] || uri=$(grep -hsE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | grep -v -- '-security' |
    awk '{for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) { print $i; exit }}' | head -n1 || true)
  [ -n "$uri" ] || fail "no Debian mirror found in /etc/apt/sources.list.d/ or /etc/apt/sources.list"
  echo "$uri"
}

# localhost/taskflow-base:bookworm-N, Debian minbase with what .NET needs (TLS, Kerberos for Npgsql's GSS probe): the
# runtime-deps image and the SDK image's base. Kept between runs on the same machine (about a minute to make); N
# changes with the package list.
base_packages=libssl3,ca-certificates,libgssapi-krb5-2
base_tag=localhost/taskflow-base:bookworm-$(echo "$base_packages" | md5sum | cut -c1-8)
base_image() {
  if podman image exists "$base_tag"; then return; fi
  local mirror rootfs
  mirror=$(debian_mirror)
  step "debootstrap bookworm from $mirror"
  rootfs=$(mktemp -d /var/tmp/taskflow-rootfs.XXXXXX)
  debootstrap --variant=minbase --include="$base_packages" bookworm "$rootfs" "$mirror" >"$rootfs.log" 2>&1 ||
    { tail -n 20 "$rootfs.log" >&2; fail "debootstrap"; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import --quiet \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' - "$base_tag" >/dev/null
  rm -rf "$rootfs" "$rootfs.log"
}

# localhost/taskflow-dotnet-sdk:VERSION: the base plus this machine's .NET SDK (bookworm has no .NET packages).
sdk_image() {
  local dotnet_root version tag
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  version=$(dotnet --version)
  tag=localhost/taskflow-dotnet-sdk:$version-${base_tag##*-}
  sdk_tag=$tag
  if podman image exists "$tag"; then return; fi
  step "SDK image $tag from $dotnet_root"
  printf '%s\n' "FROM $base_tag" 'COPY . /usr/share/dotnet' \
    'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DOTNET_ROOT=/usr/share/dotnet' \
    'ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1' \
    >/var/tmp/taskflow-sdk.Containerfile
  podman build -q -f /var/tmp/taskflow-sdk.Containerfile -t "$tag" "$dotnet_root" >/dev/null
  rm -f /var/tmp/taskflow-sdk.Containerfile
}

tool_image() {
  step "building localhost/taskflow-schema:test from tools/deploy/Containerfile"
  # The build's restore trusts what this machine trusts (a registry mirror may sign with a CA of its own); mounted for
  # the build only, never part of the image.
  podman build --network host -v /etc/ssl/certs:/etc/ssl/certs:ro -f tools/deploy/Containerfile \
    --build-arg SDK_IMAGE="$sdk_tag" --build-arg RUNTIME_IMAGE="$base_tag" \
    --build-arg NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-online}" \
    -t localhost/taskflow-schema:test . >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; fail "image build"; }
}

work=$(mktemp -d /var/tmp/taskflow-container-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
setup_podman
base_image
sdk_image
tool_image
