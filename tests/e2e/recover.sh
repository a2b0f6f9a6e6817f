#!/usr/bin/env bash
# The recover flow in the real kiosk window under Xvfb, driven by touches
# (xdotool) and the demo control API, read back off the screen (tesseract).
# See tests/e2e/recover.py and docs/demo.md.
#
#   tests/e2e/recover.sh [--no-build] [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/install-deps
# Reading the screen: OCR, only this test needs it.
missing=()
for p in tesseract-ocr tesseract-ocr-spa curl python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
exec python3 tests/e2e/recover.py "$@"
