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
  for tool in podman buildah runc podman-compose debootstrap pg_restore; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  /usr/bin/python3 -c 'import yaml' 2>/dev/null || missing+=(python3-yaml)
  if [ "${#missing[@]}" -gt 0 ]; then
    step "installing ${missing[*]}"
    apt-get update -qq >&2
    # --no-upgrade: an installed postgresql-client-15 stays as it is; upgrading it pulls a newer postgresql-15 under the
    # running test server, whose next backends then fail to load plpgsql.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-upgrade podman buildah runc podman-compose debootstrap python3-yaml \
      postgresql-client-15 >&2
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
  # Earlier runs' build stages (about 1.3 GB each); this run's stay as the next build's layer cache.
  podman image prune -f --filter until=2h >/dev/null
}

# localhost/taskflow-postgres:15 and localhost/taskflow-mariadb:10.11: stand-ins for the official images (no registry).
database_images() {
  local name
  for name in postgres:15 mariadb:10.11; do
    local image=localhost/taskflow-${name%%:*}:${name#*:}-${base_tag##*-}
    if ! podman image exists "$image"; then
      step "stand-in image $image"
      podman build -q --network host --build-arg BASE_IMAGE="$base_tag" -f "tools/deploy/local-images/${name%%:*}.Containerfile" \
        -t "$image" tools/deploy/local-images >"$work/db-image.log" 2>&1 || { tail -n 30 "$work/db-image.log" >&2; fail "building $image"; }
    fi
  done
  postgres_image=localhost/taskflow-postgres:15-${base_tag##*-}
  mariadb_image=localhost/taskflow-mariadb:10.11-${base_tag##*-}
}

# ---------------------------------------------------------------------------------------------------------------------
# Helpers.
image=localhost/taskflow-schema:test
run_tool() { podman run --rm --network host "$@"; }
latest_version() { sed -n 's/^-- Migrations [0-9]* to \([0-9]*\)\.$/\1/p' migrations/sql/postgresql/init-complete.sql; }
# URL of a database on one of the host's servers, from the admin URL.
host_url() { local admin=$1 db=$2; echo "${admin%/*}/$db"; }
json_field() { /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
pg_admin() { psql -X -q -v ON_ERROR_STOP=1 "$(host_url "$TASKFLOW_TEST_POSTGRES" postgres | sed 's/+asyncpg//')" "$@"; }
my_admin() { MYSQL_PWD=$my_password mariadb --protocol=tcp -h "$my_host" -P "$my_port" -u "$my_user" "$@"; }

# ---------------------------------------------------------------------------------------------------------------------
# 1. The image against this machine's servers: up, status --json, copy-data (and its verification).
image_against_host_servers() {
  step "image: up, status --json, copy-data against the host's servers (--network host)"
  local pg mysql copy
  pg=$(host_url "$TASKFLOW_TEST_POSTGRES" "$prefix")
  mysql=$(host_url "$TASKFLOW_TEST_MYSQL" "${prefix}_src")
  copy=$(host_url "$TASKFLOW_TEST_POSTGRES" "${prefix}_copy")
  created_pg+=("$prefix" "${prefix}_copy")
  created_my+=("${prefix}_src")
  run_tool "$image" up --create-database --connection "$pg" >"$work/up.log" 2>&1 || { cat "$work/up.log" >&2; fail "up from the image"; }
  run_tool "$image" status --json --connection "$pg" >"$work/status.json" || fail "status --json from the image"
  [ "$(json_field pending <"$work/status.json")" = 0 ] || fail "status --json: pending migrations after up"
  [ "$(json_field current_version <"$work/status.json")" = "$(latest_version)" ] || fail "status --json: not at the latest version"
  # The DATABASE_URL form the application uses, read from the environment.
  run_tool -e DATABASE_URL="${pg/postgresql:/postgresql+asyncpg:}" "$image" status --wait-for "$(latest_version)" >/dev/null ||
    fail "status --wait-for with DATABASE_URL=postgresql+asyncpg://..."
  run_tool "$image" up --create-database --connection "$mysql" >"$work/up-mysql.log" 2>&1 || { cat "$work/up-mysql.log" >&2; fail "up on MySQL"; }
  pg_admin -c "CREATE DATABASE \"${prefix}_copy\""
  run_tool "$image" copy-data --from "$mysql" --to "$copy" >"$work/copy.log" 2>&1 || { tail -n 20 "$work/copy.log" >&2; fail "copy-data from the image"; }
  run_tool "$image" verify-data --from "$mysql" --to "$copy" >"$work/verify.log" 2>&1 || { tail -n 20 "$work/verify.log" >&2; fail "verify-data"; }
  echo "container-test: image ok (up, status --json at $(latest_version), copy-data verified)" >&2
}

# ---------------------------------------------------------------------------------------------------------------------
# 2. compose.yaml with podman-compose: the migrators exit 0, the app's gate opens at the latest version.
compose_stack() {
  step "podman-compose up tools/deploy/compose.yaml"
  export POSTGRES_IMAGE=$postgres_image MARIADB_IMAGE=$mariadb_image TASKFLOW_SCHEMA_IMAGE=$image
  export TASKFLOW_SCHEMA_VERSION TASKFLOW_POSTGRES_PORT=25432 TASKFLOW_MARIADB_PORT=23306
  TASKFLOW_SCHEMA_VERSION=$(latest_version)
  compose() { podman-compose -p "$project" -f tools/deploy/compose.yaml "$@"; }
  # podman-compose 1.0 leaves the project's network behind.
  compose_down() { compose down -v >/dev/null 2>&1 || true; podman network rm -f "${project}_default" >/dev/null 2>&1 || true; }
  cleanups+=(compose_down)
  compose up -d >"$work/compose.log" 2>&1 || { cat "$work/compose.log" >&2; fail "podman-compose up"; }
  local service code
  for service in migrate migrate-mysql app; do
    code=$(timeout 300 podman wait "${project}_${service}_1") || fail "compose: $service did not finish"
    if [ "$code" != 0 ]; then podman logs "${project}_${service}_1" >&2 || true; fail "compose: $service exited $code"; fi
  done
  podman logs "${project}_app_1" 2>/dev/null >"$work/app.json"
  [ "$(json_field pending <"$work/app.json")" = 0 ] || fail "compose: the schema is not at the latest step"
  [ "$(json_field current_version <"$work/app.json")" = "$(latest_version)" ] || fail "compose: wrong schema version"
  compose_down
  echo "container-test: compose ok (migrate and migrate-mysql exited 0, app saw $(latest_version))" >&2
}

# ---------------------------------------------------------------------------------------------------------------------
# 3. The Kubernetes manifests: kustomize renders every overlay; podman kube play runs the pods.
kustomize_overlays() {
  if ! command -v kubectl >/dev/null; then
    echo "container-test: kubectl not installed (not a Debian package): overlays not rendered, only the base is played" >&2
    return
  fi
  local overlay
  for overlay in tools/deploy/k8s/overlays/*/; do
    kubectl kustomize "$overlay" >"$work/$(basename "$overlay").yaml" || fail "kubectl kustomize $overlay"
    for kind in StatefulSet Service Secret Job Deployment CronJob; do
      grep -q "^kind: $kind$" "$work/$(basename "$overlay").yaml" || fail "$overlay renders no $kind"
    done
  done
  echo "container-test: kubectl kustomize rendered $(ls -d tools/deploy/k8s/overlays/*/ | wc -l) overlays" >&2
}

# Pod manifests from the base's workloads: kube play runs Pods, not StatefulSets, Jobs or CronJobs.
#   pods.py KIND NAME POD_NAME [IMAGE_MAP...]  -> a Pod (and PVCs) on stdout
pod_from() {
  /usr/bin/python3 - "$@" <<'PY'
import glob, os, sys, yaml
kind, name, pod_name, *images = sys.argv[1:]
images = dict(i.split("=", 1) for i in images)
docs = [d for f in sorted(glob.glob("tools/deploy/k8s/base/*.yaml")) if not f.endswith("kustomization.yaml")
        for d in yaml.safe_load_all(open(f)) if d]
workload = next(d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name)
out = []
if kind == "StatefulSet":
    template = workload["spec"]["template"]
    spec = template["spec"]
    # A claim template becomes a claim of the pod's own (what the StatefulSet controller would create).
    for claim in workload["spec"].get("volumeClaimTemplates", []):
        claim_name = f"{claim['metadata']['name']}-{pod_name}"
        out.append({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": claim_name}, "spec": claim["spec"]})
        spec.setdefault("volumes", []).append({"name": claim["metadata"]["name"], "persistentVolumeClaim": {"claimName": claim_name}})
elif kind == "Job":
    template = workload["spec"]["template"]
elif kind == "CronJob":
    template = workload["spec"]["jobTemplate"]["spec"]["template"]
spec = template["spec"]
if os.environ.get("POD_HOST_ALIAS"):
    ip, host = os.environ["POD_HOST_ALIAS"].split()
    spec["hostAliases"] = [{"ip": ip, "hostnames": [host]}]
for container in spec.get("initContainers", []) + spec["containers"]:
    container["image"] = images.get(container["image"], container["image"])
    # Probes need a scheduler podman does not run without systemd; containerPorts would be published on the host
    # (where the host's own servers hold them): the pods reach each other by name on their network instead.
    container.pop("readinessProbe", None)
    container.pop("ports", None)
out.append({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": pod_name, "labels": template["metadata"].get("labels", {})}, "spec": spec})
yaml.safe_dump_all(out, sys.stdout, sort_keys=False)
PY
}

kube_play_file() {
  podman kube play --network "$net" "$1" >"$1.log" 2>&1 || { cat "$1.log" >&2; fail "podman kube play $(basename "$1")"; }
}

secret_for() {  # secret_for NAME DATABASE_URL: the podman secret behind secretKeyRef taskflow-db
  podman secret rm "$1" >/dev/null 2>&1 || true
  # kube play's secretKeyRef reads a podman secret holding a JSON map of base64 values (an in-file Secret is not used).
  /usr/bin/python3 -c 'import base64, json, sys; b = lambda v: base64.b64encode(v.encode()).decode(); print(json.dumps({"POSTGRES_PASSWORD": b(sys.argv[1]), "DATABASE_URL": b(sys.argv[2])}))' \
    "$k8s_password" "$2" >"$work/secret.json"
  podman secret create "$1" "$work/secret.json" >/dev/null
}

kube_play() {
  step "podman kube play: StatefulSet pod, migration Job pod, 4 Job pods at once, backup CronJob pod"
  local latest pod
  latest=$(latest_version)
  k8s_password="pw-$RANDOM-$RANDOM"
  podman network exists "$net" || podman network create "$net" >/dev/null
  remove_k8s() {
    local p; for p in $(podman pod ps -q --filter "label=taskflow-test=$prefix"); do podman pod rm -f "$p" >/dev/null 2>&1 || true; done
    for p in taskflow-postgres migrate-once race-1 race-2 race-3 race-4 backup-once; do podman pod rm -f "$p" >/dev/null 2>&1 || true; done
    podman volume rm -f "data-taskflow-postgres" taskflow-backups >/dev/null 2>&1 || true
    podman secret rm taskflow-db >/dev/null 2>&1 || true
    podman network rm -f "$net" >/dev/null 2>&1 || true
  }
  cleanups+=(remove_k8s)
  remove_k8s  # what a killed run left behind
  podman network exists "$net" || podman network create "$net" >/dev/null
  secret_for taskflow-db "postgresql+asyncpg://taskflow:$k8s_password@taskflow-postgres:5432/taskflow"

  # The StatefulSet's pod, named as its Service: DATABASE_URL's host resolves on the pods' network.
  pod_from StatefulSet taskflow-postgres taskflow-postgres "postgres:15=$postgres_image" >"$work/postgres-pod.yaml"
  kube_play_file "$work/postgres-pod.yaml"
  local deadline=$((SECONDS + 90))
  until podman exec taskflow-postgres-postgres pg_isready -q -U taskflow -d taskflow 2>/dev/null; do
    [ "$SECONDS" -lt "$deadline" ] || { podman logs taskflow-postgres-postgres >&2; fail "the StatefulSet's PostgreSQL did not start"; }
    sleep 1
  done
  psql_pod() { podman exec -i taskflow-postgres-postgres psql -X -q -v ON_ERROR_STOP=1 -U taskflow "$@"; }

  # The migration Job's pod template, once.
  play_job() {  # play_job POD_NAME: plays the Job's pod template; prints the container's name
    pod_from Job "taskflow-schema-migrate-$latest" "$1" "taskflow-schema=$image" >"$work/$1.yaml"
    sed -i "0,/^  labels:/s//  labels:\n    taskflow-test: $prefix/" "$work/$1.yaml"
    kube_play_file "$work/$1.yaml"
  }
  play_job migrate-once
  local code
  code=$(timeout 300 podman wait migrate-once-migrate) || fail "the Job pod did not finish"
  [ "$code" = 0 ] || { podman logs migrate-once-migrate >&2; fail "the Job pod exited $code"; }
  run_tool_net() { podman run --rm --network "$net" "$image" "$@"; }
  run_tool_net status --json --connection "postgresql://taskflow:$k8s_password@taskflow-postgres:5432/taskflow" >"$work/k8s-status.json"
  [ "$(json_field pending <"$work/k8s-status.json")" = 0 ] || fail "after the Job: migrations pending"
  [ "$(json_field current_version <"$work/k8s-status.json")" = "$latest" ] || fail "after the Job: not at $latest"
  # What the container ran with: the manifest's security settings, in force.
  [ "$(podman inspect migrate-once-migrate --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}')" = "10001:10001 true" ] ||
    fail "the Job's container does not run as 10001 with a read-only root: $(podman inspect migrate-once-migrate --format '{{.Config.User}} {{.HostConfig.ReadonlyRootfs}}')"
  local caps
  caps=$(podman inspect migrate-once-migrate --format '{{len .EffectiveCaps}} {{.HostConfig.SecurityOpt}}')
  [[ "$caps" == "0 "*no-new-privileges* ]] || fail "the Job's container keeps capabilities or may escalate: $caps"
  echo "container-test: Job pod exited 0 (user 10001, read-only root, no capabilities, no-new-privileges), schema at $latest" >&2

  # Four Job pods at once on a fresh database: all exit 0, each migration applied by exactly one of them.
  psql_pod -d taskflow -c "CREATE DATABASE taskflow_race"
  secret_for taskflow-db "postgresql+asyncpg://taskflow:$k8s_password@taskflow-postgres:5432/taskflow_race"
  # The Service name through /etc/hosts here: podman 4.3's DNS server answered EAGAIN to some of 4 pods starting at once.
  local postgres_ip
  postgres_ip=$(podman inspect taskflow-postgres-postgres --format "{{(index .NetworkSettings.Networks \"$net\").IPAddress}}")
  [ -n "$postgres_ip" ] || fail "no address of the StatefulSet pod on $net"
  for pod in race-1 race-2 race-3 race-4; do
    POD_HOST_ALIAS="$postgres_ip taskflow-postgres" pod_from Job "taskflow-schema-migrate-$latest" "$pod" "taskflow-schema=$image" >"$work/$pod.yaml"
  done
  local players=()
  for pod in race-1 race-2 race-3 race-4; do kube_play_file "$work/$pod.yaml" & players+=($!); done
  for pod in "${players[@]}"; do wait "$pod" || fail "kube play of a race pod"; done
  local total=0 applied
  for pod in race-1 race-2 race-3 race-4; do
    code=$(timeout 300 podman wait "$pod-migrate") || fail "$pod did not finish"
    [ "$code" = 0 ] || { podman logs "$pod-migrate" >&2; fail "$pod exited $code"; }
    applied=$(podman logs "$pod-migrate" 2>&1 | sed -n 's/^\([0-9]*\) migration(s) applied.*/\1/p')
    total=$((total + ${applied:-0}))
  done
  local migrations
  migrations=$(grep -c '^-- [0-9]\{12\}: ' migrations/sql/postgresql/init-complete.sql)
  [ "$total" = "$migrations" ] || fail "4 Job pods applied $total migrations in all, expected each of $migrations once"
  [ "$(psql_pod -d taskflow_race -Atc 'SELECT count(*), count(DISTINCT version) FROM taskflow_schema_history')" = "$migrations|$migrations" ] ||
    fail "history after 4 concurrent Jobs"
  echo "container-test: 4 Job pods at once exited 0, $migrations migrations applied once in all" >&2

  # The backup CronJob's pod template, once; its dump restored into a fresh database equals the original.
  psql_pod -d taskflow -c "INSERT INTO users (name, email, role, preferences) VALUES ('Zoë Backup', 'zoe@example.com', 'ANALYST', '{\"theme\": \"dark\"}')"
  secret_for taskflow-db "postgresql+asyncpg://taskflow:$k8s_password@taskflow-postgres:5432/taskflow"
  podman volume exists taskflow-backups || podman volume create taskflow-backups >/dev/null
  # fsGroup's work in a cluster: the volume belongs to the backup's user.
  chown 999:999 "$(podman volume inspect taskflow-backups --format '{{.Mountpoint}}')"
  pod_from CronJob taskflow-postgres-backup backup-once "postgres:15=$postgres_image" >"$work/backup.yaml"
  kube_play_file "$work/backup.yaml"
  code=$(timeout 300 podman wait backup-once-pg-dump) || fail "the backup pod did not finish"
  [ "$code" = 0 ] || { podman logs backup-once-pg-dump >&2; fail "the backup pod exited $code"; }
  local dump
  dump=$(ls "$(podman volume inspect taskflow-backups --format '{{.Mountpoint}}')"/taskflow-*.dump | head -n1)
  [ -s "$dump" ] || fail "no dump on the backup volume"
  local restored=${prefix}_restored
  created_pg+=("$restored")
  pg_admin -c "CREATE DATABASE \"$restored\""
  pg_restore --no-owner --no-privileges --exit-on-error -d "$(host_url "$TASKFLOW_TEST_POSTGRES" "$restored")" "$dump" ||
    fail "pg_restore of the backup"
  # verify-style: every table's rows, as pg_dump prints them, are the same on both sides (pg_dump's per-run \restrict
  # key aside), and so is the schema. pg_restore re-parses CHECK expressions, which PostgreSQL then prints with its
  # casts placed differently ('a'::varchar)::text against ('a'::varchar)::text[]: CHECK lines are compared without
  # casts and parentheses. (`validate` reports that re-parse as a difference: see docs/deploy.md.)
  dump_both() {  # dump_both FILE_SUFFIX PG_DUMP_OPTIONS...
    local suffix=$1; shift
    podman exec taskflow-postgres-postgres pg_dump -U taskflow "$@" taskflow | normalise_dump >"$work/original$suffix"
    pg_dump "$@" "$(host_url "$TASKFLOW_TEST_POSTGRES" "$restored")" | normalise_dump >"$work/restored$suffix"
    diff -u "$work/original$suffix" "$work/restored$suffix" >&2 || fail "the restored backup differs from the original ($*)"
  }
  normalise_dump() {
    grep -v -e '^--' -e '^\\restrict' -e '^\\unrestrict' |
      sed -E '/CHECK \(/{s/::[a-z ]+(\[\])?//g; s/[()]//g}'
  }
  dump_both .data.sql --data-only
  dump_both .schema.sql --schema-only --no-owner --no-privileges
  grep -q 'Zoë Backup' "$work/restored.data.sql" || fail "the restored backup lacks the row written before it"
  podman run --rm --network "$net" "$image" validate --connection "postgresql://taskflow:$k8s_password@taskflow-postgres:5432/taskflow" \
    >"$work/validate-original.log" 2>&1 || { cat "$work/validate-original.log" >&2; fail "validate on the original database"; }
  echo "container-test: backup pod's dump restored: same rows and schema as the original" >&2
  remove_k8s
}

# ---------------------------------------------------------------------------------------------------------------------
prefix=tf_ct_$(date +%s)_$$
net=${prefix//_/-}      # the kube-played pods' network
project=${prefix//_/-}  # the compose project
work=$(mktemp -d /var/tmp/taskflow-container-test.XXXXXX)
created_pg=()
created_my=()
cleanups=()
my_host=$(/usr/bin/python3 -c 'import sys, urllib.parse as u; p = u.urlparse(sys.argv[1]); print(p.hostname, p.port or 3306, u.unquote(p.username or ""), u.unquote(p.password or ""))' "$TASKFLOW_TEST_MYSQL" 2>/dev/null || true)
read -r my_host my_port my_user my_password <<<"$my_host"
cleanup() {
  local c db
  for c in "${cleanups[@]}"; do "$c" || true; done
  for db in "${created_pg[@]}"; do pg_admin -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" 2>/dev/null || true; done
  for db in "${created_my[@]}"; do my_admin -e "DROP DATABASE IF EXISTS \`$db\`" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

setup_podman
base_image
sdk_image
tool_image
database_images
# CONTAINER_TEST_STAGES picks stages while working on one (default: all).
for stage in ${CONTAINER_TEST_STAGES:-image compose kustomize kube}; do
  case $stage in
    image) image_against_host_servers ;;
    compose) compose_stack ;;
    kustomize) kustomize_overlays ;;
    kube) kube_play ;;
    *) fail "unknown stage $stage" ;;
  esac
done
step "done"
echo "container-test: all passed in $((SECONDS - started)) s" >&2
