#!/usr/bin/env bash
# Install what the tests need and run the whole suite. Arguments go to pytest.
# DATABASE_URL=postgresql://… runs it on PostgreSQL instead of SQLite.
source "$(dirname "$0")/setup.sh"
setup_system
if have_dpkg; then
  install_system_packages "browser tests" chromium
elif [ ! -x /usr/bin/chromium ] && [ -z "${WERKSTATT_CHROMIUM:-}" ]; then
  echo "Please install Chromium at /usr/bin/chromium (or set WERKSTATT_CHROMIUM) for the browser tests." >&2; exit 1
fi
setup_venv "[dev]"
echo "Database: ${DATABASE_URL:-SQLite}"
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure, not a pass." >&2
  exit 1
fi
exit "$status"
