#!/usr/bin/env bash
# Run Werkstatt with the demo workshop at http://127.0.0.1:8000 (development mode).
# Safe to run again: existing data is kept.
source "$(dirname "$0")/setup.sh"
setup_system
setup_venv ""
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py load_demo
echo
echo "Werkstatt läuft auf http://127.0.0.1:8000/  (Team-Anmeldung: http://127.0.0.1:8000/konto/anmelden/)"
echo "Beenden mit Strg+C."
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
