#!/usr/bin/env bash
# Install the Debian packages the suite needs (Chromium for browser tests, npm for axe-core, Pango for PDF,
# poppler-utils to look at PDFs, openssl for test certificates, redis-server for the probes) when they are missing.
set -euo pipefail

needed=()
# Read the lists once: `ldconfig -p | grep -q` fails under pipefail when grep exits early (SIGPIPE).
libs=$(ldconfig -p)
[ -x /usr/bin/chromium ] || needed+=(chromium)
command -v pdftoppm >/dev/null || needed+=(poppler-utils)
grep -q libpangoft2-1.0 <<<"$libs" || needed+=(libpango-1.0-0 libpangoft2-1.0-0)
# The rest of what WeasyPrint (ledger PDFs) dlopens; harfbuzz-subset keeps PDFs small.
grep -q libharfbuzz-subset.so.0 <<<"$libs" || needed+=(libharfbuzz-subset0)
grep -q libfontconfig.so.1 <<<"$libs" || needed+=(libfontconfig1)
grep -q libgobject-2.0.so.0 <<<"$libs" || needed+=(libglib2.0-0)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || needed+=(fonts-dejavu-core)
# Emoji in speaker names and posts (e.g. flags) in ledger PDFs and browser screenshots.
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || needed+=(fonts-noto-color-emoji)
command -v npm >/dev/null || needed+=(npm)  # installs axe-core (package-lock.json) for the accessibility checks
command -v openssl >/dev/null || needed+=(openssl)  # the fetch tests make a throw-away TLS certificate
# The probes (probes/, tests/project/test_probes.py) start a redis-server of their own, to stop it.
command -v redis-server >/dev/null || needed+=(redis-server)

if [ ${#needed[@]} -gt 0 ]; then
  echo "ensure-system-deps: installing ${needed[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
fi
