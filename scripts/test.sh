#!/usr/bin/env bash
# `pnpm test`: every check CI runs, in order: browser, Redis and nginx prerequisites, typecheck, lint, format, client build,
# then the whole Vitest suite (unit, integration on real sockets, browser end-to-end in real Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."

need_chromium() { [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; }
if ! need_chromium; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> Chromium missing: installing Debian's chromium with apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    echo "Chromium is required for the browser tests. Install it with:" >&2
    echo "  sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi

# The scale-out tests start their own redis-server (packages/server/test/scale).
if ! [ -x /usr/bin/redis-server ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> redis-server missing: installing Debian's redis-server with apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server
  else
    echo "redis-server is required for the scale-out tests. Install it with:" >&2
    echo "  sudo apt-get install -y redis-server" >&2
    exit 1
  fi
fi

# The deployment tests start Debian's nginx with deploy/nginx/tick-arena.conf over TLS (openssl makes a
# throwaway certificate) and check the systemd unit with systemd-analyze: packages/server/test/scale/
# nginx.test.ts and deploy.test.ts, packages/client/test/e2e/nginx.test.ts.
need_deploy_tools() { [ -x /usr/sbin/nginx ] && [ -x /usr/bin/openssl ] && [ -x /usr/bin/systemd-analyze ]; }
if ! need_deploy_tools; then
  if [ "$(id -u)" = "0" ]; then
    echo "==> nginx, openssl or systemd-analyze missing: installing Debian's nginx, openssl and systemd with apt"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx openssl systemd
  else
    echo "nginx, openssl and systemd-analyze are required for the deployment tests. Install them with:" >&2
    echo "  sudo apt-get install -y nginx openssl systemd" >&2
    exit 1
  fi
fi

echo "==> typecheck (tsc -b)"
pnpm -s typecheck
echo "==> lint (eslint)"
pnpm -s lint
echo "==> format (prettier --check)"
pnpm -s format:check
echo "==> build client (vite)"
pnpm -s build:client
echo "==> tests (vitest)"
pnpm -s exec vitest run "$@"
