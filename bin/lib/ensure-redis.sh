#!/usr/bin/env bash
# Installs Debian's redis-server and redis-tools (the reference for compatibility tests)
# when they are missing. The packaged service is not used: tests start their own servers.
set -euo pipefail
if command -v redis-server >/dev/null && command -v redis-cli >/dev/null && command -v redis-benchmark >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "redis-server/redis-tools are missing; run as root or install them: apt-get install -y redis-server redis-tools" >&2
  exit 1
fi
echo "Installing redis-server and redis-tools..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q redis-server redis-tools >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q redis-server redis-tools >/dev/null; }
# Debian starts the packaged service where systemd runs; the tests never use it.
if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then
  systemctl stop redis-server || true
fi
