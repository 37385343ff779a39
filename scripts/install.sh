#!/usr/bin/env bash
# Install everything solieu needs on a fresh Debian machine:
# the Debian packages (when run as root) and the Python package with its test extras.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  tesseract-ocr tesseract-ocr-vie   # OCR of scanned PDFs (language: vie)
  libreoffice-writer-nogui          # .doc files, and the corpus builder's .docx -> .pdf
  poppler-utils                     # pdftoppm: the corpus builder's scanned PDF
  chromium                          # the review.html browser test
  fonts-dejavu-core                 # a font with Vietnamese glyphs for rendered PDFs
)

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "install.sh: not root; skipping Debian packages (${DEBIAN_PACKAGES[*]})" >&2
fi

python3 -m pip install -q --disable-pip-version-check -e ".[test,dask]"
