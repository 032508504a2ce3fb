#!/usr/bin/env bash
# Installs what a fresh machine with Node 20 and npm lacks, then the workspace.
#   --browser   also install Debian's Chromium for the end-to-end tests (needs root or sudo)
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

# better-sqlite3 builds from source when no prebuilt binary can be downloaded; node-gyp then
# needs Node's headers, which ship beside the node binary (…/include/node).
if [[ -z "${npm_config_nodedir:-}" ]]; then
  prefix="$(node -p 'require("path").resolve(process.execPath, "../..")')"
  [[ -f "$prefix/include/node/node.h" ]] && export npm_config_nodedir="$prefix"
fi

echo "==> installing the workspace"
pnpm install --frozen-lockfile
