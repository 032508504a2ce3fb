#!/usr/bin/env bash
# Installs what a fresh machine with Node 20 and npm lacks, then the workspace.
#   --browser   also what the tests need (root or sudo): Debian's Chromium for the end-to-end
#               tests, and PostgreSQL and Redis on 127.0.0.1 for the multi-node store and fan-out
#               (installed from Debian's packages when missing, started when stopped)
# Safe to run again: every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != 12.* ]]; then
  echo "==> installing pnpm 12"
  npm install --global pnpm@12 >/dev/null
fi

if [[ "${1:-}" == "--browser" ]] && ! command -v chromium >/dev/null 2>&1; then
  echo "==> installing Chromium (Debian package)"
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

if [[ "${1:-}" == "--browser" ]]; then
  SUDO=""; [[ "$(id -u)" != 0 ]] && SUDO="sudo"
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! command -v redis-server >/dev/null 2>&1; then
    echo "==> installing PostgreSQL and Redis (Debian packages)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql redis-server >/dev/null
    installed_pg=1
  fi
  version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
  if [[ -n "${installed_pg:-}" ]]; then
    # Our own fresh server: local connections without a password, as on the project's machines.
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    grep -q '^host all all 127.0.0.1/32 trust' "$hba" || $SUDO sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    pg_isready -q -h 127.0.0.1 -p 5432 && $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    echo "==> starting PostgreSQL"
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  # The tests' database, owned by whoever runs them.
  if ! psql -h 127.0.0.1 -d test -c 'SELECT 1' >/dev/null 2>&1; then
    if [[ -z "$SUDO" ]]; then AS_PG="runuser -u postgres --"; else AS_PG="sudo -u postgres"; fi
    $AS_PG psql -q -c "CREATE ROLE \"$(id -un)\" SUPERUSER LOGIN" 2>/dev/null || true
    $AS_PG createdb -O "$(id -un)" test 2>/dev/null || true
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "==> starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
fi

# better-sqlite3 builds from source when no prebuilt binary can be downloaded; node-gyp then
# needs Node's headers, which ship beside the node binary (…/include/node).
if [[ -z "${npm_config_nodedir:-}" ]]; then
  prefix="$(node -p 'require("path").resolve(process.execPath, "../..")')"
  [[ -f "$prefix/include/node/node.h" ]] && export npm_config_nodedir="$prefix"
fi

echo "==> installing the workspace"
pnpm install --frozen-lockfile
