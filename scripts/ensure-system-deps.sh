#!/usr/bin/env bash
# Install the Debian packages the suite needs (Chromium for browser tests, Pango for PDF,
# poppler-utils to look at PDFs, openssl for test certificates) when they are missing.
set -euo pipefail

needed=()
[ -x /usr/bin/chromium ] || needed+=(chromium)
command -v pdftoppm >/dev/null || needed+=(poppler-utils)
ldconfig -p | grep -q libpangoft2-1.0 || needed+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi dejavu || needed+=(fonts-dejavu-core)
command -v openssl >/dev/null || needed+=(openssl)  # the fetch tests make a throw-away TLS certificate

if [ ${#needed[@]} -gt 0 ]; then
  echo "ensure-system-deps: installing ${needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi
