#!/usr/bin/env bash
# Debian packages the test suite needs beyond what deploy/up.sh checks for:
#   docker-compose  validates docker-compose.yml offline (no Docker engine is needed)
#   libxml2-utils   xmllint, validates generated ISO 20022 pain.001 files against the official XSD
#   chromium        the browser the portal's Playwright tests drive (never a downloaded browser build)
#   fonts-dejavu-core  glyphs for Cyrillic and Latin text in the browser's screenshots
# Installs what is missing when run as root with apt; otherwise says what to install.
set -euo pipefail
DEPLOY_LOG_PREFIX="[deploy:packages]"
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/lib.sh"

missing=()
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[[ -d /usr/share/fonts/truetype/dejavu ]] || missing+=(fonts-dejavu-core)
if ((${#missing[@]} == 0)); then
  log "system packages present"
  exit 0
fi
if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  die "missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install -y ${missing[*]}"
fi
log "installing ${missing[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || die "apt-get update failed"
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
log "installed ${missing[*]}"
