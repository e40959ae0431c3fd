#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine that has Go:
# Go modules, and the Debian packages the end-to-end tests drive. Safe to
# run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

go mod download

need=()
command -v jing >/dev/null 2>&1 || need+=(jing)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
