# Shared set-up for scripts/run.sh and scripts/test.sh (sourced, not run).
# Installs the system packages Werkstatt needs (Debian/Ubuntu: apt-get as root, sudo otherwise),
# a virtual environment in .venv and the project into it. Safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

need_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON="$candidate"; return 0
    fi
  done
  echo "Werkstatt needs Python 3.11 or newer with the venv module (Debian/Ubuntu: python3 python3-venv)." >&2
  exit 1
}

# install_system_packages "why" package... — installs the Debian packages that are missing.
install_system_packages() {
  local why="$1"; shift
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Please install these system packages ($why): $*" >&2
    echo "(On other systems: Pango ≥ 1.44 for WeasyPrint, and Chromium at /usr/bin/chromium for the browser tests.)" >&2
    exit 1
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Please install as root ($why): apt-get install ${missing[*]}" >&2; exit 1
    fi
  fi
  echo "Installing system packages ($why): ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

have_dpkg() { command -v dpkg-query >/dev/null 2>&1; }

setup_system() {
  # WeasyPrint renders the PDF with Pango; DejaVu is a fallback font for symbols.
  if have_dpkg; then
    install_system_packages "PDF export" libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
  elif ! ldconfig -p 2>/dev/null | grep -q libpango-1.0; then
    echo "Please install Pango (≥ 1.44) for the PDF export (WeasyPrint)." >&2; exit 1
  fi
}

setup_venv() {
  local extras="$1"
  need_python
  if [ ! -x .venv/bin/python ]; then
    echo "Creating the virtual environment in .venv"
    "$PYTHON" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
}
