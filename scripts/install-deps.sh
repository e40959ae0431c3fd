#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine that has Go:
# Go modules, the Debian packages the end-to-end tests drive (Chromium,
# fonts, poppler-utils, WeasyPrint, Java for the Nu Html Checker), and the
# npm packages of e2e/ from its lockfile. Safe to run again: it installs
# only what is missing, and runs apt-get update only when it must install.
set -euo pipefail
cd "$(dirname "$0")/.."

go mod download

has_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

need=()
command -v jing >/dev/null 2>&1 || need+=(jing)
# Debian's Chromium: the e2e tests never let a tool download its own browser.
[ -x /usr/bin/chromium ] || need+=(chromium)
has_pkg fonts-liberation || need+=(fonts-liberation)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v weasyprint >/dev/null 2>&1 || need+=(weasyprint)
# Java runs the Nu Html Checker (vnu.jar from npm vnu-jar).
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  echo "installing Debian packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# npm packages of the e2e suite, exactly as locked. --ignore-scripts: vnu-jar's
# install script would download a JDK; the jar itself is in the package.
if [ ! -d e2e/node_modules ] || [ e2e/package-lock.json -nt e2e/node_modules ]; then
  echo "installing e2e npm packages (npm ci)"
  (cd e2e && npm ci --ignore-scripts --no-audit --no-fund)
  touch e2e/node_modules
fi
