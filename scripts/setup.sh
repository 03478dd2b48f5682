#!/usr/bin/env bash
# Prepares a fresh machine: the system Chromium, poppler, qpdf, Ghostscript, mupdf and translate-toolkit
# (never a browser download), then the npm packages exactly as locked. Plain bash, because it runs before node_modules exists.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
  || [ -n "${PUPPETEER_EXECUTABLE_PATH:-}" ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || missing+=(qpdf)
command -v gs >/dev/null 2>&1 || missing+=(ghostscript)
# Outside readers the tests judge files with: mupdf (mutool) for PDFs, translate-toolkit for PO/XLIFF.
command -v mutool >/dev/null 2>&1 || missing+=(mupdf-tools)
command -v pofilter >/dev/null 2>&1 || missing+=(translate-toolkit)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
